/*
 * api.h - what app/ needs from the JSON API.
 */
#ifndef MM_API_H
#define MM_API_H

#include "../app/app.h"

/*
 * api_error - answers {"error":{"code":code,"message":message,"field":field}}
 * with status.  field may be NULL (omitted).
 */
void api_error(struct ctx *c, int status, const char *code,
	       const char *message, const char *field);

#endif
