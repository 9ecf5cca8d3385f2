/*
 * routes.c - the API's route table.  Every entry must be documented in
 * docs/openapi.json and every documented operation must be here:
 * tests/unit/front/test_openapi.c checks both directions, and that the
 * public ones are exactly those documented without security.
 */
#include "app/route.h"

#include <stddef.h>

#include "session.h"
#include "me.h"
#include "units.h"
#include "users.h"
#include "roles.h"
#include "tokens.h"
#include "audit.h"
#include "openapi.h"
#include "devices.h"
#include "applications.h"
#include "loans.h"
#include "checks.h"
#include "takeouts.h"
#include "reminders.h"
#include "exceptions.h"
#include "screenshots.h"
#include "breaches.h"
#include "designations.h"
#include "services.h"
#include "lib/banned.h"

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, ROUTE_PUBLIC},
	{"GET", "/api/v1/openapi.json", api_openapi_get, ROUTE_PUBLIC},
	{"POST", "/api/v1/session", api_session_create,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"DELETE", "/api/v1/session", api_session_delete, ROUTE_PASSWORD_OPEN},
	{"GET", "/api/v1/me", api_me_get, ROUTE_PASSWORD_OPEN},
	{"POST", "/api/v1/me/password", api_me_password, ROUTE_PASSWORD_OPEN},
	{"GET", "/api/v1/units", api_units_list, 0},
	{"POST", "/api/v1/units", api_units_create, 0},
	{"GET", "/api/v1/units/{id}", api_units_get, 0},
	{"PATCH", "/api/v1/units/{id}", api_units_update, 0},
	{"GET", "/api/v1/users", api_users_list, 0},
	{"POST", "/api/v1/users", api_users_create, 0},
	{"GET", "/api/v1/users/{id}", api_users_get, 0},
	{"PATCH", "/api/v1/users/{id}", api_users_update, 0},
	{"POST", "/api/v1/users/{id}/deactivate", api_users_deactivate, 0},
	{"POST", "/api/v1/users/{id}/activate", api_users_activate, 0},
	{"POST", "/api/v1/users/{id}/password", api_users_password, 0},
	{"GET", "/api/v1/roles", api_roles_list, 0},
	{"POST", "/api/v1/roles", api_roles_create, 0},
	{"DELETE", "/api/v1/roles/{id}", api_roles_delete, 0},
	{"GET", "/api/v1/tokens", api_tokens_list, 0},
	{"POST", "/api/v1/tokens", api_tokens_create, 0},
	{"DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, 0},
	{"GET", "/api/v1/audit", api_audit_list, 0},
	{"GET", "/api/v1/devices", api_devices_list, 0},
	{"POST", "/api/v1/devices", api_devices_create, 0},
	{"POST", "/api/v1/devices/import", api_devices_import, 0},
	{"GET", "/api/v1/devices/{id}", api_devices_get, 0},
	{"PATCH", "/api/v1/devices/{id}", api_devices_update, 0},
	{"POST", "/api/v1/devices/{id}/retire", api_devices_retire, 0},
	{"POST", "/api/v1/devices/{id}/reinstate", api_devices_reinstate, 0},
	{"GET", "/api/v1/devices/{id}/history", api_devices_history, 0},
	{"GET", "/api/v1/applications", api_applications_list, 0},
	{"POST", "/api/v1/applications", api_applications_create, 0},
	{"GET", "/api/v1/applications/{id}", api_applications_get, 0},
	{"GET", "/api/v1/loans", api_loans_list, 0},
	{"POST", "/api/v1/loans", api_loans_lend, 0},
	{"GET", "/api/v1/loans/{id}", api_loans_get, 0},
	{"GET", "/api/v1/loans/{id}/return", api_loans_return_accounts, 0},
	{"POST", "/api/v1/loans/{id}/return", api_loans_return, 0},
	{"POST", "/api/v1/loans/{id}/close", api_loans_close, 0},
	{"GET", "/api/v1/loans/{id}/checks", api_checks_list, 0},
	{"POST", "/api/v1/loans/{id}/checks", api_checks_create, 0},
	{"GET", "/api/v1/takeouts", api_takeouts_list, 0},
	{"POST", "/api/v1/takeouts", api_takeouts_create, 0},
	{"GET", "/api/v1/takeouts/{id}", api_takeouts_get, 0},
	{"GET", "/api/v1/reminders", api_reminders_list, 0},
	{"GET", "/api/v1/exceptions", api_exceptions_list, 0},
	{"POST", "/api/v1/exceptions", api_exceptions_create, 0},
	{"GET", "/api/v1/exceptions/{id}", api_exceptions_get, 0},
	{"GET", "/api/v1/screenshots", api_screenshots_list, 0},
	{"POST", "/api/v1/screenshots", api_screenshots_create, 0},
	{"GET", "/api/v1/screenshots/{id}", api_screenshots_get, 0},
	{"GET", "/api/v1/breaches", api_breaches_list, 0},
	{"POST", "/api/v1/breaches", api_breaches_create, 0},
	{"GET", "/api/v1/breaches/{id}", api_breaches_get, 0},
	{"GET", "/api/v1/designations", api_designations_list, 0},
	{"POST", "/api/v1/designations", api_designations_create, 0},
	{"GET", "/api/v1/designations/{id}", api_designations_get, 0},
	{"GET", "/api/v1/designation-register", api_designation_register, 0},
	{"GET", "/api/v1/services", api_services_list, 0},
	{"POST", "/api/v1/services", api_services_create, 0},
	{"GET", "/api/v1/services/{id}", api_services_get, 0},
	{"POST", "/api/v1/services/{id}/change", api_services_change, 0},
	{NULL, NULL, NULL, 0},
};

