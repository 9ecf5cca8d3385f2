#include "pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "migrate.h"
#include "../audit.h"
#include "lib/err.h"
#include "lib/banned.h"

#define PG_MAX_PARAMS 16

/* Set by pg_result_err: the last error may succeed when the tx is rerun. */
static _Thread_local int last_retryable;

int pg_result_err(const PGresult *r)
{
	const char *state;

	last_retryable = 0;
	if (!r)
		return MM_EIO;
	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK: case PGRES_TUPLES_OK: case PGRES_SINGLE_TUPLE:
	case PGRES_EMPTY_QUERY:
		return 0;
	default:
		break;
	}
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (!state || strlen(state) != 5)
		return MM_EIO;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01")) {
		last_retryable = 1;
		return MM_EBUSY;
	}
	if (!strcmp(state, "55P03") || !strcmp(state, "57014"))
		return MM_EBUSY; /* lock or statement timeout */
	if (!strcmp(state, "23505"))
		return MM_EEXIST;
	if (!strcmp(state, "23503"))
		return MM_ENOTFOUND;
	if (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))
		return MM_EINVAL;
	if (!strcmp(state, "53200"))
		return MM_ENOMEM;
	if (!strcmp(state, "XX001") || !strcmp(state, "XX002"))
		return MM_ECORRUPT;
	return MM_EIO;
}

int64_t pg_now(void)
{
	return (int64_t)time(NULL);
}

struct params {
	int n;
	const char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];
	int formats[PG_MAX_PARAMS];
	char nums[PG_MAX_PARAMS][24];
};

static int collect(struct params *p, const char *types, va_list ap)
{
	for (p->n = 0; types && types[p->n]; p->n++) {
		int i = p->n;

		if (i >= PG_MAX_PARAMS)
			return MM_EINVAL;
		p->formats[i] = 0;
		p->lengths[i] = 0;
		switch (types[i]) {
		case 'i':
			snprintf(p->nums[i], sizeof p->nums[i], "%lld",
				 (long long)va_arg(ap, int64_t));
			p->values[i] = p->nums[i];
			break;
		case 'n':
			snprintf(p->nums[i], sizeof p->nums[i], "%d", va_arg(ap, int));
			p->values[i] = p->nums[i];
			break;
		case 't':
			p->values[i] = va_arg(ap, const char *);
			if (!p->values[i])
				p->values[i] = "";
			break;
		case 'h':
			p->values[i] = (const char *)va_arg(ap, const unsigned char *);
			p->lengths[i] = MM_HASH_BYTES;
			p->formats[i] = 1;
			break;
		default:
			return MM_EINVAL;
		}
	}
	return 0;
}

int pg_run(PGconn *c, PGresult **res, const char *sql, const char *types, ...)
{
	struct params p;
	PGresult *r;
	va_list ap;
	int rc;

	if (res)
		*res = NULL;
	va_start(ap, types);
	rc = collect(&p, types, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	r = PQexecParams(c, sql, p.n, NULL, p.values, p.lengths, p.formats, 0);
	rc = pg_result_err(r);
	if (rc == 0 && res)
		*res = r;
	else
		PQclear(r);
	return rc;
}

int pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int rc = pg_result_err(r);

	PQclear(r);
	return rc;
}

int64_t pg_changes(const PGresult *r)
{
	const char *t = PQcmdTuples((PGresult *)r);

	return t && *t ? strtoll(t, NULL, 10) : 0;
}

int64_t pg_int(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return 0;
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

int pg_text(const PGresult *r, int row, int col, char *out, size_t cap)
{
	const char *p = PQgetvalue(r, row, col);
	size_t n = (size_t)PQgetlength(r, row, col);

	if (n >= cap) {
		out[0] = '\0';
		return MM_EOVERFLOW;
	}
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* What every connection needs, also after a reconnect. */
static const char session_settings[] =
	"SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
	" SET lock_timeout = '30s'; SET standard_conforming_strings = on";

/* A libpq URL or key=value string; anything else is not ours to guess. */
static int valid_conninfo(const char *url)
{
	PQconninfoOption *o;
	char *err = NULL;

	if (!url || !*url)
		return 0;
	o = PQconninfoParse(url, &err);
	PQfreemem(err);
	if (!o)
		return 0;
	PQconninfoFree(o);
	return 1;
}

int pg_connect(const char *url, PGconn **out)
{
	/* url's own settings come later and override these defaults */
	const char *const keys[] = { "connect_timeout",
		"fallback_application_name", "dbname", NULL };
	const char *const values[] = { "10", "mamori", url, NULL };
	PGconn *c;
	int rc;

	*out = NULL;
	if (!valid_conninfo(url))
		return MM_EINVAL;
	c = PQconnectdbParams(keys, values, 1);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return MM_EIO;
	}
	rc = pg_exec(c, session_settings);
	if (rc < 0) {
		PQfinish(c);
		return MM_EIO;
	}
	*out = c;
	return 0;
}

void pg_pool_close(struct pg_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		PQfinish(s->conns[i]);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s->conns);
	free(s->free);
	free(s->url);
	free(s);
}

static struct pg_store *pool_alloc(const char *url, size_t n)
{
	struct pg_store *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->conns = calloc(n, sizeof *s->conns);
	s->free = calloc(n, sizeof *s->free);
	s->url = strdup(url);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (!s->conns || !s->free || !s->url) {
		pg_pool_close(s);
		return NULL;
	}
	return s;
}

