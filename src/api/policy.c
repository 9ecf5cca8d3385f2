/*
 * policy.c (api/) - the rules in force and their versions.
 * Contract: policy.h.
 */
#include "policy.h"

#include <stdlib.h>

#include "api.h"
#include "json_out.h"
#include "../app/policy.h"
#include "../core/retention.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static json_t *date_json(const struct civil_date *d)
{
	char iso[11];

	return civil_format_iso(d, iso, sizeof iso) == 0 ? json_string(iso) :
		json_null();
}

static json_t *limits_json(const struct policy *p)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}",
			 "loan_max_months", p->loan_max_months,
			 "location_check_months", p->location_check_months,
			 "loan_due_soon_days", p->loan_due_soon_days,
			 "takeout_grace_minutes", p->takeout_grace_minutes,
			 "screenshot_max_days", p->screenshot_max_days,
			 "photo_max", p->photo_max);
}

static json_t *retention_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < POLICY_DOCTYPES; i++) {
		const struct policy_retention *r = &p->retention[i];

		if (api_list_add(a, json_pack("{s:s, s:i, s:s, s:b}",
					      "doctype", r->key,
					      "years", r->rule.years, "basis",
					      retention_basis_key(r->rule.basis),
					      "assumed", r->assumed)) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *forms_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < p->nforms; i++)
		if (api_list_add(a, json_pack("{s:i, s:s}", "number",
					      p->forms[i].number, "name",
					      p->forms[i].name)) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

void api_policy_get(struct ctx *c)
{
	const struct policy_version *meta;
	const struct policy *p;

	if (ctx_authorize(c, ACT_RULES_VIEW, NULL, NULL) < 0)
		return;
	p = app_policy(c, &meta);
	api_send(c, 200, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o?,"
				   " s:o?, s:o?}",
				   "version", (json_int_t)meta->version,
				   "policy_id", p->id, "number", p->number,
				   "title", p->title,
				   "issued", date_json(&p->issued),
				   "effective_from", date_json(&p->effective_from),
				   "expires", date_json(&p->expires),
				   "limits", limits_json(p),
				   "retention", retention_json(p),
				   "forms", forms_json(p)));
}

static json_t *version_json(const struct policy_version *v, int64_t now)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b}",
			 "version", (json_int_t)v->version,
			 "policy_id", v->policy_id, "number", v->number,
			 "effective_from", v->effective_from,
			 "expires", v->expires, "sha256", v->sha256,
			 "loaded_at", api_time_json(v->loaded_at),
			 "loaded_by", v->loaded_by ?
				json_integer(v->loaded_by) : json_null(),
			 "in_force", v->version == now);
}

void api_policy_versions(struct ctx *c)
{
	const struct policy_version *meta;
	struct policy_version *items = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if (ctx_authorize(c, ACT_RULES_VIEW, NULL, NULL) < 0)
		return;
	app_policy(c, &meta);
	rc = store_policy_list(c->app->store, &items, &n);
	if (rc < 0) {
		api_fail(c, rc, NULL, NULL);
		return;
	}
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (api_list_add(a, version_json(&items[i], meta->version)) < 0) {
			json_decref(a);
			a = NULL;
		}
	free(items);
	api_send(c, 200, a ? json_pack("{s:o}", "items", a) : NULL);
}
