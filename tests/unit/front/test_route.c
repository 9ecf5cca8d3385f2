#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/route.h"

static void test_literal_paths(void **state)
{
	int64_t p[HTTP_MAX_PATH_PARAMS];
	size_t n = 9;
	(void)state;
	assert_true(route_match("/units", "/units", p, &n));
	assert_int_equal(n, 0);
	assert_false(route_match("/units", "/units/", p, &n));
	assert_false(route_match("/units", "/unit", p, &n));
	assert_false(route_match("/units/new", "/units", p, &n));
}

static void test_id_segments(void **state)
{
	int64_t p[HTTP_MAX_PATH_PARAMS];
	size_t n = 0;
	(void)state;
	assert_true(route_match("/units/{id}", "/units/42", p, &n));
	assert_int_equal(n, 1);
	assert_int_equal(p[0], 42);
	assert_true(route_match("/users/{id}/roles/{id}", "/users/7/roles/9", p, &n));
	assert_int_equal(n, 2);
	assert_int_equal(p[1], 9);
	assert_false(route_match("/units/{id}", "/units/new", p, &n));
	assert_false(route_match("/units/{id}", "/units/0", p, &n));
	assert_false(route_match("/units/{id}", "/units/007", p, &n));
	assert_false(route_match("/units/{id}", "/units/-1", p, &n));
	assert_false(route_match("/units/{id}", "/units/", p, &n));
	assert_false(route_match("/units/{id}", "/units/99999999999999999999", p, &n));
	assert_false(route_match("/units/{id}/edit", "/units/4/edit/x", p, &n));
}

static void test_rest_wildcard(void **state)
{
	int64_t p[HTTP_MAX_PATH_PARAMS];
	size_t n = 0;
	(void)state;
	assert_true(route_match("/static/*", "/static/mamori.css", p, &n));
	assert_false(route_match("/static/*", "/static/", p, &n));
	assert_false(route_match("/static/*", "/static", p, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_paths),
		cmocka_unit_test(test_id_segments),
		cmocka_unit_test(test_rest_wildcard),
	};
	return cmocka_run_group_tests_name("app/route", tests, NULL, NULL);
}
