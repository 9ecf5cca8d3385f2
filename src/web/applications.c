#include "applications.h"

#include <stdio.h>
#include <string.h>

#include "../core/civil.h"
#include "../core/text.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "lending.h"
#include "steps.h"
#include "lists.h"
#include "../app/policy.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/banned.h"

/* What each form posts (the web reads its selectors from the path). */
static const char *const apply_fields[] = {
	"consulted_on", "consulted_with", "consultation", "device_id",
	"start", "due", "purpose", NULL
};
/*
 * The extension form's fields.  start and device_id are read only to be
 * refused with their message (R-DEV-8), as the API refuses them.
 */
static const char *const extend_fields[] = {
	"consulted_on", "consulted_with", "consultation", "due", "purpose",
	"start", "device_id", NULL
};


/* ---- list ----------------------------------------------------------- */

static void application_row(struct page *p, const void *rec,
			    const struct row_joined *j)
{
	const struct borrow_application *a = rec;
	char href[80], n[24];

	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, "applications", a->id, NULL),
		  NULL);
	html_textf(&p->h, "第%s号", i64s(n, a->id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, application_kind_label(a->kind));
	html_elem(&p->h, "td", NULL, *j->unit_name ? j->unit_name : "—");
	html_open(&p->h, "td", NULL);
	page_wareki(p, a->applied_at, 0);
	html_close(&p->h, "td");
	html_open(&p->h, "td", NULL);
	page_civil(p, &a->due);
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, application_state_label(a->state));
	html_close(&p->h, "tr");
}

static void applications_actions(struct page *p)
{
	struct authz_object own = own_unit(p->c);

	if (!ctx_can(p->c, ACT_APPLICATION_CREATE, &own))
		return;
	html_open(&p->h, "p", "class", "actions", NULL);
	html_elem(&p->h, "a", "class", "button", "href", "/applications/new",
		  NULL, "借用を申請する");
	html_close(&p->h, "p");
}

/* R-DEV-2: form 3 a page at a time, selected by the user's view. */
const struct web_list_route web_applications_list = {
	.kind = &application_kind, .title = "借用申請", .heading = "借用申請",
	.empty = "表示できる申請はありません。",
	.actions = applications_actions, .row = application_row,
	.heads = (const char *const[]){ "番号", "区分", "申請所属", "申請日",
		"返却期限", "状態", NULL },
};

/* ---- the application form (new and extension) ----------------------- */

/*
 * The devices offered as "wanted": in stock, and visible to the user;
 * one query, at most STORE_PAGE_MAX of them (a choice, not the registry).
 */
static void device_choice(struct page *p, const struct form_errors *e,
			  int64_t chosen)
{
	struct authz_view view = ctx_list_view(p->c, ACT_DEVICE_VIEW);
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct device_list dl = { 0 };

	if (store_device_list(p->c->app->store, &view, DEVICE_IN_STOCK, &req,
			      &dl) < 0)
		dl.n = 0;
	field_select_begin(&p->h, e, "device_id", "希望する端末");
	field_option(&p->h, "", "指定なし（いずれの端末でもよい）", !chosen);
	for (size_t i = 0; i < dl.n; i++) {
		struct authz_object o = device_authz_object(&dl.items[i]);
		char id[24], label[2 * MM_NAME_MAX];
		if (!ctx_can(p->c, ACT_DEVICE_VIEW, &o))
			continue;
		snprintf(label, sizeof(label), "%s（%s）", dl.items[i].model,
			 dl.items[i].serial);
		field_option(&p->h, i64s(id, dl.items[i].id), label,
			     dl.items[i].id == chosen);
	}
	field_select_end(&p->h);
	device_list_release(&dl);
}

/* The descriptor an application's form reads: new (R-DEV-2) or extension (R-DEV-8). */
static const struct record_desc *form_desc(const struct borrow_application *a)
{
	return a->kind == APPLICATION_KIND_EXTENSION ? &extension_record
						       : &application_record;
}

