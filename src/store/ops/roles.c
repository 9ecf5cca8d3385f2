/*
 * roles.c - role assignments (R-ROLE-1..5) and the principal of store.h,
 * once for every backend.  Contract: store.h.  The rules themselves are
 * core/roles.h; the unique indexes of the schema back them up.
 *
 * Every write of role_assignments is here.  The public operations refuse
 * the roles held only through a designation (core role_by_designation():
 * R-ROLE-4, R-ROLE-5); the designation operations move those with the
 * ops_role_*_designated helpers inside their own transaction, so the
 * register (form 1) and the roles cannot disagree.
 */
#include "ops.h"
#include "page.h"

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

struct role_rows {
	struct role_list *l;
	size_t cap;
};

static int role_row(const struct db_row *r, void *arg)
{
	struct role_rows *rows = arg;
	struct role_list *l = rows->l;
	struct role_assignment *ra;
	int rc = db_grow((void **)&l->items, &rows->cap, l->n, sizeof *l->items);

	if (rc < 0)
		return rc;
	ra = &l->items[l->n++];
	memset(ra, 0, sizeof *ra);
	ra->id = db_int(r, 0);
	ra->user_id = db_int(r, 1);
	ra->role = (enum role)db_int(r, 2);
	ra->unit_id = db_int(r, 3);
	ra->since = db_int(r, 4);
	return 0;
}

/* Collects the assignments selected by sql into l (emptied first). */
static int select_roles(struct db *d, const char *sql,
			const struct db_param *p, int n, struct role_list *l)
{
	struct role_rows rows = { l, 0 };

	free(l->items);
	l->items = NULL;
	l->n = 0;
	return db_query(d, sql, p, n, role_row, &rows);
}

/*
 * Current assignments as a list.  The holder's home unit decides who may
 * see one (user.view on the holder's account), joined from users.
 */
static const struct ops_list role_rows = {
	.cols = "r.id, r.user_id, r.role, r.unit_id, r.since",
	.from = "FROM role_assignments r JOIN users u ON u.id = r.user_id",
	.id = "r.id",
	.unit = "u.unit_id",
	.owner = "r.user_id",
	.state = "0",
	.keys = "r.role, r.unit_id, r.id",
};

static int page_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	struct role_assignment *ra = item;

	(void)j;
	memset(ra, 0, sizeof *ra);
	ra->id = db_int(r, 0);
	ra->user_id = db_int(r, 1);
	ra->role = (enum role)db_int(r, 2);
	ra->unit_id = db_int(r, 3);
	ra->since = db_int(r, 4);
	return 0;
}

int store_role_page(struct store *s, const struct authz_view *view,
		    int64_t user_id, int64_t unit_id, const struct page_req *req,
		    struct role_page *out)
{
	const struct ops_page_out o = { .items = (void **)&out->items,
					.size = sizeof *out->items,
					.n = &out->n, .at = &out->at,
					.read = page_row };
	struct ops_where w = OPS_WHERE_INIT;

	ops_where_add(&w, "r.revoked_at IS NULL", DB_NONE);
	if (user_id)
		ops_where_add(&w, "r.user_id = ?", DB_P(DB_I(user_id)));
	if (unit_id)
		ops_where_add(&w, "r.unit_id = ?", DB_P(DB_I(unit_id)));
	return ops_where_page(s, &role_rows, view, &w, req, &o);
}

static int audit_role(struct db *d, const struct actor *a, const char *action,
		      const struct role_assignment *ra, int64_t other)
{
	char detail[192];

	/* other: the successor of a replaced holder, or 0 */
	snprintf(detail, sizeof detail, "{\"user_id\":%lld,\"role\":%d,"
		 "\"unit_id\":%lld%s", (long long)ra->user_id, (int)ra->role,
		 (long long)ra->unit_id, other ? "" : "}");
	if (other)
		snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
			 ",\"replaced_by\":%lld}", (long long)other);
	return ops_audit_append(d, a, action, "role", ra->id, detail);
}

