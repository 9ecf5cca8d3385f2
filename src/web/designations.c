#include "designations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/roles.h"
#include "../core/text.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../store/store_designations.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

/*
 * No "rank": a designation rests on the user's recorded rank (R-ROLE-4),
 * shown read-only; a posted one is refused like any unknown field.
 */
static const char *const create_fields[] = { "user_id", "role",
	"exception_reason", "knowledge", "aptitude", NULL };



/* ---- the list and the register -------------------------------------- */

static void designation_row(struct page *p, const void *rec,
			    const struct row_joined *j)
{
	const struct designation *d = rec;
	char href[80];

	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", href_of(href, "designations", d->id, NULL),
		  NULL, *j->user_name ? j->user_name : "—");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, *j->unit_name ? j->unit_name : "—");
	html_elem(&p->h, "td", NULL, role_label(d->role));
	html_elem(&p->h, "td", NULL, rank_label(d->rank));
	html_elem(&p->h, "td", NULL, designation_state_label(d->state));
	html_close(&p->h, "tr");
}

/* The two pages the designations screen shows, read before it is written. */
struct lists {
	struct designation_list d;
	struct designation_entry_list e;
};

static void designations_table(struct page *p, const struct lists *ls)
{
	static const char *const heads[] = { "氏名", "所属", "役割", "階級",
		"状態", NULL };

	table_begin(&p->h, heads);
	table_end(&p->h, web_page_rows(p, &designation_kind,
				       ACT_DESIGNATION_VIEW, ls->d.items,
				       ls->d.joined, ls->d.n, designation_row),
		  "指定の記録はありません。");
	web_pager(p, "/designations", &ls->d.at);
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

static const char *or_dash(const char *s)
{
	return *s ? s : "—";
}

static void entry_row(struct page *p, const struct designation_entry *e,
		      const struct row_joined *j)
{
	char n[24];

	html_open(&p->h, "tr", NULL);
	html_elem(&p->h, "td", NULL, i64s(n, e->id));
	html_open(&p->h, "td", NULL);
	page_wareki(p, e->at, 0);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, or_dash(j->unit_name));
	html_elem(&p->h, "td", NULL, designation_event_label(e->event));
	html_elem(&p->h, "td", NULL, or_dash(j->user_name));
	html_elem(&p->h, "td", NULL, role_label(e->role));
	html_elem(&p->h, "td", NULL, rank_label(e->rank));
	grounds_cell(p, e);
	html_elem(&p->h, "td", NULL, or_dash(j->by_name));
	html_close(&p->h, "tr");
}

/* Form 1: each unit's entries, as far as the viewer may see them. */
static void register_table(struct page *p, const struct lists *ls)
{
	static const char *const heads[] = { "番号", "年月日", "所属", "区分",
		"氏名", "役割", "階級", "指定の理由等", "指定者", NULL };
	const struct designation_entry_list *l = &ls->e;
	size_t shown = 0;

	html_elem(&p->h, "h2", "id", "register", NULL, "交信担当者指定簿（様式第1号）");
	table_begin(&p->h, heads);
	for (size_t i = 0; i < l->n; i++) {
		struct authz_object o = { l->items[i].unit_id, 0, 0, 0 };
		if (!ctx_list_row_ok(p->c, ACT_DESIGNATION_VIEW, &o))
			continue;
		entry_row(p, &l->items[i], &l->joined[i]);
		shown++;
	}
	table_end(&p->h, shown, "記載事項はありません。");
	web_pager_named(p, "/designations", &l->at, "reg_after", "reg_before");
}

/*
 * Reads the page of designations (?after=, ?before=) and of form 1
 * (?reg_after=, ?reg_before=) the user may see, one query each; 0, or
 * the error after answering.
 */
