/*
 * reminders.h - /api/v1/reminders: what needs the caller's attention in
 * device lending (the home-page reminders of R-DEV-5, R-DEV-7, R-DEV-8):
 * loans due within the policy's days or overdue, location checks due or
 * overdue, take-outs not back, and applications and take-outs waiting
 * for the caller's decision.  Every item is one the caller may view.
 */
#ifndef MM_API_REMINDERS_H
#define MM_API_REMINDERS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_reminders_list - GET: {"reminders":[{kind, id, link, state,
 * label, unit_id, ...}]}.  kinds: loan_due, location_check,
 * takeout_out, takeout_decision, application_decision.  link is the web
 * path of the object (/loans/{id}, /takeouts/{id}, /applications/{id}).
 */
void api_reminders_list(struct ctx *c);

#endif
