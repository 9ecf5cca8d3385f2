#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/json_body.h"
#include "lib/buf.h"
#include "lib/err.h"

static char err[256];

static int parse(const char *s, json_t **out)
{
	err[0] = '\0';
	return json_body_parse(s, strlen(s), out, err, sizeof(err));
}

static void test_valid_object(void **state)
{
	json_t *o;
	const char *s;
	int64_t n = -1;
	int b = -1;
	(void)state;
	assert_int_equal(parse("{\"name\":\"少年\",\"count\":3,\"ok\":true}", &o),
			 0);
	assert_int_equal(json_get_string(o, "name", 1, &s, err, sizeof(err)), 0);
	assert_string_equal(s, "少年");
	assert_int_equal(json_get_int64(o, "count", 1, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(json_get_bool(o, "ok", 1, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 1);
	json_decref(o);
}

static void test_invalid_json_reports_position(void **state)
{
	json_t *o = (json_t *)1;
	(void)state;
	assert_int_equal(parse("{\"a\":1,\n \"b\": }", &o), MM_EINVAL);
	assert_null(o);
	assert_non_null(strstr(err, "2行"));
	assert_non_null(strstr(err, "列"));
	assert_int_equal(parse("", &o), MM_EINVAL);
	assert_int_equal(parse("{} trailing", &o), MM_EINVAL);
}

static void test_invalid_utf8_and_nul_refused(void **state)
{
	json_t *o;
	(void)state;
	assert_int_equal(parse("{\"a\":\"\xFF\"}", &o), MM_EINVAL);
	assert_int_equal(parse("{\"a\":\"\xC0\xAF\"}", &o), MM_EINVAL);
	assert_int_equal(parse("{\"a\":\"\\u0000\"}", &o), MM_EINVAL);
	assert_int_equal(json_body_parse("{\"a\":\"x\0\"}", 10, &o, err,
					 sizeof(err)), MM_EINVAL);
}

static void test_duplicate_keys_refused(void **state)
{
	json_t *o;
	(void)state;
	assert_int_equal(parse("{\"role\":\"a\",\"role\":\"b\"}", &o), MM_EINVAL);
	assert_non_null(strstr(err, "同じ項目が二度あります"));
}

static void test_top_level_must_be_object(void **state)
{
	static const char *const bad[] = {"1", "\"s\"", "null", "true"};
	json_t *o;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &o), MM_EINVAL);
		assert_null(o);
	}
	assert_int_equal(parse("[{\"a\":1}]", &o), MM_EINVAL);
	assert_null(o);
	assert_non_null(strstr(err, "JSONのオブジェクト"));
}

/* depth objects, each the value of the one around it: {"a":{"a":1}} */
static void nested(struct buf *b, int depth)
{
	buf_reset(b);
	for (int i = 0; i < depth; i++)
		buf_adds(b, "{\"a\":");
	buf_addch(b, '1');
	for (int i = 0; i < depth; i++)
		buf_addch(b, '}');
}

static void test_depth_cap(void **state)
{
	struct buf b;
	json_t *o;
	(void)state;
	buf_init(&b, 0);
	nested(&b, JSON_BODY_MAX_DEPTH);
	assert_int_equal(parse(buf_cstr(&b), &o), 0);
	json_decref(o);
	nested(&b, JSON_BODY_MAX_DEPTH + 1);
	assert_int_equal(parse(buf_cstr(&b), &o), MM_EINVAL);
	assert_non_null(strstr(err, "入れ子が深すぎます"));
	/* Brackets inside strings are text, not nesting. */
	assert_int_equal(parse("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[\"}",
			       &o), 0);
	json_decref(o);
	buf_release(&b);
}

static void test_size_cap(void **state)
{
	json_t *o;
	(void)state;
	assert_int_equal(json_body_parse("{}", JSON_BODY_MAX_BYTES + 1, &o,
					 err, sizeof(err)), MM_EOVERFLOW);
	assert_null(o);
}

static void test_wrong_types_name_the_field(void **state)
{
	json_t *o;
	const char *s = "x";
	int64_t n = 7;
	int b = 5;
	(void)state;
	assert_int_equal(parse("{\"s\":1,\"n\":\"1\",\"r\":1.5,\"b\":1,"
			       "\"c\":\"a\\u0001\"}", &o), 0);
	assert_int_equal(json_get_string(o, "s", 1, &s, err, sizeof(err)),
			 MM_EINVAL);
	assert_null(s);
	assert_non_null(strstr(err, "「s」"));
	assert_int_equal(json_get_int64(o, "n", 1, &n, err, sizeof(err)),
			 MM_EINVAL);
	assert_non_null(strstr(err, "「n」"));
	assert_int_equal(json_get_int64(o, "r", 0, &n, err, sizeof(err)),
			 MM_EINVAL);
	assert_int_equal(n, 7);
	assert_int_equal(json_get_bool(o, "b", 1, &b, err, sizeof(err)),
			 MM_EINVAL);
	assert_int_equal(b, 5);
	assert_int_equal(json_get_string(o, "c", 1, &s, err, sizeof(err)),
			 MM_EINVAL);
	json_decref(o);
}

