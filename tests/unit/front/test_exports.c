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
#include "core/record.h"
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

/* Issue 11: the cases list goes out without what identifies anyone. */
static void test_cases_export_leaves_identifying_fields_out(void **state)
{
	const struct record_kind *kinds[] = { &case_kind, &meeting_kind };
	const struct record_desc *d = case_kind.desc;
	int has_post_text = 0, n = 0;

	(void)state;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (size_t i = 0; i < kinds[k]->desc->n_fields; i++) {
			const struct field_desc *f = &kinds[k]->desc->fields[i];

			if (!export_column(kinds[k], f))
				continue;
			assert_false(f->flags & (FIELD_PERSONAL | FIELD_SEALED |
						 FIELD_LOOKUP));
			assert_true(f->flags & FIELD_LISTED);
		}
	for (size_t i = 0; i < d->n_fields; i++) {
		n += export_column(&case_kind, &d->fields[i]);
		if (strcmp(d->fields[i].key, "post_text") == 0 ||
		    strcmp(d->fields[i].key, "post_ref") == 0 ||
		    strcmp(d->fields[i].key, "risk_signals") == 0)
			has_post_text |= export_column(&case_kind,
						       &d->fields[i]);
	}
	assert_false(has_post_text);
	assert_true(n >= 4);
	/* a new listed field marked sealed or lookup stays out by its flag */
	{
		struct field_desc sealed = { .key = "handle", .label = "ハンドル",
			.type = FIELD_TEXT, .flags = FIELD_LISTED | FIELD_SEALED };
		struct field_desc lookup = sealed;

		lookup.flags = FIELD_LISTED | FIELD_LOOKUP;
		assert_false(export_column(&case_kind, &sealed));
		assert_false(export_column(&case_kind, &lookup));
		assert_false(export_column(&device_kind, &sealed));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_cell_quoting),
		cmocka_unit_test(test_csv_cell_formula_defused),
		cmocka_unit_test(test_cases_export_leaves_identifying_fields_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
