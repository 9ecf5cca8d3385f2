/*
 * users.h - /api/v1/users: the staff.  Deactivated users are kept, never
 * deleted.  No answer ever carries a password or its hash.
 */
#ifndef MM_API_USERS_H
#define MM_API_USERS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_users_create - POST {login, name, unit_id, password, and optional
 * name_kana, rank, sex, is_admin}: 201 with the user.
 */
void api_users_create(struct ctx *c);
/* api_users_get - GET /users/{id}. */
void api_users_get(struct ctx *c);
/*
 * api_users_update - PATCH /users/{id} {version, any of name, name_kana,
 * rank, sex, unit_id, is_admin}: 200 with the user, 409 when stale.
 */
void api_users_update(struct ctx *c);
/* api_users_deactivate, api_users_activate - POST {version}: 200 user. */
void api_users_deactivate(struct ctx *c);
void api_users_activate(struct ctx *c);
/* api_users_password - POST /users/{id}/password {password}: 204. */
void api_users_password(struct ctx *c);

/*
 * api_users_mfa_reset - DELETE /api/v1/users/{id}/mfa: the administrator
 * removes the user's second factor (store_mfa_reset: its sessions and
 * tokens end too); 204, 404 when none.  Needs a fresh factor of the
 * administrator (step-up of ACT_USER_SET_PASSWORD).
 */
void api_users_mfa_reset(struct ctx *c);

#endif
