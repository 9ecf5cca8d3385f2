/*
 * tokens.h - /api/v1/tokens: API tokens for scripts, with a lifetime, a
 * label and a last use; listed and revoked by their user and by the
 * administrator (issue 13).
 */
#ifndef MM_API_TOKENS_H
#define MM_API_TOKENS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_tokens_create - POST {"label", "expires_in_days"?}: a new token of
 * the caller, from a logged-in session only (auth_token_mint_allowed),
 * 201 with {"id", "label", "token", "expires_at"}.  The token is shown
 * this once; the store keeps only its SHA-256.
 */
void api_tokens_create(struct ctx *c);

/*
 * api_tokens_list - GET ?user_id=: the unrevoked tokens of user_id (the
 * caller when absent), ACT_TOKEN_VIEW (the owner or the administrator).
 */
void api_tokens_list(struct ctx *c);

/* api_tokens_revoke - DELETE /api/v1/tokens/{id}: ACT_TOKEN_REVOKE, 204. */
void api_tokens_revoke(struct ctx *c);

#endif
