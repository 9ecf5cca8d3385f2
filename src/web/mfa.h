/*
 * mfa.h - the second factor's screens (issue 13; app/mfa.h):
 *   GET/POST /login/mfa    the code after the password (or a recovery code)
 *   GET/POST /mfa/verify   the same for step-up: ?next= the page to return to
 *   GET /mfa               enrolment: state, or the QR code, secret and
 *                          the confirming code's form of one begun
 *   POST /mfa              begins (or restarts) an enrolment
 *   GET /mfa/qr.svg        the QR code, drawn by Mamori
 *   POST /mfa/confirm      the first code; the recovery codes shown once
 */
#ifndef MM_WEB_MFA_H
#define MM_WEB_MFA_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* GET /login/mfa and /mfa/verify: the form for a code. */
void web_mfa_verify_form(struct ctx *c);
/* POST /login/mfa and /mfa/verify: mfa_verify(); 303 to next or /. */
void web_mfa_verify_submit(struct ctx *c);
/* GET /mfa: the enrolment page. */
void web_mfa_page(struct ctx *c);
/* POST /mfa: mfa_begin(), then 303 to /mfa. */
void web_mfa_begin(struct ctx *c);
/* GET /mfa/qr.svg: the QR code of the enrolment begun (404 if none). */
void web_mfa_qr(struct ctx *c);
/* POST /mfa/confirm: mfa_confirm(); the recovery codes, once. */
void web_mfa_confirm(struct ctx *c);

/*
 * web_mfa_verify_link - the link of a step-up refusal: /mfa/verify with
 * next = the page of the refused form (the POST's path without its last
 * segment), into out (n bytes).
 */
void web_mfa_verify_link(const struct ctx *c, char *out, size_t n);

#endif
