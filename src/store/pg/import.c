/*
 * import.c - store_migrate(): a SQLite database copied into PostgreSQL.
 * Lives with the PostgreSQL backend because that is the side it writes;
 * it reads the SQLite file through the SQLite backend's pool.
 *
 * Nothing here names the tables: they and their columns are read from the
 * source itself (sqlite_schema, PRAGMA table_info, PRAGMA
 * foreign_key_list), so a table added by a future migration is copied
 * without a change here.  The target must hold exactly the same tables
 * and columns (checked before the first row is written), so nothing is
 * left behind silently in either direction.
 *
 * Order: parents before children, by the foreign keys.  Tables that
 * reference each other in a cycle (borrow_applications.loan_id and
 * loans.application_id) cannot be ordered table by table, and the
 * PostgreSQL constraints are not deferrable; such a group is copied in
 * passes, each row inside a savepoint: a row whose parent is not there
 * yet is rolled back to its savepoint and tried again in the next pass.
 */
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"
#include "../sqlite/sq.h"
#include "../sqlite/migrate.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

typedef void (*copy_progress_fn)(const char *table, int64_t done,
				 int64_t total, void *arg);

/* Rows between two progress reports. */
#define PROGRESS_EVERY 500

/* Upper bound of one generated SQL statement. */
#define SQL_MAX (64 * 1024)

/* One table of the source, as the copy needs it. */
struct table {
	char *name;
	char **cols;            /* in the source's column order */
	size_t ncols;
	char *order_by;         /* quoted column list giving a stable row order */
	char *id_col;           /* the single INTEGER primary key column, or NULL */
	size_t group;           /* tables of one foreign-key cycle share it */
	int cyclic;             /* in a cycle: copied in passes */
	int64_t rows;           /* rows in the source */
};

struct table_list {
	struct table *items;
	size_t n;
};

struct copy {
	sqlite3 *src;
	PGconn *dst;
	copy_progress_fn progress;
	void *arg;
	struct table_list tables;
	struct store_migrate_report *rep;
};

/* ---- names and SQL text ---- */

static char *copy_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* name as a quoted identifier: the same syntax in SQLite and PostgreSQL. */
static void add_ident(struct buf *b, const char *name)
{
	buf_addch(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_addch(b, '"');
		buf_addch(b, *p);
	}
	buf_addch(b, '"');
}

/* "a", "b", "c" */
static void add_ident_list(struct buf *b, char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		add_ident(b, names[i]);
	}
}

static int buf_take(struct buf *b, char **out)
{
	int rc = buf_error(b) < 0 ? MM_ENOMEM : 0;

	*out = rc == 0 ? copy_text(buf_cstr(b)) : NULL;
	if (rc == 0 && !*out)
		rc = MM_ENOMEM;
	buf_release(b);
	return rc;
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->name);
	free(t->order_by);
	free(t->id_col);
}

static void table_list_release(struct table_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		table_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int table_index(const struct table_list *l, const char *name,
		       size_t *out)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, name) == 0) {
			*out = i;
			return 0;
		}
	return MM_ENOTFOUND;
}

static int column_index(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return (int)i;
	return -1;
}

/* ---- the source's tables ---- */

static int count_rows(sqlite3 *db, const char *sql, int64_t *n)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

