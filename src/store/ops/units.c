/*
 * units.c - the unit operations of store.h, once for every backend.
 * Contract: store.h.  Writes run in store_write with their audit entry;
 * an output struct is restored from a saved copy before each attempt.
 */
#include "ops.h"
#include "page.h"

#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

#define UNIT_COLS "id, code, name, kind, active, version"

struct unit_op {
	const struct actor *a;
	struct unit *u;
	struct unit saved;      /* u as given, restored before a retry */
	int64_t id;
	struct unit_list *list;
	size_t cap;
};

static int unit_row(const struct db_row *r, void *arg)
{
	struct unit *u = arg;

	memset(u, 0, sizeof *u);
	u->id = db_int(r, 0);
	u->kind = (enum unit_kind)db_int(r, 3);
	u->active = (int)db_int(r, 4);
	u->version = db_int(r, 5);
	if (db_text(r, 1, u->code, sizeof u->code) < 0 ||
	    db_text(r, 2, u->name, sizeof u->name) < 0)
		return MM_EOVERFLOW;
	return 0;
}

/* The audit detail of a unit: its code and kind (names are not personal). */
static int audit_unit(struct db *d, const struct actor *a, const char *action,
		      const struct unit *u)
{
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc;

	buf_adds(&b, "{\"code\":");
	audit_json_str(&b, u->code);
	buf_addf(&b, ",\"kind\":%d,\"active\":%d,\"version\":%lld}",
		 (int)u->kind, u->active, (long long)u->version);
	rc = buf_error(&b);
	if (rc == 0)
		rc = ops_audit_append(d, a, action, "unit", u->id, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

static int do_create(struct db *d, void *arg)
{
	struct unit_op *op = arg;
	struct unit *u = op->u;
	int rc;

	*u = op->saved;
	rc = db_int_of(d, "INSERT INTO units (code, name, kind, active, version,"
		       " created_at) VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
		       DB_P(DB_T(u->code), DB_T(u->name), DB_I(u->kind),
			    DB_I(u->active ? 1 : 0), DB_I(db_now())), &u->id);
	if (rc < 0)
		return rc;
	u->version = 1;
	u->active = u->active ? 1 : 0;
	return audit_unit(d, op->a, "unit.create", u);
}

int store_unit_create(struct store *s, const struct actor *a, struct unit *u)
{
	struct unit_op op = { .a = a, .u = u, .saved = *u };
	int rc = store_write(s, do_create, &op);

	if (rc < 0)
		*u = op.saved;
	return rc;
}

static int get_unit(struct db *d, int64_t id, struct unit *out)
{
	return db_first(d, "SELECT " UNIT_COLS " FROM units WHERE id = ?",
			DB_P(DB_I(id)), unit_row, out);
}

STORE_GETTER(store_unit_get, struct unit, get_unit)

int ops_unit_kind(struct db *d, int64_t id, enum unit_kind *kind)
{
	struct unit u;
	int rc = get_unit(d, id, &u);

	if (rc == 0)
		*kind = u.kind;
	return rc;
}

static int list_row(const struct db_row *r, void *arg)
{
	struct unit_op *op = arg;
	struct unit_list *l = op->list;
	int rc = db_grow((void **)&l->items, &op->cap, l->n, sizeof *l->items);

	if (rc == 0)
		rc = unit_row(r, &l->items[l->n]);
	if (rc == 0)
		l->n++;
	return rc;
}

static int do_list(struct db *d, void *arg)
{
	((struct unit_op *)arg)->list->n = 0; /* a retry starts over */
	return db_query(d, "SELECT " UNIT_COLS " FROM units"
			" ORDER BY kind, code COLLATE \"C\"", DB_NONE, list_row, arg);
}

int store_unit_list(struct store *s, struct unit_list *out)
{
	struct unit_op op = { .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	rc = store_read(s, do_list, &op);
	if (rc < 0)
		unit_list_release(out);
	return rc;
}

/* The units as a list: a unit's authz object is the unit itself. */
static const struct ops_list unit_rows = {
	.cols = UNIT_COLS,
	.from = "FROM units",
	.id = "id",
	.unit = "id",
	.owner = "0",
	.state = "0",
	.keys = "kind, code COLLATE \"C\", id",
};

static int page_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	(void)j;
	return unit_row(r, item);
}

struct ids_op {
	struct unit_op op;
	const int64_t *ids;
	size_t n;
};

/* Ids one statement binds: within every backend's parameter limit. */
#define IDS_PER_STATEMENT 16

/* The units of the ids [from, to) of x not seen before in x->ids. */
static int list_some_ids(struct db *d, struct ids_op *x, size_t from,
			 size_t to)
{
	struct db_param p[IDS_PER_STATEMENT];
	struct buf sql = BUF_INIT_MAX(512 + 4 * IDS_PER_STATEMENT);
	int n = 0, rc;

	buf_adds(&sql, "SELECT " UNIT_COLS " FROM units WHERE id IN (");
	for (size_t i = from; i < to; i++) {
		int seen = !x->ids[i];

		for (size_t k = 0; k < i && !seen; k++)
			seen = x->ids[k] == x->ids[i];
		if (seen)
			continue;
		buf_adds(&sql, n ? ", ?" : "?");
		p[n++] = DB_I(x->ids[i]);
	}
	buf_adds(&sql, ")");
	rc = buf_error(&sql);
	if (rc == 0 && n)
		rc = db_query(d, buf_cstr(&sql), p, n, list_row, &x->op);
	buf_release(&sql);
	return rc;
}

static int do_list_of_ids(struct db *d, void *arg)
{
	struct ids_op *x = arg;
	int rc = 0;

	x->op.list->n = 0; /* a retry starts over */
	for (size_t at = 0; rc == 0 && at < x->n; at += IDS_PER_STATEMENT)
		rc = list_some_ids(d, x, at, at + IDS_PER_STATEMENT < x->n ?
				   at + IDS_PER_STATEMENT : x->n);
	return rc;
}

int store_unit_list_of_ids(struct store *s, const int64_t *ids, size_t n,
			   struct unit_list *out)
{
	struct ids_op x = { { .list = out }, ids, n };
	int rc;

	out->items = NULL;
	out->n = 0;
	if (n > STORE_UNIT_IDS_MAX)
		return MM_EINVAL;
	rc = store_read(s, do_list_of_ids, &x);
	if (rc < 0)
		unit_list_release(out);
	return rc;
}

int store_unit_page(struct store *s, const struct authz_view *view,
		    const struct page_req *req, struct unit_page *out)
{
	const struct ops_page_out o = { .items = (void **)&out->items,
					.size = sizeof *out->items,
					.n = &out->n, .at = &out->at,
					.read = page_row };

	return ops_list_page(s, &unit_rows, view, NULL, DB_NONE, req, &o);
}

int store_unit_count(struct store *s, const struct authz_view *view,
		     int64_t *out)
{
	struct ops_where w = OPS_WHERE_INIT;

	return ops_where_count(s, &unit_rows, view, &w, out);
}

static int do_update(struct db *d, void *arg)
{
	struct unit_op *op = arg;
	struct unit *u = op->u;
	int64_t n = 0;
	int rc;

	*u = op->saved;
	rc = db_exec(d, "UPDATE units SET code = ?, name = ?, kind = ?,"
		     " active = ?, version = version + 1"
		     " WHERE id = ? AND version = ?",
		     DB_P(DB_T(u->code), DB_T(u->name), DB_I(u->kind),
			  DB_I(u->active ? 1 : 0), DB_I(u->id), DB_I(u->version)),
		     &n);
	if (rc < 0)
		return rc;
	if (n == 0)
		return db_stale_or_missing(d, "SELECT 1 FROM units WHERE id = ?",
					   u->id);
	u->version++;
	u->active = u->active ? 1 : 0;
	return audit_unit(d, op->a, "unit.update", u);
}

int store_unit_update(struct store *s, const struct actor *a, struct unit *u)
{
	struct unit_op op = { .a = a, .u = u, .saved = *u };
	int rc = store_write(s, do_update, &op);

	if (rc < 0)
		*u = op.saved;
	return rc;
}
