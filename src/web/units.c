#include "units.h"

#include <stdio.h>
#include <string.h>

#include "../core/roles.h"
#include "../core/validate.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "steps.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

static const char *const unit_fields[] = {
	"code", "name", "kind", "active", "version", NULL
};

static void unit_href(char out[48], int64_t id, const char *suffix)
{
	char n[24];

	snprintf(out, 48, "/units/%s%s", i64s(n, id), suffix);
}

/* ---- list ----------------------------------------------------------- */

static void unit_row(struct page *p, const struct unit *u)
{
	char href[48];

	unit_href(href, u->id, "");
	html_open(&p->h, "tr", "class", u->active ? NULL : "inactive", NULL);
	html_elem(&p->h, "td", NULL, u->code);
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", href, NULL, u->name);
	if (!u->active)
		html_elem(&p->h, "span", "class", "mark-inactive", NULL, "廃止");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, unit_kind_label(u->kind));
	html_close(&p->h, "tr");
}

/* The units the user may see, a page at a time, in one query. */
void web_units_list(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct authz_view view = ctx_list_view(c, ACT_UNIT_VIEW);
	struct unit_page l = { 0 };
	struct page_req req;
	struct page p;
	size_t i, shown = 0;
	int rc;

	if (ctx_authorize(c, ACT_UNIT_VIEW, &own, NULL) < 0 ||
	    web_page_req(c, &req) < 0)
		return;
	if ((rc = store_unit_page(c->app->store, &view, &req, &l)) < 0) {
		ctx_list_failed(c, rc, "units");
		return;
	}
	page_begin(&p, c, "所属一覧", "/units");
	html_elem(&p.h, "h1", NULL, "所属一覧");
	if (ctx_can(c, ACT_UNIT_CREATE, NULL)) {
		html_open(&p.h, "p", "class", "actions", NULL);
		html_elem(&p.h, "a", "class", "button", "href", "/units/new",
			  NULL, "所属を登録する");
		html_close(&p.h, "p");
	}
	table_begin(&p.h, (const char *const[]){ "コード", "所属名", "区分", NULL });
	for (i = 0; i < l.n; i++) {
		struct authz_object o = { l.items[i].id, 0, 0, 0 };
		if (!ctx_list_row_ok(c, ACT_UNIT_VIEW, &o))
			continue;
		unit_row(&p, &l.items[i]);
		shown++;
	}
	table_end(&p.h, shown, "表示できる所属はありません。");
	web_pager(&p, "/units", &l.at);
	page_end(&p, 200);
	unit_page_release(&l);
}

/* ---- form ----------------------------------------------------------- */

/* The form's fields, in order, as the descriptor has them. */
static const char *const unit_keys[] = { "code", "name", "kind", NULL };

/*
 * The create or edit form, filled with u (what was read); posted (may be
 * NULL) is shown again with its faults.
 */
static void render_unit_form(struct ctx *c, const struct unit *u,
			     const struct form *posted,
			     const struct form_errors *e, int status)
{
	const char *title = u->id ? "所属の編集" : "所属の登録";
	char action[48], version[24];
	struct page p;

	if (u->id)
		unit_href(action, u->id, "");
	else
		snprintf(action, sizeof(action), "/units");
	page_begin(&p, c, title, "/units");
	html_elem(&p.h, "h1", NULL, title);
	form_error_summary(&p, e);
	form_begin(&p.h, c, action, "stack");
	if (u->id)
		form_hidden(&p.h, "version", i64s(version, u->version));
	web_record_fields(&p.h, e, &unit_record, unit_keys, posted, u);
	if (u->id)
		web_record_field(&p.h, e, &unit_record, "active", posted, u);
	form_submit(&p.h, u->id ? "変更を保存する" : "登録する");
	form_end(&p.h);
	page_end(&p, status);
}

/*
 * Reads the form into u through the unit's descriptor (whether it is in
 * use only when it exists), every fault into e: the fields and
 * validate_unit(), as the API and the CLI read them.
 */
static void unit_from_form(const struct form *f, struct unit *u,
			   struct form_errors *e)
{
	web_record_read(f, &unit_record, u, u->id ? RECORD_EDIT : RECORD_CREATE,
			e);
}

