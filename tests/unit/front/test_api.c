/*
 * test_api.c - the JSON API's handlers, called directly with a request
 * built here and a real store in a temporary directory.  The principal
 * is loaded from the store as app_dispatch would; routing, sessions and
 * CSRF are app/'s and tested there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "api/units.h"
#include "api/users.h"
#include "api/roles.h"
#include "api/tokens.h"
#include "api/openapi.h"
#include "api/api.h"
#include "core/identity.h"
#include "lib/err.h"
#include "store_dir.h"
#include "lib/banned.h"

struct fixture {
	char dir[64];
	struct app app;
	int64_t hq, station, admin, manager;
};

struct call {
	struct ctx c;
	struct http_request req;
	struct http_response res;
	json_t *json;   /* the answer, parsed; NULL when empty */
};

static int64_t add_user(struct fixture *f, const char *login, int64_t unit,
			int admin)
{
	struct actor sys = { 0, "", ROLE_NONE, 0, "cli" };
	struct user u = { .unit_id = unit, .is_admin = admin, .active = 1,
			  .rank = RANK_KEIBUHO, .sex = SEX_MALE };

	snprintf(u.login, sizeof(u.login), "%s", login);
	snprintf(u.name, sizeof(u.name), "職員 %s", login);
	assert_int_equal(store_user_create(f->app.store, &sys, &u,
					   "$argon2id$not-used"), 0);
	return u.id;
}

static int64_t add_unit(struct fixture *f, const char *code,
			enum unit_kind kind)
{
	struct actor sys = { 0, "", ROLE_NONE, 0, "cli" };
	struct unit u = { .kind = kind, .active = 1 };

	snprintf(u.code, sizeof(u.code), "%s", code);
	snprintf(u.name, sizeof(u.name), "所属 %s", code);
	assert_int_equal(store_unit_create(f->app.store, &sys, &u), 0);
	return u.id;
}

static int setup(void **state)
{
	struct actor sys = { 0, "", ROLE_NONE, 0, "cli" };
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || identity_init() < 0)
		return -1;
	config_defaults(&f->app.cfg); /* token lifetimes and the like */
	if (store_dir_open(f->dir, "mm-test-api", &f->app.store) < 0)
		return -1;
	f->hq = add_unit(f, "HQ", UNIT_HQ);
	f->station = add_unit(f, "KITA", UNIT_STATION);
	f->admin = add_user(f, "admin", f->hq, 1);
	f->manager = add_user(f, "kitamgr", f->station, 0);
	if (store_role_assign(f->app.store, &sys, f->manager, ROLE_MANAGER,
			      f->station, NULL) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_dir_remove(f->dir, f->app.store);
	free(f);
	return 0;
}

/* Calls fn as user_id with a JSON body (NULL: none) and path id. */
static void run(struct fixture *f, struct call *k, int64_t user_id,
		void (*fn)(struct ctx *), const char *method,
		const char *type, const char *body, int64_t id)
{
	memset(k, 0, sizeof(*k));
	k->req.method = method;
	k->req.path = "/api/v1/test";
	k->req.content_type = type;
	k->req.body = body ? body : "";
	k->req.body_len = strlen(k->req.body);
	k->req.client_addr = "127.0.0.1";
	k->req.params[0] = id;
	k->req.n_params = id ? 1 : 0;
	http_response_init(&k->res);
	k->c.app = &f->app;
	k->c.req = &k->req;
	k->c.res = &k->res;
	k->c.is_api = 1;
	k->c.error = api_error;
	assert_int_equal(store_principal_load(f->app.store, user_id,
					      &k->c.principal_storage), 0);
	k->c.who = &k->c.principal_storage;
	/* as if logged in by a cookie session (minting a token needs one) */
	memset(k->c.session_token, 'a', MM_TOKEN_HEX - 1);
	fn(&k->c);
	k->json = json_loads(buf_cstr(&k->res.body), 0, NULL);
}

static void done(struct call *k)
{
	json_decref(k->json);
	http_response_release(&k->res);
}

static const char *error_code(struct call *k)
{
	return json_string_value(json_object_get(
		json_object_get(k->json, "error"), "code"));
}

