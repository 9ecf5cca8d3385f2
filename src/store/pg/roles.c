#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "lib/err.h"
#include "lib/banned.h"

#define ROLE_COLS "id, user_id, role, unit_id, since"

struct role_op {
	const struct actor *a;
	int64_t user_id;
	enum role role;
	int64_t unit_id;
	int64_t id;
	struct role_list *list;
	struct role_assignment *out;
	struct principal *principal;
};

static void role_row(const PGresult *r, int i, struct role_assignment *ra)
{
	memset(ra, 0, sizeof *ra);
	ra->id = pg_int(r, i, 0);
	ra->user_id = pg_int(r, i, 1);
	ra->role = (enum role)pg_int(r, i, 2);
	ra->unit_id = pg_int(r, i, 3);
	ra->since = pg_int(r, i, 4);
}

static int audit_role(PGconn *c, const struct actor *a, const char *action,
		      int64_t id, int64_t user_id, enum role role,
		      int64_t unit_id, int64_t other)
{
	char detail[192];

	/* other: the successor of a replaced holder, or 0 */
	snprintf(detail, sizeof detail, "{\"user_id\":%lld,\"role\":%d,"
		 "\"unit_id\":%lld%s", (long long)user_id, (int)role,
		 (long long)unit_id, other ? "" : "}");
	if (other)
		snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
			 ",\"replaced_by\":%lld}", (long long)other);
	return pg_audit_append(c, a, action, "role", id, detail);
}

static int end_assignment(PGconn *c, int64_t id)
{
	PGresult *r;
	int rc = pg_run(c, &r, "UPDATE role_assignments SET revoked_at = $1"
			" WHERE id = $2 AND revoked_at IS NULL", "ii", pg_now(), id);

	if (rc < 0)
		return rc;
	if (pg_changes(r) == 0)
		rc = MM_ENOTFOUND;
	PQclear(r);
	return rc;
}

/* Collects the assignments selected by sql with nbind (0..2) parameters. */
static int select_roles(PGconn *c, const char *sql, int64_t p1, int64_t p2,
			int nbind, struct role_list *l)
{
	static const char *const types[] = { NULL, "i", "ii" };
	PGresult *r;
	size_t cap = 0;
	int rc = pg_run(c, &r, sql, types[nbind], p1, p2);

	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		rc = pg_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc == 0)
			role_row(r, i, &l->items[l->n++]);
	}
	PQclear(r);
	return rc;
}

/* Ends the current holders of a single-holder role (R-ROLE-1..3). */
static int replace_holders(PGconn *c, const struct role_op *op)
{
	struct role_list l = { 0 };
	int64_t unit = role_prefecture_wide(op->role) ? 0 : op->unit_id;
	int rc = select_roles(c, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE revoked_at IS NULL AND role = $1"
			      " AND ($2::bigint = 0 OR unit_id = $2::bigint)"
			      " FOR UPDATE", (int64_t)op->role, unit, 2, &l);

	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		rc = end_assignment(c, l.items[i].id);
		if (rc == 0)
			rc = audit_role(c, op->a, "role.revoke", l.items[i].id,
					l.items[i].user_id, l.items[i].role,
					l.items[i].unit_id, op->user_id);
	}
	role_list_release(&l);
	return rc;
}

static int exists(PGconn *c, const char *sql, const char *types, int64_t a,
		  int64_t b, int64_t d, int *found)
{
	PGresult *r;
	int rc = pg_run(c, &r, sql, types, a, b, d);

	if (rc == 0)
		*found = PQntuples(r) > 0;
	PQclear(r);
	return rc;
}

static int user_is_active(PGconn *c, int64_t user_id)
{
	int found = 0;
	int rc = exists(c, "SELECT 1 FROM users WHERE id = $1 AND active = 1"
			" FOR SHARE", "i", user_id, 0, 0, &found);

	return rc < 0 ? rc : found ? 0 : MM_ENOTFOUND;
}

static int holds_already(PGconn *c, const struct role_op *op)
{
	int found = 0;
	int rc = exists(c, "SELECT 1 FROM role_assignments WHERE user_id = $1"
			" AND role = $2 AND unit_id = $3 AND revoked_at IS NULL",
			"iii", op->user_id, (int64_t)op->role, op->unit_id, &found);

	return rc < 0 ? rc : found ? MM_EEXIST : 0;
}

static int insert_assignment(PGconn *c, struct role_op *op)
{
	PGresult *r;
	int rc = pg_run(c, &r, "INSERT INTO role_assignments (user_id, role,"
			" unit_id, since) VALUES ($1, $2, $3, $4) RETURNING id",
			"inii", op->user_id, (int)op->role, op->unit_id, pg_now());

	if (rc == 0)
		op->id = pg_int(r, 0, 0);
	PQclear(r);
	return rc;
}

static int do_assign(PGconn *c, void *arg)
{
	struct role_op *op = arg;
	enum unit_kind kind;
	const char *why = NULL;
	int rc = pg_unit_kind(c, op->unit_id, &kind);

	if (rc == 0)
		rc = user_is_active(c, op->user_id);
	if (rc == 0)
		rc = role_check_assignment(op->role, kind, &why); /* R-ROLE-1 */
	if (rc == 0)
		rc = holds_already(c, op);
	if (rc == 0 && role_single_holder(op->role))
		rc = replace_holders(c, op);
	if (rc == 0)
		rc = insert_assignment(c, op);
	if (rc == 0)
		rc = audit_role(c, op->a, "role.assign", op->id, op->user_id,
				op->role, op->unit_id, 0);
	return rc;
}

