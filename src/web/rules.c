/*
 * rules.c - 運用規程: the rules in force (R-META-1, R-META-2).
 * Contract: rules.h.
 */
#include "rules.h"

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "layout.h"
#include "../app/policy.h"
#include "../core/retention.h"
#include "../core/wareki.h"
#include "../lib/buf.h"
#include "../lib/util.h"

#include <stdarg.h>

#include "../lib/banned.h"

#define TITLE "運用規程"

/* The document types' names (R-RET-1, R-RET-3): UI words, not policy. */
static const struct {
	const char *key, *name;
} doctypes[] = {
	{ "form1", "別記様式第1号" },
	{ "form2", "別記様式第2号" },
	{ "form3", "別記様式第3号" },
	{ "form4", "別記様式第4号" },
	{ "form5", "別記様式第5号" },
	{ "detail1", "取扱細目 様式第1号（モバイル端末・外部記録媒体等利用管理簿）" },
	{ "detail5", "取扱細目 様式第5号（支給携帯電話機管理簿）" },
	{ "detail6", "取扱細目 様式第6号（外部記録媒体等点検表）" },
	{ "detail9", "取扱細目 様式第9号（約款による外部サービスの利用申請書）" },
	{ "detail12", "取扱細目 様式第12号（例外措置適用申請書）" },
};

static void date_dd(struct page *p, const char *label,
		    const struct civil_date *d)
{
	struct buf b = BUF_INIT_MAX(64);

	html_elem(&p->h, "dt", NULL, label);
	wareki_format(d, &b);
	html_elem(&p->h, "dd", NULL, buf_cstr(&b));
	buf_release(&b);
}