/* The form for a; posted (may be NULL) is shown again with its faults. */
static void render_apply_form(struct ctx *c, const struct borrow_application *a,
			      const struct form *posted,
			      const struct form_errors *e, int status)
{
	static const char *const consult_keys[] = {
		"consulted_on", "consulted_with", "consultation", NULL
	};
	static const char *const period_keys[] = { "start", "due", NULL };
	int ext = a->kind == APPLICATION_KIND_EXTENSION;
	const struct record_desc *d = form_desc(a);
	const char *title = ext ? "延長の申請（借用申請書）" : "借用申請書";
	char action[80];
	struct page p;

	if (ext)
		href_of(action, "loans", a->loan_id, "/extend");
	else
		snprintf(action, sizeof(action), "/applications");
	page_begin(&p, c, title, "/applications");
	html_elem(&p.h, "h1", NULL, title);
	form_error_summary(&p, e);
	form_begin(&p.h, c, action, "stack");
	html_elem(&p.h, "h2", NULL, "統括運用管理者との事前協議");
	web_record_fields(&p.h, e, d, consult_keys, posted, a);
	html_elem(&p.h, "h2", NULL, "申請の内容");
	if (!ext)
		device_choice(&p, e, a->device_id);
	/* an extension has no start: its period runs on from the due date */
	web_record_fields(&p.h, e, d, ext ? period_keys + 1 : period_keys,
			  posted, a);
	html_elem(&p.h, "p", "class", "hint", NULL,
		  "借用期間は原則として1年以内です。超える場合は統括運用管理者が理由を記録して承認します。");
	web_record_field(&p.h, e, d, "purpose", posted, a);
	form_submit(&p.h, "申請する");
	form_end(&p.h);
	page_end(&p, status);
}

/*
 * R-DEV-2, R-DEV-8: reads the posted form through the application's
 * descriptor (the same checks and messages as the API) and, when good,
 * records it; a fault shows the form again (422).
 */
static void submit_application(struct ctx *c, const struct authz_grant *g,
			       struct borrow_application *a,
			       const struct form *f)
{
	struct form_errors e;
	struct actor ac = ctx_actor(c, g);
	int rc;

	form_errors_init(&e);
	if (web_record_read(f, form_desc(a), a, RECORD_CREATE, &e) < 0) {
		render_apply_form(c, a, f, &e, 422);
		return;
	}
	rc = store_application_create(c->app->store, &ac, a);
	if (rc == MM_EINVAL || rc == MM_ERULE) {
		form_errors_add(&e, "", "", store_message(rc));
		render_apply_form(c, a, f, &e, 422);
	} else {
		web_step_done(c, &application_kind, a->id, rc, NULL);
	}
}

void web_application_new(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct borrow_application a;

	if (ctx_authorize(c, ACT_APPLICATION_CREATE, &own, NULL) < 0)
		return;
	memset(&a, 0, sizeof(a));
	a.kind = APPLICATION_KIND_NEW;
	render_apply_form(c, &a, NULL, NULL, 200);
}

void web_application_create(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct borrow_application a;
	struct authz_grant g;
	struct form f = { .n = 0 };

	/* R-DEV-2: the manager applies for the home unit. */
	if (ctx_authorize(c, ACT_APPLICATION_CREATE, &own, &g) < 0)
		return;
	if (form_read(c, &f, apply_fields) < 0)
		goto out;
	memset(&a, 0, sizeof(a));
	a.kind = APPLICATION_KIND_NEW;
	a.unit_id = c->who->unit_id;
	submit_application(c, &g, &a, &f);
out:
	form_release(&f);
}

/* Loads loan {id} for an extension by its unit's manager (R-DEV-8). */
static int load_extension_loan(struct ctx *c, struct loan *l,
			       struct authz_grant *g)
{
	int rc = web_load_own(c, &loan_kind, ACT_APPLICATION_CREATE, l, g);

	if (rc < 0)
		return rc;
	if (!loan_open(l->state)) {
		ctx_fail(c, MM_ESTATE, MSG_STATE, NULL);
		return MM_ESTATE;
	}
	return 0;
}

/* An extension of loan l: counted from its due date (R-DEV-8). */
static void extension_of(const struct loan *l, struct borrow_application *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = APPLICATION_KIND_EXTENSION;
	a->loan_id = l->id;
	a->unit_id = l->unit_id;
	a->device_id = l->device_id;
	a->start = l->due;
}

void web_extension_new(struct ctx *c)
{
	struct borrow_application a;
	struct loan l;

	if (load_extension_loan(c, &l, NULL) < 0)
		return;
	extension_of(&l, &a);
	render_apply_form(c, &a, NULL, NULL, 200);
}

