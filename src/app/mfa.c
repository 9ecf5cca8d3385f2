#include "mfa.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <qrencode.h>

#include "auth.h"
#include "store/store_mfa.h"
#include "lib/err.h"
#include "lib/util.h"
#include "lib/banned.h"

/*
 * The decisions that matter (issue 13; ASVS 7.5.3): deciding a loan
 * application (R-DEV-2), permitting or refusing an SNS/service account
 * (R-SVC), deciding an exception (R-EXC), designating officers
 * (R-ROLE-4/5); and another's credentials: setting a password, removing
 * a second factor.  The cases issue's triage and disposal join this table
 * when their actions exist.
 */
static const enum action step_up_actions[] = {
	ACT_USER_SET_PASSWORD,
	ACT_APPLICATION_DECIDE,
	ACT_SERVICE_PERMIT,
	ACT_EXCEPTION_DECIDE,
	ACT_DESIGNATION_MANAGE,
	/* R-CASE-1: the division's judgement of the need to protect */
	ACT_CASE_TRIAGE,
	/* R-PHOTO-2: the manager's approval of a staff face photo's use */
	ACT_PHOTO_DECIDE,
	ACT_DISPOSAL_DISPOSE, /* R-RET-2: content removed for good */
};

#define QR_MARGIN 4  /* the quiet zone, in modules (ISO/IEC 18004) */
#define QR_PIXELS 6  /* shown size of one module */

int mfa_needed(const struct principal *p)
{
	return p && (p->is_admin || p->n_roles > 0);
}

enum mfa_gate mfa_gate(const struct ctx *c)
{
	if (!c->who)
		return MFA_GATE_OPEN;
	if (c->mfa_pending && !c->via_token)
		return MFA_GATE_PENDING;
	if (c->app->cfg.mfa_required && mfa_needed(c->who) &&
	    !c->who->mfa_enrolled)
		return MFA_GATE_ENROL;
	return MFA_GATE_OPEN;
}

int mfa_fresh(const struct ctx *c)
{
	if (!c->who)
		return 0;
	if (!c->who->mfa_enrolled &&
	    !(c->app->cfg.mfa_required && mfa_needed(c->who)))
		return 1;
	return !c->via_token && c->mfa_at > 0 &&
	       now_unix() - c->mfa_at <= c->app->cfg.mfa_step_up_secs;
}

int mfa_step_up(struct ctx *c, enum action a)
{
	const char *m = c->req ? c->req->method : "GET";

	if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return 0;
	for (size_t i = 0; i < sizeof step_up_actions / sizeof *step_up_actions;
	     i++)
		if (step_up_actions[i] == a)
			return mfa_fresh(c) ? 0 :
				ctx_deny_rule(c, "mfa_step_up", MFA_STEP_UP_MSG);
	return 0;
}

void mfa_enrolment_release(struct mfa_enrolment *e)
{
	sodium_memzero(e->secret, sizeof e->secret);
	buf_release(&e->uri);
	buf_release(&e->svg);
}

/* Percent-encodes s into b (RFC 3986 unreserved kept). */
static void add_encoded(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch))
			buf_addch(b, (char)ch);
		else
			buf_addf(b, "%%%02X", ch);
	}
}

/* The QR code of text as an SVG image: dark modules as one path. */
static int qr_svg(const char *text, struct buf *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int w;

	if (!q)
		return MM_ENOMEM;
	w = q->width + 2 * QR_MARGIN;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0"
		 " %d %d\" width=\"%d\" height=\"%d\" shape-rendering="
		 "\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		 "<path fill=\"#000\" d=\"", w, w, w * QR_PIXELS, w * QR_PIXELS,
		 w, w);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_addf(out, "M%d %dh1v1h-1z", x + QR_MARGIN,
					 y + QR_MARGIN);
	buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return buf_error(out);
}

