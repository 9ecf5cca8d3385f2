/*
 * steps.h - the flow the record resources of the API share: load the
 * record of the path and authorize an action on it, take a workflow step
 * (api_step), answer the record as it is now, and list only what the
 * caller may see.  The per-type parts (fetch by id, authz
 * object, JSON form) come in a small descriptor, struct api_kind.
 */
#ifndef MM_API_STEPS_H
#define MM_API_STEPS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "../app/app.h"
#include "../app/steps.h"
#include "../core/record.h"
#include "../app/listing.h"

/*
 * api_kind - one kind of record: size of the struct, how to fetch one
 * by id (a store_*_get), its authz object (app/objects.h) and its JSON
 * form (a new reference, NULL when out of memory).
 */
struct api_kind {
	size_t size;
	/* pool: where the text of a pooled record goes (the request's) */
	int (*get)(struct store *s, int64_t id, struct pool *pool, void *out);
	struct authz_object (*object)(const void *rec);
	json_t *(*json)(const void *rec);
};

/*
 * API_KIND - defines the static struct api_kind name for records of
 * type T from its typed get, object and json functions (wrapped, so no
 * function pointer is ever called through the wrong type).
 */
#define API_KIND(name, T, get_fn, object_fn, json_fn)                      \
	API_KIND_AS(static, name, T, get_fn, object_fn, json_fn)

/* API_KIND_AS - API_KIND with the storage class of name (empty: extern). */
#define API_KIND_AS(storage, name, T, get_fn, object_fn, json_fn)          \
	API_KIND_CALL(storage, name, T, get_fn(s, id, (T *)out), object_fn,  \
		      json_fn)

/*
 * API_KIND_POOLED - API_KIND of a record whose text is pooled: get_fn
 * takes the pool (store_loan_get).
 */
#define API_KIND_POOLED(name, T, get_fn, object_fn, json_fn)               \
	API_KIND_CALL(static, name, T, get_fn(s, id, pool, (T *)out),        \
		      object_fn, json_fn)

/* API_KIND_CALL - the struct api_kind whose get evaluates call. */
#define API_KIND_CALL(storage, name, T, call, object_fn, json_fn)          \
	static int name##_get(struct store *s, int64_t id,                  \
			      struct pool *pool, void *out)                 \
	{ (void)pool; return call; }                                        \
	static struct authz_object name##_object(const void *rec)           \
	{ return object_fn((const T *)rec); }                               \
	static json_t *name##_json(const void *rec)                         \
	{ return json_fn((const T *)rec); }                                 \
	storage const struct api_kind name = { sizeof(T), name##_get,       \
		name##_object, name##_json }

/*
 * api_load - the record id of kind k into out (k->size bytes), then
 * ctx_authorize(act) on its authz object; g may be NULL.  0, or the
 * error after answering (404 and the like via ctx_fail, or 403).
 */
int api_load(struct ctx *c, const struct api_kind *k, int64_t id,
	     enum action act, void *out, struct authz_grant *g);

/* api_load_path - api_load() of the record params[0] of the path. */
int api_load_path(struct ctx *c, const struct api_kind *k, enum action act,
		  void *out, struct authz_grant *g);

/*
 * api_send_current - reads record id of kind k again and answers its
 * JSON form with status (after a step, so the client sees the new
 * version); a store error is answered with ctx_fail.
 */
void api_send_current(struct ctx *c, const struct api_kind *k, int64_t id,
		      int status);

/*
 * api_page_req - the page a list request asks for: ?limit= (1..
 * STORE_PAGE_MAX, default STORE_PAGE_DEFAULT) and ?after= (the "next"
 * of the page before; absent for the first).  0, or the error after
 * answering 400 naming the parameter.
 */
int api_page_req(struct ctx *c, struct page_req *req);

/*
 * api_send_page - answers 200 {key: [...], "next": id or null} with the
 * JSON form of the n records at items (k->size bytes apart): a page the
 * store selected by the caller's view (ctx_list_view), each record
 * checked again with ctx_can(view) (ctx_list_row_ok).  "next" is the
 * ?after= of the following page, null on the last.  Out of memory: 500.
 * Does not release items.
 */
void api_send_page(struct ctx *c, const char *key, const struct api_kind *k,
		   enum action view, const void *items, size_t n,
		   const struct list_page *at);

/*
 * What api_step() needs of the records a step route is about: their
 * kind (a step route's kind points at one of these).
 */
struct api_step_kind {
	const struct api_kind *kind;
};

/*
 * api_step - the one handler of every workflow step (app/steps.h): the
 * route's step (c->step) on the record of the path, of the route's kind
 * (a struct api_step_kind): authorize st->act, ask the state machine
 * (409 naming the state when refused), set the step's facts, read
 * {version, the input's fields} through the input's descriptor (422 with
 * the web form's message), perform it and answer the record as it now
 * is; a refusal of the store is answered with the step's explanation or
 * the store's message.
 */
void api_step(struct ctx *c);

#endif
