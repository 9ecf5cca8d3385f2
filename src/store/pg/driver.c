/*
 * driver.c - the PostgreSQL driver of db.h: connections and their
 * settings, the pool, transactions (SERIALIZABLE with the audit head
 * locked first for writes), statements with `?` rewritten to $n and typed
 * parameters, rows streamed one at a time, and the mapping of SQLSTATEs.
 * Contracts: pg.h and backend.h.
 */
#include "pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

#define PG_MAX_PARAMS 32
_Static_assert(PG_MAX_PARAMS == sizeof ((struct pg_stmt *)0)->types /
	       sizeof(Oid), "pg_stmt holds the types of every parameter");

/* Type OIDs of the parameters we send (catalog/pg_type.h). */
#define OID_INT8 20
#define OID_TEXT 25
#define OID_BYTEA 17

/* The mapped error of r; *retryable: a rerun of the tx may pass. */
static int map_err(const PGresult *r, int *retryable)
{
	const char *state;

	*retryable = 0;
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
		*retryable = 1;
		return MM_EBUSY;
	}
	if (!strcmp(state, "55P03") || !strcmp(state, "57014"))
		return MM_EBUSY; /* lock or statement timeout: not rerun */
	/* connection exception; the server shutting down or starting */
	if (!strncmp(state, "08", 2) || !strcmp(state, "57P01") ||
	    !strcmp(state, "57P02") || !strcmp(state, "57P03"))
		return MM_EUNAVAIL;
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

int pg_result_err(const PGresult *r)
{
	int retryable;

	return map_err(r, &retryable);
}

int pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int rc = pg_result_err(r);

	PQclear(r);
	return rc;
}

/*
 * The value of an integer column as PostgreSQL writes it: an optional
 * '-' and at most 19 digits.  The usual short ones are read here without
 * strtoll's locale and base handling (a tenth of `audit verify`'s time on
 * PostgreSQL: issue 12); anything else goes to strtoll as before.
 */
static int64_t int_text(const char *s)
{
	const char *p = s + (*s == '-');
	uint64_t v = 0;
	int n = 0;

	for (; n < 18 && p[n] >= '0' && p[n] <= '9'; n++)
		v = v * 10 + (uint64_t)(p[n] - '0');
	if (n == 0 || p[n] != '\0')
		return strtoll(s, NULL, 10);
	return *s == '-' ? -(int64_t)v : (int64_t)v;
}

int64_t pg_int(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return 0;
	return int_text(PQgetvalue(r, row, col));
}

/* ---- parameters ---- */

struct params {
	int n;
	const char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];
	int formats[PG_MAX_PARAMS];
	Oid types[PG_MAX_PARAMS];
	char nums[PG_MAX_PARAMS][24];
};

static void param_int(struct params *p, int i, int64_t v)
{
	snprintf(p->nums[i], sizeof p->nums[i], "%lld", (long long)v);
	p->values[i] = p->nums[i];
	p->types[i] = OID_INT8;
}

static void param_set(struct params *p, int i, const struct db_param *v)
{
	p->formats[i] = 0;
	p->lengths[i] = 0;
	p->types[i] = 0;
	switch (v->type) {
	case DB_INT:
		param_int(p, i, v->i);
		break;
	case DB_TEXT:
		p->values[i] = v->p ? v->p : "";
		p->types[i] = OID_TEXT;
		break;
	case DB_BLOB:
		p->values[i] = v->p;
		p->lengths[i] = (int)v->len;
		p->formats[i] = 1;
		p->types[i] = OID_BYTEA;
		break;
	default:
		p->values[i] = NULL;
		break;
	}
}

static int collect(struct params *p, const struct db_param *v, int n)
{
	if (n > PG_MAX_PARAMS)
		return MM_EINVAL;
	p->n = n;
	for (int i = 0; i < n; i++)
		param_set(p, i, &v[i]);
	return 0;
}

