#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/civil.h"
#include "lib/err.h"

static void expect_eq(const struct civil_date *d, int y, int m, int day)
{
	assert_int_equal(d->year, y);
	assert_int_equal(d->month, m);
	assert_int_equal(d->day, day);
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(civil_days_in_month(2024, 2), 29);
	assert_int_equal(civil_days_in_month(2025, 2), 28);
	assert_int_equal(civil_days_in_month(1900, 2), 28);
	assert_int_equal(civil_days_in_month(2000, 2), 29);
	assert_int_equal(civil_days_in_month(2025, 4), 30);
	assert_int_equal(civil_days_in_month(2025, 12), 31);
	assert_int_equal(civil_days_in_month(2025, 0), 0);
	assert_int_equal(civil_days_in_month(2025, 13), 0);
}

static void test_compare(void **state)
{
	struct civil_date a = { 2024, 2, 29 }, b = { 2024, 3, 1 },
			  c = { 2025, 1, 1 }, d = { 2024, 2, 29 };

	(void)state;
	assert_int_equal(civil_compare(&a, &b), -1);
	assert_int_equal(civil_compare(&b, &a), 1);
	assert_int_equal(civil_compare(&a, &d), 0);
	assert_int_equal(civil_compare(&c, &b), 1);
	assert_int_equal(civil_compare(&a, &c), -1);
}

static void test_days_round_trip(void **state)
{
	struct civil_date epoch = { 1970, 1, 1 }, d, first = { 1, 1, 1 },
			  last = { 9999, 12, 31 };

	(void)state;
	assert_int_equal(civil_to_days(&epoch), 0);
	assert_int_equal(civil_to_days(&(struct civil_date){ 2000, 3, 1 }),
			 11017);
	assert_int_equal(civil_to_days(&first), -719162);
	assert_int_equal(civil_to_days(&last), 2932896);
	/* Every day of a leap cycle and around era boundaries survives. */
	for (int64_t n = -800000; n <= 3000000; n += 997) {
		if (civil_from_days(n, &d) < 0)
			continue;
		assert_true(civil_valid(&d));
		assert_int_equal(civil_to_days(&d), n);
	}
	assert_int_equal(civil_from_days(-719163, &d), MM_EINVAL);
	assert_int_equal(civil_from_days(2932897, &d), MM_EINVAL);
}

