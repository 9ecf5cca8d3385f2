#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "lib/err.h"
#include "lib/util.h"
#include "api.h"
#include "http/json_body.h"
#include "lib/banned.h"

void api_send(struct ctx *c, int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	if (!text) {
		api_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	buf_reset(&c->res->body);
	c->res->status = status;
	snprintf(c->res->content_type, sizeof(c->res->content_type), "%s",
		 "application/json; charset=utf-8");
	if (buf_adds(&c->res->body, text) < 0)
		api_fail(c, MM_ENOMEM, NULL, NULL);
	free(text);
}

void api_no_content(struct ctx *c)
{
	buf_reset(&c->res->body);
	c->res->status = 204;
}

json_t *api_time_json(int64_t t)
{
	char iso[32];

	if (t == 0)
		return json_null();
	return json_string(format_iso8601(t, iso, sizeof(iso)));
}

json_t *api_role_json(const struct role_assignment *r)
{
	return json_pack("{s:I, s:I, s:s?, s:I, s:o}",
			 "id", (json_int_t)r->id,
			 "user_id", (json_int_t)r->user_id,
			 "role", role_key(r->role),
			 "unit_id", (json_int_t)r->unit_id,
			 "since", api_time_json(r->since));
}

/*
 * The recorded detail is a JSON object; anything else (an old entry's
 * plain text) is answered as {"text": ...}, so the field is always an
 * object or null as the OpenAPI document says.
 */
static json_t *detail_json(const char *detail)
{
	json_t *j;

	if (str_empty(detail))
		return json_null();
	j = json_load_guarded(detail, strlen(detail), JSON_REJECT_DUPLICATES,
			      NULL, NULL);
	if (j && json_is_object(j))
		return j;
	json_decref(j);
	return json_pack("{s:s}", "text", detail);
}

json_t *api_audit_json(const struct audit_entry *e)
{
	/* an entry the sealer has not chained yet has no hash: null
	   (PostgreSQL, issue 12) */
	return json_pack("{s:I, s:o, s:I, s:s, s:s?, s:I, s:s, s:s, s:s,"
			 " s:I, s:o, s:o}",
			 "seq", (json_int_t)e->seq, "at", api_time_json(e->at),
			 "actor_user_id", (json_int_t)e->actor_user_id,
			 "actor_login", e->actor_login,
			 "role", role_key(e->role),
			 "unit_id", (json_int_t)e->unit_id,
			 "addr", e->addr, "action", e->action,
			 "object_type", e->object_type,
			 "object_id", (json_int_t)e->object_id,
			 "detail", detail_json(e->detail), "hash",
			 e->hash[0] ? json_string(e->hash) : json_null());
}

int api_list_add(json_t *array, json_t *item)
{
	if (!item)
		return MM_ENOMEM;
	return json_array_append_new(array, item) ? MM_ENOMEM : 0;
}
