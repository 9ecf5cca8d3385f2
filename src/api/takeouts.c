#include "takeouts.h"

#include <stdio.h>
#include <string.h>

#include "core/device.h"
#include "core/takeout.h"
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


static const char *const create_fields[] = {"loan_id", "out_at",
	"expected_back", "destination", "reason", NULL};

/* R-DEV-6: the one decision whether the unit may use the device. */
static int check_usable(struct ctx *c, const struct loan *loan)
{
	struct device_use_facts f;
	const char *why = NULL;
	int rc = store_device_use_facts(c->app->store, loan->id, &f);

	if (rc == 0)
		rc = device_usable(&f, &why);
	if (rc < 0)
		ctx_fail(c, rc, why, rc == MM_ERULE ? "loan_id" : NULL);
	return rc;
}

/* The loan named in the body; 0 or the error after answering. */
static int read_loan(struct ctx *c, json_t *in, struct loan *loan)
{
	int64_t id = 0;
	int rc;

	if (api_int64(c, in, "loan_id", 1, &id) < 0)
		return MM_EINVAL;
	rc = store_loan_get(c->app->store, id, &c->pool, loan);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "loan_id", "貸出が見つかりません");
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

void api_takeouts_create(struct ctx *c)
{
	struct authz_object o;
	struct authz_grant g;
	struct takeout t;
	struct loan loan;
	struct actor act;
	json_t *in;
	int rc;

	memset(&t, 0, sizeof(t));
	if (!c->who) {
		ctx_authorize(c, ACT_TAKEOUT_REQUEST, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	rc = read_loan(c, in, &loan);
	if (rc == 0) {
		/* R-DEV-7: a communication officer of the borrowing unit. */
		o = loan_authz_object(&loan);
		rc = ctx_authorize(c, ACT_TAKEOUT_REQUEST, &o, &g);
	}
	/* R-DEV-7: the request read and checked as the web form reads it */
	if (rc == 0)
		rc = api_record_read(c, in, &takeout_record, &t, RECORD_CREATE);
	json_decref(in);
	if (rc < 0 || check_usable(c, &loan) < 0)
		return;
	t.loan_id = loan.id;
	t.unit_id = loan.unit_id;
	t.officer_id = c->who->user_id;
	act = ctx_actor(c, &g);
	rc = store_takeout_request(c->app->store, &act, &t);
	if (rc == 0)
		rc = store_takeout_get(c->app->store, t.id, &c->pool, &t);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, rc == MM_ERULE ? "loan_id" : NULL);
		return;
	}
	api_send(c, 201, api_takeout_json(&t));
}
