/*
 * test_msgcheck_corpus.c - the message check's corpus (R-CASE-2, issue 9):
 * built from the policy the server uses (the compiled-in default), every
 * term in every spelling variant inside neutral carrier sentences must be
 * flagged with its category; and every sentence of msgcheck_allowed.txt
 * (ordinary protective contact, public police warnings) must not be.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "core/msgcheck.h"
#include "lib/buf.h"
#include "lib/embed.h"
#include "lib/err.h"

extern const struct embedded_file corpus_files[];

/* Neutral carriers: none holds a term, a part or an exception's start. */
static const char *const carriers[][2] = {
	{ "", "" },
	{ "こんにちは。", "のことで連絡しました。" },
	{ "明日、", " について話せますか？" },
	{ "「", "」って書いてあったけど、どういう意味？" },
	{ "では", "。よろしくお願いします" },
	{ "", "\nまた連絡します" },
};

static struct msgcheck_policy policy;
static size_t n_checked;

static int setup(void **state)
{
	size_t len;
	const char *text = msgcheck_default_text(&len);
	struct msgcheck_fault f;

	(void)state;
	return msgcheck_policy_parse(&policy, text, len, &f);
}

static int teardown(void **state)
{
	(void)state;
	msgcheck_policy_release(&policy);
	return 0;
}

/* ICU transform id applied to UTF-8 s, appended to out. */
static void transform(const char *id, const char *s, struct buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar uid[64], u[512];
	int32_t len = 0, limit;
	char o[1024];
	UTransliterator *t;

	u_uastrcpy(uid, id);
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	assert_true(U_SUCCESS(err));
	u_strFromUTF8(u, 512, &len, s, -1, &err);
	limit = len;
	utrans_transUChars(t, u, &len, 512, 0, &limit, &err);
	u_strToUTF8(o, sizeof(o), NULL, u, len, &err);
	assert_true(U_SUCCESS(err));
	buf_adds(out, o);
	utrans_close(t);
}

/* s with sep between every two characters. */
static void spaced(const char *s, const char *sep, struct buf *out)
{
	int32_t i = 0, n = (int32_t)strlen(s);

	while (i < n) {
		int32_t start = i;
		UChar32 c;

		U8_NEXT(s, i, n, c);
		(void)c;
		if (start)
			buf_adds(out, sep);
		buf_add(out, s + start, (size_t)(i - start));
	}
}

/* kata's characters as hiragana, katakana and half-width in turn, with
 * a space after every other one. */
static void mixed(const char *kata, struct buf *out)
{
	static const char *const ids[] = { "Katakana-Hiragana", "Null",
					   "Fullwidth-Halfwidth" };
	int32_t i = 0, n = (int32_t)strlen(kata);
	int k = 0;

	while (i < n) {
		int32_t start = i;
		UChar32 c;
		char one[8] = { 0 };

		U8_NEXT(kata, i, n, c);
		(void)c;
		memcpy(one, kata + start, (size_t)(i - start));
		transform(ids[k % 3], one, out);
		if (k++ % 2)
			buf_adds(out, " ");
	}
}

/* The spelling variants of one part of a term, each NUL-separated. */
static void variants(const char *part, struct buf *out)
{
	struct buf hira = BUF_INIT_MAX(1024), kata = BUF_INIT_MAX(1024),
		   half = BUF_INIT_MAX(1024), full = BUF_INIT_MAX(1024),
		   lower = BUF_INIT_MAX(1024), flip = BUF_INIT_MAX(1024);

	transform("Katakana-Hiragana", part, &hira);
	transform("Hiragana-Katakana", part, &kata);
	transform("Fullwidth-Halfwidth", buf_cstr(&kata), &half);
	transform("Halfwidth-Fullwidth", part, &full);
	transform("Lower", part, &lower);
	transform("Upper", buf_cstr(&full), &flip);
	if (!strcmp(buf_cstr(&flip), buf_cstr(&full))) {
		buf_reset(&flip);
		transform("Lower", buf_cstr(&full), &flip);
	}
	/* as listed, hiragana, katakana, half-width (kana and ASCII),
	 * full-width, lower case, full-width in the other case */
	buf_add(out, part, strlen(part) + 1);
	buf_add(out, buf_cstr(&hira), hira.len + 1);
	buf_add(out, buf_cstr(&kata), kata.len + 1);
	buf_add(out, buf_cstr(&half), half.len + 1);
	buf_add(out, buf_cstr(&full), full.len + 1);
	buf_add(out, buf_cstr(&lower), lower.len + 1);
	buf_add(out, buf_cstr(&flip), flip.len + 1);
	/* spaces, ideographic spaces, middle dots between the characters */
	spaced(part, " ", out);
	buf_addch(out, '\0');
	spaced(buf_cstr(&kata), "\u3000", out);
	buf_addch(out, '\0');
	spaced(buf_cstr(&half), "・", out);
	buf_addch(out, '\0');
	/* mixed: hiragana, katakana, half-width in turn, spaces between */
	mixed(buf_cstr(&kata), out);
	buf_addch(out, '\0');
	assert_int_equal(buf_error(out), 0);
	buf_release(&hira);
	buf_release(&kata);
	buf_release(&half);
	buf_release(&full);
	buf_release(&lower);
	buf_release(&flip);
}

