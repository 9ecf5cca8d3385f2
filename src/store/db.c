/*
 * db.c - the engine-independent half of db.h: forwarding to the driver,
 * the small query helpers, the connection pool and the one transaction
 * loop (store_write / store_read) with its bounded retry.
 */
#include "db.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "backend.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "core/policy.h"
#include "lib/banned.h"

int db_exec(struct db *d, const char *sql, const struct db_param *p, int n,
	    int64_t *changes)
{
	int64_t ignored;

	return d->s->drv->exec(d, sql, p, n, changes ? changes : &ignored);
}

int db_query(struct db *d, const char *sql, const struct db_param *p, int n,
	     db_row_fn fn, void *arg)
{
	return d->s->drv->query(d, sql, p, n, fn, arg);
}

int db_scan(struct db *d, const char *sql, const struct db_param *p, int n,
	    db_row_fn fn, void *arg)
{
	if (d->s->drv->scan)
		return d->s->drv->scan(d, sql, p, n, fn, arg);
	return d->s->drv->query(d, sql, p, n, fn, arg);
}

struct first {
	db_row_fn fn;
	void *arg;
	int seen;
	int rc;
};

static int first_row(const struct db_row *r, void *arg)
{
	struct first *f = arg;

	f->seen = 1;
	f->rc = f->fn(r, f->arg);
	return f->rc < 0 ? f->rc : 1;
}

int db_first(struct db *d, const char *sql, const struct db_param *p, int n,
	     db_row_fn fn, void *arg)
{
	struct first f = { fn, arg, 0, 0 };
	int rc = db_query(d, sql, p, n, first_row, &f);

	if (rc < 0)
		return rc;
	if (!f.seen)
		return MM_ENOTFOUND;
	return f.rc < 0 ? f.rc : 0;
}

static int int_row(const struct db_row *r, void *arg)
{
	*(int64_t *)arg = db_int(r, 0);
	return 0;
}

int db_int_of(struct db *d, const char *sql, const struct db_param *p, int n,
	      int64_t *out)
{
	return db_first(d, sql, p, n, int_row, out);
}

enum db_type db_type(const struct db_row *r, int col)
{
	return r->d->s->drv->col_type(r, col);
}

int64_t db_int(const struct db_row *r, int col)
{
	return r->d->s->drv->col_int(r, col);
}

