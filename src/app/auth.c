#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "mfa.h"
#include "core/validate.h"
#include "store/store_mfa.h"
#include "lib/err.h"
#include "lib/metrics.h"
#include "lib/util.h"
#include "lib/banned.h"

#define PASSWORD_INPUT_MAX 1024

static const char msg_bad[] = "ログインIDまたはパスワードが正しくありません。";
static const char msg_throttled[] =
	"ログインの失敗が続いたため、しばらくログインできません。時間をおいてやり直してください。";

const char *auth_session_cookie(const struct config *cfg)
{
	return cfg->tls ? "__Host-" SESSION_COOKIE : SESSION_COOKIE;
}

static const char *login_cookie(const struct config *cfg)
{
	return cfg->tls ? "__Host-" LOGIN_COOKIE : LOGIN_COOKIE;
}

static int well_formed_token(const char *t)
{
	if (!t || strlen(t) != MM_TOKEN_HEX - 1)
		return 0;
	for (; *t; t++)
		if (!strchr("0123456789abcdef", *t))
			return 0;
	return 1;
}

int auth_login_token(struct ctx *c, char out[MM_TOKEN_HEX])
{
	const struct config *cfg = &c->app->cfg;
	const char *have = http_cookie(c->req, login_cookie(cfg));
	char fresh[MM_TOKEN_HEX];
	int rc = 0;

	if (well_formed_token(have)) {
		csrf_token(have, out);
		return 0;
	}
	token_new(fresh);
	csrf_token(fresh, out);
	/* max_age -1: no Max-Age, gone when the browser closes */
	rc = http_response_cookie(c->res, login_cookie(cfg), fresh, -1,
				  cfg->tls);
	sodium_memzero(fresh, sizeof(fresh));
	return rc;
}

int auth_login_token_ok(const struct ctx *c, const char *field)
{
	const char *have = http_cookie(c->req, login_cookie(&c->app->cfg));

	return well_formed_token(have) && csrf_check(have, field);
}

static void limits_of(const struct config *cfg, struct login_limits *l)
{
	l->window_secs = cfg->fail_window_secs;
	l->per_address = cfg->max_fail_addr;
	l->per_account_address = cfg->max_fail_account;
	/* The account slows down once one address would have been stopped. */
	l->account_slow_after = cfg->max_fail_account;
	l->slow_down_secs = cfg->slow_down_secs;
}

static const char *const rule_names[] = {
	[LOGIN_TRY] = "none",
	[LOGIN_REFUSED_ADDRESS] = "address",
	[LOGIN_REFUSED_ACCOUNT] = "account_address",
	[LOGIN_SLOWED] = "account_slow_down",
};

/*
 * The throttle's verdict for login from the client's address (behind a
 * trusted proxy the forwarded one: http/forwarded.h), per address, per
 * account and address, and per account (core/throttle.h; ASVS 2.2.1).
 * Returns the verdict (>= 0) or a store error.
 */
static int throttled(struct ctx *c, const char *login, int64_t *retry_after)
{
	struct login_limits l;
	struct login_counts n;
	int64_t now = now_unix();
	int rc;

	limits_of(&c->app->cfg, &l);
	rc = store_login_failures(c->app->store, login, c->req->client_addr,
				  now - l.window_secs, &n);
	if (rc < 0)
		return rc;
	return (int)login_throttle(&l, &n, now, retry_after);
}

/* A failed or refused attempt in the audit trail, with the client address. */
static void audit_attempt(struct ctx *c, const char *login,
			  const char *action, const char *detail)
{
	struct actor a = ctx_actor(c, NULL);

	a.login = login;
	c->log_action = action; /* the journal's line: never the login typed */
	if (store_audit_record(c->app->store, &a, action, "", 0, detail) < 0)
		fprintf(stderr, "mamori: could not audit %s\n", action);
}

void auth_login_refused(struct ctx *c, const char *login, const char *rule)
{
	char detail[96];

	snprintf(detail, sizeof(detail), "{\"rule\":\"%s\"}", rule);
	audit_attempt(c, login && strlen(login) <= MM_LOGIN_CHARS ? login : "",
		      "login.refused", detail);
}

/*
 * A refused attempt tested no password, so it is not counted as a
 * failure: the refusal ends when the counted failures leave the window.
 */
static void refuse(struct ctx *c, const char *login, int verdict,
		   int64_t retry_after)
{
	char detail[128], secs[24];

	/* request_id: hex digits, the journal's line of this attempt */
	snprintf(detail, sizeof(detail),
		 "{\"rule\":\"%s\",\"retry_after\":%lld,\"request_id\":\"%s\"}",
		 rule_names[verdict], (long long)retry_after, c->request_id);
	metrics_inc(METRICS_LOGIN_THROTTLED);
	audit_attempt(c, login, "login.throttled", detail);
	snprintf(secs, sizeof(secs), "%lld", (long long)retry_after);
	http_response_header(c->res, "Retry-After", secs);
}