/* A store refusal the user can correct is shown on the form. */
static int form_error_of(int rc, struct form_errors *e, int *status)
{
	if (rc == MM_EEXIST) {
		form_errors_add(e, "code", "所属コード",
				"この所属コードは既に使われています。");
		*status = 422;
	} else if (rc == MM_ESTALE) {
		form_errors_add(e, "", "", MSG_STALE);
		*status = 409;
	} else if (rc == MM_ERULE || rc == MM_EINVAL) {
		form_errors_add(e, "", "", store_message(rc));
		*status = 422;
	} else {
		return 0;
	}
	return 1;
}

void web_unit_new(struct ctx *c)
{
	struct unit u;

	if (ctx_authorize(c, ACT_UNIT_CREATE, NULL, NULL) < 0)
		return;
	memset(&u, 0, sizeof(u));
	u.active = 1;
	render_unit_form(c, &u, NULL, NULL, 200);
}

/*
 * The end of a unit's form: u from f, checked, stored by save (as the
 * user of g), then the unit's page; or the form again with the faults or
 * the store's refusal (with the id u had: a refused new unit has none).
 */
static void unit_save(struct ctx *c, const struct authz_grant *g,
		      const struct form *f, struct unit *u,
		      int (*save)(struct store *, const struct actor *,
				  struct unit *))
{
	struct form_errors e;
	struct actor a;
	int64_t id = u->id;
	int rc, status = 422;
	char href[48];

	form_errors_init(&e);
	unit_from_form(f, u, &e);
	if (e.n) {
		render_unit_form(c, u, f, &e, 422);
		return;
	}
	a = ctx_actor(c, g);
	rc = save(c->app->store, &a, u);
	if (rc == 0) {
		unit_href(href, u->id, "");
		page_redirect(c, href);
	} else if (form_error_of(rc, &e, &status)) {
		u->id = id;
		render_unit_form(c, u, f, &e, status);
	} else {
		web_store_fail(c, rc);
	}
}

void web_unit_create(struct ctx *c)
{
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct unit u;

	if (ctx_authorize(c, ACT_UNIT_CREATE, NULL, &g) < 0)
		return;
	if (form_read(c, &f, unit_fields) == 0) {
		memset(&u, 0, sizeof(u));
		u.active = 1;
		unit_save(c, &g, &f, &u, store_unit_create);
	}
	form_release(&f);
}

/* Loads unit {id} and authorizes action on it; 0 or an answered error. */
static int load_unit(struct ctx *c, enum action act, struct unit *u,
		     struct authz_grant *g)
{
	struct authz_object o = { c->req->params[0], 0, 0, 0 };
	int rc;

	/* Authorize on the id from the path before reading the record, so a
	 * refused caller learns nothing about whether it exists. */
	if ((rc = ctx_authorize(c, act, &o, g)) < 0)
		return rc;
	if ((rc = store_unit_get(c->app->store, c->req->params[0], u)) < 0)
		web_store_fail(c, rc);
	return rc;
}

void web_unit_edit(struct ctx *c)
{
	struct unit u;

	if (load_unit(c, ACT_UNIT_UPDATE, &u, NULL) < 0)
		return;
	render_unit_form(c, &u, NULL, NULL, 200);
}

void web_unit_update(struct ctx *c)
{
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct unit u;

	if (load_unit(c, ACT_UNIT_UPDATE, &u, &g) < 0)
		return;
	if (form_read(c, &f, unit_fields) < 0)
		goto out;
	if (parse_int64(form_value(&f, "version"), 1, INT64_MAX, &u.version) < 0) {
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
		goto out;
	}
	unit_save(c, &g, &f, &u, store_unit_update);
out:
	form_release(&f);
}

/* ---- show ----------------------------------------------------------- */

static void user_link(struct page *p, const struct user *u)
{
	struct authz_object o = { u->unit_id, u->id, 0, 0 };
	char href[48], n[24];

	if (ctx_can(p->c, ACT_USER_VIEW, &o)) {
		snprintf(href, sizeof(href), "/users/%s", i64s(n, u->id));
		html_elem(&p->h, "a", "href", href, NULL, u->name);
	} else {
		html_text(&p->h, u->name);
	}
}

