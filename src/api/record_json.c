/*
 * record_json.c - JSON in and out through record descriptors.
 */
#include "record_json.h"

#include <stdio.h>
#include <string.h>

#include "api.h"
#include "json_out.h"
#include "lib/err.h"
#include "lib/util.h"
#include "lib/banned.h"

static const char msg_type[] = "形式が正しくありません";

struct json_source {
	json_t *in;
	char scratch[32]; /* an integer's or boolean's text */
};

/* Whether v is of the JSON type field f takes. */
static int type_fits(const struct field_desc *f, json_t *v)
{
	switch (f->type) {
	case FIELD_INT: case FIELD_REF:
		return json_is_integer(v);
	case FIELD_BOOL:
		return json_is_boolean(v);
	default:
		return json_is_string(v);
	}
}

static int json_source_get(void *src, const struct field_desc *f,
			   const char **text, const char **why)
{
	struct json_source *s = src;
	json_t *v = json_object_get(s->in, f->key);

	if (!v || json_is_null(v))
		return MM_ENOTFOUND;
	if (!type_fits(f, v)) {
		*why = msg_type;
		return MM_EINVAL;
	}
	if (json_is_string(v)) {
		/* a string with a NUL inside cannot be text of a form either */
		if (strlen(json_string_value(v)) != json_string_length(v)) {
			*why = "使用できない文字が含まれています";
			return MM_EINVAL;
		}
		*text = json_string_value(v);
	} else if (json_is_integer(v)) {
		snprintf(s->scratch, sizeof(s->scratch), "%lld",
			 (long long)json_integer_value(v));
		*text = s->scratch;
	} else {
		*text = json_is_true(v) ? "1" : "0";
	}
	return 0;
}

static json_t *faults_json(const struct record_faults *e)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < e->n; i++)
		if (json_array_append_new(arr, json_pack("{s:s,s:s,s:s}",
				"field", e->items[i].key,
				"label", e->items[i].label,
				"message", e->items[i].why)) < 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/*
 * 422 with every fault; the code says whether a rule of the directive
 * refused (MM_ERULE, from the record's rules) or a value was bad, and the
 * first fault is noted for the audit trail (ctx_refused), as ctx_fail()
 * would note it.
 */
static void answer_faults(struct ctx *c, const struct record_faults *e,
			  int rc)
{
	const char *code = rc == MM_ERULE ? mm_errname(rc) : "invalid";
	json_t *body = json_pack("{s:{s:s,s:s,s:s,s:o*}}", "error",
				 "code", code,
				 "message", e->items[0].why,
				 "field", e->items[0].key,
				 "fields", faults_json(e));

	ctx_note_refusal(c, rc, e->items[0].why, e->items[0].key);
	if (body)
		api_send(c, 422, body);
	else
		api_error(c, 422, code, e->items[0].why, e->items[0].key);
}

int api_record_read(struct ctx *c, json_t *in, const struct record_desc *d,
		    void *rec, enum record_mode mode)
{
	struct json_source s = { .in = in };
	struct field_source src = { json_source_get, &s, &c->pool };
	struct record_faults e = { .n = 0 };
	int rc = record_input(d, &src, rec, mode, now_unix(), &e);

	if (rc == 0)
		return 0;
	if (e.n == 0) /* not the input's fault: out of memory */
		ctx_fail(c, rc, NULL, NULL);
	else
		answer_faults(c, &e, rc);
	return rc;
}

int api_record_check(struct ctx *c, const struct record_desc *d,
		     const void *rec)
{
	struct record_faults e = { .n = 0 };
	int rc = record_check(d, rec, now_unix(), &e);

	if (rc < 0)
		answer_faults(c, &e, rc);
	return rc;
}

/* The JSON of one field's value, and for an enum its label too. */
static int add_field(json_t *o, const struct field_desc *f, const void *rec)
{
	char text[64], label_key[80];
	const char *key;
	int64_t v;

	switch (f->type) {
	case FIELD_TEXT: case FIELD_NOTE: case FIELD_KANA:
		return json_object_set_new(o, f->key,
					   json_string(field_text(f, rec)));
	case FIELD_DATE:
		field_format(f, rec, text, sizeof(text));
		return json_object_set_new(o, f->key, *text ?
					   json_string(text) : json_null());
	case FIELD_MOMENT:
		return json_object_set_new(o, f->key,
					   api_time_json(field_int(f, rec)));
	case FIELD_ENUM:
		v = field_int(f, rec);
		snprintf(label_key, sizeof(label_key), "%s_label", f->key);
		key = field_choice_key(f, (int)v);
		if (json_object_set_new(o, f->key, key ? json_string(key) :
					json_null()) < 0)
			return -1;
		return json_object_set_new(o, label_key, json_string(
				field_choice_label(f, (int)v)));
	case FIELD_BOOL:
		return json_object_set_new(o, f->key,
					   json_boolean(field_int(f, rec)));
	case FIELD_REF:
		v = field_int(f, rec);
		return json_object_set_new(o, f->key, v ?
					   json_integer((json_int_t)v) :
					   json_null());
	case FIELD_INT:
		return json_object_set_new(o, f->key, json_integer(
				(json_int_t)field_int(f, rec)));
	}
	return -1;
}

json_t *api_record_json(const struct record_desc *d, const void *rec)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < d->n_fields; i++)
		if (add_field(o, &d->fields[i], rec) < 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}
