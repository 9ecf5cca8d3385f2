#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

/* An expiry no test outlives (2100-01-01). */
#define MM_TEST_FAR_FUTURE INT64_C(4102444800)

static void test_unit_crud(void **state)
{
	struct fx *f = *state;
	struct unit u, stale;
	struct unit_list l;

	fx_units(f);
	assert_true(f->hq > 0 && f->kita > 0 && f->minami > 0);
	assert_int_equal(store_unit_get(f->s, f->kita, &u), 0);
	assert_string_equal(u.code, "KITA");
	assert_int_equal(u.kind, UNIT_STATION);
	assert_int_equal(u.version, 1);
	stale = u;
	snprintf(u.name, sizeof u.name, "熊本北警察署");
	assert_int_equal(store_unit_update(f->s, &fx_admin, &u), 0);
	assert_int_equal(u.version, 2);
	/* stale version: refused, nothing changed */
	snprintf(stale.name, sizeof stale.name, "別名");
	assert_int_equal(store_unit_update(f->s, &fx_admin, &stale), MM_ESTALE);
	assert_int_equal(stale.version, 1);
	assert_int_equal(store_unit_get(f->s, f->kita, &u), 0);
	assert_string_equal(u.name, "熊本北警察署");
	assert_int_equal(u.version, 2);
	stale.id = 9999;
	assert_int_equal(store_unit_update(f->s, &fx_admin, &stale), MM_ENOTFOUND);
	assert_int_equal(store_unit_get(f->s, 9999, &u), MM_ENOTFOUND);
	/* duplicate code */
	assert_int_equal(fx_unit(f, "KITA", UNIT_STATION), -1);
	assert_int_equal(store_unit_list(f->s, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].code, "HQ");
	assert_string_equal(l.items[1].code, "KITA");
	assert_string_equal(l.items[2].code, "MINAMI");
	unit_list_release(&l);
}

/* The units of a page's rows in one statement, and a count (issue 12:
 * the home and audit pages read every unit before). */
static void test_units_of_ids_and_count(void **state)
{
	struct fx *f = *state;
	int64_t ids[STORE_UNIT_IDS_MAX + 1] = { 0 };
	struct authz_view all = { 0 };
	struct unit_list l;
	int64_t n = -1;

	fx_units(f);
	ids[0] = f->minami;
	ids[1] = 0;
	ids[2] = f->minami;
	ids[3] = f->hq;
	assert_int_equal(store_unit_list_of_ids(f->s, ids, 4, &l), 0);
	assert_int_equal(l.n, 2);
	assert_true((l.items[0].id == f->hq && l.items[1].id == f->minami) ||
		    (l.items[1].id == f->hq && l.items[0].id == f->minami));
	unit_list_release(&l);
	/* a page of a hundred rows naming the three units, over several
	 * statements: each unit once */
	for (int i = 0; i < STORE_UNIT_IDS_MAX; i++)
		ids[i] = i % 3 == 0 ? f->kita : i % 3 == 1 ? f->hq : f->minami;
	assert_int_equal(store_unit_list_of_ids(f->s, ids, STORE_UNIT_IDS_MAX,
						&l), 0);
	assert_int_equal(l.n, 3);
	unit_list_release(&l);
	ids[1] = 0;
	ids[2] = f->minami;
	/* none, only zeros: an empty list, no statement with "IN ()" */
	assert_int_equal(store_unit_list_of_ids(f->s, ids + 1, 1, &l), 0);
	assert_int_equal(l.n, 0);
	unit_list_release(&l);
	assert_int_equal(store_unit_list_of_ids(f->s, ids,
						STORE_UNIT_IDS_MAX + 1, &l),
			 MM_EINVAL);
	assert_int_equal(l.n, 0);
	all.all = 1;
	assert_int_equal(store_unit_count(f->s, &all, &n), 0);
	assert_int_equal(n, 3);
}

