#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

#define USER_COLS "id, login, name, name_kana, rank, sex, unit_id, is_admin," \
	" active, version"
#define USER_BY_ID "SELECT " USER_COLS " FROM users WHERE id = $1"

struct user_op {
	const struct actor *a;
	struct user *u;
	struct user saved;      /* u as given, restored before a retry */
	const char *text;       /* login or password hash */
	int64_t id;
	int64_t version;
	int flag;               /* active / include_inactive */
	char *out;              /* password hash out */
	struct user_list *list;
};

static int user_row(const PGresult *r, int i, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = pg_int(r, i, 0);
	u->rank = (enum rank)pg_int(r, i, 4);
	u->sex = (enum sex)pg_int(r, i, 5);
	u->unit_id = pg_int(r, i, 6);
	u->is_admin = (int)pg_int(r, i, 7);
	u->active = (int)pg_int(r, i, 8);
	u->version = pg_int(r, i, 9);
	if (pg_text(r, i, 1, u->login, sizeof u->login) < 0 ||
	    pg_text(r, i, 2, u->name, sizeof u->name) < 0 ||
	    pg_text(r, i, 3, u->name_kana, sizeof u->name_kana) < 0)
		return MM_EOVERFLOW;
	return 0;
}

/* Audit detail: identifiers only; names are personal and stay out. */
static int audit_user(PGconn *c, const struct actor *a, const char *action,
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
		rc = pg_audit_append(c, a, action, "user", u->id, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

static int do_create(PGconn *c, void *arg)
{
	struct user_op *op = arg;
	struct user *u = op->u;
	PGresult *r;
	int rc;

	*u = op->saved;
	rc = pg_run(c, &r, "INSERT INTO users (login, password_hash, name,"
		    " name_kana, rank, sex, unit_id, is_admin, active, version,"
		    " created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1,1,$9)"
		    " RETURNING id", "ttttnnini", u->login, op->text, u->name,
		    u->name_kana, (int)u->rank, (int)u->sex, u->unit_id,
		    u->is_admin ? 1 : 0, pg_now());
	if (rc < 0)
		return rc;
	u->id = pg_int(r, 0, 0);
	PQclear(r);
	u->version = 1;
	u->active = 1;
	u->is_admin = u->is_admin ? 1 : 0;
	return audit_user(c, op->a, "user.create", u, NULL);
}

int pg_user_create(struct store *s, const struct actor *a, struct user *u,
		   const char *password_hash)
{
	struct user_op op = { .a = a, .u = u, .saved = *u, .text = password_hash };
	int rc;

	if (!password_hash || !*password_hash ||
	    strlen(password_hash) >= MM_PWHASH_MAX)
		return MM_EINVAL;
	rc = pg_write(pg_of(s), do_create, &op);
	if (rc < 0)
		*u = op.saved;
	return rc;
}

static int get_one(PGconn *c, const char *sql, int64_t id, const char *text,
		   struct user *out)
{
	PGresult *r;
	int rc = text ? pg_run(c, &r, sql, "t", text) : pg_run(c, &r, sql, "i", id);

	if (rc < 0)
		return rc;
	rc = PQntuples(r) == 1 ? user_row(r, 0, out) : MM_ENOTFOUND;
	PQclear(r);
	return rc;
}

static int do_get(PGconn *c, void *arg)
{
	struct user_op *op = arg;

	if (op->text)
		return get_one(c, "SELECT " USER_COLS " FROM users WHERE login = $1",
			       0, op->text, op->u);
	return get_one(c, USER_BY_ID, op->id, NULL, op->u);
}

int pg_user_get(struct store *s, int64_t id, struct user *out)
{
	struct user_op op = { .id = id, .u = out };

	return pg_read(pg_of(s), do_get, &op);
}

int pg_user_get_by_login(struct store *s, const char *login, struct user *out)
{
	struct user_op op = { .text = login ? login : "", .u = out };

	return pg_read(pg_of(s), do_get, &op);
}

static int do_list(PGconn *c, void *arg)
{
	struct user_op *op = arg;
	struct user_list *l = op->list;
	PGresult *r;
	size_t cap = 0;
	int rc = pg_run(c, &r, "SELECT " USER_COLS " FROM users"
			" WHERE ($1::bigint = 0 OR unit_id = $1::bigint)"
			" AND ($2::int = 1 OR active = 1)"
			" ORDER BY name_kana COLLATE \"C\", id", "in", op->id,
			op->flag ? 1 : 0);

	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		rc = pg_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc == 0)
			rc = user_row(r, i, &l->items[l->n]);
		if (rc == 0)
			l->n++;
	}
	PQclear(r);
	return rc;
}

