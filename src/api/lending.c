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
	return api_record_json(&application_record, a);
}

/* The training recorded with the receipt (R-DEV-4), null before it. */
static json_t *training_json(const struct loan *l)
{
	if (!l->received_at)
		return json_null();
	return api_record_json(&loan_training_record, &l->training);
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
		    "service", str_or_empty(c->accounts[i].service),
		    "account", str_or_empty(c->accounts[i].account),
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

/*
 * A loan as its descriptor answers it, with what no field of it says:
 * whether it was extended, the training and the return checklist.
 */
json_t *api_loan_json(const struct loan *l)
{
	static const char *const k[] = {"extended", "training", "checklist"};
	json_t *v[] = {
		json_boolean(civil_compare(&l->due, &l->original_due) != 0),
		training_json(l), checklist_json(l),
	};

	return FILL(api_record_json(&loan_record, l), k, v);
}

json_t *api_check_json(const struct location_check_entry *e)
{
	return api_record_json(&location_check_record, e);
}

/*
 * A take-out as its descriptor answers it, and whether nothing was lost
 * or damaged: null until the officer has reported (R-DEV-7).
 */
json_t *api_takeout_json(const struct takeout *t)
{
	static const char *const k[] = {"no_loss_or_damage"};
	json_t *v[] = {
		t->state == TAKEOUT_RETURNED ? json_boolean(t->no_loss_or_damage)
					     : json_null(),
	};

	return FILL(api_record_json(&takeout_record, t), k, v);
}


int api_load_loan(struct ctx *c, int64_t id, enum action act,
		  struct loan *out, struct authz_grant *g)
{
	return api_load(c, &loan_kind, id, act, out, g);
}
