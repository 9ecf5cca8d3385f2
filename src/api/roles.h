/*
 * roles.h - /api/v1/roles: who holds which of the directive's roles
 * (R-ROLE-1..5) in which unit.
 */
#ifndef MM_API_ROLES_H
#define MM_API_ROLES_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_roles_list - GET [?user_id=&unit_id=]: {"roles":[...]}, only the
 * assignments whose holder the caller may view.
 */
void api_roles_list(struct ctx *c);
/*
 * api_roles_create - POST {user_id, role, unit_id}: 201 with the
 * assignment; 422 rule_violation when the role may not be held in that
 * unit (R-ROLE-1), 409 exists when already held.
 */
void api_roles_create(struct ctx *c);
/*
 * api_roles_delete - DELETE /roles/{id}: 204; 422 rule_violation for the
 * general manager's (R-ROLE-1: assign a successor instead).
 */
void api_roles_delete(struct ctx *c);

#endif
