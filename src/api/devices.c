#include "devices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "core/charset.h"
#include "core/device_import.h"
#include "core/validate.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"


static const char *const create_fields[] = {"model", "serial", "phone",
	"contract_ref", "remarks", NULL};
static const char *const update_fields[] = {"version", "model", "serial",
	"phone", "contract_ref", "remarks", NULL};
static const char *const event_fields[] = {"version", "reason", NULL};
static const char *const import_fields[] = {"csv", "csv_base64", "encoding",
	"dry_run", NULL};

/*
 * R-DEV-1: the editable fields of the body through the device's
 * descriptor, checked as the web form and CSV import check them; on
 * update only the fields present are changed.
 */
static int read_device(struct ctx *c, json_t *in, int required,
		       struct device *d)
{
	return api_record_read(c, in, &device_record, d,
			       required ? RECORD_CREATE : RECORD_UPDATE);
}

void api_devices_create(struct ctx *c)
{
	struct authz_grant g;
	struct device d;
	struct actor a;
	json_t *in;
	int rc;

	memset(&d, 0, sizeof(d));
	if (ctx_authorize(c, ACT_DEVICE_MANAGE, NULL, &g) < 0 ||
	    api_body(c, create_fields, &in) < 0)
		return;
	rc = read_device(c, in, 1, &d);
	json_decref(in);
	if (rc < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_device_create(c->app->store, &a, &d);
	if (rc == 0)
		rc = store_device_get(c->app->store, d.id, &c->pool, &d);
	if (rc < 0) {
		ctx_fail(c, rc, rc == MM_EEXIST ?
			 "この製造番号の端末はすでに登録されています。" : NULL,
			 rc == MM_EEXIST ? "serial" : NULL);
		return;
	}
	api_send(c, 201, api_device_json(&d));
}

/* Loads the device of the path and authorizes act on it. */
static int load_device(struct ctx *c, enum action act, struct device *d,
		       struct authz_grant *g)
{
	return api_load_path(c, &device_kind, act, d, g);
}

static void send_device(struct ctx *c, int64_t id, int status)
{
	api_send_current(c, &device_kind, id, status);
}

void api_devices_update(struct ctx *c)
{
	struct authz_grant g;
	struct device d;
	struct actor a;
	json_t *in;
	int rc;

	if (load_device(c, ACT_DEVICE_MANAGE, &d, &g) < 0 ||
	    api_body(c, update_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &d.version);
	if (rc == 0)
		rc = read_device(c, in, 0, &d);
	json_decref(in);
	if (rc < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_device_update(c->app->store, &a, &d);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, rc == MM_EEXIST ? "serial" : NULL);
		return;
	}
	send_device(c, d.id, 200);
}

/* Retire or reinstate: the state machine is asked before the store. */
static void device_event(struct ctx *c, enum device_event ev)
{
	char reason[MM_TEXT_MAX] = "";
	enum device_state next;
	struct authz_grant g;
	struct device d;
	struct actor a;
	int64_t version = 0;
	json_t *in;
	int rc;

	if (load_device(c, ACT_DEVICE_MANAGE, &d, &g) < 0 ||
	    api_body(c, event_fields, &in) < 0)
		return;
	rc = api_int64(c, in, "version", 1, &version);
	if (rc == 0)
		rc = api_text(c, in, "reason", 1, 500, reason, sizeof(reason));
	json_decref(in);
	if (rc < 0)
		return;
	if (device_transition(d.state, ev, &next) < 0) {
		api_refuse_state(c, "端末", device_state_label(d.state),
				 device_event_label(ev));
		return;
	}
	a = ctx_actor(c, &g);
	rc = store_device_event(c->app->store, &a, d.id, version, ev, reason);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_device(c, d.id, 200);
}

void api_devices_retire(struct ctx *c)
{
	device_event(c, DEVICE_EV_RETIRE);
}

void api_devices_reinstate(struct ctx *c)
{
	device_event(c, DEVICE_EV_REINSTATE);
}

/*
 * The device's newest loans the caller may view (one query, at most a
 * page of STORE_PAGE_MAX), and their checks.
 */
static int history_loans(struct ctx *c, const struct device *d,
			 json_t *loans, json_t *checks, struct loan_list *l)
{
	struct authz_view view = ctx_list_view(c, ACT_LOAN_VIEW);
	struct loan_filter f = { .device_id = d->id };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	int rc = store_loan_list(c->app->store, &view, &f, &req, l);

	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		struct authz_object o = loan_authz_object(&l->items[i]);
		struct check_list cl = {0};

		if (!ctx_can(c, ACT_LOAN_VIEW, &o))
			continue;
		rc = api_list_add(loans, api_loan_json(&l->items[i]));
		if (rc < 0 || !ctx_can(c, ACT_CHECK_VIEW, &o))
			continue;
		/* the loan's newest checks: a page of at most STORE_PAGE_MAX */
		rc = store_check_list(c->app->store, NULL, l->items[i].id, &req,
				      &cl);
		for (size_t j = 0; rc == 0 && j < cl.n; j++)
			rc = api_list_add(checks, api_check_json(&cl.items[j]));
		check_list_release(&cl);
	}
	return rc;
}

