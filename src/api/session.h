/*
 * session.h - POST and DELETE /api/v1/session: logging in and out.
 */
#ifndef MM_API_SESSION_H
#define MM_API_SESSION_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_session_create - {"login","password"}: on success 200 with
 * {"user", "csrf_token"} and the session cookie; 401 for a wrong login
 * or password, 429 when throttled.  Public and exempt from CSRF.
 */
void api_session_create(struct ctx *c);

/* api_session_delete - ends the caller's session; 204. */
void api_session_delete(struct ctx *c);

#endif
