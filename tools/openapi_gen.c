/*
 * openapi_gen.c - writes the OpenAPI document: the schemas of every
 * described record (core/records.c) made from its descriptor, and every
 * path and operation made from the API's route table (openapi_paths.c).
 *
 *   openapi_gen [--lenient] IN OVERLAY OUT
 *
 * IN is the document as committed (docs/openapi.json): of it, only the
 * head (info, tags, security), the shared components (securitySchemes,
 * responses, parameters) and the schemas no descriptor describes are
 * written by hand; its paths are not read.  OVERLAY
 * (docs/openapi-overlay.json) is what the route table cannot say of an
 * operation - its prose, and the schemas of the body and answer of a
 * handler of its own - keyed by "METHOD /path" (openapi_paths.c says
 * how it is merged).  For each record descriptor "kind" (Name = Kind in
 * CamelCase) the tool writes:
 *   Name<Field>  for each enum field: its keys, with their labels (or the
 *                schema the field names, when records share it: Rank);
 *   Name         the record as the API answers it: every field, an enum
 *                with its "<key>_label", references, moments, dates and
 *                enums that are not required nullable;
 *   NameCreate   the fields a client sends, required as the descriptor
 *                says, nothing else accepted (not the update-only ones);
 *   NameUpdate   (when IN has one, or the name the descriptor gives its
 *                change request) the same, none required, not the
 *                create-only ones;
 *   NameList     for a list of the route table (api_list): a page of
 *                them.
 * A descriptor may name its answer and its request otherwise
 * (output_schema, input_schema: a loan is made by a "LendRequest"); the
 * body of a step (input_schema "ServiceRefusal", output_schema
 * RECORD_NO_SCHEMA) gives only that request schema, required as the
 * descriptor says.
 * Properties IN has beside the descriptor's (a record's timeline, the
 * version of an update) are kept after them, so the descriptor owns each
 * field it describes and nothing else; of the prose, a description IN
 * has (of a schema or a property) and an example are kept, the label
 * being the description only where there is none.
 * The build runs this over the committed document and fails when the
 * output differs from it, so the document can never disagree with the
 * descriptors or the route table, and a route cannot go undocumented:
 * in strict mode (the default) an operation the overlay leaves without a
 * summary, or a body or answer of unknown schema, and an overlay entry of
 * no route, are errors naming the entry.  `ninja openapi-update` writes
 * the output back.  --lenient writes what it can without the checks
 * (tools/openapi_overlay.py uses it to compute an overlay from a
 * document).  Output: two-space indentation, UTF-8, one trailing newline.
 */
#include "openapi_gen.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "core/record.h"
#include "core/records.h"

/* "breach" + "rule" -> "BreachRule"; "loan_check" -> "LoanCheck". */
void camel(char *out, size_t size, const char *a, const char *b)
{
	size_t n = 0;
	int up = 1;

	for (const char *s = a; s; s = (s == a ? b : NULL)) {
		up = 1;
		for (const char *p = s; *p && n + 1 < size; p++) {
			if (*p == '_') {
				up = 1;
				continue;
			}
			out[n++] = up ? (char)toupper((unsigned char)*p) : *p;
			up = 0;
		}
	}
	out[n] = '\0';
}

static json_t *enum_schema(const struct field_desc *f)
{
	json_t *keys = json_array(), *labels = json_object();

	for (size_t v = 1; v < f->n_names; v++) {
		if (!f->names[v].key)
			continue;
		json_array_append_new(keys, json_string(f->names[v].key));
		json_object_set_new(labels, f->names[v].key,
				    json_string(f->names[v].label));
	}
	return json_pack("{s:s,s:o,s:s,s:o}", "type", "string", "enum", keys,
			 "description", f->label, "x-labels", labels);
}

/* The name of the schema of an enum field's choices. */
static void enum_name(char *out, size_t size, const char *kind,
		      const struct field_desc *f)
{
	if (f->schema)
		snprintf(out, size, "%s", f->schema);
	else
		camel(out, size, kind, f->key);
}

/*
 * Whether an enum field may be answered as null: unless required (for a
 * field the server sets: always set, as a record's state is), it may hold
 * no choice, as a reference or a moment may hold none.
 */
static int enum_nullable(const struct field_desc *f)
{
	return !(f->flags & FIELD_REQUIRED);
}