/* The workflow steps (app/steps.h), all taken by api_step(). */
static const struct step_route api_step_list[] = {
	{"/api/v1/breaches/{id}/forward", &breach_forward_step,
	 &api_breach_steps, NULL},
	{"/api/v1/breaches/{id}/forward-incident",
	 &breach_forward_incident_step, &api_breach_steps, NULL},
	{"/api/v1/breaches/{id}/acknowledge", &breach_acknowledge_step,
	 &api_breach_steps, NULL},
	{"/api/v1/applications/{id}/approve", &application_approve_step,
	 &api_application_steps, NULL},
	{"/api/v1/applications/{id}/refuse", &application_refuse_step,
	 &api_application_steps, NULL},
	{"/api/v1/applications/{id}/withdraw", &application_withdraw_step,
	 &api_application_steps, NULL},
	{"/api/v1/loans/{id}/receive", &loan_receive_step, &api_loan_steps,
	 NULL},
	{"/api/v1/takeouts/{id}/permit", &takeout_permit_step,
	 &api_takeout_steps, NULL},
	{"/api/v1/takeouts/{id}/refuse", &takeout_refuse_step,
	 &api_takeout_steps, NULL},
	{"/api/v1/takeouts/{id}/cancel", &takeout_cancel_step,
	 &api_takeout_steps, NULL},
	{"/api/v1/takeouts/{id}/report", &takeout_report_step,
	 &api_takeout_steps, NULL},
	{"/api/v1/services/{id}/permit", &service_permit_step,
	 &api_service_steps, NULL},
	{"/api/v1/services/{id}/refuse", &service_refuse_step,
	 &api_service_steps, NULL},
	{"/api/v1/services/{id}/forward", &service_forward_step,
	 &api_service_steps, NULL},
	{"/api/v1/services/{id}/measures", &service_measures_step,
	 &api_service_steps, NULL},
	{"/api/v1/services/{id}/withdraw", &service_withdraw_step,
	 &api_service_steps, NULL},
	{"/api/v1/services/{id}/delete", &service_delete_step,
	 &api_service_steps, NULL},
	{"/api/v1/services/{id}/acknowledge", &service_acknowledge_step,
	 &api_service_steps, NULL},
	{"/api/v1/exceptions/{id}/approve", &exception_approve_step,
	 &api_exception_steps, NULL},
	{"/api/v1/exceptions/{id}/refuse", &exception_refuse_step,
	 &api_exception_steps, NULL},
	{"/api/v1/exceptions/{id}/revoke", &exception_revoke_step,
	 &api_exception_steps, NULL},
	{"/api/v1/exceptions/{id}/withdraw", &exception_withdraw_step,
	 &api_exception_steps, NULL},
	{"/api/v1/screenshots/{id}/move", &screenshot_move_step,
	 &api_screenshot_steps, NULL},
	{"/api/v1/screenshots/{id}/delete", &screenshot_delete_step,
	 &api_screenshot_steps, NULL},
	{"/api/v1/designations/{id}/revoke", &designation_revoke_step,
	 &api_designation_steps, NULL},
	{"/api/v1/designations/{id}/redesignate", &designation_redesignate_step,
	 &api_designation_steps, NULL},
	{NULL, NULL, NULL, NULL},
};

const struct step_table api_steps = { api_step_list, api_step };
