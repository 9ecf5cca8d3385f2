/*
 * routes.c - the table of the HTML front end (route.h).  Every route but
 * the login form and the stylesheets needs a session; every POST but the
 * login itself is CSRF-checked by app_dispatch() before its handler runs.
 */
#include "../app/route.h"

#include <string.h>

#include "applications.h"
#include "../app/documents.h"
#include "../app/exports.h"
#include "../app/stats.h"
#include "breaches.h"
#include "photos.h"
#include "cases.h"
#include "stats.h"
#include "meetings.h"
#include "exceptions.h"
#include "screenshots.h"
#include "message_check.h"
#include "audit.h"
#include "devices.h"
#include "home.h"
#include "rules.h"
#include "loans.h"
#include "login.h"
#include "mfa.h"
#include "takeouts.h"
#include "units.h"
#include "user_page.h"
#include "users.h"
#include "tokens.h"
#include "disposal.h"
#include "designations.h"
#include "services.h"
#include "web.h"
#include "lists.h"
#include "../lib/banned.h"

/* GET /static/NAME: the name is the rest of the path. */
static void static_route(struct ctx *c)
{
	static const char prefix[] = "/static/";

	if (strncmp(c->req->path, prefix, sizeof(prefix) - 1)) {
		web_static(c, NULL);
		return;
	}
	web_static(c, c->req->path + sizeof(prefix) - 1);
}

