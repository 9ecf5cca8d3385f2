/*
 * applications.h - the borrowing application (借用申請書, form 3): a new
 * loan (R-DEV-2) or the extension of one (R-DEV-8).  The unit's manager
 * records the prior consultation and applies; the general manager
 * approves (with the reason for an exception when the period is over
 * the policy's limit) or refuses with a reason; the applicant may
 * withdraw before the decision.  Routes in routes.c.
 */
#ifndef MM_WEB_APPLICATIONS_H
#define MM_WEB_APPLICATIONS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "record_form.h"
#include "steps.h"
#include "lists.h"

/* GET /applications, by web_list() */
extern const struct web_list_route web_applications_list;
void web_application_new(struct ctx *c);    /* GET /applications/new */
void web_application_create(struct ctx *c); /* POST /applications */
void web_extension_new(struct ctx *c);      /* GET /loans/{id}/extend */
void web_extension_create(struct ctx *c);   /* POST /loans/{id}/extend */

/*
 * Applications for web_step(): POST /applications/{id}/approve, /refuse,
 * /withdraw (app/steps.c); a decision refused for what was entered shows
 * the application again with the messages beside the decision's fields.
 * The refusal's reason is posted as "refuse_reason"
 * (web_application_refuse_names), beside the approval's "reason".
 */
extern const struct web_step_kind web_application_steps;
extern const struct web_field_name web_application_refuse_names[];

#endif
