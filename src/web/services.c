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

static void service_row(struct page *p, const void *rec)
{
	const struct service_application *x = rec;
	char href[80], n[24], dev[2 * MM_NAME_MAX], unit[MM_NAME_MAX];

	device_label_of(p->c->app->store, x->device_id, dev, sizeof(dev));
	unit_name_of(p->c->app->store, x->unit_id, unit, sizeof(unit));
	html_open(&p->h, "tr", NULL);
	html_open(&p->h, "td", NULL);
	html_open(&p->h, "a", "href", href_of(href, "services", x->id, NULL), NULL);
	html_textf(&p->h, "第%s号", i64s(n, x->id));
	html_close(&p->h, "a");
	html_close(&p->h, "td");
	html_elem(&p->h, "td", NULL, unit);
	html_elem(&p->h, "td", NULL, x->service);
	html_elem(&p->h, "td", NULL, x->handle);
	html_elem(&p->h, "td", NULL, dev);
	html_elem(&p->h, "td", NULL, service_state_label(x->state));
	html_close(&p->h, "tr");
}

void web_services_list(struct ctx *c)
{
	static const char *const heads[] = { "番号", "所属", "サービス",
		"アカウント", "端末", "状態", NULL };
	struct authz_object own = own_unit(c);
	struct service_list l = { NULL, 0 };
	struct page p;

	if (ctx_authorize(c, ACT_SERVICE_VIEW, &own, NULL) < 0)
		return;
	if (store_service_list(c->app->store, 0, 0, SERVICE_NONE, &l) < 0)
		l.n = 0;
	page_begin(&p, c, "外部サービス", "/services");
	html_elem(&p.h, "h1", NULL, "約款による外部サービスの利用申請");
	if (ctx_can(c, ACT_SERVICE_APPLY, &own)) {
		html_open(&p.h, "p", NULL);
		html_elem(&p.h, "a", "href", "/services/new", NULL, "利用を申請する");
		html_close(&p.h, "p");
	}
	table_begin(&p.h, heads);
	table_end(&p.h, web_visible_rows(&p, &service_kind, ACT_SERVICE_VIEW,
					 l.items, l.n, service_row),
		  "申請はありません。");
	service_list_release(&l);
	page_end(&p, 200);
}

/* ---- the application and its change ------------------------------------ */

/* The devices on open loans to the user's unit, as <option>s. */
static void device_select(struct page *p, int64_t current)
{
	struct loan_list l = { NULL, 0 };
	char id[24], dev[2 * MM_NAME_MAX];

	if (store_loan_list(p->c->app->store, p->c->who->unit_id, 1, &l) < 0)
		l.n = 0;
	field_select_begin(&p->h, NULL, "device_id", "端末");
	for (size_t i = 0; i < l.n; i++) {
		if (!loan_open(l.items[i].state))
			continue;
		device_label_of(p->c->app->store, l.items[i].device_id, dev,
			     sizeof(dev));
		field_option(&p->h, i64s(id, l.items[i].device_id), dev,
			     l.items[i].device_id == current);
	}
	field_select_end(&p->h);
	loan_list_release(&l);
}

static void request_fields_html(struct page *p,
				const struct service_application *x)
{
	device_select(p, x ? x->device_id : 0);
	field_input(&p->h, NULL, "service", "外部サービスの名称", "text",
		    x ? x->service : NULL, "例：X、LINE", "off");
	field_input(&p->h, NULL, "handle", "アカウント", "text",
		    x ? x->handle : NULL, NULL, "off");
	field_textarea(&p->h, NULL, "purpose", "利用目的", x ? x->purpose : NULL,
		       NULL);
}

void web_service_new(struct ctx *c)
{
	struct authz_object own = own_unit(c);
	struct page p;

	if (ctx_authorize(c, ACT_SERVICE_APPLY, &own, NULL) < 0)
		return;
	page_begin(&p, c, "外部サービスの利用申請", "/services");
	html_elem(&p.h, "h1", NULL, "外部サービスの利用申請（別記様式第9号）");
	form_begin(&p.h, c, "/services", "stack");
	request_fields_html(&p, NULL);
	form_submit(&p.h, "申請する");
	form_end(&p.h);
	page_end(&p, 200);
}

/* The request in f (texts borrowed from f); 0, or answered 422. */
static int read_request(struct ctx *c, const struct form *f,
			struct service_request *r)
{
	const char *why = NULL;