int db_text(const struct db_row *r, int col, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = r->d->s->drv->col_text(r, col, &n);

	/* no text of a column that holds one: the engine ran out of memory
	 * converting it (sqlite3_column_text), not an empty value */
	if (!p && n == SIZE_MAX) {
		out[0] = '\0';
		return MM_ENOMEM;
	}
	if (!p)
		n = 0;
	if (n >= cap) {
		out[0] = '\0';
		return MM_EOVERFLOW;
	}
	if (n)
		memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

const char *db_text_ref(const struct db_row *r, int col, size_t *len)
{
	const char *p = r->d->s->drv->col_text(r, col, len);

	if (!p)
		*len = 0;
	return p;
}

int db_text_in(const struct db_row *r, int col, struct pool *pool, size_t cap,
	       const char **out)
{
	size_t n = 0;
	const char *p = r->d->s->drv->col_text(r, col, &n);

	*out = NULL;
	if (!p) /* as db_text: out of memory unless the column is NULL */
		return n == SIZE_MAX ? MM_ENOMEM : 0;
	if (n >= cap)
		return MM_EOVERFLOW;
	*out = pool_strndup(pool, p, n);
	return *out ? 0 : MM_ENOMEM;
}

int db_stale_or_missing(struct db *d, const char *exists_sql, int64_t id)
{
	int64_t one;
	int rc = db_int_of(d, exists_sql, DB_P(DB_I(id)), &one);

	return rc == 0 ? MM_ESTALE : rc;
}

int db_grow(void **items, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 16;
	p = realloc(*items, ncap * size);
	if (!p)
		return MM_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

/*
 * 0: the system clock.  Set only by store_clock_set() while one thread
 * uses the store (`mamori init --demo`), so a plain variable does.
 */
static int64_t fixed_now;

void store_clock_set(int64_t t)
{
	fixed_now = t > 0 ? t : 0;
}

int64_t db_now(void)
{
	return fixed_now ? fixed_now : (int64_t)time(NULL);
}

/* ---- the pool ---- */

int store_pool_fill(struct store_pool *p, size_t n, store_connect_fn connect,
		    void *ctx)
{
	int rc = 0;

	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->conns = calloc(n, sizeof *p->conns);
	p->free = calloc(n, sizeof *p->free);
	if (!p->conns || !p->free)
		return MM_ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++) {
		void *conn = NULL;

		rc = connect(ctx, i, &conn);
		if (rc == 0) {
			p->conns[p->n++] = conn;
			p->free[p->nfree++] = conn;
		}
	}
	return rc;
}

void *store_pool_take(struct store_pool *p)
{
	void *c;

	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	c = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return c;
}

void store_pool_give(struct store_pool *p, void *conn)
{
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = conn;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void store_pool_release(struct store_pool *p, void (*close_conn)(void *conn))
{
	for (size_t i = 0; p->conns && i < p->n; i++)
		close_conn(p->conns[i]);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p->conns);
	free(p->free);
	p->conns = p->free = NULL;
	p->n = p->nfree = 0;
}

/* ---- transactions ---- */

/* One attempt: begin, fn, commit; roll back on any error. */
static int run_once(struct db *d, enum db_tx kind, db_tx_fn fn, void *arg)
{
	const struct store_driver *drv = d->s->drv;
	int rc;

	d->retryable = 0;
	rc = drv->begin(d, kind);
	if (rc < 0) {
		drv->end(d, 0);
		return rc;
	}
	rc = fn(d, arg);
	if (rc >= 0) {
		int crc = drv->end(d, 1);

		if (crc < 0)
			rc = crc;
	}
	if (rc < 0)
		drv->end(d, 0);
	return rc;
}

/* Sleeps a growing, jittered while before attempt `try` (1-based). */
static void backoff(int try)
{
	unsigned ms = (1u << (try < 6 ? try : 6)) + randombytes_uniform(10);
	struct timespec ts = { 0, (long)ms * 1000000L };

	nanosleep(&ts, NULL);
}

static int run_tx(struct store *s, enum db_tx kind, db_tx_fn fn, void *arg)
{
	struct db d = { s, s->drv->acquire(s), 0 };
	int rc = MM_EBUSY;

	for (int try = 0; try < s->drv->tries; try++) {
		if (try > 0)
			backoff(try);
		rc = run_once(&d, kind, fn, arg);
		if (rc != MM_EBUSY || !d.retryable)
			break;
	}
	/* a process without a sealer seals what it wrote (backend.h) */
	if (kind == DB_TX_WRITE && rc >= 0 && s->drv->seal_after_write)
		s->drv->seal_after_write(&d);
	s->drv->release(s, d.conn);
	return rc;
}

/* ---- group commit ---- */

/*
 * Why: with one writer at a time (SQLite), each acknowledged write costs
 * a synced commit, and writers queue behind each other's fsync.  The
 * writer that gets its turn runs the writes queued meanwhile in the same
 * transaction, each in a savepoint of its own, and commits them with
 * one sync; every waiting caller is answered after that commit, so
 * nothing is acknowledged before it is durable.  A write that fails is
 * undone to its savepoint and the others commit; when the transaction
 * itself is lost (an I/O error, no memory, a busy database), every
 * write of the batch answers that error and none took effect.  Run
 * alone, a write runs exactly as without grouping.
 */
struct write_job {
	db_tx_fn fn;
	void *arg;
	const struct policy_source *policy; /* the caller's (core/policy.h) */
	int rc;
	int done;
	struct write_job *next;
};

/* At most this many writes in one transaction: a bound on the latency
 * of the write whose thread runs them. */
#define GROUP_MAX 64

void store_group_init(struct store *s)
{
	struct write_group *g = &s->group;

	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	g->head = g->tail = NULL;
	g->leading = 0;
}

void store_group_release(struct store *s)
{
	pthread_mutex_destroy(&s->group.mu);
	pthread_cond_destroy(&s->group.cv);
}

/*
 * One write of a batch inside its savepoint.  0: the batch goes on (the
 * write's answer in job->rc); negative: the transaction is lost.
 */
static int run_job(struct db *d, struct write_job *job)
{
	const struct store_driver *drv = d->s->drv;
	const struct policy_source *mine = policy_in_use();
	int rc = drv->savepoint(d);

	if (rc < 0)
		return rc;
	/* the rules it checks read its caller's version in force */
	policy_use(job->policy);
	job->rc = job->fn(d, job->arg);
	policy_use(mine);
	if (job->rc == MM_EBUSY && d->retryable)
		return MM_EBUSY;
	if (!drv->in_tx(d))
		return job->rc < 0 ? job->rc : MM_EIO;
	return drv->savepoint_end(d, job->rc >= 0);
}

/* One attempt at a batch of two or more: begin, each write, commit. */
static int batch_once(struct db *d, struct write_job *batch)
{
	const struct store_driver *drv = d->s->drv;
	int rc;

	d->retryable = 0;
	rc = drv->begin(d, DB_TX_WRITE);
	for (struct write_job *j = batch; rc == 0 && j; j = j->next)
		rc = run_job(d, j);
	if (rc == 0)
		rc = drv->end(d, 1);
	if (rc < 0)
		drv->end(d, 0);
	return rc;
}

/* Runs batch on a connection of its own, retrying a busy database as
 * run_tx does; a lost transaction is every write's answer. */
static void run_batch(struct store *s, struct write_job *batch)
{
	int rc = MM_EBUSY;

	if (!batch->next) {
		/* alone: exactly as an ungrouped write */
		batch->rc = run_tx(s, DB_TX_WRITE, batch->fn, batch->arg);
		return;
	}
	struct db d = { s, s->drv->acquire(s), 0 };

	for (int try = 0; try < s->drv->tries; try++) {
		if (try > 0)
			backoff(try);
		rc = batch_once(&d, batch);
		if (rc != MM_EBUSY || !d.retryable)
			break;
	}
	s->drv->release(s, d.conn);
	if (rc < 0)
		for (struct write_job *j = batch; j; j = j->next)
			j->rc = rc;
}

/* Takes up to GROUP_MAX writes off the front of g's queue (g->mu held). */
static struct write_job *take_batch(struct write_group *g)
{
	struct write_job *batch = g->head, *last = g->head;

	for (int n = 1; n < GROUP_MAX && last->next; n++)
		last = last->next;
	g->head = last->next;
	if (!g->head)
		g->tail = NULL;
	last->next = NULL;
	return batch;
}

/* Queues the write; runs a batch whenever no other thread does, until
 * the write has been run by this thread or another. */
static int write_grouped(struct store *s, db_tx_fn fn, void *arg)
{
	struct write_group *g = &s->group;
	struct write_job me = { fn, arg, policy_in_use(), 0, 0, NULL };

	pthread_mutex_lock(&g->mu);
	if (g->tail)
		g->tail->next = &me;
	else
		g->head = &me;
	g->tail = &me;
	while (!me.done) {
		struct write_job *batch;

		if (g->leading) {
			pthread_cond_wait(&g->cv, &g->mu);
			continue;
		}
		g->leading = 1;
		batch = take_batch(g);
		pthread_mutex_unlock(&g->mu);
		run_batch(s, batch);
		pthread_mutex_lock(&g->mu);
		for (struct write_job *j = batch, *next; j; j = next) {
			next = j->next; /* j may be gone once done is seen */
			j->done = 1;
		}
		g->leading = 0;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	return me.rc;
}

int store_write(struct store *s, db_tx_fn fn, void *arg)
{
	if (s->drv->savepoint)
		return write_grouped(s, fn, arg);
	return run_tx(s, DB_TX_WRITE, fn, arg);
}

int store_read(struct store *s, db_tx_fn fn, void *arg)
{
	return run_tx(s, DB_TX_READ, fn, arg);
}

int store_read_single(struct store *s, db_tx_fn fn, void *arg)
{
	struct db d = { s, s->drv->acquire(s), 0 };
	int rc = fn(&d, arg);

	s->drv->release(s, d.conn);
	return rc;
}

struct read_one {
	db_load_fn load;
	int64_t id;
	void *out;
};

static int do_read_one(struct db *d, void *arg)
{
	struct read_one *r = arg;

	return r->load(d, r->id, r->out);
}

int store_read_one(struct store *s, db_load_fn load, int64_t id, void *out)
{
	struct read_one r = { load, id, out };

	return store_read(s, do_read_one, &r);
}

struct read_pooled {
	db_pooled_load_fn load;
	int64_t id;
	struct pool *pool;
	void *out;
};

static int do_read_pooled(struct db *d, void *arg)
{
	struct read_pooled *r = arg;

	return r->load(d, r->id, r->pool, r->out);
}

int store_read_pooled(struct store *s, db_pooled_load_fn load, int64_t id,
		      struct pool *pool, void *out)
{
	struct read_pooled r = { load, id, pool, out };

	return store_read(s, do_read_pooled, &r);
}
