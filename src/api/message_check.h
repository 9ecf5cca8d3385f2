/*
 * message_check.h - POST /api/v1/message-check: the message check of a
 * draft (R-CASE-2), the same as the web's /cases/check.
 */
#ifndef MM_API_MESSAGE_CHECK_H
#define MM_API_MESSAGE_CHECK_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_message_check - POST {"text": ...} (message_check_record): 200
 * {"flagged": bool, "hits": [{"category", "label", "term"}...]}; 403 for
 * a role that does not communicate (ACT_MESSAGE_CHECK); 422 for a text
 * missing, over MSGCHECK_TEXT_CHARS characters or holding characters
 * refused, with the web's message.  Audited without the text.
 */
void api_message_check(struct ctx *c);

#endif
