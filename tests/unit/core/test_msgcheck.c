/*
 * test_msgcheck.c - the message check's engine (R-CASE-2): the policy
 * format, matching after folding, exceptions, " & " terms, the result.
 * The corpus of the real policy is test_msgcheck_corpus.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/msgcheck.h"
#include "lib/buf.h"
#include "lib/err.h"

static const char small[] =
	"# a test policy\n"
	"source = test\n"
	"updated = 2026-12-06\n"
	"\n"
	"[money]\n"
	"label = お金\n"
	"term = パパ活\n"
	"term = 援助\n"
	"term = 援助交際\n"
	"term = サポ\n"
	"term = 援 & 円\n"
	"except = サポート\n"
	"except = 支援\n"
	"[img]\n"
	"label = 画像\n"
	"term = 自撮り\n";

static void parse(struct msgcheck_policy *p, const char *text)
{
	struct msgcheck_fault f;

	assert_int_equal(msgcheck_policy_parse(p, text, strlen(text), &f), 0);
}

static void test_policy_parses(void **state)
{
	struct msgcheck_policy p;

	(void)state;
	parse(&p, small);
	assert_string_equal(p.source, "test");
	assert_string_equal(p.updated, "2026-12-06");
	assert_int_equal(p.n_categories, 2);
	assert_string_equal(p.categories[0].key, "money");
	assert_string_equal(p.categories[0].label, "お金");
	assert_int_equal(p.categories[0].n_terms, 5);
	assert_string_equal(p.categories[0].terms[0].text, "パパ活");
	assert_string_equal(p.categories[0].terms[0].folded[0], "ぱぱ活");
	assert_int_equal(p.categories[0].terms[4].n_parts, 2);
	assert_string_equal(p.categories[0].terms[4].folded[1], "円");
	assert_int_equal(p.categories[0].n_excepts, 2);
	assert_string_equal(p.categories[0].excepts_folded[0], "さぽーと");
	assert_string_equal(p.categories[1].key, "img");
	msgcheck_policy_release(&p);
}

static void check(const struct msgcheck_policy *p, const char *text,
		  const char *want)
{
	struct msgcheck_result r;
	struct buf got = BUF_INIT_MAX(4096);

	assert_int_equal(msgcheck_run(p, text, &r), 0);
	for (size_t i = 0; i < r.n_hits; i++)
		buf_addf(&got, "%s%s:%s", i ? " " : "", r.hits[i].category,
			 r.hits[i].term);
	assert_int_equal(r.flagged, r.n_hits > 0);
	assert_string_equal(buf_cstr(&got), want);
	buf_release(&got);
	msgcheck_result_release(&r);
}

static void test_r_case_2_matches_folded_variants(void **state)
{
	struct msgcheck_policy p;

	(void)state;
	parse(&p, small);
	check(&p, "ﾊﾟﾊﾟ活しない？", "money:パパ活");
	check(&p, "ぱ ぱ 活", "money:パパ活");
	check(&p, "パ・パ・活", "money:パパ活");
	check(&p, "今どこにいますか", "");
	check(&p, "援助交際", "money:援助交際"); /* hides 援助 */
	check(&p, "援助します。援助交際", "money:援助交際");
	check(&p, "援助", "money:援助");
	check(&p, "自撮りとパパ活", "money:パパ活 img:自撮り");
	check(&p, "", "");
	msgcheck_policy_release(&p);
}

/* Short terms inside ordinary words after folding (the exceptions). */
static void test_r_case_2_exceptions_keep_ordinary_words(void **state)
{
	struct msgcheck_policy p;

	(void)state;
	parse(&p, small);
	check(&p, "何かあればサポートします", "");
	check(&p, "ｻﾎﾟｰﾄします", "");
	check(&p, "サポしてくれる？", "money:サポ");
	check(&p, "サポートもサポも", "money:サポ");
	check(&p, "支援します。交通費は千円です", "");
	check(&p, "援、一万円", "money:援 & 円");
	check(&p, "援だけ", "");
	check(&p, "円だけ", "");
	msgcheck_policy_release(&p);
}

