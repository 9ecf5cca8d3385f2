#include "steps.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "record_json.h"
#include "kinds.h"
#include "lib/banned.h"

json_t *api_kind_json(const struct record_kind *k, const void *rec)
{
	const struct api_kind_form *f = api_kind_form_of(k);

	return f ? f->one(rec) : api_record_json(k->desc, rec);
}

json_t *api_kind_row_json(const struct record_kind *k, const void *rec)
{
	const struct api_kind_form *f = api_kind_form_of(k);

	return f && f->row ? f->row(rec) : api_record_json(k->desc, rec);
}

int api_load(struct ctx *c, const struct record_kind *k, int64_t id,
	     enum action act, void *out, struct authz_grant *g)
{
	struct authz_object o;
	int rc = k->get(c->app->store, id, &c->pool, out);

	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	o = k->object(out);
	return ctx_authorize(c, act, &o, g);
}

int api_load_path(struct ctx *c, const struct record_kind *k, enum action act,
		  void *out, struct authz_grant *g)
{
	return api_load(c, k, c->req->params[0], act, out, g);
}

/*
 * R-CASE-1: a record whose reads are audited, opened (g: the grant that
 * let the user view it, may be NULL): 0, or answered.
 */
static int audit_open(struct ctx *c, const struct record_kind *k,
		      const void *rec, const struct authz_grant *g)
{
	int64_t id = kind_int(k, rec, "id");
	struct actor a = ctx_actor(c, g);

	int rc = kind_audit_reads(k, c->app->store, &a, &id, 1, "open");

	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	return rc;
}

void api_send_current(struct ctx *c, const struct record_kind *k, int64_t id,
		      int status)
{
	void *rec = calloc(1, k->size);
	int rc = rec ? k->get(c->app->store, id, &c->pool, rec) : MM_ENOMEM;

	/* R-CASE-1: the record answered after a change is read too */
	if (rc == 0 && k->read_audit)
		rc = audit_open(c, k, rec, NULL) < 0 ? 1 : 0;
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else if (rc == 0)
		api_send(c, status, api_kind_json(k, rec));
	free(rec);
}

int api_page_req(struct ctx *c, struct page_req *req)
{
	int64_t limit = STORE_PAGE_DEFAULT, after = 0;

	if (api_query_int64(c, "limit", 1, STORE_PAGE_MAX, &limit) < 0 ||
	    api_query_int64(c, "after", 1, INT64_MAX, &after) < 0)
		return MM_EINVAL;
	req->after = after;
	req->before = 0;
	req->limit = (size_t)limit;
	return 0;
}