/* pg_run's letters: 'i' int64_t, 'n' int, 't' text. */
static int collect_va(struct params *p, const char *types, va_list ap)
{
	for (p->n = 0; types && types[p->n]; p->n++) {
		struct db_param v = DB_N;

		if (p->n >= PG_MAX_PARAMS)
			return MM_EINVAL;
		if (types[p->n] == 'i')
			v = DB_I(va_arg(ap, int64_t));
		else if (types[p->n] == 'n')
			v = DB_I(va_arg(ap, int));
		else if (types[p->n] == 't')
			v = DB_T(va_arg(ap, const char *));
		else
			return MM_EINVAL;
		param_set(p, p->n, &v);
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
	rc = collect_va(&p, types, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	r = PQexecParams(c, sql, p.n, p.types, p.values, p.lengths, p.formats, 0);
	rc = pg_result_err(r);
	if (rc == 0 && res)
		*res = r;
	else
		PQclear(r);
	return rc;
}

/*
 * Rewrites each `?` outside a '...' literal or "..." identifier to $k.
 * The number found must equal n: a mismatch is a programming error.
 */
static int rewrite(const char *sql, int n, struct buf *out)
{
	char quote = 0;
	int k = 0;

	for (const char *s = sql; *s; s++) {
		if (quote && *s == quote)
			quote = 0;
		else if (!quote && (*s == '\'' || *s == '"'))
			quote = *s;
		if (!quote && *s == '?')
			buf_addf(out, "$%d", ++k);
		else
			buf_addch(out, *s);
	}
	if (buf_error(out) < 0)
		return buf_error(out);
	return k == n ? 0 : MM_EINVAL;
}

/* ---- connections and the pool ---- */

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
	return pg_connect_as(url, "mamori", out);
}

int pg_connect_as(const char *url, const char *name, PGconn **out)
{
	/* url's own settings come later and override these defaults */
	const char *const keys[] = { "connect_timeout",
		"fallback_application_name", "dbname", NULL };
	const char *const values[] = { "10", name, url, NULL };
	PGconn *c;

	*out = NULL;
	if (!valid_conninfo(url))
		return MM_EINVAL;
	c = PQconnectdbParams(keys, values, 1);
	if (!c || PQstatus(c) != CONNECTION_OK ||
	    pg_exec(c, session_settings) < 0) {
		PQfinish(c);
		return MM_EIO;
	}
	*out = c;
	return 0;
}

static void cache_clear(struct pg_conn *pc)
{
	for (size_t i = 0; i < PG_STMT_CACHE; i++)
		free(pc->cache[i].sql);
	memset(pc->cache, 0, sizeof pc->cache);
}

static void close_conn(void *conn)
{
	struct pg_conn *pc = conn;

	cache_clear(pc);
	PQfinish(pc->c);
	free(pc);
}

void pg_pool_close(struct pg_store *s)
{
	if (!s)
		return;
	pg_sealer_stop(&s->base);
	store_pool_release(&s->base.pool, close_conn);
	free(s->url);
	free(s);
}

struct open_args {
	const char *url;
	int create;
	int migrate;
};

static int connect_one(void *ctx, size_t i, void **conn)
{
	const struct open_args *o = ctx;
	struct pg_conn *pc = calloc(1, sizeof *pc);
	PGconn *c = NULL;
	int rc = pc ? pg_connect(o->url, &c) : MM_ENOMEM;

	/* migrate once; app servers starting together wait on its lock */
	if (rc == 0 && i == 0 && o->migrate)
		rc = pg_migrate(c, o->create, 0);
	if (rc < 0) {
		PQfinish(c);
		free(pc);
		return rc;
	}
	pc->c = c;
	*conn = pc;
	return 0;
}

int pg_pool_open(const char *url, int create, size_t n, struct pg_store **out)
{
	return pg_pool_open_as(url, create, 1, n, out);
}

int pg_pool_open_as(const char *url, int create, int migrate, size_t n,
		    struct pg_store **out)
{
	struct open_args o = { url, create, migrate };
	struct pg_store *s;
	int rc;

	*out = NULL;
	if (!valid_conninfo(url))
		return MM_EINVAL;
	s = calloc(1, sizeof *s);
	if (!s)
		return MM_ENOMEM;
	s->base.drv = &pg_driver;
	s->url = strdup(url);
	rc = s->url ? 0 : MM_ENOMEM;
	if (rc == 0)
		rc = store_pool_fill(&s->base.pool, n, connect_one, &o);
	if (rc < 0) {
		pg_pool_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

static struct pg_conn *conn_take(struct pg_store *s)
{
	struct pg_conn *pc = store_pool_take(&s->base.pool);

	/* a server restart or failover broke it: try once to reconnect */
	if (PQstatus(pc->c) != CONNECTION_OK) {
		cache_clear(pc); /* a new session has no prepared statements */
		PQreset(pc->c);
		if (PQstatus(pc->c) == CONNECTION_OK)
			pg_exec(pc->c, session_settings);
	}
	return pc;
}

static void conn_give(struct pg_store *s, struct pg_conn *pc)
{
	if (PQstatus(pc->c) == CONNECTION_OK &&
	    PQtransactionStatus(pc->c) != PQTRANS_IDLE)
		pg_exec(pc->c, "ROLLBACK");
	store_pool_give(&s->base.pool, pc);
}

PGconn *pg_acquire(struct pg_store *s)
{
	return conn_take(s)->c;
}

void pg_release(struct pg_store *s, PGconn *c)
{
	struct store_pool *p = &s->base.pool;

	for (size_t i = 0; i < p->n; i++)
		if (((struct pg_conn *)p->conns[i])->c == c) {
			conn_give(s, p->conns[i]);
			return;
		}
}

/* ---- the driver ---- */

static void *drv_acquire(struct store *s)
{
	return conn_take(pg_of(s));
}

static void drv_release(struct store *s, void *conn)
{
	conn_give(pg_of(s), conn);
}

/*
 * A call that failed on a connection libpq now holds broken (the server
 * gone, killed or restarting: libpq's own error has no SQLSTATE) failed
 * because the database cannot be reached, not because of the call.
 */
static int reached(const struct db *d, int rc)
{
	if (rc == MM_EIO && PQstatus(pg_db(d)) != CONNECTION_OK)
		return MM_EUNAVAIL;
	return rc;
}

/* Runs sql text (no parameters) and maps its error into d. */
static int exec_text(struct db *d, const char *sql)
{
	PGresult *r = PQexec(pg_db(d), sql);
	int rc = map_err(r, &d->retryable);

	PQclear(r);
	return reached(d, rc);
}

static int drv_begin(struct db *d, enum db_tx kind)
{
	/*
	 * LOCK TABLE takes no snapshot: the first query after it does, so a
	 * writer sees every write committed before it got the lock.
	 */
	/*
	 * No lock on the audit head (issue 12): a write inserts its entry
	 * unsealed and the sealer chains it (sealer.c), so writers no
	 * longer queue on one row; SERIALIZABLE keeps their reads sound.
	 */
	if (kind == DB_TX_WRITE)
		return exec_text(d, "BEGIN ISOLATION LEVEL SERIALIZABLE");
	return exec_text(d, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static int drv_end(struct db *d, int commit)
{
	if (PQtransactionStatus(pg_db(d)) == PQTRANS_IDLE)
		return 0;
	if (!commit)
		return reached(d, pg_exec(pg_db(d), "ROLLBACK"));
	return exec_text(d, "COMMIT");
}

/* ---- statements kept prepared ---- */

static uint32_t stmt_hash(const char *sql, const struct params *p)
{
	uint32_t h = 2166136261u; /* FNV-1a over the text, then the types */

	for (const unsigned char *c = (const unsigned char *)sql; *c; c++)
		h = (h ^ *c) * 16777619u;
	for (int i = 0; i < p->n; i++)
		h = (h ^ (uint32_t)p->types[i]) * 16777619u;
	return h ? h : 1;
}

static int stmt_is(const struct pg_stmt *e, uint32_t h, const char *sql,
		   const struct params *p)
{
	return e->hash == h && e->n == p->n && !strcmp(e->sql, sql) &&
		!memcmp(e->types, p->types, (size_t)p->n * sizeof(Oid));
}

/*
 * The name of the statement of sql with p's types on d's connection,
 * prepared there the first time (one round trip, then none: the server
 * keeps its parse and plan).  Of two slots the text may sit in, the older
 * is replaced (its statement deallocated).  NULL when it cannot be
 * prepared: the caller sends the text itself and meets the error.
 */
static const char *stmt_named(struct db *d, const char *sql,
			      const struct params *p)
{
	struct pg_conn *pc = d->conn;
	uint32_t h = stmt_hash(sql, p);
	struct pg_stmt *a = &pc->cache[h % PG_STMT_CACHE];
	struct pg_stmt *b = &pc->cache[(h + 1) % PG_STMT_CACHE];
	struct pg_stmt *e = stmt_is(a, h, sql, p) ? a :
		stmt_is(b, h, sql, p) ? b : NULL;
	struct buf text = BUF_INIT_MAX(1 << 20);
	char drop[48];
	PGresult *r;
	int rc;

	if (e) {
		e->used = ++pc->clock;
		return e->name;
	}
	/* preparing inside a failed transaction fails: no entry then */
	if (PQtransactionStatus(pc->c) == PQTRANS_INERROR)
		return NULL;
	e = !a->hash || (b->hash && a->used <= b->used) ? a : b;
	if (e->hash) {
		snprintf(drop, sizeof drop, "DEALLOCATE %s", e->name);
		if (pg_exec(pc->c, drop) < 0)
			return NULL;
		free(e->sql);
		memset(e, 0, sizeof *e);
	}
	rc = rewrite(sql, p->n, &text);
	if (rc == 0) {
		snprintf(e->name, sizeof e->name, "mm%u", ++pc->named);
		r = PQprepare(pc->c, e->name, buf_cstr(&text), p->n, p->types);
		rc = map_err(r, &d->retryable);
		PQclear(r);
	}
	buf_release(&text);
	e->sql = rc == 0 ? strdup(sql) : NULL;
	if (!e->sql) {
		memset(e, 0, sizeof *e);
		return NULL;
	}
	e->hash = h;
	e->n = p->n;
	memcpy(e->types, p->types, (size_t)p->n * sizeof(Oid));
	e->used = ++pc->clock;
	return e->name;
}

/* Rewrites the placeholders and collects the parameters. */
static int prepare_call(const char *sql, const struct db_param *v, int n,
			struct buf *text, struct params *p)
{
	int rc = rewrite(sql, n, text);

	return rc < 0 ? rc : collect(p, v, n);
}

/* Sends sql prepared (or, when it cannot be, as text) without waiting. */
static int send_call(struct db *d, const char *sql, const struct db_param *v,
		     int n)
{
	struct buf text = BUF_INIT_MAX(1 << 20);
	struct params p;
	const char *name;
	int rc = collect(&p, v, n), sent;

	if (rc < 0)
		return rc;
	name = stmt_named(d, sql, &p);
	if (name)
		return PQsendQueryPrepared(pg_db(d), name, p.n, p.values,
					   p.lengths, p.formats, 0) ? 0 : MM_EIO;
	rc = prepare_call(sql, v, n, &text, &p);
	sent = rc == 0 && PQsendQueryParams(pg_db(d), buf_cstr(&text), p.n,
					    p.types, p.values, p.lengths,
					    p.formats, 0);
	buf_release(&text);
	return rc < 0 ? rc : sent ? 0 : MM_EIO;
}

static int drv_exec(struct db *d, const char *sql, const struct db_param *v,
		    int n, int64_t *changes)
{
	PGresult *r, *last = NULL;
	int rc = send_call(d, sql, v, n);

	*changes = 0;
	if (rc < 0)
		return reached(d, rc);
	while ((r = PQgetResult(pg_db(d))) != NULL) {
		PQclear(last);
		last = r;
	}
	rc = map_err(last, &d->retryable);
	if (rc == 0 && *PQcmdTuples(last))
		*changes = strtoll(PQcmdTuples(last), NULL, 10);
	PQclear(last);
	return reached(d, rc);
}

/*
 * Takes the results of a sent query one row at a time (single-row mode,
 * so a long audit trail is never held whole) until libpq has no more;
 * after a stop or an error the rest is drained unseen.
 */
static int take_rows(struct db *d, db_row_fn fn, void *arg)
{
	struct db_row row = { d, NULL, 0 };
	PGresult *r;
	int rc = 0, stop = 0;

	while ((r = PQgetResult(pg_db(d))) != NULL) {
		if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
			row.impl = r;
			if (!stop && rc == 0)
				rc = fn(&row, arg);
			stop = stop || rc > 0;
			rc = rc > 0 ? 0 : rc;
		} else if (rc == 0 && !stop) {
			rc = map_err(r, &d->retryable);
		}
		PQclear(r);
	}
	return rc;
}

static int drv_query(struct db *d, const char *sql, const struct db_param *v,
		     int n, db_row_fn fn, void *arg)
{
	int rc = send_call(d, sql, v, n);

	if (rc < 0)
		return reached(d, rc);
	PQsetSingleRowMode(pg_db(d));
	return reached(d, take_rows(d, fn, arg));
}

/* Rows one FETCH of drv_scan brings: under half a megabyte of audit rows. */
#define SCAN_FETCH "FETCH 2000 FROM mm_scan"

/* The result of the command sent last (the rest drained); NULL and *rc
 * set when it failed. */
static PGresult *take_one(struct db *d, int *rc)
{
	PGresult *r, *res = NULL;

	while ((r = PQgetResult(pg_db(d))) != NULL) {
		if (!res)
			res = r;
		else
			PQclear(r);
	}
	*rc = map_err(res, &d->retryable);
	if (*rc == 0)
		return res;
	PQclear(res);
	return NULL;
}

/* Calls fn for the rows of res: 0, fn's error, or 1 when fn stopped. */
static int each_row(struct db *d, PGresult *res, db_row_fn fn, void *arg)
{
	int rc = 0;

	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		struct db_row row = { d, res, i };

		rc = fn(&row, arg);
	}
	return rc > 0 ? 1 : rc;
}

/*
 * db_scan: a cursor FETCHed 2,000 rows at a time.  Single-row mode (the
 * query's way) costs a result and a round of the protocol per row, which
 * made `audit verify` on PostgreSQL several times slower than on SQLite
 * (issue 12); a few thousand rows a batch keep the results small.  The next FETCH is sent before a batch is read, so the
 * server reads while the rows are checked.
 */
static int drv_scan(struct db *d, const char *sql, const struct db_param *v,
		    int n, db_row_fn fn, void *arg)
{
	struct buf text = BUF_INIT_MAX(1 << 20);
	PGresult *cur = NULL, *next;
	struct params p;
	int rc = collect(&p, v, n), stop = 0;

	buf_adds(&text, "DECLARE mm_scan NO SCROLL CURSOR FOR ");
	if (rc == 0)
		rc = rewrite(sql, n, &text);
	if (rc == 0) {
		PGresult *r = PQexecParams(pg_db(d), buf_cstr(&text), p.n,
					   p.types, p.values, p.lengths,
					   p.formats, 0);

		rc = map_err(r, &d->retryable);
		PQclear(r);
	}
	buf_release(&text);
	if (rc == 0)
		rc = PQsendQuery(pg_db(d), SCAN_FETCH) ? 0 : MM_EIO;
	if (rc == 0)
		cur = take_one(d, &rc);
	while (rc == 0 && !stop && PQntuples(cur) > 0) {
		int sent = PQsendQuery(pg_db(d), SCAN_FETCH) ? 0 : MM_EIO, taken;

		rc = sent ? sent : each_row(d, cur, fn, arg);
		stop = rc == 1;
		rc = stop ? 0 : rc;
		PQclear(cur);
		cur = NULL;
		/* a sent FETCH is answered whatever happened meanwhile */
		next = sent == 0 ? take_one(d, &taken) : NULL;
		if (rc == 0 && !stop && sent == 0 && taken < 0)
			rc = taken;
		if (rc == 0 && !stop)
			cur = next;
		else
			PQclear(next);
	}
	PQclear(cur);
	if (rc == 0)
		rc = exec_text(d, "CLOSE mm_scan");
	return reached(d, rc);
}

static enum db_type drv_col_type(const struct db_row *r, int col)
{
	if (PQgetisnull(r->impl, r->index, col))
		return DB_NULL;
	switch (PQftype(r->impl, col)) {
	case 20: case 21: case 23:             /* int8, int2, int4 */
		return DB_INT;
	case 25: case 1043: case 1042: case 19: /* text, varchar, char, name */
		return DB_TEXT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_OTHER;
	}
}

static int64_t drv_col_int(const struct db_row *r, int col)
{
	return pg_int(r->impl, r->index, col);
}

static const char *drv_col_text(const struct db_row *r, int col, size_t *len)
{
	if (PQgetisnull(r->impl, r->index, col)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(r->impl, r->index, col);
	return PQgetvalue(r->impl, r->index, col);
}

static void drv_close(struct store *s)
{
	pg_pool_close(pg_of(s));
}

const struct store_driver pg_driver = {
	.tries = PG_WRITE_TRIES,
	.acquire = drv_acquire,
	.release = drv_release,
	.begin = drv_begin,
	.end = drv_end,
	.exec = drv_exec,
	.query = drv_query,
	.scan = drv_scan,
	.col_type = drv_col_type,
	.col_int = drv_col_int,
	.col_text = drv_col_text,
	.close = drv_close,
	.schema_version = pg_schema_version,
	.backup = pg_backup,
	.integrity_check = pg_integrity_check,
	.deferred_audit = 1,
	.seal_after_write = pg_seal_after_write,
	.sealer_start = pg_sealer_start,
	.sealer_stop = pg_sealer_stop,
	.sealer_status = pg_sealer_status,
};
