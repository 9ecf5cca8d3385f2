#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

/* An expiry no test outlives (2100-01-01). */
#define MM_TEST_FAR_FUTURE INT64_C(4102444800)

/* Asserts that op added exactly n entries to the trail. */
#define EXPECT_AUDIT(f, n, op) do { \
	size_t before_ = fx_audit_count(f); \
	op; \
	assert_int_equal(fx_audit_count(f), before_ + (n)); \
} while (0)

static void test_every_write_has_one_entry(void **state)
{
	struct fx *f = *state;
	struct unit u = { .code = "KITA", .name = "北署", .kind = UNIT_STATION,
			  .active = 1 };
	struct unit stale;
	struct user usr = { .login = "suzuki", .unit_id = 0, .rank = RANK_JUNSA };
	unsigned char h[MM_HASH_BYTES] = { 9 };
	struct session_info si;
	int64_t hq, gm1, gm2, tok;

	hq = fx_unit(f, "HQ", UNIT_HQ);
	EXPECT_AUDIT(f, 1, assert_int_equal(store_unit_create(f->s, &fx_admin, &u), 0));
	stale = u;
	EXPECT_AUDIT(f, 1, assert_int_equal(store_unit_update(f->s, &fx_admin, &u), 0));
	/* failed writes leave no entry */
	EXPECT_AUDIT(f, 0, assert_int_equal(store_unit_update(f->s, &fx_admin,
						&stale), MM_ESTALE));
	EXPECT_AUDIT(f, 0, assert_int_equal(store_unit_create(f->s, &fx_admin,
						&stale), MM_EEXIST));
	usr.unit_id = u.id;
	EXPECT_AUDIT(f, 1, assert_int_equal(store_user_create(f->s, &fx_admin,
						&usr, "$argon2id$h"), 0));
	EXPECT_AUDIT(f, 0, assert_int_equal(store_user_create(f->s, &fx_admin,
						&usr, "$argon2id$h"), MM_EEXIST));
	EXPECT_AUDIT(f, 1, assert_int_equal(store_user_update(f->s, &fx_admin,
						&usr), 0));
	EXPECT_AUDIT(f, 0, assert_int_equal(store_user_set_password(f->s, NULL,
						usr.id, "$argon2id$rehash", NULL), 0));
	EXPECT_AUDIT(f, 1, assert_int_equal(store_user_set_password(f->s,
						&fx_admin, usr.id, "$argon2id$new", NULL), 0));
	gm1 = fx_user(f, "gm1", hq);
	gm2 = fx_user(f, "gm2", hq);
	EXPECT_AUDIT(f, 1, assert_int_equal(store_role_assign(f->s, &fx_admin,
			gm1, ROLE_GENERAL_MANAGER, hq, NULL), 0));
	/* the replaced holder's revocation is audited too */
	EXPECT_AUDIT(f, 2, assert_int_equal(store_role_assign(f->s, &fx_admin,
			gm2, ROLE_GENERAL_MANAGER, hq, NULL), 0));
	EXPECT_AUDIT(f, 0, assert_int_equal(store_role_assign(f->s, &fx_admin,
			gm2, ROLE_GENERAL_MANAGER, u.id, NULL), MM_ERULE));
	struct actor a = { usr.id, "suzuki", ROLE_NONE, 0, "127.0.0.1" };
	EXPECT_AUDIT(f, 1, assert_int_equal(store_session_create(f->s, &a, h,
						&si), 0));
	EXPECT_AUDIT(f, 1, assert_int_equal(store_session_delete(f->s, &a, h), 0));
	EXPECT_AUDIT(f, 1, assert_int_equal(store_token_create(f->s, &a, usr.id,
						"t", h, MM_TEST_FAR_FUTURE, &tok), 0));
	EXPECT_AUDIT(f, 1, assert_int_equal(store_user_set_active(f->s,
			&fx_admin, usr.id, usr.version, 0), 0));
	EXPECT_AUDIT(f, 1, assert_int_equal(store_audit_record(f->s, &a,
			"login.failed", "", 0, "{\"reason\":\"password\"}"), 0));

	struct audit_verify_result r;
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.first_bad_seq, 0);
	assert_string_equal(r.reason, "");
	assert_int_equal(r.entries, (int64_t)fx_audit_count(f));
}

