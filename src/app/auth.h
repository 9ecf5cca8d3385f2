/*
 * auth.h - logging in and out, shared by the web form (POST /login) and
 * the API (POST /api/v1/session).
 */
#ifndef MM_APP_AUTH_H
#define MM_APP_AUTH_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"

/*
 * The cookies' names.  Over TLS ([server] tls: nginx terminates it in
 * front) they carry the __Host- prefix, so that a browser accepts them
 * only Secure, for Path=/ and from this very host (no Domain): a
 * sibling subdomain cannot plant or shadow them.
 */
#define SESSION_COOKIE "mamori_session"
#define LOGIN_COOKIE "mamori_login"

/* auth_session_cookie - the session cookie's name under cfg. */
const char *auth_session_cookie(const struct config *cfg);

/*
 * auth_login_token - the pre-session CSRF token of the login form (login
 * CSRF, ASVS 3.5): the browser's login cookie when it holds a well-formed
 * one, else a new random one set on c->res (HttpOnly, SameSite=Strict,
 * for the browser session).  out gets the form field's value, an HMAC of
 * the cookie (csrf_token), never the cookie itself.  Returns 0 or
 * MM_EINVAL (the cookie could not be set).
 */
int auth_login_token(struct ctx *c, char out[MM_TOKEN_HEX]);

/*
 * auth_login_token_ok - 1 when field is the login form's token of the
 * login cookie the request carries.  A page of another origin can post
 * the form but cannot send the SameSite=Strict cookie nor read the field.
 */
int auth_login_token_ok(const struct ctx *c, const char *field);

/*
 * auth_login_refused - audits a login attempt refused before any
 * password was tried ("login.refused" with {"rule": rule}).
 */
void auth_login_refused(struct ctx *c, const char *login, const char *rule);

/*
 * auth_login - checks login and password (Argon2id; an unknown login
 * costs the same time) unless the throttle refuses the client's address
 * (core/throttle.h: per address, per account and address, and a
 * slow-down per account), records success, failure ("login.failed") or
 * refusal ("login.throttled", with Retry-After set on c->res) in the
 * audit trail, creates a session and sets its cookie on c->res.  A
 * session the request already carried (a login again in the same
 * browser) is ended first, and the login form's cookie is cleared.  On success c->who, c->session_token and
 * c->csrf are set for the rest of the request.  Returns 0, MM_EAUTH
 * (wrong login or password, or deactivated user), MM_ETHROTTLED, or a
 * store error.  *why gets a Japanese message for the user on failure.
 */
int auth_login(struct ctx *c, const char *login, const char *password,
	       const char **why);

/*
 * auth_change_password - the user's own change of password, the same for
 * the web form and the API (issue 13): checks new (validate_password: its
 * length and the list of common passwords; not the current one), then
 * the throttle of the user's login and address (a session cannot try
 * passwords faster than the login form), then current (a wrong one counts
 * as a failed login).  On success the password is replaced and the
 * "must change" mark cleared; every other session and every API token of
 * the user ends (store_user_set_password), the request's own session
 * lives on.  Returns 0, MM_EINVAL with *field ("current_password" or
 * "new_password") and *why (Japanese), MM_ETHROTTLED (Retry-After set),
 * or a store error.
 */
int auth_change_password(struct ctx *c, const char *current,
			 const char *next, const char **field,
			 const char **why);

/* The message of a request refused until the password is changed. */
#define AUTH_MUST_CHANGE_MSG \
	"管理者が設定したパスワードです。パスワードを変更するまで他の操作はできません。"

/* The refusal of a token minted with a bearer token. */
#define AUTH_MINT_SESSION_MSG \
	"APIトークンはログインした画面またはセッションからのみ発行できます。"

/*
 * auth_token_mint_allowed - 1 when the request may mint an API token: a
 * logged-in session only, never a bearer token (a leaked token cannot
 * make its own successor and so dies with its expiry).  THE hook of the
 * second factor (issue 13): minting will also need a factor verified
 * within the configured time; that check goes here, for web and API.
 */
int auth_token_mint_allowed(const struct ctx *c);

/*
 * auth_token_mint_check - auth_token_mint_allowed() answered: 0, or
 * MM_EDENIED after a 403 audited with rule "token_mint_needs_session"
 * (no session) or "mfa_step_up" (no fresh second factor, issue 13).
 */
int auth_token_mint_check(struct ctx *c);

/* The message of a lifetime out of bounds (web and API alike). */
#define AUTH_TOKEN_DAYS_MSG "有効期間は1日から%ld日までの日数で入力してください。"

/*
 * auth_token_expiry - the expiry of a token minted now for days (0: the
 * configured default, capped by the maximum) into *expires_at.  MM_EINVAL
 * for days outside 1..[tokens] max_days.
 */
int auth_token_expiry(const struct ctx *c, int64_t days, int64_t *expires_at);

/*
 * auth_throttle - the login throttle for login from the request's
 * address (a second factor's code is tried under it too): 0 when the
 * attempt may go on, MM_ETHROTTLED after auditing "login.throttled" and
 * setting Retry-After, or a store error.  *why gets the Japanese message.
 */
int auth_throttle(struct ctx *c, const char *login, const char **why);

/*
 * auth_failed - counts a failed attempt on login (the throttle's
 * failures) and audits it as action with detail (JSON or "{}").
 */
void auth_failed(struct ctx *c, const char *login, const char *action,
		 const char *detail);

/*
 * auth_logout - ends the request's session (if any), audits it and
 * clears the cookie.  Returns 0 or a store error.
 */
int auth_logout(struct ctx *c);

#endif
