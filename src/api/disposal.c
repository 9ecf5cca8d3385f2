#include "disposal.h"

#include <stdio.h>
#include <string.h>

#include "../app/disposal.h"
#include "../app/listing.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "api.h"
#include "json_in.h"
#include "json_out.h"
#include "../lib/banned.h"

static json_t *date_json(const struct civil_date *d)
{
	char iso[16];

	if (civil_format_iso(d, iso, sizeof iso) < 0)
		return json_null();
	return json_string(iso);
}

static json_t *due_json(const struct due_doc *x)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:o, s:s, s:o, s:o}",
			 "type", x->doc.doctype, "id", (json_int_t)x->doc.id,
			 "form", x->type ? x->type->form : "",
			 "name", x->type ? x->type->name : "",
			 "base_on", date_json(&x->doc.base),
			 "rule", x->rule,
			 "disposable_from", date_json(&x->from),
			 "hold_id", x->doc.hold_id ?
			 json_integer(x->doc.hold_id) : json_null());
}

void api_disposal_due(struct ctx *c)
{
	struct due_list l = { 0 };
	struct civil_date today;
	json_t *due = json_array(), *held = json_array();
	int rc;

	if (ctx_authorize(c, ACT_DISPOSAL_VIEW, NULL, NULL) < 0)
		goto out;
	rc = disposal_today(&today);
	if (rc == 0)
		rc = disposal_due_read(c, &today, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "disposal");
		goto out;
	}
	for (size_t i = 0; due && held && i < l.n; i++)
		if (api_list_add(l.items[i].doc.hold_id ? held : due,
				 due_json(&l.items[i])) < 0)
			break;
	api_send(c, 200, json_pack("{s:o, s:O, s:O}", "date",
				   date_json(&today), "due", due, "held", held));
out:
	json_decref(due);
	json_decref(held);
	due_list_release(&l);
}

static json_t *entry_json(const struct disposal_entry *e)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:s}",
			 "id", (json_int_t)e->id, "type", e->doctype,
			 "doc_id", (json_int_t)e->doc_id, "name", e->doc_name,
			 "rule", e->rule, "base_on", e->base_on,
			 "disposed_at", api_time_json(e->disposed_at),
			 "disposed_by", e->disposed_by ?
			 json_integer(e->disposed_by) : json_null(),
			 "disposed_by_name", e->disposed_by_name);
}

