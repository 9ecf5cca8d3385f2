/*
 * test_openapi.c - docs/openapi.json and the API's route table agree.
 *
 * The document is read from the table embedded into the binary (built
 * from docs/openapi.json), so what is checked is what GET
 * /api/v1/openapi.json serves.  Path parameters are compared by position
 * only: "{id}" in a route and "{unitId}" in the document are the same.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/route.h"
#include "lib/embed.h"
#include "lib/banned.h"

extern const struct embedded_file web_static_files[];

static const char *const http_methods[] = {
	"get", "put", "post", "delete", "options", "head", "patch", "trace",
	NULL,
};

/*
 * Every route the API answers: the route table and the workflow steps
 * (app/steps.h, POST), as one table ending with a NULL method.
 */
static struct route all_routes[512];

static void gather_routes(void)
{
	size_t n = 0;

	for (const struct route *r = api_routes; r->method; r++)
		all_routes[n++] = *r;
	for (const struct step_route *r = api_steps.routes; r->pattern; r++)
		all_routes[n++] = (struct route){ "POST", r->pattern,
						  api_steps.handler, 0, NULL };
	all_routes[n] = (struct route){ NULL, NULL, NULL, 0, NULL };
}

static int setup(void **state)
{
	gather_routes();
	const struct embedded_file *f =
		embedded_find(web_static_files, "openapi.json");
	json_error_t err;
	json_t *doc;

	if (!f) {
		fprintf(stderr, "openapi.json is not embedded\n");
		return -1;
	}
	doc = json_loadb((const char *)f->data, f->len,
			 JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		fprintf(stderr, "openapi.json line %d: %s\n", err.line,
			err.text);
		return -1;
	}
	*state = doc;
	return 0;
}

static int teardown(void **state)
{
	json_decref(*state);
	return 0;
}

/* Copies path with every "{name}" replaced by "{}". */
static void normalise(const char *path, char *out, size_t size)
{
	size_t n = 0;

	while (*path && n + 1 < size) {
		if (*path == '{') {
			const char *close = strchr(path, '}');
			if (close && n + 3 < size) {
				out[n++] = '{';
				out[n++] = '}';
				path = close + 1;
				continue;
			}
		}
		out[n++] = *path++;
	}
	out[n] = '\0';
}

/* The document's path item whose normalised path equals norm, or NULL. */
static json_t *find_path(json_t *doc, const char *norm)
{
	json_t *paths = json_object_get(doc, "paths");
	const char *key;
	json_t *item;
	char buf[256];

	json_object_foreach(paths, key, item) {
		normalise(key, buf, sizeof(buf));
		if (!strcmp(buf, norm))
			return item;
	}
	return NULL;
}

/* The document's operation for a route, or NULL. */
static json_t *find_operation(json_t *doc, const struct route *r)
{
	char norm[256], method[16];
	json_t *item;
	size_t i;

	normalise(r->pattern, norm, sizeof(norm));
	item = find_path(doc, norm);
	for (i = 0; r->method[i] && i + 1 < sizeof(method); i++)
		method[i] = (char)(r->method[i] | 0x20);
	method[i] = '\0';
	return item ? json_object_get(item, method) : NULL;
}

static int is_http_method(const char *key)
{
	for (size_t i = 0; http_methods[i]; i++)
		if (!strcmp(http_methods[i], key))
			return 1;
	return 0;
}

/* The route for a documented operation, or NULL. */
static const struct route *find_route(const char *path, const char *method)
{
	char want[256], have[256];

	normalise(path, want, sizeof(want));
	for (const struct route *r = all_routes; r->method; r++) {
		normalise(r->pattern, have, sizeof(have));
		if (!strcmp(want, have) && !strcasecmp(method, r->method))
			return r;
	}
	return NULL;
}

static void test_document_is_openapi_3_0_3(void **state)
{
	json_t *doc = *state;
	json_t *comp = json_object_get(doc, "components");
	json_t *sec = json_object_get(comp, "securitySchemes");
	json_t *cookie = json_object_get(sec, "cookieAuth");
	json_t *csrf = json_object_get(sec, "csrfHeader");
	json_t *bearer = json_object_get(sec, "bearerAuth");

	assert_string_equal(json_string_value(json_object_get(doc, "openapi")),
			    "3.0.3");
	assert_string_equal(json_string_value(json_object_get(cookie, "in")),
			    "cookie");
	assert_string_equal(json_string_value(json_object_get(cookie, "name")),
			    "mamori_session");
	assert_string_equal(json_string_value(json_object_get(csrf, "in")),
			    "header");
	assert_string_equal(json_string_value(json_object_get(csrf, "name")),
			    "X-CSRF-Token");
	assert_string_equal(json_string_value(json_object_get(bearer, "scheme")),
			    "bearer");
	assert_non_null(json_object_get(json_object_get(comp, "schemas"),
					"Error"));
}

