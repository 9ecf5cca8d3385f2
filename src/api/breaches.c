#include "breaches.h"

#include "core/roles.h"
#include "json_out.h"
#include "lending.h"
#include "record_json.h"
#include "core/records.h"
#include "lib/banned.h"

static json_t *id_json(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
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

