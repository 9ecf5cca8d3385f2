/*
 * tokens.h - a user's API tokens on the web (issue 13): the list with a
 * revoke button each (the user, or the administrator), and for one's own
 * the form that mints a new one, shown once.
 */
#ifndef MM_WEB_TOKENS_H
#define MM_WEB_TOKENS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* GET /users/{id}/tokens: the unrevoked tokens, ACT_TOKEN_VIEW. */
void web_tokens_list(struct ctx *c);
/*
 * POST /users/{id}/tokens {label, expires_in_days}: a new token of one's
 * own (ACT_TOKEN_CREATE), the API's rules and messages; the list again
 * with the token shown this once (201), or with the faults (422).
 */
void web_tokens_create(struct ctx *c);
/* POST /tokens/{id}/revoke: ACT_TOKEN_REVOKE, then 303 to the list. */
void web_tokens_revoke(struct ctx *c);

#endif
