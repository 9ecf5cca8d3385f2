#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <string.h>
#include <cmocka.h>

#include "core/wareki.h"
#include "lib/buf.h"
#include "lib/err.h"

/* Formats y-m-d and compares; fails the test with the actual text. */
static void expect_date(int y, int m, int d, const char *want)
{
	struct civil_date cd = { y, m, d };
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(wareki_format(&cd, &b), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void test_era_boundaries(void **state)
{
	(void)state;
	expect_date(2019, 5, 1, "令和元年5月1日");
	expect_date(2019, 4, 30, "平成31年4月30日");
	expect_date(1989, 1, 7, "昭和64年1月7日");
	expect_date(1989, 1, 8, "平成元年1月8日");
	expect_date(2025, 4, 1, "令和7年4月1日");
	expect_date(2020, 3, 25, "令和2年3月25日");
	expect_date(1926, 12, 25, "昭和元年12月25日");
	expect_date(1912, 7, 30, "大正元年7月30日");
	expect_date(1873, 1, 1, "明治6年1月1日");
}

static void test_refuses_impossible_dates(void **state)
{
	struct civil_date bad[] = {
		{ 2025, 2, 29 }, { 2025, 13, 1 }, { 2025, 0, 1 },
		{ 2025, 4, 31 }, { 2025, 1, 0 },
		{ 1872, 12, 31 },   /* before the Gregorian calendar in Japan */
	};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(wareki_format(&bad[i], &b), MM_EINVAL);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_unix_in_tokyo(void **state)
{
	struct buf b;
	struct civil_date d;

	(void)state;
	buf_init(&b, 0);
	/* 2025-03-31T15:00:00Z is already 4月1日 in Tokyo. */
	assert_int_equal(wareki_format_unix(1743433200, 0, &b), 0);
	assert_string_equal(buf_cstr(&b), "令和7年4月1日");
	buf_reset(&b);
	assert_int_equal(wareki_format_unix(1743433200 - 1, 0, &b), 0);
	assert_string_equal(buf_cstr(&b), "令和7年3月31日");
	buf_reset(&b);
	/* 2025-04-01T00:05:00Z: 9時05分 in Tokyo. */
	assert_int_equal(wareki_format_unix(1743465900, 1, &b), 0);
	assert_string_equal(buf_cstr(&b), "令和7年4月1日 9時05分");
	buf_reset(&b);
	assert_int_equal(wareki_format_unix(1743433200 + 23 * 3600 + 59 * 60,
					    1, &b), 0);
	assert_string_equal(buf_cstr(&b), "令和7年4月1日 23時59分");
	buf_release(&b);

	assert_int_equal(civil_from_unix(1743433200, &d), 0);
	assert_int_equal(d.year, 2025);
	assert_int_equal(d.month, 4);
	assert_int_equal(d.day, 1);
	assert_int_equal(civil_from_unix(0, &d), 0);
	assert_int_equal(d.year, 1970);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 1);
}

static void test_appends_to_buffer(void **state)
{
	struct civil_date d = { 2019, 5, 1 };
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "日付: ");
	assert_int_equal(wareki_format(&d, &b), 0);
	assert_string_equal(buf_cstr(&b), "日付: 令和元年5月1日");
	buf_release(&b);
	/* A buffer too small reports its own error. */
	buf_init(&b, 4);
	assert_int_equal(wareki_format(&d, &b), MM_EOVERFLOW);
	buf_release(&b);
}

static void test_parse_iso(void **state)
{
	struct civil_date d = { 0, 0, 0 };

	(void)state;
	assert_int_equal(civil_parse_iso("2025-04-01", &d), 0);
	assert_int_equal(d.year, 2025);
	assert_int_equal(d.month, 4);
	assert_int_equal(d.day, 1);
	assert_int_equal(civil_parse_iso("2024-02-29", &d), 0);
	assert_int_equal(civil_parse_iso("2025-02-29", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("2025-13-01", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("2025-1-01", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("2025-01-1", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("2025-01-01 ", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("2025/01/01", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("+025-01-01", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("0000-01-01", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso("", &d), MM_EINVAL);
	assert_int_equal(civil_parse_iso(NULL, &d), MM_EINVAL);
	assert_int_equal(d.year, 2024);     /* untouched by the failures */
}

static void test_civil_valid(void **state)
{
	struct civil_date ok[] = { { 2000, 2, 29 }, { 2024, 12, 31 },
				   { 1, 1, 1 }, { 9999, 12, 31 } };
	struct civil_date bad[] = { { 1900, 2, 29 }, { 2023, 2, 29 },
				    { 2024, 6, 31 }, { 0, 1, 1 },
				    { 10000, 1, 1 }, { 2024, -1, 1 } };

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_true(civil_valid(&ok[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(civil_valid(&bad[i]));
	assert_false(civil_valid(NULL));
}

/* Threads each keep their own ICU objects; run several at once. */
static void *format_many(void *arg)
{
	struct civil_date d = { 2019, 5, 1 };
	struct buf b;
	int *bad = arg;

	buf_init(&b, 0);
	for (int i = 0; i < 200; i++) {
		buf_reset(&b);
		if (wareki_format(&d, &b) < 0 ||
		    strcmp(buf_cstr(&b), "令和元年5月1日") != 0)
			(*bad)++;
	}
	buf_release(&b);
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	int bad[4] = { 0 };

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, format_many,
						&bad[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_era_boundaries),
		cmocka_unit_test(test_refuses_impossible_dates),
		cmocka_unit_test(test_unix_in_tokyo),
		cmocka_unit_test(test_appends_to_buffer),
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_civil_valid),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests_name("core_wareki", tests, NULL, NULL);
}