int pg_pool_open(const char *url, int create, size_t n, struct pg_store **out)
{
	struct pg_store *s;
	int rc = 0;

	*out = NULL;
	if (!valid_conninfo(url))
		return MM_EINVAL;
	s = pool_alloc(url, n);
	if (!s)
		return MM_ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = pg_connect(url, &s->conns[i]);
		if (rc == 0) {
			s->free[s->nfree++] = s->conns[i];
			s->n++;
		}
		if (rc == 0 && i == 0)
			rc = pg_migrate(s->conns[0], create, 0);
	}
	if (rc < 0) {
		pg_pool_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

PGconn *pg_acquire(struct pg_store *s)
{
	PGconn *c;

	pthread_mutex_lock(&s->mu);
	while (s->nfree == 0)
		pthread_cond_wait(&s->cv, &s->mu);
	c = s->free[--s->nfree];
	pthread_mutex_unlock(&s->mu);
	/* a server restart or failover broke it: try once to reconnect */
	if (PQstatus(c) != CONNECTION_OK) {
		PQreset(c);
		if (PQstatus(c) == CONNECTION_OK)
			pg_exec(c, session_settings);
	}
	return c;
}

void pg_release(struct pg_store *s, PGconn *c)
{
	if (PQstatus(c) == CONNECTION_OK &&
	    PQtransactionStatus(c) != PQTRANS_IDLE)
		pg_exec(c, "ROLLBACK");
	pthread_mutex_lock(&s->mu);
	s->free[s->nfree++] = c;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static int run_tx(PGconn *c, const char *begin, pg_fn fn, void *arg)
{
	int rc = pg_exec(c, begin);

	if (rc == 0) {
		rc = fn(c, arg);
		if (rc >= 0) {
			int crc = pg_exec(c, "COMMIT");

			if (crc < 0)
				rc = crc;
		}
		if (rc < 0 && PQtransactionStatus(c) != PQTRANS_IDLE)
			pg_exec(c, "ROLLBACK");
	}
	return rc;
}

/* Sleeps a growing, jittered while before attempt `try` (1-based). */
static void backoff(int try)
{
	unsigned ms = (1u << (try < 6 ? try : 6)) + randombytes_uniform(10);
	struct timespec ts = { 0, (long)ms * 1000000L };

	nanosleep(&ts, NULL);
}

int pg_write(struct pg_store *s, pg_fn fn, void *arg)
{
	PGconn *c = pg_acquire(s);
	int rc = MM_EBUSY;

	for (int try = 0; try < PG_WRITE_TRIES; try++) {
		if (try > 0)
			backoff(try);
		/*
		 * LOCK TABLE takes no snapshot: the first query after it does,
		 * so the transaction sees every write committed before the lock.
		 */
		rc = run_tx(c, "BEGIN ISOLATION LEVEL SERIALIZABLE;"
			    " LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE",
			    fn, arg);
		if (rc != MM_EBUSY || !last_retryable)
			break;
	}
	pg_release(s, c);
	return rc;
}

int pg_read(struct pg_store *s, pg_fn fn, void *arg)
{
	PGconn *c = pg_acquire(s);
	int rc = run_tx(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
			fn, arg);

	pg_release(s, c);
	return rc;
}

static int read_head(PGconn *c, int64_t *seq, unsigned char prev[MM_HASH_BYTES])
{
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT seq, hash FROM audit_head WHERE id = 1"
			" FOR UPDATE", NULL);

	if (rc < 0)
		return rc;
	if (PQntuples(r) != 1) {
		rc = MM_ECORRUPT;
	} else {
		*seq = pg_int(r, 0, 0);
		/* a damaged head must not be chained onto: verify reports it */
		rc = audit_hex_decode(PQgetvalue(r, 0, 1), prev) < 0 ?
			MM_ECORRUPT : 0;
	}
	PQclear(r);
	return rc;
}

static int insert_entry(PGconn *c, const struct audit_entry *e,
			const char *prev_hex)
{
	int rc = pg_run(c, NULL,
		"INSERT INTO audit_log (seq, at, actor_user_id, actor_login, role,"
		" unit_id, addr, action, object_type, object_id, detail,"
		" prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)",
		"iiitnitttitt" "t", e->seq, e->at, e->actor_user_id, e->actor_login,
		(int)e->role, e->unit_id, e->addr, e->action, e->object_type,
		e->object_id, e->detail, prev_hex, e->hash);

	if (rc < 0)
		return rc;
	return pg_run(c, NULL, "UPDATE audit_head SET seq = $1, hash = $2"
		      " WHERE id = 1", "it", e->seq, e->hash);
}

int pg_audit_append(PGconn *c, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail)
{
	struct audit_entry *e = malloc(sizeof *e);
	unsigned char prev[MM_HASH_BYTES], hash[MM_HASH_BYTES];
	char prev_hex[2 * MM_HASH_BYTES + 1];
	int64_t seq = 0;
	int rc;

	if (!e)
		return MM_ENOMEM;
	rc = audit_entry_fill(e, a, action, object_type, object_id, detail);
	if (rc == 0)
		rc = read_head(c, &seq, prev);
	if (rc == 0) {
		e->seq = seq + 1;
		e->at = pg_now();
		audit_hash(prev, e, hash);
		sodium_bin2hex(e->hash, sizeof e->hash, hash, sizeof hash);
		sodium_bin2hex(prev_hex, sizeof prev_hex, prev, sizeof prev);
		rc = insert_entry(c, e, prev_hex);
	}
	free(e);
	return rc;
}

int pg_stale_or_missing(PGconn *c, const char *exists_sql, int64_t id)
{
	PGresult *r;
	int rc = pg_run(c, &r, exists_sql, "i", id);

	if (rc < 0)
		return rc;
	rc = PQntuples(r) > 0 ? MM_ESTALE : MM_ENOTFOUND;
	PQclear(r);
	return rc;
}

int pg_grow(void **items, size_t *cap, size_t n, size_t size)
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
