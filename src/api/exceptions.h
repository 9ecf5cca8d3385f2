/*
 * exceptions.h - /api/v1/exceptions: security exceptions, detail form 12
 * (R-EXC-1..3).  The general manager applies (and may withdraw before a
 * decision); the information-security manager approves with scope and
 * period, refuses or revokes with a reason.
 */
#ifndef MM_API_EXCEPTIONS_H
#define MM_API_EXCEPTIONS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

/* api_exceptions_create - POST {kind, scope, purpose}: 201. */
void api_exceptions_create(struct ctx *c);
/* api_exceptions_get - GET /exceptions/{id}. */
void api_exceptions_get(struct ctx *c);
/*
 * Exceptions for api_step() (app/steps.c): approve - POST {version,
 * scope, valid_from, valid_until}; refuse, revoke - POST {version,
 * reason}; withdraw - POST {version, reason?}: the general manager.
 */

#endif
