#include "designations.h"

#include <stdio.h>
#include <string.h>

#include "../core/roles.h"
#include "../lib/err.h"
#include "../store/store_designations.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "../app/objects.h"
#include "../lib/banned.h"

static const char *const create_fields[] = { "user_id", "role", "rank",
	"exception_reason", "knowledge", "aptitude", NULL };
static const char *const redesignate_fields[] = { "version", "rank",
	"exception_reason", "knowledge", "aptitude", NULL };
static const char *const revoke_fields[] = { "version", "reason", NULL };

WEB_KIND(designation_kind, struct designation, store_designation_get,
	 designation_authz_object, "designations");


/* ---- the list and the register -------------------------------------- */

static void designation_row(struct page *p, const void *rec)
{
	const struct designation *d = rec;
	char href[80], who[MM_NAME_MAX], unit[MM_NAME_MAX];

	user_name_of(p->c->app->store, d->user_id, who, sizeof(who));
	unit_name_of(p->c->app->store, d->unit_id, unit, sizeof(unit));
	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", href_of(href, "designations", d->id, NULL),
		  NULL, who);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, unit);
	html_elem(&p->h, "td", NULL, role_label(d->role));
	html_elem(&p->h, "td", NULL, rank_label(d->rank));
	html_elem(&p->h, "td", NULL, designation_state_label(d->state));
	html_close(&p->h, "tr");
}

static void designations_table(struct page *p)
{
	static const char *const heads[] = { "氏名", "所属", "役割", "階級",
		"状態", NULL };
	struct designation_list l = { NULL, 0 };

	if (store_designation_list(p->c->app->store, 0, &l) < 0)
		l.n = 0;
	table_begin(&p->h, heads);
	table_end(&p->h, web_visible_rows(p, &designation_kind,
					  ACT_DESIGNATION_VIEW, l.items, l.n,
					  designation_row),
		  "指定の記録はありません。");
	designation_list_release(&l);
}

/* The grounds of an entry in one cell. */
static void labelled(struct page *p, const char *label, const char *text)
{
	if (!text[0])
		return;
	html_text(&p->h, label);
	html_text(&p->h, text);
	html_text(&p->h, " ");
}

static void grounds_cell(struct page *p, const struct designation_entry *e)
{
	html_open(&p->h, "td", NULL);
	labelled(p, "例外理由：", e->exception_reason);
	labelled(p, "知識：", e->knowledge);
	labelled(p, "適性：", e->aptitude);
	labelled(p, "解除理由：", e->reason);
	html_close(&p->h, "td");
}

static void entry_row(struct page *p, const struct designation_entry *e)
{
	char who[MM_NAME_MAX], by[MM_NAME_MAX], unit[MM_NAME_MAX], n[24];

	user_name_of(p->c->app->store, e->user_id, who, sizeof(who));
	user_name_of(p->c->app->store, e->by, by, sizeof(by));
	unit_name_of(p->c->app->store, e->unit_id, unit, sizeof(unit));
	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "td", NULL, i64s(n, e->id));
	html_open(&p->h, "td", NULL);
	page_wareki(p, e->at, 0);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, unit);
	html_elem(&p->h, "td", NULL, designation_event_label(e->event));
	html_elem(&p->h, "td", NULL, who);
	html_elem(&p->h, "td", NULL, role_label(e->role));
	html_elem(&p->h, "td", NULL, rank_label(e->rank));
	grounds_cell(p, e);
	html_elem(&p->h, "td", NULL, by);
	html_close(&p->h, "tr");
}

/* Form 1: each unit's entries, as far as the viewer may see them. */
static void register_table(struct page *p)
{
	static const char *const heads[] = { "番号", "年月日", "所属", "区分",
		"氏名", "役割", "階級", "指定の理由等", "指定者", NULL };
	struct designation_entry_list l = { NULL, 0 };
	size_t shown = 0;

	if (store_designation_register(p->c->app->store, 0, &l) < 0)
		l.n = 0;
	html_elem(&p->h, "h2", "id", "register", NULL, "交信担当者指定簿（様式第1号）");
	table_begin(&p->h, heads);
	for (size_t i = 0; i < l.n; i++) {
		struct authz_object o = { l.items[i].unit_id, 0, 0 };
		if (!ctx_can(p->c, ACT_DESIGNATION_VIEW, &o))
			continue;
		entry_row(p, &l.items[i]);
		shown++;
	}
	table_end(&p->h, shown, "記載事項はありません。");
	designation_entry_list_release(&l);
}

