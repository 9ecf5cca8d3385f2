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

/* ---- the policy file (R-META-1) ---- */

static void test_r_meta_1_first_version_file(void **state)
{
	const struct policy *p = policy_default();
	struct retention_rule r;
	size_t len;
	struct policy q;
	struct policy_error err;
	const char *text = policy_default_text(&len);

	(void)state;
	assert_int_equal(policy_parse(text, len, &q, &err), 0);
	assert_memory_equal(&q, p, sizeof q);
	assert_string_equal(p->number, "熊少第121号");
	assert_int_equal(p->effective_from.year, 2020);
	assert_int_equal(p->expires.year, 2024);
	assert_int_equal(p->expires.month, 3);
	assert_int_equal(p->expires.day, 31);
	assert_int_equal(p->photo_max, 5);             /* R-PHOTO-3 */
	assert_int_equal(p->loan_max_months, 12);      /* R-DEV-2 */
	assert_int_equal(p->location_check_months, 1); /* R-DEV-5 */
	assert_int_equal(p->screenshot_max_days, 7);   /* R-EXC-3 */
	for (size_t i = 0; i < POLICY_DOCTYPES; i++) {
		assert_int_equal(policy_retention_rule(p, policy_doctype_keys[i],
						       &r), 0);
		assert_int_equal(r.years, i == 1 ? 3 : 1); /* R-RET-1 */
		assert_int_equal(r.basis, RETENTION_CALENDAR);
		/* R-RET-3: the detail forms' periods are assumed */
		assert_int_equal(policy_retention_assumed(p,
			policy_doctype_keys[i]), i >= 5);
	}
	assert_int_equal(policy_retention_rule(p, "form9", &r), MM_ENOTFOUND);
	assert_int_equal(p->nforms, 5);
	assert_int_equal(p->forms[1].number, 2);
	assert_string_equal(p->forms[1].name,
			    "サイバーパトロール用スマートフォン貸出管理簿");
}

/* The first version's text with one line replaced (or dropped: to ""). */
static int parse_with(const char *from, const char *to, struct policy *q,
		      struct policy_error *err)
{
	size_t len;
	const char *text = policy_default_text(&len);
	const char *at = strstr(text, from);
	char buf[8192];
	int n;

	assert_non_null(at);
	n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - text), text, to,
		     at + strlen(from));
	assert_true(n > 0 && (size_t)n < sizeof buf);
	return policy_parse(buf, (size_t)n, q, err);
}

static void expect_refused(const char *from, const char *to, int line,
			   const char *where)
{
	struct policy q;
	struct policy_error err;
	char msg[256];

	memset(&q, 0x55, sizeof q);
	assert_int_equal(parse_with(from, to, &q, &err), MM_EINVAL);
	policy_error_format(&err, msg, sizeof msg);
	if (line >= 0 && err.line != line)
		fail_msg("%s -> %s: line %d, want %d (%s)", from, to, err.line,
			 line, msg);
	if (where && strcmp(err.where, where))
		fail_msg("%s -> %s: where '%s', want '%s'", from, to, err.where,
			 where);
	assert_non_null(err.why);
	/* nothing half-loaded */
	assert_int_equal(q.photo_max, 0);
	assert_int_equal(q.id[0], 0);
}

