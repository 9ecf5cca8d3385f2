#include "me.h"

#include "app/auth.h"
#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "forms.h"
#include "api.h"
#include "lib/banned.h"

static int add_roles(json_t *obj, const struct role_list *l)
{
	json_t *arr = json_array();

	if (!arr || json_object_set_new(obj, "roles", arr) < 0)
		return MM_ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (api_list_add(arr, api_role_json(&l->items[i])) < 0)
			return MM_ENOMEM;
	return 0;
}

int api_account_json(struct ctx *c, int64_t user_id, json_t **out)
{
	struct user u;
	struct role_list roles = {0};
	json_t *obj;
	int rc;

	*out = NULL;
	rc = store_user_get(c->app->store, user_id, &u);
	if (rc < 0)
		return rc;
	rc = store_role_list(c->app->store, user_id, &roles);
	if (rc < 0)
		return rc;
	obj = api_user_json(&u);
	rc = obj ? add_roles(obj, &roles) : MM_ENOMEM;
	/* what the caller must do first (issue 13): known of oneself only */
	if (rc == 0 && c->who && c->who->user_id == user_id &&
	    json_object_set_new(obj, "must_change_password",
				json_boolean(c->who->must_change_password)) < 0)
		rc = MM_ENOMEM;
	if (rc == 0 && c->who && c->who->user_id == user_id &&
	    (json_object_set_new(obj, "mfa_enrolled",
				 json_boolean(c->who->mfa_enrolled)) < 0 ||
	     json_object_set_new(obj, "mfa_pending",
				 json_boolean(c->mfa_pending)) < 0))
		rc = MM_ENOMEM;
	role_list_release(&roles);
	if (rc < 0) {
		json_decref(obj);
		return rc;
	}
	*out = obj;
	return 0;
}

void api_me_get(struct ctx *c)
{
	json_t *me;
	int rc;

	/* Any logged-in user may see themselves. */
	if (ctx_authorize(c, ACT_HOME_VIEW, NULL, NULL) < 0)
		return;
	rc = api_account_json(c, c->who->user_id, &me);
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	api_send(c, 200, me);
}

void api_me_password(struct ctx *c)
{
	static const char *const fields[] = {"current_password",
		"new_password", NULL};
	struct authz_object o = {0};
	const char *current = NULL, *next = NULL;
	const char *field = NULL, *why = NULL;
	json_t *in;
	int rc;

	if (c->who) {
		o.unit_id = c->who->unit_id;
		o.owner_user_id = c->who->user_id;
	}
	if (ctx_authorize(c, ACT_PASSWORD_CHANGE, &o, NULL) < 0 ||
	    api_body(c, fields, &in) < 0)
		return;
	if (api_string(c, in, "current_password", 1, &current) < 0 ||
	    api_string(c, in, "new_password", 1, &next) < 0) {
		json_decref(in);
		return;
	}
	rc = auth_change_password(c, current, next, &field, &why);
	json_decref(in);
	if (rc == MM_EINVAL)
		api_invalid(c, field, why);
	else if (rc < 0)
		api_fail(c, rc, why, NULL);
	else
		api_no_content(c);
}
