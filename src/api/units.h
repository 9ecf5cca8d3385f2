/*
 * units.h - /api/v1/units: the HQ juvenile division and the stations.
 */
#ifndef MM_API_UNITS_H
#define MM_API_UNITS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* api_units_list - GET: {"units":[...]}, only those the caller may view. */
void api_units_list(struct ctx *c);
/* api_units_create - POST {code,name,kind}: 201 with the unit. */
void api_units_create(struct ctx *c);
/* api_units_get - GET /units/{id}. */
void api_units_get(struct ctx *c);
/*
 * api_units_update - PATCH /units/{id} {version, any of code, name, kind,
 * active}: 200 with the unit, 409 conflict when version is stale.
 */
void api_units_update(struct ctx *c);

#endif