static void test_r_meta_1_parse_refuses_bad_files(void **state)
{
	(void)state;
	expect_refused("photo_max = 5", "photo_max = 0", 30, "[limits] photo_max");
	expect_refused("photo_max = 5", "photo_max = 21", 30, NULL);
	expect_refused("photo_max = 5", "photo_max = five", 30, NULL);
	expect_refused("photo_max = 5", "photo_max = -1", 30, NULL);
	expect_refused("photo_max = 5", "photo_max = 5 5", 30, NULL);
	expect_refused("photo_max = 5", "", 0, "[limits] photo_max");
	expect_refused("photo_max = 5", "photo_max = 5\nphoto_max = 5", 31,
		       "[limits] photo_max");
	expect_refused("photo_max = 5", "photo_mx = 5", 30, "[limits] photo_mx");
	expect_refused("loan_max_months = 12", "loan_max_months = 121", -1,
		       "[limits] loan_max_months");
	expect_refused("location_check_months = 1", "location_check_months = 5",
		       -1, "[limits] location_check_months");
	expect_refused("screenshot_max_days = 7", "screenshot_max_days = 400",
		       -1, NULL);
	expect_refused("issued = 2020-03-25", "issued = 2020-02-30", -1,
		       "[directive] issued");
	expect_refused("issued = 2020-03-25", "issued = 令和2年3月25日", -1, NULL);
	expect_refused("expires = 2024-03-31", "expires = 2019-03-31", 0,
		       "[directive] expires");
	expect_refused("effective_from = 2020-03-25",
		       "effective_from = 2025-01-01", 0,
		       "[directive] effective_from");
	expect_refused("id = kumasho-121-2020", "id = 熊少", -1,
		       "[directive] id");
	expect_refused("number = 熊少第121号", "number =", -1,
		       "[directive] number");
	expect_refused("form2 = 3 calendar", "form2 = 3 years", -1,
		       "[retention] form2");
	expect_refused("form2 = 3 calendar", "form2 = 0 calendar", -1, NULL);
	expect_refused("form2 = 3 calendar", "form2 = 3 calendar maybe", -1,
		       NULL);
	expect_refused("form2 = 3 calendar", "", 0, "[retention] form2");
	expect_refused("form2 = 3 calendar", "form7 = 3 calendar", -1,
		       "[retention] form7");
	expect_refused("1 = 交信担当者指定簿", "x = 交信担当者指定簿", -1,
		       "[forms] x");
	expect_refused("2 = サイバー", "1 = サイバー", -1, "[forms] 1");
	expect_refused("[forms]", "[extra]", -1, "[extra]");
	expect_refused("[limits]", "limits", -1, NULL);
}

static void test_r_meta_1_parse_refuses_bad_bytes(void **state)
{
	struct policy q;
	struct policy_error err;
	char text[512];

	(void)state;
	assert_int_equal(policy_parse("", 0, &q, &err), MM_EINVAL);
	assert_non_null(err.why);
	assert_int_equal(policy_parse("a\0b", 3, &q, &err), MM_EINVAL);
	assert_int_equal(policy_parse("[directive]\nid = \xff\n", 17, &q,
				      &err), MM_EINVAL);
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	assert_int_equal(policy_parse(text, strlen(text), &q, &err), MM_EINVAL);
	assert_int_equal(err.line, 1);
}

static void test_r_meta_1_parse_accepts_a_revision(void **state)
{
	struct policy q;
	struct policy_error err;

	(void)state;
	assert_int_equal(parse_with("photo_max = 5", "photo_max = 3", &q, &err),
			 0);
	assert_int_equal(q.photo_max, 3);
	assert_int_equal(parse_with("form2 = 3 calendar", "form2 = permanent",
				    &q, &err), 0);
	assert_int_equal(q.retention[1].rule.basis, RETENTION_PERMANENT);
}

static void test_r_meta_1_expiry_warning(void **state)
{
	const struct policy *p = policy_default();
	struct civil_date d = { 2024, 1, 1 }, far = { 2023, 12, 31 };
	int64_t days = 0;

	(void)state;
	assert_int_equal(policy_expiry_warning(p, &d, &days), 1);
	assert_int_equal(days, 90);
	assert_int_equal(policy_expiry_warning(p, &far, &days), 0);
	d = (struct civil_date){ 2024, 4, 1 };
	assert_int_equal(policy_expiry_warning(p, &d, &days), 1);
	assert_int_equal(days, -1);
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
		cmocka_unit_test(test_r_meta_1_first_version_file),
		cmocka_unit_test(test_r_meta_1_parse_refuses_bad_files),
		cmocka_unit_test(test_r_meta_1_parse_refuses_bad_bytes),
		cmocka_unit_test(test_r_meta_1_parse_accepts_a_revision),
		cmocka_unit_test(test_r_meta_1_expiry_warning),
	};

	return cmocka_run_group_tests_name("core_policy", tests, NULL, NULL);
}
