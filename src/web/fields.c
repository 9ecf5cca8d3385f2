#include "fields.h"

#include <stdio.h>
#include <string.h>

#include "../core/refusal.h"
#include "../lib/banned.h"

#define ID_MAX 64

void form_errors_init(struct form_errors *e)
{
	e->n = 0;
}

void form_errors_add(struct form_errors *e, const char *field,
		     const char *label, const char *message)
{
	if (e->n >= FORM_ERRORS_MAX)
		return;
	e->items[e->n].field = field ? field : "";
	e->items[e->n].label = label ? label : "";
	e->items[e->n].message = message ? message : "入力内容を確認してください。";
	e->n++;
}

const char *form_errors_for(const struct form_errors *e, const char *field)
{
	size_t i;

	for (i = 0; e && i < e->n; i++)
		if (!strcmp(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

/* The error the audit trail records: the first of a rule, else the first. */
static const struct form_error *audited_error(const struct form_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		if (*refusal_rule(e->items[i].message))
			return &e->items[i];
	return &e->items[0];
}

void form_error_summary(struct page *p, const struct form_errors *e)
{
	struct html *h = &p->h;
	const struct form_error *noted;
	char href[ID_MAX];
	size_t i;

	if (!e || !e->n)
		return;
	noted = audited_error(e);
	ctx_note_refusal(p->c, 0, noted->message, noted->field);
	html_open(h, "div", "class", "error-summary", "role", "alert",
		  "aria-labelledby", "error-summary-title", NULL);
	html_elem(h, "h2", "id", "error-summary-title", NULL,
		  "入力内容を確認してください");
	html_open(h, "ul", NULL);
	for (i = 0; i < e->n; i++) {
		const struct form_error *it = &e->items[i];
		html_open(h, "li", NULL);
		if (*it->field) {
			snprintf(href, sizeof(href), "#f-%s", it->field);
			html_open(h, "a", "href", href, NULL);
			if (*it->label)
				html_textf(h, "%s：", it->label);
			html_text(h, it->message);
			html_close(h, "a");
		} else {
			html_text(h, it->message);
		}
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "div");
}

void form_begin(struct html *h, const struct ctx *c, const char *action,
		const char *cls)
{
	html_open(h, "form", "method", "post", "action", action, "class", cls,
		  "novalidate", "", NULL);
	form_hidden(h, "csrf", c->csrf);
}

void form_end(struct html *h)
{
	html_close(h, "form");
}

void form_hidden(struct html *h, const char *name, const char *value)
{
	html_void(h, "input", "type", "hidden", "name", name, "value",
		  value ? value : "", NULL);
}

/* Opens the field's wrapper and writes its label and message. */
static const char *field_head(struct html *h, const struct form_errors *e,
			      const char *name, const char *label,
			      char id[ID_MAX], char err_id[ID_MAX])
{
	const char *msg = form_errors_for(e, name);

	snprintf(id, ID_MAX, "f-%s", name);
	snprintf(err_id, ID_MAX, "f-%s-error", name);
	html_open(h, "div", "class", msg ? "field has-error" : "field", NULL);
	html_elem(h, "label", "for", id, NULL, label);
	if (msg)
		html_elem(h, "span", "class", "field-error", "id", err_id, NULL,
			  msg);
	return msg;
}

void field_input(struct html *h, const struct form_errors *e,
		 const char *name, const char *label, const char *type,
		 const char *value, const char *hint, const char *autocomplete)
{
	char id[ID_MAX], err_id[ID_MAX], hint_id[ID_MAX];
	const char *msg = field_head(h, e, name, label, id, err_id);

	snprintf(hint_id, sizeof(hint_id), "f-%s-hint", name);
	if (hint)
		html_elem(h, "span", "class", "hint", "id", hint_id, NULL, hint);
	html_void(h, "input", "type", type, "id", id, "name", name,
		  "value", value ? value : "",
		  "autocomplete", autocomplete,
		  "aria-invalid", msg ? "true" : NULL,
		  "aria-describedby", msg ? err_id : (hint ? hint_id : NULL),
		  NULL);
	html_close(h, "div");
}

void field_select_begin(struct html *h, const struct form_errors *e,
			const char *name, const char *label)
{
	char id[ID_MAX], err_id[ID_MAX];
	const char *msg = field_head(h, e, name, label, id, err_id);

	html_open(h, "select", "id", id, "name", name,
		  "aria-invalid", msg ? "true" : NULL,
		  "aria-describedby", msg ? err_id : NULL, NULL);
}

void field_option(struct html *h, const char *value, const char *label,
		  int selected)
{
	html_elem(h, "option", "value", value, "selected",
		  selected ? "" : NULL, NULL, label);
}

void field_select_end(struct html *h)
{
	html_close(h, "select");
	html_close(h, "div");
}

void field_check(struct html *h, const struct form_errors *e,
		 const char *name, const char *label, int checked)
{
	char id[ID_MAX];
	const char *msg = form_errors_for(e, name);

	snprintf(id, sizeof(id), "f-%s", name);
	html_open(h, "div", "class", msg ? "field has-error" : "field", NULL);
	if (msg)
		html_elem(h, "span", "class", "field-error", NULL, msg);
	html_open(h, "div", "class", "check", NULL);
	html_void(h, "input", "type", "checkbox", "id", id, "name", name,
		  "value", "1", "checked", checked ? "" : NULL, NULL);
	html_elem(h, "label", "for", id, NULL, label);
	html_close(h, "div");
	html_close(h, "div");
}

void field_check_item(struct html *h, const struct form_errors *e,
		      const char *name, const char *value, const char *label,
		      int checked, int required)
{
	char key[ID_MAX], id[ID_MAX + 2], err_id[ID_MAX + 8];
	const char *msg;

	snprintf(key, sizeof(key), "%s-%s", name, value);
	snprintf(id, sizeof(id), "f-%s", key);
	snprintf(err_id, sizeof(err_id), "%s-error", id);
	msg = form_errors_for(e, key);
	html_open(h, "div", "class", msg ? "field has-error" : "field", NULL);
	if (msg)
		html_elem(h, "span", "class", "field-error", "id", err_id, NULL,
			  msg);
	html_open(h, "div", "class", "check", NULL);
	html_void(h, "input", "type", "checkbox", "id", id, "name", name,
		  "value", value, "checked", checked ? "" : NULL,
		  "required", required ? "" : NULL,
		  "aria-invalid", msg ? "true" : NULL,
		  "aria-describedby", msg ? err_id : NULL, NULL);
	html_elem(h, "label", "for", id, NULL, label);
	html_close(h, "div");
	html_close(h, "div");
}

void form_submit(struct html *h, const char *label)
{
	html_elem(h, "button", "type", "submit", "class", "button", NULL, label);
}