static void test_audit_list(void **state)
{
	struct fx *f = *state;
	struct actor a = { 5, "kacho", ROLE_MANAGER, 77, "10.1.1.1" };
	struct actor b = { 6, "junsa", ROLE_COMM_OFFICER, 78, "10.1.1.2" };
	struct audit_list l;

	for (int i = 0; i < 5; i++) {
		assert_int_equal(store_audit_record(f->s, &a, "export", "unit", i,
						    NULL), 0);
		assert_int_equal(store_audit_record(f->s, &b, "login", "", 0,
						    "{}"), 0);
	}
	assert_int_equal(store_audit_record(f->s, &a, "", "", 0, NULL), MM_EINVAL);
	assert_int_equal(store_audit_list(f->s, 0, 0, 3, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].seq, 10);
	assert_int_equal(l.items[2].seq, 8);
	audit_list_release(&l);
	assert_int_equal(store_audit_list(f->s, 77, 9, 100, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.items[0].seq, 7);
	assert_string_equal(l.items[0].action, "export");
	assert_string_equal(l.items[0].actor_login, "kacho");
	assert_string_equal(l.items[0].addr, "10.1.1.1");
	assert_int_equal(l.items[0].role, ROLE_MANAGER);
	assert_int_equal(l.items[0].object_id, 3);
	assert_string_equal(l.items[0].detail, "{}");
	assert_int_equal(strlen(l.items[0].hash), 64);
	audit_list_release(&l);
}

/* Ten entries, seq 1..10. */
static void fill(struct fx *f)
{
	struct actor a = { 3, "kacho", ROLE_MANAGER, 1, "10.0.0.1" };
	char detail[64];

	for (int i = 1; i <= 10; i++) {
		snprintf(detail, sizeof detail, "{\"n\":%d}", i);
		assert_int_equal(store_audit_record(f->s, &a, "test.event", "unit",
						    i, detail), 0);
	}
}

static void expect_bad(struct fx *f, int64_t seq)
{
	struct audit_verify_result r;

	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), MM_ECORRUPT);
	if (r.first_bad_seq != seq)
		print_error("reason: %s\n", r.reason);
	assert_int_equal(r.first_bad_seq, seq);
	assert_true(r.reason[0] != '\0');
}

static void expect_good(struct fx *f)
{
	struct audit_verify_result r;

	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.first_bad_seq, 0);
}

static void test_tamper_each_field(void **state)
{
	struct fx *f = *state;
	static const char *const changes[][2] = {
		{ "at = at + 1", "at = at - 1" },
		{ "actor_user_id = 99", "actor_user_id = 3" },
		{ "actor_login = 'mallory'", "actor_login = 'kacho'" },
		{ "role = 1", "role = 2" },
		{ "unit_id = 2", "unit_id = 1" },
		{ "addr = '10.0.0.2'", "addr = '10.0.0.1'" },
		{ "action = 'test.other'", "action = 'test.event'" },
		{ "object_type = 'user'", "object_type = 'unit'" },
		{ "object_id = 40", "object_id = 4" },
		{ "detail = '{\"n\":5}'", "detail = '{\"n\":4}'" },
	};
	char sql[256];

	fill(f);
	expect_good(f);
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		snprintf(sql, sizeof sql, "UPDATE audit_log SET %s WHERE seq = 4",
			 changes[i][0]);
		assert_int_equal(fx_raw(f->path, sql), SQLITE_OK);
		expect_bad(f, 4);
		snprintf(sql, sizeof sql, "UPDATE audit_log SET %s WHERE seq = 4",
			 changes[i][1]);
		assert_int_equal(fx_raw(f->path, sql), SQLITE_OK);
		expect_good(f);
	}
}

static void test_tamper_deleted_entry(void **state)
{
	struct fx *f = *state;

	fill(f);
	assert_int_equal(fx_raw(f->path, "DELETE FROM audit_log WHERE seq = 6"),
			 SQLITE_OK);
	expect_bad(f, 6);
}

static void test_tamper_deleted_first_entry(void **state)
{
	struct fx *f = *state;

	fill(f);
	assert_int_equal(fx_raw(f->path, "DELETE FROM audit_log WHERE seq = 1"),
			 SQLITE_OK);
	expect_bad(f, 1);
}

static void test_tamper_swapped_entries(void **state)
{
	struct fx *f = *state;

	fill(f);
	/* all contents of 3 and 7 exchanged, hashes included */
	assert_int_equal(fx_raw(f->path,
		"UPDATE audit_log SET seq = -seq WHERE seq IN (3, 7);"
		"UPDATE audit_log SET seq = CASE seq WHEN -3 THEN 7 ELSE 3 END"
		" WHERE seq < 0"), SQLITE_OK);
	expect_bad(f, 3);
}

static void test_tamper_swapped_contents_kept_hashes(void **state)
{
	struct fx *f = *state;

	fill(f);
	assert_int_equal(fx_raw(f->path,
		"CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (5, 6);"
		"UPDATE audit_log SET (detail, object_id) = (SELECT detail, object_id"
		" FROM t WHERE t.seq = 11 - audit_log.seq) WHERE seq IN (5, 6)"),
		SQLITE_OK);
	expect_bad(f, 5);
}

static void test_tamper_cut_tail(void **state)
{
	struct fx *f = *state;

	fill(f);
	assert_int_equal(fx_raw(f->path, "DELETE FROM audit_log WHERE seq > 7"),
			 SQLITE_OK);
	expect_bad(f, 8);
	/* the next write does not paper over the gap */
	assert_int_equal(store_audit_record(f->s, &fx_admin, "x", "", 0, NULL), 0);
	expect_bad(f, 8);
}

