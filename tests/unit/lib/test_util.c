#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/util.h"
#include "lib/err.h"
#include "lib/config.h"

static void test_parse_int64(void **state)
{
	int64_t v = 42;
	(void)state;
	assert_int_equal(parse_int64("123", 0, 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(parse_int64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(parse_int64("", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64(" 1", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64("1x", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64("11", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64("99999999999999999999", 0, INT64_MAX, &v), MM_EINVAL);
	assert_int_equal(parse_int64("+1", 0, 10, &v), MM_EINVAL);
	assert_int_equal(v, -5);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("令和元年", strlen("令和元年")));
	assert_true(utf8_valid("a\tb\nc", 5));
	assert_false(utf8_valid("\xC0\xAF", 2));        /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));    /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));/* > U+10FFFF */
	assert_false(utf8_valid("\xE3\x81", 2));        /* truncated */
	assert_false(utf8_valid("a\0b", 3));             /* NUL */
	assert_false(utf8_valid("a\x01", 2));            /* control */
	assert_true(utf8_valid("\xF0\xA0\xAE\xB7", 4));  /* 𠮷 */
	assert_int_equal(utf8_chars("𠮷野家"), 3);
}

static void test_streq_const(void **state)
{
	(void)state;
	assert_true(streq_const("abc", "abc"));
	assert_false(streq_const("abc", "abd"));
	assert_false(streq_const("abc", "abcd"));
}

static void test_iso8601(void **state)
{
	char out[32];
	(void)state;
	assert_string_equal(format_iso8601(0, out, sizeof(out)), "1970-01-01T00:00:00Z");
	assert_string_equal(format_iso8601(1743465600, out, sizeof(out)), "2025-04-01T00:00:00Z");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_config(void **state)
{
	struct config c;
	char err[200] = "";
	char path[] = "/tmp/mamori-config-XXXXXX";
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	config_defaults(&c);
	assert_int_equal(c.idle_secs, 1800);

	write_file(path, "[server]\nlisten = 0.0.0.0:9000\ntls = true\n"
			 "[session]\nidle_minutes = 10\n[database]\nurl = /tmp/x.db\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), 0);
	assert_string_equal(c.listen_addr, "0.0.0.0");
	assert_int_equal(c.listen_port, 9000);
	assert_int_equal(c.tls, 1);
	assert_int_equal(c.idle_secs, 600);
	assert_string_equal(c.db_url, "/tmp/x.db");

	/* Unknown key: error with its line, nothing changed. */
	write_file(path, "[server]\nthreads = 2\nthread = 3\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), MM_EINVAL);
	assert_non_null(strstr(err, "line 3"));
	assert_int_equal(c.threads, 4);

	write_file(path, "[server]\nthreads = lots\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), MM_EINVAL);
	write_file(path, "[server]\nlisten = nowhere\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), MM_EINVAL);
	write_file(path, "[session\nidle_minutes = 3\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), MM_EINVAL);
	assert_int_equal(c.idle_secs, 600);
	unlink(path);
	assert_int_equal(config_load(&c, path, err, sizeof(err)), MM_EIO);
}

static void test_listen(void **state)
{
	struct config c;
	(void)state;
	config_defaults(&c);
	assert_int_equal(config_set_listen(&c, "[::1]:8081"), 0);
	assert_string_equal(c.listen_addr, "::1");
	assert_int_equal(c.listen_port, 8081);
	assert_int_equal(config_set_listen(&c, "127.0.0.1:70000"), MM_EINVAL);
	assert_int_equal(config_set_listen(&c, ":80"), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_streq_const),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_listen),
	};
	return cmocka_run_group_tests_name("lib/util", tests, NULL, NULL);
}
