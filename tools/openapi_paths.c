/*
 * openapi_paths.c - the "paths" of the OpenAPI document, made from the
 * API's route table (src/api/routes.c): see openapi_gen.c for the whole.
 *
 * Each route (api_routes, and the workflow steps of api_steps) is one
 * operation.  What the table says is generated: the path, the method,
 * the path parameters, security ([] for a public route), and, for the
 * routes of the generic handlers, everything the handler's data says:
 *   api_list   the kind's query keys and the paging keys limit/after; 200
 *              a page of the kind's records (<Record>List, written into
 *              the components too); 400/401/403/500/503, and 422 when it
 *              takes ?state=;
 *   api_get    200 the record; 401/403/404/503;
 *   api_create the descriptor's create request; 201 the record;
 *              400/401/403/413/415/422/503;
 *   api_step   the step input's request, or VersionOnly; 200 the
 *              record; 400/401/403/404/409/413/415/422/503.
 * A route of a handler of its own gets the responses of its method
 * (GET: 200 and 401/403/503, 404 below an id; POST, PATCH: 200 or 201
 * and 400/401/403/409/413/415/422/503, 404 below an id; DELETE: 204
 * and 401/403/503, 404 below an id; a public route no 401/403).
 *
 * The overlay (docs/openapi-overlay.json) completes that by hand:
 *   "ids": {"/api/v1/breaches": "Breach report id."}  the description
 *          of the {id} below that path;
 *   "operations": {"POST /api/v1/breaches": {...}}  a JSON merge patch
 *          (RFC 7386) over the generated operation: its operationId,
 *          summary, description, responses' prose, a null to drop a
 *          response; "parameters" is an object by parameter name (a
 *          patch of the generated parameter, or one the handler reads
 *          itself); and, for a handler of its own, the schemas of its
 *          body and answer.
 * In strict mode (the build), every operation needs a summary, every
 * answer but a 204 and every POST/PATCH/PUT body a schema, and every
 * overlay entry a route: a route added without its entry fails the build
 * with a message naming the entry to write.
 */
#include "openapi_gen.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/route.h"
#include "app/kinds.h"
#include "app/steps.h"
#include "api/steps.h"

#define PATH_MAX_LEN 256

/* What a route is, as far as the generator can tell. */
enum op_class { OP_OWN, OP_LIST, OP_GET, OP_CREATE, OP_STEP };

struct op {
	const char *method;            /* "GET" */
	const char *pattern;           /* "/api/v1/breaches/{id}" */
	int flags;                     /* enum route_flags */
	enum op_class cls;
	const struct record_kind *kind;        /* but OP_OWN */
	const struct api_list_route *list;     /* OP_LIST */
	const struct step *step;               /* OP_STEP */
};

#define OPS_MAX 512

static size_t gather(struct op *ops)
{
	size_t n = 0;

	for (const struct route *r = api_routes; r->method && n < OPS_MAX;
	     r++, n++) {
		ops[n] = (struct op){ r->method, r->pattern, r->flags, OP_OWN,
				      NULL, NULL, NULL };
		if (r->fn == api_list) {
			ops[n].cls = OP_LIST;
			ops[n].list = r->arg;
			ops[n].kind = ops[n].list->kind;
		} else if (r->fn == api_get || r->fn == api_create) {
			ops[n].cls = r->fn == api_get ? OP_GET : OP_CREATE;
			ops[n].kind = r->arg;
		}
	}
	for (const struct step_route *r = api_steps.routes;
	     r->pattern && n < OPS_MAX; r++, n++)
		ops[n] = (struct op){ "POST", r->pattern, 0, OP_STEP, r->kind,
				      NULL, r->step };
	return n;
}

/* The resource of a pattern: "breaches" of "/api/v1/breaches/{id}". */
static void resource(const char *pattern, char *out, size_t size)
{
	const char *p = pattern, *end;

	if (!strncmp(p, "/api/v1/", 8))
		p += 8;
	else if (*p == '/')
		p++;
	end = strchr(p, '/');
	snprintf(out, size, "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)),
		 p);
}