void auth_failed(struct ctx *c, const char *login, const char *action,
		 const char *detail)
{
	char full[256];
	size_t n = strlen(detail);

	store_login_failure(c->app->store, login, c->req->client_addr,
			    now_unix());
	/* request_id: hex digits, the journal's line of this attempt */
	if (n < 2 || detail[n - 1] != '}' || n + 48 > sizeof(full))
		snprintf(full, sizeof(full), "%s", detail);
	else
		snprintf(full, sizeof(full), "%.*s%s\"request_id\":\"%s\"}",
			 (int)(n - 1), detail, n > 2 ? "," : "",
			 c->request_id);
	metrics_inc(METRICS_LOGIN_FAILURES);
	audit_attempt(c, login, action, full);
}

static void record_failure(struct ctx *c, const char *login)
{
	auth_failed(c, login, "login.failed", "{}");
}

int auth_throttle(struct ctx *c, const char *login, const char **why)
{
	int64_t retry_after = 0;
	int rc = throttled(c, login, &retry_after);

	if (rc < 0)
		return rc;
	if (rc == LOGIN_TRY)
		return 0;
	refuse(c, login, rc, retry_after);
	*why = msg_throttled;
	return MM_ETHROTTLED;
}

/*
 * Checks the password; the same work is done for unknown logins.  A store
 * error other than "no such user" is returned as it is: a database that
 * cannot be read is no wrong password (and no failure to count).
 */
static int check_password(struct ctx *c, const char *login,
			  const char *password, struct user *u)
{
	char hash[MM_PWHASH_MAX];
	int rehash = 0;
	int rc = store_user_get_by_login(c->app->store, login, u);

	if (rc == 0 && u->active)
		rc = store_user_password_hash(c->app->store, u->id, hash);
	else if (rc == 0)
		rc = MM_EAUTH;
	if (rc < 0) {
		password_dummy_verify(password);
		return rc == MM_ENOTFOUND || rc == MM_EAUTH ? MM_EAUTH : rc;
	}
	rc = password_verify(hash, password, &rehash);
	if (rc < 0) /* out of memory is the server's (503), not a wrong one */
		return rc == MM_ENOMEM ? rc : MM_EAUTH;
	if (rehash && password_hash(password, hash) == 0)
		store_user_set_password(c->app->store, NULL, u->id, hash,
					NULL);
	return 0;
}

/*
 * A login in a browser that still holds a session ends that session: one
 * browser, one session (a shared terminal's next user does not inherit
 * the last one's).  Its own audit entry names whose session it was.
 */
static int end_previous_session(struct ctx *c)
{
	unsigned char hash[MM_HASH_BYTES];
	struct actor a;
	int rc;

	if (!c->session_token[0])
		return 0;
	token_hash(c->session_token, hash);
	a = ctx_actor(c, NULL);
	rc = store_session_delete(c->app->store, &a, hash);
	c->who = NULL;
	c->session_token[0] = '\0';
	c->csrf[0] = '\0';
	return rc == MM_ENOTFOUND ? 0 : rc;
}

static int start_session(struct ctx *c, const struct user *u)
{
	unsigned char hash[MM_HASH_BYTES];
	struct session_info si;
	struct actor a;
	int rc;

	rc = end_previous_session(c);
	if (rc < 0)
		return rc;
	/* the login form's token has served: the browser may forget it */
	if (http_cookie(c->req, login_cookie(&c->app->cfg)))
		http_response_cookie(c->res, login_cookie(&c->app->cfg), "", 0,
				     c->app->cfg.tls);

	rc = store_principal_load(c->app->store, u->id, &c->principal_storage);
	if (rc < 0)
		return rc;
	c->who = &c->principal_storage;
	token_new(c->session_token);
	token_hash(c->session_token, hash);
	a = ctx_actor(c, NULL);
	/* an enrolled second factor: the session waits for its code */
	rc = store_session_create_mfa(c->app->store, &a, hash,
				      c->who->mfa_enrolled, &si);
	c->mfa_pending = si.mfa_pending;
	c->mfa_at = 0;
	if (rc < 0) {
		c->who = NULL;
		c->session_token[0] = '\0';
		return rc;
	}
	csrf_token(c->session_token, c->csrf);
	return http_response_cookie(c->res, auth_session_cookie(&c->app->cfg),
				    c->session_token,
				    c->app->cfg.absolute_secs,
				    c->app->cfg.tls);
}

