/*
 * cases.h - the API's own handler for protective-contact cases
 * (R-CASE-1): who read which case when, from the audit trail.  The
 * cases themselves (list, report, get, triage, assign, log) are the
 * generic handlers' (api_list, api_create, api_get, api_step).
 */
#ifndef MM_API_CASES_H
#define MM_API_CASES_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"

/*
 * api_case_reads - GET /api/v1/cases/reads[?case_id=&limit=&after=]:
 * {"reads": [{seq, at, user_id, login, role, unit_id, case_id, way}],
 * "next"}, newest first: the general manager's (ACT_CASE_READS_VIEW).
 */
void api_case_reads(struct ctx *c);

/*
 * api_meeting_history - GET /api/v1/meetings/{id}/history (issue 9,
 * R-CASE-11): the other meetings about the same child as the meeting's
 * outcome names, found by keyed hash only (app/history.h), those the
 * user may view, each audited as read: {"looked": bool, "items": [
 * {meeting_id, case_id, unit_id, state, meet_at, outcome_at, juvenile,
 * guidance}]}.  No identifying value is answered.
 */
void api_meeting_history(struct ctx *c);

#endif
