/*
 * test_charset.c - UTF-8 and CP932 (as Excel saves a CSV) to UTF-8, with
 * bytes that cannot convert reported, not dropped (R-DEV-1 import).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/charset.h"
#include "lib/buf.h"
#include "lib/err.h"

static void test_keys(void **state)
{
	(void)state;
	assert_int_equal(charset_from_key("utf-8"), CHARSET_UTF8);
	assert_int_equal(charset_from_key("cp932"), CHARSET_CP932);
	assert_int_equal(charset_from_key("latin1"), CHARSET_NONE);
	assert_int_equal(charset_from_key(NULL), CHARSET_NONE);
}

static void test_cp932_with_windows_extensions(void **state)
{
	/* "東芝,①髙橋㈱,ﾃｽﾄ\r\n" as Windows writes it. */
	static const char in[] = "\x93\x8c\x8e\xc5,\x87\x40\xee\xe0\x8b\xb4"
				 "\x87\x8a,\xc3\xbd\xc4\r\n";
	struct buf out = BUF_INIT_MAX(1 << 20);

	(void)state;
	assert_int_equal(charset_to_utf8(CHARSET_CP932, in, sizeof(in) - 1,
					 &out, NULL), 0);
	assert_string_equal(buf_cstr(&out), "東芝,①髙橋㈱,ﾃｽﾄ\r\n");
	buf_release(&out);
}

static void test_cp932_wave_dash_maps_as_windows(void **state)
{
	/* 0x8160 is U+FF5E FULLWIDTH TILDE in CP932, not U+301C. */
	struct buf out = BUF_INIT_MAX(1 << 20);

	(void)state;
	assert_int_equal(charset_to_utf8(CHARSET_CP932, "\x81\x60", 2, &out,
					 NULL), 0);
	assert_string_equal(buf_cstr(&out), "\xEF\xBD\x9E");
	buf_release(&out);
}

static void test_cp932_control_bytes_map_as_windows(void **state)
{
	/* ICU's IBM table swaps 0x1A, 0x1C and 0x7F; Windows does not
	 * (found by tests/fuzz/fuzz_csv.c). */
	struct buf out = BUF_INIT_MAX(1 << 20);

	(void)state;
	assert_int_equal(charset_to_utf8(CHARSET_CP932, "a\x1A\x1C\x7F\xB0", 5,
					 &out, NULL), 0);
	assert_string_equal(buf_cstr(&out), "a\x1A\x1C\x7F\xEF\xBD\xB0");
	buf_release(&out);
}

static void test_cp932_bad_bytes_are_reported(void **state)
{
	/* Line 2 ends in a lead byte with an impossible trail byte. */
	static const char in[] = "ok\nab\x81\x0a";
	struct charset_fault f;
	struct buf out = BUF_INIT_MAX(1 << 20);

	(void)state;
	assert_int_equal(charset_to_utf8(CHARSET_CP932, in, sizeof(in) - 1,
					 &out, &f), MM_EINVAL);
	assert_int_equal(f.line, 2);
	assert_int_equal(f.offset, 5);
	assert_true(f.n_bytes >= 1);
	assert_int_equal(f.bytes[0], 0x81);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_utf8_valid_and_invalid(void **state)
{
	static const char bad[] = "a,b\nc,\xC3\x28\n";
	struct charset_fault f;
	struct buf out = BUF_INIT_MAX(1 << 20);

	(void)state;
	assert_int_equal(charset_to_utf8(CHARSET_UTF8, "機種,𠮷", strlen("機種,𠮷"), &out,
					 NULL), 0);
	assert_string_equal(buf_cstr(&out), "機種,𠮷");
	buf_reset(&out);
	assert_int_equal(charset_to_utf8(CHARSET_UTF8, bad, sizeof(bad) - 1,
					 &out, &f), MM_EINVAL);
	assert_int_equal(f.line, 2);
	assert_int_equal(f.offset, 6);
	assert_int_equal(f.bytes[0], 0xC3);
	buf_release(&out);
}

static void test_nul_and_unknown_charset_refused(void **state)
{
	struct charset_fault f;
	struct buf out = BUF_INIT_MAX(1 << 20);

	(void)state;
	assert_int_equal(charset_to_utf8(CHARSET_UTF8, "a\0b", 3, &out, &f),
			 MM_EINVAL);
	assert_int_equal(f.offset, 1);
	assert_int_equal(charset_to_utf8(CHARSET_NONE, "a", 1, &out, NULL),
			 MM_EINVAL);
	buf_release(&out);
}

/* Issue 11: exports in CP932 for Excel, with the Windows table. */
static void test_from_utf8_cp932(void **state)
{
	struct buf out;
	struct charset_fault f;
	/* ～ － ① ㈱ 髙: Windows' table, not plain Shift_JIS */
	const char *ok = "申請者,～－①㈱髙\r\n";
	const unsigned char want[] = { 0x90, 0x5c, 0x90, 0xbf, 0x8e, 0xd2, ',',
		0x81, 0x60, 0x81, 0x7c, 0x87, 0x40, 0x87, 0x8a, 0xfb, 0xfc,
		'\r', '\n' };

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(charset_from_utf8(CHARSET_CP932, ok, strlen(ok), &out,
					   &f), 0);
	assert_int_equal(out.len, sizeof want);
	assert_memory_equal(buf_cstr(&out), want, sizeof want);
	/* It reads back to the same text. */
	{
		struct buf back;

		buf_init(&back, 0);
		assert_int_equal(charset_to_utf8(CHARSET_CP932, buf_cstr(&out),
						 out.len, &back, NULL), 0);
		assert_string_equal(buf_cstr(&back), ok);
		buf_release(&back);
	}
	buf_reset(&out);
	/* 𠮷 (U+20BB7) and ㋿ (U+32FF) are not in CP932: named, not dropped. */
	assert_int_equal(charset_from_utf8(CHARSET_CP932, "吉田\n𠮷田",
					   strlen("吉田\n𠮷田"), &out, &f),
			 MM_EINVAL);
	assert_int_equal(out.len, 0);
	assert_int_equal(f.line, 2);
	assert_int_equal(f.offset, strlen("吉田\n"));
	assert_int_equal(f.n_bytes, 4);
	assert_memory_equal(f.bytes, "𠮷", 4);
	assert_int_equal(charset_from_utf8(CHARSET_CP932, "令和㋿", strlen("令和㋿"),
					   &out, &f), MM_EINVAL);
	assert_int_equal(f.offset, strlen("令和"));
	assert_memory_equal(f.bytes, "㋿", 3);
	/* Invalid UTF-8 is refused in both charsets. */
	assert_int_equal(charset_from_utf8(CHARSET_CP932, "\xff", 1, &out, &f),
			 MM_EINVAL);
	assert_int_equal(charset_from_utf8(CHARSET_UTF8, "\xc3", 1, &out, &f),
			 MM_EINVAL);
	assert_int_equal(charset_from_utf8(CHARSET_UTF8, "𠮷", 4, &out, &f), 0);
	assert_int_equal(out.len, 4);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_utf8_cp932),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_cp932_with_windows_extensions),
		cmocka_unit_test(test_cp932_wave_dash_maps_as_windows),
		cmocka_unit_test(test_cp932_control_bytes_map_as_windows),
		cmocka_unit_test(test_cp932_bad_bytes_are_reported),
		cmocka_unit_test(test_utf8_valid_and_invalid),
		cmocka_unit_test(test_nul_and_unknown_charset_refused),
	};
	return cmocka_run_group_tests_name("core_charset", tests, NULL, NULL);
}