static int has_id(const char *pattern)
{
	return strchr(pattern, '{') != NULL;
}

static json_t *ref(const char *section, const char *name)
{
	char r[NAME_MAX_LEN + 32];

	snprintf(r, sizeof(r), "#/components/%s/%s", section, name);
	return json_pack("{s:s}", "$ref", r);
}

static json_t *json_content(json_t *schema)
{
	return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *id_schema(void)
{
	return json_pack("{s:s,s:s,s:i}", "type", "integer", "format", "int64",
			 "minimum", 1);
}

/* The shared response of an error status (components.responses). */
static const char *error_response(int status)
{
	switch (status) {
	case 400: return "BadRequest";
	case 401: return "Unauthenticated";
	case 403: return "Forbidden";
	case 404: return "NotFound";
	case 405: return "MethodNotAllowed";
	case 409: return "Conflict";
	case 413: return "TooLarge";
	case 415: return "UnsupportedMediaType";
	case 422: return "Unprocessable";
	case 500: return "ListFailed";
	default: return "Unavailable";
	}
}

/* Error statuses, 0-ended: of each class; the own routes' by method. */
static const int ERR_LIST[] = { 400, 401, 403, 500, 503, 0 };
static const int ERR_GET[] = { 401, 403, 404, 503, 0 };
static const int ERR_CREATE[] = { 400, 401, 403, 413, 415, 422, 503, 0 };
static const int ERR_STEP[] = { 400, 401, 403, 404, 409, 413, 415, 422,
				503, 0 };
static const int ERR_OWN_GET[] = { 401, 403, 404, 503, 0 };
static const int ERR_OWN_SEND[] = { 400, 401, 403, 404, 409, 413, 415, 422,
				    503, 0 };
static const int ERR_OWN_DELETE[] = { 401, 403, 404, 503, 0 };

static void add_errors(json_t *responses, const int *codes, const struct op *o)
{
	char key[8];

	for (size_t i = 0; codes[i]; i++) {
		if (codes[i] == 404 && !has_id(o->pattern))
			continue;
		if ((codes[i] == 401 || codes[i] == 403) &&
		    (o->flags & ROUTE_PUBLIC))
			continue;
		snprintf(key, sizeof(key), "%d", codes[i]);
		json_object_set_new(responses, key,
				    ref("responses", error_response(codes[i])));
	}
}

/* Whether the list of o takes ?state=. */
static int takes_state(const struct op *o)
{
	for (const struct kind_query *q = o->list->query; q->key; q++)
		if (q->type == KIND_QUERY_STATE)
			return 1;
	return 0;
}

static json_t *query_param(const struct op *o, const struct kind_query *q,
			   int *problems)
{
	char name[NAME_MAX_LEN], desc[160];
	json_t *schema;

	switch (q->type) {
	case KIND_QUERY_STATE:
		if (field_enum_name(o->kind->desc, q->key, name,
				    sizeof(name)) < 0) {
			fprintf(stderr, "openapi_gen: GET %s: ?%s= names no "
				"enum field of %s\n", o->pattern, q->key,
				o->kind->desc->kind);
			(*problems)++;
			return NULL;
		}
		schema = ref("schemas", name);
		snprintf(desc, sizeof(desc), "Only records in this state; an "
			 "unknown key is refused with 422.");
		break;
	case KIND_QUERY_BOOL:
		schema = json_pack("{s:s,s:b}", "type", "boolean",
				   "default", 0);
		snprintf(desc, sizeof(desc), "Only %s records.", q->key);
		break;
	default:
		schema = id_schema();
		snprintf(desc, sizeof(desc), "Only records of this %.*s.",
			 (int)(strlen(q->key) > 3 ? strlen(q->key) - 3 : 0),
			 q->key);
		break;
	}
	return json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", q->key, "in",
			 "query", "required", 0, "description", desc,
			 "schema", schema);
}

/* The name of the schema of kind k's records, or NULL (a problem). */
static const char *record_of(const struct op *o, char *name, size_t size,
			     int *problems)
{
	if (o->kind && o->kind->desc &&
	    record_schema_name(o->kind->desc, name, size) == 0)
		return name;
	fprintf(stderr, "openapi_gen: %s %s: its kind has no record schema\n",
		o->method, o->pattern);
	(*problems)++;
	return NULL;
}

