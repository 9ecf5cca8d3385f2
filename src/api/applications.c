#include "applications.h"

#include <stdio.h>
#include <string.h>

#include "core/application.h"
#include "core/loan.h"
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


static const char *const create_fields[] = {"kind", "unit_id", "loan_id",
	"device_id", "consulted_on", "consulted_with", "consultation",
	"start", "due", "purpose", NULL};

/*
 * What the application is about, read before it is authorized: the
 * kind, the unit, and for an extension the loan it extends (which fixes
 * the unit and, in start, the current due date the extension counts
 * from).  0 or the error after answering.
 */
static int read_kind(struct ctx *c, json_t *in, struct borrow_application *a,
		     struct loan *loan)
{
	const char *kind = NULL, *field = NULL, *why = NULL;
	int64_t unit_id = 0;
	int rc;

	if (api_string(c, in, "kind", 0, &kind) < 0 ||
	    api_int64(c, in, "unit_id", 0, &unit_id) < 0 ||
	    api_int64(c, in, "loan_id", 0, &a->loan_id) < 0)
		return MM_EINVAL;
	a->kind = kind ? application_kind_from_key(kind) : APPLICATION_KIND_NEW;
	if (a->kind == APPLICATION_KIND_NONE)
		return api_invalid(c, "kind", "種別は new か extension です");
	a->unit_id = unit_id ? unit_id : c->who->unit_id;
	if (a->kind == APPLICATION_KIND_NEW) {
		if (a->loan_id)
			return api_invalid(c, "loan_id",
					   "新規の申請に貸出は指定できません");
		return 0;
	}
	/* R-DEV-8: an extension is of one open loan of the unit, whose
	 * device and current due date the store takes; naming others is
	 * refused rather than quietly overruled. */
	if (application_check_extension_terms(
		    json_object_get(in, "device_id") != NULL,
		    json_object_get(in, "start") != NULL, &field, &why) < 0)
		return api_invalid(c, field, why);
	if (!a->loan_id)
		return api_invalid(c, "loan_id", "延長する貸出を指定してください");
	rc = store_loan_get(c->app->store, a->loan_id, &c->pool, loan);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "loan_id", "貸出が見つかりません");
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	if (unit_id && unit_id != loan->unit_id)
		return api_invalid(c, "unit_id", "貸出先の所属と違います");
	a->unit_id = loan->unit_id;
	a->start = loan->due;
	return 0;
}

/*
 * R-DEV-8: an extension's start and device are its loan's: the client's
 * copy is refused, not silently replaced.
 */
static int refuse_for_extension(struct ctx *c, json_t *in, const char *key)
{
	json_t *v = json_object_get(in, key);

	if (!v || json_is_null(v))
		return 0;
	return api_invalid(c, key, "延長の申請には指定できません");
}

/*
 * The application's fields through its descriptor: a new application
 * (R-DEV-2) or an extension (R-DEV-8), checked with the same rules and
 * messages as the web forms.
 */
static int read_application(struct ctx *c, json_t *in,
			    struct borrow_application *a)
{
	if (a->kind == APPLICATION_KIND_NEW)
		return api_record_read(c, in, &application_record, a,
				       RECORD_CREATE);
	if (refuse_for_extension(c, in, "start") < 0 ||
	    refuse_for_extension(c, in, "device_id") < 0)
		return MM_EINVAL;
	return api_record_read(c, in, &extension_record, a, RECORD_CREATE);
}

/* The device wanted, when one is named, must exist. */
static int check_device_wanted(struct ctx *c, const struct borrow_application *a)
{
	struct device d;
	int rc;

	if (!a->device_id)
		return 0;
	rc = store_device_get(c->app->store, a->device_id, &c->pool, &d);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "device_id", "端末が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

void api_applications_create(struct ctx *c)
{
	struct borrow_application a;
	struct authz_object o;
	struct authz_grant g;
	struct loan loan;
	struct actor act;
	json_t *in;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&loan, 0, sizeof(loan));
	if (!c->who) {
		ctx_authorize(c, ACT_APPLICATION_CREATE, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	rc = read_kind(c, in, &a, &loan);
	if (rc == 0) {
		/* R-DEV-2: the manager of the borrowing unit applies. */
		o = (struct authz_object){ .unit_id = a.unit_id };
		rc = ctx_authorize(c, ACT_APPLICATION_CREATE, &o, &g);
	}
	if (rc == 0 && a.kind == APPLICATION_KIND_EXTENSION && !loan_open(loan.state))
		rc = api_refuse_state(c, "貸出", loan_state_label(loan.state),
				      "延長");
	if (rc == 0)
		rc = read_application(c, in, &a);
	if (rc == 0)
		rc = check_device_wanted(c, &a);
	json_decref(in);
	if (rc < 0)
		return;
	act = ctx_actor(c, &g);
	rc = store_application_create(c->app->store, &act, &a);
	if (rc == 0)
		rc = store_application_get(c->app->store, a.id, &c->pool, &a);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 201, api_application_json(&a));
}
