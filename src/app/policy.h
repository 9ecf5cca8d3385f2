/*
 * policy.h (app/) - the version of the directive's rules in force for
 * one request (R-META-1): read from the store once per request and kept
 * in the request's pool, so every rule and page of the request uses the
 * same numbers, and a version loaded by `mamori policy load` while the
 * server runs counts from the next request on.
 */
#ifndef MM_APP_POLICY_H
#define MM_APP_POLICY_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"
#include "../core/policy.h"
#include "../store/store_policy.h"

/*
 * app_policy - the version in force today; never NULL: when the store
 * cannot be read (or memory runs out) the compiled-in first version,
 * so a page still shows the rules (the error is in the journal).
 * *meta (may be NULL) gets its stored row.
 */
const struct policy *app_policy(struct ctx *c,
				const struct policy_version **meta);

#endif
