/*
 * lists.h - the one handler of the list screens of records (GET
 * /<records>): the web side of api_list().  What differs from one list
 * to the next is data, a struct web_list_route: the kind, the page's
 * words, what stands above the table, and its columns, which by default
 * are the descriptor's FIELD_LISTED fields.  And the one pair of
 * handlers of the form that makes a record (GET /<records>/new, POST
 * /<records>), the web side of api_create(): a struct web_new_route.
 * And a record's page (GET /<records>/{id}), the web side of api_get():
 * a struct web_show_route, its details from the descriptor and its step
 * buttons from a table.
 */
#ifndef MM_WEB_LISTS_H
#define MM_WEB_LISTS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../app/app.h"
#include "../app/kinds.h"
#include "../app/waiting.h"
#include "layout.h"

struct form;
struct form_errors;

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
	/* takes ?case_id= (the kind_filter's case_id): a case's records */
	int by_case;
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
 * when the descriptor has one.  A kind whose descriptor has "case_id"
 * takes ?case_id= to fill it in (a link from the case's page); the
 * server checks it again when the form is posted.  field (may be NULL)
 * writes the input of a key itself, returning 1 (else 0: the
 * descriptor's input): choices the server renders (the staff going).
 */
struct web_new_route {
	const struct record_kind *kind;
	const char *title;
	const char *heading;
	const char *intro;
	const char *const *fields;
	const char *submit;
	struct authz_object (*gate)(const struct ctx *c);
	int (*field)(struct page *p, const char *key, const struct form *f,
		     const struct form_errors *e, const void *rec);
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

/*
 * A step a record's page offers as a button (a table ends with a NULL
 * step): the step, the last segment of its path ("/forward") and the
 * button's words.
 */
struct web_step_button {
	const struct step *step;
	const char *suffix;
	const char *label;
};

/*
 * web_step_buttons - under the heading あなたの対応, a button (a POST of
 * rec's version) for each step of buttons open to the user on rec
 * (step_open_to), a record of kind k; nothing when none is.  Returns
 * the number of buttons.
 */
size_t web_step_buttons(struct page *p, const struct record_kind *k,
			const void *rec, const struct web_step_button *buttons);

/*
 * web_details - a <dt>/<dd> pair, in the <dl> open, for each field of
 * keys (NULL-ended) of rec, a record of kind k: its label and its value
 * as the descriptor says (an enum's label, a moment's 和暦, a unit's
 * name; "—" for nothing).
 */
void web_details(struct page *p, const struct record_kind *k,
		 const void *rec, const char *const *keys);

/*
 * A record's page (a web route's arg points at one): titled with the
 * descriptor's label and 第N号; the details of keys, then more (may be
 * NULL) inside the same <dl>; after (may be NULL) below it; then the
 * buttons (may be NULL) of the steps open to the user.
 */
struct web_show_route {
	const struct record_kind *kind;
	const char *const *keys;
	void (*more)(struct page *p, const void *rec);
	void (*after)(struct page *p, const void *rec);
	const struct web_step_button *buttons;
};

/*
 * web_show - GET /<path>/{id} of the route's struct web_show_route: the
 * record loaded and authorized for the kind's view (web_load), and its
 * page.
 */
void web_show(struct ctx *c);

/*
 * web_waiting - the home page's reminders of w (app/waiting.h): each
 * record waiting for the user as "<noun> 第N号（<about>）：<the step's
 * label>" linking to it; none when the list cannot be read (the home
 * page stays usable).  Returns how many.
 */
size_t web_waiting(struct page *p, const struct waiting *w);

#endif