static const char *error_field(struct call *k)
{
	return json_string_value(json_object_get(
		json_object_get(k->json, "error"), "field"));
}

static void post_unit(struct fixture *f, struct call *k, const char *type,
		      const char *body)
{
	run(f, k, f->admin, api_units_create, "POST", type, body, 0);
}

static void fail_unavailable(struct ctx *c)
{
	api_fail(c, MM_EUNAVAIL, NULL, NULL);
}

static void fail_busy(struct ctx *c)
{
	api_fail(c, MM_EBUSY, NULL, NULL);
}

/* The one Retry-After of a response, NULL when none (twice: a failure). */
static const char *retry_after(struct call *k)
{
	const char *v = NULL;

	for (size_t i = 0; i < k->res.n_headers; i++) {
		if (strcmp(k->res.headers[i].name, "Retry-After"))
			continue;
		assert_null(v);
		v = k->res.headers[i].value;
	}
	return v;
}

/* Issue 14: the database unreachable or busy is a 503 with Retry-After. */
static void test_unreachable_database_is_503_with_retry_after(void **state)
{
	struct fixture *f = *state;
	struct call k;

	run(f, &k, f->admin, fail_unavailable, "POST", "application/json",
	    "{}", 0);
	assert_int_equal(k.res.status, 503);
	assert_string_equal(error_code(&k), "unavailable");
	assert_string_equal(retry_after(&k), "5");
	assert_non_null(strstr(json_string_value(json_object_get(
		json_object_get(k.json, "error"), "message")),
		"データベースに接続できない"));
	done(&k);
	run(f, &k, f->admin, fail_busy, "POST", "application/json", "{}", 0);
	assert_int_equal(k.res.status, 503);
	assert_string_equal(error_code(&k), "busy");
	assert_string_equal(retry_after(&k), "1");
	done(&k);
}

static void test_strict_input(void **state)
{
	struct fixture *f = *state;
	struct call k;

	post_unit(f, &k, "text/plain", "{}");
	assert_int_equal(k.res.status, 415);
	done(&k);
	post_unit(f, &k, "application/json",
		  "{\"code\":\"A\",\"name\":\"a\",\"kind\":\"hq\",\"x\":1}");
	assert_int_equal(k.res.status, 400);
	assert_string_equal(error_field(&k), "x");
	done(&k);
	/*
	 * A value of the wrong JSON type and a missing field are faults of
	 * the field, answered as the web form answers them (issue 8: read
	 * through the unit's descriptor; they were 400 before).
	 */
	post_unit(f, &k, "application/json",
		  "{\"code\":1,\"name\":\"a\",\"kind\":\"hq\"}");
	assert_int_equal(k.res.status, 422);
	assert_string_equal(error_field(&k), "code");
	done(&k);
	post_unit(f, &k, "application/json", "{\"name\":\"a\",\"kind\":\"hq\"}");
	assert_int_equal(k.res.status, 422);
	assert_string_equal(error_field(&k), "code");
	done(&k);
	post_unit(f, &k, "application/json; charset=utf-8",
		  "{\"code\":\"bad code\",\"name\":\"a\",\"kind\":\"station\"}");
	assert_int_equal(k.res.status, 422);
	assert_string_equal(error_code(&k), "invalid");
	assert_string_equal(error_field(&k), "code");
	done(&k);
}

static void test_stale_version_is_a_conflict(void **state)
{
	struct fixture *f = *state;
	struct call k;
	struct unit u;
	int64_t id;

	post_unit(f, &k, "application/json",
		  "{\"code\":\"MINAMI\",\"name\":\"南署\",\"kind\":\"station\"}");
	assert_int_equal(k.res.status, 201);
	id = json_integer_value(json_object_get(k.json, "id"));
	done(&k);
	run(f, &k, f->admin, api_units_update, "PATCH", "application/json",
	    "{\"version\":1,\"name\":\"熊本南署\"}", id);
	assert_int_equal(k.res.status, 200);
	assert_int_equal(json_integer_value(json_object_get(k.json,
							    "version")), 2);
	done(&k);
	run(f, &k, f->admin, api_units_update, "PATCH", "application/json",
	    "{\"version\":1,\"name\":\"上書き\"}", id);
	assert_int_equal(k.res.status, 409);
	assert_string_equal(error_code(&k), "conflict");
	done(&k);
	assert_int_equal(store_unit_get(f->app.store, id, &u), 0);
	assert_string_equal(u.name, "熊本南署");
}

