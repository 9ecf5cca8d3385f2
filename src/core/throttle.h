/*
 * throttle.h - who may try a password now: the login throttle's rules
 * (ASVS 4.0 2.2.1 / ASVS 5.0 6.3.1 anti-automation; NIST SP 800-63B
 * 5.2.2 rate limiting).  Pure; no I/O.  The store counts the failed
 * logins (store_login_failures), app/auth.c asks login_throttle() before
 * every password check.
 *
 * "Address" is the client's address (behind nginx: the X-Forwarded-For
 * address of a trusted proxy, http/forwarded.h), "account" the login
 * name as typed.  Only failures within the window count.  A refused
 * attempt tests no password and is not counted, so a refusal ends when
 * failures leave the window, not later.  Three budgets, kept apart so
 * that one address cannot lock everyone out and an attacker cannot lock
 * out the owner of an account:
 *
 *  1. per address: per_address failures from one address (any accounts,
 *     also unknown ones) and that address is refused for every account.
 *     Stops one machine from spraying guesses across all accounts, and
 *     touches no one else.
 *  2. per account and address: per_account_address failures on one
 *     account from one address and that address is refused for that
 *     account.  The old "lock the account" rule, now confined to the
 *     address that failed: the owner at another desk is not locked out.
 *  3. per account, from all addresses: once the account has
 *     account_slow_after failures in the window, an address that has
 *     itself failed on it waits, after its own newest failure there,
 *     slow_down_secs doubled for every further failure of the account
 *     (capped at the window) before it may try again.  Guessing from many
 *     addresses is thus slowed to about one try per address per window,
 *     while an address with no failure on the account (the owner's
 *     desk) still logs in at once: slowed, never locked.
 *
 * The numbers are the operator's ([login] of the configuration file);
 * their defaults and the reasons for them are in lib/config.c.
 */
#ifndef MM_CORE_THROTTLE_H
#define MM_CORE_THROTTLE_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>

struct login_limits {
	int64_t window_secs;        /* failures older than this are ignored */
	int per_address;            /* rule 1 */
	int per_account_address;    /* rule 2 */
	int account_slow_after;     /* rule 3: failures before slowing */
	int64_t slow_down_secs;     /* rule 3: first delay; 0 turns it off */
};

/* Failed logins within the window, as the store counts them. */
struct login_counts {
	int64_t by_address;         /* from this address, any account */
	int64_t address_oldest_at;  /* the oldest of those (0: none) */
	int64_t by_pair;            /* on this account from this address */
	int64_t pair_oldest_at;     /* the oldest of those (0: none) */
	int64_t pair_newest_at;     /* the newest of those (0: none) */
	int64_t by_account;         /* on this account from all addresses */
};

enum login_verdict {
	LOGIN_TRY = 0,              /* check the password */
	LOGIN_REFUSED_ADDRESS,      /* rule 1 */
	LOGIN_REFUSED_ACCOUNT,      /* rule 2 */
	LOGIN_SLOWED,               /* rule 3 */
};

/*
 * login_throttle - the verdict for an attempt at time now given the
 * counts; *retry_after (may be NULL) gets the seconds until a refused
 * address may try again (at least 1), or 0 for LOGIN_TRY.  Rules are
 * checked in the order above; a limit of 0 or less turns its rule off.
 */
enum login_verdict login_throttle(const struct login_limits *l,
				  const struct login_counts *c, int64_t now,
				  int64_t *retry_after);

/*
 * login_slow_down - rule 3's delay for an account with by_account
 * failures in the window (0 below account_slow_after).
 */
int64_t login_slow_down(const struct login_limits *l, int64_t by_account);

#endif
