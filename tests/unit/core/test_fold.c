/*
 * test_fold.c - text folded for matching (R-CASE-2 message check, the
 * seal's folded names): width, kana, case, spacing and punctuation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "core/fold.h"
#include "lib/buf.h"
#include "lib/err.h"

#define ALL (FOLD_DROP_SPACE | FOLD_DROP_PUNCT)

static void assert_folds(const char *in, unsigned flags, const char *want)
{
	struct buf out = BUF_INIT_MAX(1 << 16);

	assert_int_equal(fold_text(in, &out, flags), 0);
	assert_string_equal(buf_cstr(&out), want);
	buf_release(&out);
}

static void test_r_case_2_variants_fold_alike(void **state)
{
	(void)state;
	assert_folds("パパ活", ALL, "ぱぱ活");
	assert_folds("パ パ 活", ALL, "ぱぱ活");
	assert_folds("ﾊﾟﾊﾟ活", ALL, "ぱぱ活");
	assert_folds("ぱ・ぱ・活", ALL, "ぱぱ活");
	assert_folds("パ\u3000パ\t活", ALL, "ぱぱ活");
	assert_folds("ﾊﾟﾊﾟｶﾂ", ALL, "ぱぱかつ");
	assert_folds("ぱぱかつ", ALL, "ぱぱかつ");
	assert_folds("Ｐ活", ALL, "p活");
	assert_folds("ｐ 活", ALL, "p活");
	assert_folds("ＪＫ", 0, "jk");
	assert_folds("ﾎ別", ALL, "ほ別");
	assert_folds("ﾊ ﾟ ﾊ・ﾟ", ALL, "ぱぱ");
	assert_folds("ﾊ ﾟ", 0, "は ゚");
	/* a zero-width space is ignorable and vanishes even without flags */
	assert_folds("パ\u200Bパ", 0, "ぱぱ");
}

static void test_flags_keep_what_is_not_asked(void **state)
{
	(void)state;
	assert_folds("ア イ・ウ", 0, "あ い・う");
	assert_folds("ア イ・ウ", FOLD_DROP_SPACE, "あい・う");
	assert_folds("ア イ・ウ", FOLD_DROP_PUNCT, "あ いう");
	assert_folds("１２３ＡＢＣ", 0, "123abc");
	assert_folds("コーヒー★♡！？", ALL, "こーひー");
	assert_folds("ヴァヵヶヽヾ", 0, "ゔぁかけゝゞ");
	assert_folds("ヷ", 0, "ヷ");
	assert_folds("", ALL, "");
	assert_folds("漢字と数字", ALL, "漢字と数字");
}

static void test_appends_to_out(void **state)
{
	struct buf out = BUF_INIT_MAX(64);

	(void)state;
	buf_adds(&out, "x:");
	assert_int_equal(fold_text("ア", &out, 0), 0);
	assert_string_equal(buf_cstr(&out), "x:あ");
	buf_release(&out);
}

static void test_invalid_utf8_is_einval(void **state)
{
	struct buf out = BUF_INIT_MAX(64);

	(void)state;
	assert_int_equal(fold_text("a\xff", &out, 0), MM_EINVAL);
	assert_int_equal(fold_text("\xe3\x81", &out, 0), MM_EINVAL);
	assert_int_equal(fold_text("\xed\xa0\x80", &out, 0), MM_EINVAL);
	assert_int_equal(fold_text("\xc0\xaf", &out, 0), MM_EINVAL);
	assert_int_equal(fold_text(NULL, &out, 0), MM_EINVAL);
	assert_string_equal(buf_cstr(&out), "");
	buf_release(&out);
}

static void test_overflow_is_reported(void **state)
{
	struct buf out = BUF_INIT_MAX(4);

	(void)state;
	assert_int_equal(fold_text("あいう", &out, 0), MM_EOVERFLOW);
	buf_release(&out);
}

/* The code-point mapping agrees with ICU's Katakana-Hiragana over the block
 * it maps (fold.h says why it is not the transliterator itself). */
static void test_kana_map_agrees_with_icu(void **state)
{
	UErrorCode err = U_ZERO_ERROR;
	UTransliterator *t = utrans_openU(u"Katakana-Hiragana", -1,
					  UTRANS_FORWARD, NULL, 0, NULL, &err);

	(void)state;
	assert_true(U_SUCCESS(err));
	for (UChar32 c = 0x30A1; c <= 0x30FE; c++) {
		UChar u[8] = { (UChar)c, 0 };
		int32_t len = 1, limit = 1;
		char in[8], want[16];
		struct buf out = BUF_INIT_MAX(64);

		if (c >= 0x30F7 && c <= 0x30FC)
			continue; /* ヷヸヹヺ・ー: no twin (・ is punctuation) */
		err = U_ZERO_ERROR;
		utrans_transUChars(t, u, &len, 8, 0, &limit, &err);
		assert_true(U_SUCCESS(err));
		u_strToUTF8(want, sizeof(want), NULL, u, len, &err);
		u_strToUTF8(in, sizeof(in), NULL, (UChar[]){ (UChar)c }, 1,
			    &err);
		assert_true(U_SUCCESS(err));
		assert_int_equal(fold_text(in, &out, 0), 0);
		assert_string_equal(buf_cstr(&out), want);
		buf_release(&out);
	}
	utrans_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_case_2_variants_fold_alike),
		cmocka_unit_test(test_flags_keep_what_is_not_asked),
		cmocka_unit_test(test_appends_to_out),
		cmocka_unit_test(test_invalid_utf8_is_einval),
		cmocka_unit_test(test_overflow_is_reported),
		cmocka_unit_test(test_kana_map_agrees_with_icu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
