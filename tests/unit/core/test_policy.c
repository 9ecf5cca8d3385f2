#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/policy.h"
#include "lib/err.h"

static void test_r_meta_1_default_is_kumasho_121(void **state)
{
	const struct policy *p = policy_default();

	(void)state;
	assert_non_null(p);
	assert_ptr_equal(p, policy_default());
	assert_string_equal(p->id, "kumasho-121-2020");
	assert_string_equal(p->number, "熊少第121号");
	assert_string_equal(p->title,
			    "サイバーパトロール用スマートフォンの運用管理要領");
	assert_int_equal(p->issued.year, 2020);
	assert_int_equal(p->issued.month, 3);
	assert_int_equal(p->issued.day, 25);
	assert_int_equal(p->expires.year, 2024);
	assert_int_equal(p->expires.month, 3);
	assert_int_equal(p->expires.day, 31);
	assert_int_equal(policy_check(p, NULL, NULL), 0);
}

static void test_r_dev_2_5_default_numbers(void **state)
{
	const struct policy *p = policy_default();

	(void)state;
	assert_int_equal(p->loan_max_months, 12);       /* R-DEV-2 1年 */
	assert_int_equal(p->location_check_months, 1);  /* R-DEV-5 月に1回 */
	assert_int_equal(p->loan_due_soon_days, 30);
	assert_int_equal(p->takeout_grace_minutes, 0);  /* R-DEV-7 */
}

/* R-EXC-3 says "temporarily"/"at once"; 7 days is the policy's number. */
static void test_r_exc_3_default_screenshot_days(void **state)
{
	(void)state;
	assert_int_equal(policy_default()->screenshot_max_days, 7);
}

static void test_r_meta_1_in_force(void **state)
{
	const struct policy *p = policy_default();

	(void)state;
	assert_false(policy_in_force(p, &(struct civil_date){ 2020, 3, 24 }));
	assert_true(policy_in_force(p, &(struct civil_date){ 2020, 3, 25 }));
	assert_true(policy_in_force(p, &(struct civil_date){ 2022, 7, 1 }));
	assert_true(policy_in_force(p, &(struct civil_date){ 2024, 3, 31 }));
	assert_false(policy_in_force(p, &(struct civil_date){ 2024, 4, 1 }));
	assert_false(policy_in_force(p, &(struct civil_date){ 2023, 2, 29 }));
}

/* Breaks one field of a copy of the default; expects that field named. */
static void expect_bad(void (*spoil)(struct policy *), const char *name)
{
	struct policy p = *policy_default();
	const char *field = NULL, *why = NULL;

	spoil(&p);
	assert_int_equal(policy_check(&p, &field, &why), MM_EINVAL);
	assert_string_equal(field, name);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
}

static void empty_id(struct policy *p) { p->id[0] = '\0'; }
static void spaced_id(struct policy *p)
{
	snprintf(p->id, sizeof(p->id), "%s", "kumasho 121");
}
static void unterminated_id(struct policy *p) { memset(p->id, 'a', sizeof(p->id)); }
static void empty_number(struct policy *p) { p->number[0] = '\0'; }
static void bad_utf8_title(struct policy *p)
{
	snprintf(p->title, sizeof(p->title), "%s", "\xff");
}
static void bad_issued(struct policy *p) { p->issued.day = 32; }
static void expiry_before_issue(struct policy *p) { p->expires.year = 2019; }
static void zero_months(struct policy *p) { p->loan_max_months = 0; }
static void many_months(struct policy *p) { p->loan_max_months = 121; }
static void five_month_checks(struct policy *p) { p->location_check_months = 5; }
static void zero_month_checks(struct policy *p) { p->location_check_months = 0; }
static void negative_soon(struct policy *p) { p->loan_due_soon_days = -1; }
static void long_soon(struct policy *p) { p->loan_due_soon_days = 367; }
static void negative_grace(struct policy *p) { p->takeout_grace_minutes = -1; }
static void long_grace(struct policy *p) { p->takeout_grace_minutes = 10081; }
static void negative_shots(struct policy *p) { p->screenshot_max_days = -1; }
static void long_shots(struct policy *p) { p->screenshot_max_days = 367; }

static void test_r_meta_1_check_refuses_bad_fields(void **state)
{
	(void)state;
	expect_bad(empty_id, "id");
	expect_bad(spaced_id, "id");
	expect_bad(unterminated_id, "id");
	expect_bad(empty_number, "number");
	expect_bad(bad_utf8_title, "title");
	expect_bad(bad_issued, "issued");
	expect_bad(expiry_before_issue, "expires");
	expect_bad(zero_months, "loan_max_months");
	expect_bad(many_months, "loan_max_months");
	expect_bad(five_month_checks, "location_check_months");
	expect_bad(zero_month_checks, "location_check_months");
	expect_bad(negative_soon, "loan_due_soon_days");
	expect_bad(long_soon, "loan_due_soon_days");
	expect_bad(negative_grace, "takeout_grace_minutes");
	expect_bad(long_grace, "takeout_grace_minutes");
	expect_bad(negative_shots, "screenshot_max_days");
	expect_bad(long_shots, "screenshot_max_days");
	assert_int_equal(policy_check(NULL, NULL, NULL), MM_EINVAL);
}

static void test_r_meta_1_check_accepts_a_revision(void **state)
{
	struct policy p = *policy_default();

	(void)state;
	snprintf(p.id, sizeof(p.id), "%s", "kumasho-121-2024.r1");
	p.issued = (struct civil_date){ 2024, 4, 1 };
	p.expires = (struct civil_date){ 2024, 4, 1 };  /* one day is valid */
	p.loan_max_months = 120;
	p.location_check_months = 3;
	p.loan_due_soon_days = 0;
	p.takeout_grace_minutes = 10080;
	p.screenshot_max_days = 366;
	assert_int_equal(policy_check(&p, NULL, NULL), 0);
	p.screenshot_max_days = 0;  /* gone the same day */
	assert_int_equal(policy_check(&p, NULL, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_meta_1_default_is_kumasho_121),
		cmocka_unit_test(test_r_dev_2_5_default_numbers),
		cmocka_unit_test(test_r_exc_3_default_screenshot_days),
		cmocka_unit_test(test_r_meta_1_in_force),
		cmocka_unit_test(test_r_meta_1_check_refuses_bad_fields),
		cmocka_unit_test(test_r_meta_1_check_accepts_a_revision),
	};

	return cmocka_run_group_tests_name("core_policy", tests, NULL, NULL);
}
