#include "steps.h"

#include <stdlib.h>

#include "lib/err.h"
#include "json_in.h"
#include "json_out.h"
#include "lending.h"
#include "record_json.h"
#include "lib/banned.h"

int api_load(struct ctx *c, const struct api_kind *k, int64_t id,
	     enum action act, void *out, struct authz_grant *g)
{
	struct authz_object o;
	int rc = k->get(c->app->store, id, out);

	if (rc < 0) {
		ctx_fail(c, rc, NULL, NULL);
		return rc;
	}
	o = k->object(out);
	return ctx_authorize(c, act, &o, g);
}

int api_load_path(struct ctx *c, const struct api_kind *k, enum action act,
		  void *out, struct authz_grant *g)
{
	return api_load(c, k, c->req->params[0], act, out, g);
}

void api_send_current(struct ctx *c, const struct api_kind *k, int64_t id,
		      int status)
{
	void *rec = calloc(1, k->size);
	int rc = rec ? k->get(c->app->store, id, rec) : MM_ENOMEM;

	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		api_send(c, status, k->json(rec));
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

void api_send_page(struct ctx *c, const char *key, const struct api_kind *k,
		   enum action view, const void *items, size_t n,
		   const struct list_page *at)
{
	const char *p = items;
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++, p += k->size) {
		struct authz_object o = k->object(p);
		if (ctx_list_row_ok(c, view, &o) &&
		    api_list_add(arr, k->json(p)) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_send(c, 200, arr ? json_pack("{s:o, s:o}", key, arr, "next",
					 at->next ? json_integer(at->next)
						  : json_null()) : NULL);
}

int api_read_step(struct ctx *c, const char *const *fields,
		  int64_t *version, const char *text_key, char *text,
		  size_t size)
{
	json_t *in;
	int rc;

	if (api_body(c, fields, &in) < 0)
		return MM_EINVAL;
	rc = api_int64(c, in, "version", 1, version);
	if (rc == 0 && text_key)
		rc = api_text(c, in, text_key, 0, 500, text, size);
	json_decref(in);
	return rc;
}

/* The id of the record of the path (the one api_load_path() loaded). */
static int64_t path_id(const struct ctx *c)
{
	return c->req->params[0];
}

void api_step(struct ctx *c)
{
	const struct step *st = c->step->step;
	const struct api_kind *k = c->step->kind;
	const char *fields[] = { "version", st->text_key, NULL };
	char *text = calloc(1, MM_TEXT_MAX);
	void *rec = calloc(1, k->size);
	struct authz_grant g;
	struct actor a;
	int64_t version = 0;
	int rc;

	if (!text || !rec) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		goto out;
	}
	if (api_load_path(c, k, st->act, rec, &g) < 0 ||
	    ctx_check_step(c, st, rec, g.role) < 0 ||
	    api_read_step(c, fields, &version, st->text_key, text,
			  MM_TEXT_MAX) < 0)
		goto out;
	a = ctx_actor(c, &g);
	rc = st->perform(c->app->store, &a, path_id(c), version,
			 step_event(st, g.role), text);
	if (rc < 0)
		ctx_fail(c, rc, NULL, NULL);
	else
		api_send_current(c, k, path_id(c), 200);
out:
	free(text);
	free(rec);
}

int api_read_step_record(struct ctx *c, const char *const *fields,
			 int64_t *version, const struct record_desc *d,
			 void *rec)
{
	json_t *in;
	int rc;

	if (api_body(c, fields, &in) < 0)
		return MM_EINVAL;
	rc = api_int64(c, in, "version", 1, version);
	if (rc == 0)
		rc = api_record_read(c, in, d, rec, RECORD_CREATE);
	json_decref(in);
	return rc;
}
