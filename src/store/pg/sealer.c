/*
 * sealer.c - the audit sealer of the PostgreSQL backend (store.h,
 * store_sealer_start; issue 12).  Writes insert their audit entries
 * unsealed (ops/auditlog.c); one thread per app server tries to become
 * the sealer by taking a session-level advisory lock on a connection of
 * its own.  The holder seals batches (ops_audit_seal, one transaction
 * each); the others retry the lock every second.  When the holder dies
 * its connection ends, PostgreSQL releases the lock, and the next server
 * to try takes over, from the sealed head in the database: a batch is one
 * transaction, so a batch cut by the death is sealed again whole.
 */
#include "pg.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../ops/ops.h"
#include "lib/err.h"
#include "lib/banned.h"

/* The advisory lock's key: "mamoseal" read as 8 bytes, minus the sign. */
#define SEALER_LOCK "7881136563893542252"
/* Entries per batch, and the pause when a batch found fewer. */
#define SEALER_BATCH 2000
#define SEALER_IDLE_MS 50
#define SEALER_RETRY_MS 1000

struct pg_sealer {
	struct pg_store *s;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	struct pg_conn *pc;      /* its own connection, not the pool's */
	atomic_int leader;
	atomic_llong sealed;
};

static void say(const char *what, const char *why)
{
	/* one line for the journal (reqlog's "<N>" priority form) */
	fprintf(stderr, "<5>mamori: audit sealer: %s%s%s (pid %ld)\n", what,
		why ? ": " : "", why ? why : "", (long)getpid());
}

/* Waits ms or until stopped; returns 1 when stopped. */
static int nap(struct pg_sealer *z, long ms)
{
	struct timespec until;
	int stop;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&z->mu);
	while (!z->stop &&
	       pthread_cond_timedwait(&z->cv, &z->mu, &until) != ETIMEDOUT)
		;
	stop = z->stop;
	pthread_mutex_unlock(&z->mu);
	return stop;
}

static void drop_conn(struct pg_sealer *z)
{
	if (z->pc) {
		PQfinish(z->pc->c);
		for (size_t i = 0; i < PG_STMT_CACHE; i++)
			free(z->pc->cache[i].sql);
		free(z->pc);
		z->pc = NULL;
	}
	if (atomic_exchange(&z->leader, 0))
		say("no longer the sealer", "connection lost");
}

/* A connection of its own (the lock is held by its session). */
static int own_conn(struct pg_sealer *z)
{
	PGconn *c = NULL;

	if (z->pc && PQstatus(z->pc->c) == CONNECTION_OK)
		return 0;
	drop_conn(z);
	z->pc = calloc(1, sizeof *z->pc);
	if (!z->pc)
		return MM_ENOMEM;
	if (pg_connect_as(z->s->url, "mamori-sealer", &c) < 0) {
		free(z->pc);
		z->pc = NULL;
		return MM_EIO;
	}
	z->pc->c = c;
	return 0;
}

static int try_lead(struct pg_sealer *z)
{
	PGresult *r = NULL;
	int got;

	if (pg_run(z->pc->c, &r, "SELECT pg_try_advisory_lock(" SEALER_LOCK ")",
		   NULL) < 0)
		return MM_EIO;
	got = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (got) {
		atomic_store(&z->leader, 1);
		say("this server seals the audit trail", NULL);
	}
	return got;
}

static int batch_on(struct store *s, struct pg_conn *pc, int64_t *n);

static void *sealer_main(void *arg)
{
	struct pg_sealer *z = arg;
	int64_t n;
	int rc;

	for (;;) {
		pthread_mutex_lock(&z->mu);
		rc = z->stop;
		pthread_mutex_unlock(&z->mu);
		if (rc)
			break;
		if (own_conn(z) < 0) {
			if (nap(z, SEALER_RETRY_MS))
				break;
			continue;
		}
		if (!atomic_load(&z->leader)) {
			rc = try_lead(z);
			if (rc < 0)
				drop_conn(z);
			if (rc <= 0 && nap(z, SEALER_RETRY_MS))
				break;
			continue;
		}
		rc = batch_on(&z->s->base, z->pc, &n);
		if (rc < 0) {
			say("batch failed", mm_strerror(rc));
			if (PQstatus(z->pc->c) != CONNECTION_OK)
				drop_conn(z);
			if (nap(z, SEALER_RETRY_MS))
				break;
			continue;
		}
		atomic_fetch_add(&z->sealed, n);
		if (n < SEALER_BATCH && nap(z, SEALER_IDLE_MS))
			break;
	}
	atomic_store(&z->leader, 0); /* stopping: the lock goes with it */
	drop_conn(z);
	return NULL;
}

/* One batch on conn in its own transaction; *n sealed. */
static int batch_on(struct store *s, struct pg_conn *pc, int64_t *n)
{
	struct db d = { s, pc, 0 };
	int rc = pg_exec(pc->c, "BEGIN ISOLATION LEVEL READ COMMITTED");

	*n = 0;
	if (rc < 0)
		return rc;
	rc = ops_audit_seal(&d, SEALER_BATCH, n);
	if (rc == 0)
		rc = pg_exec(pc->c, "COMMIT");
	if (rc < 0) {
		*n = 0;
		if (PQstatus(pc->c) == CONNECTION_OK &&
		    PQtransactionStatus(pc->c) != PQTRANS_IDLE)
			pg_exec(pc->c, "ROLLBACK");
	}
	return rc;
}

void pg_seal_after_write(struct db *d)
{
	struct pg_conn *pc = d->conn;
	int64_t n = SEALER_BATCH;

	if (pg_of(d->s)->sealer)
		return; /* this process's sealer thread does it */
	/* the head's row lock orders this with any server's sealer */
	while (n == SEALER_BATCH && batch_on(d->s, pc, &n) == 0)
		;
}

int pg_sealer_start(struct store *s)
{
	struct pg_store *ps = pg_of(s);
	struct pg_sealer *z;

	if (ps->sealer)
		return 0;
	if (!ps->url)
		return MM_EINVAL;
	z = calloc(1, sizeof *z);
	if (!z)
		return MM_ENOMEM;
	z->s = ps;
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cv, NULL);
	atomic_init(&z->leader, 0);
	atomic_init(&z->sealed, 0);
	if (pthread_create(&z->thread, NULL, sealer_main, z) != 0) {
		pthread_cond_destroy(&z->cv);
		pthread_mutex_destroy(&z->mu);
		free(z);
		return MM_EIO;
	}
	ps->sealer = z;
	return 0;
}

void pg_sealer_stop(struct store *s)
{
	struct pg_store *ps = pg_of(s);
	struct pg_sealer *z = ps->sealer;

	if (!z)
		return;
	pthread_mutex_lock(&z->mu);
	z->stop = 1;
	pthread_cond_signal(&z->cv);
	pthread_mutex_unlock(&z->mu);
	pthread_join(z->thread, NULL);
	pthread_cond_destroy(&z->cv);
	pthread_mutex_destroy(&z->mu);
	free(z);
	ps->sealer = NULL;
}

void pg_sealer_status(struct store *s, struct store_sealer_status *out)
{
	struct pg_sealer *z = pg_of(s)->sealer;

	out->leader = z ? atomic_load(&z->leader) : 0;
	out->sealed = z ? (int64_t)atomic_load(&z->sealed) : 0;
}