/* Tenant isolation: a station's manager sees and reads only its unit. */
static void test_lists_are_filtered_by_unit(void **state)
{
	struct fixture *f = *state;
	struct call k;
	json_t *units;

	run(f, &k, f->manager, api_units_list, "GET", "", NULL, 0);
	assert_int_equal(k.res.status, 200);
	units = json_object_get(k.json, "units");
	assert_int_equal(json_array_size(units), 1);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(units, 0), "id")), f->station);
	done(&k);
	run(f, &k, f->manager, api_units_get, "GET", "", NULL, f->hq);
	assert_int_equal(k.res.status, 403);
	done(&k);
	run(f, &k, f->manager, api_users_get, "GET", "", NULL, f->admin);
	assert_int_equal(k.res.status, 403);
	done(&k);
}

static void test_r_role_1_general_manager_only_at_hq(void **state)
{
	struct fixture *f = *state;
	char body[160];
	struct call k;

	snprintf(body, sizeof(body), "{\"user_id\":%lld,\"role\":"
		 "\"general_manager\",\"unit_id\":%lld}",
		 (long long)f->manager, (long long)f->station);
	run(f, &k, f->admin, api_roles_create, "POST", "application/json",
	    body, 0);
	assert_int_equal(k.res.status, 422);
	assert_string_equal(error_code(&k), "rule_violation");
	done(&k);
}

static void test_users_never_carry_passwords(void **state)
{
	struct fixture *f = *state;
	char body[256];
	struct call k;

	snprintf(body, sizeof(body), "{\"login\":\"sato\",\"name\":\"佐藤\","
		 "\"unit_id\":%lld,\"password\":\"a long enough secret\"}",
		 (long long)f->station);
	run(f, &k, f->admin, api_users_create, "POST", "application/json",
	    body, 0);
	assert_int_equal(k.res.status, 201);
	assert_null(strstr(buf_cstr(&k.res.body), "password"));
	assert_null(strstr(buf_cstr(&k.res.body), "argon2"));
	assert_null(strstr(buf_cstr(&k.res.body), "secret"));
	done(&k);
}

static void test_token_is_stored_hashed(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[MM_HASH_BYTES];
	struct call k;
	const char *token;
	int64_t owner = 0;

	run(f, &k, f->manager, api_tokens_create, "POST", "application/json",
	    "{\"label\":\"集計スクリプト\"}", 0);
	assert_int_equal(k.res.status, 201);
	token = json_string_value(json_object_get(k.json, "token"));
	assert_non_null(token);
	assert_int_equal(strlen(token), 64);
	token_hash(token, hash);
	assert_int_equal(store_token_lookup(f->app.store, hash, &owner), 0);
	assert_int_equal(owner, f->manager);
	done(&k);
}

static void test_healthz(void **state)
{
	struct fixture *f = *state;
	struct call k;

	run(f, &k, f->admin, api_healthz, "GET", "", NULL, 0);
	assert_int_equal(k.res.status, 200);
	assert_string_equal(json_string_value(json_object_get(k.json,
							      "status")), "ok");
	done(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict_input),
		cmocka_unit_test(test_unreachable_database_is_503_with_retry_after),
		cmocka_unit_test(test_stale_version_is_a_conflict),
		cmocka_unit_test(test_lists_are_filtered_by_unit),
		cmocka_unit_test(test_r_role_1_general_manager_only_at_hq),
		cmocka_unit_test(test_users_never_carry_passwords),
		cmocka_unit_test(test_token_is_stored_hashed),
		cmocka_unit_test(test_healthz),
	};
	return cmocka_run_group_tests_name("front_api", tests, setup,
					   teardown);
}