/* Every table of the schema in creation order, SQLite's own left out. */
static int read_table_names(sqlite3 *db, struct table_list *out)
{
	static const char sql[] = "SELECT name FROM sqlite_schema"
		" WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
		" ORDER BY rowid";
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc = count_rows(db, "SELECT count(*) FROM sqlite_schema"
			    " WHERE type = 'table'", &n);

	if (rc == 0)
		rc = sq_prepare(db, sql, &st);
	if (rc < 0)
		return rc;
	out->items = calloc((size_t)n + 1, sizeof *out->items);
	rc = out->items ? 0 : MM_ENOMEM;
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct table *t = &out->items[out->n];

		t->name = copy_text((const char *)sqlite3_column_text(st, 0));
		t->group = out->n++;
		rc = t->name ? 0 : MM_ENOMEM;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

/* The primary key's columns in key order; the rowid when there is none. */
static int read_order(sqlite3 *db, struct table *t)
{
	static const char sql[] = "SELECT name FROM pragma_table_info(?1)"
		" WHERE pk > 0 ORDER BY pk";
	struct buf b = BUF_INIT_MAX(SQL_MAX);
	sqlite3_stmt *st;
	int rc = sq_prepare(db, sql, &st), keys = 0;

	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (keys++ > 0)
			buf_adds(&b, ", ");
		add_ident(&b, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (keys == 0)
		buf_adds(&b, "rowid");
	rc = rc == SQLITE_DONE ? buf_take(&b, &t->order_by) : sq_err(rc);
	buf_release(&b);
	return rc;
}

/* Columns from PRAGMA table_info; generated columns are not listed. */
static int read_columns(sqlite3 *db, struct table *t)
{
	static const char sql[] = "SELECT name, upper(type), pk,"
		" (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0)"
		" FROM pragma_table_info(?1) ORDER BY cid";
	sqlite3_stmt *st;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char **cols = realloc(t->cols, (t->ncols + 1) * sizeof *cols);

		if (!cols)
			break;
		t->cols = cols;
		t->cols[t->ncols] = copy_text(name);
		if (!t->cols[t->ncols])
			break;
		t->ncols++;
		/* an alias of the rowid: PostgreSQL gives it an identity */
		if (sqlite3_column_int(st, 2) == 1 && sqlite3_column_int(st, 3) == 1 &&
		    strcmp((const char *)sqlite3_column_text(st, 1), "INTEGER") == 0)
			t->id_col = copy_text(name);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? MM_ENOMEM : sq_err(rc);
	return t->ncols > 0 ? 0 : MM_EIO;
}

/* deps[i * n + j]: table i references table j (directly). */
static int read_parents(sqlite3 *db, const struct table_list *l, size_t i,
			unsigned char *deps)
{
	static const char sql[] = "SELECT DISTINCT \"table\""
		" FROM pragma_foreign_key_list(?1)";
	sqlite3_stmt *st;
	size_t j;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, l->items[i].name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (table_index(l, (const char *)sqlite3_column_text(st, 0), &j) == 0)
			deps[i * l->n + j] = 1;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sq_err(rc);
}

/* ---- parents before children ---- */

/* deps becomes its transitive closure (Warshall; the lists are short). */
static void close_deps(unsigned char *deps, size_t n)
{
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; deps[i * n + k] && j < n; j++)
				deps[i * n + j] |= deps[k * n + j];
}

static int same_cycle(const unsigned char *deps, size_t n, size_t a, size_t b)
{
	return a == b || (deps[a * n + b] && deps[b * n + a]);
}

/* Whether every table a's cycle references is placed or in the cycle. */
static int ready(const unsigned char *deps, size_t n, const int *placed,
		 size_t a)
{
	for (size_t m = 0; m < n; m++) {
		if (!same_cycle(deps, n, a, m))
			continue;
		for (size_t p = 0; p < n; p++)
			if (deps[m * n + p] && !placed[p] &&
			    !same_cycle(deps, n, a, p))
				return 0;
	}
	return 1;
}

/*
 * order[] receives the tables parents first, otherwise in creation order;
 * the tables of one cycle stay together and are marked cyclic.
 */
static int place_all(struct table_list *l, const unsigned char *deps,
		     int *placed, size_t *order)
{
	size_t n = l->n, k = 0;

	while (k < n) {
		size_t a = 0;

		while (a < n && (placed[a] || !ready(deps, n, placed, a)))
			a++;
		if (a == n)
			return MM_EIO;  /* cannot happen: cycles are grouped */
		for (size_t m = 0; m < n; m++) {
			if (placed[m] || !same_cycle(deps, n, a, m))
				continue;
			placed[m] = 1;
			order[k++] = m;
			l->items[m].group = a;
			l->items[m].cyclic = deps[a * n + a] != 0;
		}
	}
	return 0;
}

static int order_tables(struct table_list *l, unsigned char *deps)
{
	size_t n = l->n;
	int *placed = calloc(n + 1, sizeof *placed);
	size_t *order = calloc(n + 1, sizeof *order);
	struct table *items = calloc(n + 1, sizeof *items);
	int rc = placed && order && items ? 0 : MM_ENOMEM;

	close_deps(deps, n);
	if (rc == 0)
		rc = place_all(l, deps, placed, order);
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			items[i] = l->items[order[i]];
		free(l->items);
		l->items = items;
		items = NULL;
	}
	free(items);
	free(order);
	free(placed);
	return rc;
}

