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

void web_applications_list(struct ctx *c);  /* GET /applications */
void web_application_new(struct ctx *c);    /* GET /applications/new */
void web_application_create(struct ctx *c); /* POST /applications */
void web_application_show(struct ctx *c);   /* GET /applications/{id} */
void web_application_approve(struct ctx *c); /* POST /applications/{id}/approve */
void web_application_refuse(struct ctx *c); /* POST /applications/{id}/refuse */
void web_application_withdraw(struct ctx *c); /* POST /applications/{id}/withdraw */
void web_extension_new(struct ctx *c);      /* GET /loans/{id}/extend */
void web_extension_create(struct ctx *c);   /* POST /loans/{id}/extend */

#endif
