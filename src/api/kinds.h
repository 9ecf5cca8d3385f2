/*
 * kinds.h - the JSON forms of the kinds of records (app/kinds.h) that
 * say more than their descriptor: a loan's checklist, a report's
 * timeline.  api_kind_json() (api/steps.h) asks here first.
 */
#ifndef MM_API_KINDS_H
#define MM_API_KINDS_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <jansson.h>

#include "../app/kinds.h"

/*
 * The JSON forms of a kind: one (a single-record answer) and row (a row
 * of its list; NULL: its descriptor's).  New references, NULL when out of memory.
 */
struct api_kind_form {
	const struct record_kind *kind;
	json_t *(*one)(const void *rec);
	json_t *(*row)(const void *rec);
};

/*
 * api_kind_form_of - the forms of k in the API's table, NULL when its
 * descriptor says all (api_record_json).
 */
const struct api_kind_form *api_kind_form_of(const struct record_kind *k);

#endif