/* The schema of one field's value; out: as answered (else as sent). */
static json_t *field_schema(const char *kind, const struct field_desc *f,
			    int out)
{
	char name[NAME_MAX_LEN], ref[NAME_MAX_LEN + 32];
	json_t *s;

	switch (f->type) {
	case FIELD_TEXT: case FIELD_NOTE: case FIELD_KANA:
		s = json_pack("{s:s,s:I}", "type", "string",
			      "maxLength", (json_int_t)f->max_chars);
		/* a required text sent is never blank */
		if (!out && (f->flags & FIELD_REQUIRED))
			json_object_set_new(s, "minLength", json_integer(1));
		break;
	case FIELD_DATE:
		s = json_pack("{s:s,s:s}", "type", "string", "format", "date");
		break;
	case FIELD_MOMENT:
		s = json_pack("{s:s,s:s}", "type", "string",
			      "format", "date-time");
		break;
	case FIELD_ENUM:
		enum_name(name, sizeof(name), kind, f);
		snprintf(ref, sizeof(ref), "#/components/schemas/%s", name);
		if (out && enum_nullable(f))
			/* nullable holds only beside a type (OpenAPI 3.0.3) */
			return json_pack("{s:s,s:[{s:s}],s:b,s:s}", "type",
					 "string", "allOf", "$ref",
					 ref, "nullable", 1, "description",
					 f->label);
		return json_pack("{s:s}", "$ref", ref);
	case FIELD_BOOL:
		s = json_pack("{s:s}", "type", "boolean");
		break;
	case FIELD_REF:
		s = json_pack("{s:s,s:s,s:i}", "type", "integer",
			      "format", "int64", "minimum", 1);
		break;
	default:
		s = json_pack("{s:s,s:s}", "type", "integer", "format", "int64");
		if (f->min > INT32_MIN && f->min != 0)
			json_object_set_new(s, "minimum", json_integer(f->min));
		if (f->max < INT32_MAX)
			json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	}
	if (f->pattern)
		json_object_set_new(s, "pattern", json_string(f->pattern));
	json_object_set_new(s, "description", json_string(f->label));
	if (out && (f->type == FIELD_REF || f->type == FIELD_MOMENT ||
		    f->type == FIELD_DATE)) {
		json_object_del(s, "minimum");
		json_object_set_new(s, "nullable", json_true());
	}
	return s;
}

/* Keeps the prose of from (may be NULL) in the property schema to. */
static void keep_prose(json_t *to, json_t *from)
{
	static const char *const keys[] = { "description", "example", NULL };

	if (json_object_get(to, "$ref"))
		return; /* nothing may stand beside a reference */
	for (size_t i = 0; keys[i]; i++) {
		json_t *v = json_object_get(from, keys[i]);
		if (v)
			json_object_set(to, keys[i], v);
	}
}

/*
 * Keeps what base (may be NULL) has beside the descriptor's properties
 * (those in props when called): the other properties and whether each of
 * those is required, and the prose of the descriptor's own.  Whether a
 * descriptor's field is required is the descriptor's alone.
 */
static void keep_extras(json_t *props, json_t *required, json_t *base)
{
	json_t *bprops = json_object_get(base, "properties");
	json_t *breq = json_object_get(base, "required");
	json_t *owned = json_deep_copy(props);
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(bprops, key, v) {
		json_t *mine = json_object_get(props, key);
		if (!mine)
			json_object_set(props, key, v);
		else
			keep_prose(mine, v);
	}
	json_array_foreach(breq, i, v) {
		key = json_string_value(v);
		if (key && !json_object_get(owned, key) &&
		    json_object_get(props, key))
			json_array_append(required, v);
	}
	json_decref(owned);
}

/* s with the description base (may be NULL) has, if any. */
static json_t *described(json_t *s, json_t *base)
{
	json_t *v = json_object_get(base, "description");

	if (s && json_is_string(v))
		json_object_set(s, "description", v);
	return s;
}

static json_t *output_schema(const struct record_desc *d, json_t *base)
{
	json_t *props = json_object(), *req = json_array();
	char label_key[NAME_MAX_LEN];

	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		json_object_set_new(props, f->key, field_schema(d->kind, f, 1));
		json_array_append_new(req, json_string(f->key));
		if (f->type != FIELD_ENUM)
			continue;
		snprintf(label_key, sizeof(label_key), "%s_label", f->key);
		json_object_set_new(props, label_key, json_pack("{s:s,s:s}",
			"type", "string", "description", f->label));
		json_array_append_new(req, json_string(label_key));
	}
	keep_extras(props, req, base);
	return described(json_pack("{s:s,s:s,s:o,s:o}", "type", "object",
				   "description", d->label, "required", req,
				   "properties", props), base);
}

/* Which request a client sends: a new record, or a change of one. */
enum request { REQUEST_CREATE, REQUEST_UPDATE };

static int sent(const struct field_desc *f, enum request r)
{
	if (f->flags & FIELD_SERVER)
		return 0;
	if (r == REQUEST_CREATE)
		return !(f->flags & FIELD_UPDATE_ONLY);
	return !(f->flags & FIELD_CREATE_ONLY);
}

static json_t *input_schema(const struct record_desc *d, json_t *base,
			    enum request r)
{
	json_t *props = json_object(), *req = json_array();

