/*
 * record_json.h - the JSON API side of record descriptors
 * (core/record.h): reading a body into a record with the same checks and
 * messages as the web forms, and writing a record as JSON.
 */
#ifndef MM_API_RECORD_JSON_H
#define MM_API_RECORD_JSON_H
#ifndef MM_SEES_API /* the layers: HACKING.md */
#error "layer: api/ is seen only by api/ and the dispatcher app/app.c"
#endif

#include <jansson.h>

#include "../app/app.h"
#include "../core/record.h"

/*
 * api_record_read - reads the input fields of d from the JSON object in
 * into the struct at rec and checks the record's rules (record_input).
 * A text, date, moment or enum field takes a string, an integer or
 * reference field an integer, a yes/no field a boolean; null is the same
 * as absent.  On any fault answers 422 {"error":{"code":"invalid",
 * "message":<first message>,"field":<first key>,"fields":[{"field",
 * "label","message"}...]}} (code "rule_violation" when the record's rules
 * refused with MM_ERULE), notes the refusal for the audit trail, and
 * returns the error of the first fault; else 0.
 */
int api_record_read(struct ctx *c, json_t *in, const struct record_desc *d,
		    void *rec, enum record_mode mode);

/*
 * api_record_check - the record's rules (record_check()) on the struct at
 * rec now, for a body read with RECORD_FIELDS_ONLY once the server has
 * set what it knows; a broken rule is answered as api_record_read() does.
 * 0 or the rule's error.
 */
int api_record_check(struct ctx *c, const struct record_desc *d,
		     const void *rec);

/*
 * api_record_json - every field of d in the struct at rec, in the
 * descriptor's order: text as strings, an enum as its key plus
 * "<key>_label", a moment as ISO 8601 (null when unset), a date as
 * "YYYY-MM-DD" (null when unset), a reference as its id (null when 0), a
 * yes/no field as a boolean.  New reference; NULL on allocation failure.
 */
json_t *api_record_json(const struct record_desc *d, const void *rec);

#endif