void web_extension_create(struct ctx *c)
{
	const char *field = "", *why = NULL;
	struct form_errors e;
	struct borrow_application a;
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct loan l;

	if (load_extension_loan(c, &l, &g) < 0)
		return;
	if (form_read(c, &f, extend_fields) < 0)
		goto out;
	extension_of(&l, &a);
	/* R-DEV-8: the loan fixes the device and the start, as in the API */
	if (application_check_extension_terms(*form_value(&f, "device_id"),
					      *form_value(&f, "start"), &field,
					      &why) < 0) {
		form_errors_init(&e);
		form_errors_add(&e, field, "", why);
		render_apply_form(c, &a, &f, &e, 422);
		goto out;
	}
	submit_application(c, &g, &a, &f);
out:
	form_release(&f);
}

/* ---- detail and decision --------------------------------------------- */

/* R-DEV-2, R-DEV-8: whether approving needs an exception reason. */
static int over_limit(struct ctx *c, const struct borrow_application *a,
		      const char **why)
{
	struct store *st = c->app->store;
	struct application_decision d;
	/* R-META-1: the store decides under the version in force */
	const struct policy *p = app_policy(c, NULL);
	int loan_state;

	/* an extension of a loan no longer open counts from its start: the
	 * approval itself is refused */
	memset(&d, 0, sizeof(d));
	application_decision_facts(st, a, APPLICATION_EV_APPROVE, &d,
				   &loan_state);
	if (a->kind == APPLICATION_KIND_EXTENSION)
		return loan_check_extension(p, &d.from, &d.due, NULL, why) ==
		       MM_ERULE;
	return loan_check_period(p, &d.from, &d.due, NULL, why) == MM_ERULE;
}

/* The loan made on an approved application, or 0 (one query). */
static int64_t loan_of(struct store *st, int64_t application_id)
{
	struct loan_filter f = { .application_id = application_id };
	struct page_req req = { .limit = 1 };
	struct loan_list l = { 0 };
	int64_t id = 0;

	if (store_loan_list(st, NULL, &f, &req, &l) == 0 && l.n)
		id = l.items[0].id;
	loan_list_release(&l);
	return id;
}

static void application_details(struct page *p,
				const struct borrow_application *a)
{
	struct store *st = p->c->app->store;
	char unit[MM_NAME_MAX], who[MM_NAME_MAX], href[80], dev[2 * MM_NAME_MAX];
	struct device d;

	unit_name_of(st, a->unit_id, unit, sizeof(unit));
	user_name_of(st, a->applicant_id, who, sizeof(who));
	html_open(&p->h, "dl", "class", "details", NULL);
	dl_row(p, "区分", application_kind_label(a->kind));
	dl_row(p, "状態", application_state_label(a->state));
	dl_row(p, "申請所属", unit);
	dl_row(p, "申請者", who);
	dl_policy_version(p, a->policy_version);
	html_elem(&p->h, "dt", NULL, "申請日");
	html_open(&p->h, "dd", NULL);
	page_wareki(p, a->applied_at, 0);
	html_close(&p->h, "dd");
	html_elem(&p->h, "dt", NULL, "事前協議");
	html_open(&p->h, "dd", NULL);
	page_civil(p, &a->consulted_on);
	html_textf(&p->h, "　相手：%s", str_or_empty(a->consulted_with));
	html_close(&p->h, "dd");
	dl_row(p, "協議で合意した内容", str_or_empty(a->consultation));
	if (a->device_id &&
	    store_device_get(st, a->device_id, &p->c->pool, &d) == 0)
		snprintf(dev, sizeof(dev), "%s（%s）", str_or_empty(d.model),
			 d.serial);
	else
		snprintf(dev, sizeof(dev), "%s", "指定なし");
	dl_row(p, "希望する端末", dev);
	html_elem(&p->h, "dt", NULL, "借用期間");
	html_open(&p->h, "dd", NULL);
	page_civil(p, &a->start);
	html_text(&p->h, " から ");
	page_civil(p, &a->due);
	html_text(&p->h, " まで");
	html_close(&p->h, "dd");
	dl_row(p, a->kind == APPLICATION_KIND_EXTENSION ? "延長の理由"
							  : "使用目的", str_or_empty(a->purpose));
	if (a->kind == APPLICATION_KIND_EXTENSION) {
		html_elem(&p->h, "dt", NULL, "延長する貸出");
		html_open(&p->h, "dd", NULL);
		html_elem(&p->h, "a", "href", href_of(href, "loans", a->loan_id,
						      NULL), NULL, "貸出の記録を表示");
		html_close(&p->h, "dd");
	}
	if (a->decided_at) {
		user_name_of(st, a->decided_by, who, sizeof(who));
		html_elem(&p->h, "dt", NULL, "決定");
		html_open(&p->h, "dd", NULL);
		page_wareki(p, a->decided_at, 0);
		html_textf(&p->h, "（%s）", who);
		html_close(&p->h, "dd");
		dl_row(p, "決定の理由", str_or_empty(a->decision_reason));
		if (!str_empty(a->exception_reason))
			dl_row(p, "期間超過の理由", a->exception_reason);
	}
	html_close(&p->h, "dl");
}