int auth_login(struct ctx *c, const char *login, const char *password,
	       const char **why)
{
	struct user u;
	int64_t retry_after = 0;
	int rc;

	*why = msg_bad;
	if (str_empty(login) || str_empty(password))
		return MM_EAUTH;
	/*
	 * No account has a longer name or password: refused unchecked, and
	 * audited without the name (it does not fit, and need not be text).
	 */
	if (strlen(login) > MM_LOGIN_CHARS ||
	    strlen(password) > PASSWORD_INPUT_MAX) {
		audit_attempt(c, "", "login.failed",
			      strlen(login) > MM_LOGIN_CHARS ?
			      "{\"rule\":\"login_too_long\"}" :
			      "{\"rule\":\"password_too_long\"}");
		return MM_EAUTH;
	}
	rc = throttled(c, login, &retry_after);
	if (rc < 0)
		return rc;
	if (rc != LOGIN_TRY) {
		refuse(c, login, rc, retry_after);
		*why = msg_throttled;
		return MM_ETHROTTLED;
	}
	rc = check_password(c, login, password, &u);
	if (rc == MM_EAUTH) {
		record_failure(c, login);
		return MM_EAUTH;
	}
	if (rc < 0) {
		*why = MM_MSG_UNAVAILABLE;
		return rc;
	}
	store_login_success(c->app->store, login, c->req->client_addr);
	c->log_action = "login";
	rc = start_session(c, &u);
	if (rc < 0)
		*why = "ログインの処理中にエラーが発生しました。";
	return rc;
}

static const char msg_wrong_current[] = "現在のパスワードが正しくありません。";
static const char msg_same[] = "現在のパスワードとは異なるパスワードを入力してください。";

/* The new password's faults, before anything costly is done. */
static int check_new(const char *current, const char *next,
		     const char **field, const char **why)
{
	if (str_empty(current)) {
		*field = "current_password";
		*why = "現在のパスワードを入力してください。";
		return MM_EINVAL;
	}
	*field = "new_password";
	if (validate_password(next, why) < 0)
		return MM_EINVAL;
	if (!strcmp(current, next)) {
		*why = msg_same;
		return MM_EINVAL;
	}
	return 0;
}

int auth_change_password(struct ctx *c, const char *current,
			 const char *next, const char **field,
			 const char **why)
{
	char hash[MM_PWHASH_MAX];
	unsigned char own[MM_HASH_BYTES];
	struct password_set how = { .must_change = 0 };
	int64_t retry_after = 0;
	struct actor a;
	int rc = check_new(current, next, field, why);

	if (rc < 0)
		return rc;
	*field = "current_password";
	if (strlen(current) > PASSWORD_INPUT_MAX) {
		*why = msg_wrong_current;
		return MM_EINVAL;
	}
	rc = throttled(c, c->who->login, &retry_after);
	if (rc < 0)
		return rc;
	if (rc != LOGIN_TRY) {
		refuse(c, c->who->login, rc, retry_after);
		*why = msg_throttled;
		return MM_ETHROTTLED;
	}
	/* a database that cannot be read, or memory running out, is no
	 * wrong password (and no failure to count): 503 (issue 14) */
	rc = store_user_password_hash(c->app->store, c->who->user_id, hash);
	if (rc == 0)
		rc = password_verify(hash, current, NULL);
	if (rc == MM_EAUTH || rc == MM_ENOTFOUND) {
		store_login_failure(c->app->store, c->who->login,
				    c->req->client_addr, now_unix());
		*why = msg_wrong_current;
		return MM_EINVAL;
	}
	if (rc < 0) {
		*field = NULL;
		*why = NULL;
		return rc;
	}
	*field = NULL;
	*why = NULL;
	rc = password_hash(next, hash);
	if (rc < 0)
		return rc;
	if (c->session_token[0]) {
		token_hash(c->session_token, own);
		how.keep_session = own;
	}
	a = ctx_actor(c, NULL);
	return store_user_set_password(c->app->store, &a, c->who->user_id,
				       hash, &how);
}

int auth_token_mint_allowed(const struct ctx *c)
{
	/* the second factor too: one verified within the step-up age */
	return c->who && !c->via_token && c->session_token[0] && mfa_fresh(c);
}

int auth_token_mint_check(struct ctx *c)
{
	if (!c->who || c->via_token || !c->session_token[0])
		return ctx_deny_rule(c, "token_mint_needs_session",
				     AUTH_MINT_SESSION_MSG);
	if (!mfa_fresh(c))
		return ctx_deny_rule(c, "mfa_step_up", MFA_MINT_MSG);
	return 0;
}

int auth_token_expiry(const struct ctx *c, int64_t days, int64_t *expires_at)
{
	const struct config *cfg = &c->app->cfg;
	int64_t secs = cfg->token_default_secs;

	if (days < 0 || days > cfg->token_max_secs / 86400)
		return MM_EINVAL;
	if (days > 0)
		secs = days * 86400;
	if (secs > cfg->token_max_secs)
		secs = cfg->token_max_secs;
	*expires_at = now_unix() + secs;
	return 0;
}

int auth_logout(struct ctx *c)
{
	unsigned char hash[MM_HASH_BYTES];
	struct actor a = ctx_actor(c, NULL);
	int rc = 0;

	if (c->session_token[0]) {
		token_hash(c->session_token, hash);
		rc = store_session_delete(c->app->store, &a, hash);
	}
	http_response_cookie(c->res, auth_session_cookie(&c->app->cfg), "", 0,
			     c->app->cfg.tls);
	c->who = NULL;
	c->session_token[0] = '\0';
	c->csrf[0] = '\0';
	return rc;
}
