/*
 * forms.h - the JSON form of each record that the API answers with more
 * than its descriptor says (a loan's training and checklist, a
 * take-out's report, a screenshot's overdue flag, a breach report's
 * timeline), and the plain ones the lending resources share.  Pure
 * building of JSON: no request, no store, so every resource and the
 * kinds table (api/kinds.c) may use it without a cycle.  Each returns a
 * new reference, NULL when out of memory.
 */
#ifndef MM_API_FORMS_H
#define MM_API_FORMS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <jansson.h>

#include "../core/breach.h"
#include "../core/civil.h"
#include "../store/store_devices.h"
#include "../store/store_cases.h"
#include "../store/store_compliance.h"
#include "../store/store_meetings.h"
#include "../store/store.h"

/*
 * api_unit_json, api_user_json - through their descriptors
 * (api_record_json: kind_label, rank_label, sex_label beside the keys).
 */
json_t *api_unit_json(const struct unit *u);
json_t *api_user_json(const struct user *u);
/* api_date_json - "YYYY-MM-DD", or null for an unset date. */
json_t *api_date_json(const struct civil_date *d);
/* api_device_json, api_application_json, api_check_json - as described. */
json_t *api_device_json(const struct device *d);
json_t *api_application_json(const struct borrow_application *a);
json_t *api_check_json(const struct location_check_entry *e);
/* api_loan_json - with "extended", "training" and "checklist". */
json_t *api_loan_json(const struct loan *l);
/* api_takeout_json - with "no_loss_or_damage" (null until reported). */
json_t *api_takeout_json(const struct takeout *t);
/* api_screenshot_json_on - a shot, and whether it is overdue on today. */
json_t *api_screenshot_json_on(const struct screenshot *s,
			       const struct civil_date *today);
/* api_screenshot_json - the same as of today (Asia/Tokyo). */
json_t *api_screenshot_json(const struct screenshot *s);
/*
 * api_breach_json - a report with its "timeline" (each step: event,
 * actor, role, time).
 */
json_t *api_breach_json(const struct breach *b);
/*
 * api_case_json - a case (R-CASE-1) with its communication log,
 * "messages" (each as case_message_record says, with recorded_by_name).
 */
json_t *api_case_json(const struct protect_case *c);

/*
 * api_meeting_json - a meeting (R-CASE-3..11) with its "measures" (each
 * measure decided for a guided child: kind, kind_label, decided_on,
 * note, decided_by, decided_by_name, recorded_at).  A new reference,
 * NULL when out of memory.
 */
json_t *api_meeting_json(const struct meeting *m);

/*
 * api_support_json - a support request (R-CASE-10) with its "answers"
 * (each unit's: unit_id, unit_name, answer, answer_label, lent_user_id,
 * lent_name, note, answered_by, answered_at).  A new reference, NULL when
 * out of memory.
 */
json_t *api_support_json(const struct support_request *r);

#endif
