/*
 * breaches.h - /api/v1/breaches: reports of breaches of the compliance
 * rules (R-CMP-1..6).  The unit's assistant reports; the manager forwards
 * to the general manager, or as a reportable information-security
 * incident also to the head of the IT management division; each
 * recipient acknowledges.  A report carries its timeline.
 */
#ifndef MM_API_BREACHES_H
#define MM_API_BREACHES_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"
#include "../core/breach.h"

/* api_breaches_create - POST {unit_id?, rule, what, who, occurred_at}: 201. */
void api_breaches_create(struct ctx *c);
/* api_breaches_get - GET /breaches/{id}, with "timeline". */
void api_breaches_get(struct ctx *c);
/* api_breach_json - a report as api_breaches_get answers it, with "timeline". */
json_t *api_breach_json(const struct breach *b);
/*
 * Breach reports for api_step(): their steps (forward, forward-incident,
 * acknowledge: POST {version}) are data, app/steps.c.
 */

#endif
