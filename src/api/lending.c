#include "lending.h"

#include <stdio.h>
#include <string.h>

#include "core/civil.h"
#include "lib/err.h"
#include "lib/util.h"
#include "json_in.h"
#include "json_out.h"
#include "api.h"
#include "app/objects.h"
#include "steps.h"
#include "record_json.h"
#include "core/records.h"
#include "core/record.h"
#include "lib/banned.h"

int api_date(struct ctx *c, json_t *obj, const char *key, int required,
	     struct civil_date *out, int *present)
{
	const char *s = NULL;

	if (present)
		*present = 0;
	if (api_string(c, obj, key, required, &s) < 0)
		return MM_EINVAL;
	if (!s)
		return 0;
	if (civil_parse_iso(s, out) < 0)
		return api_invalid(c, key, "日付はYYYY-MM-DDの形で入力してください");
	if (present)
		*present = 1;
	return 0;
}

int api_moment(struct ctx *c, json_t *obj, const char *key, int required,
	       int64_t *out)
{
	const char *s = NULL;

	if (api_string(c, obj, key, required, &s) < 0)
		return MM_EINVAL;
	/* one parser for every front end: a zone, or Asia/Tokyo without one */
	if (s && moment_parse(s, out) < 0)
		return api_invalid(c, key,
				   "日時はISO 8601（例 2026-04-01T09:00:00+09:00）で入力してください");
	return 0;
}

int api_today(struct ctx *c, struct civil_date *out)
{
	int rc = civil_from_unix(now_unix(), out);

	if (rc < 0)
		api_fail(c, rc, NULL, NULL);
	return rc;
}

int api_refuse_state(struct ctx *c, const char *object,
		     const char *state_label, const char *step_label)
{
	return ctx_refuse_state(c, object, state_label, step_label);
}





json_t *api_date_json(const struct civil_date *d)
{
	char iso[16];

	if (!civil_valid(d) || civil_format_iso(d, iso, sizeof(iso)) < 0)
		return json_null();
	return json_string(iso);
}

