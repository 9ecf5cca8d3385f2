#include "mfa.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "../app/mfa.h"
#include "../app/route.h"
#include "../store/store_mfa.h"
#include "../lib/err.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "../lib/banned.h"

static const char code_hint[] =
	"認証アプリに表示された6桁の数字、または回復コード（xxxx-xxxx-xxxx-xxxx）";

/* The self-service gate of one's own factor (as one's own password). */
static int authorize_self(struct ctx *c)
{
	struct authz_object o = { .unit_id = c->who ? c->who->unit_id : 0,
				  .owner_user_id = c->who ? c->who->user_id : 0 };

	return ctx_authorize(c, ACT_PASSWORD_CHANGE, &o, NULL);
}

/* A local path to return to, else "/". */
static const char *safe_next(const char *next)
{
	return next && html_url_ok(next) && next[0] == '/' ? next : "/";
}

static void render_verify(struct ctx *c, const char *next,
			  const struct form_errors *e, int status)
{
	int login = !strcmp(c->req->path, "/login/mfa");
	struct page p;

	page_begin(&p, c, "二要素認証", NULL);
	html_open(&p.h, "div", "class", "login-box", NULL);
	html_elem(&p.h, "h1", NULL, login ? "二要素認証" : "二要素認証の再確認");
	html_elem(&p.h, "p", NULL, login ?
		  "パスワードを確認しました。認証アプリの確認コードを入力してください。" :
		  "重要な決定の前に、認証アプリの確認コードをもう一度入力してください。");
	form_error_summary(&p, e);
	form_begin(&p.h, c, login ? "/login/mfa" : "/mfa/verify", "stack");
	html_void(&p.h, "input", "type", "hidden", "name", "next", "value",
		  safe_next(next), NULL);
	field_input(&p.h, e, "code", "確認コード", "text", NULL, code_hint,
		    "one-time-code");
	form_submit(&p.h, "確認する");
	form_end(&p.h);
	html_close(&p.h, "div");
	page_end(&p, status);
}

void web_mfa_verify_form(struct ctx *c)
{
	struct form_errors e;

	if (authorize_self(c) < 0)
		return;
	if (!c->who->mfa_enrolled) {
		page_redirect(c, "/mfa");
		return;
	}
	form_errors_init(&e);
	render_verify(c, http_query(c->req, "next"), &e, 200);
}

void web_mfa_verify_submit(struct ctx *c)
{
	static const char *const allowed[] = { "code", "next", NULL };
	struct form f = { .n = 0 };
	struct form_errors e;
	const char *why = NULL;
	int rc;

	if (authorize_self(c) < 0)
		return;
	if (form_read(c, &f, allowed) < 0) {
		form_release(&f);
		return;
	}
	form_errors_init(&e);
	rc = mfa_verify(c, form_value(&f, "code"), &why);
	if (rc == MM_EAUTH || rc == MM_ETHROTTLED || rc == MM_EUNSUPPORTED) {
		form_errors_add(&e, "code", "確認コード", why);
		render_verify(c, form_value(&f, "next"), &e,
			      rc == MM_EAUTH ? 422 :
			      rc == MM_ETHROTTLED ? 429 : 501);
	} else if (rc < 0) {
		web_store_fail(c, rc);
	} else {
		page_redirect(c, safe_next(form_value(&f, "next")));
	}
	form_release(&f);
}

static void enrolled_page(struct ctx *c, struct page *p)
{
	struct mfa_factor f;

	if (store_mfa_get(c->app->store, c->who->user_id, &f) < 0)
		f.recovery_left = 0;
	html_elem(&p->h, "p", NULL, "二要素認証（認証アプリ）は登録済みです。");
	html_open(&p->h, "p", NULL);
	html_textf(&p->h, "未使用の回復コード: %lld 個", (long long)f.recovery_left);
	html_close(&p->h, "p");
	html_open(&p->h, "p", NULL);
	html_elem(&p->h, "a", "href", "/mfa/verify", NULL,
		  "確認コードを入力する（重要な決定の前の再確認）");
	html_close(&p->h, "p");
}

/* The enrolment begun: QR code, secret, URI and the confirming form. */
static void waiting_page(struct ctx *c, struct page *p,
			 const struct mfa_enrolment *en,
			 const struct form_errors *e)
{
	html_elem(&p->h, "p", NULL,
		  "認証アプリ（Google Authenticator、Microsoft Authenticator など"
		  "TOTP に対応したもの）で次のQRコードを読み取るか、秘密鍵を入力してください。");
	html_void(&p->h, "img", "src", "/mfa/qr.svg", "alt",
		  "認証アプリに登録するQRコード", "class", "qr", NULL);
	html_open(&p->h, "dl", NULL);
	html_elem(&p->h, "dt", NULL, "秘密鍵");
	html_elem(&p->h, "dd", NULL, en->secret);
	html_elem(&p->h, "dt", NULL, "URI");
	html_elem(&p->h, "dd", NULL, buf_cstr(&en->uri));
	html_close(&p->h, "dl");
	form_error_summary(p, e);
	form_begin(&p->h, c, "/mfa/confirm", "stack");
	field_input(&p->h, e, "code", "確認コード", "text", NULL,
		    "認証アプリに表示された6桁の数字", "one-time-code");
	form_submit(&p->h, "登録を完了する");
	form_end(&p->h);
}

