#include "pg.h"

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
	struct unit saved;      /* u as given, restored before a retry */
	int64_t id;
	struct unit_list *list;
};

static int unit_row(const PGresult *r, int i, struct unit *u)
{
	memset(u, 0, sizeof *u);
	u->id = pg_int(r, i, 0);
	u->kind = (enum unit_kind)pg_int(r, i, 3);
	u->active = (int)pg_int(r, i, 4);
	u->version = pg_int(r, i, 5);
	if (pg_text(r, i, 1, u->code, sizeof u->code) < 0 ||
	    pg_text(r, i, 2, u->name, sizeof u->name) < 0)
		return MM_EOVERFLOW;
	return 0;
}

/* The audit detail of a unit: its code and kind (names are not personal). */
static int audit_unit(PGconn *c, const struct actor *a, const char *action,
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
		rc = pg_audit_append(c, a, action, "unit", u->id, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

static int do_create(PGconn *c, void *arg)
{
	struct unit_op *op = arg;
	struct unit *u = op->u;
	PGresult *r;
	int rc;

	*u = op->saved;
	rc = pg_run(c, &r, "INSERT INTO units (code, name, kind, active, version,"
		    " created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
		    "ttnni", u->code, u->name, (int)u->kind, u->active ? 1 : 0,
		    pg_now());
	if (rc < 0)
		return rc;
	u->id = pg_int(r, 0, 0);
	PQclear(r);
	u->version = 1;
	u->active = u->active ? 1 : 0;
	return audit_unit(c, op->a, "unit.create", u);
}

int pg_unit_create(struct store *s, const struct actor *a, struct unit *u)
{
	struct unit_op op = { .a = a, .u = u, .saved = *u };
	int rc = pg_write(pg_of(s), do_create, &op);

	if (rc < 0)
		*u = op.saved;
	return rc;
}

static int get_unit(PGconn *c, int64_t id, struct unit *out)
{
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT " UNIT_COLS " FROM units WHERE id = $1",
			"i", id);

	if (rc < 0)
		return rc;
	rc = PQntuples(r) == 1 ? unit_row(r, 0, out) : MM_ENOTFOUND;
	PQclear(r);
	return rc;
}

static int do_get(PGconn *c, void *arg)
{
	struct unit_op *op = arg;

	return get_unit(c, op->id, op->u);
}

int pg_unit_get(struct store *s, int64_t id, struct unit *out)
{
	struct unit_op op = { .id = id, .u = out };

	return pg_read(pg_of(s), do_get, &op);
}

int pg_unit_kind(PGconn *c, int64_t id, enum unit_kind *kind)
{
	struct unit u;
	int rc = get_unit(c, id, &u);

	if (rc == 0)
		*kind = u.kind;
	return rc;
}

static int do_list(PGconn *c, void *arg)
{
	struct unit_list *l = ((struct unit_op *)arg)->list;
	PGresult *r;
	size_t cap = 0;
	int rc = pg_run(c, &r, "SELECT " UNIT_COLS " FROM units ORDER BY kind,"
			" code COLLATE \"C\"", NULL);

	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		rc = pg_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc == 0)
			rc = unit_row(r, i, &l->items[l->n]);
		if (rc == 0)
			l->n++;
	}
	PQclear(r);
	return rc;
}

int pg_unit_list(struct store *s, struct unit_list *out)
{
	struct unit_op op = { .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	rc = pg_read(pg_of(s), do_list, &op);
	if (rc < 0)
		unit_list_release(out);
	return rc;
}

static int do_update(PGconn *c, void *arg)
{
	struct unit_op *op = arg;
	struct unit *u = op->u;
	PGresult *r;
	int64_t n;
	int rc;

	*u = op->saved;
	rc = pg_run(c, &r, "UPDATE units SET code = $1, name = $2, kind = $3,"
		    " active = $4, version = version + 1"
		    " WHERE id = $5 AND version = $6", "ttnnii", u->code, u->name,
		    (int)u->kind, u->active ? 1 : 0, u->id, u->version);
	if (rc < 0)
		return rc;
	n = pg_changes(r);
	PQclear(r);
	if (n == 0)
		return pg_stale_or_missing(c, "SELECT 1 FROM units WHERE id = $1",
					   u->id);
	u->version++;
	u->active = u->active ? 1 : 0;
	return audit_unit(c, op->a, "unit.update", u);
}

int pg_unit_update(struct store *s, const struct actor *a, struct unit *u)
{
	struct unit_op op = { .a = a, .u = u, .saved = *u };
	int rc = pg_write(pg_of(s), do_update, &op);

	if (rc < 0)
		*u = op.saved;
	return rc;
}
