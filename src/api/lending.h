/*
 * lending.h - what the device-lending resources of the API share
 * (devices, applications, loans, checks, take-outs, reminders, R-DEV-1..9):
 * reading civil dates, moments and bounded text from a request, the
 * JSON form of each record, the authz object of each record, and the
 * answer to a refused transition.
 */
#ifndef MM_API_LENDING_H
#define MM_API_LENDING_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <stdint.h>
#include <jansson.h>

#include "../app/app.h"
#include "../store/store_devices.h"
#include "../app/objects.h"
#include "forms.h"

/*
 * api_date - field key of obj as a civil date "YYYY-MM-DD" into *out.
 * Absent (not required) leaves *out untouched and sets *present (may be
 * NULL) to 0.  Wrong type: 400; not a valid date: 422.  As json_in.h.
 */
int api_date(struct ctx *c, json_t *obj, const char *key, int required,
	     struct civil_date *out, int *present);

/*
 * api_moment - field key as an ISO 8601 moment with a zone
 * ("2026-04-01T09:00:00Z", "2026-04-01T18:00+09:00") into unix seconds.
 * As api_date.
 */
int api_moment(struct ctx *c, json_t *obj, const char *key, int required,
	       int64_t *out);

/* api_today - the Asia/Tokyo civil date now; 0, or answers 500. */
int api_today(struct ctx *c, struct civil_date *out);

/*
 * api_refuse_state - answers 409 invalid_state with a message naming the
 * object, its current state label and the step refused.  Returns
 * MM_ESTATE.
 */
int api_refuse_state(struct ctx *c, const char *object,
		     const char *state_label, const char *step_label);


/* The JSON forms of the lending records: forms.h. */

/*
 * api_load_loan - the loan params[0] of the path, authorized for act.
 * 0, or the error after answering (404 / 403).
 */
int api_load_loan(struct ctx *c, int64_t id, enum action act,
		  struct loan *out, struct authz_grant *g);

#endif
