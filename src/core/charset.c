#include "charset.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "../lib/err.h"
#include "../lib/banned.h"

enum charset charset_from_key(const char *key)
{
	if (!key)
		return CHARSET_NONE;
	if (!strcmp(key, "utf-8") || !strcmp(key, "utf8"))
		return CHARSET_UTF8;
	if (!strcmp(key, "cp932") || !strcmp(key, "shift_jis") ||
	    !strcmp(key, "windows-31j"))
		return CHARSET_CP932;
	return CHARSET_NONE;
}

/* The ICU converter name; windows-31j is an alias of ibm-943_P15A-2003. */
static const char *converter_name(enum charset cs)
{
	switch (cs) {
	case CHARSET_UTF8:
		return "UTF-8";
	case CHARSET_CP932:
		return "ibm-943_P15A-2003";
	default:
		return NULL;
	}
}

static size_t line_of(const char *in, size_t offset)
{
	size_t line = 1;

	/* 0x0A is never a CP932 trail byte, nor part of a UTF-8 sequence. */
	for (size_t i = 0; i < offset; i++)
		line += in[i] == '\n';
	return line;
}

static void set_fault(struct charset_fault *f, const char *in,
		      size_t offset, const char *bytes, size_t n)
{
	if (!f)
		return;
	memset(f, 0, sizeof(*f));
	f->offset = offset;
	f->line = line_of(in, offset);
	f->n_bytes = n < sizeof(f->bytes) ? n : sizeof(f->bytes);
	memcpy(f->bytes, bytes, f->n_bytes);
}

/* A NUL byte is refused: no text field of Mamori may hold one. */
static int find_nul(const char *in, size_t len, struct charset_fault *f)
{
	const char *nul = memchr(in, '\0', len);

	if (!nul)
		return 0;
	set_fault(f, in, (size_t)(nul - in), nul, 1);
	return MM_EINVAL;
}

/*
 * in -> UTF-16 into u (room for len + 1 units: no charset here makes more
 * than one unit per byte), stopping at the first sequence that does not
 * convert.
 */
static int to_utf16(UConverter *cnv, const char *in, size_t len, UChar *u,
		    int32_t *ulen, struct charset_fault *f)
{
	UErrorCode err = U_ZERO_ERROR;
	const char *src = in;
	UChar *dst = u;

	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
			    &err);
	if (U_FAILURE(err))
		return MM_ENOMEM;
	ucnv_toUnicode(cnv, &dst, u + len + 1, &src, in + len, NULL, 1, &err);
	if (U_FAILURE(err)) {
		char bad[32];
		int8_t n = sizeof(bad);
		UErrorCode e2 = U_ZERO_ERROR;

		ucnv_getInvalidChars(cnv, bad, &n, &e2);
		if (U_FAILURE(e2))
			n = 0;
		set_fault(f, in, (size_t)(src - in) - (size_t)n, bad,
			  (size_t)n);
		return MM_EINVAL;
	}
	*ulen = (int32_t)(dst - u);
	return 0;
}

/*
 * ibm-943_P15A-2003 keeps IBM's swap of three control bytes (0x1A ->
 * U+001C, 0x1C -> U+007F, 0x7F -> U+001A); Windows maps them to
 * themselves.  No other CP932 byte or pair gives these three code
 * points, so swapping them back gives Windows' reading.  Found by
 * tests/fuzz/fuzz_csv.c (corpus/csv/crash-cp932-control-swap).
 */
static void windows_controls(UChar *u, int32_t ulen)
{
	for (int32_t i = 0; i < ulen; i++) {
		if (u[i] == 0x1C)
			u[i] = 0x1A;
		else if (u[i] == 0x7F)
			u[i] = 0x1C;
		else if (u[i] == 0x1A)
			u[i] = 0x7F;
	}
}