static void test_tamper_garbage(void **state)
{
	struct fx *f = *state;

	fill(f);
	assert_int_equal(fx_raw(f->path,
		"UPDATE audit_log SET hash = 'not a hash at all' WHERE seq = 4"),
		SQLITE_OK);
	expect_bad(f, 4);
	assert_int_equal(fx_raw(f->path,
		"UPDATE audit_log SET hash = upper(hash) WHERE seq = 2"), SQLITE_OK);
	expect_bad(f, 2);
	assert_int_equal(fx_raw(f->path,
		"UPDATE audit_log SET prev_hash = '' WHERE seq = 1"), SQLITE_OK);
	expect_bad(f, 1);
}

static void test_tamper_head(void **state)
{
	struct fx *f = *state;

	fill(f);
	assert_int_equal(fx_raw(f->path,
		"UPDATE audit_head SET hash = 'zz'"), SQLITE_OK);
	expect_bad(f, 10);
	/* a damaged head is not chained onto */
	if (!fx_pg(f)) {
		assert_int_equal(store_audit_record(f->s, &fx_admin, "x", "", 0,
						    NULL), MM_ECORRUPT);
	} else {
		struct audit_verify_result r;

		/*
		 * PostgreSQL (issue 12): the write does not read the head, its
		 * entry is kept, and the sealer refuses to chain it onto the
		 * damaged head: it stays unsealed, and verify still fails.
		 */
		assert_int_equal(store_audit_record(f->s, &fx_admin, "x", "", 0,
						    NULL), 0);
		assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL),
				 MM_ECORRUPT);
		assert_int_equal(r.first_bad_seq, 10);
		assert_int_equal(r.unsealed, 1);
	}
	assert_int_equal(fx_raw(f->path, "DELETE FROM audit_head"), SQLITE_OK);
	expect_bad(f, 11);
}

static void test_tamper_extra_entry(void **state)
{
	struct fx *f = *state;

	fill(f);
	/* an appended copy of the last entry, head left alone */
	assert_int_equal(fx_raw(f->path,
		"INSERT INTO audit_log SELECT seq + 1, at, actor_user_id,"
		" actor_login, role, unit_id, addr, action, object_type, object_id,"
		" detail, hash, hash, seq + 1 FROM audit_log WHERE seq = 10"),
		SQLITE_OK);
	expect_bad(f, 11);
}

/*
 * SQLite chains every entry in its own transaction (issue 12: only
 * PostgreSQL has a sealer): an entry without a place in the chain was
 * put there behind the store's back.
 */
static void test_tamper_unsealed_entry(void **state)
{
	struct fx *f = *state;
	struct audit_verify_result r;

	fill(f);
	if (fx_pg(f)) {
		/* there an unsealed entry is one waiting for the sealer */
		assert_int_equal(fx_raw(f->path,
			"INSERT INTO audit_log (at, actor_user_id, actor_login,"
			" role, unit_id, addr, action, object_type, object_id,"
			" detail) SELECT at, actor_user_id, actor_login, role,"
			" unit_id, addr, action, object_type, object_id, detail"
			" FROM audit_log WHERE seq = 10"), SQLITE_OK);
		assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
		assert_int_equal(r.entries, 10);
		assert_int_equal(r.unsealed, 1);
		assert_true(r.oldest_unsealed_at > 0);
		return;
	}
	assert_int_equal(fx_raw(f->path,
		"INSERT INTO audit_log SELECT seq + 1, at, actor_user_id,"
		" actor_login, role, unit_id, addr, action, object_type, object_id,"
		" detail, hash, hash, NULL FROM audit_log WHERE seq = 10"),
		SQLITE_OK);
	expect_bad(f, 11);
}

static int progress_calls;

static void progress(int64_t done, int64_t total, void *arg)
{
	(void)arg;
	assert_true(done <= total);
	progress_calls++;
}

static void test_verify_progress(void **state)
{
	struct fx *f = *state;
	struct audit_verify_result r;

	for (int i = 0; i < 1200; i++)
		assert_int_equal(store_audit_record(f->s, &fx_admin, "bulk", "", i,
						    NULL), 0);
	progress_calls = 0;
	assert_int_equal(store_audit_verify(f->s, &r, progress, NULL), 0);
	assert_int_equal(r.entries, 1200);
	assert_int_equal(progress_calls, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_write_has_one_entry),
		T(test_audit_list),
		T(test_tamper_each_field),
		T(test_tamper_deleted_entry),
		T(test_tamper_deleted_first_entry),
		T(test_tamper_swapped_entries),
		T(test_tamper_swapped_contents_kept_hashes),
		T(test_tamper_cut_tail),
		T(test_tamper_garbage),
		T(test_tamper_head),
		T(test_tamper_extra_entry),
	T(test_tamper_unsealed_entry),
		T(test_verify_progress),
	};

	return cmocka_run_group_tests_name("store_audit", tests, NULL, NULL);
}
