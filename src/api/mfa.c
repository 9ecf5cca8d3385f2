#include "mfa.h"

#include <sodium.h>

#include "app/mfa.h"
#include "store/store_mfa.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "me.h"
#include "api.h"
#include "lib/banned.h"

static const char *const code_fields[] = {"code", NULL};

/* One's own second factor: the same gate as one's own password. */
static int authorize_self(struct ctx *c)
{
	struct authz_object o = {0};

	if (c->who) {
		o.unit_id = c->who->unit_id;
		o.owner_user_id = c->who->user_id;
	}
	return ctx_authorize(c, ACT_PASSWORD_CHANGE, &o, NULL);
}

/* The body's "code", or an answered error. */
static int read_code(struct ctx *c, json_t **in, const char **code)
{
	if (api_body(c, code_fields, in) < 0)
		return MM_EINVAL;
	if (api_string(c, *in, "code", 1, code) < 0) {
		json_decref(*in);
		return MM_EINVAL;
	}
	return 0;
}

void api_session_verify(struct ctx *c)
{
	const char *code = NULL, *why = NULL;
	json_t *in, *user;
	int rc;

	if (authorize_self(c) < 0 || read_code(c, &in, &code) < 0)
		return;
	rc = mfa_verify(c, code, &why);
	json_decref(in);
	if (rc == MM_EAUTH)
		api_invalid(c, "code", why);
	else if (rc < 0)
		api_fail(c, rc, why, NULL);
	else if ((rc = api_account_json(c, c->who->user_id, &user)) < 0)
		api_fail(c, rc, NULL, NULL);
	else
		api_send(c, 200, json_pack("{s:o, s:s, s:b, s:I}", "user", user,
					   "csrf_token", c->csrf,
					   "mfa_pending", 0, "mfa_verified_at",
					   (json_int_t)c->mfa_at));
}

void api_mfa_get(struct ctx *c)
{
	struct mfa_factor f;
	int rc;

	if (authorize_self(c) < 0)
		return;
	rc = store_mfa_get(c->app->store, c->who->user_id, &f);
	if (rc < 0 && rc != MM_ENOTFOUND) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, json_pack("{s:b, s:b, s:I, s:I}",
				   "enrolled", rc == 0 && f.confirmed,
				   "required", c->app->cfg.mfa_required &&
				   mfa_needed(c->who),
				   "recovery_codes_left",
				   (json_int_t)(rc == 0 && f.confirmed ?
						f.recovery_left : 0),
				   "step_up_minutes",
				   (json_int_t)(c->app->cfg.mfa_step_up_secs / 60)));
}

void api_mfa_begin(struct ctx *c)
{
	struct mfa_enrolment e;
	const char *why = NULL;
	int rc;

	if (authorize_self(c) < 0)
		return;
	rc = mfa_begin(c, &e, &why);
	if (rc < 0)
		api_fail(c, rc, why, NULL);
	else
		api_send(c, 201, json_pack("{s:s, s:s, s:s}", "secret", e.secret,
					   "otpauth_uri", buf_cstr(&e.uri),
					   "qr_svg", buf_cstr(&e.svg)));
	mfa_enrolment_release(&e);
}

void api_mfa_confirm(struct ctx *c)
{
	char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT];
	const char *code = NULL, *why = NULL;
	json_t *in, *list;
	int rc;

	if (authorize_self(c) < 0 || read_code(c, &in, &code) < 0)
		return;
	rc = mfa_confirm(c, code, codes, &why);
	json_decref(in);
	if (rc == MM_EINVAL) {
		api_invalid(c, "code", why);
		return;
	}
	if (rc < 0) {
		api_fail(c, rc, why, NULL);
		return;
	}
	list = json_array();
	for (int i = 0; list && i < TOTP_RECOVERY_CODES; i++)
		json_array_append_new(list, json_string(codes[i]));
	sodium_memzero(codes, sizeof codes);
	api_send(c, 200, json_pack("{s:o*}", "recovery_codes", list));
}
