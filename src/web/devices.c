#include "devices.h"

#include <stdio.h>
#include <string.h>

#include "../core/validate.h"
#include "../lib/err.h"
#include "common.h"
#include "fields.h"
#include "layout.h"
#include "lending.h"
#include "loans.h"
#include "../app/objects.h"
#include "steps.h"
#include "lists.h"
#include "../core/records.h"
#include "../app/listing.h"
#include "record_form.h"
#include "../lib/banned.h"

static const char *const device_fields[] = {
	"model", "phone", "serial", "contract_ref", "remarks", "version", NULL
};

static const char *const reason_fields[] = { "reason", "version", NULL };

/* ---- list ----------------------------------------------------------- */


static void devices_actions(struct page *p)
{
	if (!ctx_can(p->c, ACT_DEVICE_MANAGE, NULL))
		return;
	html_open(&p->h, "p", "class", "actions", NULL);
	html_elem(&p->h, "a", "class", "button", "href", "/devices/new", NULL,
		  "端末を登録する");
	html_elem(&p->h, "a", "class", "button button-secondary", "href",
		  "/devices/import", NULL, "CSVから取り込む");
	html_close(&p->h, "p");
}

/*
 * R-DEV-1: the registry a page at a time, in one query that selects the
 * devices the user may see and joins the borrowing unit's name; its
 * columns are the descriptor's LISTED fields, the model linking.
 */
const struct web_list_route web_devices_list = {
	.kind = &device_kind, .title = "端末一覧", .heading = "端末一覧",
	.empty = "表示できる端末はありません。", .actions = devices_actions,
};

/* ---- form ----------------------------------------------------------- */

/* The fields of the device form, in order, as the descriptor has them. */
static const char *const form_keys[] = { "model", "phone", "serial",
	"contract_ref", "remarks", NULL };

/* The form for d; posted (may be NULL) is shown again with its faults. */
static void render_device_form(struct ctx *c, const struct device *d,
			       const struct form *posted,
			       const struct form_errors *e, int status)
{
	const char *title = d->id ? "端末の編集" : "端末の登録";
	char action[80], version[24];
	struct page p;

	if (d->id)
		href_of(action, "devices", d->id, NULL);
	else
		snprintf(action, sizeof(action), "/devices");
	page_begin(&p, c, title, "/devices");
	html_elem(&p.h, "h1", NULL, title);
	form_error_summary(&p, e);
	form_begin(&p.h, c, action, "stack");
	if (d->id)
		form_hidden(&p.h, "version", i64s(version, d->version));
	web_record_fields(&p.h, e, &device_record, form_keys, posted, d);
	form_submit(&p.h, d->id ? "変更を保存する" : "登録する");
	form_end(&p.h);
	page_end(&p, status);
}

/* R-DEV-1: the form's fields, checked as the API and import check them. */
static void device_from_form(const struct form *f, struct device *d,
			     struct form_errors *e)
{
	web_record_read(f, &device_record, d, RECORD_CREATE, e);
}

/* Saves d (create or update) and answers. */
static void save_device(struct ctx *c, const struct authz_grant *g,
			struct device *d, const struct form *posted)
{
	struct form_errors e;
	struct actor a = ctx_actor(c, g);
	int64_t id = d->id;
	char href[80];
	int rc;

	rc = id ? store_device_update(c->app->store, &a, d)
		: store_device_create(c->app->store, &a, d);
	form_errors_init(&e);
	if (rc == 0) {
		page_redirect(c, href_of(href, "devices", d->id, NULL));
	} else if (rc == MM_EEXIST) {
		form_errors_add(&e, "serial", "製造番号・IMEI",
				"この製造番号は既に登録されています。");
		d->id = id;
		render_device_form(c, d, posted, &e, 422);
	} else if (rc == MM_ESTALE) {
		form_errors_add(&e, "", "", MSG_STALE);
		render_device_form(c, d, posted, &e, 409);
	} else if (rc == MM_EINVAL) {
		form_errors_add(&e, "", "", store_message(rc));
		d->id = id;
		render_device_form(c, d, posted, &e, 422);
	} else {
		lending_fail(c, rc, NULL);
	}
}

void web_device_new(struct ctx *c)
{
	struct device d;

	if (ctx_authorize(c, ACT_DEVICE_MANAGE, NULL, NULL) < 0)
		return;
	memset(&d, 0, sizeof(d));
	render_device_form(c, &d, NULL, NULL, 200);
}

void web_device_create(struct ctx *c)
{
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct device d;

	if (ctx_authorize(c, ACT_DEVICE_MANAGE, NULL, &g) < 0)
		return;
	if (form_read(c, &f, device_fields) < 0)
		goto out;
	memset(&d, 0, sizeof(d));
	form_errors_init(&e);
	device_from_form(&f, &d, &e);
	if (e.n)
		render_device_form(c, &d, &f, &e, 422);
	else
		save_device(c, &g, &d, &f);
out:
	form_release(&f);
}