void api_send_page(struct ctx *c, const char *key, const struct record_kind *k,
		   enum action view, const void *items, size_t n,
		   const struct list_page *at)
{
	const char *p = items;
	json_t *arr = json_array();
	int64_t *read = k->read_audit ? calloc(n ? n : 1, sizeof *read) : NULL;
	size_t n_read = 0;
	struct actor a;
	int rc;

	if (k->read_audit && !read) {
		json_decref(arr);
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	for (size_t i = 0; arr && i < n; i++, p += k->size) {
		struct authz_object o = k->object(p);
		if (!ctx_list_row_ok(c, view, &o))
			continue;
		if (read)
			read[n_read++] = kind_int(k, p, "id");
		if (api_list_add(arr, api_kind_row_json(k, p)) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	/* R-CASE-1: every record of the answer read, audited before it goes */
	a = ctx_actor(c, NULL);
	rc = arr ? kind_audit_reads(k, c->app->store, &a, read, n_read, "list")
		 : 0;
	if (rc < 0) {
		json_decref(arr);
		free(read);
		ctx_fail(c, rc, NULL, NULL);
		return;
	}
	free(read);
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", key, arr, "next",
					 at->next ? json_integer(at->next)
						  : json_null()) : NULL);
}

/*
 * The filter of the list route lr from the query: each of its keys read
 * as its type says.  0, or the error after answering 400.
 */
static int read_list_query(struct ctx *c, const struct api_list_route *lr,
			   struct kind_filter *f)
{
	for (const struct kind_query *q = lr->query; q && q->key; q++) {
		const char *v;
		int *flag = kind_filter_flag(f, q);

		switch (q->type) {
		case KIND_QUERY_ID:
			if (api_query_int64(c, q->key, 1, INT64_MAX,
					    kind_filter_id(f, q)) < 0)
				return MM_EINVAL;
			break;
		case KIND_QUERY_BOOL:
			if (api_query_bool(c, q->key, flag) < 0)
				return MM_EINVAL;
			break;
		case KIND_QUERY_STATE:
			v = http_query(c->req, q->key);
			if (v && (*flag = lr->kind->state_of(v)) == 0)
				return api_unknown_state(c);
			break;
		}
	}
	return 0;
}

void api_list(struct ctx *c)
{
	const struct api_list_route *lr = c->route_arg;
	const struct record_kind *k = lr->kind;
	struct authz_view view = ctx_list_view(c, k->view);
	struct kind_filter f = { 0 };
	struct kind_rows r = { 0 };
	struct page_req req;
	int rc;

	if (ctx_authorize(c, lr->gate, NULL, NULL) < 0 ||
	    read_list_query(c, lr, &f) < 0 || api_page_req(c, &req) < 0)
		return;
	rc = kind_list(k, c->app->store, &view, &f, &req, &r);
	if (rc < 0)
		ctx_list_failed(c, rc, k->path);
	else
		api_send_page(c, k->path, k, k->view, r.items, r.n, &r.at);
	kind_rows_release(&r);
}

void api_get(struct ctx *c)
{
	const struct record_kind *k = c->route_arg;
	void *rec = calloc(1, k->size);
	struct authz_grant g;

	if (!rec)
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
	else if (api_load_path(c, k, k->view, rec, &g) == 0 &&
		 audit_open(c, k, rec, &g) == 0)
		api_send(c, 200, api_kind_json(k, rec));
	free(rec);
}

/*
 * The body of a new record of k into *body: its descriptor's input
 * fields, and unit_id when it has one.  0, or answered.
 */
static int create_body(struct ctx *c, const struct record_kind *k,
		       json_t **body)
{
	const char *keys[STEP_INPUT_MAX + 2];
	const struct record_desc *d = k->desc;
	size_t n = 0;

	if (record_field(d, "unit_id"))
		keys[n++] = "unit_id";
	for (size_t i = 0; i < d->n_fields && n <= STEP_INPUT_MAX; i++)
		if (!(d->fields[i].flags & FIELD_SERVER))
			keys[n++] = d->fields[i].key;
	keys[n] = NULL;
	return api_body(c, keys, body) < 0 ? MM_EINVAL : 0;
}

/*
 * Who makes a record of k, on which object: the unit named in body (the
 * caller's own when absent) for a record with a unit, else no object.
 * 0, or answered.
 */
static int authorize_create(struct ctx *c, const struct record_kind *k,
			    json_t *body, struct authz_object *o,
			    struct authz_grant *g)
{
	int rc;

	if (!body) /* a record of no unit, authorized before its body */
		return ctx_authorize(c, k->made_by->act, NULL, g);
	o->unit_id = c->who->unit_id;
	rc = api_int64(c, body, "unit_id", 0, &o->unit_id);
	return rc < 0 ? rc : ctx_authorize(c, k->made_by->act, o, g);
}

/*
 * Answers a refusal rc of k's create: its made_by step's explain says
 * more (the rules run again over what the server set into rec); a field
 * the store found wrong (form 4's staff member of another unit) is the
 * body's fault: 422.
 */
static void create_refused(struct ctx *c, const struct record_kind *k,
			   int rc, void *rec)
{
	const struct step *st = k->made_by;
	const char *field = NULL, *why = NULL;

	if (st->explain &&
	    st->explain(c->app->store, rc, rec, &field, &why) == 1 &&
	    api_record_check(c, k->desc, rec) < 0)
		return;
	ctx_fail(c, why && field ? MM_EINVAL : rc, why, field);
}

void api_create(struct ctx *c)
{
	const struct record_kind *k = c->route_arg;
	int has_unit = record_field(k->desc, "unit_id") != NULL;
	void *rec = calloc(1, k->size);
	struct authz_object o = { 0 };
	struct authz_grant g;
	json_t *body = NULL;
	struct actor a;
	int rc;

	if (!rec) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
	if (has_unit && !c->who) {
		/* refused as nobody before anything is read */
		ctx_authorize(c, k->made_by->act, NULL, NULL);
		goto out;
	}
	/* a unit is named in the body; without one, authorize first */
	rc = has_unit ? create_body(c, k, &body) : 0;
	if (rc == 0)
		rc = authorize_create(c, k, body, &o, &g);
	if (rc == 0)
		rc = ctx_check_step(c, k->made_by, rec, g.role);
	if (rc == 0 && !has_unit)
		rc = create_body(c, k, &body);
	if (rc == 0)
		rc = api_record_read(c, body, k->desc, rec, RECORD_CREATE);
	if (rc < 0)
		goto out;
	if (has_unit)
		kind_set_int(k, rec, "unit_id", o.unit_id);
	a = ctx_actor(c, &g);
	rc = k->create(c->app->store, &a, rec);
	if (rc < 0)
		create_refused(c, k, rc, rec);
	else
		api_send_current(c, k, kind_int(k, rec, "id"), 201);
out:
	json_decref(body);
	free(rec);
}

/* The id of the record of the path (the one api_load_path() loaded). */
static int64_t path_id(const struct ctx *c)
{
	return c->req->params[0];
}

/*
 * The body of step st: {version, the input's fields}, the fields read
 * over in (its facts set) with the input's rules.  0, or the error after
 * answering (400 / 422).
 */
static int read_body(struct ctx *c, const struct step *st, int64_t *version,
		     void *in)
{
	const char *keys[STEP_INPUT_MAX + 2];
	json_t *body;
	int rc;

	step_body_keys(st, keys);
	if (api_body(c, keys, &body) < 0)
		return MM_EINVAL;
	rc = api_int64(c, body, "version", 1, version);
	if (rc == 0 && st->input)
		rc = api_record_read(c, body, st->input, in, RECORD_CREATE);
	json_decref(body);
	return rc;
}

/* Answers a refusal rc of st's perform() (st->explain says more). */
static void step_refused(struct ctx *c, const struct step *st, int rc,
			 void *in)
{
	const char *field = NULL, *why = NULL;

	if (st->explain &&
	    st->explain(c->app->store, rc, in, &field, &why) == 1 &&
	    api_record_check(c, st->input, in) < 0)
		return;
	ctx_fail(c, rc, why, field);
}

void api_step(struct ctx *c)
{
	const struct step *st = c->step->step;
	const struct record_kind *k = c->step->kind;
	void *rec = calloc(1, k->size);
	void *in = st->input ? calloc(1, st->input_size) : NULL;
	struct authz_grant g;
	struct actor a;
	int64_t version = 0;
	int event, rc;

	if (!rec || (st->input && !in)) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		goto out;
	}
	if (api_load_path(c, k, st->act, rec, &g) < 0 ||
	    ctx_check_step(c, st, rec, g.role) < 0)
		goto out;
	event = step_event(st, g.role);
	if ((st->facts && st->facts(c, rec, event, in) < 0) ||
	    read_body(c, st, &version, in) < 0)
		goto out;
	if (st->checked && st->checked(c, in) < 0)
		goto out;
	a = ctx_actor(c, &g);
	rc = step_perform(st, c->app->store, &a, path_id(c), version, event, in);
	if (rc < 0)
		step_refused(c, st, rc, in);
	else
		api_send_current(c, k, path_id(c), 200);
out:
	free(in);
	free(rec);
}
