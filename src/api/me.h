/*
 * me.h - GET /api/v1/me: who is calling.
 */
#ifndef MM_API_ME_H
#define MM_API_ME_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <jansson.h>

#include "../app/app.h"

/* api_me_get - the caller's user record with "roles". */
void api_me_get(struct ctx *c);

/*
 * api_me_password - POST /api/v1/me/password {current_password,
 * new_password}: the caller's own change (auth_change_password), 204.
 * Open to a user who must change a password the administrator set.
 */
void api_me_password(struct ctx *c);

/*
 * api_account_json - user_id's record (api_user_json) plus "roles": every
 * current assignment as {id, role, unit_id, since}.  Sets *out (new
 * reference) and returns 0, or a store error / MM_ENOMEM.
 */
int api_account_json(struct ctx *c, int64_t user_id, json_t **out);

#endif