/* The source's tables with columns, parents before children. */
static int read_tables(sqlite3 *db, struct table_list *out)
{
	unsigned char *deps = NULL;
	int rc = read_table_names(db, out);

	if (rc == 0 && out->n == 0)
		rc = MM_EIO;
	if (rc == 0)
		deps = calloc(out->n * out->n, 1);
	if (rc == 0 && !deps)
		rc = MM_ENOMEM;
	for (size_t i = 0; rc == 0 && i < out->n; i++) {
		rc = read_columns(db, &out->items[i]);
		if (rc == 0)
			rc = read_order(db, &out->items[i]);
		if (rc == 0)
			rc = read_parents(db, out, i, deps);
	}
	if (rc == 0)
		rc = order_tables(out, deps);
	free(deps);
	return rc;
}

/* ---- the target's schema: the same tables and columns ---- */

static int check_target_tables(struct copy *cp)
{
	PGresult *r;
	int rc = pg_run(cp->dst, &r, "SELECT table_name FROM information_schema"
			".tables WHERE table_schema = current_schema()"
			" AND table_type = 'BASE TABLE' AND table_name <>"
			" 'schema_version'", NULL);
	size_t j;

	if (rc < 0)
		return rc;
	if ((size_t)PQntuples(r) != cp->tables.n)
		rc = MM_EUNSUPPORTED;
	for (int i = 0; rc == 0 && i < PQntuples(r); i++)
		if (table_index(&cp->tables, PQgetvalue(r, i, 0), &j) < 0)
			rc = MM_EUNSUPPORTED;
	PQclear(r);
	return rc;
}

static int check_target_columns(struct copy *cp)
{
	PGresult *r = NULL;
	size_t *seen = calloc(cp->tables.n, sizeof *seen), t = 0;
	/*
	 * audit_log.txid is PostgreSQL's own (the transaction that wrote an
	 * entry, for the sealer: issue 12); copied rows are sealed already
	 * and take its default.
	 */
	int rc = seen ? pg_run(cp->dst, &r, "SELECT table_name, column_name"
			       " FROM information_schema.columns WHERE"
			       " table_schema = current_schema() AND table_name"
			       " <> 'schema_version' AND NOT (table_name ="
			       " 'audit_log' AND column_name = 'txid')", NULL) :
		MM_ENOMEM;

	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		if (table_index(&cp->tables, PQgetvalue(r, i, 0), &t) < 0 ||
		    column_index(&cp->tables.items[t], PQgetvalue(r, i, 1)) < 0)
			rc = MM_EUNSUPPORTED;
		else
			seen[t]++;
	}
	for (size_t i = 0; rc == 0 && i < cp->tables.n; i++)
		if (seen[i] != cp->tables.items[i].ncols)
			rc = MM_EUNSUPPORTED;
	PQclear(r);
	free(seen);
	return rc;
}

/* Both at the version the source was opened at (none written meanwhile). */
static int check_target_version(struct copy *cp)
{
	int version = -1;
	int rc = pg_schema_version_read(cp->dst, &version);

	cp->rep->target_version = version;
	if (rc == 0 && version != cp->rep->source_version)
		rc = MM_EUNSUPPORTED;
	return rc;
}

/*
 * A fresh target holds nothing but the seed row of the audit head
 * (seq 0) and the first version of the rules (stored at open): then no
 * audited write ever happened there.
 */