/* ---- forms ------------------------------------------------------------ */

static void rank_select(struct html *h, enum rank current)
{
	field_select_begin(h, NULL, "rank", "階級");
	for (int r = RANK_JUNSA; r < RANK__COUNT; r++)
		field_option(h, rank_key((enum rank)r), rank_label((enum rank)r),
			     (int)current == r);
	field_select_end(h);
}

static void grounds_fields(struct html *h, const char *exc,
			   const char *knowledge, const char *aptitude)
{
	field_textarea(h, NULL, "exception_reason",
		       "警部補以外の者を運用担当者に指定する理由", exc,
		       "運用担当者を警部補（同相当職を含む。）以外から指定する場合に入力");
	field_textarea(h, NULL, "knowledge", "サイバーパトロールに関する知識",
		       knowledge, "交信担当者の指定に必要");
	field_textarea(h, NULL, "aptitude", "適性", aptitude,
		       "交信担当者の指定に必要");
}

static void designate_form(struct page *p)
{
	struct user_list users = { NULL, 0 };
	char id[24];

	if (store_user_list(p->c->app->store, p->c->who->unit_id, 0, &users) < 0)
		return;
	html_elem(&p->h, "h2", NULL, "指定する");
	form_begin(&p->h, p->c, "/designations", "stack");
	field_select_begin(&p->h, NULL, "user_id", "職員");
	for (size_t i = 0; i < users.n; i++)
		field_option(&p->h, i64s(id, users.items[i].id),
			     users.items[i].name, 0);
	field_select_end(&p->h);
	field_select_begin(&p->h, NULL, "role", "役割");
	field_option(&p->h, role_key(ROLE_OPERATIONS_OFFICER),
		     role_label(ROLE_OPERATIONS_OFFICER), 0);
	field_option(&p->h, role_key(ROLE_COMM_OFFICER),
		     role_label(ROLE_COMM_OFFICER), 1);
	field_select_end(&p->h);
	rank_select(&p->h, RANK_KEIBUHO);
	grounds_fields(&p->h, NULL, NULL, NULL);
	form_submit(&p->h, "指定する");
	form_end(&p->h);
	user_list_release(&users);
}

void web_designations_list(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct page p;

	if (ctx_authorize(c, ACT_DESIGNATION_VIEW, &own, NULL) < 0)
		return;
	page_begin(&p, c, "担当者の指定", "/designations");
	html_elem(&p.h, "h1", NULL, "運用担当者・交信担当者の指定");
	designations_table(&p);
	if (ctx_can(c, ACT_DESIGNATION_MANAGE, &own))
		designate_form(&p);
	register_table(&p);
	page_end(&p, 200);
}

/* ---- steps ------------------------------------------------------------ */

/* Reads rank and the grounds' texts from f into g (texts borrowed). */
static int read_grounds(struct ctx *c, const struct form *f,
			struct designation_grounds *g)
{
	const char *why = NULL;

	g->rank = rank_from_key(form_value(f, "rank"));
	g->exception_reason = form_value(f, "exception_reason");
	g->knowledge = form_value(f, "knowledge");
	g->aptitude = form_value(f, "aptitude");
	if (designation_check(g, &why) < 0) {
		ctx_fail(c, MM_EINVAL, why, NULL);
		return MM_EINVAL;
	}
	return 0;
}

static void step_fail(struct ctx *c, int rc)
{
	if (rc == MM_EEXIST)
		ctx_fail(c, rc, "この職員はこの役割に既に指定されています。", NULL);
	else if (rc == MM_ERULE)
		ctx_fail(c, rc, "所属の職員のみ指定できます。", NULL);
	else
		lending_fail(c, rc, NULL);
}

