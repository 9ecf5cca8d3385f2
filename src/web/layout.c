#include "layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../core/roles.h"
#include "../lib/err.h"
#include "../core/wareki.h"
#include "../lib/util.h"
#include "../app/objects.h"
#include "../lib/banned.h"

/* The bytes made room for before a page is written (issue 12). */
#define PAGE_RESERVE (((size_t)16 << 10) - 1) /* with the NUL: 16 KiB */

/* What is sent when a page could not be written safely. */
#define BROKEN_PAGE "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">" \
	"<title>エラー | 守り</title></head><body><h1>エラーが発生しました</h1>" \
	"<p><a href=\"/\">ホームへ戻る</a></p></body></html>"

const char *i64s(char out[24], int64_t n)
{
	snprintf(out, 24, "%" PRId64, n);
	return out;
}

struct authz_object own_unit(const struct ctx *c)
{
	struct authz_object o = { 0, 0, 0, 0 };

	if (c->who) {
		o.unit_id = c->who->unit_id;
		o.owner_user_id = c->who->user_id;
	}
	return o;
}

void own_unit_button(struct page *p, enum action act, const char *href,
		     const char *label)
{
	struct authz_object own = own_unit(p->c);

	if (ctx_can(p->c, act, &own))
		html_elem(&p->h, "a", "href", href, "class", "button", NULL,
			  label);
}

static void write_head(struct html *h, const char *title)
{
	html_raw(h, "<!DOCTYPE html>\n");
	html_open(h, "html", "lang", "ja", NULL);
	html_open(h, "head", NULL);
	html_void(h, "meta", "charset", "utf-8", NULL);
	html_void(h, "meta", "name", "viewport", "content",
		  "width=device-width, initial-scale=1", NULL);
	html_open(h, "title", NULL);
	html_text(h, title);
	html_text(h, " | 守り");
	html_close(h, "title");
	html_void(h, "link", "rel", "stylesheet", "href", "/static/tokens.css",
		  NULL);
	html_void(h, "link", "rel", "stylesheet", "href", "/static/mamori.css",
		  NULL);
	html_close(h, "head");
}

/* "運用管理者（熊本北警察署）、交信担当者（…）" or "なし". */
static void write_roles(struct html *h, const struct principal *who)
{
	size_t i;

	if (!who->n_roles && !who->is_admin) {
		html_text(h, "役割なし");
		return;
	}
	if (who->is_admin)
		html_text(h, who->n_roles ? "システム管理者、" : "システム管理者");
	for (i = 0; i < who->n_roles; i++) {
		const char *un = who->role_unit_names[i];
		html_text(h, role_label(who->roles[i].role));
		if (*un)
			html_textf(h, "（%s）", un);
		if (i + 1 < who->n_roles)
			html_text(h, "、");
	}
}

/* The unit names come with the principal (issue 12: no query here). */
static void write_user_box(struct page *p)
{
	struct html *h = &p->h;
	const struct principal *who = p->c->who;
	char tokens[48];

	html_open(h, "div", "class", "site-user", NULL);
	html_open(h, "p", "class", "user-meta", NULL);
	html_elem(h, "span", "class", "user-name", NULL, who->name);
	if (*who->unit_name)
		html_textf(h, "（%s）", who->unit_name);
	html_void(h, "br", NULL);
	html_open(h, "span", "class", "user-roles", NULL);
	html_text(h, "役割：");
	write_roles(h, who);
	html_close(h, "span");
	html_close(h, "p");
	html_open(h, "p", "class", "user-links", NULL);
	html_elem(h, "a", "href", "/password", NULL, "パスワード変更");
	html_text(h, " ");
	html_elem(h, "a", "href", "/mfa", NULL, "二要素認証");
	html_text(h, " ");
	snprintf(tokens, sizeof(tokens), "/users/%lld/tokens",
		 (long long)who->user_id);
	html_elem(h, "a", "href", tokens, NULL, "APIトークン");
	html_close(h, "p");
	html_open(h, "form", "method", "post", "action", "/logout", NULL);
	html_void(h, "input", "type", "hidden", "name", "csrf", "value",
		  p->c->csrf, NULL);
	html_elem(h, "button", "type", "submit", "class",
		  "button button-small", NULL, "ログアウト");
	html_close(h, "form");
	html_close(h, "div");
}

static void nav_item(struct page *p, const char *path, const char *label,
		     const char *current)
{
	int here = current && !strcmp(current, path);

	html_open(&p->h, "li", NULL);
	html_elem(&p->h, "a", "href", path, "aria-current",
		  here ? "page" : NULL, NULL, label);
	html_close(&p->h, "li");
}

