#include "sq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

#define USER_COLS "id, login, name, name_kana, rank, sex, unit_id, is_admin," \
	" active, version"

struct user_op {
	const struct actor *a;
	struct user *u;
	const char *text;       /* login or password hash */
	int64_t id;
	int64_t version;
	int flag;               /* active / include_inactive */
	char *out;              /* password hash out */
	struct user_list *list;
};

static int user_row(sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->rank = (enum rank)sqlite3_column_int(st, 4);
	u->sex = (enum sex)sqlite3_column_int(st, 5);
	u->unit_id = sqlite3_column_int64(st, 6);
	u->is_admin = sqlite3_column_int(st, 7);
	u->active = sqlite3_column_int(st, 8);
	u->version = sqlite3_column_int64(st, 9);
	if (sq_text(st, 1, u->login, sizeof u->login) < 0 ||
	    sq_text(st, 2, u->name, sizeof u->name) < 0 ||
	    sq_text(st, 3, u->name_kana, sizeof u->name_kana) < 0)
		return MM_EOVERFLOW;
	return 0;
}

/* Audit detail: identifiers only; names are personal and stay out. */
static int audit_user(sqlite3 *db, const struct actor *a, const char *action,
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
		rc = sq_audit_append(db, a, action, "user", u->id, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

static int do_create(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;
	struct user *u = op->u;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "INSERT INTO users (login, password_hash, name,"
			    " name_kana, rank, sex, unit_id, is_admin, active,"
			    " version, created_at) VALUES (?,?,?,?,?,?,?,?,1,1,?)",
			    &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, u->login);
	sq_bind_text(st, 2, op->text);
	sq_bind_text(st, 3, u->name);
	sq_bind_text(st, 4, u->name_kana);
	sqlite3_bind_int(st, 5, (int)u->rank);
	sqlite3_bind_int(st, 6, (int)u->sex);
	sqlite3_bind_int64(st, 7, u->unit_id);
	sqlite3_bind_int(st, 8, u->is_admin ? 1 : 0);
	sqlite3_bind_int64(st, 9, sq_now());
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	u->id = sqlite3_last_insert_rowid(db);
	u->version = 1;
	u->active = 1;
	u->is_admin = u->is_admin ? 1 : 0;
	return audit_user(db, op->a, "user.create", u, NULL);
}

int sq_user_create(struct store *s, const struct actor *a, struct user *u,
		   const char *password_hash)
{
	struct user_op op = { .a = a, .u = u, .text = password_hash };
	struct user saved = *u;
	int rc;

	if (!password_hash || !*password_hash ||
	    strlen(password_hash) >= MM_PWHASH_MAX)
		return MM_EINVAL;
	rc = sq_write(sq_of(s), do_create, &op);
	if (rc < 0)
		*u = saved;
	return rc;
}

static int get_one(sqlite3 *db, const char *sql, int64_t id, const char *text,
		   struct user *out)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	if (text)
		sq_bind_text(st, 1, text);
	else
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = user_row(st, out);
	else
		rc = rc == SQLITE_DONE ? MM_ENOTFOUND : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int do_get(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;

	if (op->text)
		return get_one(db, "SELECT " USER_COLS " FROM users WHERE login = ?",
			       0, op->text, op->u);
	return get_one(db, "SELECT " USER_COLS " FROM users WHERE id = ?",
		       op->id, NULL, op->u);
}

int sq_user_get(struct store *s, int64_t id, struct user *out)
{
	struct user_op op = { .id = id, .u = out };

	return sq_read(sq_of(s), do_get, &op);
}

int sq_user_get_by_login(struct store *s, const char *login, struct user *out)
{
	struct user_op op = { .text = login ? login : "", .u = out };

	return sq_read(sq_of(s), do_get, &op);
}

static int do_list(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;
	struct user_list *l = op->list;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = sq_prepare(db, "SELECT " USER_COLS " FROM users"
			    " WHERE (?1 = 0 OR unit_id = ?1) AND (?2 OR active = 1)"
			    " ORDER BY name_kana, id", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_int(st, 2, op->flag ? 1 : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = sq_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc == 0)
			rc = user_row(st, &l->items[l->n]);
		if (rc < 0)
			break;
		l->n++;
	}
	rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int sq_user_list(struct store *s, int64_t unit_id, int include_inactive,
		 struct user_list *out)
{
	struct user_op op = { .id = unit_id, .flag = include_inactive,
			      .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	rc = sq_read(sq_of(s), do_list, &op);
	if (rc < 0)
		user_list_release(out);
	return rc;
}

static int do_update(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;
	struct user *u = op->u;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "UPDATE users SET name = ?, name_kana = ?,"
			    " rank = ?, sex = ?, unit_id = ?, is_admin = ?,"
			    " version = version + 1 WHERE id = ? AND version = ?",
			    &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, u->name);
	sq_bind_text(st, 2, u->name_kana);
	sqlite3_bind_int(st, 3, (int)u->rank);
	sqlite3_bind_int(st, 4, (int)u->sex);
	sqlite3_bind_int64(st, 5, u->unit_id);
	sqlite3_bind_int(st, 6, u->is_admin ? 1 : 0);
	sqlite3_bind_int64(st, 7, u->id);
	sqlite3_bind_int64(st, 8, u->version);
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	if (sqlite3_changes(db) == 0)
		return sq_stale_or_missing(db, "SELECT 1 FROM users WHERE id = ?",
					   u->id);
	/* reread, so the caller (and the audit) see the stored login/active */
	rc = get_one(db, "SELECT " USER_COLS " FROM users WHERE id = ?", u->id,
		     NULL, u);
	if (rc == 0)
		rc = audit_user(db, op->a, "user.update", u, NULL);
	return rc;
}

int sq_user_update(struct store *s, const struct actor *a, struct user *u)
{
	struct user_op op = { .a = a, .u = u };
	struct user saved = *u;
	int rc = sq_write(sq_of(s), do_update, &op);

	if (rc < 0)
		*u = saved;
	return rc;
}

static int set_active_row(sqlite3 *db, int64_t id, int64_t version, int active)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "UPDATE users SET active = ?,"
			    " version = version + 1 WHERE id = ? AND version = ?",
			    &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int(st, 1, active);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, version);
	rc = sq_done(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		rc = sq_stale_or_missing(db, "SELECT 1 FROM users WHERE id = ?", id);
	return rc;
}

static int do_set_active(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;
	struct user u;
	char extra[128] = "";
	int64_t roles = 0, sessions = 0, tokens = 0;
	int rc = set_active_row(db, op->id, op->version, op->flag);

	if (rc == 0 && !op->flag) {
		/* the general manager cannot leave without a successor */
		rc = sq_roles_end_for_user(db, op->id, &roles);
		if (rc == 0)
			rc = sq_access_end_for_user(db, op->id, &sessions, &tokens);
		snprintf(extra, sizeof extra, ",\"roles_ended\":%lld,"
			 "\"sessions_ended\":%lld,\"tokens_revoked\":%lld",
			 (long long)roles, (long long)sessions, (long long)tokens);
	}
	if (rc == 0)
		rc = get_one(db, "SELECT " USER_COLS " FROM users WHERE id = ?",
			     op->id, NULL, &u);
	if (rc == 0)
		rc = audit_user(db, op->a, op->flag ? "user.activate" :
				"user.deactivate", &u, extra);
	return rc;
}

int sq_user_set_active(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int active)
{
	struct user_op op = { .a = a, .id = id, .version = version,
			      .flag = active ? 1 : 0 };

	return sq_write(sq_of(s), do_set_active, &op);
}

static int do_password_hash(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT password_hash FROM users"
			    " WHERE id = ? AND active = 1", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, op->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = sq_text(st, 0, op->out, MM_PWHASH_MAX);
	else
		rc = rc == SQLITE_DONE ? MM_ENOTFOUND : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int sq_user_password_hash(struct store *s, int64_t id, char out[MM_PWHASH_MAX])
{
	struct user_op op = { .id = id, .out = out };

	out[0] = '\0';
	return sq_read(sq_of(s), do_password_hash, &op);
}

static int do_set_password(sqlite3 *db, void *arg)
{
	struct user_op *op = arg;
	struct user u;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "UPDATE users SET password_hash = ?"
			    " WHERE id = ? AND active = 1", &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, op->text);
	sqlite3_bind_int64(st, 2, op->id);
	rc = sq_done(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		rc = MM_ENOTFOUND;
	/* a silent rehash (no actor) records nothing: the password is the same */
	if (rc == 0 && op->a)
		rc = get_one(db, "SELECT " USER_COLS " FROM users WHERE id = ?",
			     op->id, NULL, &u);
	if (rc == 0 && op->a)
		rc = audit_user(db, op->a, "user.password", &u, NULL);
	return rc;
}

int sq_user_set_password(struct store *s, const struct actor *a, int64_t id,
			 const char *password_hash)
{
	struct user_op op = { .a = a, .id = id, .text = password_hash };

	if (!password_hash || !*password_hash ||
	    strlen(password_hash) >= MM_PWHASH_MAX)
		return MM_EINVAL;
	return sq_write(sq_of(s), do_set_password, &op);
}
