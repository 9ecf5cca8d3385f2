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

int64_t pg_int(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return 0;
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
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
	/* url's own settings come later and override these defaults */
	const char *const keys[] = { "connect_timeout",
		"fallback_application_name", "dbname", NULL };
	const char *const values[] = { "10", "mamori", url, NULL };
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

static void close_conn(void *conn)
{
	PQfinish(conn);
}

void pg_pool_close(struct pg_store *s)
{
	if (!s)
		return;
	store_pool_release(&s->base.pool, close_conn);
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
	PGconn *c;
	int rc = pg_connect(o->url, &c);

	/* migrate once; app servers starting together wait on its lock */
	if (rc == 0 && i == 0 && o->migrate)
		rc = pg_migrate(c, o->create, 0);
	if (rc < 0) {
		PQfinish(c);
		return rc;
	}
	*conn = c;
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
	rc = store_pool_fill(&s->base.pool, n, connect_one, &o);
	if (rc < 0) {
		pg_pool_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

PGconn *pg_acquire(struct pg_store *s)
{
	PGconn *c = store_pool_take(&s->base.pool);

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
	store_pool_give(&s->base.pool, c);
}

/* ---- the driver ---- */

static void *drv_acquire(struct store *s)
{
	return pg_acquire(pg_of(s));
}

static void drv_release(struct store *s, void *conn)
{
	pg_release(pg_of(s), conn);
}

/*
 * A call that failed on a connection libpq now holds broken (the server
 * gone, killed or restarting: libpq's own error has no SQLSTATE) failed
 * because the database cannot be reached, not because of the call.
 */
static int reached(const struct db *d, int rc)
{
	if (rc == MM_EIO && PQstatus(d->conn) != CONNECTION_OK)
		return MM_EUNAVAIL;
	return rc;
}

/* Runs sql text (no parameters) and maps its error into d. */
static int exec_text(struct db *d, const char *sql)
{
	PGresult *r = PQexec(d->conn, sql);
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
	if (kind == DB_TX_WRITE)
		return exec_text(d, "BEGIN ISOLATION LEVEL SERIALIZABLE;"
				 " LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE");
	return exec_text(d, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static int drv_end(struct db *d, int commit)
{
	if (PQtransactionStatus(d->conn) == PQTRANS_IDLE)
		return 0;
	if (!commit)
		return reached(d, pg_exec(d->conn, "ROLLBACK"));
	return exec_text(d, "COMMIT");
}

/* Rewrites the placeholders and collects the parameters. */
static int prepare_call(const char *sql, const struct db_param *v, int n,
			struct buf *text, struct params *p)
{
	int rc = rewrite(sql, n, text);

	return rc < 0 ? rc : collect(p, v, n);
}

static int drv_exec(struct db *d, const char *sql, const struct db_param *v,
		    int n, int64_t *changes)
{
	struct buf text = BUF_INIT_MAX(1 << 20);
	struct params p;
	PGresult *r = NULL;
	int rc = prepare_call(sql, v, n, &text, &p);

	*changes = 0;
	if (rc == 0) {
		r = PQexecParams(d->conn, buf_cstr(&text), p.n, p.types, p.values,
				 p.lengths, p.formats, 0);
		rc = map_err(r, &d->retryable);
	}
	if (rc == 0 && *PQcmdTuples(r))
		*changes = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	buf_release(&text);
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

	while ((r = PQgetResult(d->conn)) != NULL) {
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
	struct buf text = BUF_INIT_MAX(1 << 20);
	struct params p;
	int rc = prepare_call(sql, v, n, &text, &p);

	if (rc == 0 && !PQsendQueryParams(d->conn, buf_cstr(&text), p.n, p.types,
					  p.values, p.lengths, p.formats, 0))
		rc = MM_EIO;
	buf_release(&text);
	if (rc < 0)
		return reached(d, rc);
	PQsetSingleRowMode(d->conn);
	return reached(d, take_rows(d, fn, arg));
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
	.col_type = drv_col_type,
	.col_int = drv_col_int,
	.col_text = drv_col_text,
	.close = drv_close,
	.schema_version = pg_schema_version,
	.backup = pg_backup,
	.integrity_check = pg_integrity_check,
};
