/*
 * test_csv.c - the RFC 4180 reader of the device import (R-DEV-1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"
#include "lib/err.h"

static struct csv parse_ok(const char *text)
{
	struct csv c;

	assert_int_equal(csv_parse(text, strlen(text), &c, NULL, NULL), 0);
	return c;
}

static void test_simple_rows_with_lf_and_crlf(void **state)
{
	struct csv c = parse_ok("a,b,c\r\n1,2,3\n4,,6");

	(void)state;
	assert_int_equal(c.n, 3);
	assert_int_equal(c.rows[0].n, 3);
	assert_string_equal(c.rows[0].fields[2], "c");
	assert_string_equal(c.rows[1].fields[0], "1");
	assert_int_equal(c.rows[1].line, 2);
	assert_string_equal(c.rows[2].fields[1], "");
	assert_string_equal(c.rows[2].fields[2], "6");
	assert_int_equal(c.rows[2].line, 3);
	csv_release(&c);
	assert_int_equal(c.n, 0);
}

static void test_quoted_fields(void **state)
{
	struct csv c = parse_ok(
		"\"機種\",\"say \"\"hi\"\"\",\"a,b\"\r\n\"two\r\nlines\",x\r\n");

	(void)state;
	assert_int_equal(c.n, 2);
	assert_string_equal(c.rows[0].fields[0], "機種");
	assert_string_equal(c.rows[0].fields[1], "say \"hi\"");
	assert_string_equal(c.rows[0].fields[2], "a,b");
	assert_string_equal(c.rows[1].fields[0], "two\r\nlines");
	assert_string_equal(c.rows[1].fields[1], "x");
	assert_int_equal(c.rows[1].line, 2);
	csv_release(&c);
}

static void test_bom_and_empty_lines_are_skipped(void **state)
{
	struct csv c = parse_ok("\xEF\xBB\xBFmodel,serial\n\n\r\nA,1\n\n");

	(void)state;
	assert_int_equal(c.n, 2);
	assert_string_equal(c.rows[0].fields[0], "model");
	assert_string_equal(c.rows[1].fields[1], "1");
	assert_int_equal(c.rows[1].line, 4);
	csv_release(&c);
}

static void test_empty_quoted_and_trailing_comma(void **state)
{
	struct csv c = parse_ok("\"\",a,\n");

	(void)state;
	assert_int_equal(c.n, 1);
	assert_int_equal(c.rows[0].n, 3);
	assert_string_equal(c.rows[0].fields[0], "");
	assert_string_equal(c.rows[0].fields[2], "");
	csv_release(&c);
}

static void expect_error(const char *text, size_t len, int want_rc,
			 size_t want_line)
{
	struct csv c;
	size_t line = 0;
	const char *why = NULL;

	assert_int_equal(csv_parse(text, len, &c, &line, &why), want_rc);
	assert_int_equal(line, want_line);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
	csv_release(&c);
}

static void test_malformed_files_name_the_line(void **state)
{
	(void)state;
	expect_error("a,b\nx\"y,z\n", 10, MM_EINVAL, 2);
	expect_error("a\n\"open,b\nc\n", 12, MM_EINVAL, 2);
	expect_error("\"a\"b,c\n", 7, MM_EINVAL, 1);
	expect_error("a,b\nc\0d\n", 8, MM_EINVAL, 2);
}

static void test_limits(void **state)
{
	static char wide[CSV_MAX_FIELDS * 2 + 4];
	static char longf[CSV_MAX_FIELD + 8];

	(void)state;
	for (size_t i = 0; i < CSV_MAX_FIELDS + 1; i++) {
		wide[2 * i] = 'x';
		wide[2 * i + 1] = ',';
	}
	wide[2 * CSV_MAX_FIELDS + 1] = '\n';
	expect_error(wide, 2 * CSV_MAX_FIELDS + 2, MM_EOVERFLOW, 1);
	memset(longf, 'y', sizeof(longf) - 1);
	expect_error(longf, sizeof(longf) - 1, MM_EOVERFLOW, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_rows_with_lf_and_crlf),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_bom_and_empty_lines_are_skipped),
		cmocka_unit_test(test_empty_quoted_and_trailing_comma),
		cmocka_unit_test(test_malformed_files_name_the_line),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests_name("core_csv", tests, NULL, NULL);
}