int pg_user_list(struct store *s, int64_t unit_id, int include_inactive,
		 struct user_list *out)
{
	struct user_op op = { .id = unit_id, .flag = include_inactive,
			      .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	rc = pg_read(pg_of(s), do_list, &op);
	if (rc < 0)
		user_list_release(out);
	return rc;
}

static int do_update(PGconn *c, void *arg)
{
	struct user_op *op = arg;
	struct user *u = op->u;
	PGresult *r;
	int64_t n;
	int rc;

	*u = op->saved;
	rc = pg_run(c, &r, "UPDATE users SET name = $1, name_kana = $2,"
		    " rank = $3, sex = $4, unit_id = $5, is_admin = $6,"
		    " version = version + 1 WHERE id = $7 AND version = $8",
		    "ttnninii", u->name, u->name_kana, (int)u->rank, (int)u->sex,
		    u->unit_id, u->is_admin ? 1 : 0, u->id, u->version);
	if (rc < 0)
		return rc;
	n = pg_changes(r);
	PQclear(r);
	if (n == 0)
		return pg_stale_or_missing(c, "SELECT 1 FROM users WHERE id = $1",
					   u->id);
	/* reread, so the caller (and the audit) see the stored login/active */
	rc = get_one(c, USER_BY_ID, u->id, NULL, u);
	if (rc == 0)
		rc = audit_user(c, op->a, "user.update", u, NULL);
	return rc;
}

int pg_user_update(struct store *s, const struct actor *a, struct user *u)
{
	struct user_op op = { .a = a, .u = u, .saved = *u };
	int rc = pg_write(pg_of(s), do_update, &op);

	if (rc < 0)
		*u = op.saved;
	return rc;
}

static int set_active_row(PGconn *c, int64_t id, int64_t version, int active)
{
	PGresult *r;
	int64_t n;
	int rc = pg_run(c, &r, "UPDATE users SET active = $1, version = version + 1"
			" WHERE id = $2 AND version = $3", "nii", active, id,
			version);

	if (rc < 0)
		return rc;
	n = pg_changes(r);
	PQclear(r);
	if (n == 0)
		return pg_stale_or_missing(c, "SELECT 1 FROM users WHERE id = $1", id);
	return 0;
}

static int do_set_active(PGconn *c, void *arg)
{
	struct user_op *op = arg;
	struct user u;
	char extra[128] = "";
	int64_t roles = 0, sessions = 0, tokens = 0;
	int rc = set_active_row(c, op->id, op->version, op->flag);

	if (rc == 0 && !op->flag) {
		/* the general manager cannot leave without a successor */
		rc = pg_roles_end_for_user(c, op->id, &roles);
		if (rc == 0)
			rc = pg_access_end_for_user(c, op->id, &sessions, &tokens);
		snprintf(extra, sizeof extra, ",\"roles_ended\":%lld,"
			 "\"sessions_ended\":%lld,\"tokens_revoked\":%lld",
			 (long long)roles, (long long)sessions, (long long)tokens);
	}
	if (rc == 0)
		rc = get_one(c, USER_BY_ID, op->id, NULL, &u);
	if (rc == 0)
		rc = audit_user(c, op->a, op->flag ? "user.activate" :
				"user.deactivate", &u, extra);
	return rc;
}

int pg_user_set_active(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, int active)
{
	struct user_op op = { .a = a, .id = id, .version = version,
			      .flag = active ? 1 : 0 };

	return pg_write(pg_of(s), do_set_active, &op);
}

static int do_password_hash(PGconn *c, void *arg)
{
	struct user_op *op = arg;
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT password_hash FROM users"
			" WHERE id = $1 AND active = 1", "i", op->id);

	if (rc < 0)
		return rc;
	rc = PQntuples(r) == 1 ? pg_text(r, 0, 0, op->out, MM_PWHASH_MAX) :
		MM_ENOTFOUND;
	PQclear(r);
	return rc;
}

int pg_user_password_hash(struct store *s, int64_t id, char out[MM_PWHASH_MAX])
{
	struct user_op op = { .id = id, .out = out };

	out[0] = '\0';
	return pg_read(pg_of(s), do_password_hash, &op);
}

static int do_set_password(PGconn *c, void *arg)
{
	struct user_op *op = arg;
	struct user u;
	PGresult *r;
	int rc = pg_run(c, &r, "UPDATE users SET password_hash = $1"
			" WHERE id = $2 AND active = 1", "ti", op->text, op->id);

	if (rc < 0)
		return rc;
	if (pg_changes(r) == 0)
		rc = MM_ENOTFOUND;
	PQclear(r);
	/* a silent rehash (no actor) records nothing: the password is the same */
	if (rc == 0 && op->a)
		rc = get_one(c, USER_BY_ID, op->id, NULL, &u);
	if (rc == 0 && op->a)
		rc = audit_user(c, op->a, "user.password", &u, NULL);
	return rc;
}

int pg_user_set_password(struct store *s, const struct actor *a, int64_t id,
			 const char *password_hash)
{
	struct user_op op = { .a = a, .id = id, .text = password_hash };

	if (!password_hash || !*password_hash ||
	    strlen(password_hash) >= MM_PWHASH_MAX)
		return MM_EINVAL;
	return pg_write(pg_of(s), do_set_password, &op);
}
