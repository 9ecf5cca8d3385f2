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
#include "lib/banned.h"

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, ROUTE_PUBLIC},
	{"GET", "/api/v1/openapi.json", api_openapi_get, ROUTE_PUBLIC},
	{"POST", "/api/v1/session", api_session_create,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"DELETE", "/api/v1/session", api_session_delete, 0},
	{"GET", "/api/v1/me", api_me_get, 0},
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
	{"POST", "/api/v1/tokens", api_tokens_create, 0},
	{"GET", "/api/v1/audit", api_audit_list, 0},
	{NULL, NULL, NULL, 0},
};
