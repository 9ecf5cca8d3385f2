/*
 * mfa.h - the second factor over the API (issue 13; app/mfa.h):
 *   POST /api/v1/session/verify {code}  a TOTP or recovery code: ends a
 *        pending login's wait, renews the session's factor (step-up)
 *   GET  /api/v1/me/mfa                 {enrolled, required, recovery_codes_left}
 *   POST /api/v1/me/mfa                 begins enrolment: {secret,
 *        otpauth_uri, qr_svg}
 *   POST /api/v1/me/mfa/confirm {code}  {recovery_codes: [...]} shown once
 */
#ifndef MM_API_MFA_H
#define MM_API_MFA_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* api_session_verify - POST /api/v1/session/verify {code}. */
void api_session_verify(struct ctx *c);
/* api_mfa_get - GET /api/v1/me/mfa. */
void api_mfa_get(struct ctx *c);
/* api_mfa_begin - POST /api/v1/me/mfa, 201. */
void api_mfa_begin(struct ctx *c);
/* api_mfa_confirm - POST /api/v1/me/mfa/confirm {code}, 200. */
void api_mfa_confirm(struct ctx *c);

#endif