static int target_empty(struct copy *cp)
{
	struct buf b = BUF_INIT_MAX(SQL_MAX);
	PGresult *r;
	int rc;

	buf_adds(&b, "SELECT coalesce((SELECT seq FROM audit_head WHERE id = 1), 0)"
		 " = 0");
	for (size_t i = 0; i < cp->tables.n; i++) {
		if (strcmp(cp->tables.items[i].name, "audit_head") == 0)
			continue;
		/* R-META-1: the first version, stored at open, is replaced */
		if (strcmp(cp->tables.items[i].name, "policy_versions") == 0) {
			buf_adds(&b, " AND NOT EXISTS (SELECT 1 FROM"
				 " policy_versions WHERE version > 1)");
			continue;
		}
		buf_adds(&b, " AND NOT EXISTS (SELECT 1 FROM ");
		add_ident(&b, cp->tables.items[i].name);
		buf_addch(&b, ')');
	}
	rc = buf_error(&b) < 0 ? MM_ENOMEM :
		pg_run(cp->dst, &r, buf_cstr(&b), NULL);
	buf_release(&b);
	if (rc < 0)
		return rc;
	rc = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ? 0 : MM_EEXIST;
	PQclear(r);
	return rc;
}

/* ---- copying rows ---- */

/* The parameters of one INSERT, sized for the table. */
struct row {
	const char **values;
	int *lengths, *formats;
	char (*reals)[32];
	int n;
};

static int row_init(struct row *r, size_t ncols)
{
	r->n = (int)ncols;
	r->values = calloc(ncols, sizeof *r->values);
	r->lengths = calloc(ncols, sizeof *r->lengths);
	r->formats = calloc(ncols, sizeof *r->formats);
	r->reals = calloc(ncols, sizeof *r->reals);
	return r->values && r->lengths && r->formats && r->reals ? 0 : MM_ENOMEM;
}

static void row_release(struct row *r)
{
	free(r->values);
	free(r->lengths);
	free(r->formats);
	free(r->reals);
}

/*
 * Binds the current row of st as it is stored: NULL as NULL, integers and
 * text as text (PostgreSQL converts to the column's type), blobs (token
 * hashes) as binary bytea, reals with every digit.
 */
static void row_bind(struct row *r, sqlite3_stmt *st)
{
	for (int i = 0; i < r->n; i++) {
		int type = sqlite3_column_type(st, i);

		r->formats[i] = type == SQLITE_BLOB;
		if (type == SQLITE_NULL) {
			r->values[i] = NULL;
		} else if (type == SQLITE_BLOB) {
			r->values[i] = sqlite3_column_blob(st, i);
		} else if (type == SQLITE_FLOAT) {
			snprintf(r->reals[i], sizeof r->reals[i], "%.17g",
				 sqlite3_column_double(st, i));
			r->values[i] = r->reals[i];
		} else {
			r->values[i] = (const char *)sqlite3_column_text(st, i);
		}
		r->lengths[i] = type == SQLITE_NULL ? 0 : sqlite3_column_bytes(st, i);
	}
}

static int row_insert(PGconn *c, const char *sql, const struct row *r)
{
	PGresult *res = PQexecParams(c, sql, r->n, NULL, r->values, r->lengths,
				     r->formats, 0);
	int rc = pg_result_err(res);

	PQclear(res);
	return rc;
}

/*
 * The insert of a row of a cycle: *done is 1 when it went in, 0 when its
 * parent is not there yet (the savepoint undoes just that row).
 */
static int row_insert_guarded(PGconn *c, const char *sql, const struct row *r,
			      int *done)
{
	int rc = pg_exec(c, "SAVEPOINT mm_row");

	if (rc == 0)
		rc = row_insert(c, sql, r);
	*done = rc == 0;
	if (rc == MM_ENOTFOUND)
		return pg_exec(c, "ROLLBACK TO SAVEPOINT mm_row");
	return rc == 0 ? pg_exec(c, "RELEASE SAVEPOINT mm_row") : rc;
}

/* SELECT of the source and INSERT of the target for t. */
static int table_sql(const struct table *t, char **select, char **insert)
{
	struct buf sel = BUF_INIT_MAX(SQL_MAX), ins = BUF_INIT_MAX(SQL_MAX);
	int rc;

	buf_adds(&sel, "SELECT ");
	add_ident_list(&sel, t->cols, t->ncols);
	buf_adds(&sel, " FROM ");
	add_ident(&sel, t->name);
	buf_addf(&sel, " ORDER BY %s", t->order_by);
	buf_adds(&ins, "INSERT INTO ");
	add_ident(&ins, t->name);
	buf_adds(&ins, " (");
	add_ident_list(&ins, t->cols, t->ncols);
	buf_adds(&ins, ") VALUES (");
	for (size_t i = 1; i <= t->ncols; i++)
		buf_addf(&ins, i > 1 ? ", $%zu" : "$%zu", i);
	buf_addch(&ins, ')');
	rc = buf_take(&sel, select);
	if (rc == 0)
		rc = buf_take(&ins, insert);
	buf_release(&ins);
	return rc;
}

