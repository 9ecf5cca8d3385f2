/*
 * message_check.h - 送信前の文面チェック (R-CASE-2): the page where an
 * officer pastes a draft before sending it and sees, per category, the
 * words of the policy it holds - or that none was found, which does not
 * replace reading the draft.  The draft is not kept.
 */
#ifndef MM_WEB_MESSAGE_CHECK_H
#define MM_WEB_MESSAGE_CHECK_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/* GET /cases/check: the empty form (ACT_MESSAGE_CHECK). */
void web_message_check_form(struct ctx *c);

/*
 * POST /cases/check: the form again with the draft and what was found
 * (200), or with the field's fault (422, the API's message).
 */
void web_message_check(struct ctx *c);

#endif
