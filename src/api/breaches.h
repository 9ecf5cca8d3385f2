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

/*
 * api_breach_json - a report as GET /breaches/{id} answers it (api_get,
 * through api/kinds.c), with its "timeline".  Listed, created (api_create)
 * and stepped (forward, forward-incident, acknowledge: POST {version};
 * app/steps.c) by the generic handlers.
 */
json_t *api_breach_json(const struct breach *b);

#endif
