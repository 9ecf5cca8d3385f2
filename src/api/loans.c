#include "loans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "http/json_body.h"
#include "core/loan.h"
#include "core/text.h"
#include "lib/err.h"
#include "lib/util.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"


static const char *const lend_fields[] = {"application_id", "device_id",
	NULL};
static const char *const return_fields[] = {"version", "accounts",
	"apps_uninstalled", "device_restored", "accessories_present", NULL};
/* R-DEV-9: an account is named by the server's id only, never by name. */
static const char *const account_fields[] = {"service_id", "deleted", NULL};
static const char *const close_fields[] = {"version", "anomaly",
	"description", "out_of_service", NULL};

static void send_loan(struct ctx *c, int64_t id, int status)
{
	api_send_current(c, &loan_kind, id, status);
}

/* The application to lend on: approved, new, of the device if named. */
static int check_lend(struct ctx *c, const struct borrow_application *a,
		      const struct device *d)
{
	enum device_state next;

	if (a->kind != APPLICATION_KIND_NEW)
		return api_invalid(c, "application_id",
				   "延長の申請では貸出できません");
	if (a->state != APPLICATION_APPROVED)
		return api_refuse_state(c, "申請",
					application_state_label(a->state),
					"貸出");
	if (a->device_id && a->device_id != d->id)
		return api_invalid(c, "device_id",
				   "申請された端末と異なります");
	/* R-DEV-3: a device is on at most one loan. */
	if (device_transition(d->state, DEVICE_EV_LEND, &next) < 0)
		return api_refuse_state(c, "端末",
					device_state_label(d->state), "貸出");
	return 0;
}

/*
 * The approved application the lend request is about, read before it is
 * authorized (R-DEV-3); 0 or the error after answering.
 */
static int read_application(struct ctx *c, json_t *in,
			    struct borrow_application *a)
{
	int64_t id = 0;
	int rc;

