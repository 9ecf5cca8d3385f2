/*
 * test_doc_numbers.c - the yearly serial document numbers of the printed
 * forms (issue 11, store_document_issue): per form and calendar year
 * (Asia/Tokyo), given once at the first issue and read back unchanged,
 * each issue with its document.print in the trail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

/* 2025-12-31 23:30 and 2026-01-01 00:30 in Asia/Tokyo (UTC+9). */
#define LAST_OF_2025 INT64_C(1767191400)
#define FIRST_OF_2026 INT64_C(1767195000)

static struct doc_number issue(struct fx *f, const char *form, int64_t id)
{
	struct doc_number n;

	assert_int_equal(store_document_issue(f->s, &fx_admin, form, id,
					      "applications", id, NULL, &n),
			 0);
	return n;
}

static void test_serial_per_form_and_year(void **state)
{
	struct fx *f = *state;
	struct doc_number a, b, c, d, again;
	size_t before = fx_audit_count(f);

	store_clock_set(LAST_OF_2025);
	a = issue(f, "form3", 10);
	b = issue(f, "form3", 11);
	c = issue(f, "form4", 10);
	assert_int_equal(a.year, 2025);
	assert_int_equal(a.serial, 1);
	assert_true(a.first);
	assert_int_equal(b.serial, 2);
	assert_int_equal(c.serial, 1); /* another form counts on its own */
	/* The new year (in Tokyo, while UTC is still in 2025). */
	store_clock_set(FIRST_OF_2026);
	d = issue(f, "form3", 12);
	assert_int_equal(d.year, 2026);
	assert_int_equal(d.serial, 1);
	/* A reprint in the new year: the number and date of its issue. */
	again = issue(f, "form3", 11);
	assert_false(again.first);
	assert_int_equal(again.year, 2025);
	assert_int_equal(again.serial, 2);
	assert_int_equal(again.issued_at, LAST_OF_2025);
	store_clock_set(0);
	/* Every issue, first or not, is a print on record. */
	assert_int_equal(fx_audit_count(f), before + 5);
}

static void test_bad_input_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct doc_number n;
	size_t before = fx_audit_count(f);

	assert_int_equal(store_document_issue(f->s, &fx_admin, "", 1, "x", 1,
					      NULL, &n), MM_EINVAL);
	assert_int_equal(store_document_issue(f->s, &fx_admin, "form3", 0, "x",
					      0, NULL, &n), MM_EINVAL);
	assert_int_equal(fx_audit_count(f), before);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_serial_per_form_and_year),
		T(test_bad_input_changes_nothing),
	};

	return cmocka_run_group_tests_name("store_doc_numbers", tests, NULL,
					   NULL);
}
