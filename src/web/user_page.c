#include "user_page.h"

#include <stdio.h>
#include <string.h>

#include "../core/identity.h"
#include "../core/roles.h"
#include "../core/validate.h"
#include "../lib/err.h"
#include "../store/store_mfa.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "steps.h"
#include "../lib/banned.h"

/* What the forms of the page held when it is shown again after an error. */
struct page_input {
	struct form_errors e;
	const char *role;   /* role key entered, or "" */
	int64_t unit_id;    /* unit entered for the role, or 0 */
};

static void input_init(struct page_input *in)
{
	form_errors_init(&in->e);
	in->role = "";
	in->unit_id = 0;
}

static void user_path(char out[64], int64_t id, const char *suffix)
{
	char n[24];

	snprintf(out, 64, "/users/%s%s", i64s(n, id), suffix);
}

int web_user_load(struct ctx *c, enum action act, struct user *u,
		  struct authz_grant *g)
{
	int64_t id = c->req->params[0];
	struct authz_object o = { 0, id, 0, 0 };
	int rc;

	rc = store_user_get(c->app->store, id, u);
	if (rc == MM_ENOTFOUND) {
		if (ctx_authorize(c, act, &o, NULL) == 0)
			web_store_fail(c, rc);
		return rc;
	}
	if (rc < 0) {
		web_store_fail(c, rc);
		return rc;
	}
	o.unit_id = u->unit_id;
	return ctx_authorize(c, act, &o, g);
}

/* ---- the page ------------------------------------------------------- */

static void dt_dd(struct page *p, const char *dt, const char *dd)
{
	html_elem(&p->h, "dt", NULL, dt);
	html_elem(&p->h, "dd", NULL, dd);
}

static void write_details(struct page *p, const struct user *u,
			  const struct unit_list *units)
{
	html_open(&p->h, "dl", "class", "details", NULL);
	dt_dd(p, "ログインID", u->login);
	dt_dd(p, "氏名", u->name);
	dt_dd(p, "ふりがな", u->name_kana);
	dt_dd(p, "階級", rank_label(u->rank));
	dt_dd(p, "性別", u->sex == SEX_UNKNOWN ? "未設定" : sex_label(u->sex));
	dt_dd(p, "所属", web_unit_name(units, u->unit_id));
	dt_dd(p, "システム管理者", u->is_admin ? "はい" : "いいえ");
	dt_dd(p, "状態", u->active ? "利用中" : "停止中");
	html_close(&p->h, "dl");
}

static void write_actions(struct page *p, const struct user *u)
{
	struct authz_object o = { u->unit_id, u->id, 0, 0 };
	char href[64], version[24];

	html_open(&p->h, "div", "class", "actions", NULL);
	if (ctx_can(p->c, ACT_USER_UPDATE, &o)) {
		user_path(href, u->id, "/edit");
		html_elem(&p->h, "a", "class", "button button-secondary", "href",
			  href, NULL, "職員情報を編集する");
	}
	if (ctx_can(p->c, ACT_TOKEN_VIEW, &o)) {
		user_path(href, u->id, "/tokens");
		html_elem(&p->h, "a", "class", "button button-secondary", "href",
			  href, NULL, "APIトークン");
	}
	if (ctx_can(p->c, ACT_USER_DEACTIVATE, &o)) {
		user_path(href, u->id, u->active ? "/deactivate" : "/activate");
		form_begin(&p->h, p->c, href, NULL);
		form_hidden(&p->h, "version", i64s(version, u->version));
		html_elem(&p->h, "button", "type", "submit", "class",
			  u->active ? "button button-danger" : "button", NULL,
			  u->active ? "利用を停止する" : "利用を再開する");
		form_end(&p->h);
	}
	html_close(&p->h, "div");
}

