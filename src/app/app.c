/*
 * app.c - app_dispatch(): every request passes here.  Order matters:
 * security headers first (so even errors carry them), then identity,
 * then routing, then the CSRF gate, then the handler.
 */
#include "app.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "mfa.h"
#include "metrics.h"
#include "reqlog.h"
#include "policy.h"
#include "route.h"
#include "api/api.h"
#include "web/web.h"
#include "http/form.h"
#include "http/multipart.h"
#include "lib/err.h"
#include "lib/util.h"
#include "lib/banned.h"

/* No inline script or style anywhere: the UI works without JavaScript. */
static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void security_headers(struct http_response *res)
{
	http_response_header(res, "Content-Security-Policy", csp);
	/* X-Content-Type-Options comes from http/, on every response. */
	http_response_header(res, "X-Frame-Options", "DENY");
	http_response_header(res, "Referrer-Policy", "no-referrer");
	http_response_header(res, "Cross-Origin-Opener-Policy", "same-origin");
	http_response_header(res, "Permissions-Policy",
			     "camera=(), microphone=(), geolocation=()");
}

static int has_header(const struct http_response *res, const char *name)
{
	for (size_t i = 0; i < res->n_headers; i++)
		if (!strcasecmp(res->headers[i].name, name))
			return 1;
	return 0;
}

/*
 * A lookup's answer for identify(): no such session, token or active user
 * is MM_EAUTH (the caller is anonymous); any other error is the store's
 * (the database unreachable, busy ...) and says nothing about the
 * credential, so it is passed on.
 */
static int credential_rc(int rc)
{
	return rc == MM_EAUTH || rc == MM_ENOTFOUND ? MM_EAUTH : rc;
}

/* Authorization: Bearer TOKEN (API clients; no cookie, no CSRF). */
static int identify_by_token(struct ctx *c, const char *authz)
{
	unsigned char hash[MM_HASH_BYTES];
	int rc;

	if (strncmp(authz, "Bearer ", 7) || strlen(authz + 7) != 64)
		return MM_EAUTH;
	token_hash(authz + 7, hash);
	/* the token and its principal in one query (issue 12) */
	rc = store_token_principal(c->app->store, hash, &c->principal_storage);
	if (rc < 0)
		return credential_rc(rc);
	c->via_token = 1;
	c->who = &c->principal_storage;
	return 0;
}

static int identify_by_cookie(struct ctx *c, const char *token)
{
	unsigned char hash[MM_HASH_BYTES];
	struct session_info si;
	const struct config *cfg = &c->app->cfg;
	int rc;

	if (strlen(token) != 64)
		return MM_EAUTH;
	token_hash(token, hash);
	/* the session and its principal in one query (issue 12) */
	rc = store_session_principal(c->app->store, hash, now_unix(),
				     cfg->idle_secs, cfg->absolute_secs, &si,
				     &c->principal_storage);
	if (rc < 0)
		return credential_rc(rc);
	c->who = &c->principal_storage;
	snprintf(c->session_token, sizeof(c->session_token), "%s", token);
	csrf_token(token, c->csrf);
	c->mfa_pending = si.mfa_pending;
	c->mfa_at = si.mfa_at;
	return 0;
}

/*
 * Finds who is asking.  A bad token or an expired session is not an error
 * here: the request simply proceeds anonymously and the route decides.
 * A store error is: whether the credential is good is not known, so the
 * request is answered 503 with Retry-After (MM_EBUSY, else MM_EUNAVAIL)
 * and the session cookie is kept - an unreachable database is never a
 * reason to log anyone out (issue 14).  Returns 0 or that error.
 */
static int identify(struct ctx *c)
{
	const char *authz = http_header(c->req, "Authorization");
	const char *name = auth_session_cookie(&c->app->cfg);
	const char *cookie = http_cookie(c->req, name);
	int rc = 0;

	if (authz)
		rc = identify_by_token(c, authz);
	else if (cookie)
		rc = identify_by_cookie(c, cookie);
	if (rc == 0 || (rc == MM_EAUTH && authz))
		return 0;
	if (rc == MM_EAUTH) {
		/* Tell the browser to forget a session that has ended. */
		http_response_cookie(c->res, name, "", 0,
				     c->app->cfg.tls);
		return 0;
	}
	fprintf(stderr, "mamori: %s %s: cannot identify the caller: %s\n",
		c->req->method, c->req->path, mm_strerror(rc));
	c->who = NULL;
	c->via_token = 0;
	c->session_token[0] = '\0';
	c->csrf[0] = '\0';
	ctx_fail(c, rc == MM_EBUSY ? MM_EBUSY : MM_EUNAVAIL, rc == MM_EBUSY ?
		 NULL : MM_MSG_UNAVAILABLE, NULL);
	return rc;
}