/* One table's copy: statements, parameters and, in a cycle, rows done. */
struct pass {
	struct table *t;
	char *select, *insert;
	struct row row;
	unsigned char *done;    /* cycle: per row of the stable order */
	int64_t copied;
	int passes;
};

static int pass_init(struct copy *cp, struct pass *p, struct table *t)
{
	struct buf count = BUF_INIT_MAX(SQL_MAX);
	int rc;

	memset(p, 0, sizeof *p);
	p->t = t;
	buf_adds(&count, "SELECT count(*) FROM ");
	add_ident(&count, t->name);
	rc = buf_error(&count) < 0 ? MM_ENOMEM :
		count_rows(cp->src, buf_cstr(&count), &t->rows);
	buf_release(&count);
	if (rc == 0)
		rc = table_sql(t, &p->select, &p->insert);
	if (rc == 0)
		rc = row_init(&p->row, t->ncols);
	if (rc == 0 && t->cyclic) {
		p->done = calloc((size_t)t->rows + 1, 1);
		rc = p->done ? 0 : MM_ENOMEM;
	}
	return rc;
}

static void pass_release(struct pass *p)
{
	free(p->select);
	free(p->insert);
	row_release(&p->row);
	free(p->done);
}

/* Row k of the stable order, unless a pass before copied it. */
static int pass_row(struct copy *cp, struct pass *p, sqlite3_stmt *st,
		    int64_t k, int64_t *made)
{
	int in = 1, rc;

	if (k >= p->t->rows)
		return MM_EIO;  /* the source changed under its snapshot */
	if (p->done && p->done[k])
		return 0;
	row_bind(&p->row, st);
	rc = p->done ? row_insert_guarded(cp->dst, p->insert, &p->row, &in) :
		row_insert(cp->dst, p->insert, &p->row);
	if (rc < 0 || !in)
		return rc;
	if (p->done)
		p->done[k] = 1;
	(*made)++;
	p->copied++;
	if (cp->progress && p->copied % PROGRESS_EVERY == 0)
		cp->progress(p->t->name, p->copied, p->t->rows, cp->arg);
	return 0;
}

/* Copies the rows of p not copied yet; *made counts those that went in. */
static int pass_run(struct copy *cp, struct pass *p, int64_t *made)
{
	sqlite3_stmt *st = NULL;
	int64_t k = 0, before = p->copied;
	int step = SQLITE_DONE, rc = sq_prepare(cp->src, p->select, &st);

	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = pass_row(cp, p, st, k++, made);
	sqlite3_finalize(st);
	if (rc == 0 && step != SQLITE_DONE)
		rc = sq_err(step);
	/* once per table, and again only when a later pass added rows */
	if (rc == 0 && cp->progress && (p->passes++ == 0 || p->copied > before))
		cp->progress(p->t->name, p->copied, p->t->rows, cp->arg);
	return rc;
}

/*
 * Copies n tables: one pass for a table outside a cycle; for a cycle,
 * passes until every row is in.  A pass that copies nothing while rows
 * remain means a reference to a row that does not exist: MM_ENOTFOUND.
 */
static int copy_group(struct copy *cp, struct table *tables, size_t n)
{
	struct pass *p = calloc(n, sizeof *p);
	int64_t made = 1, left = 1;
	int rc = p ? 0 : MM_ENOMEM;

	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = pass_init(cp, &p[i], &tables[i]);
	while (rc == 0 && left > 0 && made > 0) {
		made = left = 0;
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = pass_run(cp, &p[i], &made);
		for (size_t i = 0; i < n; i++)
			left += p[i].t->rows - p[i].copied;
	}
	if (rc == 0 && left > 0)
		rc = MM_ENOTFOUND;
	for (size_t i = 0; p && i < n; i++)
		pass_release(&p[i]);
	free(p);
	return rc;
}

