/*
 * mfa.h - the second factor (issue 13; ASVS 6.x, 7.5.3 step-up), the
 * same for the web and the API: the gate of a session between password
 * and code, enrolment (secret, otpauth:// URI, QR code drawn here with
 * libqrencode, recovery codes), verification (TOTP or a recovery code,
 * throttled and counted like a failed login) and step-up: the decisions
 * that matter ask for a factor verified within [mfa] step_up_minutes.
 */
#ifndef MM_APP_MFA_H
#define MM_APP_MFA_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"
#include "../core/totp.h"
#include "../lib/buf.h"

#define MFA_PENDING_MSG \
	"二要素認証の確認コードを入力してください。確認が済むまで他の操作はできません。"
#define MFA_ENROL_MSG \
	"この利用者には二要素認証の登録が必要です。登録が済むまで他の操作はできません。"
#define MFA_STEP_UP_MSG \
	"この決定には二要素認証の再確認が必要です。確認コードを入力してから、もう一度操作してください（画面: /mfa/verify、API: POST /api/v1/session/verify）。"
#define MFA_MINT_MSG \
	"APIトークンの発行には二要素認証の再確認が必要です。確認コードを入力してから、もう一度操作してください（画面: /mfa/verify、API: POST /api/v1/session/verify）。"
#define MFA_BAD_CODE_MSG "確認コードが正しくないか、すでに使われています。"
#define MFA_NO_KEY_MSG \
	"二要素認証の鍵ファイルが設定されていないため、登録できません（[keys] field_key）。"
#define MFA_ENROLLED_MSG "二要素認証はすでに登録されています。"
#define MFA_NOT_BEGUN_MSG "二要素認証の登録を先に開始してください。"

enum mfa_gate {
	MFA_GATE_OPEN = 0,
	MFA_GATE_PENDING,   /* the session waits for its code */
	MFA_GATE_ENROL,     /* must have a factor ([mfa] required), has none */
};

/*
 * mfa_needed - 1 when p must have a second factor where [mfa] required:
 * an administrator or a holder of any role of the directive.
 */
int mfa_needed(const struct principal *p);

/* mfa_gate - what the request's principal may do now (see enum). */
enum mfa_gate mfa_gate(const struct ctx *c);

/*
 * mfa_fresh - 1 when the request carries a second factor verified within
 * [mfa] step_up_minutes, or the user has none enrolled (and need not:
 * the demo).  A bearer token carries none.
 */
int mfa_fresh(const struct ctx *c);

/*
 * mfa_step_up - for ctx_authorize(): when action a is one of the
 * decisions that matter (the table in mfa.c) and the method changes
 * state, refuses unless mfa_fresh(): 403 with MFA_STEP_UP_MSG, audited
 * "access.denied" with rule "mfa_step_up".  Returns 0 or MM_EDENIED
 * (answered).
 */
int mfa_step_up(struct ctx *c, enum action a);

/* An enrolment begun: what the user copies into the authenticator. */
struct mfa_enrolment {
	char secret[TOTP_SECRET_B32];  /* base32 */
	struct buf uri;                /* otpauth://totp/... */
	struct buf svg;                /* the QR code of uri, an SVG image */
};

/* mfa_enrolment_release - frees e's buffers and wipes its secret. */
void mfa_enrolment_release(struct mfa_enrolment *e);

/*
 * mfa_begin - starts (or restarts) the enrolment of the request's user:
 * a new secret, sealed under the field key and stored unconfirmed;
 * fills e (released by the caller, also on error).  Returns 0,
 * MM_EUNSUPPORTED (no field key), MM_EEXIST (already enrolled) with
 * *why, or a store error.
 */
int mfa_begin(struct ctx *c, struct mfa_enrolment *e, const char **why);

/*
 * mfa_enrolment_show - the enrolment begun and not yet confirmed, again
 * (its secret opened with the field key): the web's page and QR image.
 * Returns 0, MM_ENOTFOUND (none waits), MM_EUNSUPPORTED (no key) or a
 * store error; e is released by the caller in every case.
 */
int mfa_enrolment_show(struct ctx *c, struct mfa_enrolment *e);

/*
 * mfa_confirm - the first code confirms the enrolment begun: codes gets
 * TOTP_RECOVERY_CODES recovery codes, shown once (stored hashed), and
 * the session counts as verified now.  Returns 0, MM_EINVAL (wrong
 * code: *why), MM_ESTATE (nothing begun), MM_ETHROTTLED, or a store
 * error.
 */
int mfa_confirm(struct ctx *c, const char *code,
		char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT],
		const char **why);

/*
 * mfa_verify - a TOTP code (six digits) or a recovery code of the
 * request's user: under the login throttle, a wrong one counted as a
 * failed login and audited "mfa.failed"; a right one ends a pending
 * session's wait and renews the session's factor time (step-up).
 * Returns 0, MM_EAUTH (*why), MM_ETHROTTLED (Retry-After set, *why), or
 * a store error.
 */
int mfa_verify(struct ctx *c, const char *code, const char **why);

#endif
