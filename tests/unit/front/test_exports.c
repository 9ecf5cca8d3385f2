/* test_exports.c - the CSV cell of the register exports (issue 11):
 * RFC 4180 quoting and the apostrophe that keeps a cell starting like a
 * formula from running in Excel (CSV injection), inside the cell. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "app/exports.h"
#include "lib/buf.h"

static void expect_cell(const char *in, const char *want)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(export_csv_cell(in, &b), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void test_csv_cell_quoting(void **state)
{
	(void)state;
	expect_cell("熊本北警察署", "熊本北警察署");
	expect_cell("", "");
	expect_cell(NULL, "");
	expect_cell("a,b", "\"a,b\"");
	expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_cell("行1\r\n行2", "\"行1\r\n行2\"");
	expect_cell("090-3101-0001", "090-3101-0001");
}

static void test_csv_cell_formula_defused(void **state)
{
	(void)state;
	expect_cell("=1+2", "'=1+2");
	expect_cell("+81", "'+81");
	expect_cell("-1", "'-1");
	expect_cell("@SUM(A1)", "'@SUM(A1)");
	expect_cell("\tx", "'\tx");
	expect_cell("=HYPERLINK(\"http://x\")",
		    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	expect_cell("a=b", "a=b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_cell_quoting),
		cmocka_unit_test(test_csv_cell_formula_defused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
