/*
 * msgcheck.h (app/) - the message check of one request (R-CASE-2): the
 * same for the check page (/cases/check), the JSON API
 * (POST /api/v1/message-check) and whatever checks an outgoing message
 * as it is logged.  The engine is core/msgcheck.h; the policy is
 * c->app->msgcheck (app/app.h), parsed once by `mamori serve`.
 */
#ifndef MM_APP_MSGCHECK_H
#define MM_APP_MSGCHECK_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"
#include "../core/authz.h"
#include "../core/msgcheck.h"

/* The answer when the server holds no policy (never in `mamori serve`). */
#define MM_MSG_MSGCHECK_NO_POLICY "文面チェックの規則が読み込まれていないため、確認できません。システム管理者に連絡してください。"

/*
 * app_message_check - checks text (a draft read through
 * message_check_record, so valid text of at most MSGCHECK_TEXT_CHARS
 * characters) against c->app->msgcheck and writes the audit entry
 * "message.check" as the actor of grant g (may be NULL) with
 * {"flagged": bool, "categories": "payment,images" or "", "hits": n}:
 * never the text, nor the terms found, which would repeat it (R-CASE-2:
 * the draft is not kept).  Returns 0 with *r filled (the caller releases
 * it with msgcheck_result_release()); or, after answering, MM_EUNSUPPORTED
 * (501) when no policy is loaded, MM_EINVAL (422, field "text") when the
 * text is not UTF-8, or the audit's error (503 while the database cannot
 * be reached): a check that cannot be audited is not answered.
 */
int app_message_check(struct ctx *c, const struct authz_grant *g,
		      const char *text, struct msgcheck_result *r);

#endif
