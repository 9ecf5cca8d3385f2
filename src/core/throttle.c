#include "throttle.h"

#include <stddef.h>

#include "../lib/banned.h"

int64_t login_slow_down(const struct login_limits *l, int64_t by_account)
{
	int64_t d = l->slow_down_secs;
	int64_t cap = l->window_secs > 0 ? l->window_secs : d;

	if (d <= 0 || l->account_slow_after <= 0 ||
	    by_account < l->account_slow_after)
		return 0;
	/* Doubling stops at the cap: a few rounds whatever by_account is. */
	for (int64_t i = l->account_slow_after; i < by_account && d < cap; i++)
		d *= 2;
	return d < cap ? d : cap;
}

/* Seconds until `at` (at least 1: a refusal never says "now"). */
static int64_t until(int64_t at, int64_t now, int64_t window)
{
	int64_t wait = at - now;

	if (window > 0 && wait > window)
		wait = window;
	return wait < 1 ? 1 : wait;
}

enum login_verdict login_throttle(const struct login_limits *l,
				  const struct login_counts *c, int64_t now,
				  int64_t *retry_after)
{
	enum login_verdict v = LOGIN_TRY;
	int64_t wait = 0;
	int64_t slow;

	if (l->per_address > 0 && c->by_address >= l->per_address) {
		v = LOGIN_REFUSED_ADDRESS;
		wait = until(c->address_oldest_at + l->window_secs, now,
			     l->window_secs);
	} else if (l->per_account_address > 0 &&
		   c->by_pair >= l->per_account_address) {
		v = LOGIN_REFUSED_ACCOUNT;
		wait = until(c->pair_oldest_at + l->window_secs, now,
			     l->window_secs);
	} else if (c->by_pair > 0 &&
		   (slow = login_slow_down(l, c->by_account)) > 0 &&
		   now < c->pair_newest_at + slow) {
		/* Rule 3 binds only addresses that failed on the account. */
		v = LOGIN_SLOWED;
		wait = until(c->pair_newest_at + slow, now, l->window_secs);
	}
	if (retry_after)
		*retry_after = wait;
	return v;
}
