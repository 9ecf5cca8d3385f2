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
/* POST /logout: auth_logout(), then 303 to /login. */
void web_logout(struct ctx *c);

#endif