int pg_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		   enum role role, int64_t unit_id, int64_t *id)
{
	struct role_op op = { .a = a, .user_id = user_id, .role = role,
			      .unit_id = unit_id };
	int rc = pg_write(pg_of(s), do_assign, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int get_current(PGconn *c, int64_t id, struct role_assignment *out)
{
	struct role_list l = { 0 };
	int rc = select_roles(c, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE id = $1 AND revoked_at IS NULL", id, 0, 1, &l);

	if (rc == 0 && l.n == 0)
		rc = MM_ENOTFOUND;
	if (rc == 0)
		*out = l.items[0];
	role_list_release(&l);
	return rc;
}

static int do_revoke(PGconn *c, void *arg)
{
	struct role_op *op = arg;
	struct role_assignment ra;
	int rc = get_current(c, op->id, &ra);

	if (rc == 0 && !role_may_vacate(ra.role))
		rc = MM_ERULE; /* R-ROLE-1: assign a successor instead */
	if (rc == 0)
		rc = end_assignment(c, ra.id);
	if (rc == 0)
		rc = audit_role(c, op->a, "role.revoke", ra.id, ra.user_id, ra.role,
				ra.unit_id, 0);
	return rc;
}

int pg_role_revoke(struct store *s, const struct actor *a, int64_t id)
{
	struct role_op op = { .a = a, .id = id };

	return pg_write(pg_of(s), do_revoke, &op);
}

int pg_roles_end_for_user(PGconn *c, int64_t user_id, int64_t *n)
{
	struct role_list l = { 0 };
	int rc = select_roles(c, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE user_id = $1 AND revoked_at IS NULL",
			      user_id, 0, 1, &l);

	*n = 0;
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		if (!role_may_vacate(l.items[i].role))
			rc = MM_ERULE; /* R-ROLE-1 */
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = end_assignment(c, l.items[i].id);
	if (rc == 0)
		*n = (int64_t)l.n;
	role_list_release(&l);
	return rc;
}

static int do_get(PGconn *c, void *arg)
{
	struct role_op *op = arg;

	return get_current(c, op->id, op->out);
}

int pg_role_get(struct store *s, int64_t id, struct role_assignment *out)
{
	struct role_op op = { .id = id, .out = out };

	return pg_read(pg_of(s), do_get, &op);
}

static int do_list_user(PGconn *c, void *arg)
{
	struct role_op *op = arg;

	if (op->user_id == 0)
		return select_roles(c, "SELECT " ROLE_COLS " FROM role_assignments"
				    " WHERE revoked_at IS NULL"
				    " ORDER BY role, unit_id, id", 0, 0, 0, op->list);
	return select_roles(c, "SELECT " ROLE_COLS " FROM role_assignments"
			    " WHERE user_id = $1 AND revoked_at IS NULL"
			    " ORDER BY role, unit_id, id", op->user_id, 0, 1, op->list);
}

static int do_list_unit(PGconn *c, void *arg)
{
	struct role_op *op = arg;

	return select_roles(c, "SELECT " ROLE_COLS " FROM role_assignments"
			    " WHERE unit_id = $1 AND revoked_at IS NULL"
			    " ORDER BY role, user_id, id", op->unit_id, 0, 1, op->list);
}

static int list_with(struct store *s, pg_fn fn, struct role_op *op,
		     struct role_list *out)
{
	int rc;

	out->items = NULL;
	out->n = 0;
	op->list = out;
	rc = pg_read(pg_of(s), fn, op);
	if (rc < 0)
		role_list_release(out);
	return rc;
}

int pg_role_list(struct store *s, int64_t user_id, struct role_list *out)
{
	struct role_op op = { .user_id = user_id };

	return list_with(s, do_list_user, &op, out);
}

int pg_role_list_unit(struct store *s, int64_t unit_id, struct role_list *out)
{
	struct role_op op = { .unit_id = unit_id };

	return list_with(s, do_list_unit, &op, out);
}

static int load_grants(PGconn *c, struct principal *p)
{
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT r.role, r.unit_id, u.kind"
			" FROM role_assignments r JOIN units u ON u.id = r.unit_id"
			" WHERE r.user_id = $1 AND r.revoked_at IS NULL"
			" ORDER BY r.role, r.unit_id", "i", p->user_id);

	for (int i = 0; rc == 0 && i < PQntuples(r) &&
	     p->n_roles < MM_PRINCIPAL_ROLES; i++) {
		struct role_grant *g = &p->roles[p->n_roles++];

		g->role = (enum role)pg_int(r, i, 0);
		g->unit_id = pg_int(r, i, 1);
		g->unit_kind = (enum unit_kind)pg_int(r, i, 2);
	}
	PQclear(r);
	return rc;
}

static int do_principal(PGconn *c, void *arg)
{
	struct principal *p = ((struct role_op *)arg)->principal;
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT login, name, unit_id, is_admin FROM users"
			" WHERE id = $1 AND active = 1", "i", p->user_id);

	if (rc < 0)
		return rc;
	if (PQntuples(r) == 1) {
		p->unit_id = pg_int(r, 0, 2);
		p->is_admin = (int)pg_int(r, 0, 3);
		rc = pg_text(r, 0, 0, p->login, sizeof p->login);
		if (rc == 0)
			rc = pg_text(r, 0, 1, p->name, sizeof p->name);
	} else {
		rc = MM_ENOTFOUND;
	}
	PQclear(r);
	return rc < 0 ? rc : load_grants(c, p);
}

int pg_principal_load(struct store *s, int64_t user_id, struct principal *out)
{
	struct role_op op = { .principal = out };
	int rc;

	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	rc = pg_read(pg_of(s), do_principal, &op);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc;
}