static int read_lists(struct ctx *c, struct lists *ls)
{
	struct authz_view view = ctx_list_view(c, ACT_DESIGNATION_VIEW);
	struct page_req dreq, ereq;
	int rc;

	memset(ls, 0, sizeof *ls);
	if ((rc = web_page_req(c, &dreq)) < 0 ||
	    (rc = web_page_req_named(c, &ereq, "reg_after", "reg_before")) < 0)
		return rc;
	rc = store_designation_list(c->app->store, &view, 0, &dreq, &ls->d);
	if (rc == 0)
		rc = store_designation_register(c->app->store, &view, 0, &ereq,
						&ls->e);
	if (rc < 0)
		ctx_list_failed(c, rc, "designations");
	return rc;
}

static void lists_release(struct lists *ls)
{
	designation_list_release(&ls->d);
	designation_entry_list_release(&ls->e);
}

/* ---- forms ------------------------------------------------------------ */

/*
 * The posted value of name, or fallback when nothing was posted (en:
 * what was posted, to fill a form again with its messages; NULL f: none).
 */
static const char *entered_value(const struct web_posted *en, const char *name,
				 const char *fallback)
{
	return en && en->f ? form_value(en->f, name) : fallback;
}

/* The grounds' fields, as the descriptors have them. */
static const char *const grounds_keys[] = { "exception_reason", "knowledge",
	"aptitude", NULL };

/* The recorded rank's label, or a note that none is recorded. */
static const char *rank_or_none(enum rank rank)
{
	return *rank_label(rank) ? rank_label(rank) : "未登録";
}

/* R-ROLE-4: where the rank comes from, under the forms. */
static void rank_note(struct html *h)
{
	html_elem(h, "p", "class", "hint", NULL,
		  "階級は職員情報に登録されている階級です（ここでは変更できません）。"
		  "警部補（同相当職を含む。）以外の者を運用担当者に指定する場合は理由を入力してください。");
}


static void user_select(struct page *p, const struct web_posted *en)
{
	/* the unit's active users, in one query: a choice of at most a page */
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct user_list users = { 0 };
	const char *chosen = entered_value(en, "user_id", "");
	char id[24];

	if (store_user_list(p->c->app->store, NULL, p->c->who->unit_id, 0, &req,
			    &users) < 0)
		users.n = 0;
	field_select_begin(&p->h, web_posted_errors(en), "user_id",
			   "職員（階級）");
	for (size_t i = 0; i < users.n; i++) {
		struct buf label;

		/* R-ROLE-4: the recorded rank, read-only, beside the name */
		buf_init(&label, 0);
		buf_addf(&label, "%s（%s）", users.items[i].name,
			   rank_or_none(users.items[i].rank));
		field_option(&p->h, i64s(id, users.items[i].id),
			     buf_cstr(&label), !strcmp(id, chosen));
		buf_release(&label);
	}
	field_select_end(&p->h);
	user_list_release(&users);
}

static void designate_form(struct page *p, const struct web_posted *en)
{
	struct designation *fresh = calloc(1, sizeof(*fresh));

	html_elem(&p->h, "h2", "id", "designate", NULL, "指定する");
	form_error_summary(p, web_posted_errors(en));
	form_begin(&p->h, p->c, "/designations", "stack");
	user_select(p, en);
	/* a fresh form offers the communication officer, the usual case */
	if (fresh)
		fresh->role = ROLE_COMM_OFFICER;
	web_record_field(&p->h, web_posted_errors(en), &designation_record,
			 "role", web_posted_form(en), fresh);
	rank_note(&p->h);
	web_record_fields(&p->h, web_posted_errors(en), &designation_record,
			  grounds_keys, web_posted_form(en), NULL);
	free(fresh);
	form_submit(&p->h, "指定する");
	form_end(&p->h);
}

/*
 * The list with the designation form (filled again when en is given);
 * a list that cannot be read is an error page, never an empty table.
 */