/*
 * The device's newest take-outs the caller may view: one query, at most
 * a page of STORE_PAGE_MAX.
 */
static int history_takeouts(struct ctx *c, const struct device *d,
			    json_t *out)
{
	struct authz_view view = ctx_list_view(c, ACT_TAKEOUT_VIEW);
	struct takeout_filter f = { .device_id = d->id };
	struct page_req req = { .limit = STORE_PAGE_MAX };
	struct takeout_list l = {0};
	int rc = store_takeout_list(c->app->store, &view, &f, &req, &l);

	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		struct authz_object o = takeout_authz_object(&l.items[i]);

		if (ctx_can(c, ACT_TAKEOUT_VIEW, &o))
			rc = api_list_add(out, api_takeout_json(&l.items[i]));
	}
	takeout_list_release(&l);
	return rc;
}

void api_devices_history(struct ctx *c)
{
	json_t *loans = json_array(), *checks = json_array();
	json_t *takeouts = json_array();
	struct loan_list ll = {0};
	struct device d;
	int rc;

	if (load_device(c, ACT_DEVICE_VIEW, &d, NULL) < 0) {
		rc = MM_EDENIED;
		goto out;
	}
	rc = loans && checks && takeouts ? 0 : MM_ENOMEM;
	if (rc == 0)
		rc = history_loans(c, &d, loans, checks, &ll);
	if (rc == 0)
		rc = history_takeouts(c, &d, takeouts);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	api_send(c, 200, json_pack("{s:o, s:O, s:O, s:O}",
				   "device", api_device_json(&d),
				   "loans", loans, "checks", checks,
				   "takeouts", takeouts));
out:
	loan_list_release(&ll);
	json_decref(loans);
	json_decref(checks);
	json_decref(takeouts);
}

/* ---- import ---------------------------------------------------------- */

/* The CSV text of the request, converted to UTF-8 into text. */
static int import_text(struct ctx *c, json_t *in, struct buf *text)
{
	const char *csv = NULL, *b64 = NULL, *enc = NULL;
	enum charset cs = CHARSET_UTF8;
	struct charset_fault f;
	unsigned char *raw;
	size_t n = 0;
	int rc;

	if (api_string(c, in, "csv", 0, &csv) < 0 ||
	    api_string(c, in, "csv_base64", 0, &b64) < 0 ||
	    api_string(c, in, "encoding", 0, &enc) < 0)
		return MM_EINVAL;
	if (enc && (cs = charset_from_key(enc)) == CHARSET_NONE)
		return api_invalid(c, "encoding",
				   "文字コードは utf-8 か cp932 です");
	if (!csv == !b64)
		return api_invalid(c, "csv",
				   "csv か csv_base64 のどちらか一つを送ってください");
	if (csv && cs != CHARSET_UTF8)
		return api_invalid(c, "encoding",
				   "cp932 のファイルは csv_base64 で送ってください");
	if (csv) {
		rc = buf_adds(text, csv);
		if (rc == MM_ENOMEM) { /* the server's memory, not the file (issue 14) */
			ctx_fail(c, rc, NULL, NULL);
			return rc;
		}
		return rc < 0 ? api_invalid(c, "csv", "ファイルが大きすぎます") : 0;
	}
	raw = malloc(strlen(b64) + 1);
	if (!raw) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return MM_ENOMEM;
	}
	rc = sodium_base642bin(raw, strlen(b64) + 1, b64, strlen(b64), "\r\n",
			       &n, NULL, sodium_base64_VARIANT_ORIGINAL);
	if (rc != 0) {
		free(raw);
		return api_invalid(c, "csv_base64", "base64 として読めません");
	}
	rc = charset_to_utf8(cs, (const char *)raw, n, text, &f);
	free(raw);
	if (rc < 0 && rc != MM_EINVAL) { /* out of memory, or ICU's */
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	if (rc < 0) {
		char msg[160];
		snprintf(msg, sizeof(msg),
			 "%zu行目（%zuバイト目）に変換できない文字があります",
			 f.line, f.offset + 1);
		return api_invalid(c, "csv_base64", msg);
	}
	return 0;
}

