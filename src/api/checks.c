#include "checks.h"

#include <string.h>

#include "core/civil.h"
#include "core/loan.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "steps.h"
#include "lib/banned.h"

static const char *const create_fields[] = {"checked_on", "in_cabinet",
	"remarks", NULL};

/* R-DEV-5: a page of a loan's checks (detail form 6), newest first. */
void api_checks_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_CHECK_VIEW);
	struct check_list l = {0};
	struct page_req req;
	struct loan loan;
	json_t *arr;
	int rc;

	if (api_load_loan(c, c->req->params[0], ACT_CHECK_VIEW, &loan,
			  NULL) < 0 || api_page_req(c, &req) < 0)
		return;
	rc = store_check_list(c->app->store, &view, loan.id, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "checks");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++) {
		struct authz_object o = { .unit_id = l.items[i].unit_id };
		if (ctx_list_row_ok(c, ACT_CHECK_VIEW, &o) &&
		    api_list_add(arr, api_check_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", "checks", arr, "next",
					 l.at.next ? json_integer(l.at.next)
						   : json_null()) : NULL);
	check_list_release(&l);
}

static int read_check(struct ctx *c, const struct loan *loan,
		      struct location_check_entry *e)
{
	struct civil_date today;
	json_t *in;
	int rc;

	if (api_body(c, create_fields, &in) < 0)
		return MM_EINVAL;
	rc = api_date(c, in, "checked_on", 1, &e->checked_on, NULL);
	if (rc == 0)
		rc = api_bool(c, in, "in_cabinet", 1, &e->in_cabinet);
	if (rc == 0)
		rc = api_text(c, in, "remarks", 0, 500, e->remarks,
			      sizeof(e->remarks));
	json_decref(in);
	if (rc == 0)
		rc = api_today(c, &today);
	if (rc == 0 && civil_compare(&e->checked_on, &today) > 0)
		rc = api_invalid(c, "checked_on",
				 "点検日に未来の日付は指定できません");
	if (rc == 0 && civil_compare(&e->checked_on, &loan->start) < 0)
		rc = api_invalid(c, "checked_on", "貸出日より前の日付です");
	return rc;
}

void api_checks_create(struct ctx *c)
{
	struct location_check_entry e;
	struct authz_grant g;
	struct loan loan;
	struct actor act;
	int rc;

	memset(&e, 0, sizeof(e));
	/* R-DEV-5: the borrowing unit's assistant records the check. */
	if (api_load_loan(c, c->req->params[0], ACT_CHECK_RECORD, &loan,
			  &g) < 0 ||
	    read_check(c, &loan, &e) < 0)
		return;
	/* Only a device in the unit's custody is checked. */
	if (loan.state != LOAN_RECEIVED) {
		api_refuse_state(c, "貸出", loan_state_label(loan.state),
				 "所在確認");
		return;
	}
	e.loan_id = loan.id;
	e.unit_id = loan.unit_id;
	act = ctx_actor(c, &g);
	rc = store_check_add(c->app->store, &act, &e);
	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 201, api_check_json(&e));
}
