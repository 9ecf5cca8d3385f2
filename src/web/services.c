#include "services.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../lib/err.h"
#include "../store/store_designations.h"
#include "common.h"
#include "fields.h"
#include "lending.h"
#include "steps.h"
#include "../app/objects.h"
#include "../lib/banned.h"

static const char *const request_fields[] = { "device_id", "service",
	"handle", "purpose", NULL };
static const char *const change_fields[] = { "version", "device_id",
	"service", "handle", "purpose", NULL };
static const char *const step_fields[] = { "version", "reason", "note",
	NULL };
static const char *const measures_fields[] = { "version", "measures",
	"agreed_with_manager", "agreed_with_general_manager", NULL };

WEB_KIND(service_kind, struct service_application, store_service_get,
	 service_authz_object, "services");


/* ---- the list ---------------------------------------------------------- */

static void service_row(struct page *p, const void *rec,
			const struct row_joined *j)
{
	const struct service_application *x = rec;
	char href[80], n[24], dev[2 * MM_NAME_MAX + 8];

	if (*j->device_model || *j->device_serial)
		snprintf(dev, sizeof(dev), "%s（%s）", j->device_model,
			 j->device_serial);
	else
		snprintf(dev, sizeof(dev), "%s", "—");
	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, "services", x->id, NULL), NULL);
	html_textf(&p->h, "第%s号", i64s(n, x->id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, *j->unit_name ? j->unit_name : "—");
	html_elem(&p->h, "td", NULL, x->service);
	html_elem(&p->h, "td", NULL, x->handle);
	html_elem(&p->h, "td", NULL, dev);
	html_elem(&p->h, "td", NULL, service_state_label(x->state));
	html_close(&p->h, "tr");
}

/* R-SVC-1..4: detail form 9 a page at a time, in one query. */
void web_services_list(struct ctx *c)
{
	static const char *const heads[] = { "番号", "所属", "サービス",
		"アカウント", "端末", "状態", NULL };
	struct authz_object own = own_unit(c);
	struct authz_view view = ctx_list_view(c, ACT_SERVICE_VIEW);
	struct service_list l = { 0 };
	struct page_req req;
	struct page p;
	int rc;

	if (ctx_authorize(c, ACT_SERVICE_VIEW, &own, NULL) < 0 ||
	    web_page_req(c, &req) < 0)
		return;
	if ((rc = store_service_list(c->app->store, &view, NULL, &req, &l)) < 0) {
		ctx_list_failed(c, rc, "services");
		return;
	}
	page_begin(&p, c, "外部サービス", "/services");
	html_elem(&p.h, "h1", NULL, "約款による外部サービスの利用申請");
	if (ctx_can(c, ACT_SERVICE_APPLY, &own)) {
		html_open(&p.h, "p", NULL);
		html_elem(&p.h, "a", "href", "/services/new", NULL, "利用を申請する");
		html_close(&p.h, "p");
	}
	table_begin(&p.h, heads);
	table_end(&p.h, web_page_rows(&p, &service_kind, ACT_SERVICE_VIEW,
				      l.items, l.joined, l.n, service_row),
		  "申請はありません。");
	web_pager(&p, "/services", &l.at);
	service_list_release(&l);
	page_end(&p, 200);
}

/* ---- the application and its change ------------------------------------ */

/*
 * What was posted to the form of step ("new", "refuse", ...), to show
 * that form again with the entered values and its messages.
 */
struct entered {
	const char *step;
	const struct form *f;
	const struct form_errors *e;
};

/* en when it was posted to step's form, else NULL (the form is fresh). */
static const struct entered *posted_to(const struct entered *en,
				       const char *step)
{
	return en && !strcmp(en->step, step) ? en : NULL;
}

/* The posted value of name, or fallback when the form is fresh. */
static const char *entered_value(const struct entered *en, const char *name,
				 const char *fallback)
{
	return en ? form_value(en->f, name) : fallback;
}

static const struct form_errors *entered_errors(const struct entered *en)
{
	return en ? en->e : NULL;
}

/* The device posted, or fallback when the form is fresh. */
static int64_t entered_device(const struct entered *en, int64_t fallback)
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

