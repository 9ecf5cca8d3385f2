/*
 * designations.h - /api/v1/designations and /api/v1/designation-register:
 * the unit's manager designates operations officers (R-ROLE-4) and
 * communication officers (R-ROLE-5); every designation, re-designation
 * and revocation is an entry of form 1, which the general manager reads
 * for every unit.
 */
#ifndef MM_API_DESIGNATIONS_H
#define MM_API_DESIGNATIONS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "steps.h"

/*
 * api_designations_create - POST {user_id, role, rank, exception_reason?,
 * knowledge?, aptitude?}: 201.  The manager of the user's unit; the
 * designation assigns the role at once.
 */
void api_designations_create(struct ctx *c);
/*
 * Designations for api_step() (app/steps.c): revoke - POST {version,
 * reason?}: the role ends at once; redesignate - POST {version,
 * exception_reason?, knowledge?, aptitude?} on a revoked designation,
 * on the rank recorded for the user now.
 */
/* api_designation_register - GET [?unit_id=]: form 1 entries, in order. */
void api_designation_register(struct ctx *c);

#endif
