/*
 * screenshots.h - /api/v1/screenshots: the screenshot log of R-EXC-3.
 * Each screenshot taken on a unit's device is logged (refused unless a
 * screenshot exception is in force that day) and ends moved to the
 * investigation laptop or deleted.
 */
#ifndef MM_API_SCREENSHOTS_H
#define MM_API_SCREENSHOTS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"
#include "../core/exception.h"

/* api_screenshots_list - GET [?unit_id=&on_device=true&overdue=true]. */
void api_screenshots_list(struct ctx *c);
/*
 * api_screenshots_create - POST {loan_id, case_ref, taken_at, reason}:
 * 201; 422 rule_violation without a screenshot exception that day.
 */
void api_screenshots_create(struct ctx *c);
/*
 * Screenshots for api_step() (app/steps.c): move, delete - POST
 * {version, note?}.
 */

#endif
