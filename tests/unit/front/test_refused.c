/*
 * test_refused.c - ctx_note_refusal() and ctx_refused() (app/app.h):
 * which answers are written to the audit trail as "request.refused",
 * with which rule, and that the detail stays valid UTF-8 and within
 * MM_AUDIT_DETAIL_MAX whatever the message (issue 8, ASVS 16.3.3).
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

#include "app/app.h"
#include "core/identity.h"
#include "lib/err.h"
#include "lib/util.h"
#include "store_dir.h"
#include "lib/banned.h"

struct fixture {
	char dir[64];
	struct app app;
	int64_t user;
};

struct call {
	struct ctx c;
	struct http_request req;
	struct http_response res;
};

static int setup(void **state)
{
	struct actor sys = { 0, "", ROLE_NONE, 0, "cli" };
	struct fixture *f = calloc(1, sizeof(*f));
	struct unit un = { .kind = UNIT_STATION, .active = 1 };
	struct user u = { .is_admin = 0, .active = 1, .rank = RANK_KEIBUHO,
			  .sex = SEX_MALE };

	if (!f || identity_init() < 0)
		return -1;
	if (store_dir_open(f->dir, "mm-test-refused", &f->app.store) < 0)
		return -1;
	snprintf(un.code, sizeof(un.code), "%s", "KITA");
	snprintf(un.name, sizeof(un.name), "%s", "熊本北警察署");
	if (store_unit_create(f->app.store, &sys, &un) < 0)
		return -1;
	u.unit_id = un.id;
	snprintf(u.login, sizeof(u.login), "%s", "kita-officer");
	snprintf(u.name, sizeof(u.name), "%s", "職員");
	if (store_user_create(f->app.store, &sys, &u, "$argon2id$not-used") < 0)
		return -1;
	f->user = u.id;
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

/* A request answered with status by user (0: anonymous) on route. */
static void call_init(struct fixture *f, struct call *k, int64_t user,
		      const char *method, const char *route,
		      const char *path, int status)
{
	memset(k, 0, sizeof(*k));
	k->req.method = method;
	k->req.path = path;
	k->req.client_addr = "127.0.0.1";
	http_response_init(&k->res);
	k->res.status = status;
	k->c.app = &f->app;
	k->c.req = &k->req;
	k->c.res = &k->res;
	k->c.route = route;
	k->c.is_api = !strncmp(path, "/api/", 5);
	if (user) {
		assert_int_equal(store_principal_load(f->app.store, user,
						      &k->c.principal_storage), 0);
		k->c.who = &k->c.principal_storage;
	}
}

/* The newest audit entry's detail if it is a refusal newer than seq. */
static json_t *refusal_after(struct fixture *f, int64_t seq)
{
	struct audit_list l = { NULL, 0 };
	json_t *d = NULL;

	assert_int_equal(store_audit_list(f->app.store, 0, 0, 1, &l), 0);
	if (l.n && l.items[0].seq > seq &&
	    !strcmp(l.items[0].action, "request.refused")) {
		assert_true(strlen(l.items[0].detail) < MM_AUDIT_DETAIL_MAX);
		d = json_loads(l.items[0].detail, 0, NULL);
		assert_non_null(d);
	}
	audit_list_release(&l);
	return d;
}

static int64_t head(struct fixture *f)
{
	struct audit_list l = { NULL, 0 };
	int64_t seq;

	assert_int_equal(store_audit_list(f->app.store, 0, 0, 1, &l), 0);
	seq = l.n ? l.items[0].seq : 0;
	audit_list_release(&l);
	return seq;
}

static const char *str(json_t *d, const char *key)
{
	const char *v = json_string_value(json_object_get(d, key));

	assert_non_null(v);
	return v;
}

/* Answers rc/message/field on route and returns the refusal's detail. */
static json_t *refuse(struct fixture *f, const char *method,
		      const char *route, const char *path, int status, int rc,
		      const char *message, const char *field)
{
	struct call k;
	int64_t seq = head(f);
	json_t *d;

	call_init(f, &k, f->user, method, route, path, status);
	ctx_note_refusal(&k.c, rc, message, field);
	ctx_refused(&k.c);
	d = refusal_after(f, seq);
	http_response_release(&k.res);
	return d;
}

