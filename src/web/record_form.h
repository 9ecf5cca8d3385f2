/*
 * record_form.h - web forms from record descriptors (core/record.h):
 * reading a posted form into a record with one message per bad field
 * (the same messages the API gives), and rendering each field's input,
 * re-showing what was posted.
 */
#ifndef MM_WEB_RECORD_FORM_H
#define MM_WEB_RECORD_FORM_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include "../core/record.h"
#include "../http/form.h"
#include "fields.h"
#include "html.h"

/*
 * web_record_read - reads the input fields of d from the posted form f
 * into the struct at rec and checks the record's rules now
 * (record_input); every fault is added to e under its field's key and
 * label.  Returns 0 or the error of the first fault.
 */
int web_record_read(const struct form *f, const struct record_desc *d,
		    void *rec, enum record_mode mode, struct form_errors *e);

/*
 * A form input named otherwise than its field's key: two forms of one
 * page that share a key (the reason of an approval and of a refusal)
 * need distinct inputs.  name is static.
 */
struct web_field_name {
	const char *key;
	const char *name;
};

/*
 * web_field_input_name - the input name of key: its name in names (may
 * be NULL), else the key itself.
 */
const char *web_field_input_name(const struct web_field_name *names,
				 const char *key);

/*
 * web_record_read_named - web_record_read() of a form whose inputs for
 * the keys in names (ended by { NULL, NULL }) carry those names; their
 * faults are added under the names, so they show beside those inputs.
 */
int web_record_read_named(const struct form *f, const struct record_desc *d,
			  const struct web_field_name *names, void *rec,
			  enum record_mode mode, struct form_errors *e);

/*
 * web_record_check - the record's rules (record_check()) on the struct at
 * rec now, for input read with RECORD_FIELDS_ONLY once the server has set
 * what it knows; a broken rule is added to e.  0 or the rule's error.
 */
int web_record_check(const struct record_desc *d, const void *rec,
		     struct form_errors *e);

/*
 * web_record_field - the labelled input of field key of d: the value
 * posted in f when f is not NULL (a form shown again with its faults),
 * else the value in rec (may be NULL: empty).  Text is an input or a
 * textarea limited to the field's characters, a date a date input, a
 * moment a datetime-local input, an enum a select of its labels, a bool
 * a checkbox.  A key d lacks writes nothing.
 */
void web_record_field(struct html *h, const struct form_errors *e,
		      const struct record_desc *d, const char *key,
		      const struct form *f, const void *rec);

/* web_record_fields - web_record_field for each key of the NULL-terminated keys. */
void web_record_fields(struct html *h, const struct form_errors *e,
		       const struct record_desc *d, const char *const *keys,
		       const struct form *f, const void *rec);

#endif
