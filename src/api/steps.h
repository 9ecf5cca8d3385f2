/*
 * steps.h - the flow the record resources of the API share: load the
 * record of the path and authorize an action on it, take a workflow step
 * (api_step), answer the record as it is now, and list only what the
 * caller may see.  The per-type parts (fetch by id, authz
 * object, list) come from the record's kind (app/kinds.h).
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
#include "../app/kinds.h"

/*
 * api_kind_json - the JSON form of one record of kind k as a
 * single-record answer gives it: its descriptor's (api_record_json),
 * unless the API's table of forms (api/kinds.c) has a fuller one.  A
 * new reference, NULL when out of memory.
 */
json_t *api_kind_json(const struct record_kind *k, const void *rec);

/* api_kind_row_json - the same as a row of a list answers it. */
json_t *api_kind_row_json(const struct record_kind *k, const void *rec);

/*
 * api_load - the record id of kind k into out (k->size bytes), then
 * ctx_authorize(act) on its authz object; g may be NULL.  0, or the
 * error after answering (404 and the like via ctx_fail, or 403).
 */
int api_load(struct ctx *c, const struct record_kind *k, int64_t id,
	     enum action act, void *out, struct authz_grant *g);

/* api_load_path - api_load() of the record params[0] of the path. */
int api_load_path(struct ctx *c, const struct record_kind *k, enum action act,
		  void *out, struct authz_grant *g);

/*
 * api_send_current - reads record id of kind k again and answers its
 * JSON form with status (after a step, so the client sees the new
 * version); a store error is answered with ctx_fail.
 */
void api_send_current(struct ctx *c, const struct record_kind *k, int64_t id,
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
void api_send_page(struct ctx *c, const char *key, const struct record_kind *k,
		   enum action view, const void *items, size_t n,
		   const struct list_page *at);

/*
 * What api_list() lists (a route's arg points at one): records of kind,
 * after authorizing gate on no object (ACT_HOME_VIEW: anyone logged in,
 * the view may be empty), selected by the query keys of query (ended by
 * a NULL key).
 */
struct api_list_route {
	const struct record_kind *kind;
	enum action gate;
	const struct kind_query *query;
};

/*
 * api_list - the one handler of the lists of records (GET
 * /api/v1/<path>): the route's struct api_list_route; authorizes its
 * gate, reads its query keys (400 naming a bad one; ?state= by key, a
 * name of no state 422 by api_unknown_state), the page (?limit=&after=), lists the page the
 * caller's view holds (ctx_list_failed when it cannot be read) and
 * answers {<path>: [rows], "next": id or null}.
 */
void api_list(struct ctx *c);

/*
 * api_get - the one handler of GET /api/v1/<path>/{id}: the record of the
 * path, of the route's kind (its arg, a struct record_kind), authorized
 * for the kind's view action and answered in its JSON form
 * (api_kind_json).
 */
void api_get(struct ctx *c);

/*
 * api_create - the one handler of POST /api/v1/<path> of a kind made by
 * its made_by step (app/kinds.h; the route's arg): reads the body (the
 * descriptor's input fields, and "unit_id" when the record has a unit:
 * the caller's own when absent), authorizes the step's act on the unit
 * (on no object for a record without one, before the body), asks the
 * state machine, reads the fields through the descriptor (422 with the
 * web form's message), makes the record and answers it with 201.
 */
void api_create(struct ctx *c);

/*
 * api_step - the one handler of every workflow step (app/steps.h): the
 * route's step (c->step) on the record of the path, of the route's kind
 * (a struct record_kind): authorize st->act, ask the state machine
 * (409 naming the state when refused), set the step's facts, read
 * {version, the input's fields} through the input's descriptor (422 with
 * the web form's message), perform it and answer the record as it now
 * is; a refusal of the store is answered with the step's explanation or
 * the store's message.
 */
void api_step(struct ctx *c);

#endif