static json_t *id_json(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

/*
 * Sets each (key, value) pair on o, taking the values' references;
 * returns o, or NULL (freeing everything) when any value is NULL.
 */
static json_t *fill(json_t *o, size_t n, const char *const *keys,
		    json_t **vals)
{
	int ok = o != NULL;

	for (size_t i = 0; i < n; i++) {
		if (!ok || !vals[i] || json_object_set_new(o, keys[i], vals[i]))
			ok = 0;
		if (!ok)
			json_decref(vals[i]);
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

#define FILL(o, keys, vals) \
	fill((o), sizeof(keys) / sizeof(keys[0]), (keys), (vals))

json_t *api_device_json(const struct device *d)
{
	return api_record_json(&device_record, d);
}

json_t *api_application_json(const struct borrow_application *a)
{
	static const char *const k[] = {"id", "kind", "unit_id", "loan_id",
		"device_id", "consulted_on", "consulted_with", "consultation",
		"start", "due", "purpose", "state", "state_label",
		"applicant_id", "applied_at", "decided_by", "decided_at",
		"decision_reason", "exception_reason", "policy_id", "version"};
	json_t *v[] = {
		json_integer((json_int_t)a->id),
		json_string(application_kind_key(a->kind)),
		json_integer((json_int_t)a->unit_id), id_json(a->loan_id),
		id_json(a->device_id), api_date_json(&a->consulted_on),
		json_string(a->consulted_with), json_string(a->consultation),
		api_date_json(&a->start), api_date_json(&a->due),
		json_string(a->purpose),
		json_string(application_state_key(a->state)),
		json_string(application_state_label(a->state)),
		id_json(a->applicant_id), api_time_json(a->applied_at),
		id_json(a->decided_by), api_time_json(a->decided_at),
		json_string(a->decision_reason),
		json_string(a->exception_reason), json_string(a->policy_id),
		json_integer((json_int_t)a->version),
	};
	return FILL(json_object(), k, v);
}

static json_t *training_json(const struct loan *l)
{
	if (!l->received_at)
		return json_null();
	return json_pack("{s:o, s:s, s:s}",
			 "trained_on", api_date_json(&l->training.trained_on),
			 "trainer", l->training.trainer,
			 "topics", l->training.topics);
}

static json_t *checklist_json(const struct loan *l)
{
	const struct return_checklist *c = &l->checklist;
	json_t *accounts = json_array();

	if (!l->returned_at) {
		json_decref(accounts);
		return json_null();
	}
	for (size_t i = 0; accounts && i < c->n_accounts; i++) {
		if (api_list_add(accounts, json_pack("{s:o, s:s, s:s, s:b}",
		    "service_id", id_json(c->accounts[i].service_id),
		    "service", c->accounts[i].service,
		    "account", c->accounts[i].account,
		    "deleted", c->accounts[i].deleted)) < 0) {
			json_decref(accounts);
			accounts = NULL;
		}
	}
	if (!accounts)
		return NULL;
	return json_pack("{s:o, s:b, s:b, s:b}", "accounts", accounts,
			 "apps_uninstalled", c->apps_uninstalled,
			 "device_restored", c->device_restored,
			 "accessories_present", c->accessories_present);
}

json_t *api_loan_json(const struct loan *l)
{
	static const char *const k[] = {"id", "device_id", "unit_id",
		"application_id", "start", "due", "original_due", "extended",
		"state", "state_label", "lent_by", "lent_at", "received_by",
		"received_at", "training", "returned_by", "returned_at",
		"checklist", "closed_by", "closed_at", "anomaly",
		"anomaly_text", "policy_id", "version"};
	json_t *v[] = {
		json_integer((json_int_t)l->id),
		json_integer((json_int_t)l->device_id),
		json_integer((json_int_t)l->unit_id),
		id_json(l->application_id), api_date_json(&l->start),
		api_date_json(&l->due), api_date_json(&l->original_due),
		json_boolean(civil_compare(&l->due, &l->original_due) != 0),
		json_string(loan_state_key(l->state)),
		json_string(loan_state_label(l->state)),
		id_json(l->lent_by), api_time_json(l->lent_at),
		id_json(l->received_by), api_time_json(l->received_at),
		training_json(l), id_json(l->returned_by),
		api_time_json(l->returned_at), checklist_json(l),
		id_json(l->closed_by), api_time_json(l->closed_at),
		json_boolean(l->anomaly), json_string(l->anomaly_text),
		json_string(l->policy_id),
		json_integer((json_int_t)l->version),
	};
	return FILL(json_object(), k, v);
}

json_t *api_check_json(const struct location_check_entry *e)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:b, s:s, s:o, s:o}",
			 "id", (json_int_t)e->id,
			 "loan_id", (json_int_t)e->loan_id,
			 "unit_id", (json_int_t)e->unit_id,
			 "checked_on", api_date_json(&e->checked_on),
			 "in_cabinet", e->in_cabinet, "remarks", e->remarks,
			 "checked_by", id_json(e->checked_by),
			 "recorded_at", api_time_json(e->recorded_at));
}

json_t *api_takeout_json(const struct takeout *t)
{
	static const char *const k[] = {"id", "loan_id", "unit_id",
		"officer_id", "out_at", "expected_back", "destination",
		"reason", "state", "state_label", "requested_at", "decided_by",
		"decided_at", "decision_reason", "returned_at",
		"no_loss_or_damage", "incident", "results", "version"};
	json_t *v[] = {
		json_integer((json_int_t)t->id),
		json_integer((json_int_t)t->loan_id),
		json_integer((json_int_t)t->unit_id),
		id_json(t->officer_id), api_time_json(t->out_at),
		api_time_json(t->expected_back), json_string(t->destination),
		json_string(t->reason),
		json_string(takeout_state_key(t->state)),
		json_string(takeout_state_label(t->state)),
		api_time_json(t->requested_at), id_json(t->decided_by),
		api_time_json(t->decided_at),
		json_string(t->decision_reason),
		api_time_json(t->returned_at),
		t->state == TAKEOUT_RETURNED ? json_boolean(t->no_loss_or_damage)
					     : json_null(),
		json_string(t->incident), json_string(t->results),
		json_integer((json_int_t)t->version),
	};
	return FILL(json_object(), k, v);
}

API_KIND(loan_kind, struct loan, store_loan_get, loan_authz_object,
	 api_loan_json);

int api_load_loan(struct ctx *c, int64_t id, enum action act,
		  struct loan *out, struct authz_grant *g)
{
	return api_load(c, &loan_kind, id, act, out, g);
}
