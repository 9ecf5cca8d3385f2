/*
 * meetings.h - the screens of the meetings of protective contact cases
 * (R-CASE-3..11): the list, the officer's pre-meeting report, a meeting
 * with the form of each step its viewer may take (forward, instruct or
 * send back, outcome, results report, assessment, measures, close), and
 * the home page's waiting items.
 */
#ifndef MM_WEB_MEETINGS_H
#define MM_WEB_MEETINGS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>

#include "../app/app.h"
#include "layout.h"
#include "steps.h"
#include "lists.h"

/* GET /meetings, by web_list() */
extern const struct web_list_route web_meetings_list;
/* GET /meetings/new and POST /meetings, by web_new() and web_create() */
extern const struct web_new_route web_meeting_new;

/* GET /supports, /supports/new, POST /supports: support requests */
extern const struct web_list_route web_supports_list;
extern const struct web_new_route web_support_new;
/* Support requests for web_step() (R-CASE-10) and web_step_kind_show()
 * (GET /supports/{id}: a request, its answers and its viewer's steps). */
extern const struct web_step_kind web_support_steps;

/* Meetings for web_step() (their steps are data, app/steps.c) and
 * web_step_kind_show() (GET /meetings/{id}: the forms of its viewer's steps). */
extern const struct web_step_kind web_meeting_steps;


#endif