static void test_user_crud(void **state)
{
	struct fx *f = *state;
	struct user u, stale;
	struct user_list l;
	char hash[MM_PWHASH_MAX];
	int64_t id, id2;

	fx_units(f);
	id = fx_user(f, "suzuki", f->kita);
	id2 = fx_user(f, "abe", f->minami);
	assert_true(id > 0 && id2 > 0);
	/* duplicate login: MM_EEXIST */
	u = (struct user){ .unit_id = f->kita, .rank = RANK_JUNSA };
	snprintf(u.login, sizeof u.login, "suzuki");
	assert_int_equal(store_user_create(f->s, &fx_admin, &u, "$argon2id$x"),
			 MM_EEXIST);
	assert_int_equal(u.id, 0);
	/* unknown unit */
	snprintf(u.login, sizeof u.login, "nobody");
	u.unit_id = 777;
	assert_int_equal(store_user_create(f->s, &fx_admin, &u, "$argon2id$x"),
			 MM_ENOTFOUND);

	assert_int_equal(store_user_get_by_login(f->s, "suzuki", &u), 0);
	assert_int_equal(u.id, id);
	assert_string_equal(u.name, "山田 suzuki");
	assert_int_equal(u.active, 1);
	assert_int_equal(store_user_get_by_login(f->s, "zzz", &u), MM_ENOTFOUND);
	assert_int_equal(store_user_get(f->s, id, &u), 0);
	stale = u;
	u.rank = RANK_KEIBU;
	assert_int_equal(store_user_update(f->s, &fx_admin, &u), 0);
	assert_int_equal(u.version, 2);
	stale.rank = RANK_JUNSA;
	assert_int_equal(store_user_update(f->s, &fx_admin, &stale), MM_ESTALE);
	assert_int_equal(store_user_get(f->s, id, &u), 0);
	assert_int_equal(u.rank, RANK_KEIBU);

	assert_int_equal(store_user_password_hash(f->s, id, hash), 0);
	assert_string_equal(hash, "$argon2id$v=19$fake");
	assert_int_equal(store_user_set_password(f->s, NULL, id, "$argon2id$new",
						 NULL), 0);
	assert_int_equal(store_user_password_hash(f->s, id, hash), 0);
	assert_string_equal(hash, "$argon2id$new");

	assert_int_equal(store_user_list(f->s, NULL, 0, 0,
					 &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].login, "abe"); /* by kana */
	user_list_release(&l);
	assert_int_equal(store_user_list(f->s, NULL, f->kita, 0,
					 &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 1);
	user_list_release(&l);

	assert_int_equal(store_user_set_active(f->s, &fx_admin, id, 1, 0),
			 MM_ESTALE);
	assert_int_equal(store_user_set_active(f->s, &fx_admin, id, 2, 0), 0);
	assert_int_equal(store_user_password_hash(f->s, id, hash), MM_ENOTFOUND);
	assert_int_equal(store_user_list(f->s, NULL, 0, 0,
					 &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 1);
	user_list_release(&l);
	assert_int_equal(store_user_list(f->s, NULL, 0, 1,
					 &(struct page_req){ 0 }, &l), 0);
	assert_int_equal(l.n, 2);
	user_list_release(&l);
}

static void test_r_role_1_general_manager_only_at_hq(void **state)
{
	struct fx *f = *state;
	struct role_list l;
	int64_t a, b, ra, rb;

	fx_units(f);
	a = fx_user(f, "kacho", f->hq);
	b = fx_user(f, "shinkacho", f->hq);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_GENERAL_MANAGER, f->kita, NULL), MM_ERULE);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_GENERAL_MANAGER, f->hq, &ra), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_GENERAL_MANAGER, f->hq, NULL), MM_EEXIST);
	/* cannot be vacated */
	assert_int_equal(store_role_revoke(f->s, &fx_admin, ra), MM_ERULE);
	assert_int_equal(store_user_set_active(f->s, &fx_admin, a, 1, 0), MM_ERULE);
	/* replaced, not duplicated */
	assert_int_equal(store_role_assign(f->s, &fx_admin, b,
			 ROLE_GENERAL_MANAGER, f->hq, &rb), 0);
	assert_int_equal(store_role_list(f->s, 0, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].user_id, b);
	assert_int_equal(l.items[0].id, rb);
	role_list_release(&l);
	struct role_assignment r;
	assert_int_equal(store_role_get(f->s, ra, &r), MM_ENOTFOUND);
	assert_int_equal(store_role_get(f->s, rb, &r), 0);
	assert_int_equal(r.role, ROLE_GENERAL_MANAGER);
	/* the former holder may now leave */
	assert_int_equal(store_user_set_active(f->s, &fx_admin, a, 1, 0), 0);
}

