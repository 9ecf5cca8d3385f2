/*
 * json_out.h - writing the API's answers: the JSON form of each record
 * and the sending of a body.
 *
 * Times are ISO 8601 UTC strings, enums their English keys (roles.h).
 * Password hashes never appear: struct user holds none, and no function
 * here takes one.
 */
#ifndef MM_API_JSON_OUT_H
#define MM_API_JSON_OUT_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <stdint.h>
#include <jansson.h>

#include "../app/app.h"

/*
 * api_send - answers status with body as compact JSON.  Takes the
 * reference to body (which may be NULL: a failed build answers 500).
 */
void api_send(struct ctx *c, int status, json_t *body);

/* api_no_content - answers 204 with an empty body. */
void api_no_content(struct ctx *c);

/* api_time_json - t as "2026-04-01T09:00:00Z"; null for 0. New reference. */
json_t *api_time_json(int64_t t);

/*
 * The JSON forms of records; new references, NULL when out of memory (a
 * unit's and a user's, made by their descriptors: forms.h).
 */
json_t *api_role_json(const struct role_assignment *r);
json_t *api_audit_json(const struct audit_entry *e);

/*
 * api_list_add - appends item (reference taken) to array; returns 0, or
 * MM_ENOMEM when item is NULL or the append fails.
 */
int api_list_add(json_t *array, json_t *item);

#endif