static int utf16_to_buf(const UChar *u, int32_t ulen, struct buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	char *s;
	int rc;

	u_strToUTF8(NULL, 0, &n, u, ulen, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return MM_EINVAL;
	s = malloc((size_t)n + 1);
	if (!s)
		return MM_ENOMEM;
	err = U_ZERO_ERROR;
	u_strToUTF8(s, n + 1, NULL, u, ulen, &err);
	rc = U_FAILURE(err) ? MM_EINVAL : buf_add(out, s, (size_t)n);
	free(s);
	return rc;
}

int charset_to_utf8(enum charset cs, const char *in, size_t len,
		    struct buf *out, struct charset_fault *fault)
{
	const char *name = converter_name(cs);
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cnv;
	UChar *u;
	int32_t ulen = 0;
	int rc;

	if (!name || !in || len >= (size_t)INT32_MAX - 1)
		return MM_EINVAL;
	rc = find_nul(in, len, fault);
	if (rc < 0)
		return rc;
	cnv = ucnv_open(name, &err);
	if (U_FAILURE(err))
		return MM_ENOMEM;
	u = malloc((len + 1) * sizeof(*u));
	rc = u ? to_utf16(cnv, in, len, u, &ulen, fault) : MM_ENOMEM;
	if (rc == 0 && cs == CHARSET_CP932)
		windows_controls(u, ulen);
	if (rc == 0)
		rc = utf16_to_buf(u, ulen, out);
	free(u);
	ucnv_close(cnv);
	return rc;
}

/* The inverse of windows_controls: Windows' code points to IBM's. */
static UChar ibm_control(UChar c)
{
	return c == 0x1A ? 0x1C : c == 0x1C ? 0x7F : c == 0x7F ? 0x1A : c;
}

/*
 * The first character of in that cnv cannot encode: its offset and
 * bytes into f (one character at a time: only after the whole text
 * failed, and exports are small).
 */
static void find_unmappable(UConverter *cnv, const char *in, size_t len,
			    struct charset_fault *f)
{
	int32_t i = 0, n = (int32_t)len;

	while (i < n) {
		int32_t start = i;
		UChar32 cp;
		UChar u[2];
		int32_t ulen = 0;
		char out[8];
		UErrorCode err = U_ZERO_ERROR;

		U8_NEXT(in, i, n, cp);
		if (cp < 0) {
			set_fault(f, in, (size_t)start, in + start,
				  (size_t)(i - start));
			return;
		}
		U16_APPEND_UNSAFE(u, ulen, cp);
		if (ulen == 1)
			u[0] = ibm_control(u[0]);
		ucnv_reset(cnv);
		ucnv_fromUChars(cnv, out, sizeof out, u, ulen, &err);
		if (U_FAILURE(err)) {
			set_fault(f, in, (size_t)start, in + start,
				  (size_t)(i - start));
			return;
		}
	}
	set_fault(f, in, 0, "", 0);
}

int charset_from_utf8(enum charset cs, const char *in, size_t len,
		      struct buf *out, struct charset_fault *fault)
{
	const char *name = converter_name(cs);
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cnv;
	UChar *u;
	char *bytes = NULL;
	int32_t ulen = 0, blen;
	int rc = 0;

	if (!name || !in || len >= (size_t)INT32_MAX / 2 - 1)
		return MM_EINVAL;
	if (cs == CHARSET_UTF8) {
		/* Valid UTF-8 only: what goes out must read back. */
		u_strFromUTF8(NULL, 0, &ulen, in, (int32_t)len, &err);
		if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
			set_fault(fault, in, 0, "", 0);
			return MM_EINVAL;
		}
		return buf_add(out, in, len);
	}
	u = malloc((len + 1) * sizeof(*u));
	if (!u)
		return MM_ENOMEM;
	u_strFromUTF8(u, (int32_t)len + 1, &ulen, in, (int32_t)len, &err);
	if (U_FAILURE(err)) {
		free(u);
		set_fault(fault, in, 0, "", 0);
		return MM_EINVAL;
	}
	for (int32_t i = 0; i < ulen; i++)
		u[i] = ibm_control(u[i]);
	err = U_ZERO_ERROR;
	cnv = ucnv_open(name, &err);
	if (U_FAILURE(err)) {
		free(u);
		return MM_ENOMEM;
	}
	ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL,
			      NULL, &err);
	blen = ulen * 2 + 1; /* CP932: at most two bytes a unit */
	bytes = malloc((size_t)blen);
	if (!bytes || U_FAILURE(err)) {
		rc = MM_ENOMEM;
	} else {
		int32_t n = ucnv_fromUChars(cnv, bytes, blen, u, ulen, &err);

		if (U_FAILURE(err)) {
			find_unmappable(cnv, in, len, fault);
			rc = MM_EINVAL;
		} else {
			rc = buf_add(out, bytes, (size_t)n);
		}
	}
	free(bytes);
	free(u);
	ucnv_close(cnv);
	return rc;
}
