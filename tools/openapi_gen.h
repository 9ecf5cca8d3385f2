/*
 * openapi_gen.h - what the two halves of the OpenAPI generator share:
 * the schemas (openapi_gen.c, from the record descriptors) and the paths
 * (openapi_paths.c, from the API's route table).  Tool-only: not part of
 * the program.
 */
#ifndef MM_TOOLS_OPENAPI_GEN_H
#define MM_TOOLS_OPENAPI_GEN_H

#include <stddef.h>
#include <jansson.h>

#include "core/record.h"

#define NAME_MAX_LEN 96

/* camel - "breach" + "rule" -> "BreachRule" into out; b may be NULL. */
void camel(char *out, size_t size, const char *a, const char *b);

/*
 * record_schema_name - the name of the schema the API answers records of
 * d with ("Breach", or d->output_schema) into out; 0, or -1 when d has
 * none (RECORD_NO_SCHEMA).
 */
int record_schema_name(const struct record_desc *d, char *out, size_t size);

/*
 * request_schema_name - the name of the request schema d describes
 * ("BreachCreate", or d->input_schema) into out; 0, or -1 when none.
 */
int request_schema_name(const struct record_desc *d, char *out, size_t size);

/*
 * field_enum_name - the name of the enum schema of field key of d
 * ("BreachState") into out; 0, or -1 when d has no such enum field.
 */
int field_enum_name(const struct record_desc *d, const char *key, char *out,
		    size_t size);

/*
 * openapi_paths - replaces the "paths" of doc with the operations of the
 * API's route table (api_routes, api_steps), each merged with its entry
 * of overlay (docs/openapi-overlay.json), and writes the list schemas of
 * the generic lists into doc's components.  strict: a route the overlay
 * does not complete (no summary, an answer or a body of unknown schema)
 * or an overlay entry of no route is an error.  Returns the number of
 * problems, each written to stderr.
 */
int openapi_paths(json_t *doc, json_t *overlay, int strict);

#endif
