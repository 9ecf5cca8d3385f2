/*
 * test_write_group.c - the group commit of store_write (store/db.c,
 * issue 12): writes from many threads at once, some failing, on SQLite
 * (where the writer runs the others' writes in one transaction, each in
 * a savepoint) and, with MAMORI_TEST_PG, on PostgreSQL (no grouping: the
 * same answers).  What must hold: every write answered 0 is there, every
 * write answered an error left nothing, each ran with its own caller's
 * directive version in force, and on SQLite some ran on another
 * thread's transaction (the savepoint path was taken).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/backend.h"
#include "store/db.h"
#include "core/policy.h"

#define THREADS 16
#define WRITES 40

/* One thread's writes and what it saw. */
struct writer {
	struct fx *f;
	int no;
	struct policy version;          /* this thread's version in force */
	struct policy_source source;
	int answers[WRITES];
	int wrong_version;              /* a write saw another's version */
	int ran_elsewhere;              /* writes run by another thread */
};

/* One write: a row (writer, i); then, by i, kept or refused. */
struct write {
	struct writer *w;
	int i;
	pthread_t caller;
};

static const struct policy *version_of(void *arg)
{
	return arg;
}

static int do_create(struct db *d, void *arg)
{
	(void)arg;
	return db_exec(d, "CREATE TABLE grouped (writer INTEGER NOT NULL,"
		       " i INTEGER NOT NULL, PRIMARY KEY (writer, i))",
		       DB_NONE, NULL);
}

static int setup(void **state)
{
	struct fx *f;

	if (fx_setup(state) != 0)
		return -1;
	f = *state;
	return store_write(f->s, do_create, NULL) == 0 ? 0 : -1;
}

/* 1 for the writes that end the whole transaction (SQLite only). */
static int loses_tx(const struct write *x)
{
	return !fx_pg(x->w->f) && x->w->no % 4 == 0 && x->i % 10 == 4;
}

/*
 * i % 5 == 1: the row is written, then the write refuses (its row must
 * be undone); i % 5 == 3: a second insert of the same key fails in the
 * database (a constraint: the transaction goes on for the others);
 * loses_tx: the transaction ends under the write, as SQLite ends it on
 * a full disk or an I/O error (every write of its batch is lost and
 * must say so); otherwise kept.
 */
static int do_write(struct db *d, void *arg)
{
	struct write *x = arg;
	const struct db_param p[] = { DB_I(x->w->no), DB_I(x->i) };
	int rc;

	if (policy_current() != &x->w->version)
		x->w->wrong_version = 1;
	if (!pthread_equal(pthread_self(), x->caller))
		x->w->ran_elsewhere++;
	rc = db_exec(d, "INSERT INTO grouped (writer, i) VALUES (?, ?)", p, 2,
		     NULL);
	if (rc < 0)
		return rc;
	if (x->i % 5 == 1)
		return MM_ERULE;
	if (loses_tx(x)) {
		db_exec(d, "ROLLBACK", DB_NONE, NULL);
		return MM_EIO;
	}
	if (x->i % 5 == 3)
		return db_exec(d, "INSERT INTO grouped (writer, i) VALUES (?, ?)",
			       p, 2, NULL);
	return 0;
}

static void *writer_run(void *arg)
{
	struct writer *w = arg;

	policy_use(&w->source);
	for (int i = 0; i < WRITES; i++) {
		struct write x = { w, i, pthread_self() };

		w->answers[i] = store_write(w->f->s, do_write, &x);
	}
	policy_use(NULL);
	return NULL;
}

static int count_row(const struct db_row *r, void *arg)
{
	*(int64_t *)arg = db_int(r, 0);
	return 0;
}

struct probe {
	int writer, i;
	int64_t n;
};

static int do_probe(struct db *d, void *arg)
{
	struct probe *p = arg;
	const struct db_param q[] = { DB_I(p->writer), DB_I(p->i) };

	return db_query(d, "SELECT count(*) FROM grouped WHERE writer = ?"
			" AND i = ?", q, 2, count_row, &p->n);
}

static void test_many_writers(void **state)
{
	struct fx *f = *state;
	static struct writer w[THREADS];
	pthread_t t[THREADS];
	int elsewhere = 0, kept = 0;

	for (int k = 0; k < THREADS; k++) {
		w[k] = (struct writer){ .f = f, .no = k };
		w[k].version = *policy_default();
		w[k].source = (struct policy_source){ version_of, &w[k].version };
		assert_int_equal(pthread_create(&t[k], NULL, writer_run, &w[k]), 0);
	}
	for (int k = 0; k < THREADS; k++)
		pthread_join(t[k], NULL);
	for (int k = 0; k < THREADS; k++) {
		assert_false(w[k].wrong_version);
		elsewhere += w[k].ran_elsewhere;
		for (int i = 0; i < WRITES; i++) {
			struct probe p = { k, i, -1 };
			struct write x = { &w[k], i, pthread_self() };

			assert_int_equal(store_read(f->s, do_probe, &p), 0);
			/* the answer and the row agree: 0 and there, or an
			 * error and nothing left (a write kept on its own may
			 * be lost with another's transaction: then an error) */
			assert_int_equal(p.n, w[k].answers[i] == 0);
			if (i % 5 == 1 || i % 5 == 3 || loses_tx(&x))
				assert_true(w[k].answers[i] < 0);
			kept += w[k].answers[i] == 0;
		}
	}
	/* on PostgreSQL no write is lost with another's: every one to keep
	 * is kept (i % 5 of 0, 2, 4) */
	if (fx_pg(f))
		assert_int_equal(kept, THREADS * WRITES * 3 / 5);
	else
		assert_true(kept > 0);
	/* SQLite groups: some writes ran on another writer's transaction */
	if (!fx_pg(f))
		assert_true(elsewhere > 0);
	else
		assert_int_equal(elsewhere, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_many_writers, setup,
						fx_teardown),
	};

	return cmocka_run_group_tests_name("store_write_group", tests, NULL,
					   NULL);
}
