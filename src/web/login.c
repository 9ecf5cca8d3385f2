#include "login.h"

#include "../app/auth.h"
#include "../lib/err.h"
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
		page_redirect(c, "/");
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
