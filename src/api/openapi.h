/*
 * openapi.h - the public, unauthenticated endpoints: the API's own
 * description and the health check.
 */
#ifndef MM_API_OPENAPI_H
#define MM_API_OPENAPI_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* api_openapi_get - GET /api/v1/openapi.json: docs/openapi.json, embedded. */
void api_openapi_get(struct ctx *c);

/* api_healthz - GET /healthz: 200 {"status":"ok"}. */
void api_healthz(struct ctx *c);

#endif