const struct route web_routes[] = {
	{ "GET", "/login", web_login_form, ROUTE_PUBLIC, NULL },
	{ "POST", "/login", web_login_submit, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL },
	{ "POST", "/logout", web_logout, ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN,
	  NULL },
	{ "GET", "/login/mfa", web_mfa_verify_form,
	  ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL },
	{ "POST", "/login/mfa", web_mfa_verify_submit,
	  ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL },
	{ "GET", "/mfa/verify", web_mfa_verify_form,
	  ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL },
	{ "POST", "/mfa/verify", web_mfa_verify_submit,
	  ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL },
	{ "GET", "/mfa", web_mfa_page, ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL },
	{ "POST", "/mfa", web_mfa_begin, ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN,
	  NULL },
	{ "GET", "/mfa/qr.svg", web_mfa_qr, ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN,
	  NULL },
	{ "POST", "/mfa/confirm", web_mfa_confirm,
	  ROUTE_PASSWORD_OPEN | ROUTE_MFA_OPEN, NULL },
	{ "GET", "/password", web_password_form, ROUTE_PASSWORD_OPEN, NULL },
	{ "POST", "/password", web_password_submit, ROUTE_PASSWORD_OPEN, NULL },
	{ "GET", "/static/*", static_route, ROUTE_PUBLIC, NULL },
	{ "GET", "/", web_home, 0, NULL },
	{ "GET", "/rules", web_rules, 0, NULL },
	{ "GET", "/units", web_units_list, 0, NULL },
	{ "POST", "/units", web_unit_create, 0, NULL },
	{ "GET", "/units/new", web_unit_new, 0, NULL },
	{ "GET", "/units/{id}", web_unit_show, 0, NULL },
	{ "POST", "/units/{id}", web_unit_update, 0, NULL },
	{ "GET", "/units/{id}/edit", web_unit_edit, 0, NULL },
	{ "GET", "/users", web_users_list, 0, NULL },
	{ "POST", "/users", web_user_create, 0, NULL },
	{ "GET", "/users/new", web_user_new, 0, NULL },
	{ "GET", "/users/{id}", web_user_show, 0, NULL },
	{ "POST", "/users/{id}", web_user_update, 0, NULL },
	{ "GET", "/users/{id}/edit", web_user_edit, 0, NULL },
	{ "POST", "/users/{id}/deactivate", web_user_deactivate, 0, NULL },
	{ "POST", "/users/{id}/activate", web_user_activate, 0, NULL },
	{ "POST", "/users/{id}/password", web_user_password, 0, NULL },
	{ "POST", "/users/{id}/mfa/reset", web_user_mfa_reset, 0, NULL },
	{ "GET", "/users/{id}/tokens", web_tokens_list, 0, NULL },
	{ "POST", "/users/{id}/tokens", web_tokens_create, 0, NULL },
	{ "POST", "/tokens/{id}/revoke", web_tokens_revoke, 0, NULL },
	/* issue 11, R-RET-1..3: retention, holds, the disposal register */
	{ "GET", "/disposal", web_disposal_page, 0, NULL },
	{ "POST", "/disposal", web_disposal_create, 0, NULL },
	{ "GET", "/disposal/register", web_disposal_register, 0, NULL },
	{ "GET", "/disposal/register/export", export_answer, 0, &export_disposals },
	{ "POST", "/holds", web_holds_create, 0, NULL },
	{ "POST", "/holds/{id}/lift", web_holds_lift, 0, NULL },
	{ "POST", "/users/{id}/roles", web_user_role_assign, 0, NULL },
	{ "POST", "/roles/{id}/revoke", web_role_revoke, 0, NULL },
	{ "GET", "/audit", web_audit, 0, NULL },
	/* Device lending (R-DEV-1..9). */
	{ "GET", "/devices", web_list, 0, &web_devices_list },
	{ "POST", "/devices", web_device_create, 0, NULL },
	{ "GET", "/devices/new", web_device_new, 0, NULL },
	{ "GET", "/devices/import", web_device_import_form, 0, NULL },
	{ "POST", "/devices/import", web_device_import, 0, NULL },
	{ "GET", "/devices/{id}", web_device_show, 0, NULL },
	{ "POST", "/devices/{id}", web_device_update, 0, NULL },
	{ "GET", "/devices/{id}/edit", web_device_edit, 0, NULL },
	{ "POST", "/devices/{id}/retire", web_device_retire, 0, NULL },
	{ "POST", "/devices/{id}/reinstate", web_device_reinstate, 0, NULL },
	{ "GET", "/applications", web_list, 0, &web_applications_list },
	{ "POST", "/applications", web_application_create, 0, NULL },
	{ "GET", "/applications/new", web_application_new, 0, NULL },
	{ "GET", "/applications/{id}", web_step_kind_show, 0, &web_application_steps },
	/* The registers as spreadsheets (issue 11): one handler, data. */
	{ "GET", "/designations/export", export_answer, 0, &export_designations },
	{ "GET", "/loans/export", export_answer, 0, &export_loans },
	{ "GET", "/applications/export", export_answer, 0, &export_applications },
	{ "GET", "/takeouts/export", export_answer, 0, &export_takeouts },
	{ "GET", "/services/export", export_answer, 0, &export_services },
	{ "GET", "/exceptions/export", export_answer, 0, &export_exceptions },
	{ "GET", "/devices/export", export_answer, 0, &export_devices },
	{ "GET", "/cases/export", export_answer, 0, &export_cases },
	/* Issue 11: the division's statistics, and as a spreadsheet. */
	{ "GET", "/statistics", web_statistics, 0, NULL },
	{ "GET", "/statistics/export", stats_export_answer, 0, NULL },
	/* The printed forms (issue 11): one handler, the kind as data. */
	{ "GET", "/designations/{id}/pdf", document_pdf, 0, &designation_kind },
	{ "GET", "/loans/{id}/pdf", document_pdf, 0, &loan_kind },
	{ "GET", "/applications/{id}/pdf", document_pdf, 0, &application_kind },
	{ "GET", "/takeouts/{id}/pdf", document_pdf, 0, &takeout_kind },
	{ "GET", "/services/{id}/pdf", document_pdf, 0, &service_kind },
	{ "GET", "/exceptions/{id}/pdf", document_pdf, 0, &exception_kind },
	{ "GET", "/photo-approvals/{id}/pdf", document_pdf, 0,
	  &photo_approval_kind },
	{ "GET", "/meetings/{id}/pdf", document_pdf, 0, &meeting_kind },
	{ "GET", "/loans/{id}/register/pdf", document_form_pdf, 0,
	  &document_loan_register },
	{ "GET", "/loans/{id}/checks/pdf", document_form_pdf, 0,
	  &document_loan_checks },
	{ "GET", "/applications/{id}/lend", web_lend_form, 0, NULL },
	{ "POST", "/applications/{id}/lend", web_lend, 0, NULL },
	{ "GET", "/loans", web_list, 0, &web_loans_list },
	{ "GET", "/loans/{id}", web_step_kind_show, 0, &web_loan_steps },
	{ "POST", "/loans/{id}/checks", web_check_add, 0, NULL },
	{ "POST", "/loans/{id}/return", web_loan_return, 0, NULL },
	{ "POST", "/loans/{id}/close", web_loan_close, 0, NULL },
	{ "GET", "/loans/{id}/extend", web_extension_new, 0, NULL },
	{ "POST", "/loans/{id}/extend", web_extension_create, 0, NULL },
	{ "GET", "/loans/{id}/takeouts/new", web_takeout_new, 0, NULL },
	{ "POST", "/loans/{id}/takeouts", web_takeout_create, 0, NULL },
	{ "GET", "/takeouts", web_takeouts_list, 0, NULL },
	{ "GET", "/takeouts/{id}", web_step_kind_show, 0, &web_takeout_steps },
	{ "GET", "/cases", web_list, 0, &web_cases_list },
	{ "GET", "/cases/new", web_new, 0, &web_case_new },
	{ "POST", "/cases", web_create, 0, &web_case_new },
	{ "GET", "/cases/reads", web_case_reads, 0, NULL },
	{ "GET", "/cases/{id}", web_step_kind_show, 0, &web_case_steps },
	{ "GET", "/breaches", web_list, 0, &web_breaches_list },
	{ "GET", "/breaches/new", web_new, 0, &web_breach_new },
	{ "POST", "/breaches", web_create, 0, &web_breach_new },
	{ "GET", "/breaches/{id}", web_show, 0, &web_breach_show },
	/* Staff face photos (R-PHOTO-1..4, issue 10). */
	{ "GET", "/photo-approvals", web_list, 0, &web_photo_approvals_list },
	{ "GET", "/photo-approvals/new", web_new, 0, &web_photo_approval_new },
	{ "POST", "/photo-approvals", web_create, 0, &web_photo_approval_new },
	{ "GET", "/photo-approvals/{id}", web_show, 0,
	  &web_photo_approval_show },
	{ "POST", "/photo-approvals/{id}/photos", web_photos_upload, 0, NULL },
	{ "POST", "/photo-approvals/{id}/preview", web_photos_preview, 0, NULL },
	{ "GET", "/photos/{id}", web_show, 0, &web_photo_show },
	{ "GET", "/photos/{id}/image", web_photos_image, 0, NULL },
	{ "POST", "/photos/{id}/send", web_photos_send, 0, NULL },
	{ "GET", "/photo-sends/{id}", web_show, 0, &web_photo_send_show },
	{ "POST", "/photo-sends/{id}/outcome", web_photo_sends_outcome, 0,
	  NULL },
	/* Meetings of protective contact cases (R-CASE-3..11). */
	{ "GET", "/meetings", web_list, 0, &web_meetings_list },
	{ "GET", "/meetings/new", web_new, 0, &web_meeting_new },
	{ "POST", "/meetings", web_create, 0, &web_meeting_new },
	{ "GET", "/meetings/{id}", web_step_kind_show, 0, &web_meeting_steps },
	{ "GET", "/supports", web_list, 0, &web_supports_list },
	{ "GET", "/supports/new", web_new, 0, &web_support_new },
	{ "POST", "/supports", web_create, 0, &web_support_new },
	{ "GET", "/supports/{id}", web_step_kind_show, 0, &web_support_steps },
	/* Security exceptions and screenshots (R-EXC-1..3). */
	{ "GET", "/exceptions", web_list, 0, &web_exceptions_list },
	{ "GET", "/exceptions/new", web_new, 0, &web_exception_new },
	{ "POST", "/exceptions", web_create, 0, &web_exception_new },
	{ "GET", "/exceptions/{id}", web_step_kind_show, 0, &web_exception_steps },
	{ "GET", "/screenshots", web_screenshots_list, 0, NULL },
	{ "GET", "/screenshots/new", web_screenshot_new, 0, NULL },
	{ "POST", "/screenshots", web_screenshot_create, 0, NULL },
	/* R-CASE-2: the message check of a draft */
	{ "GET", "/cases/check", web_message_check_form, 0, NULL },
	{ "POST", "/cases/check", web_message_check, 0, NULL },
	{ "GET", "/screenshots/{id}", web_step_kind_show, 0, &web_screenshot_steps },
	/* Designations and external services (R-ROLE-4/5, R-SVC-1..4). */
	{ "GET", "/designations", web_designations_list, 0, NULL },
	{ "POST", "/designations", web_designation_create, 0, NULL },
	{ "GET", "/designations/{id}", web_step_kind_show, 0, &web_designation_steps },
	{ "GET", "/services", web_list, 0, &web_services_list },
	{ "GET", "/services/new", web_service_new, 0, NULL },
	{ "POST", "/services", web_service_create, 0, NULL },
	{ "GET", "/services/{id}", web_step_kind_show, 0, &web_service_steps },
	{ "POST", "/services/{id}/change", web_service_change, 0, NULL },
	{ NULL, NULL, NULL, 0, NULL },
};

