/*
 * screenshots.h - the screenshot log (R-EXC-3): the list (all, still on
 * a device, kept past policy.screenshot_max_days), the form logging one
 * taken on a device on loan to the unit (refused unless a screenshot
 * exception is in force that day), a screenshot with its move to the
 * investigation laptop or deletion, and the home page's overdue items.
 */
#ifndef MM_WEB_SCREENSHOTS_H
#define MM_WEB_SCREENSHOTS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>

#include "../app/app.h"
#include "layout.h"
#include "steps.h"

void web_screenshots_list(struct ctx *c);   /* GET /screenshots[?filter=] */
void web_screenshot_new(struct ctx *c);     /* GET /screenshots/new */
void web_screenshot_create(struct ctx *c);  /* POST /screenshots */

/*
 * Screenshots for web_step(): POST /screenshots/{id}/move, /delete
 * (app/steps.c); a note refused shows the screenshot again with the
 * message beside it.
 */
extern const struct web_step_kind web_screenshot_steps;

/*
 * screenshots_waiting - the home page's items (R-EXC-3): screenshots
 * still on a device after policy.screenshot_max_days, for the unit's
 * assistant and the general manager, each shown only when authz lets
 * the user see it.  Returns how many it wrote (own list).
 */
size_t screenshots_waiting(struct page *p);

#endif