void web_designation_create(struct ctx *c)
{
	struct designation_grounds g = { 0 };
	struct authz_object o = { 0 };
	struct form f = { .n = 0 };
	struct authz_grant gr;
	struct designation d;
	struct user u;
	struct actor a;
	char href[80];
	int64_t user_id;
	int rc;

	if (form_read(c, &f, create_fields) < 0)
		goto out;
	if (parse_id(form_value(&f, "user_id"), &user_id) < 0 ||
	    store_user_get(c->app->store, user_id, &u) < 0) {
		ctx_fail(c, MM_EINVAL, "職員を選択してください。", NULL);
		goto out;
	}
	o.unit_id = u.unit_id;
	if (ctx_authorize(c, ACT_DESIGNATION_MANAGE, &o, &gr) < 0)
		goto out;
	g.role = role_from_key(form_value(&f, "role"));
	if (read_grounds(c, &f, &g) < 0)
		goto out;
	a = ctx_actor(c, &gr);
	rc = store_designation_create(c->app->store, &a, u.unit_id, u.id, &g, &d);
	if (rc == 0)
		page_redirect(c, href_of(href, "designations", d.id, NULL));
	else
		step_fail(c, rc);
out:
	form_release(&f);
}

static void manage_forms(struct page *p, const struct designation *d)
{
	if (d->state == DESIGNATION_ACTIVE) {
		html_elem(&p->h, "h2", NULL, "指定の解除");
		version_form_begin(p, "designations", d->id, "/revoke", d->version);
		field_textarea(&p->h, NULL, "reason", "解除の理由", NULL, NULL);
		form_submit(&p->h, "指定を解除する");
		form_end(&p->h);
		return;
	}
	html_elem(&p->h, "h2", NULL, "再指定");
	version_form_begin(p, "designations", d->id, "/redesignate", d->version);
	rank_select(&p->h, d->rank);
	grounds_fields(&p->h, d->exception_reason, d->knowledge, d->aptitude);
	form_submit(&p->h, "再指定する");
	form_end(&p->h);
}

void web_designation_show(struct ctx *c)
{
	char who[MM_NAME_MAX], unit[MM_NAME_MAX];
	struct designation d;
	struct authz_object o;
	struct page p;

	if (web_load(c, &designation_kind, ACT_DESIGNATION_VIEW, &d, NULL) < 0)
		return;
	user_name_of(c->app->store, d.user_id, who, sizeof(who));
	unit_name_of(c->app->store, d.unit_id, unit, sizeof(unit));
	page_begin(&p, c, "指定", "/designations");
	html_elem(&p.h, "h1", NULL, "担当者の指定");
	html_open(&p.h, "dl", NULL);
	dl_row(&p, "氏名", who);
	dl_row(&p, "所属", unit);
	dl_row(&p, "役割", role_label(d.role));
	dl_row(&p, "階級", rank_label(d.rank));
	dl_row(&p, "状態", designation_state_label(d.state));
	dl_row(&p, "例外の理由", d.exception_reason[0] ? d.exception_reason : "—");
	dl_row(&p, "知識", d.knowledge[0] ? d.knowledge : "—");
	dl_row(&p, "適性", d.aptitude[0] ? d.aptitude : "—");
	html_close(&p.h, "dl");
	o = designation_authz_object(&d);
	if (ctx_can(c, ACT_DESIGNATION_MANAGE, &o))
		manage_forms(&p, &d);
	page_end(&p, 200);
}

static void step(struct ctx *c, enum designation_event ev)
{
	struct designation_grounds g = { 0 };
	struct form f = { .n = 0 };
	struct authz_grant gr;
	struct designation d;
	struct actor a;
	int64_t version;
	char href[80];
	int rc;

	if (web_load(c, &designation_kind, ACT_DESIGNATION_MANAGE, &d, &gr) < 0)
		return;
	if (step_form_read(c, &f, ev == DESIGNATION_EV_REVOKE ? revoke_fields :
		      redesignate_fields, &version) < 0)
		goto out;
	g.role = d.role;
	if (ev == DESIGNATION_EV_REDESIGNATE && read_grounds(c, &f, &g) < 0)
		goto out;
	a = ctx_actor(c, &gr);
	rc = ev == DESIGNATION_EV_REVOKE ?
		store_designation_revoke(c->app->store, &a, d.id, version,
					 form_value(&f, "reason")) :
		store_designation_redesignate(c->app->store, &a, d.id, version, &g);
	if (rc == 0)
		page_redirect(c, href_of(href, "designations", d.id, NULL));
	else
		step_fail(c, rc);
out:
	form_release(&f);
}

void web_designation_revoke(struct ctx *c)
{
	step(c, DESIGNATION_EV_REVOKE);
}

void web_designation_redesignate(struct ctx *c)
{
	step(c, DESIGNATION_EV_REDESIGNATE);
}
