/*
 * auth.h - logging in and out, shared by the web form (POST /login) and
 * the API (POST /api/v1/session).
 */
#ifndef MM_APP_AUTH_H
#define MM_APP_AUTH_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"

#define SESSION_COOKIE "mamori_session"

/*
 * auth_login - checks login and password (Argon2id; an unknown login
 * costs the same time) unless the throttle refuses the client's address
 * (core/throttle.h: per address, per account and address, and a
 * slow-down per account), records success, failure ("login.failed") or
 * refusal ("login.throttled", with Retry-After set on c->res) in the
 * audit trail, creates a session and sets its cookie on c->res.  On success c->who, c->session_token and
 * c->csrf are set for the rest of the request.  Returns 0, MM_EAUTH
 * (wrong login or password, or deactivated user), MM_ETHROTTLED, or a
 * store error.  *why gets a Japanese message for the user on failure.
 */
int auth_login(struct ctx *c, const char *login, const char *password,
	       const char **why);

/*
 * auth_logout - ends the request's session (if any), audits it and
 * clears the cookie.  Returns 0 or a store error.
 */
int auth_logout(struct ctx *c);

#endif