static void render_list(struct ctx *c, const struct web_posted *en, int status)
{
	struct authz_object own = own_unit(c);
	struct lists ls;
	struct page p;

	if (read_lists(c, &ls) < 0)
		goto out;
	page_begin(&p, c, "担当者の指定", "/designations");
	html_elem(&p.h, "h1", NULL, "運用担当者・交信担当者の指定");
	designations_table(&p, &ls);
	if (en || ctx_can(c, ACT_DESIGNATION_MANAGE, &own))
		designate_form(&p, en);
	register_table(&p, &ls);
	page_end(&p, status);
out:
	lists_release(&ls);
}

void web_designations_list(struct ctx *c)
{
	struct authz_object own = own_unit(c);

	if (ctx_authorize(c, ACT_DESIGNATION_VIEW, &own, NULL) < 0)
		return;
	render_list(c, NULL, 200);
}

/* ---- steps ------------------------------------------------------------ */

/*
 * A store refusal MM_EINVAL is the rule failing on the rank the store
 * read, which may have changed since: the rules run again on the rank
 * recorded now (d, as posted; desc, its descriptor), for the message.
 * 0 when that explains nothing.
 */
static int recheck_grounds(struct store *s, struct designation *d,
			   const struct record_desc *desc,
			   struct form_errors *e)
{
	struct user u;

	if (store_user_get(s, d->user_id, &u) < 0)
		return 0;
	d->rank = u.rank;
	return web_record_check(desc, d, e) < 0;
}

/*
 * A store refusal the user can correct, as a message on the form (under
 * field, "" for the whole form) and its status; 0 when rc is not one.
 */
static int step_error(int rc, const char *field, struct form_errors *e,
		      int *status)
{
	const char *label = *field ? "職員" : "";

	*status = rc == MM_EEXIST ? 409 : 422;
	if (rc == MM_EEXIST)
		form_errors_add(e, field, label,
				"この職員はこの役割に既に指定されています。");
	else if (rc == MM_ERULE)
		form_errors_add(e, field, label, "所属の職員のみ指定できます。");
	else if (rc == MM_EINVAL)
		form_errors_add(e, "", "", store_message(rc));
	else
		return 0;
	return 1;
}

/* The user d names into u (0), or a message on e; an inactive one is none. */
static int read_user(struct store *s, const struct designation *d,
		     struct user *u, struct form_errors *e)
{
	if (d->user_id && store_user_get(s, d->user_id, u) == 0 && u->active)
		return 0;
	if (d->user_id)
		form_errors_add(e, "user_id", "職員", MM_DESIGNATION_NO_USER_MSG);
	return MM_EINVAL;
}

/* Authorizes the designation of u (or, when unknown, in the own unit). */
static int authorize_create(struct ctx *c, const struct user *u, int known,
			    struct authz_grant *gr)
{
	struct authz_object o = own_unit(c);

	if (known)
		o.unit_id = u->unit_id;
	return ctx_authorize(c, ACT_DESIGNATION_MANAGE, &o, gr);
}