static void write_role_row(struct page *p, const struct role_assignment *r,
			   const struct unit_list *units)
{
	struct authz_object o = { r->unit_id, r->user_id, 0, 0 };
	char href[64], n[24];

	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "td", NULL, role_label(r->role));
	html_elem(&p->h, "td", NULL, web_unit_name(units, r->unit_id));
	html_open(&p->h, "td", NULL);
	page_wareki(p, r->since, 0);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	if (role_by_designation(r->role)) {
		/* R-ROLE-4, R-ROLE-5: ended only by revoking the designation */
		if (ctx_can(p->c, ACT_DESIGNATION_VIEW, &o))
			html_elem(&p->h, "a", "href", "/designations", NULL,
				  "指定簿（様式第1号）で管理");
		else
			html_text(&p->h, "指定簿（様式第1号）で管理");
	} else if (ctx_can(p->c, ACT_ROLE_REVOKE, &o)) {
		snprintf(href, sizeof(href), "/roles/%s/revoke", i64s(n, r->id));
		form_begin(&p->h, p->c, href, NULL);
		html_elem(&p->h, "button", "type", "submit", "class",
			  "button button-secondary button-small", NULL, "解除する");
		form_end(&p->h);
	}
	html_close(&p->h, "td");
	html_close(&p->h, "tr");
}

static void write_roles(struct page *p, const struct user *u,
			const struct unit_list *units)
{
	struct role_list roles = { NULL, 0 };
	size_t i;

	html_elem(&p->h, "h2", NULL, "指定されている役割");
	if (store_role_list(p->c->app->store, u->id, &roles) < 0 || !roles.n) {
		html_elem(&p->h, "p", NULL, "指定されている役割はありません。");
		role_list_release(&roles);
		return;
	}
	table_begin(&p->h, (const char *const[]){ "役割", "所属", "指定日", "操作",
		NULL });
	for (i = 0; i < roles.n; i++)
		write_role_row(p, &roles.items[i], units);
	html_close(&p->h, "tbody");
	html_close(&p->h, "table");
	role_list_release(&roles);
}

/* The assign form, offering only the units where assigning is allowed. */
static void write_assign_form(struct page *p, const struct user *u,
			      const struct unit_list *units,
			      const struct page_input *in)
{
	char href[64], id[24];
	size_t i, offered = 0;
	int r;

	for (i = 0; i < units->n; i++) {
		struct authz_object o = { units->items[i].id, u->id, 0, 0 };
		offered += units->items[i].active &&
			   ctx_can(p->c, ACT_ROLE_ASSIGN, &o);
	}
	if (!offered || !u->active)
		return;
	html_elem(&p->h, "h2", NULL, "役割を指定する");
	user_path(href, u->id, "/roles");
	form_begin(&p->h, p->c, href, "stack");
	field_select_begin(&p->h, &in->e, "role", "役割");
	field_option(&p->h, "", "選択してください", !*in->role);
	for (r = 1; r < ROLE__COUNT; r++)
		if (!role_by_designation((enum role)r)) /* R-ROLE-4, R-ROLE-5 */
			field_option(&p->h, role_key((enum role)r),
				     role_label((enum role)r),
				     !strcmp(in->role, role_key((enum role)r)));
	field_select_end(&p->h);
	field_select_begin(&p->h, &in->e, "unit_id", "役割を持つ所属");
	field_option(&p->h, "", "選択してください", !in->unit_id);
	for (i = 0; i < units->n; i++) {
		struct authz_object o = { units->items[i].id, u->id, 0, 0 };
		if (!units->items[i].active ||
		    !ctx_can(p->c, ACT_ROLE_ASSIGN, &o))
			continue;
		field_option(&p->h, i64s(id, units->items[i].id),
			     units->items[i].name,
			     units->items[i].id == in->unit_id);
	}
	field_select_end(&p->h);
	html_elem(&p->h, "p", "class", "hint", NULL,
		  "運用担当者・交信担当者は「担当者の指定」の画面で、"
		  "交信担当者指定簿（様式第1号）に記載して指定します。");
	form_submit(&p->h, "指定する");
	form_end(&p->h);
}