static void test_days_between(void **state)
{
	struct civil_date a = { 2024, 2, 28 }, b = { 2024, 3, 1 };
	struct civil_date bad = { 2025, 2, 29 };
	int64_t n = 99;

	(void)state;
	assert_int_equal(civil_days_between(&a, &b, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(civil_days_between(&b, &a, &n), 0);
	assert_int_equal(n, -2);
	assert_int_equal(civil_days_between(&a, &a, &n), 0);
	assert_int_equal(n, 0);
	n = 99;
	assert_int_equal(civil_days_between(&a, &bad, &n), MM_EINVAL);
	assert_int_equal(n, 99);
}

static void test_add_days(void **state)
{
	struct civil_date d = { 2024, 12, 31 }, r = { 0, 0, 0 };

	(void)state;
	assert_int_equal(civil_add_days(&d, 1, &r), 0);
	expect_eq(&r, 2025, 1, 1);
	assert_int_equal(civil_add_days(&(struct civil_date){ 2024, 3, 1 }, -1,
					&r), 0);
	expect_eq(&r, 2024, 2, 29);
	assert_int_equal(civil_add_days(&d, 30, &r), 0);
	expect_eq(&r, 2025, 1, 30);
	r = (struct civil_date){ 1, 2, 3 };
	assert_int_equal(civil_add_days(&(struct civil_date){ 9999, 12, 31 },
					1, &r), MM_EINVAL);
	expect_eq(&r, 1, 2, 3);
	assert_int_equal(civil_add_days(&(struct civil_date){ 2025, 2, 30 },
					1, &r), MM_EINVAL);
	assert_int_equal(civil_add_days(&d, INT64_MAX, &r), MM_EINVAL);
	assert_int_equal(civil_add_days(&d, INT64_MIN, &r), MM_EINVAL);
}

static void test_add_months_clamps_to_month_end(void **state)
{
	static const struct {
		struct civil_date from;
		int months;
		struct civil_date want;
	} t[] = {
		{ { 2024, 1, 31 }, 1, { 2024, 2, 29 } },
		{ { 2025, 1, 31 }, 1, { 2025, 2, 28 } },
		{ { 2024, 3, 31 }, -1, { 2024, 2, 29 } },
		{ { 2024, 12, 15 }, 1, { 2025, 1, 15 } },
		{ { 2025, 1, 15 }, -1, { 2024, 12, 15 } },
		{ { 2024, 5, 31 }, 13, { 2025, 6, 30 } },
		{ { 2024, 2, 29 }, 12, { 2025, 2, 28 } },
		{ { 2024, 2, 29 }, 48, { 2028, 2, 29 } },
		{ { 2025, 4, 1 }, 0, { 2025, 4, 1 } },
	};
	struct civil_date r;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(civil_add_months(&t[i].from, t[i].months, &r),
				 0);
		expect_eq(&r, t[i].want.year, t[i].want.month, t[i].want.day);
	}
	assert_int_equal(civil_add_months(&(struct civil_date){ 9999, 12, 1 },
					  1, &r), MM_EINVAL);
	assert_int_equal(civil_add_months(&(struct civil_date){ 1, 1, 1 },
					  -1, &r), MM_EINVAL);
	assert_int_equal(civil_add_months(&(struct civil_date){ 2025, 13, 1 },
					  1, &r), MM_EINVAL);
}

static void test_add_years_leap_day(void **state)
{
	struct civil_date leap = { 2024, 2, 29 }, r;

	(void)state;
	assert_int_equal(civil_add_years(&leap, 1, &r), 0);
	expect_eq(&r, 2025, 2, 28);
	assert_int_equal(civil_add_years(&leap, 4, &r), 0);
	expect_eq(&r, 2028, 2, 29);
	assert_int_equal(civil_add_years(&leap, -1, &r), 0);
	expect_eq(&r, 2023, 2, 28);
	assert_int_equal(civil_add_years(&leap, 8000, &r), MM_EINVAL);
	assert_int_equal(civil_add_years(&leap, 2000000000, &r), MM_EINVAL);
}

static void test_month_index(void **state)
{
	(void)state;
	assert_int_equal(civil_month_index(&(struct civil_date){ 2025, 1, 31 }) -
			 civil_month_index(&(struct civil_date){ 2024, 12, 1 }),
			 1);
	assert_int_equal(civil_month_index(&(struct civil_date){ 2025, 1, 1 }),
			 2025 * 12);
}

static void test_format_iso(void **state)
{
	char out[11];
	char small[10] = "xxxxxxxxx";

	(void)state;
	assert_int_equal(civil_format_iso(&(struct civil_date){ 2025, 4, 1 },
					  out, sizeof(out)), 0);
	assert_string_equal(out, "2025-04-01");
	assert_int_equal(civil_format_iso(&(struct civil_date){ 25, 4, 1 },
					  out, sizeof(out)), 0);
	assert_string_equal(out, "0025-04-01");
	assert_int_equal(civil_format_iso(&(struct civil_date){ 2025, 4, 1 },
					  small, sizeof(small)), MM_EOVERFLOW);
	assert_string_equal(small, "");
	assert_int_equal(civil_format_iso(&(struct civil_date){ 2025, 4, 31 },
					  out, sizeof(out)), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_days_between),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_add_months_clamps_to_month_end),
		cmocka_unit_test(test_add_years_leap_day),
		cmocka_unit_test(test_month_index),
		cmocka_unit_test(test_format_iso),
	};

	return cmocka_run_group_tests_name("core_civil", tests, NULL, NULL);
}