static json_t *answer(const char *description, json_t *schema)
{
	json_t *r = json_pack("{s:s}", "description", description);

	if (schema)
		json_object_set_new(r, "content", json_content(schema));
	return r;
}

/* The list schema of o into the components, its name into name. */
static void write_list_schema(json_t *schemas, const struct op *o,
			      const char *record, char *name, size_t size)
{
	snprintf(name, size, "%sList", record);
	json_object_set_new(schemas, name, json_pack(
		"{s:s,s:[s,s],s:{s:{s:s,s:o},s:{s:s,s:s,s:b,s:s}}}",
		"type", "object", "required", o->kind->path, "next",
		"properties", o->kind->path, "type", "array", "items",
		ref("schemas", record), "next", "type", "integer", "format",
		"int64", "nullable", 1, "description",
		"Pass as after= for the next page; null on the last page."));
}

static void generic_parts(json_t *doc, json_t *op, const struct op *o,
			  int *problems)
{
	json_t *schemas = json_object_get(json_object_get(doc, "components"),
					  "schemas");
	json_t *responses = json_object(), *params;
	char record[NAME_MAX_LEN], in[NAME_MAX_LEN], list[NAME_MAX_LEN + 8];
	const char *rec = o->cls == OP_OWN ? NULL :
		record_of(o, record, sizeof(record), problems);
	const struct record_desc *input = NULL;

	json_object_set_new(op, "responses", responses);
	if (o->cls != OP_OWN && !rec)
		return;
	switch (o->cls) {
	case OP_LIST:
		params = json_array();
		for (const struct kind_query *q = o->list->query; q->key; q++) {
			json_t *p = query_param(o, q, problems);
			if (p)
				json_array_append_new(params, p);
		}
		json_array_append_new(params, ref("parameters", "PageLimit"));
		json_array_append_new(params, ref("parameters", "PageAfter"));
		json_object_set_new(op, "parameters", params);
		write_list_schema(schemas, o, rec, list, sizeof(list));
		json_object_set_new(responses, "200", answer("Found.",
				    ref("schemas", list)));
		add_errors(responses, ERR_LIST, o);
		if (takes_state(o))
			json_object_set_new(responses, "422",
				ref("responses", error_response(422)));
		return;
	case OP_GET:
		json_object_set_new(responses, "200", answer("Found.",
				    ref("schemas", rec)));
		add_errors(responses, ERR_GET, o);
		return;
	case OP_CREATE:
	case OP_STEP:
		input = o->cls == OP_CREATE ? o->kind->desc : o->step->input;
		if (!input)
			snprintf(in, sizeof(in), "VersionOnly");
		else if (request_schema_name(input, in, sizeof(in)) < 0) {
			fprintf(stderr, "openapi_gen: %s %s: %s describes no "
				"request\n", o->method, o->pattern,
				input->kind);
			(*problems)++;
			return;
		}
		json_object_set_new(op, "requestBody", json_pack("{s:b,s:o}",
			"required", 1, "content",
			json_content(ref("schemas", in))));
		json_object_set_new(responses, o->cls == OP_CREATE ? "201" :
				    "200", answer(o->cls == OP_CREATE ?
				    "Created." : "Done.", ref("schemas", rec)));
		add_errors(responses, o->cls == OP_CREATE ? ERR_CREATE :
			   ERR_STEP, o);
		return;
	default:
		break;
	}
	/* a handler of its own: what its method says */
	if (!strcmp(o->method, "GET")) {
		json_object_set_new(responses, "200", answer("Found.", NULL));
		add_errors(responses, ERR_OWN_GET, o);
	} else if (!strcmp(o->method, "DELETE")) {
		json_object_set_new(responses, "204", answer("Done.", NULL));
		add_errors(responses, ERR_OWN_DELETE, o);
	} else {
		int made = !strcmp(o->method, "POST") && !has_id(o->pattern);
		json_object_set_new(responses, made ? "201" : "200",
				    answer(made ? "Created." : "Done.", NULL));
		add_errors(responses, ERR_OWN_SEND, o);
	}
}

