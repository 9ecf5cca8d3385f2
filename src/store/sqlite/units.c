#include "sq.h"

#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

#define UNIT_COLS "id, code, name, kind, active, version"

struct unit_op {
	const struct actor *a;
	struct unit *u;
	int64_t id;
	struct unit_list *list;
};

static int unit_row(sqlite3_stmt *st, struct unit *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->kind = (enum unit_kind)sqlite3_column_int(st, 3);
	u->active = sqlite3_column_int(st, 4);
	u->version = sqlite3_column_int64(st, 5);
	if (sq_text(st, 1, u->code, sizeof u->code) < 0 ||
	    sq_text(st, 2, u->name, sizeof u->name) < 0)
		return MM_EOVERFLOW;
	return 0;
}

/* The audit detail of a unit: its code and kind (names are not personal). */
static int unit_detail(const struct unit *u, struct buf *b)
{
	buf_adds(b, "{\"code\":");
	audit_json_str(b, u->code);
	buf_addf(b, ",\"kind\":%d,\"active\":%d,\"version\":%lld}",
		 (int)u->kind, u->active, (long long)u->version);
	return buf_error(b);
}

static int audit_unit(sqlite3 *db, const struct actor *a, const char *action,
		      const struct unit *u)
{
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc = unit_detail(u, &b);

	if (rc == 0)
		rc = sq_audit_append(db, a, action, "unit", u->id, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

static int do_create(sqlite3 *db, void *arg)
{
	struct unit_op *op = arg;
	struct unit *u = op->u;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "INSERT INTO units (code, name, kind, active,"
			    " version, created_at) VALUES (?, ?, ?, ?, 1, ?)", &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, u->code);
	sq_bind_text(st, 2, u->name);
	sqlite3_bind_int(st, 3, (int)u->kind);
	sqlite3_bind_int(st, 4, u->active ? 1 : 0);
	sqlite3_bind_int64(st, 5, sq_now());
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	u->id = sqlite3_last_insert_rowid(db);
	u->version = 1;
	u->active = u->active ? 1 : 0;
	return audit_unit(db, op->a, "unit.create", u);
}

int sq_unit_create(struct store *s, const struct actor *a, struct unit *u)
{
	struct unit_op op = { .a = a, .u = u };
	int64_t id = u->id, version = u->version;
	int rc = sq_write(sq_of(s), do_create, &op);

	if (rc < 0) {
		u->id = id;
		u->version = version;
	}
	return rc;
}

static int get_unit(sqlite3 *db, int64_t id, struct unit *out)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT " UNIT_COLS " FROM units WHERE id = ?", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = unit_row(st, out);
	else
		rc = rc == SQLITE_DONE ? MM_ENOTFOUND : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int do_get(sqlite3 *db, void *arg)
{
	struct unit_op *op = arg;

	return get_unit(db, op->id, op->u);
}

int sq_unit_get(struct store *s, int64_t id, struct unit *out)
{
	struct unit_op op = { .id = id, .u = out };

	return sq_read(sq_of(s), do_get, &op);
}

int sq_unit_kind(sqlite3 *db, int64_t id, enum unit_kind *kind)
{
	struct unit u;
	int rc = get_unit(db, id, &u);

	if (rc == 0)
		*kind = u.kind;
	return rc;
}

static int do_list(sqlite3 *db, void *arg)
{
	struct unit_list *l = ((struct unit_op *)arg)->list;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = sq_prepare(db, "SELECT " UNIT_COLS " FROM units"
			    " ORDER BY kind, code", &st);

	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = sq_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc == 0)
			rc = unit_row(st, &l->items[l->n]);
		if (rc < 0)
			break;
		l->n++;
	}
	rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int sq_unit_list(struct store *s, struct unit_list *out)
{
	struct unit_op op = { .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	rc = sq_read(sq_of(s), do_list, &op);
	if (rc < 0)
		unit_list_release(out);
	return rc;
}

static int do_update(sqlite3 *db, void *arg)
{
	struct unit_op *op = arg;
	struct unit *u = op->u;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "UPDATE units SET code = ?, name = ?, kind = ?,"
			    " active = ?, version = version + 1"
			    " WHERE id = ? AND version = ?", &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, u->code);
	sq_bind_text(st, 2, u->name);
	sqlite3_bind_int(st, 3, (int)u->kind);
	sqlite3_bind_int(st, 4, u->active ? 1 : 0);
	sqlite3_bind_int64(st, 5, u->id);
	sqlite3_bind_int64(st, 6, u->version);
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	if (sqlite3_changes(db) == 0)
		return sq_stale_or_missing(db, "SELECT 1 FROM units WHERE id = ?", u->id);
	u->version++;
	u->active = u->active ? 1 : 0;
	rc = audit_unit(db, op->a, "unit.update", u);
	if (rc < 0)
		u->version--;
	return rc;
}

int sq_unit_update(struct store *s, const struct actor *a, struct unit *u)
{
	struct unit_op op = { .a = a, .u = u };
	int64_t version = u->version;
	int rc = sq_write(sq_of(s), do_update, &op);

	if (rc < 0)
		u->version = version;
	return rc;
}
