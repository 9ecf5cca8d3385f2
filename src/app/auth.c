#include "auth.h"

#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "lib/metrics.h"
#include "lib/util.h"
#include "lib/banned.h"

#define LOGIN_INPUT_MAX 64
#define PASSWORD_INPUT_MAX 1024

static const char msg_bad[] = "ログインIDまたはパスワードが正しくありません。";
static const char msg_throttled[] =
	"ログインの失敗が続いたため、しばらくログインできません。時間をおいてやり直してください。";

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

static void record_failure(struct ctx *c, const char *login)
{
	char detail[64];

	store_login_failure(c->app->store, login, c->req->client_addr,
			    now_unix());
	/* request_id: hex digits, the journal's line of this attempt */
	snprintf(detail, sizeof(detail), "{\"request_id\":\"%s\"}",
		 c->request_id);
	metrics_inc(METRICS_LOGIN_FAILURES);
	audit_attempt(c, login, "login.failed", detail);
}

/* Checks the password; the same work is done for unknown logins. */
static int check_password(struct ctx *c, const char *login,
			  const char *password, struct user *u)
{
	char hash[MM_PWHASH_MAX];
	int rehash = 0;

	if (store_user_get_by_login(c->app->store, login, u) < 0 ||
	    !u->active ||
	    store_user_password_hash(c->app->store, u->id, hash) < 0) {
		password_dummy_verify(password);
		return MM_EAUTH;
	}
	if (password_verify(hash, password, &rehash) < 0)
		return MM_EAUTH;
	if (rehash && password_hash(password, hash) == 0)
		store_user_set_password(c->app->store, NULL, u->id, hash);
	return 0;
}

static int start_session(struct ctx *c, const struct user *u)
{
	unsigned char hash[MM_HASH_BYTES];
	struct session_info si;
	struct actor a;
	int rc;

	rc = store_principal_load(c->app->store, u->id, &c->principal_storage);
	if (rc < 0)
		return rc;
	c->who = &c->principal_storage;
	token_new(c->session_token);
	token_hash(c->session_token, hash);
	a = ctx_actor(c, NULL);
	rc = store_session_create(c->app->store, &a, hash, &si);
	if (rc < 0) {
		c->who = NULL;
		c->session_token[0] = '\0';
		return rc;
	}
	csrf_token(c->session_token, c->csrf);
	return http_response_cookie(c->res, SESSION_COOKIE, c->session_token,
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
	if (str_empty(login) || str_empty(password) ||
	    strlen(login) > LOGIN_INPUT_MAX ||
	    strlen(password) > PASSWORD_INPUT_MAX)
		return MM_EAUTH;
	rc = throttled(c, login, &retry_after);
	if (rc < 0)
		return rc;
	if (rc != LOGIN_TRY) {
		refuse(c, login, rc, retry_after);
		*why = msg_throttled;
		return MM_ETHROTTLED;
	}
	if (check_password(c, login, password, &u) < 0) {
		record_failure(c, login);
		return MM_EAUTH;
	}
	store_login_success(c->app->store, login, c->req->client_addr);
	c->log_action = "login";
	rc = start_session(c, &u);
	if (rc < 0)
		*why = "ログインの処理中にエラーが発生しました。";
	return rc;
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
	http_response_cookie(c->res, SESSION_COOKIE, "", 0, c->app->cfg.tls);
	c->who = NULL;
	c->session_token[0] = '\0';
	c->csrf[0] = '\0';
	return rc;
}