/* e's URI and QR code from its secret. */
static int fill_enrolment(struct ctx *c, struct mfa_enrolment *e)
{
	int rc;

	buf_adds(&e->uri, "otpauth://totp/Mamori:");
	add_encoded(&e->uri, c->who->login);
	buf_addf(&e->uri, "?secret=%s&issuer=Mamori&algorithm=SHA1&digits=%d"
		 "&period=%d", e->secret, TOTP_DIGITS, TOTP_STEP_SECS);
	rc = buf_error(&e->uri);
	return rc < 0 ? rc : qr_svg(buf_cstr(&e->uri), &e->svg);
}

static int open_secret(struct ctx *c, const struct mfa_factor *f,
		       unsigned char secret[TOTP_SECRET_BYTES]);

int mfa_enrolment_show(struct ctx *c, struct mfa_enrolment *e)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	struct mfa_factor f;
	int rc;

	memset(e, 0, sizeof *e);
	buf_init(&e->uri, 1024);
	buf_init(&e->svg, 256 * 1024);
	rc = store_mfa_get(c->app->store, c->who->user_id, &f);
	if (rc == 0 && f.confirmed)
		rc = MM_ENOTFOUND;
	if (rc == 0)
		rc = open_secret(c, &f, secret);
	if (rc < 0)
		return rc;
	totp_base32(secret, e->secret);
	sodium_memzero(secret, sizeof secret);
	return fill_enrolment(c, e);
}

int mfa_begin(struct ctx *c, struct mfa_enrolment *e, const char **why)
{
	unsigned char secret[TOTP_SECRET_BYTES], sealed[TOTP_SEALED_BYTES];
	char hex[MM_MFA_SEALED_HEX];
	struct actor a = ctx_actor(c, NULL);
	int rc;

	memset(e, 0, sizeof *e);
	buf_init(&e->uri, 1024);
	buf_init(&e->svg, 256 * 1024);
	*why = NULL;
	if (!c->app->has_field_key) {
		*why = MFA_NO_KEY_MSG;
		return MM_EUNSUPPORTED;
	}
	if (c->who->mfa_enrolled) {
		*why = MFA_ENROLLED_MSG;
		return MM_EEXIST;
	}
	totp_secret_new(secret);
	totp_seal(secret, c->app->field_key, sealed);
	sodium_bin2hex(hex, sizeof hex, sealed, sizeof sealed);
	totp_base32(secret, e->secret);
	sodium_memzero(secret, sizeof secret);
	rc = store_mfa_begin(c->app->store, &a, c->who->user_id, hex);
	if (rc == MM_EEXIST)
		*why = MFA_ENROLLED_MSG;
	return rc < 0 ? rc : fill_enrolment(c, e);
}

/* The user's secret, opened with the field key. */
static int open_secret(struct ctx *c, const struct mfa_factor *f,
		       unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char sealed[TOTP_SEALED_BYTES];
	size_t len = 0;

	if (!c->app->has_field_key ||
	    sodium_hex2bin(sealed, sizeof sealed, f->sealed_hex,
			   strlen(f->sealed_hex), NULL, &len, NULL) != 0)
		return MM_EUNSUPPORTED;
	return totp_open(sealed, len, c->app->field_key, secret) < 0 ?
		MM_EUNSUPPORTED : 0;
}

/* The session's hash, or NULL for a bearer token. */
static const unsigned char *session_hash(const struct ctx *c,
					 unsigned char h[MM_HASH_BYTES])
{
	if (!c->session_token[0])
		return NULL;
	token_hash(c->session_token, h);
	return h;
}

/* A wrong code: counted under the login throttle and audited. */
static int wrong(struct ctx *c, const char *rule, const char **why)
{
	char detail[64];

	snprintf(detail, sizeof detail, "{\"rule\":\"%s\"}", rule);
	auth_failed(c, c->who->login, "mfa.failed", detail);
	*why = MFA_BAD_CODE_MSG;
	return MM_EAUTH;
}