/* R-SVC-2, R-CMP-6: the two HQ roles (migration 0002) — HQ only, one holder
 * prefecture-wide, and unlike the general manager they may be vacated. */
static void test_hq_roles_single_and_vacatable(void **state)
{
	struct fx *f = *state;
	struct role_list l;
	int64_t a, b, ra, rb;

	fx_units(f);
	a = fx_user(f, "joho1", f->hq);
	b = fx_user(f, "joho2", f->hq);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_INFOSEC_MANAGER, f->kita, NULL), MM_ERULE);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_INFOSEC_MANAGER, f->hq, &ra), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, b,
			 ROLE_INFOSEC_MANAGER, f->hq, &rb), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_IT_DIVISION_HEAD, f->hq, NULL), 0);
	assert_int_equal(store_role_list(f->s, 0, &l), 0);
	assert_int_equal(l.n, 2);
	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].role == ROLE_INFOSEC_MANAGER)
			assert_int_equal(l.items[i].user_id, b);
	role_list_release(&l);
	assert_int_equal(store_role_revoke(f->s, &fx_admin, rb), 0);
}

static void test_r_role_2_3_single_per_unit(void **state)
{
	struct fx *f = *state;
	struct role_list l;
	int64_t a, b, c, rc_id;

	fx_units(f);
	a = fx_user(f, "shocho", f->kita);
	b = fx_user(f, "shocho2", f->kita);
	c = fx_user(f, "shocho3", f->minami);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a, ROLE_MANAGER,
			 f->kita, NULL), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, c, ROLE_MANAGER,
			 f->minami, NULL), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, b, ROLE_MANAGER,
			 f->kita, NULL), 0);
	assert_int_equal(store_role_list_unit(f->s, f->kita, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].user_id, b);
	role_list_release(&l);
	/* another unit's manager is untouched */
	assert_int_equal(store_role_list_unit(f->s, f->minami, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].user_id, c);
	role_list_release(&l);
	/* R-ROLE-3 */
	assert_int_equal(store_role_assign(f->s, &fx_admin, a, ROLE_ASSISTANT,
			 f->kita, NULL), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, c, ROLE_ASSISTANT,
			 f->kita, &rc_id), 0);
	assert_int_equal(store_role_list_unit(f->s, f->kita, &l), 0);
	assert_int_equal(l.n, 2);
	role_list_release(&l);
	/*
	 * R-ROLE-4, R-ROLE-5: officers are not assigned directly, only by a
	 * designation (test_designations.c); an assistant may be vacated
	 */
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_OPERATIONS_OFFICER, f->kita, NULL), MM_ERULE);
	assert_int_equal(store_role_assign(f->s, &fx_admin, b,
			 ROLE_COMM_OFFICER, f->kita, NULL), MM_ERULE);
	assert_int_equal(store_role_revoke(f->s, &fx_admin, rc_id), 0);
	assert_int_equal(store_role_revoke(f->s, &fx_admin, rc_id), MM_ENOTFOUND);
	assert_int_equal(store_role_list(f->s, a, &l), 0);
	assert_int_equal(l.n, 0);
	role_list_release(&l);
	/* unknown user or unit */
	assert_int_equal(store_role_assign(f->s, &fx_admin, 999, ROLE_MANAGER,
			 f->kita, NULL), MM_ENOTFOUND);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a, ROLE_MANAGER,
			 999, NULL), MM_ENOTFOUND);
}

