/*
 * route.h - the route tables.  web/ and api/ each export a table; app/
 * matches a request against them in order.  A pattern is a path whose
 * segments may be "{id}": a positive decimal int64, stored in
 * req->params[] in order (anything else in that segment: no match).
 * A pattern ending in a slash and an asterisk ("/static/" + "*") matches
 * any non-empty rest of the path; the handler reads it from req->path.
 */
#ifndef MM_APP_ROUTE_H
#define MM_APP_ROUTE_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"
#include "steps.h"

enum route_flags {
	ROUTE_PUBLIC = 1,   /* reachable without a session (login, healthz) */
	ROUTE_NO_CSRF = 2,  /* state-changing but exempt (the login itself) */
	/*
	 * open to a user who must change a password the administrator set
	 * (changing it, seeing oneself, logging out); every other route
	 * refuses them until it is changed (issue 13)
	 */
	ROUTE_PASSWORD_OPEN = 4,
	/*
	 * open to a session still waiting for its second factor, and to an
	 * account that must enrol one first (giving the code, enrolling,
	 * logging out; app/mfa.h)
	 */
	ROUTE_MFA_OPEN = 8,
};

struct route {
	const char *method;   /* "GET", "POST", "PATCH", "DELETE" */
	const char *pattern;  /* "/units/{id}/edit" */
	route_fn fn;
	int flags;
	/* what a generic handler serves (an api_list_route ...), else NULL */
	const void *arg;
};

/* Tables end with a NULL method.  Defined in web/routes.c, api/routes.c. */
extern const struct route web_routes[];
extern const struct route api_routes[];

/*
 * A front end's routes to workflow steps (app/steps.h): POST only, each
 * pattern naming its step, taken by the front end's one generic step
 * handler.  Routes ends with a NULL pattern.  Defined beside the tables
 * above.
 */
struct step_table {
	const struct step_route *routes;
	route_fn handler;
};
extern const struct step_table web_steps;
extern const struct step_table api_steps;

/*
 * route_match - whether path matches pattern; fills params (at most
 * HTTP_MAX_PATH_PARAMS) and *n.  Returns 1 or 0.
 */
int route_match(const char *pattern, const char *path, int64_t *params,
		size_t *n);

#endif
