#include "message_check.h"

#include <string.h>

#include "common.h"
#include "fields.h"
#include "layout.h"
#include "record_form.h"
#include "../app/msgcheck.h"
#include "../core/records.h"
#include "../lib/banned.h"

static const char *const keys[] = { "text", NULL };

#define TITLE "送信前の文面チェック"

/* What is checked and by which list, so the officer knows its reach. */
static void explain(struct page *p)
{
	const struct msgcheck_policy *pol = &p->c->app->msgcheck;

	html_elem(&p->h, "p", NULL,
		  "送信する前に文面を貼り付けて、出会い系サイト規制法第6条が禁止する"
		  "誘引（性的な行為への言及、金銭その他の対償の提示）や本人の画像の"
		  "要求に当たる語が含まれていないかを確かめます。全角・半角、"
		  "ひらがな・カタカナ、間の空白や記号の違いは同じ語として扱います。"
		  "入力した文面は保存しません。");
	if (!pol->n_categories)
		return;
	html_open(&p->h, "p", "class", "hint", NULL);
	html_text(&p->h, "調べる分類：");
	for (size_t i = 0; i < pol->n_categories; i++)
		html_textf(&p->h, "%s%s", i ? "、" : "",
			   pol->categories[i].label);
	if (pol->updated[0])
		html_textf(&p->h, "（語の一覧の更新：%s）", pol->updated);
	html_close(&p->h, "p");
}

/* The terms of r in category key, 「a」「b」. */
static void terms_of(struct page *p, const struct msgcheck_result *r,
		     const char *key)
{
	for (size_t i = 0; i < r->n_hits; i++)
		if (!strcmp(r->hits[i].category, key))
			html_textf(&p->h, "「%s」", r->hits[i].term);
}

static void write_result(struct page *p, const struct msgcheck_result *r)
{
	const char *last = NULL;

	html_open(&p->h, "section", "class", r->flagged ? "notice warning" :
		  "notice", "role", "status", "aria-labelledby",
		  "check-result", NULL);
	if (!r->flagged) {
		html_elem(&p->h, "h2", "id", "check-result", NULL,
			  "登録された語は見つかりませんでした");
		html_elem(&p->h, "p", NULL,
			  "このチェックは登録された語を探すだけで、送信してよいかの判断に"
			  "代わるものではありません。文面全体を読み、誘引に当たる表現が"
			  "ないことを確かめてから送信してください。");
		html_close(&p->h, "section");
		return;
	}
	html_elem(&p->h, "h2", "id", "check-result", NULL,
		  "注意が必要な語が見つかりました");
	html_open(&p->h, "dl", "class", "details", NULL);
	for (size_t i = 0; i < r->n_hits; i++) {
		if (last && !strcmp(last, r->hits[i].category))
			continue;
		last = r->hits[i].category;
		html_elem(&p->h, "dt", NULL, r->hits[i].label);
		html_open(&p->h, "dd", NULL);
		terms_of(p, r, last);
		html_close(&p->h, "dd");
	}
	html_close(&p->h, "dl");
	html_elem(&p->h, "p", NULL,
		  "この文面は送信せず、表現を改めてください。判断に迷うときは"
		  "運用管理者に相談してください（R-CASE-2）。");
	html_close(&p->h, "section");
}

static void render(struct ctx *c, const struct form *f,
		   const struct form_errors *e,
		   const struct msgcheck_result *r, int status)
{
	struct page p;

	page_begin(&p, c, TITLE, "/cases/check");
	html_elem(&p.h, "h1", NULL, TITLE);
	explain(&p);
	form_error_summary(&p, e);
	if (r)
		write_result(&p, r);
	form_begin(&p.h, c, "/cases/check", "stack message-check");
	web_record_fields(&p.h, e, &message_check_record, keys, f, NULL);
	form_submit(&p.h, "チェックする");
	form_end(&p.h);
	page_end(&p, status);
}

void web_message_check_form(struct ctx *c)
{
	if (ctx_authorize(c, ACT_MESSAGE_CHECK, NULL, NULL) < 0)
		return;
	render(c, NULL, NULL, NULL, 200);
}

void web_message_check(struct ctx *c)
{
	struct msgcheck_draft d = { NULL };
	struct msgcheck_result r;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct authz_grant g;

	if (ctx_authorize(c, ACT_MESSAGE_CHECK, NULL, &g) < 0 ||
	    form_read(c, &f, keys) < 0)
		goto out;
	form_errors_init(&e);
	if (web_record_read(&f, &message_check_record, &d, RECORD_CREATE,
			    &e) < 0) {
		render(c, &f, &e, NULL, 422);
		goto out;
	}
	if (app_message_check(c, &g, d.text, &r) < 0)
		goto out;
	render(c, &f, NULL, &r, 200);
	msgcheck_result_release(&r);
out:
	form_release(&f);
}
