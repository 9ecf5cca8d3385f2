/*
 * login.h - GET/POST /login (public) and POST /logout.
 */
#ifndef MM_WEB_LOGIN_H
#define MM_WEB_LOGIN_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* GET /login: the login form (a logged-in user is sent home). */
void web_login_form(struct ctx *c);
/* POST /login: auth_login(); 303 to / or the form again with 401/429. */
void web_login_submit(struct ctx *c);
/*
 * GET /password: the form to change one's own password (current, new,
 * again); the only page open to a user who must change a password the
 * administrator set.
 */
void web_password_form(struct ctx *c);
/*
 * POST /password: auth_change_password(), the API's rules and messages;
 * the form again with the faults (422), or with a notice when changed.
 */
void web_password_submit(struct ctx *c);
/* POST /logout: auth_logout(), then 303 to /login. */
void web_logout(struct ctx *c);

#endif
