/*
 * app.h - the running application: what every web and API handler gets.
 *
 * struct app lives as long as the server; struct ctx lives for one
 * request.  The request's principal is loaded from the store on every
 * request (store_principal_load), so a revoked role or a deactivated user
 * takes effect at once, also for sessions already open.
 */
#ifndef MM_APP_H
#define MM_APP_H

#include "../core/types.h"
#include "../core/authz.h"
#include "../core/identity.h"
#include "../lib/config.h"
#include "../http/request.h"
#include "../store/store.h"

struct app {
	struct store *store;
	struct config cfg;
};

struct ctx {
	struct app *app;
	struct http_request *req;
	struct http_response *res;
	/* NULL when the request carries no valid session or token. */
	const struct principal *who;
	struct principal principal_storage;
	char session_token[MM_TOKEN_HEX]; /* "" for token or anonymous */
	char csrf[MM_TOKEN_HEX];          /* "" without a session */
	int via_token;                    /* authenticated by bearer token */
	int is_api;                       /* path under /api/ */
};

/*
 * app_dispatch - the http_dispatch_fn of Mamori: security headers,
 * session, CSRF check of state-changing requests, routing, errors.
 */
void app_dispatch(void *app, struct http_request *req,
		  struct http_response *res);

/*
 * ctx_actor - the audit actor of the request: the principal, with the
 * role and unit of grant (may be NULL), and the client address.
 */
struct actor ctx_actor(const struct ctx *c, const struct authz_grant *grant);

/*
 * ctx_authorize - authz_check() for the request's principal; a refusal is
 * written to the audit trail (action "access.denied") and answered: 401
 * when nobody is logged in, 403 otherwise, as HTML or JSON by c->is_api.
 * Returns 0 when allowed (grant filled, may be NULL), else the error
 * after the response is already set: the handler just returns.
 */
int ctx_authorize(struct ctx *c, enum action a, const struct authz_object *o,
		  struct authz_grant *grant);

/*
 * ctx_can - authz_check() without audit or response: for filtering lists
 * and showing or hiding links.  1 when allowed.
 */
int ctx_can(const struct ctx *c, enum action a, const struct authz_object *o);

/*
 * ctx_fail - answers an error: status from rc (MM_ENOTFOUND 404,
 * MM_EINVAL 400/422, MM_ESTALE 409, MM_EDENIED 403, ...), with message
 * (Japanese for HTML, plus English code for JSON).  field may be NULL.
 */
void ctx_fail(struct ctx *c, int rc, const char *message, const char *field);

/* A handler of one route. */
typedef void (*route_fn)(struct ctx *c);

#endif
