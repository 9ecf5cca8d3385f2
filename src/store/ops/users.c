/*
 * users.c - the user operations of store.h, once for every backend.
 * Contract: store.h.  Audit details carry identifiers only: names are
 * personal and stay out of the trail.
 */
#include "ops.h"
#include "page.h"

#include <stdio.h>
#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

#define USER_COLS "id, login, name, name_kana, rank, sex, unit_id, is_admin," \
	" active, version"
#define USER_BY_ID "SELECT " USER_COLS " FROM users WHERE id = ?"

struct user_op {
	const struct actor *a;
	struct user *u;
	struct user saved;      /* u as given, restored before a retry */
	const char *text;       /* login or password hash */
	int64_t id;
	int64_t version;
	int flag;               /* active / include_inactive */
	char *out;              /* password hash out */
	const struct password_set *how;
};

static int user_row(const struct db_row *r, void *arg)
{
	struct user *u = arg;

	memset(u, 0, sizeof *u);
	u->id = db_int(r, 0);
	u->rank = (enum rank)db_int(r, 4);
	u->sex = (enum sex)db_int(r, 5);
	u->unit_id = db_int(r, 6);
	u->is_admin = (int)db_int(r, 7);
	u->active = (int)db_int(r, 8);
	u->version = db_int(r, 9);
	if (db_text(r, 1, u->login, sizeof u->login) < 0 ||
	    db_text(r, 2, u->name, sizeof u->name) < 0 ||
	    db_text(r, 3, u->name_kana, sizeof u->name_kana) < 0)
		return MM_EOVERFLOW;
	return 0;
}

static int get_by_id(struct db *d, int64_t id, struct user *out)
{
	return db_first(d, USER_BY_ID, DB_P(DB_I(id)), user_row, out);
}

static int audit_user(struct db *d, const struct actor *a, const char *action,
		      const struct user *u, const char *extra)
{
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc;

	buf_adds(&b, "{\"login\":");
	audit_json_str(&b, u->login);
	buf_addf(&b, ",\"unit_id\":%lld,\"rank\":%d,\"is_admin\":%d,"
		 "\"version\":%lld%s}", (long long)u->unit_id, (int)u->rank,
		 u->is_admin, (long long)u->version, extra ? extra : "");
	rc = buf_error(&b);
	if (rc == 0)
		rc = ops_audit_append(d, a, action, "user", u->id, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

static int do_create(struct db *d, void *arg)
{
	struct user_op *op = arg;
	struct user *u = op->u;
	int rc;

	*u = op->saved;
	rc = db_int_of(d, "INSERT INTO users (login, password_hash, name,"
		       " name_kana, rank, sex, unit_id, is_admin, active, version,"
		       " created_at) VALUES (?,?,?,?,?,?,?,?,1,1,?) RETURNING id",
		       DB_P(DB_T(u->login), DB_T(op->text), DB_T(u->name),
			    DB_T(u->name_kana), DB_I(u->rank), DB_I(u->sex),
			    DB_I(u->unit_id), DB_I(u->is_admin ? 1 : 0),
			    DB_I(db_now())), &u->id);
	if (rc < 0)
		return rc;
	u->version = 1;
	u->active = 1;
	u->is_admin = u->is_admin ? 1 : 0;
	return audit_user(d, op->a, "user.create", u, NULL);
}

static int valid_hash(const char *password_hash)
{
	return password_hash && *password_hash &&
		strlen(password_hash) < MM_PWHASH_MAX;
}

int store_user_create(struct store *s, const struct actor *a, struct user *u,
		      const char *password_hash)
{
	struct user_op op = { .a = a, .u = u, .saved = *u, .text = password_hash };
	int rc;

	if (!valid_hash(password_hash))
		return MM_EINVAL;
	rc = store_write(s, do_create, &op);
	if (rc < 0)
		*u = op.saved;
	return rc;
}

static int do_get(struct db *d, void *arg)
{
	struct user_op *op = arg;

	if (op->text)
		return db_first(d, "SELECT " USER_COLS " FROM users WHERE login = ?",
				DB_P(DB_T(op->text)), user_row, op->u);
	return get_by_id(d, op->id, op->u);
}

int store_user_get(struct store *s, int64_t id, struct user *out)
{
	struct user_op op = { .id = id, .u = out };

	return store_read(s, do_get, &op);
}

int store_user_get_by_login(struct store *s, const char *login,
			    struct user *out)
{
	struct user_op op = { .text = login ? login : "", .u = out };

	return store_read(s, do_get, &op);
}

/* The users as a list; the object is its unit, owned by the user. */
static const struct ops_list user_rows = {
	.cols = USER_COLS ", unit_name",
	.from = "FROM users" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "id",
	.state = "0",
	.keys = "name_kana COLLATE \"C\", id",
};

static int list_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	int rc = user_row(r, item);

	return rc < 0 ? rc : ops_joined_read(r, 10, "u", j, pool);
}

int store_user_list(struct store *s, const struct authz_view *view,
		    int64_t unit_id, int include_inactive,
		    const struct page_req *req, struct user_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, list_row);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	if (!include_inactive)
		ops_where_add(&w, "active = 1", DB_NONE);
	return ops_where_page(s, &user_rows, view, &w, req, &o);
}

