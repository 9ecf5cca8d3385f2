/*
 * test_throttle.c - login_throttle(): three budgets (per address, per
 * account and address, a slow-down per account), ASVS 2.2.1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/throttle.h"

#define NOW 1000000

static const struct login_limits lim = {
	.window_secs = 900, .per_address = 20, .per_account_address = 5,
	.account_slow_after = 5, .slow_down_secs = 30,
};

static void test_clean_address_may_try(void **state)
{
	struct login_counts c = { 0 };
	int64_t wait = -1;
	(void)state;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_TRY);
	assert_int_equal(wait, 0);
	assert_int_equal(login_throttle(&lim, &c, NOW, NULL), LOGIN_TRY);
}

static void test_address_budget_refuses_every_account(void **state)
{
	struct login_counts c = { .by_address = 19, .address_oldest_at = NOW - 600 };
	int64_t wait = 0;
	(void)state;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_TRY);
	c.by_address = 20;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_REFUSED_ADDRESS);
	/* Until the oldest failure leaves the window. */
	assert_int_equal(wait, 300);
	c.address_oldest_at = NOW - 900;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_REFUSED_ADDRESS);
	assert_int_equal(wait, 1);
}

static void test_account_address_budget(void **state)
{
	struct login_counts c = { .by_address = 5, .address_oldest_at = NOW - 100,
		.by_pair = 4, .pair_oldest_at = NOW - 100, .pair_newest_at = NOW - 10,
		.by_account = 4 };
	int64_t wait = 0;
	(void)state;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_TRY);
	c.by_pair = 5;
	c.by_account = 5;
	c.pair_newest_at = NOW - 10;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_REFUSED_ACCOUNT);
	assert_int_equal(wait, 800);
}

static void test_slow_down_doubles_and_is_capped(void **state)
{
	(void)state;
	assert_int_equal(login_slow_down(&lim, 0), 0);
	assert_int_equal(login_slow_down(&lim, 4), 0);
	assert_int_equal(login_slow_down(&lim, 5), 30);
	assert_int_equal(login_slow_down(&lim, 6), 60);
	assert_int_equal(login_slow_down(&lim, 7), 120);
	assert_int_equal(login_slow_down(&lim, 9), 480);
	assert_int_equal(login_slow_down(&lim, 10), 900);
	assert_int_equal(login_slow_down(&lim, 1000000), 900);
	assert_int_equal(login_slow_down(&lim, INT64_MAX), 900);
}

/* The owner at a desk with no failure on the account is never slowed. */
static void test_account_under_attack_slows_only_failed_addresses(void **state)
{
	struct login_counts owner = { .by_account = 500 };
	struct login_counts typo = { .by_address = 1, .address_oldest_at = NOW - 20,
		.by_pair = 1, .pair_oldest_at = NOW - 20, .pair_newest_at = NOW - 20,
		.by_account = 7 };
	int64_t wait = 0;
	(void)state;
	assert_int_equal(login_throttle(&lim, &owner, NOW, &wait), LOGIN_TRY);
	/* 7 failures on the account: 120 s after this address's own newest. */
	assert_int_equal(login_throttle(&lim, &typo, NOW, &wait), LOGIN_SLOWED);
	assert_int_equal(wait, 100);
	assert_int_equal(login_throttle(&lim, &typo, NOW + 99, &wait), LOGIN_SLOWED);
	assert_int_equal(wait, 1);
	assert_int_equal(login_throttle(&lim, &typo, NOW + 100, &wait), LOGIN_TRY);
	/* Below the account threshold there is no slow-down. */
	typo.by_account = 4;
	assert_int_equal(login_throttle(&lim, &typo, NOW, &wait), LOGIN_TRY);
}

/* Slowed, never locked: the wait is at most the window. */
static void test_slow_down_never_exceeds_the_window(void **state)
{
	struct login_counts c = { .by_address = 1, .address_oldest_at = NOW - 1,
		.by_pair = 1, .pair_oldest_at = NOW - 1, .pair_newest_at = NOW - 1,
		.by_account = 100000 };
	int64_t wait = 0;
	(void)state;
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_SLOWED);
	assert_int_equal(wait, 899);
	assert_int_equal(login_throttle(&lim, &c, NOW - 1 + 900, &wait), LOGIN_TRY);
}

static void test_rules_off_and_order(void **state)
{
	struct login_limits off = lim;
	struct login_counts c = { .by_address = 50, .address_oldest_at = NOW - 10,
		.by_pair = 50, .pair_oldest_at = NOW - 20, .pair_newest_at = NOW,
		.by_account = 50 };
	int64_t wait = 0;
	(void)state;
	/* The address rule comes first. */
	assert_int_equal(login_throttle(&lim, &c, NOW, &wait), LOGIN_REFUSED_ADDRESS);
	off.per_address = 0;
	assert_int_equal(login_throttle(&off, &c, NOW, &wait), LOGIN_REFUSED_ACCOUNT);
	assert_int_equal(wait, 880);
	off.per_account_address = 0;
	assert_int_equal(login_throttle(&off, &c, NOW, &wait), LOGIN_SLOWED);
	off.slow_down_secs = 0;
	assert_int_equal(login_throttle(&off, &c, NOW, &wait), LOGIN_TRY);
	assert_int_equal(wait, 0);
	/* A first delay above the window is cut to the window. */
	off = lim;
	off.slow_down_secs = 5000;
	assert_int_equal(login_slow_down(&off, 5), 900);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_address_may_try),
		cmocka_unit_test(test_address_budget_refuses_every_account),
		cmocka_unit_test(test_account_address_budget),
		cmocka_unit_test(test_slow_down_doubles_and_is_capped),
		cmocka_unit_test(test_account_under_attack_slows_only_failed_addresses),
		cmocka_unit_test(test_slow_down_never_exceeds_the_window),
		cmocka_unit_test(test_rules_off_and_order),
	};
	return cmocka_run_group_tests_name("core/throttle", tests, NULL, NULL);
}