void web_designation_create(struct ctx *c)
{
	struct designation_grounds g;
	struct form f = { .n = 0 };
	struct web_posted en = { NULL, &f, NULL };
	struct form_errors e;
	struct authz_grant gr;
	struct designation *d = calloc(1, sizeof(*d)), *made = NULL;
	struct user u = { 0 };
	struct actor a;
	char href[80];
	int rc, known, status = 422;

	if (!d) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (form_read(c, &f, create_fields) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	/* the rules wait for the rank recorded for the user named */
	web_record_read(&f, &designation_record, d,
			RECORD_CREATE | RECORD_FIELDS_ONLY, &e);
	known = read_user(c->app->store, d, &u, &e) == 0;
	if (authorize_create(c, &u, known, &gr) < 0)
		goto out;
	/* R-ROLE-4, R-ROLE-5: on the user's recorded rank (the store checks again) */
	d->unit_id = u.unit_id;
	d->rank = u.rank;
	if (!e.n)
		web_record_check(&designation_record, d, &e);
	if (e.n) {
		render_list(c, &en, 422);
		goto out;
	}
	g = designation_grounds_of(d);
	a = ctx_actor(c, &gr);
	made = malloc(sizeof(*made));
	rc = made ? store_designation_create(c->app->store, &a, u.unit_id, u.id,
					     &g, made) : MM_ENOMEM;
	if (rc == 0)
		page_redirect(c, href_of(href, "designations", made->id, NULL));
	else if (rc == MM_EINVAL &&
		 recheck_grounds(c->app->store, d, &designation_record, &e))
		render_list(c, &en, 422);
	else if (step_error(rc, "user_id", &e, &status))
		render_list(c, &en, status);
	else
		lending_fail(c, rc, NULL);
out:
	free(made);
	free(d);
	form_release(&f);
}

static void manage_forms(struct page *p, const struct designation *d,
			 const struct web_posted *en)
{
	struct user u;
	const struct form_errors *e = web_posted_errors(en);
	struct authz_object o = designation_authz_object(d);

	if (step_open_to(p->c->who, &designation_revoke_step, &o, d)) {
		html_elem(&p->h, "h2", "id", "revoke", NULL, "指定の解除");
		form_error_summary(p, e);
		version_form_begin(p, "designations", d->id, "/revoke", d->version);
		web_record_field(&p->h, e, &designation_revoke_record, "reason",
				 web_posted_form(en), NULL);
		form_submit(&p->h, "指定を解除する");
		form_end(&p->h);
		return;
	}
	if (!step_open_to(p->c->who, &designation_redesignate_step, &o, d))
		return;
	html_elem(&p->h, "h2", "id", "redesignate", NULL, "再指定");
	form_error_summary(p, e);
	version_form_begin(p, "designations", d->id, "/redesignate", d->version);
	/* R-ROLE-4: the rank recorded now, read-only */
	if (store_user_get(p->c->app->store, d->user_id, &u) < 0)
		u.rank = RANK_NONE;
	html_open(&p->h, "dl", NULL);
	dl_row(p, "現在の階級", rank_or_none(u.rank));
	html_close(&p->h, "dl");
	rank_note(&p->h);
	/* a fresh form offers the grounds recorded last */
	web_record_fields(&p->h, e, &designation_grounds_record, grounds_keys,
			  web_posted_form(en), d);
	form_submit(&p->h, "再指定する");
	form_end(&p->h);
}

/* The designation's page; its form filled again when en is given. */
static void render_designation(struct ctx *c, const struct designation *d,
			       const struct web_posted *en, int status)
{
	char who[MM_NAME_MAX], unit[MM_NAME_MAX];
	struct page p;

	user_name_of(c->app->store, d->user_id, who, sizeof(who));
	unit_name_of(c->app->store, d->unit_id, unit, sizeof(unit));
	page_begin(&p, c, "指定", "/designations");
	html_elem(&p.h, "h1", NULL, "担当者の指定");
	print_link(&p, "designations", d->id);
	html_open(&p.h, "dl", NULL);
	dl_row(&p, "氏名", who);
	dl_row(&p, "所属", unit);
	dl_row(&p, "役割", role_label(d->role));
	dl_row(&p, "階級", rank_label(d->rank));
	dl_row(&p, "状態", designation_state_label(d->state));
	dl_policy_version(&p, d->policy_version);
	dl_row(&p, "例外の理由", !str_empty(d->exception_reason) ?
	       d->exception_reason : "—");
	dl_row(&p, "知識", !str_empty(d->knowledge) ? d->knowledge : "—");
	dl_row(&p, "適性", !str_empty(d->aptitude) ? d->aptitude : "—");
	html_close(&p.h, "dl");
	manage_forms(&p, d, en);
	page_end(&p, status);
}

WEB_STEP_KIND(web_designation_steps, &designation_kind, 0,
	      ACT_DESIGNATION_VIEW, struct designation, render_designation);
