/*
 * json_body.h - reading JSON request bodies strictly (jansson).
 *
 * The API's bodies are small objects.  json_body_parse() refuses
 * anything else before a handler sees it: invalid UTF-8, duplicate keys,
 * a top level other than an object, nesting deeper than
 * JSON_BODY_MAX_DEPTH, more than JSON_BODY_MAX_BYTES.  The json_get_*
 * helpers then read one field each with its type checked, so a handler
 * never guesses.  Messages written to err are English, for the API's
 * error body, and name the field or the position at fault.
 * Fuzzed by tests/fuzz/fuzz_json.c.
 */
#ifndef MM_HTTP_JSON_BODY_H
#define MM_HTTP_JSON_BODY_H
#ifndef MM_SEES_HTTP /* the layers: HACKING.md */
#error "layer: http/ is seen only by http/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define JSON_BODY_MAX_BYTES ((size_t)1 << 20)
#define JSON_BODY_MAX_DEPTH 16

/*
 * json_load_guarded - json_loadb(p, n, flags, err) that stops at its
 * first failed allocation and frees everything the parse allocated:
 * *oom (may be NULL) is then 1 and the result NULL.  jansson 2.14's
 * lexer drops a byte it cannot store (lex_save ignores the failure), and
 * a string that lost its closing quote is decoded past the end of its
 * buffer: a heap overflow, or silently changed text (issue 14; found by
 * tests/crash/fail_io_steps.test.mjs lending a device at its 325th
 * allocation).  So every JSON text Mamori reads is loaded through here.
 * Installs its allocation wrappers as jansson's on first use; outside a
 * guarded parse they are malloc and free.  The result is the caller's
 * (json_decref()).
 */
json_t *json_load_guarded(const char *p, size_t n, size_t flags,
			  json_error_t *err, int *oom);

/*
 * json_body_parse - parses n bytes at p into a new object in *out (the
 * caller's, freed with json_decref()).  Returns 0, or MM_EINVAL with a
 * message in err (errlen bytes, may be 0) and *out NULL, or
 * MM_EOVERFLOW when n exceeds JSON_BODY_MAX_BYTES, or MM_ENOMEM when the
 * parser ran out of memory (the server's fault, not the body's).
 */
int json_body_parse(const char *p, size_t n, json_t **out, char *err,
		    size_t errlen);

/*
 * json_get_string - the string field key of obj in *out (borrowed from
 * obj).  A missing field or JSON null is *out = NULL and 0 when not
 * required, MM_EINVAL when required.  Other types, and strings with
 * control characters other than tab, CR and LF, are MM_EINVAL.
 */
int json_get_string(json_t *obj, const char *key, int required,
		    const char **out, char *err, size_t errlen);

/*
 * json_get_int64 - the integer field key of obj in *out.  Absent or null
 * and not required: returns 0 with *out untouched (preset the default).
 * Reals, strings and other types are MM_EINVAL.
 */
int json_get_int64(json_t *obj, const char *key, int required,
		   int64_t *out, char *err, size_t errlen);

/*
 * json_get_bool - the boolean field key of obj in *out (0 or 1), as
 * json_get_int64 for absent fields.  Only true and false are booleans.
 */
int json_get_bool(json_t *obj, const char *key, int required, int *out,
		  char *err, size_t errlen);

/*
 * json_check_fields - MM_EINVAL when obj has a key not in the
 * NULL-terminated allowed list (*unknown, which may be NULL, set to the
 * key, borrowed from obj); 0 otherwise.
 */
int json_check_fields(json_t *obj, const char *const *allowed,
		      const char **unknown);

#endif
