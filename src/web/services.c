#include "services.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/err.h"
#include "../store/store_designations.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "lists.h"
#include "../app/objects.h"
#include "../core/records.h"
#include "record_form.h"
#include "../lib/util.h"
#include "../lib/banned.h"

static const char *const request_fields[] = { "device_id", "service",
	"handle", "purpose", NULL };
static const char *const change_fields[] = { "version", "device_id",
	"service", "handle", "purpose", NULL };



/* ---- the list ---------------------------------------------------------- */

static void services_actions(struct page *p)
{
	struct authz_object own = own_unit(p->c);

	if (!ctx_can(p->c, ACT_SERVICE_APPLY, &own))
		return;
	html_open(&p->h, "p", NULL);
	html_elem(&p->h, "a", "href", "/services/new", NULL, "利用を申請する");
	html_close(&p->h, "p");
}

/* R-SVC-1..4: detail form 9 a page at a time, in one query. */
const struct web_list_route web_services_list = {
	.kind = &service_kind, .title = "外部サービス",
	.heading = "約款による外部サービスの利用申請",
	.empty = "申請はありません。", .actions = services_actions,
	.numbered = 1,
	.heads = (const char *const[]){ "番号", "所属", "サービス",
		"アカウント", "端末", "状態", NULL },
};

/* ---- the application and its change ------------------------------------ */

/*
 * en (what was posted to the form of a step, "new", "refuse", ..., to
 * show that form again with the entered values and its messages) when it
 * was posted to step's form, else NULL (the form is fresh).
 */
static const struct web_posted *posted_to(const struct web_posted *en,
					  const char *step)
{
	return en && !strcmp(en->step, step) ? en : NULL;
}

/* The device posted, or fallback when the form is fresh. */
static int64_t entered_device(const struct web_posted *en, int64_t fallback)
{
	int64_t id;

	if (!en)
		return fallback;
	return parse_id(form_value(en->f, "device_id"), &id) < 0 ? 0 : id;
}

/* The devices on open loans to the user's unit, as <option>s. */
static void device_select(struct page *p, const struct form_errors *e,
			  int64_t current)
{
	struct loan_filter f = { .unit_id = p->c->who->unit_id, .open_only = 1 };
	/* the unit's open loans with their devices, in one query */
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct loan_list l = { 0 };
	char id[24], dev[2 * MM_NAME_MAX + 8];

	if (store_loan_list(p->c->app->store, NULL, &f, &req, &l) < 0)
		l.n = 0;
	field_select_begin(&p->h, e, "device_id", "端末");
	for (size_t i = 0; i < l.n; i++) {
		if (!loan_open(l.items[i].state))
			continue;
		snprintf(dev, sizeof(dev), "%s（%s）", l.joined[i].device_model,
			 l.joined[i].device_serial);
		field_option(&p->h, i64s(id, l.items[i].device_id), dev,
			     l.items[i].device_id == current);
	}
	field_select_end(&p->h);
	loan_list_release(&l);
}

/* The request's fields after the device, as the descriptor has them. */
static const char *const request_keys[] = { "service", "handle", "purpose",
	NULL };

/* The request's fields: x's values, or what en posted (x may be NULL). */
static void request_fields_html(struct page *p,
				const struct service_application *x,
				const struct web_posted *en)
{
	const struct form_errors *e = web_posted_errors(en);

	device_select(p, e, entered_device(en, x ? x->device_id : 0));
	web_record_fields(&p->h, e, &service_record, request_keys,
			  en ? en->f : NULL, x);
}

/* The application form; filled again with its messages when en is given. */
static void render_new(struct ctx *c, const struct web_posted *en, int status)
{
	struct page p;

	page_begin(&p, c, "外部サービスの利用申請", "/services");
	html_elem(&p.h, "h1", NULL, "外部サービスの利用申請（別記様式第9号）");
	form_error_summary(&p, web_posted_errors(en));
	form_begin(&p.h, c, "/services", "stack");
	request_fields_html(&p, NULL, en);
	form_submit(&p.h, "申請する");
	form_end(&p.h);
	page_end(&p, status);
}

void web_service_new(struct ctx *c)
{
	struct authz_object own = own_unit(c);

	if (ctx_authorize(c, ACT_SERVICE_APPLY, &own, NULL) < 0)
		return;
	render_new(c, NULL, 200);
}


/*
 * A store refusal of a request the user can correct, as a message on
 * e; 0 when rc is not one (422 either way).
 */
static int request_error(int rc, struct form_errors *e)
{
	if (rc == MM_ERULE)
		form_errors_add(e, "device_id", "端末",
				"この端末は所属に貸し出されていません。");
	else if (rc == MM_EINVAL)
		form_errors_add(e, "", "", store_message(rc));
	else
		return 0;
	return 1;
}

