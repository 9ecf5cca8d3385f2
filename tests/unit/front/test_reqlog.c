/*
 * test_reqlog.c - the journal's line of a request (app/reqlog.h, issue
 * 15): its syslog priority prefix, its keys, and values that cannot forge
 * another key or line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "app/reqlog.h"

static const char *line_of(const struct reqlog_entry *e, struct buf *b)
{
	buf_init(b, 4096);
	assert_int_equal(reqlog_format(e, b), 0);
	return buf_cstr(b);
}

static void test_priorities(void **state)
{
	(void)state;
	assert_int_equal(reqlog_priority(500, NULL, "/units"), REQLOG_ERR);
	assert_int_equal(reqlog_priority(503, NULL, NULL), REQLOG_ERR);
	assert_int_equal(reqlog_priority(429, "login.throttled", NULL),
			 REQLOG_WARNING);
	assert_int_equal(reqlog_priority(401, "login.failed", NULL),
			 REQLOG_NOTICE);
	assert_int_equal(reqlog_priority(403, "access.denied", NULL),
			 REQLOG_NOTICE);
	assert_int_equal(reqlog_priority(422, "request.refused", NULL),
			 REQLOG_NOTICE);
	assert_int_equal(reqlog_priority(403, NULL, "/login"), REQLOG_NOTICE);
	assert_int_equal(reqlog_priority(200, NULL, "/healthz"), REQLOG_DEBUG);
	assert_int_equal(reqlog_priority(200, NULL, "/metrics"), REQLOG_DEBUG);
	assert_int_equal(reqlog_priority(403, NULL, "/metrics"), REQLOG_NOTICE);
	assert_int_equal(reqlog_priority(201, NULL, "/api/v1/units"),
			 REQLOG_INFO);
	assert_int_equal(reqlog_priority(404, NULL, NULL), REQLOG_INFO);
}

static void test_line(void **state)
{
	struct reqlog_entry e = {
		.id = "0123456789abcdef", .status = 403, .usec = 12345,
		.user = "kita-officer", .addr = "::1",
		.action = "access.denied", .method = "POST",
		.route = "/api/v1/units/{id}",
	};
	struct buf b;

	(void)state;
	assert_string_equal(line_of(&e, &b),
			    "<5>mamori: request id=0123456789abcdef status=403 "
			    "ms=12 user=kita-officer addr=::1 "
			    "action=access.denied "
			    "route=\"POST /api/v1/units/{id}\"\n");
	buf_release(&b);
}

static void test_missing_values_print_a_dash(void **state)
{
	struct reqlog_entry e = { .id = "ab", .status = 404 };
	struct buf b;

	(void)state;
	assert_string_equal(line_of(&e, &b),
			    "<6>mamori: request id=ab status=404 ms=0 user=- "
			    "addr=- action=- route=\"- -\"\n");
	buf_release(&b);
}

/* A value can neither end the line nor close its quotes early. */
static void test_values_cannot_forge(void **state)
{
	struct reqlog_entry e = {
		.id = "x", .status = 200, .user = "a\nb\" c=d\\",
		.addr = "1.2.3.4", .method = "GE T", .route = "/x",
	};
	struct buf b;
	const char *l;

	(void)state;
	l = line_of(&e, &b);
	assert_non_null(strstr(l, " user=\"a?b? c=d?\" "));
	assert_non_null(strstr(l, " route=\"GE T /x\"\n"));
	assert_ptr_equal(strchr(l, '\n'), l + strlen(l) - 1);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priorities),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_missing_values_print_a_dash),
		cmocka_unit_test(test_values_cannot_forge),
	};
	return cmocka_run_group_tests_name("app/reqlog", tests, NULL, NULL);
}
