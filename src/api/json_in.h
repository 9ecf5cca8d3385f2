/*
 * json_in.h - reading the API's requests strictly.  Each function either
 * succeeds (returns 0) or has already answered the client (400, 413, 415
 * or 422, naming the field at fault) and returns a negative enum mm_err:
 * the handler just returns.
 */
#ifndef MM_API_JSON_IN_H
#define MM_API_JSON_IN_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <stdint.h>
#include <jansson.h>

#include "../app/app.h"

/*
 * api_body - the request's body as a JSON object in *out (the caller's,
 * freed with json_decref()).  Refuses a Content-Type other than
 * application/json (415), malformed JSON, duplicate keys or a non-object
 * (400), a field not in the NULL-terminated allowed list (400, naming
 * it) and an oversized body (413).
 */
int api_body(struct ctx *c, const char *const *allowed, json_t **out);

/*
 * api_string, api_int64, api_bool - one field of obj (see
 * http/json_body.h for absent fields and null); a wrong type, or a
 * missing required field, answers 400 naming key.  Strings are borrowed
 * from obj.
 */
int api_string(struct ctx *c, json_t *obj, const char *key, int required,
	       const char **out);
int api_int64(struct ctx *c, json_t *obj, const char *key, int required,
	      int64_t *out);
int api_bool(struct ctx *c, json_t *obj, const char *key, int required,
	     int *out);

/*
 * api_text - field key of obj as text of at most max_chars characters, copied
 * into dst (size bytes).  must_have: required and not only spaces (422
 * otherwise).  Absent optional text leaves dst untouched.
 */
int api_text(struct ctx *c, json_t *obj, const char *key, int must_have,
	     size_t max_chars, char *dst, size_t size);

/*
 * api_query_int64 - query argument name as an integer in [min, max]
 * into *out; absent leaves *out untouched.  Otherwise 400 naming it.
 */
int api_query_int64(struct ctx *c, const char *name, int64_t min,
		    int64_t max, int64_t *out);

/*
 * api_unknown_state - answers a list's ?state= that names no state: 422
 * invalid naming "state", with a Japanese message.  Every list filters by
 * the state's key ("in_force") and refuses an unknown one alike.
 * Returns MM_EINVAL.
 */
int api_unknown_state(struct ctx *c);

/*
 * api_query_bool - query argument name: "true" or "false" into *out;
 * absent leaves *out untouched.  Otherwise 400 naming it.
 */
int api_query_bool(struct ctx *c, const char *name, int *out);

/*
 * api_invalid - answers 422 "invalid" for a value that parsed but is not
 * acceptable; why is the validator's Japanese message.  Returns MM_EINVAL.
 */
int api_invalid(struct ctx *c, const char *field, const char *why);

#endif