/* Rows whose serial is already in the registry become faults. */
static int registry_duplicates(struct ctx *c, struct device_import *d)
{
	const char **serials = calloc(d->n_rows ? d->n_rows : 1,
				      sizeof *serials);
	unsigned char *taken = calloc(d->n_rows ? d->n_rows : 1, 1);
	size_t kept = 0;
	int rc = serials && taken ? 0 : MM_ENOMEM;

	for (size_t i = 0; rc == 0 && i < d->n_rows; i++)
		serials[i] = d->rows[i].serial;
	if (rc == 0)
		rc = store_device_serials_taken(c->app->store, serials,
						d->n_rows, taken);
	for (size_t i = 0; rc == 0 && i < d->n_rows; i++) {
		if (!taken[i]) {
			d->rows[kept++] = d->rows[i];
			continue;
		}
		d->n_faults++;
		if (d->n_kept < DEVICE_IMPORT_FAULTS_MAX)
			d->faults[d->n_kept++] = (struct device_import_fault){
				d->rows[i].row, 0, "serial",
				"この製造番号の端末はすでに登録されています" };
	}
	if (rc == 0)
		d->n_rows = kept;
	free(serials);
	free(taken);
	return rc;
}

static json_t *faults_json(const struct device_import *d)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < d->n_kept; i++) {
		const struct device_import_fault *f = &d->faults[i];
		if (api_list_add(arr, json_pack("{s:I, s:I, s:s, s:s}",
		    "row", (json_int_t)f->row, "line", (json_int_t)f->line,
		    "field", f->field, "message", f->message)) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

static json_t *import_result(const struct device_import *d, int dry_run,
			     size_t imported)
{
	return json_pack("{s:b, s:I, s:I, s:I, s:o}", "dry_run", dry_run,
			 "rows", (json_int_t)d->n_records,
			 "imported", (json_int_t)imported,
			 "error_count", (json_int_t)d->n_faults,
			 "errors", faults_json(d));
}

/*
 * Nothing is imported unless every row is valid (R-DEV-1): a real run
 * with faults answers 422 with the error and the same list of faults a
 * dry run gives.
 */
static void send_import(struct ctx *c, const struct device_import *d,
			int dry_run)
{
	int failed = !dry_run && d->n_faults > 0;
	json_t *body = import_result(d, dry_run,
				     dry_run || failed ? 0 : d->n_rows);

	if (body && failed &&
	    json_object_set_new(body, "error", json_pack("{s:s, s:s, s:s}",
		"code", "invalid", "field", "csv", "message",
		"誤りのある行があるため、取り込みませんでした。")) < 0) {
		json_decref(body);
		body = NULL;
	}
	api_send(c, failed ? 422 : dry_run ? 200 : 201, body);
}

static int import_rows(struct ctx *c, const struct authz_grant *g,
		       struct device_import *d)
{
	struct device *items = calloc(d->n_rows ? d->n_rows : 1, sizeof(*items));
	struct actor a = ctx_actor(c, g);
	size_t bad = 0;
	int rc;

	if (!items)
		return MM_ENOMEM;
	for (size_t i = 0; i < d->n_rows; i++) {
		/* the rows outlive the import */
		items[i].model = d->rows[i].model;
		snprintf(items[i].phone, sizeof(items[i].phone), "%s", d->rows[i].phone);
		snprintf(items[i].serial, sizeof(items[i].serial), "%s", d->rows[i].serial);
		items[i].contract_ref = d->rows[i].contract_ref;
		items[i].remarks = d->rows[i].remarks;
		items[i].state = DEVICE_IN_STOCK;
	}
	rc = store_device_import(c->app->store, &a, items, d->n_rows, &bad);
	free(items);
	/* A serial registered in between: report that row, import nothing. */
	if (rc == MM_EEXIST && bad < d->n_rows) {
		d->n_faults = 1;
		d->n_kept = 1;
		d->faults[0] = (struct device_import_fault){ d->rows[bad].row, 0,
			"serial", "この製造番号の端末はすでに登録されています" };
	}
	return rc;
}

void api_devices_import(struct ctx *c)
{
	struct device_import d = {0};
	struct buf text = BUF_INIT_MAX(8u << 20);
	struct authz_grant g;
	int dry_run = 0, rc;
	json_t *in;

	if (ctx_authorize(c, ACT_DEVICE_MANAGE, NULL, &g) < 0 ||
	    api_body(c, import_fields, &in) < 0)
		return;
	rc = api_bool(c, in, "dry_run", 0, &dry_run);
	if (rc == 0)
		rc = import_text(c, in, &text);
	json_decref(in);
	if (rc < 0)
		goto out;
	rc = device_import_read(buf_cstr(&text), text.len, &d);
	if (rc == 0)
		rc = registry_duplicates(c, &d);
	if (rc == 0 && !dry_run && d.n_faults == 0)
		rc = import_rows(c, &g, &d);
	if (rc < 0 && rc != MM_EEXIST) {
		ctx_fail(c, rc, NULL, NULL);
		goto out;
	}
	send_import(c, &d, dry_run);
out:
	device_import_release(&d);
	buf_release(&text);
}
