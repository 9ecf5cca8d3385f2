/*
 * steps.h - the flow the record screens share (the web side of
 * api/steps.h): load the record of the path and authorize an action on
 * it, write a table of only the records the user may see, and answer a
 * store step with a redirect to the record or its error page.  The
 * per-type parts (fetch by id, authz object, path) come from the
 * record's kind (app/kinds.h).
 */
#ifndef MM_WEB_STEPS_H
#define MM_WEB_STEPS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../app/app.h"
#include "../app/steps.h"
#include "../app/listing.h"
#include "../app/kinds.h"
#include "../http/form.h"
#include "fields.h"
#include "layout.h"

/*
 * web_load - the record params[0] of the path, of kind k, into out
 * (k->size bytes), then ctx_authorize(act) on its authz object; g may
 * be NULL.  0, or the error after answering (404 and the like with
 * web_store_fail(), or 403).
 */
int web_load(struct ctx *c, const struct record_kind *k, enum action act,
	     void *out, struct authz_grant *g);

/*
 * web_load_guarded - web_load() for the records whose lists are per
 * unit: ctx_authorize(view) on the user's own unit first (who may see
 * none of them is refused before the lookup), then view on the record,
 * then act with grant g when act is not view.  0, or answered.
 */
int web_load_guarded(struct ctx *c, const struct record_kind *k,
		     enum action view, enum action act, void *out,
		     struct authz_grant *g);

/*
 * web_load_own - web_load() of a record to act on from the user's own
 * unit: ctx_authorize(act) on that unit first, then act on the record,
 * both with grant g.  0, or answered.
 */
int web_load_own(struct ctx *c, const struct record_kind *k, enum action act,
		 void *out, struct authz_grant *g);

/*
 * web_begin_step - the start of a POST step: web_load(act) of the record
 * into rec, then step_form_read() of its form into f (allowed fields)
 * and its version.  0, or the error after answering; f must be released
 * with form_release() in every case.
 */
int web_begin_step(struct ctx *c, const struct record_kind *k, enum action act,
		   void *rec, struct authz_grant *g, struct form *f,
		   const char *const *fields, int64_t *version);

/*
 * web_step_done - answers a store step on record id of kind k: rc 0
 * redirects to /PATH/ID, an error is answered with lending_fail(c, rc,
 * why) (409 for a state or stale version, 422 for a rule, ...).
 */
void web_step_done(struct ctx *c, const struct record_kind *k, int64_t id,
		   int rc, const char *why);

/*
 * table_begin - <table><thead><tr> with one <th scope="col"> per label
 * of heads (NULL-ended), then <tbody>.
 */
void table_begin(struct html *h, const char *const *heads);

/*
 * table_end - closes what table_begin() opened and, when shown is 0,
 * adds the paragraph empty.
 */
void table_end(struct html *h, size_t shown, const char *empty);

/*
 * web_page_req - the page of a list screen the request asks for:
 * ?after= (the 次へ link) or ?before= (the 前へ link), STORE_PAGE_DEFAULT
 * rows.  0, or the error after answering 400.
 */
int web_page_req(struct ctx *c, struct page_req *req);

/*
 * web_page_req_named - the same with the cursors' names given, for a
 * screen with two paged tables ("reg_after", "reg_before").
 */
int web_page_req_named(struct ctx *c, struct page_req *req,
		       const char *after, const char *before);

/*
 * web_pager - the 前へ / 次へ links of a list page at `at` (none when
 * the list fits one page).  base is the list's path with its filters
 * ("/screenshots?filter=on_device"); the cursor is added to it.
 */
void web_pager(struct page *p, const char *base, const struct list_page *at);

/* web_pager_named - the same with the cursors' names given. */
void web_pager_named(struct page *p, const char *base,
		     const struct list_page *at, const char *after,
		     const char *before);

