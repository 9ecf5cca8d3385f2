#include "users.h"

#include <stdio.h>
#include <string.h>

#include "../core/identity.h"
#include "../core/roles.h"
#include "../core/validate.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "user_page.h"
#include "steps.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

static const char *const user_fields[] = {
	"login", "name", "name_kana", "rank", "sex", "unit_id", "is_admin",
	"password", "version", NULL
};

/* A message on a field of the form (the password is no user field). */
static void add_error(struct form_errors *e, const char *field,
		      const char *why)
{
	const struct field_desc *f = record_field(&user_record, field);

	if (!strcmp(field, "password"))
		form_errors_add(e, field, "初期パスワード", why);
	else
		form_errors_add(e, f ? field : "", f ? f->label : "", why);
}

/* ---- list ----------------------------------------------------------- */

/*
 * The filter offers a page of the units whose staff the user may see
 * (the first STORE_PAGE_MAX, HQ first, then by code) and the one chosen:
 * an organisation of thousands of units is not one <select> (issue 12).
 */
static void write_unit_filter(struct page *p, const struct unit_page *units,
			      int64_t selected)
{
	struct unit chosen;
	char id[24];
	int listed = 0;
	size_t i;

	html_open(&p->h, "form", "method", "get", "action", "/users", "class",
		  "actions", NULL);
	field_select_begin(&p->h, NULL, "unit", "所属で絞り込む");
	field_option(&p->h, "", "すべての所属", !selected);
	for (i = 0; i < units->n; i++) {
		struct authz_object o = { units->items[i].id, 0, 0, 0 };
		if (!ctx_can(p->c, ACT_USER_VIEW, &o))
			continue;
		field_option(&p->h, i64s(id, units->items[i].id),
			     units->items[i].name, units->items[i].id == selected);
		listed |= units->items[i].id == selected;
	}
	if (selected && !listed &&
	    store_unit_get(p->c->app->store, selected, &chosen) == 0)
		field_option(&p->h, i64s(id, chosen.id), chosen.name, 1);
	field_select_end(&p->h);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-secondary", NULL, "表示する");
	html_close(&p->h, "form");
	if (units->at.next)
		html_elem(&p->h, "p", "class", "hint", NULL,
			  "所属が多いため先頭の所属だけを選択肢にしています。"
			  "ほかの所属の職員は所属一覧の各所属から表示できます。");
}

static void user_row(struct page *p, const struct user *u,
		     const struct row_joined *j)
{
	char href[48], id[24];

	snprintf(href, sizeof(href), "/users/%s", i64s(id, u->id));
	html_open(&p->h, "tr", "class", u->active ? NULL : "inactive", NULL);
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", href, NULL, u->name);
	if (!u->active)
		html_elem(&p->h, "span", "class", "mark-inactive", NULL, "停止中");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, u->name_kana);
	html_elem(&p->h, "td", NULL, rank_label(u->rank));
	html_elem(&p->h, "td", NULL, *j->unit_name ? j->unit_name : "—");
	html_elem(&p->h, "td", NULL, u->login);
	html_close(&p->h, "tr");
}

static void write_user_table(struct page *p, const struct user_list *l)
{
	size_t i, shown = 0;

	table_begin(&p->h, (const char *const[]){ "氏名", "ふりがな", "階級", "所属",
		"ログインID", NULL });
	for (i = 0; i < l->n; i++) {
		struct authz_object o = { l->items[i].unit_id, l->items[i].id, 0, 0 };
		if (!ctx_list_row_ok(p->c, ACT_USER_VIEW, &o))
			continue;
		user_row(p, &l->items[i], &l->joined[i]);
		shown++;
	}
	table_end(&p->h, shown, "表示できる職員はいません。");
}

/*
 * The users the user may see (deactivated ones too), a page at a time
 * in one query with the unit's name; ?unit= keeps one unit's.  The units
 * of the filter are the organisation's, a short list.
 */
