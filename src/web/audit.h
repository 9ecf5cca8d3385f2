/*
 * audit.h - GET /audit: the audit trail, newest first, 50 entries a page
 * (?before=SEQ for older ones), each entry shown only when ctx_can()
 * allows ACT_AUDIT_VIEW on its unit.
 */
#ifndef MM_WEB_AUDIT_H
#define MM_WEB_AUDIT_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

void web_audit(struct ctx *c);

/* audit_action_label - Japanese name of an audit action, or NULL. */
const char *audit_action_label(const char *action);

#endif
