/*
 * routes.c - the table of the HTML front end (route.h).  Every route but
 * the login form and the stylesheets needs a session; every POST but the
 * login itself is CSRF-checked by app_dispatch() before its handler runs.
 */
#include "../app/route.h"

#include <string.h>

#include "audit.h"
#include "home.h"
#include "login.h"
#include "units.h"
#include "user_page.h"
#include "users.h"
#include "web.h"
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
	{ "GET", "/login", web_login_form, ROUTE_PUBLIC },
	{ "POST", "/login", web_login_submit, ROUTE_PUBLIC | ROUTE_NO_CSRF },
	{ "POST", "/logout", web_logout, 0 },
	{ "GET", "/static/*", static_route, ROUTE_PUBLIC },
	{ "GET", "/", web_home, 0 },
	{ "GET", "/units", web_units_list, 0 },
	{ "POST", "/units", web_unit_create, 0 },
	{ "GET", "/units/new", web_unit_new, 0 },
	{ "GET", "/units/{id}", web_unit_show, 0 },
	{ "POST", "/units/{id}", web_unit_update, 0 },
	{ "GET", "/units/{id}/edit", web_unit_edit, 0 },
	{ "GET", "/users", web_users_list, 0 },
	{ "POST", "/users", web_user_create, 0 },
	{ "GET", "/users/new", web_user_new, 0 },
	{ "GET", "/users/{id}", web_user_show, 0 },
	{ "POST", "/users/{id}", web_user_update, 0 },
	{ "GET", "/users/{id}/edit", web_user_edit, 0 },
	{ "POST", "/users/{id}/deactivate", web_user_deactivate, 0 },
	{ "POST", "/users/{id}/activate", web_user_activate, 0 },
	{ "POST", "/users/{id}/password", web_user_password, 0 },
	{ "POST", "/users/{id}/roles", web_user_role_assign, 0 },
	{ "POST", "/roles/{id}/revoke", web_role_revoke, 0 },
	{ "GET", "/audit", web_audit, 0 },
	{ NULL, NULL, NULL, 0 },
};