/*
 * Loads device {id} and authorizes act on it.  Viewing depends on where
 * the device is (its unit), so the record is read first; a refusal looks
 * the same whether or not it exists only for HQ-wide actions.
 */
static int load_device(struct ctx *c, enum action act, struct device *d,
		       struct authz_grant *g)
{
	struct authz_object o;
	int rc;

	if ((rc = store_device_get(c->app->store, c->req->params[0],
				    &c->pool, d)) < 0) {
		/* Refuse before "not found" to those who may see no device. */
		struct authz_object own = own_unit(c);
		if (ctx_authorize(c, ACT_DEVICE_VIEW, &own, NULL) == 0)
			web_store_fail(c, rc);
		return rc;
	}
	o = device_authz_object(d);
	return ctx_authorize(c, act, &o, g);
}

void web_device_edit(struct ctx *c)
{
	struct device d;

	if (load_device(c, ACT_DEVICE_MANAGE, &d, NULL) < 0)
		return;
	render_device_form(c, &d, NULL, NULL, 200);
}

void web_device_update(struct ctx *c)
{
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct form_errors e;
	struct device d;

	if (load_device(c, ACT_DEVICE_MANAGE, &d, &g) < 0)
		return;
	if (form_read(c, &f, device_fields) < 0)
		goto out;
	if (read_version(&f, &d.version) < 0) {
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
		goto out;
	}
	form_errors_init(&e);
	device_from_form(&f, &d, &e);
	if (e.n)
		render_device_form(c, &d, &f, &e, 422);
	else
		save_device(c, &g, &d, &f);
out:
	form_release(&f);
}

/* ---- retire / reinstate --------------------------------------------- */

static void device_event(struct ctx *c, enum device_event ev)
{
	struct authz_grant g;
	struct form f = { .n = 0 };
	struct device d;
	struct actor a;
	int64_t version;
	char href[80];
	int rc;

	if (load_device(c, ACT_DEVICE_MANAGE, &d, &g) < 0)
		return;
	if (step_form_read(c, &f, reason_fields, &version) < 0)
		goto out;
	a = ctx_actor(c, &g);
	rc = store_device_event(c->app->store, &a, d.id, version, ev,
				form_value(&f, "reason"));
	if (rc == 0)
		page_redirect(c, href_of(href, "devices", d.id, NULL));
	else
		lending_fail(c, rc, NULL);
out:
	form_release(&f);
}

void web_device_retire(struct ctx *c)
{
	device_event(c, DEVICE_EV_RETIRE);
}

void web_device_reinstate(struct ctx *c)
{
	device_event(c, DEVICE_EV_REINSTATE);
}

/* ---- show ----------------------------------------------------------- */

static void device_actions(struct page *p, const struct device *d)
{
	struct authz_object o = device_authz_object(d);
	enum device_state next;
	char href[80];

	if (!ctx_can(p->c, ACT_DEVICE_MANAGE, &o))
		return;
	html_open(&p->h, "div", "class", "actions", NULL);
	html_elem(&p->h, "a", "class", "button button-secondary", "href",
		  href_of(href, "devices", d->id, "/edit"), NULL, "編集する");
	if (device_transition(d->state, DEVICE_EV_REINSTATE, &next) == 0)
		post_button(p, href_of(href, "devices", d->id, "/reinstate"),
			    d->version, "在庫に戻す", NULL);
	html_close(&p->h, "div");
	if (device_transition(d->state, DEVICE_EV_RETIRE, &next) == 0) {
		version_form_begin(p, "devices", d->id, "/retire", d->version);
		field_textarea(&p->h, NULL, "reason", "使用停止の理由", NULL, NULL);
		html_elem(&p->h, "button", "type", "submit", "class",
			  "button button-danger", NULL, "使用停止にする");
		form_end(&p->h);
	}
}

void web_device_show(struct ctx *c)
{
	struct device d;
	struct page p;
	char unit[MM_NAME_MAX];

	if (load_device(c, ACT_DEVICE_VIEW, &d, NULL) < 0)
		return;
	page_begin(&p, c, d.model, "/devices");
	html_open(&p.h, "h1", NULL);
	html_textf(&p.h, "端末：%s（%s）", d.model, d.serial);
	html_close(&p.h, "h1");
	device_actions(&p, &d);
	html_open(&p.h, "dl", "class", "details", NULL);
	dl_row(&p, "機種", d.model);
	dl_row(&p, "電話番号", d.phone);
	dl_row(&p, "製造番号・IMEI", d.serial);
	dl_row(&p, "契約番号", d.contract_ref);
	dl_row(&p, "状態", device_state_label(d.state));
	unit_name_of(c->app->store, d.unit_id, unit, sizeof(unit));
	dl_row(&p, "貸出先", d.unit_id ? unit : "");
	dl_row(&p, "備考", d.remarks);
	html_close(&p.h, "dl");
	loan_history(&p, d.id);
	page_end(&p, 200);
}
