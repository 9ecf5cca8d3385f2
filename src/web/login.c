#include "login.h"

#include <string.h>

#include "../app/auth.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "../lib/banned.h"

static const char msg_expired[] =
	"ログイン画面の有効期限が切れました。もう一度ログインしてください。";

static void render_login(struct ctx *c, const char *login,
			 const char *message, int status)
{
	char token[MM_TOKEN_HEX];
	struct page p;
	struct form_errors e;

	if (auth_login_token(c, token) < 0) {
		ctx_fail(c, MM_EINVAL, NULL, NULL);
		return;
	}
	form_errors_init(&e);
	if (message)
		form_errors_add(&e, "login", "ログインID", message);
	page_begin(&p, c, "ログイン", NULL);
	html_open(&p.h, "div", "class", "login-box", NULL);
	html_elem(&p.h, "h1", NULL, "ログイン");
	form_error_summary(&p, &e);
	/*
	 * No session yet: the form carries the login cookie's token instead
	 * (app/auth.h), checked by web_login_submit (ROUTE_NO_CSRF).
	 */
	html_open(&p.h, "form", "method", "post", "action", "/login", "class",
		  "stack", "novalidate", "", NULL);
	html_void(&p.h, "input", "type", "hidden", "name", "csrf", "value",
		  token, NULL);
	field_input(&p.h, &e, "login", "ログインID", "text", login, NULL,
		    "username");
	field_input(&p.h, NULL, "password", "パスワード", "password", NULL,
		    NULL, "current-password");
	form_submit(&p.h, "ログイン");
	html_close(&p.h, "form");
	html_close(&p.h, "div");
	page_end(&p, status);
}

void web_login_form(struct ctx *c)
{
	if (c->who) {
		page_redirect(c, "/");
		return;
	}
	render_login(c, "", NULL, 200);
}

void web_login_submit(struct ctx *c)
{
	static const char *const allowed[] = { "login", "password", NULL };
	struct form f = { .n = 0 };
	const char *why = NULL;
	int rc;

	if (form_read(c, &f, allowed) < 0) {
		form_release(&f);
		return;
	}
	if (!auth_login_token_ok(c, form_value(&f, "csrf"))) {
		/* login CSRF: another origin posting its own account's login */
		auth_login_refused(c, form_value(&f, "login"), "csrf");
		render_login(c, form_value(&f, "login"), msg_expired, 403);
		form_release(&f);
		return;
	}
	rc = auth_login(c, form_value(&f, "login"), form_value(&f, "password"),
			&why);
	if (rc == 0)
		page_redirect(c, c->mfa_pending ? "/login/mfa" : "/");
	else if (rc == MM_EAUTH || rc == MM_ETHROTTLED)
		render_login(c, form_value(&f, "login"),
			     why ? why : "ログインIDまたはパスワードが違います。",
			     rc == MM_ETHROTTLED ? 429 : 401);
	else
		web_store_fail(c, rc);
	form_release(&f);
}

void web_logout(struct ctx *c)
{
	int rc = auth_logout(c);

	if (rc < 0) {
		web_store_fail(c, rc);
		return;
	}
	page_redirect(c, "/login");
}

static void render_password(struct ctx *c, struct form_errors *e,
			    const char *notice, int status)
{
	struct page p;

	page_begin(&p, c, "パスワードの変更", NULL);
	html_elem(&p.h, "h1", NULL, "パスワードの変更");
	if (c->who->must_change_password && !notice)
		html_elem(&p.h, "p", "class", "notice", NULL,
			  AUTH_MUST_CHANGE_MSG);
	if (notice)
		html_elem(&p.h, "p", "class", "notice", "role", "status", NULL,
			  notice);
	form_error_summary(&p, e);
	form_begin(&p.h, c, "/password", "stack");
	field_input(&p.h, e, "current_password", "現在のパスワード",
		    "password", NULL, NULL, "current-password");
	field_input(&p.h, e, "new_password", "新しいパスワード", "password",
		    NULL, "12文字以上。よく使われるパスワードは使えません。",
		    "new-password");
	field_input(&p.h, e, "new_password_again", "新しいパスワード（確認）",
		    "password", NULL, NULL, "new-password");
	form_submit(&p.h, "変更する");
	form_end(&p.h);
	page_end(&p, status);
}

void web_password_form(struct ctx *c)
{
	struct form_errors e;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0)
		return;
	form_errors_init(&e);
	render_password(c, &e, NULL, 200);
}

static const char *field_label(const char *field)
{
	return field && !strcmp(field, "current_password") ?
		"現在のパスワード" : "新しいパスワード";
}

void web_password_submit(struct ctx *c)
{
	static const char *const allowed[] = { "current_password",
		"new_password", "new_password_again", NULL };
	struct authz_object o = { .unit_id = c->who->unit_id,
				  .owner_user_id = c->who->user_id };
	struct form f = { .n = 0 };
	struct form_errors e;
	const char *field = NULL, *why = NULL;
	int rc;

	if (ctx_authorize(c, ACT_PASSWORD_CHANGE, &o, NULL) < 0)
		return;
	if (form_read(c, &f, allowed) < 0) {
		form_release(&f);
		return;
	}
	form_errors_init(&e);
	if (strcmp(form_value(&f, "new_password"),
		   form_value(&f, "new_password_again"))) {
		form_errors_add(&e, "new_password_again",
				"新しいパスワード（確認）",
				"確認のパスワードが一致しません。");
		render_password(c, &e, NULL, 422);
		form_release(&f);
		return;
	}
	rc = auth_change_password(c, form_value(&f, "current_password"),
				  form_value(&f, "new_password"), &field, &why);
	form_release(&f);
	if (rc == MM_EINVAL || rc == MM_ETHROTTLED) {
		form_errors_add(&e, field, field_label(field), why);
		render_password(c, &e, NULL, rc == MM_EINVAL ? 422 : 429);
	} else if (rc < 0) {
		web_store_fail(c, rc);
	} else {
		/* reload: the "must change" mark is gone */
		store_principal_load(c->app->store, c->who->user_id,
				     &c->principal_storage);
		render_password(c, &e, "パスワードを変更しました。", 200);
	}
}
