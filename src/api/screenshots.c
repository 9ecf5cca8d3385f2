#include "screenshots.h"

#include <stdio.h>
#include <string.h>

#include "app/policy.h"
#include "core/exception.h"
#include "core/policy.h"
#include "lib/err.h"
#include "lib/util.h"
#include "store/store_compliance.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"

static const char *const create_fields[] = {"loan_id", "case_ref",
	"taken_at", "reason", NULL};

struct list_query {
	int64_t unit_id;
	int on_device, overdue_only;
};

static int read_query(struct ctx *c, struct list_query *q)
{
	if (api_query_int64(c, "unit_id", 1, INT64_MAX, &q->unit_id) < 0 ||
	    api_query_bool(c, "on_device", &q->on_device) < 0 ||
	    api_query_bool(c, "overdue", &q->overdue_only) < 0)
		return MM_EINVAL;
	return 0;
}

/*
 * R-EXC-3: a page of the log the caller may see; ?overdue=true selects
 * by the policy's bound in the query (screenshot_overdue_before).
 */
void api_screenshots_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_SCREENSHOT_VIEW);
	struct screenshot_list l = {0};
	struct screenshot_filter f = {0};
	struct list_query q = {0};
	struct civil_date today;
	struct page_req req;
	json_t *arr;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    read_query(c, &q) < 0 || api_page_req(c, &req) < 0 ||
	    api_today(c, &today) < 0)
		return;
	f.unit_id = q.unit_id;
	f.on_device_only = q.on_device || q.overdue_only;
	rc = q.overdue_only ? screenshot_overdue_before(app_policy(c, NULL), &today,
							&f.taken_before) : 0;
	if (rc == 0)
		rc = store_screenshot_list(c->app->store, &view, &f, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "screenshots");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++) {
		struct authz_object o = screenshot_authz_object(&l.items[i]);
		if (!ctx_list_row_ok(c, ACT_SCREENSHOT_VIEW, &o))
			continue;
		if (api_list_add(arr, api_screenshot_json_on(&l.items[i], &today)) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", "screenshots", arr, "next",
					 l.at.next ? json_integer(l.at.next)
						   : json_null()) : NULL);
	screenshot_list_release(&l);
}


/*
 * R-EXC-3: what is logged, as the web form reads it; the day taken is
 * the Asia/Tokyo day of taken_at.
 */
static int read_shot(struct ctx *c, json_t *in, struct screenshot *s)
{
	int rc = api_record_read(c, in, &screenshot_record, s, RECORD_CREATE);

	if (rc == 0 && civil_from_unix(s->taken_at, &s->taken_on) < 0)
		rc = api_invalid(c, "taken_at", MM_SCREENSHOT_BAD_TIME_MSG);
	return rc;
}

/* The unit's loan the shot names, authorized for recording. */
static int read_loan(struct ctx *c, int64_t id, struct loan *loan,
		     struct authz_grant *g)
{
	struct authz_object o;
	int rc;

	rc = store_loan_get(c->app->store, id, &c->pool, loan);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "loan_id", MM_SCREENSHOT_NO_LOAN_MSG);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	o = loan_authz_object(loan);
	return ctx_authorize(c, ACT_SCREENSHOT_RECORD, &o, g);
}

static const char *record_failure(int rc)
{
	if (rc == MM_ERULE)
		return "この日に有効なスクリーンショットの例外措置がありません"
		       "（R-EXC-3）";
	if (rc == MM_ESTATE)
		return "受領済みの貸出端末ではありません";
	return NULL;
}

void api_screenshots_create(struct ctx *c)
{
	struct authz_grant g;
	struct screenshot s;
	struct loan loan;
	struct actor act;
	json_t *in;
	int rc;

	memset(&s, 0, sizeof(s));
	if (!c->who) {
		ctx_authorize(c, ACT_SCREENSHOT_RECORD, NULL, NULL);
		return;
	}
	if (api_body(c, create_fields, &in) < 0)
		return;
	rc = read_shot(c, in, &s);
	json_decref(in);
	if (rc == 0)
		rc = read_loan(c, s.loan_id, &loan, &g);
	if (rc < 0)
		return;
	s.loan_id = loan.id;
	act = ctx_actor(c, &g);
	rc = store_screenshot_record(c->app->store, &act, &s);
	if (rc < 0) {
		ctx_fail(c, rc, record_failure(rc),
			 rc == MM_ERULE ? "taken_at" : "loan_id");
		return;
	}
	api_send_current(c, &screenshot_kind, s.id, 201);
}
