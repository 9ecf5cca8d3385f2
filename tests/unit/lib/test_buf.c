#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/buf.h"
#include "lib/err.h"

static void test_append_and_format(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_adds(&b, "令和"), 0);
	assert_int_equal(buf_addf(&b, "%d年", 7), 0);
	assert_int_equal(buf_addch(&b, '!'), 0);
	assert_string_equal(buf_cstr(&b), "令和7年!");
	assert_int_equal(b.len, strlen("令和7年!"));
	buf_release(&b);
}

static void test_overflow_fails_closed(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addch(&b, '9'), MM_EOVERFLOW);
	/* The contents are gone, and the failure is sticky. */
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_adds(&b, "a"), MM_EOVERFLOW);
	assert_int_equal(buf_addf(&b, "%s", "a"), MM_EOVERFLOW);
	assert_null(buf_detach(&b, NULL));
	buf_reset(&b);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(buf_adds(&b, "ok"), 0);
	assert_string_equal(buf_cstr(&b), "ok");
	buf_release(&b);
}

static void test_format_overflow(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_addf(&b, "%s", "0123456789A"), MM_EOVERFLOW);
	assert_int_equal(buf_error(&b), MM_EOVERFLOW);
	buf_release(&b);
}

static void test_growth_and_detach(void **state)
{
	struct buf b;
	char *p;
	size_t len;
	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_addch(&b, 'x'), 0);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 10000);
	assert_int_equal(strlen(p), 10000);
	free(p);
	assert_string_equal(buf_cstr(&b), "");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_release(&b);
}

/* buf_reserve makes room once; past the maximum it stops at it. */
static void test_reserve(void **state)
{
	struct buf b;
	char *data;
	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_adds(&b, "ab"), 0);
	assert_int_equal(buf_reserve(&b, 50), 0);
	assert_true(b.cap >= 53);
	data = b.data;
	for (int i = 0; i < 50; i++)
		assert_int_equal(buf_addch(&b, 'x'), 0);
	assert_ptr_equal(b.data, data); /* no reallocation */
	assert_int_equal(b.len, 52);
	assert_int_equal(buf_reserve(&b, 1000), 0);
	assert_int_equal(b.cap, 101);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(strncmp(buf_cstr(&b), "abxx", 4), 0);
	buf_release(&b);
}

static void test_binary_data(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	buf_release(&b);
}

/* A file of n bytes 'f' under a fresh directory; its path in path. */
static void write_file(char *dir, char *path, size_t len, size_t n)
{
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, len, "%s/f", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fputc('f', f);
	assert_int_equal(fclose(f), 0);
}

/* buf_add_file: the whole file appended; up to the maximum and not past
 * it; a missing file and a directory are MM_EIO; a failed buffer is left
 * alone. */
static void test_add_file(void **state)
{
	char dir[] = "/tmp/mm-buf-XXXXXX", path[64];
	struct buf b = BUF_INIT_MAX(10000), small = BUF_INIT_MAX(9999);
	(void)state;
	write_file(dir, path, sizeof path, 10000);
	assert_int_equal(buf_adds(&b, ""), 0);
	assert_int_equal(buf_add_file(&b, path), 0);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.data[9999], 'f');
	assert_int_equal(buf_add_file(&small, path), MM_EOVERFLOW);
	assert_int_equal(buf_error(&small), MM_EOVERFLOW);
	assert_string_equal(buf_cstr(&small), "");
	assert_int_equal(buf_add_file(&small, path), MM_EOVERFLOW);
	buf_release(&b);
	assert_int_equal(buf_adds(&b, "x"), 0);
	assert_int_equal(buf_add_file(&b, dir), MM_EIO);
	assert_int_equal(buf_add_file(&b, "/nonexistent/mamori"), MM_EIO);
	assert_string_equal(buf_cstr(&b), "x");
	assert_int_equal(buf_add_file(&b, "/dev/null"), 0);
	assert_int_equal(b.len, 1);
	buf_release(&b);
	buf_release(&small);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_format),
		cmocka_unit_test(test_overflow_fails_closed),
		cmocka_unit_test(test_format_overflow),
		cmocka_unit_test(test_growth_and_detach),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_binary_data),
		cmocka_unit_test(test_add_file),
	};
	return cmocka_run_group_tests_name("lib/buf", tests, NULL, NULL);
}
