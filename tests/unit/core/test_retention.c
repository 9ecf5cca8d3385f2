/* test_retention.c - retention arithmetic (R-RET-1..3), with the worked
 * values of japan-notes.md and the boundaries of the year and the
 * fiscal year. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/retention.h"
#include "lib/buf.h"
#include "lib/err.h"

static const struct retention_rule cal1 = { 1, RETENTION_CALENDAR },
				   cal3 = { 3, RETENTION_CALENDAR },
				   fis1 = { 1, RETENTION_FISCAL },
				   fis5 = { 5, RETENTION_FISCAL },
				   perm = { 0, RETENTION_PERMANENT };

static void expect(const struct retention_rule *r, int y, int m, int d,
		   int ey, int em, int ed, int fy, int fm, int fd)
{
	struct civil_date made = { y, m, d }, end, from;

	assert_int_equal(retention_ends(r, &made, &end), 0);
	assert_int_equal(end.year, ey);
	assert_int_equal(end.month, em);
	assert_int_equal(end.day, ed);
	assert_int_equal(retention_disposable_from(r, &made, &from), 0);
	assert_int_equal(from.year, fy);
	assert_int_equal(from.month, fm);
	assert_int_equal(from.day, fd);
	/* Due from that day on, not the day before (R-RET-2). */
	assert_int_equal(retention_due(r, &made, &end), 0);
	assert_int_equal(retention_due(r, &made, &from), 1);
}

/* The table "Worked values" of japan-notes.md, row by row. */
static void test_r_ret_1_worked_values(void **state)
{
	(void)state;
	expect(&cal1, 2025, 6, 15, 2026, 12, 31, 2027, 1, 1);
	expect(&cal3, 2025, 6, 15, 2028, 12, 31, 2029, 1, 1);
	expect(&cal1, 2025, 12, 31, 2026, 12, 31, 2027, 1, 1);
	expect(&cal1, 2026, 1, 1, 2027, 12, 31, 2028, 1, 1);
	expect(&fis1, 2025, 6, 15, 2027, 3, 31, 2027, 4, 1);
	expect(&fis1, 2026, 3, 31, 2027, 3, 31, 2027, 4, 1);
	expect(&fis1, 2026, 4, 1, 2028, 3, 31, 2028, 4, 1);
	expect(&fis5, 2011, 10, 3, 2017, 3, 31, 2017, 4, 1);
}

/* 31 December and 1 January one day apart land a whole year apart. */
static void test_r_ret_1_calendar_year_boundary(void **state)
{
	(void)state;
	expect(&cal1, 2024, 12, 31, 2025, 12, 31, 2026, 1, 1);
	expect(&cal1, 2025, 1, 1, 2026, 12, 31, 2027, 1, 1);
	/* Form 2, the lending register: 3 years (暦年). */
	expect(&cal3, 2025, 12, 31, 2028, 12, 31, 2029, 1, 1);
	expect(&cal3, 2026, 1, 1, 2029, 12, 31, 2030, 1, 1);
}

/* 31 March belongs to the fiscal year before, 1 April to the next. */
static void test_r_ret_1_fiscal_year_boundary(void **state)
{
	(void)state;
	expect(&fis1, 2025, 3, 31, 2026, 3, 31, 2026, 4, 1);
	expect(&fis1, 2025, 4, 1, 2027, 3, 31, 2027, 4, 1);
	expect(&fis1, 2026, 1, 1, 2027, 3, 31, 2027, 4, 1);
	expect(&fis1, 2025, 12, 31, 2027, 3, 31, 2027, 4, 1);
}

/* A leap day as the base date counts like any other day of its year;
 * the end never falls on a 29 February. */
static void test_r_ret_1_leap_days(void **state)
{
	struct civil_date bad = { 2025, 2, 29 }, end;

	(void)state;
	expect(&cal1, 2024, 2, 29, 2025, 12, 31, 2026, 1, 1);
	expect(&fis1, 2024, 2, 29, 2025, 3, 31, 2025, 4, 1);
	expect(&fis1, 2028, 2, 29, 2029, 3, 31, 2029, 4, 1);
	assert_int_equal(retention_ends(&cal1, &bad, &end), MM_EINVAL);
	assert_int_equal(retention_due(&cal1, &bad, &bad), MM_EINVAL);
}

static void test_r_ret_2_permanent_never_due(void **state)
{
	struct civil_date made = { 2000, 1, 1 }, today = { 9999, 12, 31 },
			  end = { 1, 1, 1 };

	(void)state;
	assert_int_equal(retention_due(&perm, &made, &today), 0);
	assert_int_equal(retention_ends(&perm, &made, &end), MM_EINVAL);
	assert_int_equal(end.year, 1); /* untouched */
}

static void test_r_ret_3_rule_validity(void **state)
{
	struct civil_date made = { 9990, 6, 1 }, end;
	struct retention_rule r;

	(void)state;
	assert_true(retention_rule_valid(&cal1));
	assert_true(retention_rule_valid(&perm));
	r = (struct retention_rule){ 0, RETENTION_CALENDAR };
	assert_false(retention_rule_valid(&r));
	r = (struct retention_rule){ 101, RETENTION_FISCAL };
	assert_false(retention_rule_valid(&r));
	r = (struct retention_rule){ 1, RETENTION_PERMANENT };
	assert_false(retention_rule_valid(&r));
	r = (struct retention_rule){ 1, (enum retention_basis)7 };
	assert_false(retention_rule_valid(&r));
	/* An end past 9999 is refused, not wrapped. */
	r = (struct retention_rule){ 10, RETENTION_CALENDAR };
	assert_int_equal(retention_ends(&r, &made, &end), MM_EINVAL);
}

static void test_r_ret_3_format_and_keys(void **state)
{
	struct buf b;
	enum retention_basis k;

	(void)state;
	buf_init(&b, 256);
	assert_int_equal(retention_format(&cal3, &b), 0);
	assert_string_equal(buf_cstr(&b), "3年（暦年）");
	buf_reset(&b);
	assert_int_equal(retention_format(&fis1, &b), 0);
	assert_string_equal(buf_cstr(&b), "1年（年度）");
	buf_reset(&b);
	assert_int_equal(retention_format(&perm, &b), 0);
	assert_string_equal(buf_cstr(&b), "常用");
	buf_release(&b);
	assert_string_equal(retention_basis_key(RETENTION_FISCAL), "fiscal");
	assert_int_equal(retention_basis_from_key("calendar", &k), 0);
	assert_int_equal(k, RETENTION_CALENDAR);
	assert_int_equal(retention_basis_from_key("暦年", &k), MM_EINVAL);
	assert_int_equal(retention_basis_from_key(NULL, &k), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_ret_1_worked_values),
		cmocka_unit_test(test_r_ret_1_calendar_year_boundary),
		cmocka_unit_test(test_r_ret_1_fiscal_year_boundary),
		cmocka_unit_test(test_r_ret_1_leap_days),
		cmocka_unit_test(test_r_ret_2_permanent_never_due),
		cmocka_unit_test(test_r_ret_3_rule_validity),
		cmocka_unit_test(test_r_ret_3_format_and_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