static int copy_tables(struct copy *cp)
{
	struct table *items = cp->tables.items;
	size_t n = cp->tables.n, end;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i = end) {
		end = i + 1;
		while (end < n && items[end].group == items[i].group)
			end++;
		rc = copy_group(cp, &items[i], end - i);
	}
	return rc;
}

/* New rows on PostgreSQL continue after the copied ids. */
static int reset_identity(PGconn *c, const struct table *t)
{
	struct buf b = BUF_INIT_MAX(SQL_MAX);
	int rc;

	if (!t->id_col)
		return 0;
	/* setval(NULL, ...) is NULL: a key without a sequence is left alone */
	buf_adds(&b, "SELECT setval(pg_get_serial_sequence(quote_ident($1), $2),"
		 " coalesce((SELECT max(");
	add_ident(&b, t->id_col);
	buf_adds(&b, ") FROM ");
	add_ident(&b, t->name);
	buf_adds(&b, "), 0) + 1, false)");
	rc = buf_error(&b) < 0 ? MM_ENOMEM :
		pg_run(c, NULL, buf_cstr(&b), "tt", t->name, t->id_col);
	buf_release(&b);
	return rc;
}

static int copy_all(struct copy *cp)
{
	int rc = pg_exec(cp->dst, "BEGIN ISOLATION LEVEL SERIALIZABLE;"
			 " LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE");

	if (rc == 0)
		rc = check_target_version(cp);
	if (rc == 0)
		rc = check_target_tables(cp);
	if (rc == 0)
		rc = check_target_columns(cp);
	if (rc == 0)
		rc = target_empty(cp);
	if (rc == 0)
		rc = pg_exec(cp->dst, "DELETE FROM audit_head;"
			     " DELETE FROM policy_versions");
	if (rc == 0)
		rc = copy_tables(cp);
	for (size_t i = 0; rc == 0 && i < cp->tables.n; i++)
		rc = reset_identity(cp->dst, &cp->tables.items[i]);
	if (rc == 0)
		rc = pg_exec(cp->dst, "COMMIT");
	if (rc < 0 && PQtransactionStatus(cp->dst) != PQTRANS_IDLE)
		pg_exec(cp->dst, "ROLLBACK");
	return rc;
}

/* ---- verification and the report ---- */

static int pg_count(PGconn *c, const char *table, int64_t *n)
{
	struct buf b = BUF_INIT_MAX(SQL_MAX);
	PGresult *r;
	int rc;

	buf_adds(&b, "SELECT count(*) FROM ");
	add_ident(&b, table);
	rc = buf_error(&b) < 0 ? MM_ENOMEM : pg_run(c, &r, buf_cstr(&b), NULL);
	buf_release(&b);
	*n = rc == 0 ? pg_int(r, 0, 0) : -1;
	if (rc == 0)
		PQclear(r);
	return rc;
}

/* Row counts equal on both sides, table by table, into the report. */
static int compare_counts(struct copy *cp)
{
	struct store_migrate_report *rep = cp->rep;
	size_t n = cp->tables.n;

	rep->tables = calloc(n, sizeof *rep->tables);
	if (!rep->tables)
		return MM_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct table *t = &cp->tables.items[i];
		int64_t rows = -1;
		int rc = pg_count(cp->dst, t->name, &rows);

		if (rc < 0)
			return rc;
		if (rows != t->rows)
			return MM_ECORRUPT;
		rep->tables[i].table = copy_text(t->name);
		if (!rep->tables[i].table)
			return MM_ENOMEM;
		rep->tables[i].rows = rows;
		rep->n = i + 1;
	}
	return 0;
}

/* The source must be whole and of this binary's schema before copying. */
static int check_source(struct sq_store *src, struct store_migrate_report *rep)
{
	struct audit_verify_result r;
	sqlite3 *db = sq_acquire(src);
	int rc = sq_user_version(db, &rep->source_version);

	sq_release(src, db);
	if (rc < 0)
		return rc;
	if (rep->source_version != rep->expected_version ||
	    pg_migration_count() != rep->expected_version)
		return MM_EUNSUPPORTED;
	rc = store_audit_verify(&src->base, &r, NULL, NULL);
	return rc == MM_ECORRUPT ? MM_ECORRUPT : rc;
}

