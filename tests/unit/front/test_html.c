/*
 * test_html.c - the escaping HTML writer (web/html.h): escaping, refused
 * names and URLs, fail-closed behaviour, nesting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "web/html.h"
#include "lib/buf.h"
#include "lib/err.h"

struct fixture {
	struct buf out;
	struct html h;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	buf_init(&f->out, 0);
	html_init(&f->h, &f->out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	buf_release(&f->out);
	free(f);
	return 0;
}

static void test_text_escapes_every_special_char(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(html_text(&f->h, "a&b<c>d\"e'f 守り"), 0);
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
			    "a&amp;b&lt;c&gt;d&quot;e&#39;f 守り");
}

static void test_textf_formats_then_escapes(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(html_textf(&f->h, "%d件 %s", 3, "<b>"), 0);
	assert_string_equal(buf_cstr(&f->out), "3件 &lt;b&gt;");
}

static void test_attribute_injection_is_escaped(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(html_void(&f->h, "input", "name", "login", "value",
				   "\" onmouseover=\"alert(1)", NULL), 0);
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
		"<input name=\"login\" value=\"&quot; onmouseover=&quot;alert(1)\">");
	/* Only the quote we wrote ends the attribute. */
	assert_null(strstr(buf_cstr(&f->out), "\" onmouseover"));
}

static void test_null_value_omits_attribute(void **state)
{
	struct fixture *f = *state;

	html_void(&f->h, "input", "type", "checkbox", "checked", NULL,
		  "required", "", NULL);
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
			    "<input type=\"checkbox\" required=\"\">");
}

/* The longest attribute names the screens use must pass (a 16-byte
 * limit once refused every form field). */
static void test_long_aria_names_accepted(void **state)
{
	struct fixture *f = *state;

	html_void(&f->h, "input", "aria-describedby", "f-x-error",
		  "autocomplete", "new-password", NULL);
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
		"<input aria-describedby=\"f-x-error\" autocomplete=\"new-password\">");
}

static void test_javascript_url_refused(void **state)
{
	struct fixture *f = *state;

	html_open(&f->h, "p", NULL);
	assert_int_equal(html_open(&f->h, "a", "href", "javascript:alert(1)",
				   NULL), MM_EINVAL);
	/* Fail closed: output gone, later calls refused. */
	assert_string_equal(buf_cstr(&f->out), "");
	assert_int_equal(html_text(&f->h, "x"), MM_EINVAL);
	assert_int_equal(html_finish(&f->h), MM_EINVAL);
	assert_string_equal(buf_cstr(&f->out), "");
}

static void test_url_rules(void **state)
{
	(void)state;
	assert_true(html_url_ok("/units/3/edit"));
	assert_true(html_url_ok("#main"));
	assert_true(html_url_ok("/users?unit=2"));
	assert_false(html_url_ok("//evil.example/x"));
	assert_false(html_url_ok("/\\evil.example"));
	assert_false(html_url_ok("https://example.jp/"));
	assert_false(html_url_ok("JavaScript:alert(1)"));
	assert_false(html_url_ok(" /x"));
	assert_false(html_url_ok("/x\ny"));
	assert_false(html_url_ok("data:text/html,x"));
	assert_false(html_url_ok(""));
	assert_false(html_url_ok(NULL));
}

static void test_action_and_src_checked_too(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(html_open(&f->h, "form", "method", "post", "action",
				   "https://evil.example/", NULL), MM_EINVAL);
	assert_int_equal(html_finish(&f->h), MM_EINVAL);
}

static void expect_refused(const char *tag, const char *attr)
{
	struct buf out;
	struct html h;

	buf_init(&out, 0);
	html_init(&h, &out);
	html_raw(&h, "<!DOCTYPE html>");
	if (attr)
		html_void(&h, tag, attr, "x", NULL);
	else
		html_void(&h, tag, NULL);
	assert_int_equal(html_finish(&h), MM_EINVAL);
	assert_string_equal(buf_cstr(&out), "");
	buf_release(&out);
}

static void test_invalid_names_fail_closed(void **state)
{
	(void)state;
	expect_refused("img src=x", NULL);
	expect_refused("DIV", NULL);
	expect_refused("", NULL);
	expect_refused("a>", NULL);
	expect_refused("script", NULL);
	expect_refused("style", NULL);
	expect_refused("iframe", NULL);
	expect_refused("p", "onclick");
	expect_refused("p", "onmouseover");
	expect_refused("p", "style");
	expect_refused("p", "x\"y");
	expect_refused("p", "a b");
	expect_refused("p", "Class");
	expect_refused("averyveryverylongtagname", NULL);
}

static void test_invalid_utf8_text_fails_closed(void **state)
{
	struct fixture *f = *state;

	html_text(&f->h, "ok");
	assert_int_equal(html_text(&f->h, "\xff\xfe"), MM_EINVAL);
	assert_int_equal(html_finish(&f->h), MM_EINVAL);
	assert_string_equal(buf_cstr(&f->out), "");
}

/*
 * The one-pass escaper (issue 12) refuses what utf8_valid refused: each
 * malformed or forbidden input fails the writer and empties the output,
 * wherever in the text it sits; well-formed text of every length passes.
 */