/* "forward-incident" -> "ForwardIncident" (any other character breaks words too). */
static void camel_dashed(char *out, size_t size, const char *s)
{
	char tmp[NAME_MAX_LEN];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(tmp); i++)
		tmp[i] = isalnum((unsigned char)s[i]) ? s[i] : '_';
	tmp[i] = '\0';
	camel(out, size, tmp, NULL);
}

/*
 * The default operationId of a handler of its own, unique as its route:
 * the method and the path's segments after /api/v1, a parameter as
 * "By<Name>" ("postUsersByIdPassword"; "getMe").
 */
static void own_operation_id(const struct op *o, char *out, size_t size)
{
	const char *p = o->pattern;
	char seg[NAME_MAX_LEN], word[NAME_MAX_LEN];
	size_t n = 0;

	for (size_t i = 0; o->method[i] && n + 1 < size; i++)
		out[n++] = (char)(o->method[i] | 0x20);
	out[n] = '\0';
	if (!strncmp(p, "/api/v1/", 8))
		p += 7;
	while (*p == '/') {
		const char *end = strchr(p + 1, '/');
		size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
		int param = p[1] == '{';

		snprintf(seg, sizeof(seg), "%.*s", (int)(param ? len - 2 : len),
			 p + 1 + param);
		camel_dashed(word, sizeof(word), seg);
		n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%s",
				      param ? "By" : "", word);
		if (n >= size)
			return;
		p += len + 1;
	}
}

/* A default operationId: listBreaches, getBreach, createBreach, forwardBreach. */
static void operation_id(const struct op *o, char *out, size_t size)
{
	char a[NAME_MAX_LEN], b[NAME_MAX_LEN];
	const char *last = strrchr(o->pattern, '/') + 1;

	if (o->kind && o->kind->desc)
		camel(b, sizeof(b), o->kind->desc->kind, NULL);
	else
		camel_dashed(b, sizeof(b), last);
	switch (o->cls) {
	case OP_LIST:
		camel_dashed(a, sizeof(a), o->kind->path);
		snprintf(out, size, "list%s", a);
		return;
	case OP_GET:
		snprintf(out, size, "get%s", b);
		return;
	case OP_CREATE:
		snprintf(out, size, "create%s", b);
		return;
	case OP_STEP:
		camel_dashed(a, sizeof(a), last);
		a[0] = (char)(a[0] | 0x20);
		snprintf(out, size, "%s%s", a, b);
		return;
	default:
		own_operation_id(o, out, size);
		return;
	}
}

/* Whether doc declares the tag name. */
static int tag_declared(json_t *doc, const char *name)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(doc, "tags"), i, t) {
		const char *n = json_string_value(json_object_get(t, "name"));
		if (n && !strcmp(n, name))
			return 1;
	}
	return 0;
}

