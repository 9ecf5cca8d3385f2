/*
 * routes.c - the API's route table.  The paths of docs/openapi.json are
 * generated from it (tools/openapi_paths.c): a new route needs its entry
 * "METHOD /path" (at least a summary) in docs/openapi-overlay.json, or
 * the build stops naming it; then `ninja -C build openapi-update`.
 * tests/unit/front/test_openapi.c checks the document against this table
 * both ways, and that the public ones are exactly those documented
 * without security.
 */
#include "app/route.h"

#include <stddef.h>

#include "session.h"
#include "me.h"
#include "mfa.h"
#include "units.h"
#include "users.h"
#include "roles.h"
#include "tokens.h"
#include "audit.h"
#include "cases.h"
#include "stats.h"
#include "openapi.h"
#include "devices.h"
#include "applications.h"
#include "../app/documents.h"
#include "../app/exports.h"
#include "../app/stats.h"
#include "loans.h"
#include "checks.h"
#include "disposal.h"
#include "takeouts.h"
#include "reminders.h"
#include "screenshots.h"
#include "photos.h"
#include "message_check.h"
#include "policy.h"
#include "designations.h"
#include "services.h"
#include "steps.h"
#include "lib/banned.h"

/*
 * The lists of records, all answered by api_list(): the kind, what is
 * authorized before the view selects (anyone logged in, but the
 * exceptions' register), and the query keys each takes.
 */