static void write_password_form(struct page *p, const struct user *u,
				const struct page_input *in)
{
	struct authz_object o = { u->unit_id, u->id, 0, 0 };
	char href[64];

	if (!u->active || !ctx_can(p->c, ACT_USER_SET_PASSWORD, &o))
		return;
	html_elem(&p->h, "h2", NULL, "パスワードを再設定する");
	user_path(href, u->id, "/password");
	form_begin(&p->h, p->c, href, "stack");
	field_input(&p->h, &in->e, "password", "新しいパスワード", "password",
		    NULL, "12文字以上。本人に伝え、ログイン後に変更してもらってください。",
		    "new-password");
	form_submit(&p->h, "パスワードを再設定する");
	form_end(&p->h);
}

/*
 * The administrator's removal of a lost second factor (issue 13): shown
 * while the user has one (begun or enrolled).
 */
static void write_mfa_reset_form(struct page *p, const struct user *u)
{
	struct authz_object o = { u->unit_id, u->id, 0, 0 };
	struct mfa_factor f;
	char href[64];

	if (!ctx_can(p->c, ACT_USER_SET_PASSWORD, &o) ||
	    store_mfa_get(p->c->app->store, u->id, &f) < 0)
		return;
	html_elem(&p->h, "h2", NULL, "二要素認証を解除する");
	html_elem(&p->h, "p", NULL, f.confirmed ?
		  "認証アプリと回復コードを失ったときに解除します。職員のセッションと"
		  "APIトークンは終了し、次のログイン後に登録し直します。" :
		  "二要素認証の登録が開始されています（未完了）。");
	user_path(href, u->id, "/mfa/reset");
	form_begin(&p->h, p->c, href, "stack");
	form_submit(&p->h, "二要素認証を解除する");
	form_end(&p->h);
}

/* After a successful action, a fixed notice chosen by ?done=. */
static void write_done_notice(struct page *p)
{
	const char *done = http_query(p->c->req, "done");
	const char *msg = NULL;

	if (str_empty(done))
		return;
	if (!strcmp(done, "password"))
		msg = "パスワードを再設定しました。";
	else if (!strcmp(done, "role"))
		msg = "役割を指定しました。";
	else if (!strcmp(done, "revoke"))
		msg = "役割の指定を解除しました。";
	else if (!strcmp(done, "active"))
		msg = "利用状態を変更しました。";
	else if (!strcmp(done, "mfa"))
		msg = "二要素認証を解除しました。";
	if (msg)
		html_elem(&p->h, "p", "class", "notice", "role", "status", NULL,
			  msg);
}

static void render_user_page(struct ctx *c, const struct user *u,
			     const struct page_input *in, int status)
{
	struct unit_list units = { NULL, 0 };
	struct page p;

	if (store_unit_list(c->app->store, &units) < 0)
		units.n = 0;
	page_begin(&p, c, u->name, "/users");
	html_open(&p.h, "h1", NULL);
	html_text(&p.h, u->name);
	if (!u->active)
		html_elem(&p.h, "span", "class", "mark-inactive", NULL, "停止中");
	html_close(&p.h, "h1");
	if (status == 200)
		write_done_notice(&p);
	form_error_summary(&p, &in->e);
	write_actions(&p, u);
	write_details(&p, u, &units);
	write_roles(&p, u, &units);
	write_assign_form(&p, u, &units, in);
	write_password_form(&p, u, in);
	write_mfa_reset_form(&p, u);
	page_end(&p, status);
	unit_list_release(&units);
}

void web_user_show(struct ctx *c)
{
	struct page_input in;
	struct user u;

	if (web_user_load(c, ACT_USER_VIEW, &u, NULL) < 0)
		return;
	input_init(&in);
	render_user_page(c, &u, &in, 200);
}

/* ---- actions -------------------------------------------------------- */

static void redirect_done(struct ctx *c, int64_t user_id, const char *done)
{
	char href[64], suffix[32];

	snprintf(suffix, sizeof(suffix), "?done=%s", done);
	user_path(href, user_id, suffix);
	page_redirect(c, href);
}