/*
 * web_page_rows - row(p, rec, joined) for each of the n records at
 * items (k->size bytes apart), with its joined names, that passes the
 * second check ctx_list_row_ok(view): the store selected the page by
 * the user's view already.  Returns the number written.
 */
size_t web_page_rows(struct page *p, const struct record_kind *k,
		     enum action view, const void *items,
		     const struct row_joined *joined, size_t n,
		     void (*row)(struct page *p, const void *rec,
				 const struct row_joined *j));

/*
 * What was posted to a step's form, for the record's page shown again
 * with the faults beside the fields: the step (the last segment of its
 * path, "receive"; another name or NULL for a form that is no step), the
 * form and its faults.
 */
struct web_posted {
	const char *step;
	const struct form *f;
	const struct form_errors *e;
};

/* web_posted_form, web_posted_errors - in's form and faults; NULL for none. */
const struct form *web_posted_form(const struct web_posted *in);
const struct form_errors *web_posted_errors(const struct web_posted *in);

/*
 * A workflow step's form on a record's page: the step (the last segment
 * of its path, as web_posted's), its heading, the fields keys of the
 * descriptor d (NULL: a form of its button alone) and the button's label.
 */
struct web_step_form {
	const char *step;
	const char *title;
	const struct record_desc *d;
	const char *const *keys;
	const char *submit;
};

/*
 * web_step_form - writes sf's form for the record kind/id read at
 * version: an <h3> title, the form posting the version to
 * /KIND/ID/STEP, its fields and its button.  When in was posted to this
 * step its fields show what was posted and their faults; another step's
 * post (or in NULL) leaves the form fresh.
 */
void web_step_form(struct page *p, const char *kind, int64_t id,
		   int64_t version, const struct web_step_form *sf,
		   const struct web_posted *in);

/*
 * What web_step() needs of the records a step route is about (a step
 * route's kind points at one of these): their kind; whether they are
 * loaded as web_load_guarded() does (guarded: the user's own unit is
 * asked for view first, who may see none of them is refused before the
 * lookup) or as web_load(); and their page, shown again after a step
 * refused for what the user posted, so the faults stand beside the
 * fields: render(c, rec, in, status) writes rec's page with the form of
 * in->step filled with what was posted and its faults, answering
 * status (in NULL: the page as it is).  Without a render the refusal
 * gets the error page.
 */
struct web_step_kind {
	const struct record_kind *kind;
	int guarded;
	enum action view;
	void (*render)(struct ctx *c, const void *rec,
		       const struct web_posted *in, int status);
};

/*
 * WEB_STEP_KIND - defines the struct web_step_kind name of the records
 * of type T of kind k (a struct record_kind *), rendered by the typed
 * render_fn(c, const T *, const struct web_posted *, status) (wrapped,
 * so no function pointer is called through the wrong type).
 */
#define WEB_STEP_KIND(name, k, guarded, view, T, render_fn)                \
	static void name##_render(struct ctx *c, const void *rec,          \
				  const struct web_posted *in, int status) \
	{ render_fn(c, (const T *)rec, in, status); }                      \
	const struct web_step_kind name = { k, guarded, view,              \
		name##_render }

/*
 * web_step - the one handler of every workflow step's form (app/steps.h):
 * the route's step (c->step) on the record of the path, of the route's
 * kind (a struct web_step_kind): authorize st->act, ask the state machine
 * (409 naming the state, the API's message), set the step's facts, read
 * the form's version and the step's input through its descriptor (input
 * names as the route's names say), perform it and redirect to the
 * record.  A fault of the input, a rule or value the store refused or a
 * stale version shows the record's page again with the form as posted
 * and the messages (422, 409); anything else the error page.
 */
void web_step(struct ctx *c);

/*
 * web_step_kind_show - GET /<path>/{id} of a record with steps (the
 * route's arg is its struct web_step_kind): loaded and authorized for the
 * view action as its steps load it (guarded or not), and its page.
 */
void web_step_kind_show(struct ctx *c);

#endif