static void assert_flagged(const char *text, const char *cat,
			   const char *term)
{
	struct msgcheck_result r;
	int found = 0;

	if (getenv("MSGCHECK_CORPUS_DUMP")) /* to read the corpus */
		printf("%s:%s\t%s\n", cat, term, text);
	assert_int_equal(msgcheck_run(&policy, text, &r), 0);
	for (size_t i = 0; i < r.n_hits; i++)
		found |= !strcmp(r.hits[i].category, cat) &&
			 !strcmp(r.hits[i].term, term);
	if (!found)
		fail_msg("not flagged as %s:%s: \"%s\"", cat, term, text);
	msgcheck_result_release(&r);
	n_checked++;
}

/* Each variant of each part, the other parts as listed, in each carrier. */
static void check_term(const struct msgcheck_category *c,
		       const struct msgcheck_term *t)
{
	struct buf parts[4] = { BUF_INIT_MAX(256), BUF_INIT_MAX(256),
				BUF_INIT_MAX(256), BUF_INIT_MAX(256) };
	struct buf vs = BUF_INIT_MAX(1 << 16);
	size_t n = 0;
	const char *s = t->text;

	assert_true(t->n_parts <= 4);
	for (;;) {
		const char *amp = strstr(s, " & ");

		buf_add(&parts[n++], s, amp ? (size_t)(amp - s) : strlen(s));
		if (!amp)
			break;
		s = amp + 3;
	}
	for (size_t k = 0; k < n; k++) {
		buf_reset(&vs);
		variants(buf_cstr(&parts[k]), &vs);
		for (const char *v = vs.data; v < vs.data + vs.len;
		     v += strlen(v) + 1) {
			struct buf msg = BUF_INIT_MAX(4096),
				   text = BUF_INIT_MAX(4096);

			if (!*v)
				continue;
			for (size_t j = 0; j < n; j++)
				buf_addf(&msg, "%s%s", j ? "、" : "",
					 j == k ? v : buf_cstr(&parts[j]));
			for (size_t i = 0;
			     i < sizeof(carriers) / sizeof(*carriers); i++) {
				buf_reset(&text);
				buf_addf(&text, "%s%s%s", carriers[i][0],
					 buf_cstr(&msg), carriers[i][1]);
				assert_flagged(buf_cstr(&text), c->key,
					       t->text);
			}
			buf_release(&msg);
			buf_release(&text);
		}
	}
	for (size_t k = 0; k < 4; k++)
		buf_release(&parts[k]);
	buf_release(&vs);
}

static void test_r_case_2_every_term_variant_is_flagged(void **state)
{
	size_t terms = 0;

	(void)state;
	n_checked = 0;
	for (size_t i = 0; i < policy.n_categories; i++)
		for (size_t k = 0; k < policy.categories[i].n_terms; k++) {
			check_term(&policy.categories[i],
				   &policy.categories[i].terms[k]);
			terms++;
		}
	printf("# %zu terms, %zu variant sentences flagged\n", terms,
	       n_checked);
	assert_true(terms >= 20);
}

/* Spellings the generator does not make, written out. */
static void test_r_case_2_written_variants_are_flagged(void **state)
{
	(void)state;
	assert_flagged("ﾊﾟﾊﾟ活しませんか", "payment", "パパ活");
	assert_flagged("ぱぱ 活", "payment", "パパ活");
	assert_flagged("Ｐ 活", "payment", "P活");
	assert_flagged("ｐ\u200B活", "payment", "P活"); /* zero-width space */
	assert_flagged("ｻ ﾎﾟ", "payment", "サポ");
	assert_flagged("援助\n交際", "payment", "援助交際");
	assert_flagged("えんぼ募集ではなく円募", "payment", "円募");
	assert_flagged("写真を送ってください", "images", "写真 & 送って");
	assert_flagged("お小遣いをあげる", "payment", "お小遣い");
	assert_flagged("ｵｺﾂﾞｶｲ", "payment", "おこづかい");
}

static void test_r_case_2_allowed_sentences_are_not_flagged(void **state)
{
	const struct embedded_file *f =
		embedded_find(corpus_files, "msgcheck_allowed.txt");
	const char *s, *end;
	size_t n = 0;

	(void)state;
	assert_non_null(f);
	s = (const char *)f->data;
	end = s + f->len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct buf line = BUF_INIT_MAX(4096);
		struct msgcheck_result r;

		buf_add(&line, s, len);
		s += len + 1;
		if (!len || buf_cstr(&line)[0] == '#') {
			buf_release(&line);
			continue;
		}
		assert_int_equal(msgcheck_run(&policy, buf_cstr(&line), &r), 0);
		if (r.flagged)
			fail_msg("flagged (%s:%s): \"%s\"", r.hits[0].category,
				 r.hits[0].term, buf_cstr(&line));
		msgcheck_result_release(&r);
		buf_release(&line);
		n++;
	}
	printf("# %zu allowed sentences not flagged\n", n);
	assert_true(n >= 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_case_2_every_term_variant_is_flagged),
		cmocka_unit_test(test_r_case_2_written_variants_are_flagged),
		cmocka_unit_test(test_r_case_2_allowed_sentences_are_not_flagged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