/* The entries of the register: newest first, the first n if n > 0. */
static json_t *entries_json(const struct disposal_list *l, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < l->n && (!n || i < n); i++)
		if (api_list_add(arr, entry_json(&l->items[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

void api_disposal_register(struct ctx *c)
{
	struct disposal_list l = { 0 };
	json_t *arr;

	if (disposal_register_read(c, &l) < 0) {
		disposal_list_release(&l);
		return;
	}
	arr = entries_json(&l, 0);
	api_send(c, 200, arr ? json_pack("{s:o}", "entries", arr) : NULL);
	disposal_list_release(&l);
}

/* One {"type","id"} of the list into it; 422 naming documents. */
static int read_item(struct ctx *c, json_t *o, struct dispose_item *it)
{
	json_t *t = json_object_get(o, "type"), *id = json_object_get(o, "id");
	const char *why = DISPOSAL_ID_MSG;

	if (!json_is_object(o) || json_object_size(o) !=
	    (size_t)(!!t + !!id)) {
		api_invalid(c, "documents", DISPOSAL_NO_DOC_MSG);
		return MM_EINVAL;
	}
	if (!json_is_string(t) || !doctype_find(json_string_value(t)))
		why = DISPOSAL_TYPE_MSG;
	else if (json_is_integer(id) && json_integer_value(id) > 0) {
		it->doctype = doctype_find(json_string_value(t))->key;
		it->id = json_integer_value(id);
		return 0;
	}
	api_invalid(c, "documents", why);
	return MM_EINVAL;
}

void api_disposal_create(struct ctx *c)
{
	static const char *const allowed[] = { "documents", NULL };
	struct dispose_item items[DISPOSAL_MAX_ITEMS];
	struct disposal_list l = { 0 };
	struct authz_grant g;
	json_t *in = NULL, *docs;
	size_t n;

	if (ctx_authorize(c, ACT_DISPOSAL_DISPOSE, NULL, &g) < 0 ||
	    api_body(c, allowed, &in) < 0)
		goto out;
	docs = json_object_get(in, "documents");
	n = json_is_array(docs) ? json_array_size(docs) : 0;
	if (n == 0 || n > DISPOSAL_MAX_ITEMS) {
		api_invalid(c, "documents", n ? DISPOSAL_TOO_MANY_MSG :
						DISPOSAL_NONE_MSG);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (read_item(c, json_array_get(docs, i), &items[i]) < 0)
			goto out;
	if (disposal_run(c, &g, items, n) < 0)
		goto out;
	if (store_disposal_list(c->app->store, &l) < 0) {
		/* disposed: the answer is the count if the list fails */
		api_send(c, 201, json_pack("{s:[]}", "disposed"));
		goto out;
	}
	api_send(c, 201, json_pack("{s:o*}", "disposed", entries_json(&l, n)));
out:
	json_decref(in);
	disposal_list_release(&l);
}

static json_t *hold_json(const struct hold *h)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:o, s:s, s:b, s:o}",
			 "id", (json_int_t)h->id, "type", h->doctype,
			 "doc_id", (json_int_t)h->doc_id,
			 "kind", hold_kind_key(h->kind), "reason", h->reason,
			 "placed_at", api_time_json(h->placed_at),
			 "placed_by", h->placed_by ? json_integer(h->placed_by)
						   : json_null(),
			 "placed_by_name", h->placed_by_name,
			 "in_force", h->lifted_at == 0,
			 "lifted_at", h->lifted_at ?
			 api_time_json(h->lifted_at) : json_null());
}

void api_holds_list(struct ctx *c)
{
	struct hold_list l = { 0 };
	json_t *arr;
	int all = 0, rc;

	if (ctx_authorize(c, ACT_DISPOSAL_VIEW, NULL, NULL) < 0 ||
	    api_query_bool(c, "all", &all) < 0)
		return;
	rc = store_hold_list(c->app->store, all, &l);
	if (rc < 0) {
		ctx_list_failed(c, rc, "holds");
		return;
	}
	arr = json_array();
	for (size_t i = 0; arr && i < l.n; i++)
		if (api_list_add(arr, hold_json(&l.items[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_send(c, 200, arr ? json_pack("{s:o}", "holds", arr) : NULL);
	hold_list_release(&l);
}

/* A string member of obj, or NULL when absent or not a string. */
static const char *str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * R-RET-2: the same faults and messages as the web form (web/disposal.c),
 * in the same order: type, id, kind, reason.
 */
void api_holds_create(struct ctx *c)
{
	static const char *const allowed[] = { "type", "id", "kind", "reason",
					       NULL };
	struct authz_grant g;
	struct hold h;
	enum hold_kind kind = HOLD_NONE;
	const char *type, *reason;
	json_t *in = NULL, *idv;

	if (ctx_authorize(c, ACT_HOLD_MANAGE, NULL, &g) < 0 ||
	    api_body(c, allowed, &in) < 0)
		goto out;
	idv = json_object_get(in, "id");
	type = str_of(in, "type");
	reason = str_of(in, "reason");
	if (!doctype_find(type))
		api_invalid(c, "type", DISPOSAL_TYPE_MSG);
	else if (!json_is_integer(idv) || json_integer_value(idv) <= 0)
		api_invalid(c, "id", DISPOSAL_ID_MSG);
	else if (disposal_hold_kind(str_of(in, "kind"), &kind) < 0)
		api_invalid(c, "kind", HOLD_KIND_MSG);
	else if (!disposal_reason_ok(reason))
		api_invalid(c, "reason", HOLD_REASON_MSG);
	else if (disposal_hold_place(c, &g, type, json_integer_value(idv),
				     kind, reason, &h) == 0)
		api_send(c, 201, hold_json(&h));
out:
	json_decref(in);
}

void api_holds_lift(struct ctx *c)
{
	struct authz_grant g;
	struct hold h;
	int64_t id = c->req->params[0];
	int rc;

	if (ctx_authorize(c, ACT_HOLD_MANAGE, NULL, &g) < 0)
		return;
	if (disposal_hold_lift(c, &g, id) < 0)
		return;
	rc = store_hold_get(c->app->store, id, &h);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		api_send(c, 200, hold_json(&h));
}