static json_t *generate(json_t *doc, const struct op *o, int *problems)
{
	json_t *op = json_object();
	char id[NAME_MAX_LEN * 2], res[PATH_MAX_LEN];

	operation_id(o, id, sizeof(id));
	json_object_set_new(op, "operationId", json_string(id));
	resource(o->pattern, res, sizeof(res));
	if (tag_declared(doc, res))
		json_object_set_new(op, "tags", json_pack("[s]", res));
	if (o->cls == OP_LIST)
		json_object_set_new(op, "description", json_string(
			"A page of the list, in a stable order (issue 8): the "
			"rows the caller may view are selected by the query "
			"itself, so every page but the last holds limit rows. "
			"Follow \"next\" with ?after= until it is null."));
	generic_parts(doc, op, o, problems);
	if (o->flags & ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	return op;
}

/* The name a parameter goes by: its own, or that of the one it refers to. */
static const char *param_name(json_t *doc, json_t *p)
{
	const char *r = json_string_value(json_object_get(p, "$ref"));
	const char *slash = r ? strrchr(r, '/') : NULL;

	if (slash)
		p = json_object_get(json_object_get(json_object_get(doc,
			"components"), "parameters"), slash + 1);
	return json_string_value(json_object_get(p, "name"));
}

/* RFC 7386: patch merged into target (an object); returns target. */
static json_t *merge_patch(json_t *target, json_t *patch)
{
	const char *key;
	json_t *v;

	json_object_foreach(patch, key, v) {
		json_t *t = json_object_get(target, key);
		if (json_is_null(v))
			json_object_del(target, key);
		else if (json_is_object(v) && json_is_object(t))
			merge_patch(t, v);
		else if (json_is_object(v))
			json_object_set_new(target, key,
					    merge_patch(json_object(), v));
		else
			json_object_set(target, key, v);
	}
	return target;
}

/* Whether the array params has a parameter named name. */
static int has_param(json_t *doc, json_t *params, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(params, i, p) {
		const char *n = param_name(doc, p);
		if (n && !strcmp(n, name))
			return 1;
	}
	return 0;
}

/*
 * The parameters patch (an object by name) merged into the op's array:
 * a generated parameter patched (null: dropped), then the ones the
 * handler reads itself added in the patch's order.
 */
static void merge_params(json_t *doc, json_t *op, json_t *patch)
{
	json_t *params = json_object_get(op, "parameters");
	json_t *out = json_array(), *p;
	const char *key;
	size_t i;

	json_array_foreach(params, i, p) {
		const char *name = param_name(doc, p);
		json_t *v = name ? json_object_get(patch, name) : NULL;
		if (json_is_null(v))
			continue;
		json_array_append_new(out, v ? merge_patch(json_deep_copy(p),
							   v) : json_incref(p));
	}
	json_object_foreach(patch, key, p)
		if (!json_is_null(p) && !has_param(doc, params, key))
			json_array_append_new(out,
					      merge_patch(json_object(), p));
	if (json_array_size(out))
		json_object_set_new(op, "parameters", out);
	else {
		json_decref(out);
		json_object_del(op, "parameters");
	}
}

/* o's keys in the order the document keeps (the rest after them). */
static json_t *ordered(json_t *o, const char *const *keys)
{
	json_t *out = json_object(), *v;
	const char *key;

	for (size_t i = 0; keys[i]; i++)
		if ((v = json_object_get(o, keys[i])))
			json_object_set(out, keys[i], v);
	json_object_foreach(o, key, v)
		if (!json_object_get(out, key))
			json_object_set(out, key, v);
	json_decref(o);
	return out;
}

static int by_status(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The responses by status, ascending ("default" after the numbers). */
static json_t *sorted_responses(json_t *r)
{
	const char *keys[64], *key;
	size_t n = 0;
	json_t *v, *out;

	json_object_foreach(r, key, v)
		if (n < 63)
			keys[n++] = key;
	qsort(keys, n, sizeof(keys[0]), by_status);
	keys[n] = NULL;
	out = ordered(json_incref(r), keys);
	json_decref(r);
	return out;
}

static void path_params(json_t *item, const char *pattern, json_t *ids)
{
	json_t *params = json_array();
	char prefix[PATH_MAX_LEN], name[NAME_MAX_LEN];

	for (const char *s = pattern; (s = strchr(s, '{')); s++) {
		const char *close = strchr(s, '}');
		const char *d;

		if (!close)
			break;
		snprintf(prefix, sizeof(prefix), "%.*s",
			 (int)(s - pattern - 1), pattern);
		snprintf(name, sizeof(name), "%.*s", (int)(close - s - 1),
			 s + 1);
		d = json_string_value(json_object_get(ids, prefix));
		json_array_append_new(params, json_pack(
			"{s:s,s:s,s:b,s:s,s:o}", "name", name, "in", "path",
			"required", 1, "description", d ? d : "Id of the record.",
			"schema", id_schema()));
	}
	if (json_array_size(params))
		json_object_set_new(item, "parameters", params);
	else
		json_decref(params);
}

/* The strict checks of one operation (see the top). */
static int incomplete(const char *key, const struct op *o, json_t *op,
		      json_t *patch)
{
	const char *status;
	json_t *r;
	int bad = 0;

	if (!json_is_string(json_object_get(op, "summary"))) {
		fprintf(stderr, "openapi_gen: \"%s\" has no summary: add it "
			"to \"operations\" of docs/openapi-overlay.json\n",
			key);
		bad++;
	}
	json_object_foreach(json_object_get(op, "responses"), status, r)
		if (status[0] == '2' && strcmp(status, "204") &&
		    !json_object_get(r, "content")) {
			fprintf(stderr, "openapi_gen: \"%s\": the schema of "
				"its %s answer is not known: add it to the "
				"overlay\n", key, status);
			bad++;
		}
	if (strcmp(o->method, "GET") && strcmp(o->method, "DELETE") &&
	    !json_object_get(op, "requestBody") &&
	    !json_is_null(json_object_get(patch, "requestBody"))) {
		fprintf(stderr, "openapi_gen: \"%s\": the schema of its body "
			"is not known: add a requestBody to the overlay (null: "
			"it takes none)\n", key);
		bad++;
	}
	return bad;
}

static void add_operation(json_t *doc, json_t *paths, const struct op *o,
			  json_t *overlay, int strict, int *problems)
{
	static const char *const op_keys[] = { "operationId", "summary",
		"description", "tags", "parameters", "requestBody",
		"responses", "security", NULL };
	json_t *item = json_object_get(paths, o->pattern), *op, *patch, *rest;
	char key[PATH_MAX_LEN + 16], method[16];
	size_t i;

	if (!item) {
		item = json_object();
		path_params(item, o->pattern, json_object_get(overlay, "ids"));
		json_object_set_new(paths, o->pattern, item);
	}
	snprintf(key, sizeof(key), "%s %s", o->method, o->pattern);
	for (i = 0; o->method[i] && i + 1 < sizeof(method); i++)
		method[i] = (char)(o->method[i] | 0x20);
	method[i] = '\0';
	op = generate(doc, o, problems);
	patch = json_object_get(json_object_get(overlay, "operations"), key);
	rest = json_deep_copy(patch);
	json_object_del(rest, "parameters");
	merge_patch(op, rest);
	json_decref(rest);
	merge_params(doc, op, json_object_get(patch, "parameters"));
	json_object_set_new(op, "responses", sorted_responses(json_incref(
		json_object_get(op, "responses"))));
	op = ordered(op, op_keys);
	if (strict)
		*problems += incomplete(key, o, op, patch);
	json_object_set_new(item, method, op);
}

/* Whether key ("POST /api/v1/x") names one of the n operations. */
static int is_route(const struct op *ops, size_t n, const char *key)
{
	char k[PATH_MAX_LEN + 16];

	for (size_t i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "%s %s", ops[i].method, ops[i].pattern);
		if (!strcmp(k, key))
			return 1;
	}
	return 0;
}

int openapi_paths(json_t *doc, json_t *overlay, int strict)
{
	static struct op ops[OPS_MAX];
	size_t n = gather(ops);
	json_t *paths = json_object(), *v;
	char res[PATH_MAX_LEN], other[PATH_MAX_LEN];
	const char *key;
	int problems = 0;

	/* grouped by resource, in the order the route table first names each */
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		resource(ops[i].pattern, res, sizeof(res));
		for (size_t j = 0; j < i && !seen; j++) {
			resource(ops[j].pattern, other, sizeof(other));
			seen = !strcmp(res, other);
		}
		for (size_t j = i; j < n && !seen; j++) {
			resource(ops[j].pattern, other, sizeof(other));
			if (!strcmp(res, other))
				add_operation(doc, paths, &ops[j], overlay,
					      strict, &problems);
		}
	}
	json_object_foreach(json_object_get(overlay, "operations"), key, v)
		if (strict && !is_route(ops, n, key)) {
			fprintf(stderr, "openapi_gen: docs/openapi-overlay.json "
				"has \"%s\", which is no route of "
				"src/api/routes.c\n", key);
			problems++;
		}
	json_object_set_new(doc, "paths", paths);
	return problems;
}