static const struct route *find_route(const struct route *table,
				      struct http_request *req,
				      int *path_matched)
{
	for (const struct route *r = table; r->method; r++) {
		size_t n = 0;
		if (!route_match(r->pattern, req->path, req->params, &n))
			continue;
		*path_matched = 1;
		if (strcmp(r->method, req->method) &&
		    !(strcmp(req->method, "HEAD") == 0 &&
		      strcmp(r->method, "GET") == 0))
			continue;
		req->n_params = n;
		return r;
	}
	return NULL;
}

/* The step route of t matching the request, or NULL (steps are POSTs). */
static const struct step_route *find_step(const struct step_table *t,
					  struct http_request *req,
					  int *path_matched)
{
	for (const struct step_route *r = t->routes; r->pattern; r++) {
		size_t n = 0;
		if (!route_match(r->pattern, req->path, req->params, &n))
			continue;
		*path_matched = 1;
		if (strcmp(req->method, "POST"))
			continue;
		req->n_params = n;
		return r;
	}
	return NULL;
}

static int is_safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

/*
 * The CSRF token of a multipart/form-data body (a file upload): its part
 * named "csrf".  Parts are read in place, with the body's own size limit.
 */
static int multipart_csrf_ok(struct ctx *c)
{
	struct multipart m;
	const struct multipart_part *p;
	char token[MM_TOKEN_HEX];

	if (multipart_parse(c->req->content_type, c->req->body,
			    c->req->body_len, c->req->body_len, &m) < 0)
		return 0;
	p = multipart_get(&m, "csrf");
	if (!p || p->is_file || p->len >= sizeof(token))
		return 0;
	memcpy(token, p->data, p->len);
	token[p->len] = '\0';
	return csrf_check(c->session_token, token);
}

/* The CSRF token of a form body (field "csrf"), or NULL. */
static int form_csrf_ok(struct ctx *c)
{
	struct form f;
	int ok = 0;

	if (strncasecmp(c->req->content_type, "multipart/form-data", 19) == 0)
		return multipart_csrf_ok(c);
	memset(&f, 0, sizeof(f));
	if (strncmp(c->req->content_type, "application/x-www-form-urlencoded",
		    33) == 0 &&
	    form_parse(c->req->body, c->req->body_len, &f) == 0)
		ok = csrf_check(c->session_token, form_get(&f, "csrf"));
	form_release(&f);
	return ok;
}

/*
 * State-changing requests on a cookie session must carry the session's
 * CSRF token (header or form field).  Bearer-token requests carry no
 * ambient credentials and need none.
 */
static int csrf_ok(struct ctx *c, int flags)
{
	const char *h;

	if (is_safe_method(c->req->method) || (flags & ROUTE_NO_CSRF) ||
	    c->via_token || !c->who)
		return 1;
	h = http_header(c->req, "X-CSRF-Token");
	if (h)
		return csrf_check(c->session_token, h);
	return form_csrf_ok(c);
}

/*
 * A user whose password the administrator set may do nothing but change
 * it (issue 13): a page leads to the change form, anything else is
 * refused (403) and audited with its rule.
 */
static int must_change_first(struct ctx *c, int flags)
{
	if (!c->who || !c->who->must_change_password ||
	    (flags & (ROUTE_PUBLIC | ROUTE_PASSWORD_OPEN)))
		return 0;
	if (!c->is_api && is_safe_method(c->req->method)) {
		http_response_redirect(c->res, "/password");
		return 1;
	}
	ctx_deny_rule(c, "must_change_password", AUTH_MUST_CHANGE_MSG);
	return 1;
}

/*
 * The second factor's gate (issue 13): a session between password and
 * code may only give the code (or log out); an account that must have a
 * factor and has none ([mfa] required) may only enrol.  A page leads
 * there, anything else is refused (403) and audited with its rule.
 */
static int mfa_first(struct ctx *c, int flags)
{
	enum mfa_gate g = mfa_gate(c);

	if (g == MFA_GATE_OPEN || (flags & (ROUTE_PUBLIC | ROUTE_MFA_OPEN)))
		return 0;
	if (!c->is_api && is_safe_method(c->req->method)) {
		http_response_redirect(c->res, g == MFA_GATE_PENDING ?
				       "/login/mfa" : "/mfa");
		return 1;
	}
	if (g == MFA_GATE_PENDING)
		ctx_deny_rule(c, "mfa_pending", MFA_PENDING_MSG);
	else
		ctx_deny_rule(c, "mfa_enrol_required", MFA_ENROL_MSG);
	return 1;
}

static void run_route(struct ctx *c, const char *pattern, int flags,
		      route_fn fn)
{
	if (!(flags & ROUTE_PUBLIC) && !c->who) {
		if (!c->is_api && is_safe_method(c->req->method)) {
			http_response_redirect(c->res, "/login");
			return;
		}
		ctx_fail(c, MM_EAUTH, NULL, NULL);
		return;
	}
	if (!csrf_ok(c, flags)) {
		ctx_fail(c, MM_EDENIED, c->is_api ?
			 "CSRFトークンがないか、正しくありません（X-CSRF-Token）。" :
			 "画面の有効期限が切れました。もう一度操作してください。",
			 NULL);
		return;
	}
	if (mfa_first(c, flags) || must_change_first(c, flags))
		return;
	c->route = pattern;
	fn(c);
	ctx_refused(c); /* after fn: its refused transaction has ended */
}