void web_users_list(struct ctx *c)
{
	const char *q = http_query(c->req, "unit");
	struct authz_object o = own_unit(c);
	struct authz_view view = ctx_list_view(c, ACT_USER_VIEW);
	struct page_req units_req = { .limit = STORE_PAGE_MAX };
	struct unit_page units = { 0 };
	struct user_list l = { 0 };
	struct page_req req;
	int64_t unit_id = 0;
	char base[48], n[24];
	struct page p;
	int rc;

	if (!str_empty(q) && parse_id(q, &unit_id) < 0) {
		ctx_fail(c, MM_EINVAL, "所属の指定が正しくありません。", "unit");
		return;
	}
	if (unit_id)
		o.unit_id = unit_id;
	if (ctx_authorize(c, ACT_USER_VIEW, &o, NULL) < 0 ||
	    web_page_req(c, &req) < 0)
		return;
	rc = store_unit_page(c->app->store, &view, &units_req, &units);
	if (rc == 0)
		rc = store_user_list(c->app->store, &view, unit_id, 1, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "users");
		goto out;
	}
	if (unit_id)
		snprintf(base, sizeof(base), "/users?unit=%s", i64s(n, unit_id));
	else
		snprintf(base, sizeof(base), "/users");
	page_begin(&p, c, "職員一覧", "/users");
	html_elem(&p.h, "h1", NULL, "職員一覧");
	if (ctx_can(c, ACT_USER_CREATE, NULL)) {
		html_open(&p.h, "p", "class", "actions", NULL);
		html_elem(&p.h, "a", "class", "button", "href", "/users/new",
			  NULL, "職員を登録する");
		html_close(&p.h, "p");
	}
	write_unit_filter(&p, &units, unit_id);
	write_user_table(&p, &l);
	web_pager(&p, base, &l.at);
	page_end(&p, 200);
out:
	unit_page_release(&units);
	user_list_release(&l);
}

/* ---- form ----------------------------------------------------------- */

/* Units offered: those where the user may do act to someone. */
static void unit_select(struct ctx *c, struct html *h,
			const struct form_errors *e, enum action act,
			int64_t selected)
{
	struct unit_list units = { NULL, 0 };
	char id[24];
	size_t i;

	if (store_unit_list(c->app->store, &units) < 0)
		units.n = 0;
	field_select_begin(h, e, "unit_id", "所属");
	field_option(h, "", "選択してください", !selected);
	for (i = 0; i < units.n; i++) {
		struct authz_object o = { units.items[i].id, 0, 0, 0 };
		if (units.items[i].id != selected &&
		    (!units.items[i].active || !ctx_can(c, act, &o)))
			continue;
		field_option(h, i64s(id, units.items[i].id), units.items[i].name,
			     units.items[i].id == selected);
	}
	field_select_end(h);
	unit_list_release(&units);
}

/* The fields after the login, in order, as the descriptor has them. */
static const char *const person_keys[] = { "name", "name_kana", "rank", "sex",
	NULL };

/* The form for u; posted (may be NULL) is shown again with its faults. */
static void render_user_form(struct ctx *c, const struct user *u,
			     const struct form *posted,
			     const struct form_errors *e, int status)
{
	const char *title = u->id ? "職員情報の編集" : "職員の登録";
	char action[48], n[24];
	struct page p;

	if (u->id)
		snprintf(action, sizeof(action), "/users/%s", i64s(n, u->id));
	else
		snprintf(action, sizeof(action), "/users");
	page_begin(&p, c, title, "/users");
	html_elem(&p.h, "h1", NULL, title);
	form_error_summary(&p, e);
	form_begin(&p.h, c, action, "stack");
	if (u->id) {
		form_hidden(&p.h, "version", i64s(n, u->version));
		html_open(&p.h, "dl", "class", "details", NULL);
		html_elem(&p.h, "dt", NULL, "ログインID");
		html_elem(&p.h, "dd", NULL, u->login);
		html_close(&p.h, "dl");
	} else {
		web_record_field(&p.h, e, &user_record, "login", posted, u);
	}
	web_record_fields(&p.h, e, &user_record, person_keys, posted, u);
	unit_select(c, &p.h, e, u->id ? ACT_USER_UPDATE : ACT_USER_CREATE,
		    u->unit_id);
	/* Only administrators reach this form (ACT_USER_CREATE/UPDATE). */
	web_record_field(&p.h, e, &user_record, "is_admin", posted, u);
	if (!u->id)
		field_input(&p.h, e, "password", "初期パスワード", "password",
			    NULL, "12文字以上。本人に伝え、初回ログイン後に変更してもらってください。",
			    "new-password");
	form_submit(&p.h, u->id ? "変更を保存する" : "登録する");
	form_end(&p.h);
	page_end(&p, status);
}

/*
 * Reads the form into u through the user's descriptor (the login only
 * when u is new), every fault into e: the fields and validate_user(), as
 * the API and the CLI read them.
 */
static void user_from_form(const struct form *f, struct user *u,
			   struct form_errors *e)
{
	web_record_read(f, &user_record, u, u->id ? RECORD_EDIT : RECORD_CREATE,
			e);
}