	memset(r, 0, sizeof(*r));
	if (parse_id(form_value(f, "device_id"), &r->device_id) < 0)
		r->device_id = 0;
	r->service = form_value(f, "service");
	r->handle = form_value(f, "handle");
	r->purpose = form_value(f, "purpose");
	if (service_check_request(r, &why) < 0 || strlen(r->service) >= MM_SERVICE_NAME_MAX ||
	    strlen(r->handle) >= MM_SERVICE_NAME_MAX ||
	    strlen(r->purpose) >= MM_TEXT_MAX) {
		ctx_fail(c, MM_EINVAL, why ? why : "入力内容を確認してください。",
			 NULL);
		return MM_EINVAL;
	}
	return 0;
}

/* A step's answer: the record, or its error (422 when the device is not lent). */
static void service_done(struct ctx *c, int64_t id, int rc)
{
	web_step_done(c, &service_kind, id, rc,
		      "この端末は所属に貸し出されていません。");
}

void web_service_create(struct ctx *c)
{
	struct authz_object o = { 0 };
	struct service_application *x = NULL;
	struct form f = { .n = 0 };
	struct service_request r;
	struct authz_grant g;
	struct device d;
	struct actor a;
	int rc;

	if (form_read(c, &f, request_fields) < 0 || read_request(c, &f, &r) < 0)
		goto out;
	if (store_device_get(c->app->store, r.device_id, &d) < 0) {
		ctx_fail(c, MM_EINVAL, "端末を選択してください。", NULL);
		goto out;
	}
	o.unit_id = d.unit_id;
	if (ctx_authorize(c, ACT_SERVICE_APPLY, &o, &g) < 0)
		goto out;
	x = malloc(sizeof(*x));
	a = ctx_actor(c, &g);
	rc = x ? store_service_apply(c->app->store, &a, d.unit_id, &r, x)
	       : MM_ENOMEM;
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

/* A form posting version (and its extra fields) to /services/{id}/step. */
static void step_form_begin(struct page *p, const struct service_application *x,
			    const char *step, const char *title)
{
	char suffix[32];

	snprintf(suffix, sizeof(suffix), "/%s", step);
	html_elem(&p->h, "h2", NULL, title);
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

static void step_forms(struct page *p, const struct service_application *x)
{
	struct authz_object o = service_authz_object(x);

	if (may(p, x, ACT_SERVICE_PERMIT, SERVICE_EV_PERMIT)) {
		step_form_begin(p, x, "permit", "運用管理者の許可");
		form_submit(&p->h, "許可する");
		form_end(&p->h);
		step_form_begin(p, x, "refuse", "不許可");
		field_textarea(&p->h, NULL, "reason", "不許可の理由", NULL, NULL);
		form_submit(&p->h, "不許可とする");
		form_end(&p->h);
	}
	if (may(p, x, ACT_SERVICE_FORWARD, SERVICE_EV_FORWARD)) {
		step_form_begin(p, x, "forward", "情報セキュリティ管理者への送付");
		form_submit(&p->h, "送付する");
		form_end(&p->h);
	}
	if (may(p, x, ACT_SERVICE_MEASURES, SERVICE_EV_RECORD_MEASURES)) {
		step_form_begin(p, x, "measures", "講ずべき対策の決定");
		field_textarea(&p->h, NULL, "measures", "講ずべき対策", NULL, NULL);
		field_check(&p->h, NULL, "agreed_with_manager",
			    "運用管理者と協議した", 0);
		field_check(&p->h, NULL, "agreed_with_general_manager",
			    "統括運用管理者と協議した", 0);
		form_submit(&p->h, "対策を決定し利用を認める");
		form_end(&p->h);
	}
	if (may(p, x, ACT_SERVICE_APPLY, SERVICE_EV_WITHDRAW)) {
		step_form_begin(p, x, "withdraw", "申請の取下げ");
		form_submit(&p->h, "取り下げる");
		form_end(&p->h);
	}
	if (may(p, x, ACT_SERVICE_APPLY, SERVICE_EV_DELETE)) {
		step_form_begin(p, x, "change", "申請内容の変更（再度の手続が必要）");
		request_fields_html(p, x);
		form_submit(&p->h, "変更を申請する");
		form_end(&p->h);
		step_form_begin(p, x, "delete", "アカウント削除の届出");
		field_textarea(&p->h, NULL, "note", "削除の内容", NULL, NULL);
		form_submit(&p->h, "削除を届け出る");
		form_end(&p->h);
	}
	if (x->state == SERVICE_DELETED && !x->deletion_ack_at &&
	    ctx_can(p->c, ACT_SERVICE_PERMIT, &o)) {
		step_form_begin(p, x, "acknowledge", "アカウント削除の報告の確認");
		form_submit(&p->h, "確認した");
		form_end(&p->h);
	}
}

void web_service_show(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x));
	struct page p;
	char title[64], n[24];

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_load(c, &service_kind, ACT_SERVICE_VIEW, x, NULL) == 0) {
		snprintf(title, sizeof(title), "外部サービス利用申請 第%s号",
			 i64s(n, x->id));
		page_begin(&p, c, title, "/services");
		html_elem(&p.h, "h1", NULL, title);
		details(&p, x);
		step_forms(&p, x);
		page_end(&p, 200);
	}
	free(x);
}

