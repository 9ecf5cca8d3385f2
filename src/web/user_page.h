/*
 * user_page.h - one user's page (details, roles, password, status) and
 * the POST actions made from it.  A refused action re-renders the page
 * with its message (422, or 409 for a stale version).
 */
#ifndef MM_WEB_USER_PAGE_H
#define MM_WEB_USER_PAGE_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

void web_user_show(struct ctx *c);       /* GET /users/{id}, ACT_USER_VIEW */
void web_user_deactivate(struct ctx *c); /* POST /users/{id}/deactivate */
void web_user_activate(struct ctx *c);   /* POST /users/{id}/activate */
void web_user_password(struct ctx *c);   /* POST /users/{id}/password */
/* POST /users/{id}/mfa/reset: the administrator removes a lost factor */
void web_user_mfa_reset(struct ctx *c);
void web_user_role_assign(struct ctx *c);/* POST /users/{id}/roles */
void web_role_revoke(struct ctx *c);     /* POST /roles/{id}/revoke */

/*
 * web_user_load - reads user {id} of the path and authorizes act on it
 * (object: the user's unit and the user).  An unknown id is authorized
 * as an object of no unit first, so that a refused caller cannot probe
 * which ids exist.  Returns 0, or an error already answered.
 */
int web_user_load(struct ctx *c, enum action act, struct user *u,
		  struct authz_grant *g);

#endif