static void write_holders(struct page *p, const struct unit *unit)
{
	struct role_list roles = { NULL, 0 };
	size_t i;

	html_elem(&p->h, "h2", NULL, "役割の指定");
	if (store_role_list_unit(p->c->app->store, unit->id, &roles) < 0 ||
	    !roles.n) {
		html_elem(&p->h, "p", NULL, "この所属で指定されている役割はありません。");
		role_list_release(&roles);
		return;
	}
	table_begin(&p->h, (const char *const[]){ "役割", "氏名", "指定日", NULL });
	for (i = 0; i < roles.n; i++) {
		struct user u;
		html_open(&p->h, "tr", NULL);
		html_elem(&p->h, "td", NULL, role_label(roles.items[i].role));
		html_open(&p->h, "td", NULL);
		if (store_user_get(p->c->app->store, roles.items[i].user_id, &u) == 0)
			user_link(p, &u);
		else
			html_text(&p->h, "—");
		html_close(&p->h, "td");
		html_open(&p->h, "td", NULL);
		page_wareki(p, roles.items[i].since, 0);
		html_close(&p->h, "td");
		html_close(&p->h, "tr");
	}
	html_close(&p->h, "tbody");
	html_close(&p->h, "table");
	role_list_release(&roles);
}

/*
 * The unit's active staff the user may see: the first page, in one
 * query, and the whole list (users, by unit) behind a link when more.
 */
static void write_staff(struct page *p, const struct unit *unit)
{
	struct authz_view view = ctx_list_view(p->c, ACT_USER_VIEW);
	struct page_req req = { .limit = STORE_PAGE_DEFAULT };
	struct user_list l = { 0 };
	size_t i, shown = 0;
	char href[48], n[24];

	html_elem(&p->h, "h2", NULL, "職員");
	if (store_user_list(p->c->app->store, &view, unit->id, 0, &req, &l) < 0) {
		html_elem(&p->h, "p", "class", "notice", NULL,
			  "職員を読み込めませんでした。");
		return;
	}
	table_begin(&p->h, (const char *const[]){ "氏名", "ふりがな", "階級", NULL });
	for (i = 0; i < l.n; i++) {
		struct authz_object o = { l.items[i].unit_id, l.items[i].id, 0, 0 };
		if (!ctx_list_row_ok(p->c, ACT_USER_VIEW, &o))
			continue;
		html_open(&p->h, "tr", NULL);
		html_open(&p->h, "td", NULL);
		user_link(p, &l.items[i]);
		html_close(&p->h, "td");
		html_elem(&p->h, "td", NULL, l.items[i].name_kana);
		html_elem(&p->h, "td", NULL, rank_label(l.items[i].rank));
		html_close(&p->h, "tr");
		shown++;
	}
	table_end(&p->h, shown, "表示できる職員はいません。");
	if (l.at.next) {
		snprintf(href, sizeof(href), "/users?unit=%s", i64s(n, unit->id));
		html_open(&p->h, "p", NULL);
		html_elem(&p->h, "a", "href", href, NULL, "職員をすべて表示する");
		html_close(&p->h, "p");
	}
	user_list_release(&l);
}

void web_unit_show(struct ctx *c)
{
	struct unit u;
	struct page p;
	char href[48];

	if (load_unit(c, ACT_UNIT_VIEW, &u, NULL) < 0)
		return;
	page_begin(&p, c, u.name, "/units");
	html_elem(&p.h, "h1", NULL, u.name);
	html_open(&p.h, "div", "class", "actions", NULL);
	if (ctx_can(c, ACT_UNIT_UPDATE, &(struct authz_object){ u.id, 0, 0, 0 })) {
		unit_href(href, u.id, "/edit");
		html_elem(&p.h, "a", "class", "button button-secondary", "href",
			  href, NULL, "編集する");
	}
	snprintf(href, sizeof(href), "/users?unit=%s", i64s((char[24]){0}, u.id));
	html_elem(&p.h, "a", "href", href, NULL, "この所属の職員一覧（停止中を含む）");
	html_close(&p.h, "div");
	html_open(&p.h, "dl", "class", "details", NULL);
	html_elem(&p.h, "dt", NULL, "所属コード");
	html_elem(&p.h, "dd", NULL, u.code);
	html_elem(&p.h, "dt", NULL, "区分");
	html_elem(&p.h, "dd", NULL, unit_kind_label(u.kind));
	html_elem(&p.h, "dt", NULL, "状態");
	html_elem(&p.h, "dd", NULL, u.active ? "使用中" : "廃止");
	html_close(&p.h, "dl");
	write_holders(&p, &u);
	write_staff(&p, &u);
	page_end(&p, 200);
}