static void test_principal_load(void **state)
{
	struct fx *f = *state;
	struct principal p;
	struct user u;
	unsigned char h[MM_HASH_BYTES] = { 1 };
	struct session_info si;
	int64_t a, tok, uid;

	fx_units(f);
	a = fx_user(f, "kacho", f->hq);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_GENERAL_MANAGER, f->hq, NULL), 0);
	assert_int_equal(store_role_assign(f->s, &fx_admin, a,
			 ROLE_MANAGER, f->kita, NULL), 0);
	assert_int_equal(store_principal_load(f->s, a, &p), 0);
	assert_string_equal(p.login, "kacho");
	assert_int_equal(p.unit_id, f->hq);
	assert_int_equal(p.n_roles, 2);
	assert_int_equal(p.roles[0].role, ROLE_GENERAL_MANAGER);
	assert_int_equal(p.roles[0].unit_kind, UNIT_HQ);
	assert_int_equal(p.roles[1].role, ROLE_MANAGER);
	assert_int_equal(p.roles[1].unit_kind, UNIT_STATION);
	/* the names the page header shows come with it (issue 12) */
	assert_true(p.unit_name[0] != '\0');
	assert_true(p.role_unit_names[0][0] != '\0');
	assert_string_equal(p.role_unit_names[0], p.unit_name); /* both HQ */
	assert_true(strcmp(p.role_unit_names[1], p.unit_name) != 0);
	assert_int_equal(store_principal_load(f->s, 4242, &p), MM_ENOTFOUND);

	/* deactivated: no principal, sessions and tokens end, roles revoked */
	int64_t b = fx_user(f, "junsa", f->kita);
	struct actor ab = { b, "junsa", ROLE_NONE, 0, "127.0.0.1" };
	struct role_list l;
	assert_int_equal(store_role_assign(f->s, &fx_admin, b, ROLE_ASSISTANT,
			 f->kita, NULL), 0);
	assert_int_equal(store_session_create(f->s, &ab, h, &si), 0);
	h[0] = 2;
	assert_int_equal(store_token_create(f->s, &ab, b, "cli", h, MM_TEST_FAR_FUTURE, &tok), 0);
	assert_int_equal(store_token_lookup(f->s, h, &uid), 0);
	assert_int_equal(uid, b);
	/* the token's principal in one statement: as store_principal_load */
	assert_int_equal(store_token_principal(f->s, h, &p), 0);
	assert_int_equal(p.user_id, b);
	assert_string_equal(p.login, "junsa");
	assert_int_equal(p.n_roles, 1);
	assert_int_equal(p.roles[0].role, ROLE_ASSISTANT);
	assert_string_equal(p.role_unit_names[0], p.unit_name);
	assert_int_equal(store_user_get(f->s, b, &u), 0);
	assert_int_equal(store_user_set_active(f->s, &fx_admin, b, u.version, 0), 0);
	assert_int_equal(store_principal_load(f->s, b, &p), MM_ENOTFOUND);
	assert_int_equal(store_token_lookup(f->s, h, &uid), MM_EAUTH);
	assert_int_equal(store_token_principal(f->s, h, &p), MM_EAUTH);
	assert_int_equal(p.user_id, 0);
	h[0] = 1;
	assert_int_equal(store_session_touch(f->s, h, si.created_at + 1, 1800,
			 43200, &si), MM_EAUTH);
	assert_int_equal(store_role_list(f->s, b, &l), 0);
	assert_int_equal(l.n, 0);
	role_list_release(&l);
	/* reactivated: roles stay revoked */
	assert_int_equal(store_user_set_active(f->s, &fx_admin, b, u.version + 1,
			 1), 0);
	assert_int_equal(store_principal_load(f->s, b, &p), 0);
	assert_int_equal(p.n_roles, 0);
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	unsigned char h[MM_HASH_BYTES], other[MM_HASH_BYTES];
	struct session_info si, t;
	int64_t uid;
	struct actor a;

	fx_units(f);
	uid = fx_user(f, "junsa", f->kita);
	a = (struct actor){ uid, "junsa", ROLE_NONE, 0, "127.0.0.1" };
	memset(h, 0xab, sizeof h);
	memset(other, 0xcd, sizeof other);
	assert_int_equal(store_session_create(f->s, &a, h, &si), 0);
	assert_int_equal(si.user_id, uid);
	int64_t t0 = si.created_at;
	assert_int_equal(store_session_touch(f->s, other, t0, 1800, 43200, &t),
			 MM_EAUTH);
	/* within a minute: no write */
	assert_int_equal(store_session_touch(f->s, h, t0 + 30, 1800, 43200, &t), 0);
	assert_int_equal(t.last_seen_at, t0);
	/* later: last seen moves */
	assert_int_equal(store_session_touch(f->s, h, t0 + 1000, 1800, 43200, &t), 0);
	assert_int_equal(t.last_seen_at, t0 + 1000);
	assert_int_equal(t.id, si.id);
	/* idle expiry deletes it */
	assert_int_equal(store_session_touch(f->s, h, t0 + 1000 + 1801, 1800,
			 43200, &t), MM_EAUTH);
	assert_int_equal(store_session_touch(f->s, h, t0 + 1000, 1800, 43200, &t),
			 MM_EAUTH);

	/* absolute expiry despite activity, counted from this session's own
	 * start: on a slow run (ASan, PostgreSQL) it begins seconds after
	 * the first one's t0 */
	assert_int_equal(store_session_create(f->s, &a, other, &si), 0);
	int64_t t1 = si.created_at;
	for (int64_t now = t1 + 1500; now < t1 + 43200; now += 1500)
		assert_int_equal(store_session_touch(f->s, other, now, 1800, 43200,
				 &t), 0);
	assert_int_equal(store_session_touch(f->s, other, t1 + 43201, 1800, 43200,
			 &t), MM_EAUTH);

	/* logout */
	assert_int_equal(store_session_create(f->s, &a, h, &si), 0);
	assert_int_equal(store_session_delete(f->s, &a, h), 0);
	assert_int_equal(store_session_delete(f->s, &a, h), MM_ENOTFOUND);
	assert_int_equal(store_session_touch(f->s, h, t0, 1800, 43200, &t),
			 MM_EAUTH);
}