static int end_assignment(struct db *d, int64_t id)
{
	int64_t n = 0;
	int rc = db_exec(d, "UPDATE role_assignments SET revoked_at = ?"
			 " WHERE id = ? AND revoked_at IS NULL",
			 DB_P(DB_I(db_now()), DB_I(id)), &n);

	return rc == 0 && n == 0 ? MM_ENOTFOUND : rc;
}

/* Ends the current holders of a single-holder role (R-ROLE-1..3). */
static int replace_holders(struct db *d, const struct role_op *op)
{
	struct role_list l = { 0 };
	int64_t unit = role_prefecture_wide(op->role) ? 0 : op->unit_id;
	int rc = select_roles(d, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE revoked_at IS NULL AND role = ?"
			      " AND (? = 0 OR unit_id = ?)",
			      DB_P(DB_I(op->role), DB_I(unit), DB_I(unit)), &l);

	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		rc = end_assignment(d, l.items[i].id);
		if (rc == 0)
			rc = audit_role(d, op->a, "role.revoke", &l.items[i],
					op->user_id);
	}
	role_list_release(&l);
	return rc;
}

static int user_is_active(struct db *d, int64_t user_id)
{
	int64_t one;

	return db_int_of(d, "SELECT 1 FROM users WHERE id = ? AND active = 1",
			 DB_P(DB_I(user_id)), &one);
}

static int holds_already(struct db *d, const struct role_op *op)
{
	int64_t one;
	int rc = db_int_of(d, "SELECT 1 FROM role_assignments WHERE user_id = ?"
			   " AND role = ? AND unit_id = ? AND revoked_at IS NULL",
			   DB_P(DB_I(op->user_id), DB_I(op->role),
				DB_I(op->unit_id)), &one);

	return rc == MM_ENOTFOUND ? 0 : rc == 0 ? MM_EEXIST : rc;
}

static int insert_assignment(struct db *d, struct role_op *op)
{
	return db_int_of(d, "INSERT INTO role_assignments (user_id, role,"
			 " unit_id, since) VALUES (?, ?, ?, ?) RETURNING id",
			 DB_P(DB_I(op->user_id), DB_I(op->role),
			      DB_I(op->unit_id), DB_I(db_now())), &op->id);
}

static int do_assign(struct db *d, void *arg)
{
	struct role_op *op = arg;
	struct role_assignment ra;
	enum unit_kind kind;
	const char *why = NULL;
	int rc = ops_unit_kind(d, op->unit_id, &kind);

	if (rc == 0)
		rc = user_is_active(d, op->user_id);
	if (rc == 0)
		rc = role_check_assignment(op->role, kind, &why); /* R-ROLE-1 */
	if (rc == 0) /* R-ROLE-4, R-ROLE-5: only by designation */
		rc = role_check_direct(op->role, NULL);
	if (rc == 0)
		rc = holds_already(d, op);
	if (rc == 0 && role_single_holder(op->role))
		rc = replace_holders(d, op);
	if (rc == 0)
		rc = insert_assignment(d, op);
	ra = (struct role_assignment){ .id = op->id, .user_id = op->user_id,
				       .role = op->role, .unit_id = op->unit_id };
	if (rc == 0)
		rc = audit_role(d, op->a, "role.assign", &ra, 0);
	return rc;
}

