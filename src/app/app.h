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
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "../core/types.h"
#include "../core/authz.h"
#include "../core/identity.h"
#include "../core/msgcheck.h"
#include "../lib/config.h"
#include "../lib/pool.h"
#include "../http/request.h"
#include "../store/store.h"
#include "reqlog.h"

struct app {
	struct store *store;
	struct config cfg;
	/*
	 * The field key ([keys] field_key, read by `mamori serve` through
	 * cli_field_key, which also hands it to the store for the sealed
	 * fields, store_seal.h): seals the TOTP secrets (core/totp.h).
	 * has_field_key 0: no enrolment.
	 */
	int has_field_key;
	unsigned char field_key[32];
	/*
	 * The message check's policy (R-CASE-2, core/msgcheck.h): the
	 * compiled-in default or [policy] message_check, parsed by `mamori
	 * serve` at start (before the sandbox) and released at exit.  Shared
	 * read-only by every request thread: a handler checks a text with
	 * msgcheck_run(&c->app->msgcheck, text, &result), or through
	 * app_message_check() (app/msgcheck.h), which also holds the length
	 * and audits.  n_categories 0: not loaded (an app made by a test);
	 * app_message_check() then refuses rather than pass a text unchecked.
	 */
	struct msgcheck_policy msgcheck;
};

/* The answer to a stale version (MM_ESTALE, 409), on both front ends. */
#define MM_MSG_STALE "他の職員がこの記録を更新しました。最新の内容を確認してからやり直してください。"

/*
 * The answer while the database cannot be reached (MM_EUNAVAIL, 503):
 * nothing was changed, the session is kept, try again later.
 */
#define MM_MSG_UNAVAILABLE "データベースに接続できないため、処理できませんでした。しばらくしてからやり直してください。"

/* Bounds of what a refusal's audit entry keeps (bytes, UTF-8 safe). */
#define CTX_REFUSAL_MESSAGE_MAX 320
#define CTX_REFUSAL_FIELD_MAX 64

/*
 * What the request's error answer said, noted by the shared answer paths
 * (ctx_fail, api_fail, api_error, form_error_summary) for ctx_refused().
 */
struct ctx_refusal {
	int rc;                                 /* 0 when not known */
	char message[CTX_REFUSAL_MESSAGE_MAX];  /* as answered, truncated */
	char field[CTX_REFUSAL_FIELD_MAX];      /* "" for none */
};

struct ctx;

/*
 * ctx_error_fn - a front end's error answer (issue 8: app/ knows the
 * front ends only through this): replaces whatever c->res holds with
 * status and message (user-facing Japanese, or the API's English text
 * of a protocol error).  code is the English error code (mm_errname(),
 * "method_not_allowed"), field the input at fault or NULL.  The JSON API
 * answers all four; the HTML front end shows status and message.
 */
typedef void (*ctx_error_fn)(struct ctx *c, int status, const char *code,
			     const char *message, const char *field);

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
	int mfa_pending;                  /* session: password, no code yet */
	int64_t mfa_at;                   /* session's newest factor, 0 none */
	int is_api;                       /* path under /api/ */
	const char *route;                /* matched pattern; NULL before */
	const struct step_route *step;    /* the matched step route, else NULL */
	const void *route_arg;            /* the matched route's arg */
	ctx_error_fn error;               /* set by app_dispatch; see ctx_fail */
	struct ctx_refusal refusal;       /* see ctx_note_refusal() */
	/*
	 * Memory of the request: the text of the records it reads (input,
	 * rows of the store), released when app_dispatch() has answered.
	 */
	struct pool pool;
	/* The journal's line of the request (reqlog.h): its id (also the
	 * X-Request-Id header), its start, and the audit event it caused
	 * that the line names (a static string; NULL for none). */
	char request_id[REQLOG_ID_SIZE];
	int64_t started_usec;
	const char *log_action;
	/* The version of the rules in force (app/policy.h); NULL until read. */
	void *policy;
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
 * when nobody is logged in, 403 otherwise, by the front end's c->error.
 * Returns 0 when allowed (grant filled, may be NULL), else the error
 * after the response is already set: the handler just returns.
 */
int ctx_authorize(struct ctx *c, enum action a, const struct authz_object *o,
		  struct authz_grant *grant);

/*
 * ctx_deny_rule - refuses the request by a rule of access that is not a
 * role's (a password to change first, a token minted by a token): writes
 * "access.denied" with {"rule", "path"} and answers 403 with message.
 * Returns MM_EDENIED.
 */
int ctx_deny_rule(struct ctx *c, const char *rule, const char *message);

/*
 * ctx_can - authz_check() without audit or response: for filtering lists
 * and showing or hiding links.  1 when allowed.
 */
int ctx_can(const struct ctx *c, enum action a, const struct authz_object *o);

/*
 * ctx_fail - answers an error: status from rc (MM_ENOTFOUND 404,
 * MM_EINVAL 400/422, MM_ESTALE 409, MM_EDENIED 403, ...), with message
 * (Japanese for HTML, plus English code for JSON).  field may be NULL.
 * Written by c->error, the front end's writer; without one (a handler
 * called outside app_dispatch) the answer is the message as plain text.
 * A 503 (MM_EBUSY, MM_EUNAVAIL: the database busy or unreachable) also
 * carries Retry-After, on both front ends.
 */
void ctx_fail(struct ctx *c, int rc, const char *message, const char *field);

/*
 * ctx_note_refusal - remembers what an error answer says: rc (0 keeps
 * the code noted before, as api_error() after ctx_fail()), the message
 * and the field (either may be NULL), copied and truncated.  The shared
 * answer paths call it; handlers need not.
 */
void ctx_note_refusal(struct ctx *c, int rc, const char *message,
		      const char *field);

/*
 * ctx_refused - app_dispatch() calls it once after the handler: when the
 * answer refused a logged-in user's change with 409 or 422, writes the
 * audit entry "request.refused" with method, path, status, field,
 * message and the rule that refused (refusal_rule(), "version",
 * "state:KIND/EVENT" or "").  In its own transaction, after the
 * handler's refused one has rolled back.  A failure to write is
 * reported on stderr; the answer stands.
 */
void ctx_refused(struct ctx *c);

/*
 * ctx_refuse_state - answers 409 (MM_ESTATE) with the one message web and
 * API give for a step the record's state does not allow: "この<object>は
 * 現在の状態（<state>）では<step>できません。".  Returns MM_ESTATE.
 */
int ctx_refuse_state(struct ctx *c, const char *object,
		     const char *state_label, const char *step_label);

/* A handler of one route. */
typedef void (*route_fn)(struct ctx *c);

#endif