static void test_rule_of_each_kind_of_refusal(void **state)
{
	struct fixture *f = *state;
	json_t *d;

	d = refuse(f, "POST", "/api/v1/applications/{id}/approve",
		   "/api/v1/applications/7/approve", 422, MM_ERULE,
		   "借用期間が原則の上限を超えています。"
		   "超える場合は例外とする理由を記録してください",
		   "exception_reason");
	assert_string_equal(str(d, "rule"), "R-DEV-2");
	assert_string_equal(str(d, "field"), "exception_reason");
	assert_string_equal(str(d, "method"), "POST");
	assert_string_equal(str(d, "path"), "/api/v1/applications/7/approve");
	assert_int_equal(json_integer_value(json_object_get(d, "status")), 422);
	json_decref(d);

	d = refuse(f, "POST", "/api/v1/loans/{id}/receive",
		   "/api/v1/loans/3/receive", 409, MM_ESTATE, "…", NULL);
	assert_string_equal(str(d, "rule"), "state:loans/receive");
	json_decref(d);
	d = refuse(f, "POST", "/api/v1/loans", "/api/v1/loans", 409,
		   MM_ESTATE, "…", NULL);
	assert_string_equal(str(d, "rule"), "state:loans/create");
	json_decref(d);
	d = refuse(f, "POST", "/services/{id}/change", "/services/4/change",
		   409, MM_ESTATE, "…", NULL);
	assert_string_equal(str(d, "rule"), "state:services/change");
	json_decref(d);

	d = refuse(f, "PATCH", "/api/v1/units/{id}", "/api/v1/units/2", 409,
		   MM_ESTALE, MM_MSG_STALE, NULL);
	assert_string_equal(str(d, "rule"), "version");
	json_decref(d);
	/* a web form shown again with 409 carries no code: its message */
	d = refuse(f, "POST", "/loans/{id}/receive", "/loans/3/receive", 409,
		   0, MM_MSG_STALE, "");
	assert_string_equal(str(d, "rule"), "version");
	json_decref(d);

	d = refuse(f, "POST", "/api/v1/loans/{id}/receive",
		   "/api/v1/loans/3/receive", 422, MM_EINVAL,
		   "研修日に未来の日付は指定できません", "trained_on");
	assert_string_equal(str(d, "rule"), "");
	json_decref(d);
}

static void test_only_refused_changes_of_a_user_are_written(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *method; int status; int64_t user; }
	not_written[] = {
		{ "POST", 400, 1 },   /* malformed */
		{ "POST", 403, 1 },   /* access.denied has its own entry */
		{ "POST", 404, 1 },
		{ "POST", 200, 1 },
		{ "GET", 422, 1 },    /* a read */
		{ "HEAD", 409, 1 },
		{ "POST", 422, 0 },   /* anonymous */
	};
	int64_t seq = head(f);

	for (size_t i = 0; i < sizeof not_written / sizeof not_written[0]; i++) {
		struct call k;

		call_init(f, &k, not_written[i].user ? f->user : 0,
			  not_written[i].method, "/loans/{id}/receive",
			  "/loans/3/receive", not_written[i].status);
		ctx_note_refusal(&k.c, MM_EINVAL, "入力内容に誤りがあります。",
				 NULL);
		ctx_refused(&k.c);
		http_response_release(&k.res);
	}
	assert_int_equal(head(f), seq);
}

static void test_note_is_cut_on_a_character_boundary(void **state)
{
	struct call k;
	char msg[3 * 400 + 1] = "";
	size_t n;

	(void)state;
	memset(&k, 0, sizeof(k));
	for (size_t i = 0; i < 400; i++)
		memcpy(msg + 3 * i, "あ", 4);   /* 3 bytes each, NUL after */
	ctx_note_refusal(&k.c, MM_ERULE, msg, "accounts");
	n = strlen(k.c.refusal.message);
	assert_true(n < CTX_REFUSAL_MESSAGE_MAX);
	assert_int_equal(n % 3, 0);
	assert_true(utf8_valid(k.c.refusal.message, n));
	assert_string_equal(k.c.refusal.field, "accounts");
	/* rc 0 keeps the code noted first (api_error after ctx_fail) */
	ctx_note_refusal(&k.c, 0, "x", NULL);
	assert_int_equal(k.c.refusal.rc, MM_ERULE);
	assert_string_equal(k.c.refusal.message, "x");
	assert_string_equal(k.c.refusal.field, "");
}

static void test_detail_fits_however_the_message_escapes(void **state)
{
	struct fixture *f = *state;
	char msg[CTX_REFUSAL_MESSAGE_MAX];
	json_t *d;

	/* each control character escapes to six bytes (\u0001) */
	memset(msg, '\x01', sizeof msg - 1);
	msg[sizeof msg - 1] = '\0';
	d = refuse(f, "POST", "/loans/{id}/return", "/loans/3/return", 422,
		   MM_ERULE, msg, "accounts");
	assert_non_null(d);
	assert_true(strlen(str(d, "message")) > 0);
	assert_true(strlen(str(d, "message")) < sizeof msg - 1);
	assert_string_equal(str(d, "path"), "/loans/3/return");
	json_decref(d);
}

/* Issue 14: memory running out within a request is a 503 with
 * Retry-After (the server's passing state, to try again), never a 500. */
static void test_out_of_memory_is_503_with_retry_after(void **state)
{
	struct fixture *f = *state;
	struct call k;
	const char *retry = NULL;

	call_init(f, &k, f->user, "POST", "/api/v1/units", "/api/v1/units",
		  200);
	ctx_fail(&k.c, MM_ENOMEM, NULL, NULL);
	assert_int_equal(k.res.status, 503);
	for (size_t i = 0; i < k.res.n_headers; i++)
		if (!strcmp(k.res.headers[i].name, "Retry-After"))
			retry = k.res.headers[i].value;
	assert_non_null(retry);
	assert_non_null(strstr(k.res.body.data, "少し待って"));
	http_response_release(&k.res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_of_each_kind_of_refusal),
		cmocka_unit_test(test_out_of_memory_is_503_with_retry_after),
		cmocka_unit_test(test_only_refused_changes_of_a_user_are_written),
		cmocka_unit_test(test_note_is_cut_on_a_character_boundary),
		cmocka_unit_test(test_detail_fits_however_the_message_escapes),
	};

	return cmocka_run_group_tests_name("front_refused", tests, setup,
					   teardown);
}
