/*
 * disposal.h - /api/v1/disposal and /api/v1/holds: documents due for
 * disposal, their disposal, the disposal register and the holds that
 * stop disposal (issue 11, R-RET-1..3).  The general manager's.
 */
#ifndef MM_API_DISPOSAL_H
#define MM_API_DISPOSAL_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_disposal_due - GET: {"date", "due":[...], "held":[...]}: the
 * documents past retention today, those under a hold apart.
 */
void api_disposal_due(struct ctx *c);
/*
 * api_disposal_create - POST {"documents":[{"type","id"}...]}: disposes
 * of them all or none (200 {"disposed":[register entries]}); 409 when
 * one is held, disposed or not due (R-RET-2), 422 for a type or id that
 * names no document.  Needs a fresh second factor.
 */
void api_disposal_create(struct ctx *c);
/* api_disposal_register - GET: {"entries":[...]}, newest first. */
void api_disposal_register(struct ctx *c);
/* api_holds_list - GET ?all=true: {"holds":[...]}, in force unless all. */
void api_holds_list(struct ctx *c);
/*
 * api_holds_create - POST {"type","id","kind","reason"}: 201 the hold;
 * 422 for no such document or a bad kind or reason, 409 when held.
 */
void api_holds_create(struct ctx *c);
/* api_holds_lift - POST /api/v1/holds/{id}/lift: 200 the hold; 409 lifted. */
void api_holds_lift(struct ctx *c);

#endif
