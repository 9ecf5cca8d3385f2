/*
 * lists.h - the one handler of the list screens of records (GET
 * /<records>): the web side of api_list().  What differs from one list
 * to the next is data, a struct web_list_route: the kind, the page's
 * words, what stands above the table, and its columns, which by default
 * are the descriptor's FIELD_LISTED fields.  And the one pair of
 * handlers of the form that makes a record (GET /<records>/new, POST
 * /<records>), the web side of api_create(): a struct web_new_route.
 */
#ifndef MM_WEB_LISTS_H
#define MM_WEB_LISTS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "../app/kinds.h"
#include "layout.h"

/*
 * A list screen (a web route's arg points at one).  The page at /<path>
 * of kind: titled title, headed heading; empty is the paragraph of a
 * page with no rows.  gate (NULL: the user's own unit) is the object the
 * kind's view action is authorized on before the view selects; actions
 * (may be NULL) writes what stands above the table (the button to a new
 * record).  numbered: the first column is 番号, 第N号 linking to the
 * record (else the first column links).  heads (NULL: 番号 when numbered
 * and the labels of the descriptor's LISTED fields) and row (NULL: the
 * LISTED fields' cells, web_listed_cells) make the table.
 */
struct web_list_route {
	const struct record_kind *kind;
	const char *title;
	const char *heading;
	const char *empty;
	struct authz_object (*gate)(const struct ctx *c);
	void (*actions)(struct page *p);
	int numbered;
	const char *const *heads;
	void (*row)(struct page *p, const void *rec,
		    const struct row_joined *j);
};

/*
 * web_list - the one handler of the list screens: the route's struct
 * web_list_route.  Authorizes the view on its gate, reads the page
 * (?after= / ?before=), lists the page the user's view holds
 * (ctx_list_failed when it cannot be read), and writes the page: heading,
 * actions, the table of the rows that pass ctx_list_row_ok, the empty
 * paragraph, the 前へ / 次へ links.
 */
void web_list(struct ctx *c);

/*
 * The form that makes a record of kind (a web route's arg points at
 * one), by the kind's made_by step and create: the page at /<path>/new
 * titled title, headed heading, with the paragraph intro (may be NULL),
 * the descriptor's inputs of fields (NULL-ended, in order) and the
 * button submit.  gate (NULL: the user's own unit) is the object the
 * step's act is authorized on; its unit is the new record's "unit_id"
 * when the descriptor has one.
 */
struct web_new_route {
	const struct record_kind *kind;
	const char *title;
	const char *heading;
	const char *intro;
	const char *const *fields;
	const char *submit;
	struct authz_object (*gate)(const struct ctx *c);
};

/*
 * web_new - GET /<path>/new of the route's struct web_new_route: its
 * made_by step authorized on the gate and allowed by the state machine
 * from no state (the error page when not), then the empty form.
 */
void web_new(struct ctx *c);

/*
 * web_create - POST /<path>: as web_new, then the form read through the
 * descriptor (its faults beside the fields, 422), the record made by the
 * kind's create (a refused value of the store as the form's fault, 422;
 * another refusal the error page) and a redirect to it.
 */
void web_create(struct ctx *c);

#endif
