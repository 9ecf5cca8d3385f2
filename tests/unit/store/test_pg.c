/*
 * test_pg.c - what only PostgreSQL has: several app servers (stores with
 * pools of their own) on one database, migration at open under an
 * advisory lock (`mamori migrate`, store_migrate, is in test_migrate.c).
 * Needs MAMORI_TEST_PG (fixture.h); without it every test is skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>

#include "fixture.h"

#define SERVERS 2
#define THREADS 4        /* per server */
#define WORKERS (SERVERS * THREADS)
#define ROUNDS 25

struct worker {
	struct store *s;
	int64_t unit_id;                 /* the unit every worker updates */
	const int64_t *candidates;       /* WORKERS users */
	int id;
	int updated, stale, failures;
};

static int pg_setup(void **state)
{
	if (!fx_pg_server()) {
		*state = NULL;
		return 0;
	}
	return fx_setup(state);
}

static int pg_teardown(void **state)
{
	return *state ? fx_teardown(state) : 0;
}

#define NEED_PG(f) do { if (!(f)) skip(); } while (0)

/* Read, change, write back at the version read: the lost-update pattern. */
static void update_once(struct worker *w, const struct actor *a)
{
	struct unit u;
	int rc = store_unit_get(w->s, w->unit_id, &u);

	if (rc != 0) {
		w->failures++;
		return;
	}
	snprintf(u.name, sizeof u.name, "署%d-%lld", w->id, (long long)u.version);
	rc = store_unit_update(w->s, a, &u);
	if (rc == 0)
		w->updated++;
	else if (rc == MM_ESTALE)
		w->stale++;
	else
		w->failures++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct actor a = { w->id, "worker", ROLE_NONE, 0, "10.0.0.1" };

	for (int i = 0; i < ROUNDS; i++) {
		int64_t who = w->candidates[(w->id + i) % WORKERS];
		int rc;

		update_once(w, &a);
		/* R-ROLE-2: everyone tries to make someone the unit's manager */
		rc = store_role_assign(w->s, &a, who, ROLE_MANAGER, w->unit_id, NULL);
		if (rc != 0 && rc != MM_EEXIST)
			w->failures++;
		if (store_audit_record(w->s, &a, "test.event", "", i, NULL) != 0)
			w->failures++;
	}
	return NULL;
}

static size_t count_action(struct fx *f, const char *action)
{
	struct audit_list l;
	size_t n = 0;

	assert_int_equal(store_audit_list(f->s, 0, 0, 10000, &l), 0);
	for (size_t i = 0; i < l.n; i++)
		n += strcmp(l.items[i].action, action) == 0;
	audit_list_release(&l);
	return n;
}

static void start_workers(struct fx *f, struct store **servers,
			  const int64_t *candidates, struct worker *w,
			  pthread_t *t)
{
	for (int i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){ .s = servers[i % SERVERS],
					.unit_id = f->kita, .candidates = candidates,
					.id = i + 1 };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
}

static void test_two_servers_in_parallel(void **state)
{
	struct fx *f = *state;
	struct store *servers[SERVERS];
	int64_t candidates[WORKERS];
	struct worker w[WORKERS];
	pthread_t t[WORKERS];
	struct audit_verify_result r;
	struct role_list roles;
	struct unit u;
	int updated = 0, stale = 0;

	NEED_PG(f);
	fx_units(f);
	for (int i = 0; i < WORKERS; i++) {
		char login[32];

		snprintf(login, sizeof login, "cand%d", i);
		candidates[i] = fx_user(f, login, f->kita);
		assert_true(candidates[i] > 0);
	}
	for (int i = 0; i < SERVERS; i++)
		assert_int_equal(store_open(f->path, 0, &servers[i]), 0);
	start_workers(f, servers, candidates, w, t);
	for (int i = 0; i < WORKERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].failures, 0);
		updated += w[i].updated;
		stale += w[i].stale;
	}
	for (int i = 0; i < SERVERS; i++)
		store_close(servers[i]);
	print_message("updated %d, stale %d\n", updated, stale);
	assert_int_equal(updated + stale, WORKERS * ROUNDS);
	/* no lost update: every success moved the version by one */
	assert_int_equal(store_unit_get(f->s, f->kita, &u), 0);
	assert_int_equal(u.version, 1 + updated);
	assert_int_equal(count_action(f, "unit.update"), (size_t)updated);
	assert_int_equal(count_action(f, "test.event"), (size_t)(WORKERS * ROUNDS));
	/* exactly one manager, and the chain is one unforked line */
	assert_int_equal(store_role_list_unit(f->s, f->kita, &roles), 0);
	assert_int_equal(roles.n, 1);
	assert_int_equal(roles.items[0].role, ROLE_MANAGER);
	role_list_release(&roles);
	assert_int_equal(store_audit_verify(f->s, &r, NULL, NULL), 0);
	assert_int_equal(r.entries, (int64_t)fx_audit_count(f));
}

struct opener {
	const char *url;
	int rc;
};

static void *open_close(void *arg)
{
	struct opener *o = arg;
	struct store *s = NULL;

	o->rc = store_open(o->url, 1, &s);
	store_close(s);
	return NULL;
}

/* Servers starting at once on an empty database: one migrates, all open. */
static void test_concurrent_first_open(void **state)
{
	struct fx *f = *state;
	struct opener o[4];
	pthread_t t[4];
	char db[96], url[300], sql[160];
	struct store *s = NULL;
	int v = 0;

	NEED_PG(f);
	snprintf(db, sizeof db, "%s_fresh", f->pgdb);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	assert_int_equal(fx_pg_exec(fx_pg_server(), sql), 0);
	assert_int_equal(fx_pg_url(fx_pg_server(), db, url, sizeof url), 0);
	/* not initialised: serving it would be a mistake */
	assert_int_equal(store_open(url, 0, &s), MM_ENOTFOUND);
	assert_null(s);
	for (int i = 0; i < 4; i++) {
		o[i] = (struct opener){ url, 1 };
		assert_int_equal(pthread_create(&t[i], NULL, open_close, &o[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(o[i].rc, 0);
	}
	assert_int_equal(store_open(url, 0, &s), 0);
	assert_int_equal(store_schema_version(s, &v), 0);
	assert_true(v >= 1);
	assert_int_equal(store_integrity_check(s), 0);
	store_close(s);
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", db);
	assert_int_equal(fx_pg_exec(fx_pg_server(), sql), 0);
}

/* A unique key violated on PostgreSQL is MM_EEXIST, as on SQLite. */
static void test_unique_and_errors(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;

	NEED_PG(f);
	fx_units(f);
	assert_true(fx_user(f, "dup", f->kita) > 0);
	assert_int_equal(fx_user(f, "dup", f->kita), -1);
	assert_int_equal(store_open("postgresql://mamori@127.0.0.1:1/x", 0, &s),
			 MM_EIO);
	assert_int_equal(store_open("postgresql://[bad", 0, &s), MM_EINVAL);
	assert_null(s);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, pg_setup, pg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_two_servers_in_parallel),
		T(test_concurrent_first_open),
		T(test_unique_and_errors),
	};

	return cmocka_run_group_tests_name("store_pg", tests, NULL, NULL);
}
