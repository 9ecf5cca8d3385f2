/*
 * takeouts.h - take-outs of a device from the building (detail form 1,
 * R-DEV-6, R-DEV-7): the communication officer's request, the
 * assistant's permission or refusal, and the officer's report on
 * return; take-outs past their expected return are flagged.  Routes in
 * routes.c.
 */
#ifndef MM_WEB_TAKEOUTS_H
#define MM_WEB_TAKEOUTS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "layout.h"
#include "steps.h"

void web_takeouts_list(struct ctx *c);  /* GET /takeouts */
void web_takeout_new(struct ctx *c);    /* GET /loans/{id}/takeouts/new */
void web_takeout_create(struct ctx *c); /* POST /loans/{id}/takeouts */

/*
 * Take-outs for web_step(): POST /takeouts/{id}/permit, /refuse, /report
 * (app/steps.c); a decision or report refused for what was entered shows
 * the take-out again with the messages beside its fields.
 */
extern const struct web_step_kind web_takeout_steps;

/*
 * takeouts_table - the newest page of loan_id's take-outs the principal
 * may see (one query), flagging those not back (takeout_overdue under
 * policy_current()), with a link to the whole list when there are more.
 */
void takeouts_table(struct page *p, int64_t loan_id);

#endif