static void render_page(struct ctx *c, const struct form_errors *e,
			int status)
{
	struct mfa_enrolment en;
	struct page p;
	int rc = c->who->mfa_enrolled ? MM_EEXIST : mfa_enrolment_show(c, &en);

	page_begin(&p, c, "二要素認証の登録", NULL);
	html_elem(&p.h, "h1", NULL, "二要素認証の登録");
	if (c->app->cfg.mfa_required && mfa_needed(c->who) &&
	    !c->who->mfa_enrolled)
		html_elem(&p.h, "p", "class", "notice", NULL, MFA_ENROL_MSG);
	if (rc == MM_EEXIST) {
		enrolled_page(c, &p);
	} else if (rc == 0) {
		waiting_page(c, &p, &en, e);
	} else if (!c->app->has_field_key || rc == MM_EUNSUPPORTED) {
		html_elem(&p.h, "p", NULL, MFA_NO_KEY_MSG);
	} else {
		form_error_summary(&p, e);
		form_begin(&p.h, c, "/mfa", "stack");
		form_submit(&p.h, "登録を開始する");
		form_end(&p.h);
	}
	if (rc != MM_EEXIST)
		mfa_enrolment_release(&en);
	page_end(&p, status);
}

void web_mfa_page(struct ctx *c)
{
	struct form_errors e;

	if (authorize_self(c) < 0)
		return;
	form_errors_init(&e);
	render_page(c, &e, 200);
}

void web_mfa_begin(struct ctx *c)
{
	struct mfa_enrolment en;
	const char *why = NULL;
	int rc;

	if (authorize_self(c) < 0)
		return;
	rc = mfa_begin(c, &en, &why);
	mfa_enrolment_release(&en);
	if (rc == MM_EEXIST || rc == MM_EUNSUPPORTED)
		ctx_fail(c, rc, why, NULL);
	else if (rc < 0)
		web_store_fail(c, rc);
	else
		page_redirect(c, "/mfa");
}

void web_mfa_qr(struct ctx *c)
{
	struct mfa_enrolment en;
	int rc;

	if (authorize_self(c) < 0)
		return;
	rc = mfa_enrolment_show(c, &en);
	if (rc == 0) {
		buf_reset(&c->res->body);
		rc = buf_adds(&c->res->body, buf_cstr(&en.svg));
	}
	mfa_enrolment_release(&en);
	if (rc < 0) {
		ctx_fail(c, rc == MM_EUNSUPPORTED ? rc : MM_ENOTFOUND, NULL, NULL);
		return;
	}
	c->res->status = 200;
	snprintf(c->res->content_type, sizeof c->res->content_type, "%s",
		 "image/svg+xml");
}

static void codes_page(struct ctx *c,
		       char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT])
{
	struct page p;

	page_begin(&p, c, "二要素認証の登録", NULL);
	html_elem(&p.h, "h1", NULL, "二要素認証を登録しました");
	html_elem(&p.h, "p", "class", "notice", "role", "status", NULL,
		  "回復コードは今回だけ表示します。印刷するか書き写して、"
		  "認証アプリとは別の安全な場所に保管してください。"
		  "認証アプリが使えないとき、確認コードの代わりに一つずつ（各1回）使えます。");
	html_open(&p.h, "ol", "class", "recovery-codes", NULL);
	for (int i = 0; i < TOTP_RECOVERY_CODES; i++)
		html_elem(&p.h, "li", NULL, codes[i]);
	html_close(&p.h, "ol");
	html_open(&p.h, "p", NULL);
	html_elem(&p.h, "a", "href", "/", NULL, "ホームへ");
	html_close(&p.h, "p");
	page_end(&p, 200);
}

void web_mfa_confirm(struct ctx *c)
{
	static const char *const allowed[] = { "code", NULL };
	char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT];
	struct form f = { .n = 0 };
	struct form_errors e;
	const char *why = NULL;
	int rc;

	if (authorize_self(c) < 0)
		return;
	if (form_read(c, &f, allowed) < 0) {
		form_release(&f);
		return;
	}
	form_errors_init(&e);
	rc = mfa_confirm(c, form_value(&f, "code"), codes, &why);
	form_release(&f);
	if (rc == MM_EINVAL || rc == MM_ETHROTTLED) {
		form_errors_add(&e, "code", "確認コード", why);
		render_page(c, &e, rc == MM_EINVAL ? 422 : 429);
	} else if (rc == MM_ESTATE || rc == MM_EUNSUPPORTED) {
		ctx_fail(c, rc, why, NULL);
	} else if (rc < 0) {
		web_store_fail(c, rc);
	} else {
		codes_page(c, codes);
	}
	sodium_memzero(codes, sizeof codes);
}

/* 1 when a GET route of the web serves path (a page to return to). */
static int is_page(const char *path)
{
	int64_t params[HTTP_MAX_PATH_PARAMS];
	size_t n;

	for (const struct route *r = web_routes; r->method; r++)
		if (!strcmp(r->method, "GET") &&
		    route_match(r->pattern, path, params, &n))
			return 1;
	return 0;
}

void web_mfa_verify_link(const struct ctx *c, char *out, size_t n)
{
	char page[256];
	size_t len, o;

	/* the refused form's page: the POST's path, shortened to a page */
	snprintf(page, sizeof page, "%s", c->req->path);
	while (strlen(page) > 1 && !is_page(page)) {
		char *last = strrchr(page, '/');
		if (last == page)
			last[1] = '\0';
		else
			*last = '\0';
	}
	len = strlen(page);
	o = (size_t)snprintf(out, n, "/mfa/verify?next=");
	for (size_t i = 0; i < len && o + 4 < n; i++) {
		unsigned char ch = (unsigned char)page[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("/-._~", ch))
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", ch);
	}
	out[o < n ? o : n - 1] = '\0';
}
