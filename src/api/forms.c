#include "forms.h"

#include "core/civil.h"
#include "core/policy.h"
#include "core/roles.h"
#include "core/records.h"
#include "lib/util.h"
#include "json_out.h"
#include "record_json.h"
#include "lib/banned.h"

json_t *api_unit_json(const struct unit *u)
{
	return api_record_json(&unit_record, u);
}

json_t *api_user_json(const struct user *u)
{
	return api_record_json(&user_record, u);
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

/* R-EXC-3: still on the device after policy.screenshot_max_days. */
static int overdue(const struct screenshot *s, const struct civil_date *today)
{
	return screenshot_overdue(policy_current(), s->state, &s->taken_on,
				  today);
}

/* The record through its descriptor, and whether it is overdue today. */
json_t *api_screenshot_json_on(const struct screenshot *s,
			       const struct civil_date *today)
{
	json_t *o = api_record_json(&screenshot_record, s);

	if (o && json_object_set_new(o, "overdue",
				     json_boolean(overdue(s, today))) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *api_screenshot_json(const struct screenshot *s)
{
	struct civil_date today;

	if (civil_from_unix(now_unix(), &today) < 0)
		return NULL;
	return api_screenshot_json_on(s, &today);
}

static json_t *timeline_json(const struct breach *b)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < b->n_steps; i++) {
		const struct breach_step_entry *e = &b->steps[i];
		json_t *it = json_pack("{s:s,s:s,s:o,s:s,s:s?,s:o}",
				       "event", breach_event_key(e->event),
				       "event_label", breach_event_label(e->event),
				       "actor_id", id_json(e->actor_id),
				       "actor_name", e->actor_name,
				       "role", role_key(e->role),
				       "at", api_time_json(e->at));
		if (api_list_add(arr, it) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *api_breach_json(const struct breach *b)
{
	json_t *o = api_record_json(&breach_record, b);

	if (o && json_object_set_new(o, "timeline", timeline_json(b)) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *messages_json(const struct protect_case *c)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < c->n_messages; i++) {
		const struct case_message *m = &c->messages[i];
		json_t *it = api_record_json(&case_message_record, m);

		if (it && json_object_set_new(it, "recorded_by_name",
					      json_string(m->recorded_by_name ?
							  m->recorded_by_name : ""))
			  < 0) {
			json_decref(it);
			it = NULL;
		}
		if (api_list_add(arr, it) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *api_case_json(const struct protect_case *c)
{
	json_t *o = api_record_json(&case_record, c);

	if (o && json_object_set_new(o, "messages", messages_json(c)) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *measures_json(const struct meeting *m)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < m->n_measures; i++) {
		const struct meeting_measure *x = &m->measures[i];
		char iso[16];
		json_t *it;

		civil_format_iso(&x->decided_on, iso, sizeof iso);
		it = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:o}",
			       "id", (json_int_t)x->id,
			       "kind", followup_measure_key(x->kind),
			       "kind_label", followup_measure_label(x->kind),
			       "decided_on", iso,
			       "note", x->note ? x->note : "",
			       "decided_by", id_json(x->decided_by),
			       "decided_by_name", x->decided_by_name,
			       "recorded_at", api_time_json(x->recorded_at));
		if (api_list_add(arr, it) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *api_meeting_json(const struct meeting *m)
{
	json_t *o = api_record_json(&meeting_record, m);

	if (o && json_object_set_new(o, "measures", measures_json(m)) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *answers_json(const struct support_request *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < r->n_replies; i++) {
		const struct support_reply *x = &r->replies[i];
		json_t *it = json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:o,s:o}",
			       "unit_id", (json_int_t)x->unit_id,
			       "unit_name", x->unit_name,
			       "answer", support_answer_key(x->answer),
			       "answer_label", support_answer_label(x->answer),
			       "lent_user_id", id_json(x->lent_user_id),
			       "lent_name", x->lent_name,
			       "note", x->note ? x->note : "",
			       "answered_by", id_json(x->answered_by),
			       "answered_at", api_time_json(x->answered_at));

		if (api_list_add(arr, it) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *api_support_json(const struct support_request *r)
{
	json_t *o = api_record_json(&support_record, r);

	if (o && json_object_set_new(o, "answers", answers_json(r)) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}
