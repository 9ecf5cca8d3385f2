/*
 * fields.h - form widgets shared by the screens: the error summary,
 * labelled fields with their messages, the POST form with its CSRF field.
 *
 * Every field has a visible <label>, the id "f-NAME", and, when it has an
 * error, aria-invalid and aria-describedby pointing at its message.
 * Messages are borrowed (static Japanese strings from validate.h,
 * roles.h or the screens) and must outlive the rendering.
 */
#ifndef MM_WEB_FIELDS_H
#define MM_WEB_FIELDS_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include "../app/app.h"
#include "html.h"
#include "layout.h"

#define FORM_ERRORS_MAX 16

struct form_error {
	const char *field;   /* form field name, or "" for the whole form */
	const char *label;   /* Japanese label shown in the summary */
	const char *message; /* Japanese */
};

struct form_errors {
	size_t n;
	struct form_error items[FORM_ERRORS_MAX];
};

/* form_errors_init - no errors. */
void form_errors_init(struct form_errors *e);

/* form_errors_add - records a message (dropped when the list is full). */
void form_errors_add(struct form_errors *e, const char *field,
		     const char *label, const char *message);

/* form_errors_for - the first message for field, or NULL. */
const char *form_errors_for(const struct form_errors *e, const char *field);

/*
 * form_error_summary - the box at the top of a form: a heading and one
 * link per message to its field.  Writes nothing when e is empty or NULL.
 * The message shown for a rule (refusal_rule(), else the first) is
 * noted for the audit trail (ctx_note_refusal): a form shown again with
 * 409 or 422 is a refused request (ctx_refused).
 */
void form_error_summary(struct page *p, const struct form_errors *e);

/*
 * form_begin - <form method="post" action=...> with the hidden csrf field
 * of the request's session.  cls may be NULL.
 */
void form_begin(struct html *h, const struct ctx *c, const char *action,
		const char *cls);
void form_end(struct html *h);

/* form_hidden - <input type="hidden">. */
void form_hidden(struct html *h, const char *name, const char *value);

/*
 * field_input - a labelled input.  type: "text" or "password"; value
 * may be NULL (empty); hint and autocomplete may be NULL.
 */
void field_input(struct html *h, const struct form_errors *e,
		 const char *name, const char *label, const char *type,
		 const char *value, const char *hint, const char *autocomplete);

/* field_select_begin - a labelled <select>; add options, then end. */
void field_select_begin(struct html *h, const struct form_errors *e,
			const char *name, const char *label);
void field_option(struct html *h, const char *value, const char *label,
		  int selected);
void field_select_end(struct html *h);

/* field_check - a checkbox with value "1" and its label. */
void field_check(struct html *h, const struct form_errors *e,
		 const char *name, const char *label, int checked);

/*
 * field_check_item - one checkbox of a group sharing name, sent as
 * name=value when checked.  Its id is "f-NAME-VALUE" and its errors are
 * recorded under the field "NAME-VALUE".  required: the browser insists
 * it is checked (the server checks again).
 */
void field_check_item(struct html *h, const struct form_errors *e,
		      const char *name, const char *value, const char *label,
		      int checked, int required);

/* form_submit - the submit button. */
void form_submit(struct html *h, const char *label);

#endif
