/*
 * disposal.h - the general manager's disposal screens (issue 11,
 * R-RET-1..3): the documents due today with checkboxes and the confirm
 * (a fresh second factor, mfa step-up), the holds with their lift
 * buttons and the form that places one, and the disposal register.
 * No JavaScript; the same messages as the API (app/disposal.h).
 */
#ifndef MM_WEB_DISPOSAL_H
#define MM_WEB_DISPOSAL_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* GET /disposal: due and held documents, holds, the hold form. */
void web_disposal_page(struct ctx *c);
/*
 * POST /disposal {doc=TYPE:ID ...}: disposes of the checked documents
 * (ACT_DISPOSAL_DISPOSE), then 303 to the register; 422 with the page
 * again when none is checked or one is malformed, 409 refused (R-RET-2).
 */
void web_disposal_create(struct ctx *c);
/* GET /disposal/register: the register, newest first. */
void web_disposal_register(struct ctx *c);
/* POST /holds {type, id, kind, reason}: a hold, then 303 to /disposal. */
void web_holds_create(struct ctx *c);
/* POST /holds/{id}/lift: lifts it, then 303 to /disposal. */
void web_holds_lift(struct ctx *c);

#endif
