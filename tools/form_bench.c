/*
 * form_bench.c - bench/forms.sh's driver (issue 11): renders each printed
 * form through pdf_render(), the function document_render() calls, many
 * times and prints the median, and writes the same text as an HTML page
 * per form for LibreOffice to convert in the same run.  The forms' texts
 * are fixed here (what the demo's records print: the labels of their
 * descriptors, 和暦 dates, names): the bench measures the drawing, not the
 * store.  Not a test.
 *
 *   form_bench time RUNS        one line per form: "<key> <median ms>"
 *   form_bench html DIR         DIR/<key>.html, the same text per form
 *   form_bench pdf DIR          DIR/<key>.pdf (to look at)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/lib/buf.h"
#include "../src/pdf/pdf.h"

#define D "令和8年12月7日"

struct bench_form {
	const char *key;
	struct pdf_form f;
};

#define ROWS(...) (const struct pdf_row[]){ __VA_ARGS__ }, \
	sizeof((const struct pdf_row[]){ __VA_ARGS__ }) / sizeof(struct pdf_row)
#define BOXES(...) (const struct pdf_box[]){ __VA_ARGS__ }, \
	sizeof((const struct pdf_box[]){ __VA_ARGS__ }) / sizeof(struct pdf_box)

static const struct bench_form forms[] = {
	{ "form1", { "様式第1号", "交信担当者指定簿", "熊少第1号", D,
	  "統括運用管理者　殿", "熊本北警察署　田中 浩二",
	  "交信担当者を次のとおり指定した。", ROWS(
		{ "所属", "熊本北警察署" }, { "交信担当者", "佐藤 美咲" },
		{ "指定日", D }, { "指定の理由", "サイバーパトロールに従事するため" },
		{ "指定者", "田中 浩二" }, { "指定日時", D " 9時00分" }),
	  BOXES({ "運用管理者", "田中 浩二", D }), "印",
	  "保存期間　1年（暦年）" } },
	{ "form2", { "様式第2号", "貸出管理簿", "熊少第2号", D, "",
	  "統括運用管理者　松本 正義", "", ROWS(
		{ "端末", "AQUOS wish3（356789110000011）" },
		{ "所属", "熊本北警察署" }, { "借用申請書", "第3号" },
		{ "貸出開始日", "令和8年8月29日" }, { "返却期限", "令和8年12月27日" },
		{ "状態", "受領済み" }, { "貸出者", "松本 正義" },
		{ "貸出日時", "令和8年8月29日 10時00分" },
		{ "受領者", "山本 大輔" }, { "受領日時", "令和8年8月30日 9時30分" },
		{ "教養の実施日", "令和8年8月30日" }, { "教養の実施者", "井上 直樹" },
		{ "教養の内容", "端末管理及び保護のための交信について" }),
	  BOXES({ "統括運用管理者", "松本 正義", "令和8年8月29日" },
		{ "受領者", "山本 大輔", "令和8年8月30日" }, { "点検者", "", "" }),
	  "印", "保存期間　3年（暦年）" } },
	{ "form3", { "様式第3号", "借用申請書", "熊少第3号", D,
	  "統括運用管理者　殿", "熊本北警察署　田中 浩二",
	  "次のとおりサイバーパトロール用スマートフォンを借用したいので申請します。",
	  ROWS({ "所属", "熊本北警察署" }, { "事前協議日", "令和8年8月20日" },
		{ "協議の相手", "松本 正義" }, { "協議の内容", "1台借用で合意" },
		{ "借用開始日", "令和8年8月29日" }, { "返却予定日", "令和8年12月27日" },
		{ "借用の目的", "サイバーパトロール" }, { "状態", "承認" },
		{ "申請者", "田中 浩二" }, { "申請日時", "令和8年8月20日 15時00分" },
		{ "決裁者", "松本 正義" }, { "決裁日時", "令和8年8月21日 9時00分" }),
	  BOXES({ "統括運用管理者", "松本 正義", "令和8年8月21日" },
		{ "運用管理者", "田中 浩二", "令和8年8月20日" }), "印",
	  "保存期間　1年（暦年）" } },
	{ "form4", { "様式第4号", "警察職員の写真使用承認申請書", "熊少第4号", D,
	  "運用管理者　殿", "熊本北警察署　佐藤 美咲",
	  "次のとおり警察職員の写真を使用したいので申請します。", ROWS(
		{ "所属", "熊本北警察署" }, { "写真の本人", "中村 誠" },
		{ "本人の同意", "あり" },
		{ "使用目的", "交信相手から顔写真を求められた場合に送信するため" },
		{ "端末", "AQUOS（PF-1796593855977-0）" }, { "状態", "承認" },
		{ "申請者", "佐藤 美咲" }, { "申請日時", D " 6時50分" },
		{ "決裁者", "田中 浩二" }, { "決裁日時", D " 6時50分" }),
	  BOXES({ "運用管理者", "田中 浩二", D }, { "申請者", "佐藤 美咲", D }),
	  "印", "保存期間　1年（暦年）" } },
	{ "form5", { "様式第5号", "実施結果報告書", "熊少第5号", D,
	  "運用管理者　殿", "熊本北警察署　佐藤 美咲",
	  "次のとおり実施したので、その結果を報告します。", ROWS(
		{ "事案", "第6号" }, { "所属", "熊本北警察署" },
		{ "接触の場所", "熊本駅白川口 交番前" },
		{ "接触の日時", "令和8年12月8日 6時50分" },
		{ "対象者が女性と思料される", "あり" },
		{ "同行する職員1", "佐藤 美咲" }, { "職員1の性別", "女性" },
		{ "職員1の役割", "交信担当者" }, { "同行する職員2", "山本 大輔" },
		{ "職員2の性別", "男性" }, { "職員2の役割", "運用担当者" },
		{ "逃走を想定した態勢", "出入口2か所に職員を配置し、逃走経路を塞ぐ" },
		{ "美人局等を想定した態勢", "周辺に同行者がいないか私服員が事前に確認する" },
		{ "少年課に連絡した", "あり" }, { "状態", "保護対策検討済み" },
		{ "報告者", "佐藤 美咲" }, { "報告日時", D " 6時50分" },
		{ "運用管理補助者", "中村 誠" },
		{ "運用管理者へ報告した日時", D " 6時50分" },
		{ "指揮した者", "田中 浩二" }, { "指揮の日時", D " 6時50分" },
		{ "指揮の内容", "女性職員が先に接触し、男性職員は後方で待機" },
		{ "対象者と接触した", "あり" }, { "少年と判明した", "あり" },
		{ "少年の氏名", "（架空）熊本 花子" },
		{ "少年の氏名（ふりがな）", "くまもと はなこ" },
		{ "少年の生年月日", "平成22年4月2日" },
		{ "少年の連絡先", "090-0000-0000" },
		{ "少年の学校・学年", "（架空）中央中学校 3年" },
		{ "保護者の氏名", "（架空）熊本 和子" },
		{ "保護者の連絡先", "096-000-0000" },
		{ "補導の種別（不良行為）", "不健全娯楽" },
		{ "補導・保護活動の内容", "不適切な書き込みについて指導した" },
		{ "保護者に不良行為の事実を連絡した", "あり" },
		{ "連絡した保護者（続柄）", "母" },
		{ "保護者へ連絡した日時", D " 5時50分" },
		{ "保護者への連絡の方法", "来署の上で面談" },
		{ "保護者に必要な監護・指導上の措置を促した", "あり" },
		{ "無料通話アプリを使用した", "なし" },
		{ "接触結果の記録者", "佐藤 美咲" },
		{ "実施結果の報告者", "佐藤 美咲" },
		{ "実施結果報告の日時", D " 6時50分" },
		{ "福祉犯被害歴", "なし" }, { "非行歴・補導歴", "なし" },
		{ "保護者の監護能力", "母が監護" }, { "交友関係", "同級生" },
		{ "支援が必要と認める", "なし" },
		{ "保護対策を検討した者", "田中 浩二" }),
	  BOXES({ "運用管理者", "田中 浩二", D }, { "報告者", "佐藤 美咲", D }),
	  "印", "保存期間　1年（暦年）" } },
	{ "detail1", { "細目様式第1号", "モバイル端末・外部記録媒体等利用管理簿",
	  "熊少第6号", D, "運用管理補助者　殿", "熊本北警察署　佐藤 美咲",
	  "次のとおり携帯端末を庁舎外に持ち出したいので申請します。", ROWS(
		{ "貸出", "第1号" }, { "所属", "熊本北警察署" },
		{ "交信担当者", "佐藤 美咲" }, { "持出しの目的", "保護のための接触" },
		{ "持出し先", "熊本駅周辺" }, { "持出し予定", D " 13時00分" },
		{ "返却予定", D " 17時00分" }, { "状態", "返却済み" },
		{ "紛失・破損の有無", "なし" }, { "結果", "異状なし" }),
	  BOXES({ "運用管理補助者", "中村 誠", D },
		{ "交信担当者", "佐藤 美咲", D }), "印",
	  "保存期間　1年（暦年）" } },
	{ "detail5", { "細目様式第5号", "貸与携帯電話登録簿", "熊少第7号", D,
	  "統括運用管理者　殿", "熊本北警察署　",
	  "当所属に貸与された携帯電話を次のとおり登録する。", ROWS(
		{ "貸出管理簿 第1号", "端末：AQUOS wish3（356789110000011）\n"
		  "貸与期間：令和8年8月29日から令和8年12月27日まで\n"
		  "受領：山本 大輔　令和8年8月30日\n使用中" },
		{ "貸出管理簿 第3号", "端末：AQUOS（PF-1796593819003-0）\n"
		  "貸与期間：令和8年12月7日から令和9年3月7日まで\n"
		  "受領：山本 大輔　令和8年12月7日\n使用中" }),
	  BOXES({ "統括運用管理者", "松本 正義", "令和8年8月29日" },
		{ "受領者", "山本 大輔", "令和8年8月30日" }), "印",
	  "保存期間　1年（暦年）" } },
	{ "detail6", { "細目様式第6号", "外部記録媒体点検表", "熊少第8号", D,
	  "運用管理者　殿", "熊本北警察署　",
	  "貸与携帯電話の保管状況を次のとおり点検した。", ROWS(
		{ "令和8年10月1日", "保管状況：施錠保管庫に保管\n点検者：中村 誠\n備考：施錠を確認" },
		{ "令和8年11月1日", "保管状況：施錠保管庫に保管\n点検者：中村 誠\n備考：施錠を確認" },
		{ "令和8年12月1日", "保管状況：施錠保管庫に保管\n点検者：中村 誠\n備考：施錠を確認" }),
	  BOXES({ "運用管理者", "", "" }, { "運用管理補助者", "", "" }), "印",
	  "保存期間　1年（暦年）" } },
	{ "detail9", { "細目様式第9号", "利用規約による外部サービス利用申請書",
	  "熊少第9号", D, "運用管理者　殿", "熊本北警察署　中村 誠",
	  "次のとおり利用規約による外部サービスを利用したいので申請します。",
	  ROWS({ "所属", "熊本北警察署" }, { "端末", "AQUOS wish3（356789110000011）" },
		{ "サービス", "テストSNS" }, { "アカウント名", "kita_patrol_01" },
		{ "利用の目的", "サイバーパトロール" },
		{ "利用規約の確認", "あり" }, { "状態", "承認" },
		{ "講じた措置", "二要素認証を設定した" }),
	  BOXES({ "情報セキュリティ管理者", "清水 隆之", D },
		{ "統括運用管理者", "松本 正義", D },
		{ "運用管理者", "田中 浩二", D },
		{ "運用管理補助者", "中村 誠", D }), "印",
	  "保存期間　1年（暦年）" } },
	{ "detail12", { "細目様式第12号", "例外措置適用申請書", "熊少第10号", D,
	  "情報セキュリティ管理者　殿", "統括運用管理者　松本 正義",
	  "次のとおり例外措置の適用を申請します。", ROWS(
		{ "例外措置の種別", "顔写真の保存" }, { "範囲", "北署のみ" },
		{ "目的", "保護のための交信" }, { "適用開始日", "令和8年12月6日" },
		{ "適用終了日", "令和9年1月5日" }, { "状態", "承認" }),
	  BOXES({ "情報セキュリティ管理者", "清水 隆之", D },
		{ "統括運用管理者", "松本 正義", D }), "印",
	  "保存期間　1年（暦年）" } },
};

#define N_FORMS (sizeof forms / sizeof forms[0])

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int render(const struct pdf_form *f, struct buf *out)
{
	buf_reset(out);
	return pdf_render(f, out);
}

static int time_all(int runs)
{
	double *t = calloc((size_t)runs, sizeof *t);
	struct buf b;

	if (!t)
		return 1;
	buf_init(&b, 0);
	for (size_t i = 0; i < N_FORMS; i++) {
		/* warm: the font map and glyph caches, as a running server */
		for (int k = 0; k < 3; k++)
			if (render(&forms[i].f, &b) < 0) {
				fprintf(stderr, "form_bench: %s failed\n",
					forms[i].key);
				return 1;
			}
		for (int k = 0; k < runs; k++) {
			double t0 = now_ms();

			render(&forms[i].f, &b);
			t[k] = now_ms() - t0;
		}
		qsort(t, (size_t)runs, sizeof *t, cmp);
		printf("%s %.3f %zu\n", forms[i].key, t[runs / 2], b.len);
	}
	buf_release(&b);
	free(t);
	pdf_release();
	return 0;
}

