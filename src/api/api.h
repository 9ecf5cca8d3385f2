/*
 * api.h - what app/ needs from the JSON API, and the error answers every
 * API handler shares.
 */
#ifndef MM_API_H
#define MM_API_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_error - answers {"error":{"code":code,"message":message,"field":field}}
 * with status.  field may be NULL (omitted).  Replaces any body already
 * written, so a half-built answer is never sent.
 */
void api_error(struct ctx *c, int status, const char *code,
	       const char *message, const char *field);

/*
 * api_fail - answers the error rc of a store or core call: MM_ENOTFOUND
 * 404 not_found, MM_EEXIST 409 exists, MM_ESTALE 409 conflict, MM_ERULE
 * 422 rule_violation, MM_EDENIED 403, MM_EINVAL 422 (with field) or 400,
 * MM_EBUSY and MM_EUNAVAIL 503 (with Retry-After), MM_ESTATE 409, MM_ETHROTTLED 429 (the
 * caller sets Retry-After), anything else 500: ctx_fail().  message (may
 * be NULL: the generic Japanese one of ctx_fail()) is shown to the
 * client; the code (mm_errname()) stays English.  field may be NULL.
 */
void api_fail(struct ctx *c, int rc, const char *message, const char *field);

#endif
