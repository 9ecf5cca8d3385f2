#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/request.h"
#include "lib/err.h"

static void test_init_defaults(void **state)
{
	struct http_response res;
	(void)state;
	http_response_init(&res);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.content_type, "text/html; charset=utf-8");
	assert_int_equal(res.n_headers, 0);
	assert_int_equal(buf_adds(&res.body, "<p>"), 0);
	http_response_release(&res);
	assert_int_equal(res.body.len, 0);
}

static void test_header_refuses_crlf_and_bad_names(void **state)
{
	struct http_response res;
	(void)state;
	http_response_init(&res);
	assert_int_equal(http_response_header(&res, "X-A", "1"), 0);
	assert_int_equal(http_response_header(&res, "X-B", "a\r\nSet-Cookie: x=1"),
			 MM_EINVAL);
	assert_int_equal(http_response_header(&res, "X-B", "a\nb"), MM_EINVAL);
	assert_int_equal(http_response_header(&res, "X-B\r\nX", "1"), MM_EINVAL);
	assert_int_equal(http_response_header(&res, "X B", "1"), MM_EINVAL);
	assert_int_equal(http_response_header(&res, "", "1"), MM_EINVAL);
	assert_int_equal(res.n_headers, 1);
	assert_string_equal(res.headers[0].name, "X-A");
	http_response_release(&res);
}

static void test_header_cap(void **state)
{
	struct http_response res;
	(void)state;
	http_response_init(&res);
	for (int i = 0; i < HTTP_MAX_HEADERS_OUT; i++)
		assert_int_equal(http_response_header(&res, "X-N", "v"), 0);
	assert_int_equal(http_response_header(&res, "X-N", "v"), MM_EOVERFLOW);
	http_response_release(&res);
}

static void test_cookie_attributes(void **state)
{
	struct http_response res;
	(void)state;
	http_response_init(&res);
	assert_int_equal(http_response_cookie(&res, "sid", "abc123", -1, 0), 0);
	assert_int_equal(http_response_cookie(&res, "sid", "abc", 3600, 1), 0);
	assert_int_equal(http_response_cookie(&res, "sid", "", 0, 1), 0);
	assert_string_equal(res.headers[0].name, "Set-Cookie");
	assert_string_equal(res.headers[0].value,
			    "sid=abc123; Path=/; HttpOnly; SameSite=Strict");
	assert_string_equal(res.headers[1].value,
			    "sid=abc; Path=/; HttpOnly; SameSite=Strict; Secure; "
			    "Max-Age=3600");
	assert_string_equal(res.headers[2].value,
			    "sid=; Path=/; HttpOnly; SameSite=Strict; Secure; "
			    "Max-Age=0");
	http_response_release(&res);
}

static void test_cookie_injection_refused(void **state)
{
	static const char *const bad_values[] = {
		"a\r\nSet-Cookie: admin=1", "a\nb", "a; Domain=evil.example",
		"a b", "a,b", "\"q\"", "a\\b", "\xE3\x81\x82",
	};
	struct http_response res;
	(void)state;
	http_response_init(&res);
	for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
		assert_int_equal(http_response_cookie(&res, "sid", bad_values[i],
						      -1, 0), MM_EINVAL);
	assert_int_equal(http_response_cookie(&res, "s;id", "a", -1, 0),
			 MM_EINVAL);
	assert_int_equal(http_response_cookie(&res, "s=id", "a", -1, 0),
			 MM_EINVAL);
	assert_int_equal(http_response_cookie(&res, "", "a", -1, 0), MM_EINVAL);
	assert_int_equal(res.n_headers, 0);
	http_response_release(&res);
}

static void test_redirect_local_only(void **state)
{
	static const char *const bad[] = {
		"//evil.example/", "/\\evil.example", "https://evil.example/",
		"evil", "", "/a\r\nSet-Cookie: x=1", "/a b", "/a\\b",
		"javascript:alert(1)", "/\xE3\x81\x82",
	};
	struct http_response res;
	(void)state;
	http_response_init(&res);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(http_response_redirect(&res, bad[i]), MM_EINVAL);
	assert_int_equal(http_response_redirect(&res, NULL), MM_EINVAL);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.n_headers, 0);
	assert_int_equal(http_response_redirect(&res, "/devices/3?tab=a%20b"), 0);
	assert_int_equal(res.status, 303);
	assert_string_equal(res.headers[0].name, "Location");
	assert_string_equal(res.headers[0].value, "/devices/3?tab=a%20b");
	http_response_release(&res);
}

static void test_accessors_without_connection(void **state)
{
	struct http_request req;
	(void)state;
	memset(&req, 0, sizeof(req));
	assert_null(http_header(&req, "Host"));
	assert_null(http_cookie(&req, "sid"));
	assert_null(http_query(&req, "q"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_header_refuses_crlf_and_bad_names),
		cmocka_unit_test(test_header_cap),
		cmocka_unit_test(test_cookie_attributes),
		cmocka_unit_test(test_cookie_injection_refused),
		cmocka_unit_test(test_redirect_local_only),
		cmocka_unit_test(test_accessors_without_connection),
	};
	return cmocka_run_group_tests_name("http_response", tests, NULL, NULL);
}
