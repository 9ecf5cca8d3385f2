/*
 * lists.h - the one handler of the list screens of records (GET
 * /<records>): the web side of api_list().  What differs from one list
 * to the next is data, a struct web_list_route: the kind, the page's
 * words, what stands above the table, and its columns, which by default
 * are the descriptor's FIELD_LISTED fields.
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

#endif