static void text_dd(struct page *p, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void text_dd(struct page *p, const char *label, const char *fmt, ...)
{
	char v[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	html_elem(&p->h, "dt", NULL, label);
	html_elem(&p->h, "dd", NULL, v);
}

static const char *form_name(const struct policy *pol, int n)
{
	for (size_t i = 0; i < pol->nforms; i++)
		if (pol->forms[i].number == n)
			return pol->forms[i].name;
	return "";
}

static void write_directive(struct page *p, const struct policy *pol,
			    const struct policy_version *meta)
{
	html_open(&p->h, "dl", "class", "details", "id", "directive", NULL);
	text_dd(p, "通達番号", "%s", pol->number);
	text_dd(p, "名称", "%s", pol->title);
	date_dd(p, "発出日", &pol->issued);
	date_dd(p, "適用開始日", &pol->effective_from);
	date_dd(p, "有効期間満了日", &pol->expires);
	text_dd(p, "通達版", "第%lld版（%s）", (long long)meta->version, pol->id);
	html_close(&p->h, "dl");
}

static void write_limits(struct page *p, const struct policy *pol)
{
	html_elem(&p->h, "h2", NULL, "運用上の数値");
	html_open(&p->h, "dl", "class", "details", "id", "limits", NULL);
	if (pol->loan_max_months % 12 == 0)
		text_dd(p, "借用期間の上限（R-DEV-2）", "原則として%d年を超えない",
			pol->loan_max_months / 12);
	else
		text_dd(p, "借用期間の上限（R-DEV-2）", "原則として%dか月を超えない",
			pol->loan_max_months);
	if (pol->location_check_months == 1)
		text_dd(p, "所在の点検（R-DEV-5）", "月に1回以上");
	else
		text_dd(p, "所在の点検（R-DEV-5）", "%dか月に1回以上",
			pol->location_check_months);
	text_dd(p, "端末に保存できる顔写真（R-PHOTO-3）", "1台に%d枚まで",
		pol->photo_max);
	text_dd(p, "スクリーンショットの保存（R-EXC-3）",
		"撮影から%d日以内に捜査用携帯パソコンへ移管又は削除",
		pol->screenshot_max_days);
	text_dd(p, "返却期限の事前通知", "返却期限の%d日前から", pol->loan_due_soon_days);
	text_dd(p, "持出しの返却予定からの猶予（R-DEV-7）", "%d分",
		pol->takeout_grace_minutes);
	html_close(&p->h, "dl");
}

static void write_retention(struct page *p, const struct policy *pol)
{
	html_elem(&p->h, "h2", NULL, "関係文書の保存期間");
	html_open(&p->h, "table", "id", "retention", NULL);
	html_open(&p->h, "thead", NULL);
	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "th", "scope", "col", NULL, "番号");
	html_elem(&p->h, "th", "scope", "col", NULL, "名称");
	html_elem(&p->h, "th", "scope", "col", NULL, "保存期間");
	html_close(&p->h, "tr");
	html_close(&p->h, "thead");
	html_open(&p->h, "tbody", NULL);
	for (size_t i = 0; i < sizeof doctypes / sizeof doctypes[0]; i++) {
		struct retention_rule r;
		struct buf b = BUF_INIT_MAX(128);
		int form = 0;

		if (policy_retention_rule(pol, doctypes[i].key, &r) < 0)
			continue;
		retention_format(&r, &b);
		if (policy_retention_assumed(pol, doctypes[i].key))
			buf_adds(&b, "（仮定：細目の期間が確認できるまで）");
		html_open(&p->h, "tr", "data-doctype", doctypes[i].key, NULL);
		html_elem(&p->h, "td", NULL, doctypes[i].name);
		if (sscanf(doctypes[i].key, "form%d", &form) == 1)
			html_elem(&p->h, "td", NULL, form_name(pol, form));
		else
			html_elem(&p->h, "td", NULL, "");
		html_elem(&p->h, "td", NULL, buf_cstr(&b));
		html_close(&p->h, "tr");
		buf_release(&b);
	}
	html_close(&p->h, "tbody");
	html_close(&p->h, "table");
}

static void write_forms(struct page *p, const struct policy *pol)
{
	html_elem(&p->h, "h2", NULL, "様式");
	html_open(&p->h, "ul", "id", "forms", NULL);
	for (size_t i = 0; i < pol->nforms; i++) {
		html_open(&p->h, "li", NULL);
		html_textf(&p->h, "別記様式第%d号　%s", pol->forms[i].number,
			   pol->forms[i].name);
		html_close(&p->h, "li");
	}
	html_close(&p->h, "ul");
}

void web_rules(struct ctx *c)
{
	const struct policy_version *meta;
	const struct policy *pol;
	struct civil_date today;
	struct page p;

	if (ctx_authorize(c, ACT_RULES_VIEW, NULL, NULL) < 0)
		return;
	pol = app_policy(c, &meta);
	page_begin(&p, c, TITLE, "/rules");
	html_elem(&p.h, "h1", NULL, TITLE);
	html_elem(&p.h, "p", NULL,
		  "施行中の通達の定める運用上の数値と関係文書の保存期間です"
		  "（端末を保有しない所属も参照できます）。");
	if (civil_from_unix(now_unix(), &today) == 0 &&
	    civil_compare(&today, &pol->expires) > 0)
		html_elem(&p.h, "p", "class", "notice warning", NULL,
			  "この通達は有効期間満了日を過ぎています。");
	write_directive(&p, pol, meta);
	write_limits(&p, pol);
	write_retention(&p, pol);
	write_forms(&p, pol);
	page_end(&p, 200);
}

static int is_general_manager(const struct ctx *c)
{
	for (size_t i = 0; c->who && i < c->who->n_roles; i++)
		if (c->who->roles[i].role == ROLE_GENERAL_MANAGER)
			return 1;
	return 0;
}

size_t rules_expiry_warning(struct page *p)
{
	struct civil_date today;
	const struct policy *pol;
	struct buf b = BUF_INIT_MAX(64);
	int64_t days = 0;

	if (!is_general_manager(p->c) ||
	    civil_from_unix(now_unix(), &today) < 0)
		return 0;
	pol = app_policy(p->c, NULL);
	if (!policy_expiry_warning(pol, &today, &days))
		return 0;
	wareki_format(&pol->expires, &b);
	html_open(&p->h, "section", "class", "notice warning", "id",
		  "policy-expiry", NULL);
	html_open(&p->h, "p", NULL);
	if (days >= 0)
		html_textf(&p->h, "通達（%s）の有効期間は%sまでです（あと%lld日）。"
			   "改正後の規程を読み込んでください。", pol->number,
			   buf_cstr(&b), (long long)days);
	else
		html_textf(&p->h, "通達（%s）の有効期間は%sに満了しています。"
			   "改正後の規程を読み込んでください。", pol->number,
			   buf_cstr(&b));
	html_close(&p->h, "p");
	html_open(&p->h, "p", NULL);
	html_elem(&p->h, "a", "href", "/rules", NULL, "運用規程を見る");
	html_close(&p->h, "p");
	html_close(&p->h, "section");
	buf_release(&b);
	return 1;
}
