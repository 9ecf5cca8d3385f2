#include "roles.h"

#include "core/roles.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "steps.h"
#include "lib/util.h"
#include "lib/banned.h"

static const char *const create_fields[] = {"user_id", "role", "unit_id",
					    NULL};

/*
 * A page of the current assignments of ?user_id= and in ?unit_id= whose
 * holder the caller may view (user.view), selected in one query.
 */
void api_roles_list(struct ctx *c)
{
	struct authz_view view = ctx_list_view(c, ACT_USER_VIEW);
	struct role_page l = {0};
	struct page_req req;
	int64_t user_id = 0, unit_id = 0;
	json_t *arr;
	int rc;

	/* Any logged-in user; the view may be empty. */
	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0 ||
	    api_query_int64(c, "user_id", 1, INT64_MAX, &user_id) < 0 ||
	    api_query_int64(c, "unit_id", 1, INT64_MAX, &unit_id) < 0 ||
	    api_page_req(c, &req) < 0)
		return;
	rc = store_role_page(c->app->store, &view, user_id, unit_id, &req, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "roles");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++)
		if (api_list_add(arr, api_role_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", "roles", arr, "next",
					 l.at.next ? json_integer(l.at.next)
						   : json_null()) : NULL);
	role_page_release(&l);
}

/* Reads and checks the new assignment; 0 or the error after answering. */
static int read_assignment(struct ctx *c, json_t *in,
			   struct role_assignment *r)
{
	const char *role = NULL;

	if (api_int64(c, in, "user_id", 1, &r->user_id) < 0 ||
	    api_string(c, in, "role", 1, &role) < 0 ||
	    api_int64(c, in, "unit_id", 1, &r->unit_id) < 0)
		return MM_EINVAL;
	r->role = role_from_key(role);
	if (r->role == ROLE_NONE)
		return api_invalid(c, "role", "役割が正しくありません");
	return 0;
}

/*
 * The role must be one assigned directly (R-ROLE-4, R-ROLE-5: officers
 * only through a designation, form 1), the user and unit named must
 * exist, and the role fit the unit.
 */
static int check_assignment(struct ctx *c, const struct role_assignment *r)
{
	struct user u;
	struct unit unit;
	const char *why = NULL;
	int rc = role_check_direct(r->role, &why);

	if (rc < 0) {
		api_fail(c, rc, why, "role");
		return rc;
	}
	/* a store that cannot answer is a 503, not "no such user" (issue 14) */
	rc = store_user_get(c->app->store, r->user_id, &u);
	if (rc == MM_ENOTFOUND || (rc == 0 && !u.active))
		return api_invalid(c, "user_id", "職員が見つかりません");
	if (rc == 0)
		rc = store_unit_get(c->app->store, r->unit_id, &unit);
	if (rc == MM_ENOTFOUND)
		return api_invalid(c, "unit_id", "所属が見つかりません");
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return rc;
	}
	rc = role_check_assignment(r->role, unit.kind, &why); /* R-ROLE-1 */
	if (rc < 0)
		api_fail(c, rc, why, "role");
	return rc;
}

void api_roles_create(struct ctx *c)
{
	struct role_assignment r = {0};
	struct authz_grant g;
	struct authz_object o;
	struct actor a;
	json_t *in;
	int rc;

	if (ctx_authorize(c, ACT_ROLE_ASSIGN, NULL, &g) < 0 ||
	    api_body(c, create_fields, &in) < 0)
		return;
	rc = read_assignment(c, in, &r);
	json_decref(in);
	if (rc < 0)
		return;
	/* Designating someone in a unit is decided for that unit. */
	o.unit_id = r.unit_id;
	o.owner_user_id = r.user_id;
	o.state = 0;
	if (ctx_authorize(c, ACT_ROLE_ASSIGN, &o, &g) < 0 ||
	    check_assignment(c, &r) < 0)
		return;
	a = ctx_actor(c, &g);
	/* A single-holder role replaces its holder (R-ROLE-1..3). */
	rc = store_role_assign(c->app->store, &a, r.user_id, r.role,
			       r.unit_id, &r.id);
	/*
	 * Answer what was written.  Re-reading gives the stored time, but
	 * another server may already have replaced a single-holder role:
	 * the assignment was still made (and audited), so it is a 201.
	 */
	if (rc == 0) {
		struct role_assignment got;

		if (store_role_get(c->app->store, r.id, &got) == 0)
			r = got;
		else
			r.since = now_unix();
	}
	if (rc < 0) {
		api_fail(c, rc, NULL, rc == MM_ERULE ? "role" : NULL);
		return;
	}
	api_send(c, 201, api_role_json(&r));
}

void api_roles_delete(struct ctx *c)
{
	const char *why = NULL;
	struct role_assignment r;
	struct authz_grant g;
	struct authz_object o = {0};
	struct actor a;
	int rc = store_role_get(c->app->store, c->req->params[0], &r);

	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	o.unit_id = r.unit_id;
	o.owner_user_id = r.user_id;
	if (ctx_authorize(c, ACT_ROLE_REVOKE, &o, &g) < 0)
		return;
	/* R-ROLE-4, R-ROLE-5: an officer's role ends with its designation */
	rc = role_check_direct(r.role, &why);
	if (rc < 0) {
		api_fail(c, rc, why, NULL);
		return;
	}
	a = ctx_actor(c, &g);
	rc = store_role_revoke(c->app->store, &a, r.id); /* R-ROLE-1 */
	if (rc < 0) {
		api_fail(c, rc, rc == MM_ERULE ? "統括運用管理者の指定は解除できません。"
			 "後任を指定してください。" : NULL, NULL);
		return;
	}
	api_no_content(c);
}