static void test_every_route_is_documented(void **state)
{
	int missing = 0;

	for (const struct route *r = all_routes; r->method; r++) {
		if (!find_operation(*state, r)) {
			fprintf(stderr, "undocumented route: %s %s\n",
				r->method, r->pattern);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static void test_every_operation_has_a_route(void **state)
{
	json_t *paths = json_object_get(*state, "paths");
	const char *path, *method;
	json_t *item, *op;
	int missing = 0, ops = 0;

	json_object_foreach(paths, path, item) {
		json_object_foreach(item, method, op) {
			if (!is_http_method(method))
				continue;
			ops++;
			if (!find_route(path, method)) {
				fprintf(stderr, "documented without a route: "
					"%s %s\n", method, path);
				missing++;
			}
		}
	}
	assert_int_equal(missing, 0);
	assert_true(ops > 0);
}

/* Public routes, and only they, are documented with "security": []. */
static void test_public_routes_have_no_security(void **state)
{
	int wrong = 0;

	for (const struct route *r = all_routes; r->method; r++) {
		json_t *op = find_operation(*state, r);
		json_t *sec = json_object_get(op, "security");
		int doc_public = json_is_array(sec) && json_array_size(sec) == 0;

		if (op && doc_public != !!(r->flags & ROUTE_PUBLIC)) {
			fprintf(stderr, "security differs: %s %s\n",
				r->method, r->pattern);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

/* Whether params (an array, may be NULL) declares path parameter name. */
static int declares(json_t *params, const char *name, size_t len)
{
	size_t i;
	json_t *p;

	json_array_foreach(params, i, p) {
		const char *n = json_string_value(json_object_get(p, "name"));
		const char *in = json_string_value(json_object_get(p, "in"));
		if (n && in && !strcmp(in, "path") && strlen(n) == len &&
		    !strncmp(n, name, len))
			return 1;
	}
	return 0;
}

static int path_params_declared(const char *path, json_t *item)
{
	const char *s = path, *method;
	json_t *op;

	while ((s = strchr(s, '{'))) {
		const char *close = strchr(s, '}');
		size_t len = close ? (size_t)(close - s - 1) : 0;
		json_t *shared = json_object_get(item, "parameters");

		if (!close)
			return 0;
		json_object_foreach(item, method, op) {
			if (is_http_method(method) &&
			    !declares(shared, s + 1, len) &&
			    !declares(json_object_get(op, "parameters"),
				      s + 1, len))
				return 0;
		}
		s = close + 1;
	}
	return 1;
}

static void test_path_parameters_are_declared(void **state)
{
	json_t *paths = json_object_get(*state, "paths");
	const char *path;
	json_t *item;
	int bad = 0;

	json_object_foreach(paths, path, item) {
		if (!path_params_declared(path, item)) {
			fprintf(stderr, "undeclared parameter in %s\n", path);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Counts "$ref"s below j that do not name a component of doc. */
static int broken_refs(json_t *doc, json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;
	int bad = 0;

	if (json_is_array(j))
		json_array_foreach(j, i, v)
			bad += broken_refs(doc, v);
	if (!json_is_object(j))
		return bad;
	json_object_foreach(j, key, v) {
		const char *ref = json_string_value(v);
		char kind[64], name[128];

		if (strcmp(key, "$ref")) {
			bad += broken_refs(doc, v);
			continue;
		}
		if (!ref || sscanf(ref, "#/components/%63[^/]/%127s", kind,
				   name) != 2 ||
		    !json_object_get(json_object_get(json_object_get(doc,
			"components"), kind), name)) {
			fprintf(stderr, "broken $ref: %s\n", ref ? ref : "?");
			bad++;
		}
	}
	return bad;
}

static void test_every_ref_resolves(void **state)
{
	assert_int_equal(broken_refs(*state, *state), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_is_openapi_3_0_3),
		cmocka_unit_test(test_every_route_is_documented),
		cmocka_unit_test(test_every_operation_has_a_route),
		cmocka_unit_test(test_public_routes_have_no_security),
		cmocka_unit_test(test_path_parameters_are_declared),
		cmocka_unit_test(test_every_ref_resolves),
	};
	return cmocka_run_group_tests_name("front_openapi", tests, setup,
					   teardown);
}