#define Q_UNIT KIND_QUERY("unit_id", KIND_QUERY_ID, unit_id)
#define Q_STATE KIND_QUERY("state", KIND_QUERY_STATE, state)
#define Q_OPEN KIND_QUERY("open", KIND_QUERY_BOOL, open_only)
#define Q_CASE KIND_QUERY("case_id", KIND_QUERY_ID, case_id)
#define Q_END { NULL, KIND_QUERY_ID, 0 }
#define LIST(name, kind, gate, ...)                                        \
	static const struct kind_query name##_query[] = { __VA_ARGS__ };    \
	static const struct api_list_route name = { &kind, gate,            \
		name##_query }

/* GET [?unit_id=N&include_inactive=true]: {"users": [...]} */
LIST(users_list, user_kind, ACT_HOME_VIEW, Q_UNIT,
     KIND_QUERY("include_inactive", KIND_QUERY_BOOL, include_inactive),
     Q_END);
/* GET: {"devices": [...]} */
LIST(devices_list, device_kind, ACT_HOME_VIEW, Q_END);
/* GET [?unit_id=&state=]: form 3 */
LIST(applications_list, application_kind, ACT_HOME_VIEW, Q_UNIT, Q_STATE,
     Q_END);
/* GET [?unit_id=&open=true]: the lending register */
LIST(loans_list, loan_kind, ACT_HOME_VIEW, Q_UNIT, Q_OPEN, Q_END);
/* GET [?unit_id=&loan_id=&open=true]: detail form 1 */
LIST(takeouts_list, takeout_kind, ACT_HOME_VIEW, Q_UNIT,
     KIND_QUERY("loan_id", KIND_QUERY_ID, loan_id), Q_OPEN, Q_END);
/*
 * GET [?state=]: detail form 12, prefecture-wide (object unit 0).  Made
 * by POST {kind, scope, purpose} (api_create); its steps: approve -
 * {version, scope, valid_from, valid_until}; refuse, revoke - {version,
 * reason}; withdraw - {version, reason?}: the general manager.
 */
LIST(exceptions_list, exception_kind, ACT_EXCEPTION_VIEW, Q_STATE, Q_END);
/*
 * GET [?unit_id=&state=]: breach reports (R-CMP-6), made by POST
 * {unit_id?, rule, what, who, occurred_at} (api_create); a report is
 * answered with its "timeline".
 */
LIST(breaches_list, breach_kind, ACT_HOME_VIEW, Q_UNIT, Q_STATE, Q_END);
/*
 * GET [?unit_id=&state=]: protective-contact cases (R-CASE-1), each row
 * read audited ("case.read", way "list"); made by POST {unit_id?,
 * found_at, service, post_ref, post_text, risk_signals} (api_create); a
 * case is answered with its "messages".
 */
LIST(cases_list, case_kind, ACT_HOME_VIEW, Q_UNIT, Q_STATE,
     KIND_QUERY("review_pending", KIND_QUERY_BOOL, review_pending), Q_END);
/*
 * GET [?unit_id=&case_id=&state=&open=true]: meetings of protective
 * contact cases
 * (R-CASE-3..11), made by the officer's pre-meeting report POST
 * {case_id, place, meet_at, person_female, staff_1..staff_4, escape_plan,
 * setup_plan, division_notified, report_note} (api_create); a meeting is
 * answered with its "measures".
 */
LIST(meetings_list, meeting_kind, ACT_HOME_VIEW, Q_UNIT, Q_CASE, Q_STATE,
     Q_OPEN, Q_END);
/*
 * GET [?unit_id=&case_id=&state=]: support requests (R-CASE-10), made by the
 * unit's manager POST {case_id, meet_at, need} (api_create); its steps:
 * ask, close - {version, note?} (the general manager); answer -
 * {version, answer, lent_user_id?, answer_note?} (another unit's manager).
 */
LIST(supports_list, support_kind, ACT_HOME_VIEW, Q_UNIT, Q_CASE, Q_STATE,
     Q_END);
/*
 * GET [?unit_id=&state=]: photo use approval applications, form 4
 * (R-PHOTO-2), made by POST {staff_id, consent, purpose, device_id}
 * (api_create: the unit's communication officer); steps approve, refuse
 * {version}: the unit's manager.
 */
LIST(photo_approvals_list, photo_approval_kind, ACT_PHOTO_VIEW, Q_UNIT,
     Q_STATE, Q_END);
/* GET [?unit_id=]: designations (R-ROLE-4, R-ROLE-5) */
LIST(designations_list, designation_kind, ACT_HOME_VIEW, Q_UNIT, Q_END);
/* GET [?unit_id=&device_id=&state=]: detail form 9 (R-SVC-1..4) */
LIST(services_list, service_kind, ACT_HOME_VIEW, Q_UNIT,
     KIND_QUERY("device_id", KIND_QUERY_ID, device_id), Q_STATE, Q_END);

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, ROUTE_PUBLIC, NULL},
	{"GET", "/api/v1/openapi.json", api_openapi_get, ROUTE_PUBLIC, NULL},
	{"POST", "/api/v1/session", api_session_create,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
	{"DELETE", "/api/v1/session", api_session_delete,
	 ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL},
	{"POST", "/api/v1/session/verify", api_session_verify,
	 ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL},
	{"GET", "/api/v1/me/mfa", api_mfa_get,
	 ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL},
	{"POST", "/api/v1/me/mfa", api_mfa_begin,
	 ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL},
	{"POST", "/api/v1/me/mfa/confirm", api_mfa_confirm,
	 ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL},
	{"GET", "/api/v1/me", api_me_get, ROUTE_PASSWORD_OPEN, NULL},
	{"POST", "/api/v1/me/password", api_me_password, ROUTE_PASSWORD_OPEN, NULL},
	{"GET", "/api/v1/units", api_units_list, 0, NULL},
	{"POST", "/api/v1/units", api_units_create, 0, NULL},
	{"GET", "/api/v1/units/{id}", api_units_get, 0, NULL},
	{"PATCH", "/api/v1/units/{id}", api_units_update, 0, NULL},
	{"GET", "/api/v1/users", api_list, 0, &users_list},
	{"POST", "/api/v1/users", api_users_create, 0, NULL},
	{"GET", "/api/v1/users/{id}", api_users_get, 0, NULL},
	{"PATCH", "/api/v1/users/{id}", api_users_update, 0, NULL},
	{"POST", "/api/v1/users/{id}/deactivate", api_users_deactivate, 0, NULL},
	{"POST", "/api/v1/users/{id}/activate", api_users_activate, 0, NULL},
	{"POST", "/api/v1/users/{id}/password", api_users_password, 0, NULL},
	{"DELETE", "/api/v1/users/{id}/mfa", api_users_mfa_reset, 0, NULL},
	{"GET", "/api/v1/roles", api_roles_list, 0, NULL},
	{"POST", "/api/v1/roles", api_roles_create, 0, NULL},
	{"DELETE", "/api/v1/roles/{id}", api_roles_delete, 0, NULL},
	{"GET", "/api/v1/tokens", api_tokens_list, 0, NULL},
	{"POST", "/api/v1/tokens", api_tokens_create, 0, NULL},
	{"DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, 0, NULL},
	{"GET", "/api/v1/audit", api_audit_list, 0, NULL},
	/* issue 11, R-RET-1..3: retention, holds, the disposal register */
	{"GET", "/api/v1/disposal/due", api_disposal_due, 0, NULL},
	{"POST", "/api/v1/disposal", api_disposal_create, 0, NULL},
	{"GET", "/api/v1/disposal/register", api_disposal_register, 0, NULL},
	{"GET", "/api/v1/disposal/register/export", export_answer, 0, &export_disposals},
	{"GET", "/api/v1/holds", api_holds_list, 0, NULL},
	{"POST", "/api/v1/holds", api_holds_create, 0, NULL},
	{"POST", "/api/v1/holds/{id}/lift", api_holds_lift, 0, NULL},
	{"GET", "/api/v1/devices", api_list, 0, &devices_list},
	{"POST", "/api/v1/devices", api_devices_create, 0, NULL},
	{"POST", "/api/v1/devices/import", api_devices_import, 0, NULL},
	{"GET", "/api/v1/devices/{id}", api_get, 0, &device_kind},
	{"PATCH", "/api/v1/devices/{id}", api_devices_update, 0, NULL},
	{"POST", "/api/v1/devices/{id}/retire", api_devices_retire, 0, NULL},
	{"POST", "/api/v1/devices/{id}/reinstate", api_devices_reinstate, 0, NULL},
	{"GET", "/api/v1/devices/{id}/history", api_devices_history, 0, NULL},
	{"GET", "/api/v1/applications", api_list, 0, &applications_list},
	{"POST", "/api/v1/applications", api_applications_create, 0, NULL},
	{"GET", "/api/v1/applications/{id}", api_get, 0, &application_kind},
	/* The registers as spreadsheets (issue 11): one handler, data. */
	{"GET", "/api/v1/designations/export", export_answer, 0, &export_designations},
	{"GET", "/api/v1/loans/export", export_answer, 0, &export_loans},
	{"GET", "/api/v1/applications/export", export_answer, 0, &export_applications},
	{"GET", "/api/v1/takeouts/export", export_answer, 0, &export_takeouts},
	{"GET", "/api/v1/services/export", export_answer, 0, &export_services},
	{"GET", "/api/v1/exceptions/export", export_answer, 0, &export_exceptions},
	{"GET", "/api/v1/devices/export", export_answer, 0, &export_devices},
	{"GET", "/api/v1/cases/export", export_answer, 0, &export_cases},
	/* Issue 11: the division's statistics, and as a spreadsheet. */
	{"GET", "/api/v1/statistics", api_statistics, 0, NULL},
	{"GET", "/api/v1/statistics/export", stats_export_answer, 0, NULL},
	/* The printed forms (issue 11): one handler, the kind as data. */
	{"GET", "/api/v1/designations/{id}/pdf", document_pdf, 0,
	 &designation_kind},
	{"GET", "/api/v1/loans/{id}/pdf", document_pdf, 0, &loan_kind},
	{"GET", "/api/v1/applications/{id}/pdf", document_pdf, 0,
	 &application_kind},
	{"GET", "/api/v1/takeouts/{id}/pdf", document_pdf, 0, &takeout_kind},
	{"GET", "/api/v1/services/{id}/pdf", document_pdf, 0, &service_kind},
	{"GET", "/api/v1/exceptions/{id}/pdf", document_pdf, 0,
	 &exception_kind},
	{"GET", "/api/v1/photo-approvals/{id}/pdf", document_pdf, 0,
	 &photo_approval_kind},
	{"GET", "/api/v1/meetings/{id}/pdf", document_pdf, 0, &meeting_kind},
	{"GET", "/api/v1/loans/{id}/register/pdf", document_form_pdf, 0,
	 &document_loan_register},
	{"GET", "/api/v1/loans/{id}/checks/pdf", document_form_pdf, 0,
	 &document_loan_checks},
	{"GET", "/api/v1/loans", api_list, 0, &loans_list},
	{"POST", "/api/v1/loans", api_loans_lend, 0, NULL},
	{"GET", "/api/v1/loans/{id}", api_get, 0, &loan_kind},
	{"GET", "/api/v1/loans/{id}/return", api_loans_return_accounts, 0, NULL},
	{"POST", "/api/v1/loans/{id}/return", api_loans_return, 0, NULL},
	{"POST", "/api/v1/loans/{id}/close", api_loans_close, 0, NULL},
	{"GET", "/api/v1/loans/{id}/checks", api_checks_list, 0, NULL},
	{"POST", "/api/v1/loans/{id}/checks", api_checks_create, 0, NULL},
	{"GET", "/api/v1/takeouts", api_list, 0, &takeouts_list},
	{"POST", "/api/v1/takeouts", api_takeouts_create, 0, NULL},
	{"GET", "/api/v1/takeouts/{id}", api_get, 0, &takeout_kind},
	{"GET", "/api/v1/reminders", api_reminders_list, 0, NULL},
	{"GET", "/api/v1/exceptions", api_list, 0, &exceptions_list},
	{"POST", "/api/v1/exceptions", api_create, 0, &exception_kind},
	{"GET", "/api/v1/exceptions/{id}", api_get, 0, &exception_kind},
	{"GET", "/api/v1/screenshots", api_screenshots_list, 0, NULL},
	{"POST", "/api/v1/screenshots", api_screenshots_create, 0, NULL},
	{"GET", "/api/v1/screenshots/{id}", api_get, 0, &screenshot_kind},
	{"GET", "/api/v1/breaches", api_list, 0, &breaches_list},
	{"POST", "/api/v1/breaches", api_create, 0, &breach_kind},
	{"GET", "/api/v1/breaches/{id}", api_get, 0, &breach_kind},
	{"GET", "/api/v1/cases", api_list, 0, &cases_list},
	{"POST", "/api/v1/cases", api_create, 0, &case_kind},
	{"GET", "/api/v1/cases/reads", api_case_reads, 0, NULL},
	{"GET", "/api/v1/cases/{id}", api_get, 0, &case_kind},
	{"GET", "/api/v1/meetings", api_list, 0, &meetings_list},
	{"POST", "/api/v1/meetings", api_create, 0, &meeting_kind},
	{"GET", "/api/v1/meetings/{id}", api_get, 0, &meeting_kind},
	{"GET", "/api/v1/meetings/{id}/history", api_meeting_history, 0, NULL},
	{"GET", "/api/v1/supports", api_list, 0, &supports_list},
	{"POST", "/api/v1/supports", api_create, 0, &support_kind},
	{"GET", "/api/v1/supports/{id}", api_get, 0, &support_kind},
	{"GET", "/api/v1/designations", api_list, 0, &designations_list},
	{"POST", "/api/v1/designations", api_designations_create, 0, NULL},
	{"GET", "/api/v1/designations/{id}", api_get, 0, &designation_kind},
	{"GET", "/api/v1/designation-register", api_designation_register, 0, NULL},
	{"GET", "/api/v1/services", api_list, 0, &services_list},
	{"POST", "/api/v1/services", api_services_create, 0, NULL},
	{"GET", "/api/v1/services/{id}", api_get, 0, &service_kind},
	{"POST", "/api/v1/services/{id}/change", api_services_change, 0, NULL},
	/* Staff face photos (R-PHOTO-1..4, issue 10) */
	{"GET", "/api/v1/photo-approvals", api_list, 0, &photo_approvals_list},
	{"POST", "/api/v1/photo-approvals", api_create, 0, &photo_approval_kind},
	{"GET", "/api/v1/photo-approvals/{id}", api_get, 0,
	 &photo_approval_kind},
	{"GET", "/api/v1/photo-approvals/{id}/photos", api_photos_of, 0, NULL},
	{"POST", "/api/v1/photo-approvals/{id}/photos", api_photos_upload, 0,
	 NULL},
	{"POST", "/api/v1/photo-approvals/{id}/preview", api_photos_preview, 0,
	 NULL},
	{"GET", "/api/v1/photos/{id}", api_get, 0, &photo_kind},
	{"GET", "/api/v1/photos/{id}/image", api_photos_image, 0, NULL},
	{"POST", "/api/v1/photos/{id}/send", api_photos_send, 0, NULL},
	{"GET", "/api/v1/photo-sends/{id}", api_get, 0, &photo_send_kind},
	{"POST", "/api/v1/photo-sends/{id}/outcome", api_photo_sends_outcome, 0,
	 NULL},
	/* R-CASE-2: the message check of a draft */
	{"POST", "/api/v1/message-check", api_message_check, 0, NULL},
	{"GET", "/api/v1/policy", api_policy_get, 0, NULL},
	{"GET", "/api/v1/policy/versions", api_policy_versions, 0, NULL},
	{NULL, NULL, NULL, 0, NULL},
};

/* The workflow steps (app/steps.h), all taken by api_step(). */
static const struct step_route api_step_list[] = {
	{"/api/v1/photo-approvals/{id}/approve", &photo_approval_approve_step,
	 &photo_approval_kind, NULL},
	{"/api/v1/photo-approvals/{id}/refuse", &photo_approval_refuse_step,
	 &photo_approval_kind, NULL},
	{"/api/v1/photos/{id}/remove", &photo_remove_step, &photo_kind, NULL},
	{"/api/v1/cases/{id}/triage", &case_triage_step, &case_kind, NULL},
	{"/api/v1/cases/{id}/assign", &case_assign_step, &case_kind, NULL},
	{"/api/v1/cases/{id}/messages", &case_log_step, &case_kind, NULL},
	{"/api/v1/cases/{id}/review", &case_review_step, &case_kind, NULL},
	{"/api/v1/supports/{id}/ask", &support_ask_step, &support_kind, NULL},
	{"/api/v1/supports/{id}/answer", &support_answer_step, &support_kind,
	 NULL},
	{"/api/v1/supports/{id}/close", &support_close_step, &support_kind,
	 NULL},
	{"/api/v1/meetings/{id}/forward", &meeting_forward_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/instruct", &meeting_instruct_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/send-back", &meeting_send_back_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/outcome", &meeting_outcome_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/report-results", &meeting_results_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/assess", &meeting_assess_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/measures", &meeting_measure_step,
	 &meeting_kind, NULL},
	{"/api/v1/meetings/{id}/close", &meeting_close_step,
	 &meeting_kind, NULL},
	{"/api/v1/breaches/{id}/forward", &breach_forward_step,
	 &breach_kind, NULL},
	{"/api/v1/breaches/{id}/forward-incident",
	 &breach_forward_incident_step, &breach_kind, NULL},
	{"/api/v1/breaches/{id}/acknowledge", &breach_acknowledge_step,
	 &breach_kind, NULL},
	{"/api/v1/applications/{id}/approve", &application_approve_step,
	 &application_kind, NULL},
	{"/api/v1/applications/{id}/refuse", &application_refuse_step,
	 &application_kind, NULL},
	{"/api/v1/applications/{id}/withdraw", &application_withdraw_step,
	 &application_kind, NULL},
	{"/api/v1/loans/{id}/receive", &loan_receive_step, &loan_kind,
	 NULL},
	{"/api/v1/takeouts/{id}/permit", &takeout_permit_step,
	 &takeout_kind, NULL},
	{"/api/v1/takeouts/{id}/refuse", &takeout_refuse_step,
	 &takeout_kind, NULL},
	{"/api/v1/takeouts/{id}/cancel", &takeout_cancel_step,
	 &takeout_kind, NULL},
	{"/api/v1/takeouts/{id}/report", &takeout_report_step,
	 &takeout_kind, NULL},
	{"/api/v1/services/{id}/permit", &service_permit_step,
	 &service_kind, NULL},
	{"/api/v1/services/{id}/refuse", &service_refuse_step,
	 &service_kind, NULL},
	{"/api/v1/services/{id}/forward", &service_forward_step,
	 &service_kind, NULL},
	{"/api/v1/services/{id}/measures", &service_measures_step,
	 &service_kind, NULL},
	{"/api/v1/services/{id}/withdraw", &service_withdraw_step,
	 &service_kind, NULL},
	{"/api/v1/services/{id}/delete", &service_delete_step,
	 &service_kind, NULL},
	{"/api/v1/services/{id}/acknowledge", &service_acknowledge_step,
	 &service_kind, NULL},
	{"/api/v1/exceptions/{id}/approve", &exception_approve_step,
	 &exception_kind, NULL},
	{"/api/v1/exceptions/{id}/refuse", &exception_refuse_step,
	 &exception_kind, NULL},
	{"/api/v1/exceptions/{id}/revoke", &exception_revoke_step,
	 &exception_kind, NULL},
	{"/api/v1/exceptions/{id}/withdraw", &exception_withdraw_step,
	 &exception_kind, NULL},
	{"/api/v1/screenshots/{id}/move", &screenshot_move_step,
	 &screenshot_kind, NULL},
	{"/api/v1/screenshots/{id}/delete", &screenshot_delete_step,
	 &screenshot_kind, NULL},
	{"/api/v1/designations/{id}/revoke", &designation_revoke_step,
	 &designation_kind, NULL},
	{"/api/v1/designations/{id}/redesignate", &designation_redesignate_step,
	 &designation_kind, NULL},
	{NULL, NULL, NULL, NULL},
};

const struct step_table api_steps = { api_step_list, api_step };