/* The TOTP step of code for f, or MM_EAUTH (a wrong code), MM_ENOMEM or
 * MM_EUNSUPPORTED (the server's); secret opened and wiped. */
static int64_t check_code(struct ctx *c, const struct mfa_factor *f,
			  const char *code)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	int64_t step;
	int rc = open_secret(c, f, secret);

	if (rc < 0)
		return rc;
	step = totp_check(secret, sizeof secret, code, now_unix(),
			  f->last_step);
	sodium_memzero(secret, sizeof secret);
	return step;
}

int mfa_confirm(struct ctx *c, const char *code,
		char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT],
		const char **why)
{
	unsigned char hashes[TOTP_RECOVERY_CODES * 32], sh[MM_HASH_BYTES];
	struct mfa_factor f;
	struct actor a = ctx_actor(c, NULL);
	int64_t step;
	int rc = auth_throttle(c, c->who->login, why);

	if (rc < 0)
		return rc;
	rc = store_mfa_get(c->app->store, c->who->user_id, &f);
	if (rc == MM_ENOTFOUND || (rc == 0 && f.confirmed)) {
		*why = f.confirmed ? MFA_ENROLLED_MSG : MFA_NOT_BEGUN_MSG;
		return MM_ESTATE;
	}
	if (rc < 0)
		return rc;
	step = check_code(c, &f, code);
	if (step == MM_EUNSUPPORTED) {
		*why = MFA_NO_KEY_MSG;
		return MM_EUNSUPPORTED;
	}
	if (step == MM_EAUTH) {
		wrong(c, "enrol_code", why);
		return MM_EINVAL;
	}
	if (step < 0) /* out of memory: the server's, not a wrong code */
		return (int)step;
	for (int i = 0; i < TOTP_RECOVERY_CODES; i++) {
		totp_recovery_new(codes[i]);
		totp_recovery_hash(codes[i], hashes + i * 32);
	}
	rc = store_mfa_confirm(c->app->store, &a, c->who->user_id, step, hashes,
			       TOTP_RECOVERY_CODES, session_hash(c, sh));
	if (rc == MM_ESTATE)
		*why = MFA_NOT_BEGUN_MSG;
	if (rc == 0) {
		c->mfa_pending = 0;
		c->mfa_at = now_unix();
	}
	return rc;
}

int mfa_verify(struct ctx *c, const char *code, const char **why)
{
	unsigned char sh[MM_HASH_BYTES], rh[32];
	struct mfa_factor f;
	struct actor a = ctx_actor(c, NULL);
	int64_t step;
	int rc = auth_throttle(c, c->who->login, why);

	if (rc < 0)
		return rc;
	rc = store_mfa_get(c->app->store, c->who->user_id, &f);
	if (rc == MM_ENOTFOUND || (rc == 0 && !f.confirmed))
		return wrong(c, "not_enrolled", why);
	if (rc < 0)
		return rc;
	if (totp_is_code(code)) {
		step = check_code(c, &f, code);
		if (step == MM_EUNSUPPORTED) {
			*why = MFA_NO_KEY_MSG;
			return MM_EUNSUPPORTED;
		}
		if (step == MM_EAUTH)
			return wrong(c, "totp", why);
		if (step < 0) /* out of memory: no failed login (issue 14) */
			return (int)step;
		rc = store_mfa_use_step(c->app->store, &a, c->who->user_id, step,
					session_hash(c, sh));
		if (rc == MM_EAUTH)
			return wrong(c, "totp_replayed", why);
	} else {
		if (totp_recovery_hash(code, rh) < 0)
			return wrong(c, "malformed", why);
		rc = store_mfa_use_recovery(c->app->store, &a, c->who->user_id,
					    rh, session_hash(c, sh));
		if (rc == MM_EAUTH)
			return wrong(c, "recovery", why);
	}
	if (rc == 0) {
		store_login_success(c->app->store, c->who->login,
				    c->req->client_addr);
		c->mfa_pending = 0;
		c->mfa_at = now_unix();
	}
	return rc;
}