static void decision_forms(struct page *p, const struct borrow_application *a,
			   const struct form *f, const struct form_errors *e)
{
	const char *why = NULL;
	int over = over_limit(p->c, a, &why);

	html_elem(&p->h, "h2", "id", "decide", NULL, "承認・不承認");
	form_error_summary(p, e);
	if (over)
		html_elem(&p->h, "p", "class", "notice", NULL, why);
	version_form_begin(p, "applications", a->id, "/approve", a->version);
	if (over)
		web_record_field(&p->h, e, &application_decision_record,
				 "exception_reason", f, NULL);
	field_textarea(&p->h, e, "reason", "承認の理由（任意）",
		       f ? form_value(f, "reason") : NULL, NULL);
	form_submit(&p->h, "承認する");
	form_end(&p->h);
	version_form_begin(p, "applications", a->id, "/refuse", a->version);
	field_textarea(&p->h, e, "refuse_reason", "不承認の理由",
		       f ? form_value(f, "refuse_reason") : NULL, NULL);
	html_elem(&p->h, "button", "type", "submit", "class",
		  "button button-danger", NULL, "不承認とする");
	form_end(&p->h);
}

/* The application's page; a decision refused shown again (in). */
static void render_application(struct ctx *c, const struct borrow_application *a,
			       const struct web_posted *in, int status)
{
	struct authz_object o = application_authz_object(a);
	struct authz_object lo = { a->unit_id, 0, 0, 0 };
	struct page p;
	char title[64], n[24], href[80];
	int64_t loan_id;

	snprintf(title, sizeof(title), "借用申請書 第%s号", i64s(n, a->id));
	page_begin(&p, c, title, "/applications");
	html_elem(&p.h, "h1", NULL, title);
	print_link(&p, "applications", a->id);
	application_details(&p, a);
	html_open(&p.h, "div", "class", "actions", NULL);
	if (step_open_to(c->who, &application_withdraw_step, &o, a))
		post_button(&p, href_of(href, "applications", a->id, "/withdraw"),
			    a->version, "申請を取り下げる", "button button-secondary");
	if (a->state == APPLICATION_APPROVED && a->kind == APPLICATION_KIND_NEW) {
		loan_id = loan_of(c->app->store, a->id);
		if (loan_id && ctx_can(c, ACT_LOAN_VIEW, &lo))
			html_elem(&p.h, "a", "href", href_of(href, "loans", loan_id,
							     NULL), NULL,
				  "貸出の記録を表示");
		else if (!loan_id && ctx_can(c, ACT_LOAN_LEND, &lo))
			html_elem(&p.h, "a", "class", "button", "href",
				  href_of(href, "applications", a->id, "/lend"),
				  NULL, "端末を貸し出す");
	}
	html_close(&p.h, "div");
	if (step_open_to(c->who, &application_approve_step, &o, a))
		decision_forms(&p, a, web_posted_form(in),
			       web_posted_errors(in));
	page_end(&p, status);
}

/* The refusal's reason has its own input beside the approval's. */
const struct web_field_name web_application_refuse_names[] = {
	{ "reason", "refuse_reason" }, { NULL, NULL }
};

WEB_STEP_KIND(web_application_steps, &application_kind, 1,
	      ACT_APPLICATION_VIEW, struct borrow_application,
	      render_application);
