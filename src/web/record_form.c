/*
 * record_form.c - web forms from record descriptors.
 */
#include "record_form.h"

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "lending.h"
#include "lib/err.h"
#include "lib/util.h"
#include "lib/banned.h"

struct form_source {
	const struct form *f;
	const struct web_field_name *names; /* may be NULL */
};

const char *web_field_input_name(const struct web_field_name *names,
				 const char *key)
{
	for (size_t i = 0; names && names[i].key; i++)
		if (!strcmp(names[i].key, key))
			return names[i].name;
	return key;
}

static int form_source_get(void *src, const struct field_desc *fd,
			   const char **text, const char **why)
{
	const struct form_source *s = src;
	const char *v = form_get(s->f, web_field_input_name(s->names, fd->key));

	(void)why;
	if (!v)
		return MM_ENOTFOUND;
	*text = v;
	return 0;
}

/* Adds the faults to e, each under its input's name (names may be NULL). */
static void add_faults(struct form_errors *e, const struct web_field_name *names,
		       const struct record_faults *faults)
{
	for (size_t i = 0; i < faults->n; i++)
		form_errors_add(e, web_field_input_name(names,
							faults->items[i].key),
				faults->items[i].label, faults->items[i].why);
}

int web_record_read_named(const struct form *f, const struct record_desc *d,
			  const struct web_field_name *names, void *rec,
			  enum record_mode mode, struct form_errors *e)
{
	struct form_source s = { f, names };
	struct field_source src = { form_source_get, &s, f->pool };
	struct record_faults faults = { .n = 0 };
	int rc = record_input(d, &src, rec, mode, now_unix(), &faults);

	add_faults(e, names, &faults);
	/*
	 * Out of memory: no field is at fault, but the form must not come
	 * back as if nothing was wrong (issue 14).
	 */
	if (rc < 0 && faults.n == 0)
		form_errors_add(e, "", "",
				"サーバーのメモリが不足しています。"
				"しばらくしてからもう一度お試しください。");
	return rc;
}

int web_record_check(const struct record_desc *d, const void *rec,
		     struct form_errors *e)
{
	struct record_faults faults = { .n = 0 };
	int rc = record_check(d, rec, now_unix(), &faults);

	add_faults(e, NULL, &faults);
	return rc;
}

int web_record_read(const struct form *f, const struct record_desc *d,
		    void *rec, enum record_mode mode, struct form_errors *e)
{
	return web_record_read_named(f, d, NULL, rec, mode, e);
}

/* The text the input shows: what was posted, else the record's value. */
static const char *shown_value(const struct field_desc *fd,
			       const struct form *f, const void *rec,
			       char *scratch, size_t size)
{
	if (f)
		return form_value(f, fd->key);
	if (!rec)
		return "";
	if (fd->type == FIELD_TEXT || fd->type == FIELD_NOTE ||
	    fd->type == FIELD_KANA)
		return field_text(fd, rec);
	field_format(fd, rec, scratch, size);
	return scratch;
}

static void enum_select(struct html *h, const struct form_errors *e,
			const struct field_desc *fd, const char *value)
{
	field_select_begin(h, e, fd->key, fd->label);
	field_option(h, "", "選んでください", !*value);
	for (size_t v = 1; v < fd->n_names; v++)
		if (fd->names[v].key)
			field_option(h, fd->names[v].key, fd->names[v].label,
				     !strcmp(value, fd->names[v].key));
	field_select_end(h);
}

static void date_input(struct html *h, const struct form_errors *e,
		       const struct field_desc *fd, const char *value)
{
	struct civil_date d = {0};

	/* a date that parses is shown with its 和暦; anything else as typed */
	if (!*value || civil_parse_iso(value, &d) == 0)
		field_date(h, e, fd->key, fd->label, &d);
	else
		field_input(h, e, fd->key, fd->label, "date", value,
			    fd->hint, "off");
}

void web_record_field(struct html *h, const struct form_errors *e,
		      const struct record_desc *d, const char *key,
		      const struct form *f, const void *rec)
{
	const struct field_desc *fd = record_field(d, key);
	char scratch[64];
	const char *value;

	if (!fd)
		return;
	value = shown_value(fd, f, rec, scratch, sizeof(scratch));
	switch (fd->type) {
	case FIELD_NOTE:
		field_textarea(h, e, fd->key, fd->label, value, fd->hint);
		break;
	case FIELD_DATE:
		date_input(h, e, fd, value);
		break;
	case FIELD_MOMENT:
		field_datetime(h, e, fd->key, fd->label, value, fd->hint);
		break;
	case FIELD_ENUM:
		enum_select(h, e, fd, value);
		break;
	case FIELD_BOOL:
		field_check(h, e, fd->key, fd->label,
			    !strcmp(value, "1") || !strcmp(value, "on"));
		break;
	default:
		field_input(h, e, fd->key, fd->label, "text", value, fd->hint,
			    "off");
		break;
	}
}

void web_record_fields(struct html *h, const struct form_errors *e,
		       const struct record_desc *d, const char *const *keys,
		       const struct form *f, const void *rec)
{
	for (size_t i = 0; keys[i]; i++)
		web_record_field(h, e, d, keys[i], f, rec);
}
