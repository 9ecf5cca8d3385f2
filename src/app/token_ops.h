/*
 * token_ops.h - what the web and the API do alike with API tokens.
 */
#ifndef MM_APP_TOKEN_OPS_H
#define MM_APP_TOKEN_OPS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include <stdint.h>

#include "app.h"
#include "../store/store.h"

/*
 * token_revoke - revokes the API token id for the caller: reads it (its
 * user and unit make the authz object), asks ctx_authorize() for
 * ACT_TOKEN_REVOKE (a user their own, the administrator anyone's) and
 * revokes it, audited by the store.  *t is the token as it was read.
 * Returns 0, or the error after it was answered (ctx_fail: 404 for an
 * unknown id; 403 by ctx_authorize).
 */
int token_revoke(struct ctx *c, int64_t id, struct token_info *t);

#endif