static void test_missing_and_null_fields(void **state)
{
	json_t *o;
	const char *s = "x";
	int64_t n = 7;
	int b = 5;
	(void)state;
	assert_int_equal(parse("{\"z\":null}", &o), 0);
	assert_int_equal(json_get_string(o, "a", 0, &s, err, sizeof(err)), 0);
	assert_null(s);
	assert_int_equal(json_get_int64(o, "z", 0, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 7);
	assert_int_equal(json_get_bool(o, "a", 0, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 5);
	assert_int_equal(json_get_string(o, "z", 1, &s, err, sizeof(err)),
			 MM_EINVAL);
	assert_non_null(strstr(err, "「z」を入力してください"));
	assert_int_equal(json_get_int64(o, "a", 1, &n, err, sizeof(err)),
			 MM_EINVAL);
	assert_non_null(strstr(err, "「a」を入力してください"));
	json_decref(o);
}

static void test_unknown_fields(void **state)
{
	static const char *const allowed[] = {"name", "note", NULL};
	const char *unknown = NULL;
	json_t *o;
	(void)state;
	assert_int_equal(parse("{\"name\":\"a\",\"note\":\"b\"}", &o), 0);
	assert_int_equal(json_check_fields(o, allowed, &unknown), 0);
	json_decref(o);
	assert_int_equal(parse("{\"name\":\"a\",\"station_id\":3}", &o), 0);
	assert_int_equal(json_check_fields(o, allowed, &unknown), MM_EINVAL);
	assert_string_equal(unknown, "station_id");
	json_decref(o);
}

/*
 * The nth allocation fails: this executable's malloc comes before libc's
 * for jansson too, as the LD_PRELOAD shim of tests/crash does for the
 * server.  Not under AddressSanitizer, whose allocator is the one that
 * must see every block.
 */
#if defined(__SANITIZE_ADDRESS__)
#define NO_FAILING_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_FAILING_MALLOC 1
#endif
#endif

#ifndef NO_FAILING_MALLOC
extern void *__libc_malloc(size_t n);
static long alloc_left;

void *malloc(size_t n)
{
	if (alloc_left > 0 && --alloc_left == 0) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}
#endif

/*
 * Issue 14: the parser running out of memory is the server's failure,
 * not a malformed body: MM_ENOMEM (the API answers 503 with Retry-After), never MM_EINVAL
 * (a 400 blaming the client), and never a parse that goes on: jansson
 * 2.14's lexer drops a byte it could not store, and a string that lost
 * its closing quote was decoded past its buffer (the heap overflow that
 * killed the server lending a device at its 325th allocation,
 * tests/crash/fail_io_steps.test.mjs).  For every n until the parse
 * succeeds: the nth allocation fails once, and the result is MM_ENOMEM,
 * or (the nth never came) the object with every text exactly as sent.
 * A malformed body stays MM_EINVAL.
 */
static void test_out_of_memory_is_not_a_bad_body(void **state)
{
	(void)state;
#ifdef NO_FAILING_MALLOC
	skip();
#else
	static const char body[] =
		"{\"code\":\"KITA-2\",\"name\":\"北警察署の障害試験用の所属\","
		"\"purpose\":\"サイバーパトロールのために端末を貸し出す\","
		"\"password\":\"fail-io-password-m1234567\","
		"\"n\":[1,2,{\"a\":true,\"long key of more than sixteen\":\"x\"}]}";
	json_t *o = NULL;
	const char *v;
	long n;

	for (n = 1; n < 5000; n++) {
		int rc;

		alloc_left = n;
		rc = json_body_parse(body, strlen(body), &o, err, sizeof(err));
		if (alloc_left == 0) {
			assert_int_equal(rc, MM_ENOMEM);
			assert_null(o);
			continue;
		}
		alloc_left = 0;
		assert_int_equal(rc, 0); /* the nth allocation never came */
		assert_int_equal(json_get_string(o, "name", 1, &v, err,
						 sizeof(err)), 0);
		assert_string_equal(v, "北警察署の障害試験用の所属");
		assert_int_equal(json_get_string(o, "password", 1, &v, err,
						 sizeof(err)), 0);
		assert_string_equal(v, "fail-io-password-m1234567");
		json_decref(o);
		break;
	}
	assert_true(n > 10 && n < 5000);
	assert_int_equal(parse("{\"a\":", &o), MM_EINVAL);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_object),
		cmocka_unit_test(test_invalid_json_reports_position),
		cmocka_unit_test(test_invalid_utf8_and_nul_refused),
		cmocka_unit_test(test_duplicate_keys_refused),
		cmocka_unit_test(test_top_level_must_be_object),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_wrong_types_name_the_field),
		cmocka_unit_test(test_missing_and_null_fields),
		cmocka_unit_test(test_unknown_fields),
		cmocka_unit_test(test_out_of_memory_is_not_a_bad_body),
	};
	return cmocka_run_group_tests_name("http_json", tests, NULL, NULL);
}