static void html_text(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", o);
		else if (*s == '&')
			fputs("&amp;", o);
		else if (*s == '\n')
			fputs("<br>", o);
		else
			fputc(*s, o);
	}
}

/* The same text, laid out alike: boxes, number, date, parties, table. */
static int write_html(const char *dir)
{
	char path[4096];

	for (size_t i = 0; i < N_FORMS; i++) {
		const struct pdf_form *f = &forms[i].f;
		FILE *o;

		snprintf(path, sizeof path, "%s/%s.html", dir, forms[i].key);
		o = fopen(path, "w");
		if (!o)
			return 1;
		fputs("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
		      "<style>@page{size:A4;margin:14mm 18mm}"
		      "body{font-family:'Noto Serif CJK JP';font-size:10.5pt}"
		      "h1,th,.label{font-family:'Noto Sans CJK JP'}"
		      "table{border-collapse:collapse;width:100%}"
		      "td,th{border:1px solid #000;padding:4pt}"
		      ".r{text-align:right}.c{text-align:center}</style></head><body>\n",
		      o);
		fputs("<p class=\"label\">", o);
		html_text(o, f->form_label);
		fputs("</p><table style=\"width:auto;margin-left:auto\"><tr><th rowspan=\"2\">決裁</th>",
		      o);
		for (size_t k = 0; k < f->n_boxes; k++) {
			fputs("<th>", o);
			html_text(o, f->boxes[k].title);
			fputs("</th>", o);
		}
		fputs("</tr><tr>", o);
		for (size_t k = 0; k < f->n_boxes; k++) {
			fputs("<td class=\"c\">", o);
			html_text(o, *f->boxes[k].name ? f->boxes[k].name :
				  f->stamp);
			fputs("<br>", o);
			html_text(o, f->boxes[k].date);
			fputs("</td>", o);
		}
		fputs("</tr></table>\n<p class=\"r\">", o);
		html_text(o, f->number);
		fputs("<br>", o);
		html_text(o, f->date);
		fputs("</p><p>", o);
		html_text(o, f->addressee);
		fputs("</p><p class=\"r\">", o);
		html_text(o, f->issuer);
		fputs("</p><h1 class=\"c\">", o);
		html_text(o, f->title);
		fputs("</h1><p>", o);
		html_text(o, f->preamble);
		fputs("</p><p class=\"c\">記</p><table>\n", o);
		for (size_t k = 0; k < f->n_rows; k++) {
			fputs("<tr><td class=\"label\" style=\"width:30%;background:#eee\">",
			      o);
			html_text(o, f->rows[k].label);
			fputs("</td><td>", o);
			html_text(o, f->rows[k].value);
			fputs("</td></tr>\n", o);
		}
		fputs("</table><p>", o);
		html_text(o, f->footer);
		fputs("</p></body></html>\n", o);
		if (fclose(o) != 0)
			return 1;
	}
	return 0;
}

static int write_pdfs(const char *dir)
{
	char path[4096];
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < N_FORMS; i++) {
		FILE *o;

		if (render(&forms[i].f, &b) < 0)
			return 1;
		snprintf(path, sizeof path, "%s/%s.pdf", dir, forms[i].key);
		o = fopen(path, "wb");
		if (!o || fwrite(b.data, 1, b.len, o) != b.len)
			return 1;
		fclose(o);
	}
	buf_release(&b);
	pdf_release();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "time") == 0 && atoi(argv[2]) > 0)
		return time_all(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "html") == 0)
		return write_html(argv[2]);
	if (argc == 3 && strcmp(argv[1], "pdf") == 0)
		return write_pdfs(argv[2]);
	fprintf(stderr, "usage: form_bench time RUNS | html DIR | pdf DIR\n");
	return 2;
}