/*
 * Shows the page again with a store refusal the user can act on; other
 * errors get the error page.  The user is read again so the page shows
 * the current state (a stale version is the usual reason).
 */
static void refused(struct ctx *c, int64_t user_id, int rc,
		    struct page_input *in, const char *rule_message)
{
	struct user u;
	int status = rc == MM_ESTALE ? 409 : 422;

	if (rc != MM_ESTALE && rc != MM_ERULE && rc != MM_EEXIST &&
	    rc != MM_EINVAL) {
		web_store_fail(c, rc);
		return;
	}
	if (rc == MM_ESTALE)
		form_errors_add(&in->e, "", "", MSG_STALE);
	else if (rc == MM_ERULE && rule_message)
		form_errors_add(&in->e, "", "", rule_message);
	else if (!in->e.n)
		form_errors_add(&in->e, "", "", store_message(rc));
	if (store_user_get(c->app->store, user_id, &u) < 0) {
		web_store_fail(c, MM_ENOTFOUND);
		return;
	}
	render_user_page(c, &u, in, status);
}

static void set_active(struct ctx *c, int active)
{
	static const char *const allowed[] = { "version", NULL };
	struct form f = { .n = 0 };
	struct page_input in;
	struct authz_grant g;
	struct actor a;
	struct user u;
	int64_t version;
	int rc;

	if (web_user_load(c, ACT_USER_DEACTIVATE, &u, &g) < 0)
		return;
	if (form_read(c, &f, allowed) < 0)
		goto out;
	if (parse_int64(form_value(&f, "version"), 1, INT64_MAX, &version) < 0) {
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_user_set_active(c->app->store, &a, u.id, version, active);
	input_init(&in);
	if (rc == 0)
		redirect_done(c, u.id, "active");
	else
		refused(c, u.id, rc, &in,
			"統括運用管理者の利用は停止できません。先に後任を指定してください。");
out:
	form_release(&f);
}

void web_user_deactivate(struct ctx *c)
{
	set_active(c, 0);
}

void web_user_activate(struct ctx *c)
{
	set_active(c, 1);
}

void web_user_password(struct ctx *c)
{
	/* as api_users_password: sessions and tokens end, changed at next login */
	static const struct password_set admin_set = { .must_change = 1 };
	static const char *const allowed[] = { "password", NULL };
	struct form f = { .n = 0 };
	char hash[MM_PWHASH_MAX];
	struct page_input in;
	struct authz_grant g;
	const char *why = NULL;
	struct actor a;
	struct user u;
	int rc;

	if (web_user_load(c, ACT_USER_SET_PASSWORD, &u, &g) < 0)
		return;
	if (form_read(c, &f, allowed) < 0)
		goto out;
	input_init(&in);
	if (validate_password(form_value(&f, "password"), &why) < 0) {
		form_errors_add(&in.e, "password", "新しいパスワード", why);
		render_user_page(c, &u, &in, 422);
		goto out;
	}
	if ((rc = password_hash(form_value(&f, "password"), hash)) < 0) {
		web_store_fail(c, rc);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_user_set_password(c->app->store, &a, u.id, hash,
				     &admin_set);
	if (rc == 0)
		redirect_done(c, u.id, "password");
	else
		refused(c, u.id, rc, &in, NULL);
out:
	form_release(&f);
}

void web_user_mfa_reset(struct ctx *c)
{
	struct page_input in;
	struct authz_grant g;
	struct actor a;
	struct user u;
	int rc;

	/* as api_users_mfa_reset: the power to set the password */
	if (web_user_load(c, ACT_USER_SET_PASSWORD, &u, &g) < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_mfa_reset(c->app->store, &a, u.id);
	input_init(&in);
	if (rc == 0)
		redirect_done(c, u.id, "mfa");
	else if (rc == MM_ENOTFOUND)
		ctx_fail(c, rc, "この職員は二要素認証を登録していません。", NULL);
	else
		refused(c, u.id, rc, &in, NULL);
}

/* Reads role and unit; 0, or errors in in->e (unit filled when found). */
static int read_assignment(struct ctx *c, const struct form *f,
			   struct page_input *in, enum role *role,
			   struct unit *unit)
{
	const char *why = NULL;

	in->role = form_value(f, "role");
	*role = role_from_key(in->role);
	if (*role == ROLE_NONE)
		form_errors_add(&in->e, "role", "役割", "役割を選択してください。");
	else if (role_check_direct(*role, &why) < 0) /* R-ROLE-4, R-ROLE-5 */
		form_errors_add(&in->e, "role", "役割", why);
	if (parse_id(form_value(f, "unit_id"), &in->unit_id) < 0 ||
	    store_unit_get(c->app->store, in->unit_id, unit) < 0) {
		in->unit_id = 0;
		form_errors_add(&in->e, "unit_id", "役割を持つ所属",
				"所属を選択してください。");
	} else if (*role != ROLE_NONE && !role_by_designation(*role) &&
		   role_check_assignment(*role, unit->kind, &why) < 0) {
		form_errors_add(&in->e, "role", "役割", why);
	}
	return in->e.n ? MM_EINVAL : 0;
}

void web_user_role_assign(struct ctx *c)
{
	static const char *const allowed[] = { "role", "unit_id", NULL };
	struct form f = { .n = 0 };
	struct authz_object o;
	struct page_input in;
	struct authz_grant g;
	struct unit unit;
	struct actor a;
	struct user u;
	enum role role;
	int rc;

	if (web_user_load(c, ACT_USER_VIEW, &u, NULL) < 0)
		return;
	if (form_read(c, &f, allowed) < 0)
		goto out;
	input_init(&in);
	rc = read_assignment(c, &f, &in, &role, &unit);
	/* The role is given in the chosen unit: the right is checked there
	 * (in the user's own unit while no valid unit was chosen). */
	o = (struct authz_object){ in.unit_id ? in.unit_id : u.unit_id, u.id, 0, 0 };
	if (ctx_authorize(c, ACT_ROLE_ASSIGN, &o, &g) < 0)
		goto out;
	if (rc < 0) {
		render_user_page(c, &u, &in, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_role_assign(c->app->store, &a, u.id, role, unit.id, NULL);
	if (rc == MM_EEXIST)
		form_errors_add(&in.e, "role", "役割",
				"この職員は既にこの所属でこの役割を指定されています。");
	if (rc == 0)
		redirect_done(c, u.id, "role");
	else
		refused(c, u.id, rc, &in,
			"運用管理要領の規定により、この職員にこの役割は指定できません。");
out:
	form_release(&f);
}

void web_role_revoke(struct ctx *c)
{
	static const char *const allowed[] = { NULL };
	struct form f = { .n = 0 };
	struct role_assignment r;
	struct authz_object o = { 0, 0, 0, 0 };
	const char *why = NULL;
	struct page_input in;
	struct authz_grant g;
	struct actor a;
	int rc;

	rc = store_role_get(c->app->store, c->req->params[0], &r);
	if (rc == 0) {
		o.unit_id = r.unit_id;
		o.owner_user_id = r.user_id;
	}
	/* An unknown id is authorized as an object of no unit first. */
	if (ctx_authorize(c, ACT_ROLE_REVOKE, &o, &g) < 0)
		return;
	if (rc < 0) {
		web_store_fail(c, rc);
		return;
	}
	if (form_read(c, &f, allowed) < 0)
		goto out;
	input_init(&in);
	/* R-ROLE-4, R-ROLE-5: an officer's role ends with its designation */
	if (role_check_direct(r.role, &why) < 0) {
		refused(c, r.user_id, MM_ERULE, &in, why);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_role_revoke(c->app->store, &a, r.id);
	if (rc == 0)
		redirect_done(c, r.user_id, "revoke");
	else
		refused(c, r.user_id, rc, &in,
			"統括運用管理者の指定は解除できません。後任を指定してください。");
out:
	form_release(&f);
}
