#include "sq.h"

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

static void role_row(sqlite3_stmt *st, struct role_assignment *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->user_id = sqlite3_column_int64(st, 1);
	r->role = (enum role)sqlite3_column_int(st, 2);
	r->unit_id = sqlite3_column_int64(st, 3);
	r->since = sqlite3_column_int64(st, 4);
}

static int audit_role(sqlite3 *db, const struct actor *a, const char *action,
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
	return sq_audit_append(db, a, action, "role", id, detail);
}

static int end_assignment(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "UPDATE role_assignments SET revoked_at = ?"
			    " WHERE id = ? AND revoked_at IS NULL", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, sq_now());
	sqlite3_bind_int64(st, 2, id);
	rc = sq_done(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		rc = MM_ENOTFOUND;
	return rc;
}

/* Collects the assignments selected by sql with nbind (0..2) parameters. */
static int select_roles(sqlite3 *db, const char *sql, int64_t p1, int64_t p2,
			int nbind, struct role_list *l)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	if (nbind > 0)
		sqlite3_bind_int64(st, 1, p1);
	if (nbind > 1)
		sqlite3_bind_int64(st, 2, p2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = sq_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc < 0)
			break;
		role_row(st, &l->items[l->n++]);
	}
	rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

/* Ends the current holders of a single-holder role (R-ROLE-1..3). */
static int replace_holders(sqlite3 *db, const struct role_op *op)
{
	struct role_list l = { 0 };
	int64_t unit = role_prefecture_wide(op->role) ? 0 : op->unit_id;
	int rc = select_roles(db, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE revoked_at IS NULL AND role = ?1"
			      " AND (?2 = 0 OR unit_id = ?2)", op->role, unit, 2, &l);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		rc = end_assignment(db, l.items[i].id);
		if (rc == 0)
			rc = audit_role(db, op->a, "role.revoke", l.items[i].id,
					l.items[i].user_id, l.items[i].role,
					l.items[i].unit_id, op->user_id);
	}
	role_list_release(&l);
	return rc;
}

static int user_is_active(sqlite3 *db, int64_t user_id)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT 1 FROM users WHERE id = ? AND active = 1",
			    &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, user_id);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? MM_ENOTFOUND : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int holds_already(sqlite3 *db, const struct role_op *op)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT 1 FROM role_assignments WHERE"
			    " user_id = ? AND role = ? AND unit_id = ?"
			    " AND revoked_at IS NULL", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, op->user_id);
	sqlite3_bind_int(st, 2, (int)op->role);
	sqlite3_bind_int64(st, 3, op->unit_id);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? MM_EEXIST : rc == SQLITE_DONE ? 0 : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int insert_assignment(sqlite3 *db, struct role_op *op)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "INSERT INTO role_assignments (user_id, role,"
			    " unit_id, since) VALUES (?, ?, ?, ?)", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, op->user_id);
	sqlite3_bind_int(st, 2, (int)op->role);
	sqlite3_bind_int64(st, 3, op->unit_id);
	sqlite3_bind_int64(st, 4, sq_now());
	rc = sq_done(st);
	if (rc == 0)
		op->id = sqlite3_last_insert_rowid(db);
	return rc;
}

static int do_assign(sqlite3 *db, void *arg)
{
	struct role_op *op = arg;
	enum unit_kind kind;
	const char *why = NULL;
	int rc = sq_unit_kind(db, op->unit_id, &kind);

	if (rc == 0)
		rc = user_is_active(db, op->user_id);
	if (rc == 0)
		rc = role_check_assignment(op->role, kind, &why); /* R-ROLE-1 */
	if (rc == 0)
		rc = holds_already(db, op);
	if (rc == 0 && role_single_holder(op->role))
		rc = replace_holders(db, op);
	if (rc == 0)
		rc = insert_assignment(db, op);
	if (rc == 0)
		rc = audit_role(db, op->a, "role.assign", op->id, op->user_id,
				op->role, op->unit_id, 0);
	return rc;
}