/* Adds method m to the list "GET, POST" in out (size n) unless there. */
static void add_method(char *out, size_t n, const char *m)
{
	size_t len = strlen(out), ml = strlen(m);

	for (const char *p = out; (p = strstr(p, m)) != NULL; p += ml)
		if ((p == out || p[-1] == ' ') && (p[ml] == ',' || !p[ml]))
			return;
	if (len + ml + 3 <= n)
		snprintf(out + len, n - len, "%s%s", len ? ", " : "", m);
}

/* The methods of table's routes whose pattern matches path. */
static void table_methods(const struct route *table, const char *path,
			  char *out, size_t n)
{
	int64_t params[HTTP_MAX_PATH_PARAMS];
	size_t np;

	for (const struct route *r = table; r->method; r++) {
		if (!route_match(r->pattern, path, params, &np))
			continue;
		add_method(out, n, r->method);
		if (!strcmp(r->method, "GET"))
			add_method(out, n, "HEAD");
	}
}

/*
 * RFC 9110 15.5.6: a 405 names the methods the path does have, from the
 * same tables the dispatcher searched.
 */
static void allow_header(struct ctx *c)
{
	char allow[64] = "";
	const struct step_table *steps = c->is_api ? &api_steps : &web_steps;
	int64_t params[HTTP_MAX_PATH_PARAMS];
	size_t np;

	table_methods(c->is_api ? api_routes : web_routes, c->req->path,
		      allow, sizeof(allow));
	if (!c->is_api)
		table_methods(api_routes, c->req->path, allow, sizeof(allow));
	for (const struct step_route *r = steps->routes; r->pattern; r++)
		if (route_match(r->pattern, c->req->path, params, &np))
			add_method(allow, sizeof(allow), "POST");
	if (allow[0])
		http_response_header(c->res, "Allow", allow);
}

static void method_not_allowed(struct ctx *c)
{
	allow_header(c);
	c->error(c, 405, "method_not_allowed", c->is_api ?
		 "このパスではその操作はできません。" :
		 "このページではその操作はできません。", NULL);
}

/* The version in force for the rules run by the request arg. */
static const struct policy *request_policy(void *arg)
{
	return app_policy(arg, NULL);
}

void app_dispatch(void *app, struct http_request *req,
		  struct http_response *res)
{
	struct ctx c;
	const struct policy_source source = { request_policy, &c };
	const struct step_table *steps;
	const struct route *r;
	int path_matched = 0;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.req = req;
	c.res = res;
	c.is_api = !strncmp(req->path, "/api/", 5);
	/* The dispatcher is the one part of app/ that knows the front ends. */
	c.error = c.is_api ? api_error : web_error_page;
	pool_init(&c.pool, 0);
	reqlog_begin(&c);
	security_headers(res);
	if (req->body_too_large) {
		ctx_fail(&c, MM_EOVERFLOW, NULL, NULL);
		http_response_header(res, "Cache-Control", "no-store");
		reqlog_end(&c);
		return;
	}
	if (!strcmp(req->path, "/metrics")) {
		/* issue 15: the operator's monitoring, neither screen nor API
		 * (no session: it asks for loopback or its own token) */
		app_metrics(&c);
		http_response_header(res, "Cache-Control", "no-store");
		reqlog_end(&c);
		pool_release(&c.pool);
		return;
	}
	if (identify(&c) < 0) {
		http_response_header(res, "Cache-Control", "no-store");
		pool_release(&c.pool);
		return;
	}
	/* R-META-1: the rules of this request read the version in force;
	 * a change reads it before its transaction, never inside one. */
	policy_use(&source);
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
		(void)app_policy(&c, NULL);
	r = find_route(c.is_api ? api_routes : web_routes, req, &path_matched);
	if (!r && !c.is_api)
		r = find_route(api_routes, req, &path_matched); /* /healthz */
	steps = c.is_api ? &api_steps : &web_steps;
	if (!r)
		c.step = find_step(steps, req, &path_matched);
	if (r) {
		c.route_arg = r->arg;
		run_route(&c, r->pattern, r->flags, r->fn);
	} else if (c.step) {
		run_route(&c, c.step->pattern, 0, steps->handler);
	} else if (path_matched) {
		method_not_allowed(&c);
	} else {
		ctx_fail(&c, MM_ENOTFOUND, NULL, NULL);
	}
	policy_use(NULL);
	if (!has_header(res, "Cache-Control"))
		http_response_header(res, "Cache-Control", "no-store");
	reqlog_end(&c);
	/* The response is written: nothing points into the pool any more. */
	pool_release(&c.pool);
}