static void test_tokens(void **state)
{
	struct fx *f = *state;
	unsigned char h[MM_HASH_BYTES], other[MM_HASH_BYTES];
	int64_t uid, id, found = -1;

	fx_units(f);
	uid = fx_user(f, "junsa", f->kita);
	memset(h, 7, sizeof h);
	memset(other, 8, sizeof other);
	assert_int_equal(store_token_create(f->s, &fx_admin, uid, "連携", h, MM_TEST_FAR_FUTURE, &id), 0);
	assert_true(id > 0);
	assert_int_equal(store_token_create(f->s, &fx_admin, uid, "x", h, MM_TEST_FAR_FUTURE, NULL),
			 MM_EEXIST);
	assert_int_equal(store_token_lookup(f->s, h, &found), 0);
	assert_int_equal(found, uid);
	assert_int_equal(store_token_lookup(f->s, other, &found), MM_EAUTH);
	assert_int_equal(found, 0);
	{
		struct principal p;

		assert_int_equal(store_token_principal(f->s, h, &p), 0);
		assert_int_equal(p.user_id, uid);
		assert_int_equal(p.n_roles, 0);
		assert_int_equal(store_token_principal(f->s, other, &p), MM_EAUTH);
	}
}

static void test_login_failures(void **state)
{
	struct fx *f = *state;
	struct login_counts n;

	assert_int_equal(store_login_failure(f->s, "suzuki", "10.0.0.1", 1000), 0);
	assert_int_equal(store_login_failure(f->s, "suzuki", "10.0.0.2", 1010), 0);
	assert_int_equal(store_login_failure(f->s, "", "10.0.0.1", 1020), 0);
	assert_int_equal(store_login_failure(f->s, "suzuki", "10.0.0.1", 1030), 0);
	assert_int_equal(store_login_failures(f->s, "suzuki", "10.0.0.1", 0, &n), 0);
	assert_int_equal(n.by_address, 3);
	assert_int_equal(n.address_oldest_at, 1000);
	assert_int_equal(n.by_pair, 2);
	assert_int_equal(n.pair_oldest_at, 1000);
	assert_int_equal(n.pair_newest_at, 1030);
	assert_int_equal(n.by_account, 3);
	/* Only the window counts. */
	assert_int_equal(store_login_failures(f->s, "suzuki", "10.0.0.1", 1005, &n), 0);
	assert_int_equal(n.by_address, 2);
	assert_int_equal(n.address_oldest_at, 1020);
	assert_int_equal(n.by_pair, 1);
	assert_int_equal(n.pair_oldest_at, 1030);
	assert_int_equal(n.by_account, 2);
	/* A login from 10.0.0.2 forgets only its own failures there. */
	assert_int_equal(store_login_success(f->s, "suzuki", "10.0.0.2"), 0);
	assert_int_equal(store_login_failures(f->s, "suzuki", "10.0.0.2", 0, &n), 0);
	assert_int_equal(n.by_address, 0);
	assert_int_equal(n.by_pair, 0);
	assert_int_equal(n.pair_newest_at, 0);
	assert_int_equal(n.by_account, 2);
	assert_int_equal(store_login_failures(f->s, "suzuki", "10.0.0.1", 0, &n), 0);
	assert_int_equal(n.by_pair, 2);
	assert_int_equal(n.by_address, 3);
}