/*
 * The target's version before anything is done to it: none (a database
 * without Mamori's schema, created by pg_pool_open) or the source's.
 */
static int check_target(const char *to, struct store_migrate_report *rep)
{
	PGconn *c = NULL;
	int rc = pg_connect(to, &c);

	if (rc == 0)
		rc = pg_schema_version_read(c, &rep->target_version);
	PQfinish(c);
	if (rc == 0 && rep->target_version != 0 &&
	    rep->target_version != rep->source_version)
		rc = MM_EUNSUPPORTED;
	return rc;
}

/* Copies and compares on one source connection inside a read snapshot. */
static int copy_from(struct sq_store *src, struct pg_store *dst,
		     struct copy *cp)
{
	int rc;

	cp->src = sq_acquire(src);
	cp->dst = pg_acquire(dst);
	rc = sq_exec(cp->src, "BEGIN");
	if (rc == 0)
		rc = read_tables(cp->src, &cp->tables);
	if (rc == 0)
		rc = copy_all(cp);
	if (rc == 0)
		rc = compare_counts(cp);
	sq_exec(cp->src, "COMMIT");
	table_list_release(&cp->tables);
	pg_release(dst, cp->dst);
	sq_release(src, cp->src);
	return rc;
}

static int64_t reported_rows(const struct store_migrate_report *rep,
			     const char *table)
{
	for (size_t i = 0; i < rep->n; i++)
		if (strcmp(rep->tables[i].table, table) == 0)
			return rep->tables[i].rows;
	return -1;
}

/* store_audit_verify and the sanity check on the target. */
static int verify_target(const char *to, struct store_migrate_report *rep)
{
	struct audit_verify_result r;
	struct store *s;
	int rc = pg_backend.open(to, 0, &s);

	if (rc < 0)
		return rc;
	rc = store_audit_verify(s, &r, NULL, NULL);
	rep->audit_entries = r.entries;
	/* every copied entry is on the verified chain */
	if (rc == 0 && r.entries != reported_rows(rep, "audit_log"))
		rc = MM_ECORRUPT;
	if (rc == 0)
		rc = store_integrity_check(s);
	store_close(s);
	return rc;
}

void store_migrate_report_release(struct store_migrate_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n; i++)
		free(rep->tables[i].table);
	free(rep->tables);
	rep->tables = NULL;
	rep->n = 0;
}

static int migrate(const char *from, const char *to, struct copy *cp)
{
	struct sq_store *src = NULL;
	struct pg_store *dst = NULL;
	int rc;

	if (!from || !to || (strncmp(to, "postgresql://", 13) &&
			     strncmp(to, "postgres://", 11)))
		return MM_EINVAL;
	if (!strncmp(from, "sqlite:", 7))
		from += 7;
	if (!*from || strstr(from, "://"))
		return MM_EINVAL;
	rc = sq_pool_open(from, 0, 1, 1, &src);
	if (rc == 0)
		rc = check_source(src, cp->rep);
	if (rc == 0)
		rc = check_target(to, cp->rep);
	if (rc == 0)
		rc = pg_pool_open(to, 1, 1, &dst);
	if (rc == 0)
		rc = copy_from(src, dst, cp);
	pg_pool_close(dst);
	sq_pool_close(src);
	if (rc == 0)
		rc = verify_target(to, cp->rep);
	return rc;
}

int store_migrate(const char *from, const char *to,
		  void (*progress)(const char *table, int64_t done,
				   int64_t total, void *arg),
		  void *arg, struct store_migrate_report *rep)
{
	struct store_migrate_report local;
	struct copy cp = { .progress = progress, .arg = arg };
	int rc;

	cp.rep = rep ? rep : &local;
	memset(cp.rep, 0, sizeof *cp.rep);
	cp.rep->source_version = cp.rep->target_version = -1;
	cp.rep->expected_version = sq_migration_count();
	rc = migrate(from, to, &cp);
	if (!rep)
		store_migrate_report_release(&local);
	return rc;
}