/* The workflow steps (app/steps.h), all taken by web_step(). */
static const struct step_route web_step_list[] = {
	{ "/cases/{id}/triage", &case_triage_step, &web_case_steps, NULL },
	{ "/cases/{id}/assign", &case_assign_step, &web_case_steps, NULL },
	{ "/cases/{id}/messages", &case_log_step, &web_case_steps, NULL },
	{ "/cases/{id}/review", &case_review_step, &web_case_steps, NULL },
	{ "/supports/{id}/ask", &support_ask_step, &web_support_steps, NULL },
	{ "/supports/{id}/answer", &support_answer_step, &web_support_steps,
	  NULL },
	{ "/supports/{id}/close", &support_close_step, &web_support_steps,
	  NULL },
	{ "/meetings/{id}/forward", &meeting_forward_step, &web_meeting_steps,
	  NULL },
	{ "/meetings/{id}/instruct", &meeting_instruct_step,
	  &web_meeting_steps, NULL },
	{ "/meetings/{id}/send-back", &meeting_send_back_step,
	  &web_meeting_steps, NULL },
	{ "/meetings/{id}/outcome", &meeting_outcome_step, &web_meeting_steps,
	  NULL },
	{ "/meetings/{id}/report-results", &meeting_results_step,
	  &web_meeting_steps, NULL },
	{ "/meetings/{id}/assess", &meeting_assess_step, &web_meeting_steps,
	  NULL },
	{ "/meetings/{id}/measures", &meeting_measure_step,
	  &web_meeting_steps, NULL },
	{ "/meetings/{id}/close", &meeting_close_step, &web_meeting_steps,
	  NULL },
	{ "/photo-approvals/{id}/approve", &photo_approval_approve_step,
	  &web_photo_approval_steps, NULL },
	{ "/photo-approvals/{id}/refuse", &photo_approval_refuse_step,
	  &web_photo_approval_steps, NULL },
	{ "/photos/{id}/remove", &photo_remove_step, &web_photo_steps, NULL },
	{ "/breaches/{id}/forward", &breach_forward_step, &web_breach_steps,
	  NULL },
	{ "/breaches/{id}/forward-incident", &breach_forward_incident_step,
	  &web_breach_steps, NULL },
	{ "/breaches/{id}/acknowledge", &breach_acknowledge_step,
	  &web_breach_steps, NULL },
	{ "/applications/{id}/approve", &application_approve_step,
	  &web_application_steps, NULL },
	{ "/applications/{id}/refuse", &application_refuse_step,
	  &web_application_steps, web_application_refuse_names },
	{ "/applications/{id}/withdraw", &application_withdraw_step,
	  &web_application_steps, NULL },
	{ "/loans/{id}/receive", &loan_receive_step, &web_loan_steps, NULL },
	{ "/takeouts/{id}/permit", &takeout_permit_step, &web_takeout_steps,
	  NULL },
	{ "/takeouts/{id}/refuse", &takeout_refuse_step, &web_takeout_steps,
	  NULL },
	{ "/takeouts/{id}/report", &takeout_report_step, &web_takeout_steps,
	  NULL },
	{ "/services/{id}/permit", &service_permit_step, &web_service_steps,
	  NULL },
	{ "/services/{id}/refuse", &service_refuse_step, &web_service_steps,
	  NULL },
	{ "/services/{id}/forward", &service_forward_step, &web_service_steps,
	  NULL },
	{ "/services/{id}/measures", &service_measures_step,
	  &web_service_steps, NULL },
	{ "/services/{id}/withdraw", &service_withdraw_step,
	  &web_service_steps, NULL },
	{ "/services/{id}/delete", &service_delete_step, &web_service_steps,
	  NULL },
	{ "/services/{id}/acknowledge", &service_acknowledge_step,
	  &web_service_steps, NULL },
	{ "/exceptions/{id}/approve", &exception_approve_step,
	  &web_exception_steps, NULL },
	{ "/exceptions/{id}/refuse", &exception_refuse_step,
	  &web_exception_steps, NULL },
	{ "/exceptions/{id}/revoke", &exception_revoke_step,
	  &web_exception_steps, NULL },
	{ "/exceptions/{id}/withdraw", &exception_withdraw_step,
	  &web_exception_steps, NULL },
	{ "/screenshots/{id}/move", &screenshot_move_step,
	  &web_screenshot_steps, NULL },
	{ "/screenshots/{id}/delete", &screenshot_delete_step,
	  &web_screenshot_steps, NULL },
	{ "/designations/{id}/revoke", &designation_revoke_step,
	  &web_designation_steps, NULL },
	{ "/designations/{id}/redesignate", &designation_redesignate_step,
	  &web_designation_steps, NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct step_table web_steps = { web_step_list, web_step };