/* The request's fields: x's values, or what en posted (x may be NULL). */
static void request_fields_html(struct page *p,
				const struct service_application *x,
				const struct entered *en)
{
	const struct form_errors *e = entered_errors(en);

	device_select(p, e, entered_device(en, x ? x->device_id : 0));
	field_input(&p->h, e, "service", "外部サービスの名称", "text",
		    entered_value(en, "service", x ? x->service : NULL),
		    "例：X、LINE", "off");
	field_input(&p->h, e, "handle", "アカウント", "text",
		    entered_value(en, "handle", x ? x->handle : NULL), NULL,
		    "off");
	field_textarea(&p->h, e, "purpose", "利用目的",
		       entered_value(en, "purpose", x ? x->purpose : NULL), NULL);
}

/* The application form; filled again with its messages when en is given. */
static void render_new(struct ctx *c, const struct entered *en, int status)
{
	struct page p;

	page_begin(&p, c, "外部サービスの利用申請", "/services");
	html_elem(&p.h, "h1", NULL, "外部サービスの利用申請（別記様式第9号）");
	form_error_summary(&p, entered_errors(en));
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

/* The texts of a request, copied from the form within their limits. */
struct request_texts {
	char service[MM_SERVICE_NAME_MAX];
	char handle[MM_SERVICE_NAME_MAX];
	char purpose[MM_TEXT_MAX];
};

/* The request in f into r (texts in t); every problem found into e. */
static void read_request(const struct form *f, struct service_request *r,
			 struct request_texts *t, struct form_errors *e)
{
	const char *why = NULL;

	memset(r, 0, sizeof(*r));
	if (parse_id(form_value(f, "device_id"), &r->device_id) < 0) {
		r->device_id = 0;
		form_errors_add(e, "device_id", "端末", "端末を選択してください。");
	}
	read_text(f, "service", "外部サービスの名称", 1, t->service,
		  sizeof(t->service), e);
	read_text(f, "handle", "アカウント", 1, t->handle, sizeof(t->handle), e);
	read_text(f, "purpose", "利用目的", 1, t->purpose, sizeof(t->purpose), e);
	r->service = t->service;
	r->handle = t->handle;
	r->purpose = t->purpose;
	/* R-SVC-1 as the core states it, for what the fields do not catch */
	if (!e->n && service_check_request(r, &why) < 0)
		form_errors_add(e, "", "", why);
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
	struct service_application *x = NULL;
	struct form f = { .n = 0 };
	struct entered en = { "new", &f, NULL };
	struct request_texts t;
	struct service_request r;
	struct form_errors e;
	struct authz_grant g;
	struct device d;
	struct actor a;
	int rc;

	if (form_read(c, &f, request_fields) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	read_request(&f, &r, &t, &e);
	if (!e.n && store_device_get(c->app->store, r.device_id, &d) < 0)
		form_errors_add(&e, "device_id", "端末", "端末を選択してください。");
	if (authorize_apply(c, e.n ? NULL : &d, &g) < 0)
		goto out;
	if (e.n) {
		render_new(c, &en, 422);
		goto out;
	}
	x = malloc(sizeof(*x));
	a = ctx_actor(c, &g);
	rc = x ? store_service_apply(c->app->store, &a, d.unit_id, &r, x)
	       : MM_ENOMEM;
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
	if (x->refusal_reason[0])
		dl_row(p, "不許可の理由", x->refusal_reason);
	dl_who_when(p, "統括運用管理者の送付", x->forwarded_by, x->forwarded_at);
	dl_who_when(p, "対策の決定", x->measures_by, x->measures_at);
	if (x->measures[0])
		dl_row(p, "講ずべき対策", x->measures);
	dl_who_when(p, "終了", x->ended_by, x->ended_at);
	if (x->deletion_note[0])
		dl_row(p, "削除の届出", x->deletion_note);
	dl_who_when(p, "削除報告の確認", x->deletion_ack_by, x->deletion_ack_at);
	html_close(&p->h, "dl");
}

/*
 * A form posting version (and its extra fields) to /services/{id}/step,
 * after the summary of its messages when en was posted to it.
 */
static void step_form_begin(struct page *p, const struct service_application *x,
			    const char *step, const char *title,
			    const struct entered *en)
{
	char suffix[32];

	snprintf(suffix, sizeof(suffix), "/%s", step);
	html_elem(&p->h, "h2", "id", step, NULL, title);
	form_error_summary(p, entered_errors(posted_to(en, step)));
	version_form_begin(p, "services", x->id, suffix, x->version);
}

/* Only the step the chain allows now, for the role whose turn it is. */
static int may(struct page *p, const struct service_application *x,
	       enum action act, enum service_event ev)
{
	struct authz_object o = service_authz_object(x);
	struct authz_grant g;

	return authz_check(p->c->who, act, &o, &g) == 0 &&
	       service_step_allowed(x->state, ev, g.role) == 0;
}

/* A form of step with one text field (its value kept when posted). */
static void text_step_form(struct page *p, const struct service_application *x,
			   const char *step, const char *title,
			   const char *field, const char *label,
			   const char *submit, const struct entered *en)
{
	const struct entered *mine = posted_to(en, step);

	step_form_begin(p, x, step, title, en);
	field_textarea(&p->h, entered_errors(mine), field, label,
		       entered_value(mine, field, NULL), NULL);
	form_submit(&p->h, submit);
	form_end(&p->h);
}

static void measures_form(struct page *p, const struct service_application *x,
			  const struct entered *en)
{
	const struct entered *mine = posted_to(en, "measures");
	const struct form_errors *e = entered_errors(mine);

	step_form_begin(p, x, "measures", "講ずべき対策の決定", en);
	field_textarea(&p->h, e, "measures", "講ずべき対策",
		       entered_value(mine, "measures", NULL), NULL);
	field_check(&p->h, e, "agreed_with_manager", "運用管理者と協議した",
		    !strcmp(entered_value(mine, "agreed_with_manager", ""), "1"));
	field_check(&p->h, e, "agreed_with_general_manager",
		    "統括運用管理者と協議した",
		    !strcmp(entered_value(mine, "agreed_with_general_manager",
					  ""), "1"));
	form_submit(&p->h, "対策を決定し利用を認める");
	form_end(&p->h);
}

static void button_form(struct page *p, const struct service_application *x,
			const char *step, const char *title, const char *submit,
			const struct entered *en)
{
	step_form_begin(p, x, step, title, en);
	form_submit(&p->h, submit);
	form_end(&p->h);
}

static void step_forms(struct page *p, const struct service_application *x,
		       const struct entered *en)
{
	struct authz_object o = service_authz_object(x);

	if (may(p, x, ACT_SERVICE_PERMIT, SERVICE_EV_PERMIT)) {
		button_form(p, x, "permit", "運用管理者の許可", "許可する", en);
		text_step_form(p, x, "refuse", "不許可", "reason", "不許可の理由",
			       "不許可とする", en);
	}
	if (may(p, x, ACT_SERVICE_FORWARD, SERVICE_EV_FORWARD))
		button_form(p, x, "forward", "情報セキュリティ管理者への送付",
			    "送付する", en);
	if (may(p, x, ACT_SERVICE_MEASURES, SERVICE_EV_RECORD_MEASURES))
		measures_form(p, x, en);
	if (may(p, x, ACT_SERVICE_APPLY, SERVICE_EV_WITHDRAW))
		button_form(p, x, "withdraw", "申請の取下げ", "取り下げる", en);
	if (may(p, x, ACT_SERVICE_APPLY, SERVICE_EV_DELETE)) {
		step_form_begin(p, x, "change", "申請内容の変更（再度の手続が必要）",
				en);
		request_fields_html(p, x, posted_to(en, "change"));
		form_submit(&p->h, "変更を申請する");
		form_end(&p->h);
		text_step_form(p, x, "delete", "アカウント削除の届出", "note",
			       "削除の内容", "削除を届け出る", en);
	}
	if (x->state == SERVICE_DELETED && !x->deletion_ack_at &&
	    ctx_can(p->c, ACT_SERVICE_PERMIT, &o))
		button_form(p, x, "acknowledge", "アカウント削除の報告の確認",
			    "確認した", en);
}

/* The application's page; the form en was posted to filled again. */
static void render_service(struct ctx *c, const struct service_application *x,
			   const struct entered *en, int status)
{
	struct page p;
	char title[64], n[24];

	snprintf(title, sizeof(title), "外部サービス利用申請 第%s号",
		 i64s(n, x->id));
	page_begin(&p, c, title, "/services");
	html_elem(&p.h, "h1", NULL, title);
	details(&p, x);
	step_forms(&p, x, en);
	page_end(&p, status);
}

void web_service_show(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x));

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_load(c, &service_kind, ACT_SERVICE_VIEW, x, NULL) == 0)
		render_service(c, x, NULL, 200);
	free(x);
}

