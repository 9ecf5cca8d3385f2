#include "fold.h"

#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "../lib/err.h"
#include "../lib/banned.h"

/* in (UTF-8) -> a malloc'd UTF-16 string in *u of *n units. */
static int to_utf16(const char *in, UChar **u, int32_t *n)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = 0;

	u_strFromUTF8(NULL, 0, &len, in, -1, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return MM_EINVAL; /* ill-formed UTF-8 */
	*u = malloc(((size_t)len + 1) * sizeof(UChar));
	if (!*u)
		return MM_ENOMEM;
	err = U_ZERO_ERROR;
	u_strFromUTF8(*u, len + 1, n, in, -1, &err);
	if (U_FAILURE(err)) {
		free(*u);
		*u = NULL;
		return MM_EINVAL;
	}
	return 0;
}

/* NFKC_Casefold of src into a malloc'd *dst of *n units. */
static int nfkc_cf(const UChar *src, int32_t len, UChar **dst, int32_t *n)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&err);
	int32_t need;

	if (U_FAILURE(err))
		return MM_ENOMEM; /* ICU's data could not be loaded */
	need = unorm2_normalize(nf, src, len, NULL, 0, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return MM_EINVAL;
	*dst = malloc(((size_t)need + 1) * sizeof(UChar));
	if (!*dst)
		return MM_ENOMEM;
	err = U_ZERO_ERROR;
	*n = unorm2_normalize(nf, src, len, *dst, need + 1, &err);
	if (U_FAILURE(err)) {
		free(*dst);
		*dst = NULL;
		return MM_EINVAL;
	}
	return 0;
}

/* Step 2 of fold_text: the katakana block's hiragana twins. */
static UChar32 kana_fold(UChar32 c)
{
	if (c == 0x30F5)
		return 0x304B; /* ヵ -> か, as ICU: 一ヵ所 reads いっかしょ */
	if (c == 0x30F6)
		return 0x3051; /* ヶ -> け, as ICU */
	if ((c >= 0x30A1 && c <= 0x30F4) || c == 0x30FD || c == 0x30FE)
		return c - 0x60;
	return c;
}

static int dropped(UChar32 c, unsigned flags)
{
	int8_t t = u_charType(c);

	if ((flags & FOLD_DROP_SPACE) && (u_isUWhiteSpace(c) ||
					  t == U_CONTROL_CHAR))
		return 1;
	if (!(flags & FOLD_DROP_PUNCT))
		return 0;
	switch (t) {
	case U_CONNECTOR_PUNCTUATION:
	case U_DASH_PUNCTUATION:
	case U_START_PUNCTUATION:
	case U_END_PUNCTUATION:
	case U_INITIAL_PUNCTUATION:
	case U_FINAL_PUNCTUATION:
	case U_OTHER_PUNCTUATION:
	case U_MATH_SYMBOL:
	case U_CURRENCY_SYMBOL:
	case U_MODIFIER_SYMBOL:
	case U_OTHER_SYMBOL:
		return 1;
	default:
		return 0;
	}
}

/* Step 3 in place: the output is never longer than the input. */
static int32_t drop(UChar *u, int32_t n, unsigned flags)
{
	int32_t i = 0, o = 0;

	while (i < n) {
		UChar32 c;
		UBool bad = 0;

		U16_NEXT(u, i, n, c);
		if (dropped(c, flags))
			continue;
		U16_APPEND(u, o, n, c, bad);
		(void)bad; /* same or fewer units than were read */
	}
	return o;
}

/* Step 2 in place: every katakana of the block is one unit, as its twin. */
static void kana(UChar *u, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		u[i] = (UChar)kana_fold(u[i]);
}

static int append_utf8(struct buf *out, const UChar *u, int32_t n)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = 0;
	char *s;
	int rc;

	u_strToUTF8(NULL, 0, &len, u, n, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return MM_EINVAL;
	s = malloc((size_t)len + 1);
	if (!s)
		return MM_ENOMEM;
	err = U_ZERO_ERROR;
	u_strToUTF8(s, len + 1, NULL, u, n, &err);
	rc = U_FAILURE(err) ? MM_EINVAL : buf_add(out, s, (size_t)len);
	free(s);
	return rc;
}

int fold_text(const char *in, struct buf *out, unsigned flags)
{
	UChar *u = NULL, *nf = NULL, *again = NULL;
	int32_t n = 0, m = 0, k;
	int rc;

	if (!in)
		return MM_EINVAL;
	if (buf_error(out))
		return buf_error(out);
	rc = to_utf16(in, &u, &n);
	if (rc == 0)
		rc = nfkc_cf(u, n, &nf, &m);
	if (rc == 0 && (k = drop(nf, m, flags)) != m) {
		/* What was dropped may have parted a letter from its mark
		 * ("ﾊ ﾟ" -> は + U+309A): normalise again to join them. */
		rc = nfkc_cf(nf, k, &again, &m);
		free(nf);
		nf = again;
	}
	if (rc == 0) {
		kana(nf, m);
		rc = append_utf8(out, nf, m);
	}
	free(u);
	free(nf);
	return rc;
}