	for (size_t i = 0; i < d->n_fields; i++) {
		const struct field_desc *f = &d->fields[i];
		if (!sent(f, r))
			continue;
		json_object_set_new(props, f->key, field_schema(d->kind, f, 0));
		/* an absent yes/no is "no": never required to be sent */
		if (r == REQUEST_CREATE && (f->flags & FIELD_REQUIRED) &&
		    f->type != FIELD_BOOL)
			json_array_append_new(req, json_string(f->key));
		/* a box not ticked is "no" when a record is made */
		else if (r == REQUEST_CREATE && f->type == FIELD_BOOL)
			json_object_set_new(json_object_get(props, f->key),
					    "default", json_false());
	}
	keep_extras(props, req, base);
	return described(json_pack("{s:s,s:s,s:o,s:o,s:b}", "type", "object",
				   "description", d->label, "required", req,
				   "properties", props,
				   "additionalProperties", 0), base);
}

static void write_enums(json_t *schemas, const struct record_desc *d)
{
	char name[NAME_MAX_LEN];

	for (size_t i = 0; i < d->n_fields; i++)
		if (d->fields[i].type == FIELD_ENUM) {
			enum_name(name, sizeof(name), d->kind, &d->fields[i]);
			json_object_set_new(schemas, name,
					    enum_schema(&d->fields[i]));
		}
}

/* The name given, else dflt; NULL when given is RECORD_NO_SCHEMA. */
static const char *schema_name(const char *given, const char *dflt)
{
	if (!given)
		return dflt;
	return *given ? given : NULL;
}

static void write_record(json_t *schemas, const struct record_desc *d)
{
	char name[NAME_MAX_LEN], dflt[NAME_MAX_LEN + 8];
	const char *out, *in;

	write_enums(schemas, d);
	camel(name, sizeof(name), d->kind, NULL);
	out = schema_name(d->output_schema, name);
	if (out)
		json_object_set_new(schemas, out, output_schema(d,
				    json_object_get(schemas, out)));
	snprintf(dflt, sizeof(dflt), "%sCreate", name);
	in = schema_name(d->input_schema, dflt);
	if (in)
		json_object_set_new(schemas, in, input_schema(d,
				    json_object_get(schemas, in),
				    REQUEST_CREATE));
	/* a change is of a record the API answers: NameUpdate, or named */
	if (!out)
		return;
	if (d->update_schema)
		snprintf(dflt, sizeof(dflt), "%s", d->update_schema);
	else
		snprintf(dflt, sizeof(dflt), "%sUpdate", name);
	if (d->update_schema || json_object_get(schemas, dflt))
		json_object_set_new(schemas, dflt, input_schema(d,
				    json_object_get(schemas, dflt),
				    REQUEST_UPDATE));
}

int record_schema_name(const struct record_desc *d, char *out, size_t size)
{
	char name[NAME_MAX_LEN];
	const char *n;

	camel(name, sizeof(name), d->kind, NULL);
	n = schema_name(d->output_schema, name);
	if (!n)
		return -1;
	snprintf(out, size, "%s", n);
	return 0;
}

int request_schema_name(const struct record_desc *d, char *out, size_t size)
{
	char kind[NAME_MAX_LEN], name[NAME_MAX_LEN + 8];
	const char *n;

	camel(kind, sizeof(kind), d->kind, NULL);
	snprintf(name, sizeof(name), "%sCreate", kind);
	n = schema_name(d->input_schema, name);
	if (!n)
		return -1;
	snprintf(out, size, "%s", n);
	return 0;
}

int field_enum_name(const struct record_desc *d, const char *key, char *out,
		    size_t size)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (d->fields[i].type == FIELD_ENUM &&
		    !strcmp(d->fields[i].key, key)) {
			enum_name(out, size, d->kind, &d->fields[i]);
			return 0;
		}
	return -1;
}

static json_t *load(const char *file)
{
	json_error_t err;
	json_t *j = json_load_file(file, JSON_REJECT_DUPLICATES, &err);

	if (!j)
		fprintf(stderr, "openapi_gen: %s:%d: %s\n", file, err.line,
			err.text);
	return j;
}

int main(int argc, char **argv)
{
	int strict = !(argc == 5 && !strcmp(argv[1], "--lenient"));
	json_t *doc, *overlay, *schemas;
	FILE *out;
	int problems;

	if (argc != 4 && strict) {
		fprintf(stderr, "usage: openapi_gen [--lenient] IN OVERLAY "
			"OUT\n");
		return 2;
	}
	argv += !strict;
	doc = load(argv[1]);
	overlay = load(argv[2]);
	schemas = json_object_get(json_object_get(doc, "components"),
				  "schemas");
	if (!doc || !overlay)
		return 1;
	if (!json_is_object(schemas)) {
		fprintf(stderr, "openapi_gen: %s: no components.schemas\n",
			argv[1]);
		return 1;
	}
	for (size_t i = 0; record_descs[i]; i++)
		write_record(schemas, record_descs[i]);
	problems = openapi_paths(doc, overlay, strict);
	out = fopen(argv[3], "w");
	if (!out || json_dumpf(doc, out, JSON_INDENT(2)) < 0 ||
	    fputc('\n', out) == EOF || fclose(out) != 0) {
		fprintf(stderr, "openapi_gen: cannot write %s\n", argv[3]);
		return 1;
	}
	json_decref(doc);
	json_decref(overlay);
	return problems ? 1 : 0;
}