static int store_error_on_form(int rc, struct form_errors *e, int *status)
{
	*status = 422;
	if (rc == MM_EEXIST)
		add_error(e, "login", "このログインIDは既に使われています。");
	else if (rc == MM_ENOTFOUND)
		add_error(e, "unit_id", MM_NO_UNIT_MSG);
	else if (rc == MM_ERULE || rc == MM_EINVAL)
		form_errors_add(e, "", "", store_message(rc));
	else if (rc == MM_ESTALE) {
		form_errors_add(e, "", "", MSG_STALE);
		*status = 409;
	} else
		return 0;
	return 1;
}

void web_user_new(struct ctx *c)
{
	struct user u;

	if (ctx_authorize(c, ACT_USER_CREATE, NULL, NULL) < 0)
		return;
	memset(&u, 0, sizeof(u));
	u.active = 1;
	render_user_form(c, &u, NULL, NULL, 200);
}

/* Checks and hashes the initial password; 0 or an error added to e. */
static int initial_password(const struct form *f, char hash[MM_PWHASH_MAX],
			    struct form_errors *e, int do_hash)
{
	const char *why = NULL;

	if (validate_password(form_value(f, "password"), &why) < 0) {
		add_error(e, "password", why);
		return MM_EINVAL;
	}
	/* Argon2id is costly: only once the rest of the form is good. */
	if (!do_hash)
		return 0;
	if (password_hash(form_value(f, "password"), hash) < 0) {
		form_errors_add(e, "", "", store_message(MM_ENOMEM));
		return MM_ENOMEM;
	}
	return 0;
}

void web_user_create(struct ctx *c)
{
	struct form f = { .n = 0 };
	char hash[MM_PWHASH_MAX];
	struct authz_object o = { 0, 0, 0, 0 };
	struct authz_grant g;
	struct form_errors e;
	struct actor a;
	struct user u;
	int rc, status = 422;

	if (form_read(c, &f, user_fields) < 0)
		goto out;
	memset(&u, 0, sizeof(u));
	u.active = 1;
	form_errors_init(&e);
	user_from_form(&f, &u, &e);
	o.unit_id = u.unit_id;
	/* Without a valid unit the request is checked as GET /users/new is. */
	if (ctx_authorize(c, ACT_USER_CREATE, u.unit_id ? &o : NULL, &g) < 0)
		goto out;
	if (initial_password(&f, hash, &e, e.n == 0) < 0 || e.n) {
		render_user_form(c, &u, &f, &e, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_user_create(c->app->store, &a, &u, hash);
	if (rc == 0) {
		char href[48], n[24];
		snprintf(href, sizeof(href), "/users/%s", i64s(n, u.id));
		page_redirect(c, href);
	} else if (store_error_on_form(rc, &e, &status)) {
		u.id = 0;
		render_user_form(c, &u, &f, &e, status);
	} else {
		web_store_fail(c, rc);
	}
out:
	form_release(&f);
}

void web_user_edit(struct ctx *c)
{
	struct user u;

	if (web_user_load(c, ACT_USER_UPDATE, &u, NULL) < 0)
		return;
	render_user_form(c, &u, NULL, NULL, 200);
}

void web_user_update(struct ctx *c)
{
	struct form f = { .n = 0 };
	struct authz_grant g;
	struct form_errors e;
	struct actor a;
	struct user u;
	int64_t old_unit;
	int rc, status = 422;

	if (web_user_load(c, ACT_USER_UPDATE, &u, &g) < 0)
		return;
	if (form_read(c, &f, user_fields) < 0)
		goto out;
	if (parse_int64(form_value(&f, "version"), 1, INT64_MAX, &u.version) < 0) {
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
		goto out;
	}
	old_unit = u.unit_id;
	form_errors_init(&e);
	user_from_form(&f, &u, &e);
	/* Moving someone to another unit needs the right there as well. */
	if (u.unit_id && u.unit_id != old_unit &&
	    ctx_authorize(c, ACT_USER_UPDATE,
			  &(struct authz_object){ u.unit_id, u.id, 0, 0 }, NULL) < 0)
		goto out;
	if (e.n) {
		render_user_form(c, &u, &f, &e, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_user_update(c->app->store, &a, &u);
	if (rc == 0) {
		char href[48], n[24];
		snprintf(href, sizeof(href), "/users/%s", i64s(n, u.id));
		page_redirect(c, href);
	} else if (store_error_on_form(rc, &e, &status)) {
		render_user_form(c, &u, &f, &e, status);
	} else {
		web_store_fail(c, rc);
	}
out:
	form_release(&f);
}