static void test_invalid_text(void **state)
{
	struct msgcheck_policy p;
	struct msgcheck_result r;

	(void)state;
	parse(&p, small);
	assert_int_equal(msgcheck_run(&p, "\xff", &r), MM_EINVAL);
	assert_int_equal(r.n_hits, 0);
	assert_int_equal(msgcheck_run(&p, NULL, &r), MM_EINVAL);
	msgcheck_policy_release(&p);
}

static void test_category_keys(void **state)
{
	struct msgcheck_policy p;
	struct msgcheck_result r;
	struct buf b = BUF_INIT_MAX(256);

	(void)state;
	parse(&p, small);
	assert_int_equal(msgcheck_run(&p, "パパ活、サポ、自撮り", &r), 0);
	assert_int_equal(r.n_hits, 3);
	assert_int_equal(msgcheck_category_keys(&r, &b), 0);
	assert_string_equal(buf_cstr(&b), "money,img");
	msgcheck_result_release(&r);
	msgcheck_policy_release(&p);
	buf_release(&b);
}

static void refused(const char *text, size_t line, const char *ja)
{
	struct msgcheck_policy p;
	struct msgcheck_fault f;

	assert_int_equal(msgcheck_policy_parse(&p, text, strlen(text), &f),
			 MM_EINVAL);
	assert_int_equal(f.line, line);
	assert_non_null(strstr(f.why_ja, ja));
	assert_non_null(f.why_en);
	assert_int_equal(p.n_categories, 0);
}

static void test_bad_policies_are_refused(void **state)
{
	(void)state;
	refused("", 0, "分類が一つもありません");
	refused("# only a comment\n", 0, "分類が一つもありません");
	refused("[a]\nterm = ab\n", 1, "label");
	refused("[a]\nlabel = x\n", 1, "term");
	refused("[a]\nlabel = x\n[b]\nlabel = y\nterm = cd\n", 1, "term");
	refused("[A]\nlabel = x\nterm = ab\n", 1, "分類名");
	refused("[a]\nlabel = x\nterm = ab\n[a]\nlabel = y\nterm = cd\n", 4,
		"同じ分類名");
	refused("[a]\nlabel = x\nterm = 援\n", 3, "一文字");
	refused("[a]\nlabel = x\nterm = ・・\n", 3, "空");
	refused("[a]\nlabel = x\nterm = a & ・\n", 3, "空");
	refused("[a]\nlabel = x\nterm = \xff\xfe\n", 3, "UTF-8");
	refused("[a]\nlabel = x\nword = ab\n", 3, "知らない項目");
	refused("[a]\nlabel = x\nterm ab\n", 3, "項目 = 値");
	refused("[a]\nlabel = x\nlabel = y\nterm = ab\n", 3, "label が二度");
	refused("term = ab\n", 1, "source と updated");
	refused("[a]\nlabel = x\nterm = ab\nsource = s\n", 4, "source");
	refused("[a]\nlabel = x\nterm =\n", 3, "値が空");
	refused("[a]\nlabel = x\nterm = ab\nexcept = 、\n", 4, "除外語が空");
}

static void test_bom_and_crlf(void **state)
{
	struct msgcheck_policy p;

	(void)state;
	parse(&p, "\xEF\xBB\xBF[a]\r\nlabel = x\r\nterm = ab \r\n");
	assert_string_equal(p.categories[0].terms[0].text, "ab");
	msgcheck_policy_release(&p);
}

static void test_default_policy_parses(void **state)
{
	struct msgcheck_policy p;
	struct msgcheck_fault f;
	size_t len;
	const char *text = msgcheck_default_text(&len);

	(void)state;
	assert_true(len > 0);
	assert_int_equal(msgcheck_policy_parse(&p, text, len, &f), 0);
	assert_true(p.n_categories >= 3);
	assert_string_equal(p.categories[0].key, "sexual");
	assert_string_equal(p.categories[1].key, "payment");
	assert_string_equal(p.categories[2].key, "images");
	msgcheck_policy_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_parses),
		cmocka_unit_test(test_r_case_2_matches_folded_variants),
		cmocka_unit_test(test_r_case_2_exceptions_keep_ordinary_words),
		cmocka_unit_test(test_invalid_text),
		cmocka_unit_test(test_category_keys),
		cmocka_unit_test(test_bad_policies_are_refused),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_default_policy_parses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
