#include "tokens.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "../app/auth.h"
#include "../app/token_ops.h"
#include "../core/identity.h"
#include "../core/validate.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "steps.h"
#include "user_page.h"
#include "../lib/banned.h"

static void token_row(struct page *p, const struct token_info *t)
{
	char href[64], id[24];

	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "td", NULL, t->label);
	html_open(&p->h, "td", NULL);
	page_wareki(p, t->created_at, 1);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	page_wareki(p, t->expires_at, 1);
	if (t->expires_at <= now_unix())
		html_elem(&p->h, "span", "class", "mark-inactive", NULL,
			  "期限切れ");
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	if (t->last_used_at)
		page_wareki(p, t->last_used_at, 1);
	else
		html_text(&p->h, "未使用");
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	snprintf(href, sizeof(href), "/tokens/%s/revoke", i64s(id, t->id));
	form_begin(&p->h, p->c, href, NULL);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-danger button-small", NULL, "無効にする");
	form_end(&p->h);
	html_close(&p->h, "td");
	html_close(&p->h, "tr");
}

static void create_form(struct page *p, const struct user *u,
			const struct form_errors *e, const char *label,
			const char *days)
{
	char href[64], id[24], hint[96];

	snprintf(href, sizeof(href), "/users/%s/tokens", i64s(id, u->id));
	snprintf(hint, sizeof(hint), "1〜%ld日。空欄なら%ld日。",
		 p->c->app->cfg.token_max_secs / 86400,
		 p->c->app->cfg.token_default_secs / 86400);
	html_elem(&p->h, "h2", NULL, "新しいAPIトークン");
	form_begin(&p->h, p->c, href, "stack");
	field_input(&p->h, e, "label", "用途", "text", label, NULL, "off");
	field_input(&p->h, e, "expires_in_days", "有効期間（日）", "text", days,
		    hint, "off");
	form_submit(&p->h, "発行する");
	form_end(&p->h);
}

/*
 * The page of u's tokens; token (NULL: none) is the value just minted,
 * shown this once.
 */
static void render(struct ctx *c, const struct user *u, struct form_errors *e,
		   const char *token, const char *label, const char *days,
		   int status)
{
	struct token_list l = {0};
	struct page p;
	size_t i;
	int rc = store_token_list(c->app->store, u->id, &l);

	if (rc < 0) {
		ctx_list_failed(c, rc, "tokens");
		return;
	}
	page_begin(&p, c, "APIトークン", NULL);
	html_elem(&p.h, "h1", NULL, "APIトークン");
	html_elem(&p.h, "p", NULL, u->name);
	form_error_summary(&p, e);
	if (token) {
		html_open(&p.h, "div", "class", "notice", "role", "status", NULL);
		html_elem(&p.h, "p", NULL,
			  "APIトークンを発行しました。この画面を離れると二度と表示されません。");
		html_elem(&p.h, "code", "class", "token-value", NULL, token);
		html_close(&p.h, "div");
	}
	table_begin(&p.h, (const char *const[]){ "用途", "発行", "有効期限",
		"最終使用", "", NULL });
	for (i = 0; i < l.n; i++)
		token_row(&p, &l.items[i]);
	table_end(&p.h, l.n, "有効なAPIトークンはありません。");
	token_list_release(&l);
	if (c->who->user_id == u->id)
		create_form(&p, u, e, label, days);
	page_end(&p, status);
}

void web_tokens_list(struct ctx *c)
{
	struct form_errors e;
	struct user u;

	if (web_user_load(c, ACT_TOKEN_VIEW, &u, NULL) < 0)
		return;
	form_errors_init(&e);
	render(c, &u, &e, NULL, "", "", 200);
}

/* The lifetime of the form: "" for the default, else 1..max days. */
static int read_days(struct ctx *c, const char *s, int64_t *expires_at,
		     struct form_errors *e, char why[160])
{
	int64_t days = 0;

	if (!str_empty(s) && parse_int64(s, 0, INT64_MAX / 86400, &days) < 0)
		days = -1;
	else if (!str_empty(s) && days == 0)
		days = -1;
	if (auth_token_expiry(c, days, expires_at) == 0)
		return 0;
	snprintf(why, 160, AUTH_TOKEN_DAYS_MSG,
		 c->app->cfg.token_max_secs / 86400);
	form_errors_add(e, "expires_in_days", "有効期間（日）", why);
	return MM_EINVAL;
}

void web_tokens_create(struct ctx *c)
{
	static const char *const allowed[] = { "label", "expires_in_days",
		NULL };
	struct form f = { .n = 0 };
	struct form_errors e;
	struct authz_grant g;
	struct actor a;
	struct user u;
	char token[MM_TOKEN_HEX];
	unsigned char hash[MM_HASH_BYTES];
	const char *label, *why = NULL;
	char days_why[160];
	int64_t expires_at = 0, id = 0;
	int rc;

	if (web_user_load(c, ACT_TOKEN_CREATE, &u, &g) < 0)
		return;
	/* the administrator lists and revokes anyone's, but mints only their own */
	if (u.id != c->who->user_id) {
		ctx_deny_rule(c, "token_of_another",
			      "他の職員のAPIトークンは発行できません。");
		return;
	}
	if (auth_token_mint_check(c) < 0)
		return;
	if (form_read(c, &f, allowed) < 0)
		goto out;
	form_errors_init(&e);
	label = form_value(&f, "label");
	if (validate_name(label, &why) < 0)
		form_errors_add(&e, "label", "用途", why);
	if (read_days(c, form_value(&f, "expires_in_days"), &expires_at,
		      &e, days_why) < 0 || why) {
		render(c, &u, &e, NULL, label,
		       form_value(&f, "expires_in_days"), 422);
		goto out;
	}
	token_new(token);
	token_hash(token, hash);
	a = ctx_actor(c, &g);
	rc = store_token_create(c->app->store, &a, u.id, label, hash,
				expires_at, &id);
	if (rc < 0)
		web_store_fail(c, rc);
	else
		render(c, &u, &e, token, "", "", 201);
	sodium_memzero(token, sizeof(token));
out:
	form_release(&f);
}

void web_tokens_revoke(struct ctx *c)
{
	struct token_info t;
	char href[64], id[24];

	if (token_revoke(c, c->req->params[0], &t) < 0)
		return;
	snprintf(href, sizeof(href), "/users/%s/tokens", i64s(id, t.user_id));
	page_redirect(c, href);
}