int sq_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		   enum role role, int64_t unit_id, int64_t *id)
{
	struct role_op op = { .a = a, .user_id = user_id, .role = role,
			      .unit_id = unit_id };
	int rc = sq_write(sq_of(s), do_assign, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int get_current(sqlite3 *db, int64_t id, struct role_assignment *out)
{
	struct role_list l = { 0 };
	int rc = select_roles(db, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE id = ? AND revoked_at IS NULL", id, 0, 1, &l);

	if (rc == 0 && l.n == 0)
		rc = MM_ENOTFOUND;
	if (rc == 0)
		*out = l.items[0];
	role_list_release(&l);
	return rc;
}

static int do_revoke(sqlite3 *db, void *arg)
{
	struct role_op *op = arg;
	struct role_assignment r;
	int rc = get_current(db, op->id, &r);

	if (rc == 0 && !role_may_vacate(r.role))
		rc = MM_ERULE; /* R-ROLE-1: assign a successor instead */
	if (rc == 0)
		rc = end_assignment(db, r.id);
	if (rc == 0)
		rc = audit_role(db, op->a, "role.revoke", r.id, r.user_id, r.role,
				r.unit_id, 0);
	return rc;
}

int sq_role_revoke(struct store *s, const struct actor *a, int64_t id)
{
	struct role_op op = { .a = a, .id = id };

	return sq_write(sq_of(s), do_revoke, &op);
}

int sq_roles_end_for_user(sqlite3 *db, int64_t user_id, int64_t *n)
{
	struct role_list l = { 0 };
	int rc = select_roles(db, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE user_id = ? AND revoked_at IS NULL",
			      user_id, 0, 1, &l);

	*n = 0;
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		if (!role_may_vacate(l.items[i].role))
			rc = MM_ERULE; /* R-ROLE-1 */
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = end_assignment(db, l.items[i].id);
	if (rc == 0)
		*n = (int64_t)l.n;
	role_list_release(&l);
	return rc;
}

static int do_get(sqlite3 *db, void *arg)
{
	struct role_op *op = arg;

	return get_current(db, op->id, op->out);
}

int sq_role_get(struct store *s, int64_t id, struct role_assignment *out)
{
	struct role_op op = { .id = id, .out = out };

	return sq_read(sq_of(s), do_get, &op);
}

static int do_list_user(sqlite3 *db, void *arg)
{
	struct role_op *op = arg;

	if (op->user_id == 0)
		return select_roles(db, "SELECT " ROLE_COLS " FROM role_assignments"
				    " WHERE revoked_at IS NULL"
				    " ORDER BY role, unit_id, id", 0, 0, 0, op->list);
	return select_roles(db, "SELECT " ROLE_COLS " FROM role_assignments"
			    " WHERE user_id = ? AND revoked_at IS NULL"
			    " ORDER BY role, unit_id, id", op->user_id, 0, 1, op->list);
}

static int do_list_unit(sqlite3 *db, void *arg)
{
	struct role_op *op = arg;

	return select_roles(db, "SELECT " ROLE_COLS " FROM role_assignments"
			    " WHERE unit_id = ? AND revoked_at IS NULL"
			    " ORDER BY role, user_id, id", op->unit_id, 0, 1, op->list);
}

static int list_with(struct store *s, sq_fn fn, struct role_op *op,
		     struct role_list *out)
{
	int rc;

	out->items = NULL;
	out->n = 0;
	op->list = out;
	rc = sq_read(sq_of(s), fn, op);
	if (rc < 0)
		role_list_release(out);
	return rc;
}

int sq_role_list(struct store *s, int64_t user_id, struct role_list *out)
{
	struct role_op op = { .user_id = user_id };

	return list_with(s, do_list_user, &op, out);
}

int sq_role_list_unit(struct store *s, int64_t unit_id, struct role_list *out)
{
	struct role_op op = { .unit_id = unit_id };

	return list_with(s, do_list_unit, &op, out);
}

static int load_grants(sqlite3 *db, struct principal *p)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT r.role, r.unit_id, u.kind"
			    " FROM role_assignments r JOIN units u ON u.id = r.unit_id"
			    " WHERE r.user_id = ? AND r.revoked_at IS NULL"
			    " ORDER BY r.role, r.unit_id", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->user_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       p->n_roles < MM_PRINCIPAL_ROLES) {
		struct role_grant *g = &p->roles[p->n_roles++];

		g->role = (enum role)sqlite3_column_int(st, 0);
		g->unit_id = sqlite3_column_int64(st, 1);
		g->unit_kind = (enum unit_kind)sqlite3_column_int(st, 2);
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int do_principal(sqlite3 *db, void *arg)
{
	struct principal *p = ((struct role_op *)arg)->principal;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT login, name, unit_id, is_admin FROM users"
			    " WHERE id = ? AND active = 1", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->unit_id = sqlite3_column_int64(st, 2);
		p->is_admin = sqlite3_column_int(st, 3);
		rc = sq_text(st, 0, p->login, sizeof p->login);
		if (rc == 0)
			rc = sq_text(st, 1, p->name, sizeof p->name);
	} else {
		rc = rc == SQLITE_DONE ? MM_ENOTFOUND : sq_err(rc);
	}
	sqlite3_finalize(st);
	return rc < 0 ? rc : load_grants(db, p);
}

int sq_principal_load(struct store *s, int64_t user_id, struct principal *out)
{
	struct role_op op = { .principal = out };
	int rc;

	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	rc = sq_read(sq_of(s), do_principal, &op);
	if (rc < 0) {
		memset(out, 0, sizeof *out);
	}
	return rc;
}
