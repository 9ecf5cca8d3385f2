#include "session.h"

#include "app/auth.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "me.h"
#include "api.h"
#include "lib/banned.h"

static const char *const session_fields[] = {"login", "password", NULL};

/* The answer to a successful login: the account and its CSRF token. */
static void send_login(struct ctx *c)
{
	json_t *user;
	json_t *body;
	int rc = api_account_json(c, c->who->user_id, &user);

	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	/* mfa_pending: POST /api/v1/session/verify {code} comes next */
	body = json_pack("{s:o, s:s, s:b}", "user", user, "csrf_token", c->csrf,
			 "mfa_pending", c->mfa_pending);
	api_send(c, 200, body);
}

void api_session_create(struct ctx *c)
{
	json_t *in;
	const char *login = NULL;
	const char *password = NULL;
	const char *why = NULL;
	int rc;

	if (api_body(c, session_fields, &in) < 0)
		return;
	if (api_string(c, in, "login", 1, &login) < 0 ||
	    api_string(c, in, "password", 1, &password) < 0) {
		json_decref(in);
		return;
	}
	rc = auth_login(c, login, password, &why);
	json_decref(in);
	if (rc == MM_EAUTH || rc == MM_ETHROTTLED)
		api_fail(c, rc, why, NULL);
	else if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	else
		send_login(c);
}

void api_session_delete(struct ctx *c)
{
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0)
		return;
	rc = auth_logout(c);
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_no_content(c);
}
