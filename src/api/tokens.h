/*
 * tokens.h - POST /api/v1/tokens: API tokens for scripts.
 */
#ifndef MM_API_TOKENS_H
#define MM_API_TOKENS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_tokens_create - {"label"}: a new token of the caller, 201 with
 * {"id", "label", "token"}.  The token is shown this once; the store keeps
 * only its SHA-256.
 */
void api_tokens_create(struct ctx *c);

#endif