int store_role_assign(struct store *s, const struct actor *a, int64_t user_id,
		      enum role role, int64_t unit_id, int64_t *id)
{
	struct role_op op = { .a = a, .user_id = user_id, .role = role,
			      .unit_id = unit_id };
	int rc = store_write(s, do_assign, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int get_current(struct db *d, int64_t id, struct role_assignment *out)
{
	struct role_list l = { 0 };
	int rc = select_roles(d, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE id = ? AND revoked_at IS NULL",
			      DB_P(DB_I(id)), &l);

	if (rc == 0 && l.n == 0)
		rc = MM_ENOTFOUND;
	if (rc == 0)
		*out = l.items[0];
	role_list_release(&l);
	return rc;
}

static int do_revoke(struct db *d, void *arg)
{
	struct role_op *op = arg;
	struct role_assignment ra;
	int rc = get_current(d, op->id, &ra);

	if (rc == 0 && !role_may_vacate(ra.role))
		rc = MM_ERULE; /* R-ROLE-1: assign a successor instead */
	if (rc == 0) /* R-ROLE-4, R-ROLE-5: only by revoking the designation */
		rc = role_check_direct(ra.role, NULL);
	if (rc == 0)
		rc = end_assignment(d, ra.id);
	if (rc == 0)
		rc = audit_role(d, op->a, "role.revoke", &ra, 0);
	return rc;
}

int store_role_revoke(struct store *s, const struct actor *a, int64_t id)
{
	struct role_op op = { .a = a, .id = id };

	return store_write(s, do_revoke, &op);
}

int ops_roles_end_for_user(struct db *d, int64_t user_id, int64_t *n)
{
	struct role_list l = { 0 };
	int rc = select_roles(d, "SELECT " ROLE_COLS " FROM role_assignments"
			      " WHERE user_id = ? AND revoked_at IS NULL",
			      DB_P(DB_I(user_id)), &l);

	*n = 0;
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		if (!role_may_vacate(l.items[i].role))
			rc = MM_ERULE; /* R-ROLE-1 */
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		/*
		 * R-ROLE-4, R-ROLE-5: a designated role stays with its
		 * designation, which only the manager revokes (form 1).  The
		 * deactivated user cannot use it: no principal is loaded for
		 * an inactive user.
		 */
		if (role_by_designation(l.items[i].role))
			continue;
		rc = end_assignment(d, l.items[i].id);
		if (rc == 0)
			(*n)++;
	}
	if (rc < 0)
		*n = 0;
	role_list_release(&l);
	return rc;
}

int ops_role_hold_designated(struct db *d, int64_t user_id, enum role role,
			     int64_t unit_id)
{
	struct role_op op = { .user_id = user_id, .role = role,
			      .unit_id = unit_id };
	enum unit_kind kind;
	int rc = ops_unit_kind(d, unit_id, &kind);

	if (rc == 0 && (!role_by_designation(role) ||
			role_check_assignment(role, kind, NULL) != 0))
		rc = MM_ERULE;
	if (rc == 0)
		rc = holds_already(d, &op);
	if (rc == MM_EEXIST) /* held already (granted before form 1 existed) */
		return 0;
	return rc == 0 ? insert_assignment(d, &op) : rc;
}

int ops_role_end_designated(struct db *d, int64_t user_id, enum role role,
			    int64_t unit_id)
{
	if (!role_by_designation(role))
		return MM_ERULE;
	return db_exec(d, "UPDATE role_assignments SET revoked_at = ?"
		       " WHERE user_id = ? AND role = ? AND unit_id = ?"
		       " AND revoked_at IS NULL",
		       DB_P(DB_I(db_now()), DB_I(user_id), DB_I(role),
			    DB_I(unit_id)), NULL);
}

STORE_GETTER(store_role_get, struct role_assignment, get_current)

static int do_list_user(struct db *d, void *arg)
{
	struct role_op *op = arg;

	if (op->user_id == 0)
		return select_roles(d, "SELECT " ROLE_COLS " FROM role_assignments"
				    " WHERE revoked_at IS NULL"
				    " ORDER BY role, unit_id, id", DB_NONE, op->list);
	return select_roles(d, "SELECT " ROLE_COLS " FROM role_assignments"
			    " WHERE user_id = ? AND revoked_at IS NULL"
			    " ORDER BY role, unit_id, id", DB_P(DB_I(op->user_id)),
			    op->list);
}

static int do_list_unit(struct db *d, void *arg)
{
	struct role_op *op = arg;

	return select_roles(d, "SELECT " ROLE_COLS " FROM role_assignments"
			    " WHERE unit_id = ? AND revoked_at IS NULL"
			    " ORDER BY role, user_id, id", DB_P(DB_I(op->unit_id)),
			    op->list);
}

static int list_with(struct store *s, db_tx_fn fn, struct role_op *op,
		     struct role_list *out)
{
	int rc;