/* ---- the steps ----------------------------------------------------------- */

/* A step's text field: its name, label, and whether it is required. */
struct step_text {
	const char *step;
	const char *field;
	const char *label;
	int required;
};

/* The problems of the step's text into e. */
static void check_step_text(const struct step_text *t, const char *text,
			    struct form_errors *e)
{
	const char *why = NULL;

	if (strlen(text) >= MM_TEXT_MAX)
		form_errors_add(e, t->field, t->label, "入力が長すぎます。");
	else if (t->required && service_check_refusal(text, &why) < 0)
		form_errors_add(e, t->field, t->label, why);
}

static void step(struct ctx *c, enum action act, enum service_event ev,
		 const struct step_text *t)
{
	struct service_application *x = malloc(sizeof(*x));
	struct form f = { .n = 0 };
	struct entered en = { t ? t->step : "", &f, NULL };
	struct form_errors e;
	struct authz_grant g;
	const char *text;
	struct actor a;
	int64_t version;
	int rc;

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_begin_step(c, &service_kind, act, x, &g, &f, step_fields,
			   &version) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	text = t ? form_value(&f, t->field) : "";
	if (t)
		check_step_text(t, text, &e);
	if (e.n) {
		render_service(c, x, &en, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_service_step(c->app->store, &a, x->id, version, ev, text);
	if (rc == MM_EINVAL && t) {
		form_errors_add(&e, t->field, t->label, store_message(rc));
		render_service(c, x, &en, 422);
	} else {
		service_done(c, x->id, rc);
	}
out:
	form_release(&f);
	free(x);
}

void web_service_permit(struct ctx *c)
{
	step(c, ACT_SERVICE_PERMIT, SERVICE_EV_PERMIT, NULL);
}

void web_service_refuse(struct ctx *c)
{
	static const struct step_text reason = { "refuse", "reason",
		"不許可の理由", 1 };

	step(c, ACT_SERVICE_PERMIT, SERVICE_EV_REFUSE, &reason);
}

void web_service_forward(struct ctx *c)
{
	step(c, ACT_SERVICE_FORWARD, SERVICE_EV_FORWARD, NULL);
}

void web_service_withdraw(struct ctx *c)
{
	step(c, ACT_SERVICE_APPLY, SERVICE_EV_WITHDRAW, NULL);
}

void web_service_delete(struct ctx *c)
{
	static const struct step_text note = { "delete", "note", "削除の内容",
		0 };

	step(c, ACT_SERVICE_APPLY, SERVICE_EV_DELETE, &note);
}

/* The field service_check_measures() refused (R-SVC-2) into e. */
static void measures_error(const char *measures, int by_mgr, const char *why,
			   struct form_errors *e)
{
	if (!text_present(measures))
		form_errors_add(e, "measures", "講ずべき対策", why);
	else if (!by_mgr)
		form_errors_add(e, "agreed_with_manager", "運用管理者と協議した",
				why);
	else
		form_errors_add(e, "agreed_with_general_manager",
				"統括運用管理者と協議した", why);
}

void web_service_measures(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x));
	struct form f = { .n = 0 };
	struct entered en = { "measures", &f, NULL };
	struct form_errors e;
	struct authz_grant g;
	struct actor a;
	const char *why = NULL, *measures;
	int64_t version;
	int by_mgr, by_gm, rc;

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_begin_step(c, &service_kind, ACT_SERVICE_MEASURES, x, &g, &f,
			   measures_fields, &version) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	measures = form_value(&f, "measures");
	by_mgr = !strcmp(form_value(&f, "agreed_with_manager"), "1");
	by_gm = !strcmp(form_value(&f, "agreed_with_general_manager"), "1");
	if (strlen(measures) >= MM_TEXT_MAX)
		form_errors_add(&e, "measures", "講ずべき対策", "入力が長すぎます。");
	/* R-SVC-2: agreed with the manager and the general manager */
	else if (service_check_measures(measures, by_mgr, by_gm, &why) < 0)
		measures_error(measures, by_mgr, why, &e);
	if (e.n) {
		render_service(c, x, &en, 422);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_service_record_measures(c->app->store, &a, x->id, version,
					   measures, by_mgr, by_gm);
	service_done(c, x->id, rc);
out:
	form_release(&f);
	free(x);
}

void web_service_acknowledge(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x));
	struct form f = { .n = 0 };
	struct authz_grant g;
	struct actor a;
	int64_t version;
	int rc;

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	/* R-SVC-4: the deletion is reported to the unit's manager */
	if (web_begin_step(c, &service_kind, ACT_SERVICE_PERMIT, x, &g, &f,
			   step_fields, &version) == 0) {
		a = ctx_actor(c, &g);
		rc = store_service_ack_deletion(c->app->store, &a, x->id, version);
		service_done(c, x->id, rc);
	}
	form_release(&f);
	free(x);
}