/* A step's answer: the record, or its error (422 when the device is not lent). */
static void service_done(struct ctx *c, int64_t id, int rc)
{
	web_step_done(c, &service_kind, id, rc,
		      "この端末は所属に貸し出されていません。");
}

/* Authorizes the application for device d's unit (the own unit if none). */
static int authorize_apply(struct ctx *c, const struct device *d,
			   struct authz_grant *g)
{
	struct authz_object o = own_unit(c);

	if (d)
		o.unit_id = d->unit_id;
	return ctx_authorize(c, ACT_SERVICE_APPLY, &o, g);
}

void web_service_create(struct ctx *c)
{
	struct service_application *x = calloc(1, sizeof(*x));
	struct form f = { .n = 0 };
	struct web_posted en = { "new", &f, NULL };
	struct service_request r;
	struct form_errors e;
	struct authz_grant g;
	struct device d;
	struct actor a;
	int rc;

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (form_read(c, &f, request_fields) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	/* R-SVC-1: what is applied for, as the API reads it */
	web_record_read(&f, &service_record, x, RECORD_CREATE, &e);
	if (!e.n && store_device_get(c->app->store, x->device_id, &c->pool, &d) < 0)
		form_errors_add(&e, "device_id", "端末", MM_SERVICE_NO_DEVICE_MSG);
	if (authorize_apply(c, e.n ? NULL : &d, &g) < 0)
		goto out;
	if (e.n) {
		render_new(c, &en, 422);
		goto out;
	}
	r = service_request_of(x);
	a = ctx_actor(c, &g);
	rc = store_service_apply(c->app->store, &a, d.unit_id, &r, x);
	if (rc != 0 && request_error(rc, &e))
		render_new(c, &en, 422);
	else
		service_done(c, rc == 0 ? x->id : 0, rc);
out:
	free(x);
	form_release(&f);
}

/* ---- the detail page ---------------------------------------------------- */

static void details(struct page *p, const struct service_application *x)
{
	char dev[2 * MM_NAME_MAX], unit[MM_NAME_MAX], n[24];

	device_label_of(p->c->app->store, x->device_id, dev, sizeof(dev));
	unit_name_of(p->c->app->store, x->unit_id, unit, sizeof(unit));
	html_open(&p->h, "dl", NULL);
	dl_row(p, "状態", service_state_label(x->state));
	dl_row(p, "所属", unit);
	dl_row(p, "外部サービス", x->service);
	dl_row(p, "アカウント", x->handle);
	dl_row(p, "端末", dev);
	dl_row(p, "利用目的", x->purpose);
	if (x->replaces_id)
		dl_row(p, "変更前の申請", i64s(n, x->replaces_id));
	dl_who_when(p, "申請", x->applied_by, x->applied_at);
	dl_who_when(p, x->state == SERVICE_REFUSED ? "不許可" : "運用管理者の許可",
		     x->decided_by, x->decided_at);
	if (!str_empty(x->refusal_reason))
		dl_row(p, "不許可の理由", x->refusal_reason);
	dl_who_when(p, "統括運用管理者の送付", x->forwarded_by, x->forwarded_at);
	dl_who_when(p, "対策の決定", x->measures_by, x->measures_at);
	if (!str_empty(x->measures))
		dl_row(p, "講ずべき対策", x->measures);
	dl_who_when(p, "終了", x->ended_by, x->ended_at);
	if (!str_empty(x->deletion_note))
		dl_row(p, "削除の届出", x->deletion_note);
	dl_who_when(p, "削除報告の確認", x->deletion_ack_by, x->deletion_ack_at);
	dl_policy_version(p, x->policy_version);
	html_close(&p->h, "dl");
}

/*
 * A form posting version (and its extra fields) to /services/{id}/step,
 * after the summary of its messages when en was posted to it.
 */
static void step_form_begin(struct page *p, const struct service_application *x,
			    const char *step, const char *title,
			    const struct web_posted *en)
{
	char suffix[32];

	snprintf(suffix, sizeof(suffix), "/%s", step);
	html_elem(&p->h, "h2", "id", step, NULL, title);
	form_error_summary(p, web_posted_errors(posted_to(en, step)));
	version_form_begin(p, "services", x->id, suffix, x->version);
}

/* Only the step the chain allows now, for the role whose turn it is. */
static int may(struct page *p, const struct service_application *x,
	       const struct step *st)
{
	struct authz_object o = service_authz_object(x);

	return step_open_to(p->c->who, st, &o, x);
}

/*
 * A form of step with the fields of its body's descriptor d (the values
 * kept when posted).
 */
static void body_step_form(struct page *p, const struct service_application *x,
			   const char *step, const char *title,
			   const struct record_desc *d, const char *submit,
			   const struct web_posted *en)
{
	const struct web_posted *mine = posted_to(en, step);

	step_form_begin(p, x, step, title, en);
	for (size_t i = 0; i < d->n_fields; i++)
		web_record_field(&p->h, web_posted_errors(mine), d,
				 d->fields[i].key, mine ? mine->f : NULL, NULL);
	form_submit(&p->h, submit);
	form_end(&p->h);
}

static void button_form(struct page *p, const struct service_application *x,
			const char *step, const char *title, const char *submit,
			const struct web_posted *en)
{
	step_form_begin(p, x, step, title, en);
	form_submit(&p->h, submit);
	form_end(&p->h);
}

static void step_forms(struct page *p, const struct service_application *x,
		       const struct web_posted *en)
{
	if (may(p, x, &service_permit_step)) {
		button_form(p, x, "permit", "運用管理者の許可", "許可する", en);
		body_step_form(p, x, "refuse", "不許可",
			       &service_refusal_record, "不許可とする", en);
	}
	if (may(p, x, &service_forward_step))
		button_form(p, x, "forward", "情報セキュリティ管理者への送付",
			    "送付する", en);
	if (may(p, x, &service_measures_step))
		body_step_form(p, x, "measures", "講ずべき対策の決定",
			       &service_measures_record,
			       "対策を決定し利用を認める", en);
	if (may(p, x, &service_withdraw_step))
		button_form(p, x, "withdraw", "申請の取下げ", "取り下げる", en);
	if (may(p, x, &service_delete_step)) {
		step_form_begin(p, x, "change", "申請内容の変更（再度の手続が必要）",
				en);
		request_fields_html(p, x, posted_to(en, "change"));
		form_submit(&p->h, "変更を申請する");
		form_end(&p->h);
		body_step_form(p, x, "delete", "アカウント削除の届出",
			       &service_deletion_record, "削除を届け出る", en);
	}
	if (may(p, x, &service_acknowledge_step))
		button_form(p, x, "acknowledge", "アカウント削除の報告の確認",
			    "確認した", en);
}

/* The application's page; the form en was posted to filled again. */
static void render_service(struct ctx *c, const struct service_application *x,
			   const struct web_posted *en, int status)
{
	struct page p;
	char title[64], n[24];

	snprintf(title, sizeof(title), "外部サービス利用申請 第%s号",
		 i64s(n, x->id));
	page_begin(&p, c, title, "/services");
	html_elem(&p.h, "h1", NULL, title);
	print_link(&p, "services", x->id);
	details(&p, x);
	step_forms(&p, x, en);
	page_end(&p, status);
}

/* ---- the steps ----------------------------------------------------------- */

WEB_STEP_KIND(web_service_steps, &service_kind, 0, ACT_SERVICE_VIEW,
	      struct service_application, render_service);

/* The change's answer: the new record, or the form again (R-SVC-3). */
static void change_done(struct ctx *c, const struct service_application *x,
			const struct service_application *n,
			const struct web_posted *en, struct form_errors *e,
			int rc)
{
	if (rc != 0 && request_error(rc, e))
		render_service(c, x, en, 422);
	else
		service_done(c, rc == 0 ? n->id : 0, rc);
}

void web_service_change(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x));
	struct service_application *n = malloc(sizeof(*n));
	struct form f = { .n = 0 };
	struct web_posted en = { "change", &f, NULL };
	struct service_request r, old;
	struct form_errors e;
	struct authz_grant g;
	const char *why = NULL;
	struct actor a;
	int64_t version;
	int rc;

	if (!x || !n) {
		web_store_fail(c, MM_ENOMEM);
		goto out;
	}
	if (web_begin_step(c, &service_kind, ACT_SERVICE_APPLY, x, &g, &f,
			   change_fields, &version) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	/* R-SVC-3: the whole form, read as the API reads a change */
	*n = *x;
	web_record_read(&f, &service_record, n, RECORD_EDIT, &e);
	old = service_request_of(x);
	r = service_request_of(n);
	if (!e.n && service_check_change(&old, &r, &why) < 0)
		form_errors_add(&e, "", "", why);
	if (e.n) {
		render_service(c, x, &en, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	/* R-SVC-3: a new application of the same account */
	rc = store_service_change(c->app->store, &a, x->id, version, &r, n);
	change_done(c, x, n, &en, &e, rc);
out:
	free(n);
	form_release(&f);
	free(x);
}