int store_user_counts(struct store *s, const struct authz_view *view,
		      struct user_counts *out)
{
	int rc = ops_list_count(s, &user_rows, view, "active = 1", DB_NONE,
				&out->active);

	if (rc == 0)
		rc = ops_list_count(s, &user_rows, view, "active = 1 AND NOT"
				    " EXISTS (SELECT 1 FROM role_assignments r"
				    " WHERE r.user_id = users.id AND"
				    " r.revoked_at IS NULL)", DB_NONE,
				    &out->without_role);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc;
}

static int do_update(struct db *d, void *arg)
{
	struct user_op *op = arg;
	struct user *u = op->u;
	int64_t n = 0;
	int rc;

	*u = op->saved;
	rc = db_exec(d, "UPDATE users SET name = ?, name_kana = ?, rank = ?,"
		     " sex = ?, unit_id = ?, is_admin = ?, version = version + 1"
		     " WHERE id = ? AND version = ?",
		     DB_P(DB_T(u->name), DB_T(u->name_kana), DB_I(u->rank),
			  DB_I(u->sex), DB_I(u->unit_id), DB_I(u->is_admin ? 1 : 0),
			  DB_I(u->id), DB_I(u->version)), &n);
	if (rc < 0)
		return rc;
	if (n == 0)
		return db_stale_or_missing(d, "SELECT 1 FROM users WHERE id = ?",
					   u->id);
	/* reread, so the caller (and the audit) see the stored login/active */
	rc = get_by_id(d, u->id, u);
	if (rc == 0)
		rc = audit_user(d, op->a, "user.update", u, NULL);
	return rc;
}

int store_user_update(struct store *s, const struct actor *a, struct user *u)
{
	struct user_op op = { .a = a, .u = u, .saved = *u };
	int rc = store_write(s, do_update, &op);

	if (rc < 0)
		*u = op.saved;
	return rc;
}

static int set_active_row(struct db *d, int64_t id, int64_t version, int active)
{
	int64_t n = 0;
	int rc = db_exec(d, "UPDATE users SET active = ?, version = version + 1"
			 " WHERE id = ? AND version = ?",
			 DB_P(DB_I(active), DB_I(id), DB_I(version)), &n);

	if (rc < 0)
		return rc;
	if (n == 0)
		return db_stale_or_missing(d, "SELECT 1 FROM users WHERE id = ?", id);
	return 0;
}

