#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_format),
		cmocka_unit_test(test_overflow_fails_closed),
		cmocka_unit_test(test_format_overflow),
		cmocka_unit_test(test_growth_and_detach),
		cmocka_unit_test(test_binary_data),
	};
	return cmocka_run_group_tests_name("lib/buf", tests, NULL, NULL);
}