	if (api_int64(c, in, "application_id", 1, &id) < 0)
		return MM_EINVAL;
	rc = store_application_get(c->app->store, id, &c->pool, a);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "application_id", "申請が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

/* The device to lend, through the loan's descriptor; it must exist. */
static int read_device(struct ctx *c, json_t *in, struct device *d)
{
	struct loan l;
	int rc;

	memset(&l, 0, sizeof(l));
	if (api_record_read(c, in, &loan_record, &l, RECORD_CREATE) < 0)
		return MM_EINVAL;
	rc = store_device_get(c->app->store, l.device_id, &c->pool, d);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "device_id", "端末が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

void api_loans_lend(struct ctx *c)
{
	struct borrow_application a;
	struct authz_object o;
	struct authz_grant g;
	struct device d;
	struct loan l;
	struct actor act;
	json_t *in;
	int rc;

	if (!c->who) {
		ctx_authorize(c, ACT_LOAN_LEND, NULL, NULL);
		return;
	}
	if (api_body(c, lend_fields, &in) < 0)
		return;
	rc = read_application(c, in, &a);
	if (rc == 0) {
		o = application_authz_object(&a);
		rc = ctx_authorize(c, ACT_LOAN_LEND, &o, &g);
	}
	if (rc == 0)
		rc = read_device(c, in, &d);
	json_decref(in);
	if (rc < 0 || check_lend(c, &a, &d) < 0)
		return;
	act = ctx_actor(c, &g);
	/* The store decides again inside its transaction: one wins. */
	rc = store_loan_lend(c->app->store, &act, a.id, d.id, &l);
	if (rc == MM_ESTATE) {
		ctx_fail(c, rc, "この端末はすでに貸し出されているか、"
			 "申請がすでに貸出済みです。", NULL);
		return;
	}
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_loan(c, l.id, 201);
}

static int read_account(struct ctx *c, json_t *item,
			struct return_confirm *a)
{
	const char *unknown = NULL;

	if (!json_is_object(item)) {
		api_error(c, 400, "bad_request", "アカウントの確認はオブジェクトで指定してください", "accounts");
		return MM_EINVAL;
	}
	if (json_check_fields(item, account_fields, &unknown) < 0) {
		api_error(c, 400, "unknown_field", "この項目は受け付けられません", unknown);
		return MM_EINVAL;
	}
	if (api_int64(c, item, "service_id", 1, &a->service_id) < 0 ||
	    api_bool(c, item, "deleted", 1, &a->deleted) < 0)
		return MM_EINVAL;
	return 0;
}

static int read_confirmation(struct ctx *c, json_t *in,
			     struct return_confirmation *rc)
{
	json_t *arr = json_object_get(in, "accounts");

	if (!json_is_array(arr)) {
		api_error(c, 400, "bad_request", "アカウントの確認は配列で指定してください", "accounts");
		return MM_EINVAL;
	}
	if (json_array_size(arr) > RETURN_ACCOUNTS_MAX)
		return api_invalid(c, "accounts", "アカウントが多すぎます");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		if (read_account(c, json_array_get(arr, i), &rc->items[i]) < 0)
			return MM_EINVAL;
		rc->n++;
	}
	if (api_bool(c, in, "apps_uninstalled", 1, &rc->apps_uninstalled) < 0 ||
	    api_bool(c, in, "device_restored", 1, &rc->device_restored) < 0 ||
	    api_bool(c, in, "accessories_present", 1,
		     &rc->accessories_present) < 0)
		return MM_EINVAL;
	return 0;
}

/* The accounts the return must confirm: what the register lists. */
static json_t *return_accounts_json(const struct return_checklist *cl)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < cl->n_accounts; i++) {
		const struct return_account *a = &cl->accounts[i];
		if (api_list_add(arr, json_pack("{s:I, s:s, s:s, s:s, s:s}",
		    "service_id", (json_int_t)a->service_id,
		    "service", str_or_empty(a->service),
		    "account", str_or_empty(a->account),
		    "state", service_state_key(a->state),
		    "state_label", service_state_label(a->state))) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr ? json_pack("{s:o}", "accounts", arr) : NULL;
}

void api_loans_return_accounts(struct ctx *c)
{
	struct return_checklist *cl = malloc(sizeof(*cl));
	struct loan l;
	int rc;

	/* R-DEV-9: what the borrowing unit's manager is to confirm. */
	if (!cl) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	if (api_load_loan(c, c->req->params[0], ACT_LOAN_RETURN, &l, NULL) == 0) {
		rc = store_loan_return_accounts(c->app->store, l.id, &c->pool,
						cl);
		if (rc < 0)
			ctx_fail(c, rc, NULL, NULL);
		else
			api_send(c, 200, return_accounts_json(cl));
	}
	free(cl);
}

void api_loans_return(struct ctx *c)
{
	struct return_confirmation in;
	struct return_fault f;
	struct authz_grant g;
	struct loan l;
	struct actor act;
	int64_t version = 0;
	json_t *body;
	int rc;

	memset(&in, 0, sizeof(in));
	memset(&f, 0, sizeof(f));
	/* R-DEV-9: the borrowing unit's manager. */
	if (api_load_loan(c, c->req->params[0], ACT_LOAN_RETURN, &l, &g) < 0 ||
	    api_body(c, return_fields, &body) < 0)
		return;
	rc = api_int64(c, body, "version", 1, &version);
	if (rc == 0)
		rc = read_confirmation(c, body, &in);
	json_decref(body);
	if (rc < 0 || ctx_check_step(c, &loan_return_step, &l, g.role) < 0)
		return;
	act = ctx_actor(c, &g);
	/* The store lists the device's accounts from the register and
	 * checks the confirmation against them in its transaction. */
	rc = store_loan_submit_return(c->app->store, &act, l.id, version, &in,
				      &f);
	if (rc < 0) {
		ctx_fail(c, rc, f.field ? f.message : NULL, f.field);
		return;
	}
	send_loan(c, l.id, 200);
}

struct closing {
	int64_t version;
	int anomaly;
	int out_of_service;
	char description[MM_TEXT_MAX];
};

static int read_closing(struct ctx *c, struct closing *k)
{
	json_t *in;
	int rc;

	if (api_body(c, close_fields, &in) < 0)
		return MM_EINVAL;
	rc = api_int64(c, in, "version", 1, &k->version);
	if (rc == 0)
		rc = api_bool(c, in, "anomaly", 1, &k->anomaly);
	if (rc == 0)
		rc = api_bool(c, in, "out_of_service", 0, &k->out_of_service);
	if (rc == 0)
		rc = api_text(c, in, "description", 0, 500, k->description,
			      sizeof(k->description));
	json_decref(in);
	/* R-DEV-9: an anomaly is recorded with what was found. */
	if (rc == 0 && k->anomaly && !text_present(k->description))
		rc = api_invalid(c, "description", "異常の内容を入力してください");
	return rc;
}

void api_loans_close(struct ctx *c)
{
	struct closing k;
	struct authz_grant g;
	struct loan l;
	struct actor act;
	int rc;

	memset(&k, 0, sizeof(k));
	if (api_load_loan(c, c->req->params[0], ACT_LOAN_CLOSE, &l, &g) < 0 ||
	    read_closing(c, &k) < 0 ||
	    ctx_check_step(c, &loan_close_step, &l, g.role) < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_loan_close(c->app->store, &act, l.id, k.version, k.anomaly,
			      k.description, k.out_of_service);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	send_loan(c, l.id, 200);
}