	out->items = NULL;
	out->n = 0;
	op->list = out;
	rc = store_read(s, fn, op);
	if (rc < 0)
		role_list_release(out);
	return rc;
}

int store_role_list(struct store *s, int64_t user_id, struct role_list *out)
{
	struct role_op op = { .user_id = user_id };

	return list_with(s, do_list_user, &op, out);
}

int store_role_list_unit(struct store *s, int64_t unit_id,
			 struct role_list *out)
{
	struct role_op op = { .unit_id = unit_id };

	return list_with(s, do_list_unit, &op, out);
}

int ops_principal_grant(const struct db_row *r, int col, struct principal *p)
{
	struct role_grant *g;

	if (p->n_roles >= MM_PRINCIPAL_ROLES)
		return 1;
	g = &p->roles[p->n_roles];
	g->role = (enum role)db_int(r, col);
	g->unit_id = db_int(r, col + 1);
	g->unit_kind = (enum unit_kind)db_int(r, col + 2);
	return db_text(r, col + 3, p->role_unit_names[p->n_roles++],
		       sizeof p->role_unit_names[0]);
}

int ops_principal_user(const struct db_row *r, int col, struct principal *p)
{
	int rc;

	p->unit_id = db_int(r, col + 2);
	p->is_admin = (int)db_int(r, col + 3);
	p->must_change_password = (int)db_int(r, col + 4);
	p->mfa_enrolled = db_int(r, col + 5) != 0;
	rc = db_text(r, col, p->login, sizeof p->login);
	if (rc == 0)
		rc = db_text(r, col + 1, p->name, sizeof p->name);
	return rc < 0 ? rc : db_text(r, col + 6, p->unit_name,
				       sizeof p->unit_name);
}

struct principal_rows {
	struct principal *p;
	int rows, rc;
};

static int principal_row(const struct db_row *r, void *arg)
{
	struct principal_rows *pr = arg;

	if (pr->rows++ == 0) {
		pr->rc = ops_principal_user(r, 0, pr->p);
		if (pr->rc < 0)
			return pr->rc;
	}
	if (db_type(r, 7) == DB_NULL)
		return 1; /* no current role */
	return ops_principal_grant(r, 7, pr->p);
}

/*
 * The user and a row per current role with its unit's kind, in one
 * statement (its own snapshot; one round trip on PostgreSQL where a read
 * transaction of two queries took four: issue 12, every API request with
 * a bearer token asks it).  The roles are joined as the session's query
 * joins them (ops/sessions.c): role_current searched by the user's id,
 * in role, unit order; unit_id is a NOT NULL foreign key of units.
 */
static int do_principal(struct db *d, void *arg)
{
	struct principal *p = ((struct role_op *)arg)->principal;
	int64_t user_id = p->user_id;
	struct principal_rows pr = { .p = p };
	int rc;

	memset(p, 0, sizeof *p); /* a retry starts over */
	p->user_id = user_id;
	rc = db_query(d, "SELECT u.login, u.name, u.unit_id, u.is_admin,"
		      " u.must_change_password, (SELECT count(*) FROM mfa_factors f"
		      " WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL),"
		      " hu.name, r.role, r.unit_id, ru.kind, ru.name"
		      " FROM users u"
		      " LEFT JOIN units hu ON hu.id = u.unit_id"
		      " LEFT JOIN role_assignments r"
		      " ON r.user_id = u.id AND r.revoked_at IS NULL"
		      " LEFT JOIN units ru ON ru.id = r.unit_id"
		      " WHERE u.id = ? AND u.active = 1"
		      " ORDER BY r.role, r.unit_id", DB_P(DB_I(user_id)),
		      principal_row, &pr);
	if (rc == 0 && pr.rows == 0)
		rc = MM_ENOTFOUND;
	return rc;
}

int store_principal_load(struct store *s, int64_t user_id,
			 struct principal *out)
{
	struct role_op op = { .principal = out };
	int rc;

	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	rc = store_read_single(s, do_principal, &op);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc;
}
