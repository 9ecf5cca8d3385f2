#include "units.h"

#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "core/validate.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "forms.h"
#include "api.h"
#include "record_json.h"
#include "core/records.h"
#include "steps.h"
#include "lib/banned.h"

/* As the web form says it (web/units.c). */
#define MSG_UNIT_CODE_TAKEN "この所属コードは既に使われています。"

static const char *const create_fields[] = {"code", "name", "kind", NULL};
static const char *const update_fields[] = {"version", "code", "name",
					    "kind", "active", NULL};

/* A page of the units the caller may see: HQ first, then by code. */
void api_units_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_UNIT_VIEW);
	struct unit_page l = {0};
	struct page_req req;
	json_t *arr;
	int rc;

	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	rc = store_unit_page(c->app->store, &view, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "units");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++) {
		struct authz_object o = { .unit_id = l.items[i].id };
		if (ctx_list_row_ok(c, ACT_UNIT_VIEW, &o) &&
		    api_list_add(arr, api_unit_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", "units", arr, "next",
					 l.at.next ? json_integer(l.at.next)
						   : json_null()) : NULL);
	unit_page_release(&l);
}

void api_units_create(struct ctx *c)
{
	struct authz_grant g;
	struct unit u = { .active = 1 };
	struct actor a;
	json_t *in;
	int rc;

	if (ctx_authorize(c, ACT_UNIT_CREATE, NULL, &g) < 0 ||
	    api_body(c, create_fields, &in) < 0)
		return;
	/* the fields and validate_unit(), as the web form and the CLI read them */
	rc = api_record_read(c, in, &unit_record, &u, RECORD_CREATE);
	json_decref(in);
	if (rc < 0)
		return;
	a = ctx_actor(c, &g);
	rc = store_unit_create(c->app->store, &a, &u);
	if (rc < 0) {
		api_fail(c, rc, rc == MM_EEXIST ? MSG_UNIT_CODE_TAKEN : NULL,
			 rc == MM_EEXIST ? "code" : NULL);
		return;
	}
	api_send(c, 201, api_unit_json(&u));
}

void api_units_get(struct ctx *c)
{
	struct authz_object o = { .unit_id = c->req->params[0] };
	struct unit u;
	int rc;

	/* Authorized by id before loading: no existence leak across units. */
	if (ctx_authorize(c, ACT_UNIT_VIEW, &o, NULL) < 0)
		return;
	rc = store_unit_get(c->app->store, o.unit_id, &u);
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, api_unit_json(&u));
}

void api_units_update(struct ctx *c)
{
	struct authz_object o = { .unit_id = c->req->params[0] };
	struct authz_grant g;
	struct unit u;
	struct actor a;
	int64_t version = 0;
	json_t *in;
	int rc;

	if (ctx_authorize(c, ACT_UNIT_UPDATE, &o, &g) < 0 ||
	    api_body(c, update_fields, &in) < 0)
		return;
	rc = store_unit_get(c->app->store, o.unit_id, &u);
	if (rc < 0) {
		json_decref(in);
		api_fail(c, rc, NULL, NULL);
		return;
	}
	if (api_int64(c, in, "version", 1, &version) < 0 ||
	    api_record_read(c, in, &unit_record, &u, RECORD_UPDATE) < 0) {
		json_decref(in);
		return;
	}
	json_decref(in);
	u.version = version;
	a = ctx_actor(c, &g);
	rc = store_unit_update(c->app->store, &a, &u);
	/* Read back: the answer carries the version the store now holds. */
	if (rc == 0)
		rc = store_unit_get(c->app->store, o.unit_id, &u);
	if (rc < 0) {
		api_fail(c, rc, rc == MM_EEXIST ? MSG_UNIT_CODE_TAKEN : NULL,
			 rc == MM_EEXIST ? "code" : NULL);
		return;
	}
	api_send(c, 200, api_unit_json(&u));
}