/* Links are shown only for what the principal may do (ctx_can). */
static void write_nav(struct page *p, const char *current)
{
	struct authz_object own = own_unit(p->c);
	struct authz_object breaches = breach_list_authz_object(own.unit_id);

	html_open(&p->h, "nav", "class", "site-nav", "aria-label",
		  "メインメニュー", NULL);
	html_open(&p->h, "ul", NULL);
	if (ctx_can(p->c, ACT_HOME_VIEW, &own))
		nav_item(p, "/", "ホーム", current);
	if (ctx_can(p->c, ACT_UNIT_VIEW, &own))
		nav_item(p, "/units", "所属一覧", current);
	if (ctx_can(p->c, ACT_USER_VIEW, &own))
		nav_item(p, "/users", "職員一覧", current);
	if (ctx_can(p->c, ACT_DEVICE_VIEW, &own))
		nav_item(p, "/devices", "端末", current);
	if (ctx_can(p->c, ACT_APPLICATION_VIEW, &own))
		nav_item(p, "/applications", "借用申請", current);
	if (ctx_can(p->c, ACT_LOAN_VIEW, &own))
		nav_item(p, "/loans", "貸出管理簿", current);
	if (ctx_can(p->c, ACT_TAKEOUT_VIEW, &own))
		nav_item(p, "/takeouts", "持出し", current);
	if (ctx_can(p->c, ACT_DESIGNATION_VIEW, &own))
		nav_item(p, "/designations", "担当者の指定", current);
	if (ctx_can(p->c, ACT_SERVICE_VIEW, &own))
		nav_item(p, "/services", "外部サービス", current);
	if (ctx_can(p->c, ACT_CASE_VIEW, &own))
		nav_item(p, "/cases", "事案", current);
	if (ctx_can(p->c, ACT_MEETING_VIEW, &own))
		nav_item(p, "/meetings", "接触", current);
	if (ctx_can(p->c, ACT_STATS_VIEW, &own))
		nav_item(p, "/statistics", "統計", current);
	if (ctx_can(p->c, ACT_SUPPORT_VIEW, &own))
		nav_item(p, "/supports", "応援要請", current);
	if (ctx_can(p->c, ACT_BREACH_VIEW, &breaches))
		nav_item(p, "/breaches", "違反報告", current);
	if (ctx_can(p->c, ACT_PHOTO_VIEW, &own))
		nav_item(p, "/photo-approvals", "顔写真", current);
	if (ctx_can(p->c, ACT_EXCEPTION_VIEW, &own))
		nav_item(p, "/exceptions", "例外申請", current);
	if (ctx_can(p->c, ACT_SCREENSHOT_VIEW, &own))
		nav_item(p, "/screenshots", "スクリーンショット", current);
	if (ctx_can(p->c, ACT_MESSAGE_CHECK, NULL))
		nav_item(p, "/cases/check", "文面チェック", current);
	if (ctx_can(p->c, ACT_DISPOSAL_VIEW, NULL))
		nav_item(p, "/disposal", "文書の廃棄", current);
	if (ctx_can(p->c, ACT_AUDIT_VIEW, &own))
		nav_item(p, "/audit", "監査ログ", current);
	if (ctx_can(p->c, ACT_RULES_VIEW, NULL))
		nav_item(p, "/rules", "運用規程", current);
	html_close(&p->h, "ul");
	html_close(&p->h, "nav");
}

void page_begin(struct page *p, struct ctx *c, const char *title,
		const char *nav)
{
	struct html *h = &p->h;

	p->c = c;
	buf_reset(&c->res->body);
	/* a page is rarely under 16 KiB: one allocation, not ten doublings */
	buf_reserve(&c->res->body, PAGE_RESERVE);
	html_init(h, &c->res->body);
	write_head(h, title);
	html_open(h, "body", NULL);
	html_elem(h, "a", "class", "skip-link", "href", "#main", NULL,
		  "本文へ移動");
	html_open(h, "header", "class", "site-header", NULL);
	html_open(h, "p", "class", "site-name", NULL);
	html_open(h, "a", "href", "/", NULL);
	html_text(h, "守り");
	html_elem(h, "span", "class", "site-name-en", "lang", "en", NULL,
		  "Mamori");
	html_close(h, "a");
	html_close(h, "p");
	if (c->who)
		write_user_box(p);
	html_close(h, "header");
	if (c->who)
		write_nav(p, nav);
	html_open(h, "main", "id", "main", NULL);
}

void page_wareki(struct page *p, int64_t t, int with_time)
{
	struct buf tmp;

	buf_init(&tmp, 256);
	if (wareki_format_unix(t, with_time, &tmp) < 0)
		html_text(&p->h, "—");
	else
		html_text(&p->h, buf_cstr(&tmp));
	buf_release(&tmp);
}

void page_end(struct page *p, int status)
{
	struct html *h = &p->h;
	struct http_response *res = p->c->res;

	html_close(h, "main");
	html_open(h, "footer", "class", "site-footer", NULL);
	html_open(h, "p", NULL);
	html_text(h, "守り（Mamori）サイバーパトロール用スマートフォン運用管理 ・ 本日 ");
	page_wareki(p, now_unix(), 0);
	html_close(h, "p");
	html_close(h, "footer");
	html_close(h, "body");
	html_close(h, "html");
	snprintf(res->content_type, sizeof(res->content_type), "%s",
		 "text/html; charset=utf-8");
	if (html_finish(h) < 0) {
		buf_reset(&res->body);
		buf_adds(&res->body, BROKEN_PAGE);
		res->status = 500;
		return;
	}
	res->status = status;
}

void page_redirect(struct ctx *c, const char *path)
{
	if (http_response_redirect(c->res, path) < 0)
		ctx_fail(c, MM_EINVAL, "エラーが発生しました。", NULL);
}
