/*
 * audit.h - GET /api/v1/audit: reading the audit trail, newest first.
 */
#ifndef MM_API_AUDIT_H
#define MM_API_AUDIT_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_audit_list - [?before=SEQ (or ?after=SEQ)&limit=N (1..200)]:
 * {"entries":[...], "next_before": SEQ or null, "next": the same}.  Only
 * entries the caller may view (ACT_AUDIT_VIEW on the entry's unit) are
 * listed, selected in the query, so a page is full; next_before is the
 * seq to pass as before for the following page, null at the start of
 * the trail.
 */
void api_audit_list(struct ctx *c);

#endif