static void test_escaper_matches_utf8_rules(void **state)
{
	static const char *const bad[] = {
		"ok\x01", "\x7f", "a\x1b" "b", "\xc0\x80" /* overlong */,
		"\xe0\x80\xaf" /* overlong */, "\xed\xa0\x80" /* surrogate */,
		"\xf4\x90\x80\x80" /* past U+10FFFF */, "x\xe5\xae" /* cut */,
		"\xe5\xae" "x" /* cut, then ASCII */, "\x80", "\xf5\x80\x80\x80",
		NULL,
	};
	struct fixture *f = *state;

	for (const char *const *s = bad; *s; s++) {
		struct buf out;
		struct html h;

		buf_init(&out, 0);
		html_init(&h, &out);
		html_text(&h, "before ");
		assert_int_equal(html_text(&h, *s), MM_EINVAL);
		assert_int_equal(html_finish(&h), MM_EINVAL);
		assert_string_equal(buf_cstr(&out), "");
		buf_release(&out);
	}
	assert_int_equal(html_text(&f->h, "\t\r\n\xc2\xa9 \xf0\x9f\x98\x80 "
				   "\xf4\x8f\xbf\xbf &\xe5\xae\x88"), 0);
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
			    "\t\r\n\xc2\xa9 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf "
			    "&amp;\xe5\xae\x88");
}

/* A bad attribute value fails the writer like bad text does. */
static void test_bad_attribute_value_fails_closed(void **state)
{
	struct fixture *f = *state;

	html_open(&f->h, "p", NULL);
	assert_int_equal(html_void(&f->h, "input", "value", "a\x02" "b", NULL),
			 MM_EINVAL);
	assert_int_equal(html_finish(&f->h), MM_EINVAL);
	assert_string_equal(buf_cstr(&f->out), "");
}

static void test_nesting_and_mismatched_close(void **state)
{
	struct fixture *f = *state;

	html_open(&f->h, "ul", "class", "nav", NULL);
	html_open(&f->h, "li", NULL);
	html_elem(&f->h, "a", "href", "/units", NULL, "所属一覧");
	html_close(&f->h, "li");
	html_close(&f->h, "ul");
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
		"<ul class=\"nav\"><li><a href=\"/units\">所属一覧</a></li></ul>");

	buf_reset(&f->out);
	html_init(&f->h, &f->out);
	html_open(&f->h, "div", NULL);
	html_open(&f->h, "p", NULL);
	assert_int_equal(html_close(&f->h, "div"), MM_EINVAL);
	assert_string_equal(buf_cstr(&f->out), "");
}

static void test_unclosed_element_fails_finish(void **state)
{
	struct fixture *f = *state;

	html_open(&f->h, "main", NULL);
	html_text(&f->h, "x");
	assert_int_equal(html_finish(&f->h), MM_EINVAL);
	assert_string_equal(buf_cstr(&f->out), "");
}

static void test_close_without_open_fails(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(html_close(&f->h, "p"), MM_EINVAL);
}

static void test_depth_limit(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < HTML_MAX_DEPTH; i++)
		assert_int_equal(html_open(&f->h, "div", NULL), 0);
	assert_int_equal(html_open(&f->h, "div", NULL), MM_EOVERFLOW);
	assert_string_equal(buf_cstr(&f->out), "");
}

static void test_buffer_overflow_fails_closed(void **state)
{
	struct buf out;
	struct html h;

	(void)state;
	buf_init(&out, 16);
	html_init(&h, &out);
	html_open(&h, "p", NULL);
	html_text(&h, "0123456789abcdef");
	assert_int_equal(html_finish(&h), MM_EOVERFLOW);
	assert_string_equal(buf_cstr(&out), "");
	buf_release(&out);
}

static void test_raw_literal_and_doctype(void **state)
{
	struct fixture *f = *state;

	html_raw(&f->h, "<!DOCTYPE html>");
	html_open(&f->h, "html", "lang", "ja", NULL);
	html_close(&f->h, "html");
	assert_int_equal(html_finish(&f->h), 0);
	assert_string_equal(buf_cstr(&f->out),
			    "<!DOCTYPE html><html lang=\"ja\"></html>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_text_escapes_every_special_char),
		T(test_textf_formats_then_escapes),
		T(test_attribute_injection_is_escaped),
		T(test_null_value_omits_attribute),
		T(test_long_aria_names_accepted),
		T(test_javascript_url_refused),
		T(test_url_rules),
		T(test_action_and_src_checked_too),
		T(test_invalid_names_fail_closed),
		T(test_invalid_utf8_text_fails_closed),
		T(test_escaper_matches_utf8_rules),
		T(test_bad_attribute_value_fails_closed),
		T(test_nesting_and_mismatched_close),
		T(test_unclosed_element_fails_finish),
		T(test_close_without_open_fails),
		T(test_depth_limit),
		T(test_buffer_overflow_fails_closed),
		T(test_raw_literal_and_doctype),
#undef T
	};
	return cmocka_run_group_tests_name("front_html", tests, NULL, NULL);
}
