#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/form.h"
#include "lib/buf.h"
#include "lib/err.h"

static int parse(const char *s, struct form *f)
{
	return form_parse(s, strlen(s), f);
}

static void test_normal_fields(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse("name=taro&station=12&note=", &f), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(form_get(&f, "name"), "taro");
	assert_string_equal(form_get(&f, "station"), "12");
	assert_string_equal(form_get(&f, "note"), "");
	assert_null(form_get(&f, "missing"));
	form_release(&f);
	assert_int_equal(f.n, 0);
}

static void test_empty_body_and_empty_pairs(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(form_parse("", 0, &f), 0);
	assert_int_equal(f.n, 0);
	form_release(&f);
	assert_int_equal(parse("a=1&&b=2&", &f), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(form_get(&f, "b"), "2");
	form_release(&f);
	/* A name without '=' has an empty value. */
	assert_int_equal(parse("flag", &f), 0);
	assert_string_equal(form_get(&f, "flag"), "");
	form_release(&f);
}

static void test_plus_and_escapes(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse("q=a+b%2Bc&%E5%90%8D=%e5%a4%aa%E9%83%8E"
			       "&t=x%0D%0Ay%09z&e=%3D%26", &f), 0);
	assert_string_equal(form_get(&f, "q"), "a b+c");
	assert_string_equal(form_get(&f, "名"), "太郎");
	assert_string_equal(form_get(&f, "t"), "x\r\ny\tz");
	assert_string_equal(form_get(&f, "e"), "=&");
	form_release(&f);
}

static void test_bad_escapes(void **state)
{
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a=1&b=%%41",
	};
	struct form f;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &f), MM_EINVAL);
		form_release(&f);
	}
}

static void test_invalid_utf8_and_controls(void **state)
{
	static const char *const bad[] = {
		"a=%FF", "a=%C0%AF" /* overlong '/' */, "a=%ED%A0%80",
		"a=%00", "a=x%01", "%FF=1", "a=\xE3\x81",
	};
	struct form f;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &f), MM_EINVAL);
		form_release(&f);
	}
	/* An embedded raw NUL byte in the input is refused as well. */
	assert_int_equal(form_parse("a=b\0c", 5, &f), MM_EINVAL);
	form_release(&f);
}

static void test_empty_name(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse("=value", &f), MM_EINVAL);
	form_release(&f);
	assert_int_equal(parse("a=1&=2", &f), MM_EINVAL);
	form_release(&f);
}

static void test_too_many_fields(void **state)
{
	struct buf b;
	struct form f;
	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		buf_addf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	assert_int_equal(form_parse(buf_cstr(&b), b.len, &f), 0);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	form_release(&f);
	buf_adds(&b, "&one=more");
	assert_int_equal(form_parse(buf_cstr(&b), b.len, &f), MM_EOVERFLOW);
	form_release(&f);
	buf_release(&b);
}

static void test_oversized_value(void **state)
{
	struct buf b;
	struct form f;
	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "v=");
	for (int i = 0; i < FORM_MAX_VALUE; i++)
		buf_addch(&b, 'x');
	assert_int_equal(form_parse(buf_cstr(&b), b.len, &f), 0);
	assert_int_equal(strlen(form_get(&f, "v")), FORM_MAX_VALUE);
	form_release(&f);
	buf_addch(&b, 'x');
	assert_int_equal(form_parse(buf_cstr(&b), b.len, &f), MM_EOVERFLOW);
	form_release(&f);
	/* The cap counts decoded bytes: escapes cannot hide length. */
	buf_reset(&b);
	buf_adds(&b, "v=");
	for (int i = 0; i <= FORM_MAX_VALUE; i++)
		buf_adds(&b, "%41");
	assert_int_equal(form_parse(buf_cstr(&b), b.len, &f), MM_EOVERFLOW);
	form_release(&f);
	buf_release(&b);
}

static void test_duplicate_names_keep_first(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse("role=a&role=b", &f), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(form_get(&f, "role"), "a");
	assert_string_equal(f.fields[1].value, "b");
	form_release(&f);
}

static void test_check_fields(void **state)
{
	static const char *const allowed[] = {"name", "csrf", NULL};
	const char *unknown = NULL;
	struct form f;
	(void)state;
	assert_int_equal(parse("name=a&csrf=t", &f), 0);
	assert_int_equal(form_check_fields(&f, allowed, &unknown), 0);
	form_release(&f);
	assert_int_equal(parse("name=a&is_admin=1", &f), 0);
	assert_int_equal(form_check_fields(&f, allowed, &unknown), MM_EINVAL);
	assert_string_equal(unknown, "is_admin");
	form_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_fields),
		cmocka_unit_test(test_empty_body_and_empty_pairs),
		cmocka_unit_test(test_plus_and_escapes),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_invalid_utf8_and_controls),
		cmocka_unit_test(test_empty_name),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_oversized_value),
		cmocka_unit_test(test_duplicate_names_keep_first),
		cmocka_unit_test(test_check_fields),
	};
	return cmocka_run_group_tests_name("http_form", tests, NULL, NULL);
}