/* ---- the steps ----------------------------------------------------------- */

static void step(struct ctx *c, enum action act, enum service_event ev,
		 const char *text_field)
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
	if (web_begin_step(c, &service_kind, act, x, &g, &f, step_fields,
			   &version) == 0) {
		a = ctx_actor(c, &g);
		rc = store_service_step(c->app->store, &a, x->id, version, ev,
					text_field ? form_value(&f, text_field) : "");
		if (rc == MM_EINVAL)
			ctx_fail(c, rc, "不許可の理由を入力してください。", NULL);
		else
			service_done(c, x->id, rc);
	}
	form_release(&f);
	free(x);
}

void web_service_permit(struct ctx *c)
{
	step(c, ACT_SERVICE_PERMIT, SERVICE_EV_PERMIT, NULL);
}

void web_service_refuse(struct ctx *c)
{
	step(c, ACT_SERVICE_PERMIT, SERVICE_EV_REFUSE, "reason");
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
	step(c, ACT_SERVICE_APPLY, SERVICE_EV_DELETE, "note");
}

void web_service_measures(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x));
	struct form f = { .n = 0 };
	struct authz_grant g;
	struct actor a;
	const char *why = NULL;
	int64_t version;
	int by_mgr, by_gm, rc;

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_begin_step(c, &service_kind, ACT_SERVICE_MEASURES, x, &g, &f,
			   measures_fields, &version) < 0)
		goto out;
	by_mgr = !strcmp(form_value(&f, "agreed_with_manager"), "1");
	by_gm = !strcmp(form_value(&f, "agreed_with_general_manager"), "1");
	/* R-SVC-2: agreed with the manager and the general manager */
	if (service_check_measures(form_value(&f, "measures"), by_mgr, by_gm,
				   &why) < 0) {
		ctx_fail(c, MM_EINVAL, why, NULL);
		goto out;
	}
	a = ctx_actor(c, &g);
	rc = store_service_record_measures(c->app->store, &a, x->id, version,
					   form_value(&f, "measures"), by_mgr,
					   by_gm);
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

void web_service_change(struct ctx *c)
{
	struct service_application *x = malloc(sizeof(*x)), *n = NULL;
	struct form f = { .n = 0 };
	struct service_request r, old;
	struct authz_grant g;
	struct actor a;
	int64_t version;
	int rc;

	if (!x) {
		web_store_fail(c, MM_ENOMEM);
		return;
	}
	if (web_begin_step(c, &service_kind, ACT_SERVICE_APPLY, x, &g, &f,
			   change_fields, &version) < 0 || read_request(c, &f, &r) < 0)
		goto out;
	old = (struct service_request){ x->service, x->handle, x->device_id,
					x->purpose };
	if (!service_changed(&old, &r)) {
		ctx_fail(c, MM_EINVAL, "変更する内容がありません。", NULL);
		goto out;
	}
	n = malloc(sizeof(*n));
	a = ctx_actor(c, &g);
	/* R-SVC-3: a new application of the same account */
	rc = n ? store_service_change(c->app->store, &a, x->id, version, &r, n)
	       : MM_ENOMEM;
	service_done(c, rc == 0 ? n->id : 0, rc);
out:
	free(n);
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
	struct service_list l = { NULL, 0 };
	struct waiting w = { p, 0 };

	if (store_service_list(p->c->app->store, 0, 0, SERVICE_NONE, &l) < 0)
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