/* The change's answer: the new record, or the form again (R-SVC-3). */
static void change_done(struct ctx *c, const struct service_application *x,
			const struct service_application *n,
			const struct entered *en, struct form_errors *e, int rc)
{
	if (rc != 0 && request_error(rc, e))
		render_service(c, x, en, 422);
	else
		service_done(c, rc == 0 ? n->id : 0, rc);
}

void web_service_change(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x)), *n = NULL;
	struct form f = { .n = 0 };
	struct entered en = { "change", &f, NULL };
	struct service_request r, old;
	struct request_texts *t = malloc(sizeof(*t));
	struct form_errors e;
	struct authz_grant g;
	struct actor a;
	int64_t version;
	int rc;

	if (!x || !t) {
		web_store_fail(c, MM_ENOMEM);
		goto out;
	}
	if (web_begin_step(c, &service_kind, ACT_SERVICE_APPLY, x, &g, &f,
			   change_fields, &version) < 0)
		goto out;
	form_errors_init(&e);
	en.e = &e;
	read_request(&f, &r, t, &e);
	old = (struct service_request){ x->service, x->handle, x->device_id,
					x->purpose };
	if (!e.n && !service_changed(&old, &r))
		form_errors_add(&e, "", "", "変更する内容がありません。");
	if (e.n) {
		render_service(c, x, &en, 422);
		goto out;
	}
	n = malloc(sizeof(*n));
	a = ctx_actor(c, &g);
	/* R-SVC-3: a new application of the same account */
	rc = n ? store_service_change(c->app->store, &a, x->id, version, &r, n)
	       : MM_ENOMEM;
	change_done(c, x, n, &en, &e, rc);
