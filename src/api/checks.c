#include "checks.h"

#include <string.h>

#include "core/loan.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "api.h"
#include "record_json.h"
#include "core/records.h"
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

/*
 * R-DEV-5: the check through its descriptor and rule (dated between the
 * loan's start and today), as the web form reads it.
 */
static int read_check(struct ctx *c, const struct loan *loan,
		      struct location_check_entry *e)
{
	json_t *in;
	int rc;

	if (api_body(c, create_fields, &in) < 0)
		return MM_EINVAL;
	e->loan_start = loan->start;
	rc = api_record_read(c, in, &location_check_record, e, RECORD_CREATE);
	json_decref(in);
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