static void test_open_errors(void **state)
{
	struct fx *f = *state;
	struct store *s = (struct store *)1;
	char p[300];
	int v = 0;

	assert_int_equal(store_schema_version(f->s, &v), 0);
	assert_true(v >= 1);
	fx_path(f, "missing.sqlite", p, sizeof p);
	assert_int_equal(store_open(p, 0, &s), MM_ENOTFOUND);
	assert_null(s);
	/* nobody listens on port 1: a PostgreSQL URL is tried, not a file */
	assert_int_equal(store_open("postgresql://127.0.0.1:1/mamori", 1, &s),
			 MM_EIO);
	assert_null(s);
	assert_int_equal(store_open("postgresql:mamori", 1, &s), MM_EINVAL);
	assert_int_equal(store_open("mysql://db/mamori", 1, &s), MM_EUNSUPPORTED);
	assert_int_equal(store_open("", 1, &s), MM_EINVAL);
	/* the sqlite: form reaches the same file; a second pool the same db */
	if (fx_pg(f))
		snprintf(p, sizeof p, "%s", f->path);
	else
		snprintf(p, sizeof p, "sqlite:%.150s", f->path);
	assert_int_equal(store_open(p, 0, &s), 0);
	assert_int_equal(store_integrity_check(s), 0);
	store_close(s);
	/* not a database */
	fx_path(f, "junk", p, sizeof p);
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs("this is not a database file, just some text of length", fp);
	for (int i = 0; i < 100; i++)
		fputs("garbage garbage garbage garbage\n", fp);
	fclose(fp);
	assert_int_equal(store_open(p, 0, &s), MM_ECORRUPT);
}

/*
 * issue 13: a new password ends the user's other sessions and every token,
 * sets or clears the mark; tokens expire, are listed and revoked once.
 */
