/* test_doctype.c - the document types, their rules through doctype_rule
 * and due-ness at the boundaries (R-RET-1..3): made on 31 December or
 * 1 January, a leap day, and 31 March / 1 April for fiscal rules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/doctype.h"
#include "core/policy.h"
#include "lib/err.h"

static void rule_is(const char *key, int years)
{
	struct retention_rule r = { 0, RETENTION_PERMANENT };

	assert_int_equal(doctype_rule(NULL, key, &r), 0);
	assert_int_equal(r.years, years);
	assert_int_equal(r.basis, RETENTION_CALENDAR);
}

/* The first directive (moved here from test_retention's classes)'s table of 第5; detail forms 1年 until stated. */
static void test_r_ret_1_rules_of_the_directive(void **state)
{
	const char *keys[] = { "form1", "form2", "form3", "form4", "form5",
			       "detail1", "detail5", "detail6", "detail9",
			       "detail12" };
	struct retention_rule r;
	size_t n = 0;

	(void)state;
	rule_is("form2", 3);
	rule_is("form1", 1);
	rule_is("form3", 1);
	rule_is("form4", 1);
	rule_is("form5", 1);
	rule_is("detail12", 1);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		assert_non_null(doctype_find(keys[i]));
		assert_int_equal(doctype_rule(NULL, keys[i], &r), 0);
		assert_true(retention_rule_valid(&r));
	}
	for (const struct doctype *t = doctypes; t->key; t++)
		n++;
	assert_int_equal(n, sizeof keys / sizeof keys[0]);
	assert_true(doctype_find("form1")->is_register);
	assert_true(doctype_find("form2")->is_register);
	assert_false(doctype_find("form3")->is_register);
	assert_string_equal(doctype_find("form2")->name, "貸出管理簿");
	assert_null(doctype_find("form6"));
	assert_null(doctype_find(NULL));
	assert_int_equal(doctype_rule(NULL, "form6", &r), MM_EINVAL);
	assert_int_equal(doctype_rule(NULL, NULL, &r), MM_EINVAL);
}

static void due(const char *key, int y, int m, int d, int ty, int tm, int td,
		int expect)
{
	struct civil_date base = { y, m, d }, today = { ty, tm, td };

	assert_int_equal(doctype_due(NULL, key, &base, &today, NULL), expect);
}

/* 31 December and 1 January: one day apart, a year apart in disposal. */
static void test_r_ret_2_due_at_the_year_boundary(void **state)
{
	struct civil_date base = { 2024, 12, 31 }, today = { 2025, 1, 1 },
			  from;

	(void)state;
	assert_int_equal(doctype_due(NULL, "form3", &base, &today, &from), 0);
	assert_int_equal(from.year, 2026);
	assert_int_equal(from.month, 1);
	assert_int_equal(from.day, 1);
	due("form3", 2024, 12, 31, 2025, 12, 31, 0);
	due("form3", 2024, 12, 31, 2026, 1, 1, 1);
	due("form3", 2025, 1, 1, 2026, 1, 1, 0);
	due("form3", 2025, 1, 1, 2026, 12, 31, 0);
	due("form3", 2025, 1, 1, 2027, 1, 1, 1);
	/* form 2: 3 years */
	due("form2", 2024, 12, 31, 2027, 12, 31, 0);
	due("form2", 2024, 12, 31, 2028, 1, 1, 1);
}

/* A leap day as base date, and as today. */
static void test_r_ret_2_leap_day(void **state)
{
	(void)state;
	due("form4", 2024, 2, 29, 2025, 12, 31, 0);
	due("form4", 2024, 2, 29, 2026, 1, 1, 1);
	due("form4", 2027, 2, 28, 2028, 2, 29, 0);
	due("form1", 2026, 12, 31, 2028, 2, 29, 1);
	{
		struct civil_date bad = { 2025, 2, 29 }, today = { 2030, 1, 1 };

		assert_int_equal(doctype_due(NULL, "form4", &bad, &today, NULL),
				 MM_EINVAL);
		assert_int_equal(doctype_due(NULL, "nope", &today, &today, NULL),
				 MM_EINVAL);
	}
}

/*
 * 31 March / 1 April: no boundary for the calendar rules of the types
 * (both in the same year), a whole fiscal year for a 年度 rule (the
 * arithmetic doctype_due uses, retention.c).
 */
static void test_r_ret_1_fiscal_boundary(void **state)
{
	const struct retention_rule fis1 = { 1, RETENTION_FISCAL };
	struct civil_date mar31 = { 2025, 3, 31 }, apr1 = { 2025, 4, 1 },
			  d1 = { 2026, 4, 1 }, d2 = { 2027, 4, 1 },
			  d0 = { 2026, 3, 31 };

	(void)state;
	due("form3", 2025, 3, 31, 2026, 1, 1, 0);
	due("form3", 2025, 3, 31, 2027, 1, 1, 1);
	due("form3", 2025, 4, 1, 2027, 1, 1, 1);
	assert_int_equal(retention_due(&fis1, &mar31, &d0), 0);
	assert_int_equal(retention_due(&fis1, &mar31, &d1), 1);
	assert_int_equal(retention_due(&fis1, &apr1, &d1), 0);
	assert_int_equal(retention_due(&fis1, &apr1, &d2), 1);
}

/*
 * R-META-1: the periods are the policy version's - a revision that keeps
 * form 3 for two fiscal years changes doctype_rule and doctype_due.
 */
static void test_r_meta_1_rule_of_the_version(void **state)
{
	size_t len;
	const char *first = policy_default_text(&len);
	char *text = malloc(len + 1);
	const char *line = "form3 = 1 calendar";
	char *at;
	struct policy p;
	struct policy_error err;
	struct retention_rule r;
	struct civil_date base = { 2025, 3, 31 }, early = { 2027, 3, 31 },
			  late = { 2027, 4, 1 };

	(void)state;
	assert_non_null(text);
	memcpy(text, first, len);
	text[len] = '\0';
	at = strstr(text, line);
	assert_non_null(at);
	memcpy(at, "form3 = 2 fiscal  ", strlen(line));
	assert_int_equal(policy_parse(text, len, &p, &err), 0);
	assert_int_equal(doctype_rule(&p, "form3", &r), 0);
	assert_int_equal(r.years, 2);
	assert_int_equal(r.basis, RETENTION_FISCAL);
	/* 2024年度 + 2 years: kept to 31 March 2027 */
	assert_int_equal(doctype_due(&p, "form3", &base, &early, NULL), 0);
	assert_int_equal(doctype_due(&p, "form3", &base, &late, NULL), 1);
	/* the first directive: one calendar year, due on 1 January 2027 */
	assert_int_equal(doctype_due(NULL, "form3", &base, &early, NULL), 1);
	assert_int_equal(doctype_rule(&p, "form6", &r), MM_EINVAL);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_ret_1_rules_of_the_directive),
		cmocka_unit_test(test_r_ret_2_due_at_the_year_boundary),
		cmocka_unit_test(test_r_ret_2_leap_day),
		cmocka_unit_test(test_r_ret_1_fiscal_boundary),
		cmocka_unit_test(test_r_meta_1_rule_of_the_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