out:
	free(n);
	free(t);
	form_release(&f);
	free(x);
}

/* ---- the home page -------------------------------------------------------- */

struct waiting {
	struct page *p;
	size_t n;
};

static void waiting_item(struct waiting *w, const struct service_application *x,
			 const char *what)
{
	char href[80], text[3 * MM_NAME_MAX];

	if (!w->n)
		html_open(&w->p->h, "ul", "class", "reminders", NULL);
	snprintf(text, sizeof(text), "外部サービス（%s %s）：%s", x->service,
		 x->handle, what);
	html_open(&w->p->h, "li", NULL);
	html_elem(&w->p->h, "a", "href", href_of(href, "services", x->id, NULL),
		  NULL, text);
	html_close(&w->p->h, "li");
	w->n++;
}

size_t write_service_reminders(struct page *p)
{
	/* the newest page of waiting applications the user may see */
	struct authz_view view = ctx_list_view(p->c, ACT_SERVICE_VIEW);
	struct service_filter f = { .waiting_only = 1 };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct service_list l = { 0 };
	struct waiting w = { p, 0 };

	if (store_service_list(p->c->app->store, &view, &f, &req, &l) < 0)
		return 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct service_application *x = &l.items[i];
		struct authz_object o = service_authz_object(x);
		if (may(p, x, ACT_SERVICE_PERMIT, SERVICE_EV_PERMIT))
			waiting_item(&w, x, "許可の判断待ち");
		else if (may(p, x, ACT_SERVICE_FORWARD, SERVICE_EV_FORWARD))
			waiting_item(&w, x, "情報セキュリティ管理者への送付待ち");
		else if (may(p, x, ACT_SERVICE_MEASURES,
			     SERVICE_EV_RECORD_MEASURES))
			waiting_item(&w, x, "講ずべき対策の決定待ち");
		else if (x->state == SERVICE_DELETED && !x->deletion_ack_at &&
			 ctx_can(p->c, ACT_SERVICE_PERMIT, &o))
			waiting_item(&w, x, "アカウント削除の報告（確認待ち）"); /* R-SVC-4 */
	}
	if (w.n)
		html_close(&p->h, "ul");
	service_list_release(&l);
	return w.n;
}