/* Deactivation ends roles (R-ROLE-1 may refuse), sessions and tokens. */
static int end_everything(struct db *d, int64_t id, char *extra, size_t cap)
{
	int64_t roles = 0, sessions = 0, tokens = 0;
	int rc = ops_roles_end_for_user(d, id, &roles);

	if (rc == 0)
		rc = ops_access_end_for_user(d, id, NULL, &sessions, &tokens);
	snprintf(extra, cap, ",\"roles_ended\":%lld,\"sessions_ended\":%lld,"
		 "\"tokens_revoked\":%lld", (long long)roles,
		 (long long)sessions, (long long)tokens);
	return rc;
}

static int do_set_active(struct db *d, void *arg)
{
	struct user_op *op = arg;
	struct user u;
	char extra[128] = "";
	int rc = set_active_row(d, op->id, op->version, op->flag);

	if (rc == 0 && !op->flag)
		rc = end_everything(d, op->id, extra, sizeof extra);
	if (rc == 0)
		rc = get_by_id(d, op->id, &u);
	if (rc == 0)
		rc = audit_user(d, op->a, op->flag ? "user.activate" :
				"user.deactivate", &u, extra);
	return rc;
}

int store_user_set_active(struct store *s, const struct actor *a,
			  int64_t id, int64_t version, int active)
{
	struct user_op op = { .a = a, .id = id, .version = version,
			      .flag = active ? 1 : 0 };

	return store_write(s, do_set_active, &op);
}

static int hash_row(const struct db_row *r, void *arg)
{
	return db_text(r, 0, arg, MM_PWHASH_MAX);
}

static int do_password_hash(struct db *d, void *arg)
{
	struct user_op *op = arg;

	return db_first(d, "SELECT password_hash FROM users"
			" WHERE id = ? AND active = 1", DB_P(DB_I(op->id)),
			hash_row, op->out);
}

int store_user_password_hash(struct store *s, int64_t id,
			     char out[MM_PWHASH_MAX])
{
	struct user_op op = { .id = id, .out = out };

	out[0] = '\0';
	return store_read(s, do_password_hash, &op);
}

/* A silent rehash (no actor) records nothing: the password is the same. */
static int do_rehash(struct db *d, void *arg)
{
	struct user_op *op = arg;
	int64_t n = 0;
	int rc = db_exec(d, "UPDATE users SET password_hash = ?"
			 " WHERE id = ? AND active = 1",
			 DB_P(DB_T(op->text), DB_I(op->id)), &n);

	return rc == 0 && n == 0 ? MM_ENOTFOUND : rc;
}

static int do_set_password(struct db *d, void *arg)
{
	struct user_op *op = arg;
	const struct password_set *how = op->how;
	int64_t n = 0, sessions = 0, tokens = 0;
	char extra[160];
	struct user u;
	int rc = db_exec(d, "UPDATE users SET password_hash = ?,"
			 " must_change_password = ? WHERE id = ? AND active = 1",
			 DB_P(DB_T(op->text), DB_I(how->must_change ? 1 : 0),
			      DB_I(op->id)), &n);

	if (rc == 0 && n == 0)
		rc = MM_ENOTFOUND;
	if (rc == 0)
		rc = ops_access_end_for_user(d, op->id, how->keep_session,
					     &sessions, &tokens);
	if (rc == 0)
		rc = get_by_id(d, op->id, &u);
	snprintf(extra, sizeof(extra), ",\"must_change\":%d,"
		 "\"sessions_ended\":%lld,\"tokens_revoked\":%lld",
		 how->must_change ? 1 : 0, (long long)sessions,
		 (long long)tokens);
	if (rc == 0)
		rc = audit_user(d, op->a, "user.password", &u, extra);
	return rc;
}

int store_user_set_password(struct store *s, const struct actor *a,
			    int64_t id, const char *password_hash,
			    const struct password_set *how)
{
	static const struct password_set by_other = { .must_change = 1 };
	struct user_op op = { .a = a, .id = id, .text = password_hash,
			      .how = how ? how : &by_other };

	if (!valid_hash(password_hash))
		return MM_EINVAL;
	return store_write(s, a ? do_set_password : do_rehash, &op);
}
