/*
 * users.h - the staff (職員) screens: list, create, edit.  The user's
 * own page and the actions on it are in user_page.h.
 */
#ifndef MM_WEB_USERS_H
#define MM_WEB_USERS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

void web_users_list(struct ctx *c);  /* GET /users[?unit=], ACT_USER_VIEW per row */
void web_user_new(struct ctx *c);    /* GET /users/new, ACT_USER_CREATE */
void web_user_create(struct ctx *c); /* POST /users, ACT_USER_CREATE on the unit */
void web_user_edit(struct ctx *c);   /* GET /users/{id}/edit, ACT_USER_UPDATE */
void web_user_update(struct ctx *c); /* POST /users/{id}, ACT_USER_UPDATE */

#endif