static void test_password_and_token_lifecycle(void **state)
{
	struct fx *f = *state;
	int64_t b, uid = 0, tok = 0, gone = 0;
	struct actor ab = { 0, "junsa2", ROLE_NONE, 0, "127.0.0.1" };
	unsigned char mine[MM_HASH_BYTES] = { 7 }, other[MM_HASH_BYTES] = { 8 };
	unsigned char t[MM_HASH_BYTES] = { 9 }, old[MM_HASH_BYTES] = { 10 };
	struct password_set self = { .must_change = 0, .keep_session = mine };
	struct session_info si;
	struct token_list l;
	struct principal p;
	int64_t now;

	fx_units(f);
	b = fx_user(f, "junsa2", f->kita);
	ab.user_id = b;
	assert_int_equal(store_session_create(f->s, &ab, mine, &si), 0);
	now = si.created_at;
	assert_int_equal(store_session_create(f->s, &ab, other, &si), 0);
	assert_int_equal(store_token_create(f->s, &ab, b, "t", t,
					    MM_TEST_FAR_FUTURE, &tok), 0);
	/* the administrator sets it: everything ends, the mark is set */
	assert_int_equal(store_user_set_password(f->s, &fx_admin, b, "$argon2id$a",
						 NULL), 0);
	assert_int_equal(store_session_touch(f->s, mine, now, 1800, 43200, &si),
			 MM_EAUTH);
	assert_int_equal(store_token_lookup(f->s, t, &uid), MM_EAUTH);
	assert_int_equal(store_principal_load(f->s, b, &p), 0);
	assert_int_equal(p.must_change_password, 1);
	/* the user changes it: the own session lives on, the mark is cleared */
	assert_int_equal(store_session_create(f->s, &ab, mine, &si), 0);
	assert_int_equal(store_session_create(f->s, &ab, other, &si), 0);
	assert_int_equal(store_user_set_password(f->s, &ab, b, "$argon2id$b",
						 &self), 0);
	assert_int_equal(store_session_touch(f->s, mine, now, 1800, 43200, &si), 0);
	assert_int_equal(store_session_touch(f->s, other, now, 1800, 43200, &si),
			 MM_EAUTH);
	assert_int_equal(store_principal_load(f->s, b, &p), 0);
	assert_int_equal(p.must_change_password, 0);
	/* an expiry in the past is refused; listed newest first; revoked once */
	assert_int_equal(store_token_create(f->s, &ab, b, "x", old, 1, NULL),
			 MM_EINVAL);
	assert_int_equal(store_token_create(f->s, &ab, b, "古", old,
					    MM_TEST_FAR_FUTURE, &gone), 0);
	t[1] = 1; /* the first t stays taken, though revoked */
	assert_int_equal(store_token_create(f->s, &ab, b, "新", t,
					    MM_TEST_FAR_FUTURE, &tok), 0);
	assert_int_equal(store_token_list(f->s, b, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].label, "新");
	assert_int_equal(l.items[0].unit_id, f->kita);
	token_list_release(&l);
	assert_int_equal(store_token_revoke(f->s, &ab, gone), 0);
	assert_int_equal(store_token_revoke(f->s, &ab, gone), MM_ENOTFOUND);
	assert_int_equal(store_token_lookup(f->s, old, &uid), MM_EAUTH);
	assert_int_equal(store_token_lookup(f->s, t, &uid), 0);
	assert_int_equal(uid, b);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unit_crud),
		T(test_units_of_ids_and_count),
		T(test_user_crud),
		T(test_r_role_1_general_manager_only_at_hq),
		T(test_hq_roles_single_and_vacatable),
		T(test_r_role_2_3_single_per_unit),
		T(test_principal_load),
		T(test_sessions),
		T(test_tokens),
		T(test_password_and_token_lifecycle),
		T(test_login_failures),
		T(test_open_errors),
	};

	return cmocka_run_group_tests_name("store_units", tests, NULL, NULL);
}
