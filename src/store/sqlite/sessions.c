#include "sq.h"

#include <stdio.h>
#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

/* last_seen_at is rewritten at most this often (seconds). */
#define TOUCH_INTERVAL 60
/* Failed logins older than this are forgotten (seconds). */
#define FAILURE_KEEP (24 * 3600)

/* A sq_fn result meaning "done, commit, but the session has expired". */
#define EXPIRED 1

struct sess_op {
	const struct actor *a;
	const unsigned char *hash;
	struct session_info *info;
	int64_t now, idle, absolute;
	int64_t user_id;
	const char *login, *addr, *label;
	int64_t id;
	int by_login, by_addr;
};

static int do_create(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	sqlite3_stmt *st;
	int64_t now = sq_now();
	int rc = sq_prepare(db, "INSERT INTO sessions (token_hash, user_id,"
			    " created_at, last_seen_at) VALUES (?, ?, ?, ?)", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_blob(st, 1, op->hash, MM_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, op->a->user_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, now);
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	op->info->id = sqlite3_last_insert_rowid(db);
	op->info->user_id = op->a->user_id;
	op->info->created_at = now;
	op->info->last_seen_at = now;
	return sq_audit_append(db, op->a, "session.create", "session",
			       op->info->id, NULL);
}

int sq_session_create(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES],
		      struct session_info *out)
{
	struct sess_op op = { .a = a, .hash = hash, .info = out };

	memset(out, 0, sizeof *out);
	if (!a || a->user_id <= 0)
		return MM_EINVAL;
	return sq_write(sq_of(s), do_create, &op);
}

static int find_session(sqlite3 *db, const unsigned char *hash,
			struct session_info *out)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT id, user_id, created_at, last_seen_at"
			    " FROM sessions WHERE token_hash = ?", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, MM_HASH_BYTES, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		out->created_at = sqlite3_column_int64(st, 2);
		out->last_seen_at = sqlite3_column_int64(st, 3);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? MM_EAUTH : sq_err(rc);
	}
	sqlite3_finalize(st);
	return rc;
}

static int expired(const struct sess_op *op, const struct session_info *i)
{
	return op->now - i->last_seen_at > op->idle ||
		op->now - i->created_at > op->absolute;
}

static int do_find(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;

	return find_session(db, op->hash, op->info);
}

static int by_id(sqlite3 *db, const char *sql, int64_t v, int64_t id)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	if (v >= 0) {
		sqlite3_bind_int64(st, 1, v);
		sqlite3_bind_int64(st, 2, id);
	} else {
		sqlite3_bind_int64(st, 1, id);
	}
	return sq_done(st);
}

/*
 * Rereads the session under the write lock: another request may have won.
 * Ending an expired session is housekeeping, not anyone's act, so it has no
 * audit entry (the login and logout do).
 */
static int do_touch(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	int rc = find_session(db, op->hash, op->info);

	if (rc < 0)
		return rc;
	if (expired(op, op->info)) {
		rc = by_id(db, "DELETE FROM sessions WHERE id = ?", -1,
			   op->info->id);
		return rc < 0 ? rc : EXPIRED;
	}
	rc = by_id(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
		   op->now, op->info->id);
	if (rc == 0)
		op->info->last_seen_at = op->now;
	return rc;
}

int sq_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		     int64_t now, int64_t idle_secs, int64_t absolute_secs,
		     struct session_info *out)
{
	struct sess_op op = { .hash = hash, .info = out, .now = now,
			      .idle = idle_secs, .absolute = absolute_secs };
	int rc;

	memset(out, 0, sizeof *out);
	rc = sq_read(sq_of(s), do_find, &op);
	/* most requests need no write: fresh and seen less than a minute ago */
	if (rc == 0 && !expired(&op, out) &&
	    now - out->last_seen_at < TOUCH_INTERVAL)
		return 0;
	if (rc == 0)
		rc = sq_write(sq_of(s), do_touch, &op);
	if (rc == EXPIRED || rc < 0) {
		memset(out, 0, sizeof *out);
		return rc == EXPIRED ? MM_EAUTH : rc;
	}
	return 0;
}

static int do_delete(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	struct session_info info;
	int rc = find_session(db, op->hash, &info);

	if (rc == MM_EAUTH)
		return MM_ENOTFOUND;
	if (rc == 0)
		rc = by_id(db, "DELETE FROM sessions WHERE id = ?", -1, info.id);
	if (rc == 0)
		rc = sq_audit_append(db, op->a, "session.delete", "session",
				     info.id, NULL);
	return rc;
}

int sq_session_delete(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES])
{
	struct sess_op op = { .a = a, .hash = hash };

	return sq_write(sq_of(s), do_delete, &op);
}

static int do_token_create(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "INSERT INTO api_tokens (token_hash, user_id,"
			    " label, created_at) VALUES (?, ?, ?, ?)", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_blob(st, 1, op->hash, MM_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, op->user_id);
	sq_bind_text(st, 3, op->label);
	sqlite3_bind_int64(st, 4, sq_now());
	rc = sq_done(st);
	if (rc < 0)
		return rc;
	op->id = sqlite3_last_insert_rowid(db);
	buf_addf(&b, "{\"user_id\":%lld,\"label\":", (long long)op->user_id);
	rc = audit_json_str(&b, op->label);
	buf_addch(&b, '}');
	if (rc == 0)
		rc = buf_error(&b);
	if (rc == 0)
		rc = sq_audit_append(db, op->a, "token.create", "token", op->id,
				     buf_cstr(&b));
	buf_release(&b);
	return rc;
}

int sq_token_create(struct store *s, const struct actor *a, int64_t user_id,
		    const char *label, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *id)
{
	struct sess_op op = { .a = a, .user_id = user_id, .hash = hash,
			      .label = label ? label : "" };
	int rc = sq_write(sq_of(s), do_token_create, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int do_token_lookup(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "SELECT t.user_id FROM api_tokens t"
			    " JOIN users u ON u.id = t.user_id"
			    " WHERE t.token_hash = ? AND t.revoked_at IS NULL"
			    " AND u.active = 1", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_blob(st, 1, op->hash, MM_HASH_BYTES, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		op->user_id = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? MM_EAUTH : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int sq_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *user_id)
{
	struct sess_op op = { .hash = hash };
	int rc = sq_read(sq_of(s), do_token_lookup, &op);

	*user_id = rc == 0 ? op.user_id : 0;
	return rc;
}

int sq_access_end_for_user(sqlite3 *db, int64_t user_id, int64_t *sessions,
			   int64_t *tokens)
{
	int rc = by_id(db, "DELETE FROM sessions WHERE user_id = ?", -1, user_id);

	*sessions = rc == 0 ? sqlite3_changes(db) : 0;
	if (rc == 0)
		rc = by_id(db, "UPDATE api_tokens SET revoked_at = ?"
			   " WHERE user_id = ? AND revoked_at IS NULL",
			   sq_now(), user_id);
	*tokens = rc == 0 ? sqlite3_changes(db) : 0;
	return rc;
}

static int do_failure(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	sqlite3_stmt *st;
	int rc = by_id(db, "DELETE FROM login_failures WHERE at < ?", -1,
		       op->now - FAILURE_KEEP);

	if (rc == 0)
		rc = sq_prepare(db, "INSERT INTO login_failures (login, addr, at)"
				" VALUES (?, ?, ?)", &st);
	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, op->login);
	sq_bind_text(st, 2, op->addr);
	sqlite3_bind_int64(st, 3, op->now);
	return sq_done(st);
}

int sq_login_failure(struct store *s, const char *login, const char *addr,
		     int64_t now)
{
	struct sess_op op = { .login = login, .addr = addr, .now = now };

	return sq_write(sq_of(s), do_failure, &op);
}

static int count_since(sqlite3 *db, const char *sql, const char *key,
		       int64_t since, int *out)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	rc = rc == SQLITE_ROW ? 0 : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

static int do_failures(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	int rc = count_since(db, "SELECT count(*) FROM login_failures"
			     " WHERE login = ? AND at >= ?", op->login, op->now,
			     &op->by_login);

	if (rc == 0)
		rc = count_since(db, "SELECT count(*) FROM login_failures"
				 " WHERE addr = ? AND at >= ?", op->addr, op->now,
				 &op->by_addr);
	return rc;
}

int sq_login_failures(struct store *s, const char *login, const char *addr,
		      int64_t since, int *by_login, int *by_addr)
{
	struct sess_op op = { .login = login, .addr = addr, .now = since };
	int rc = sq_read(sq_of(s), do_failures, &op);

	*by_login = rc == 0 ? op.by_login : 0;
	*by_addr = rc == 0 ? op.by_addr : 0;
	return rc;
}

static int do_success(sqlite3 *db, void *arg)
{
	struct sess_op *op = arg;
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "DELETE FROM login_failures WHERE login = ?", &st);

	if (rc < 0)
		return rc;
	sq_bind_text(st, 1, op->login);
	return sq_done(st);
}

int sq_login_success(struct store *s, const char *login)
{
	struct sess_op op = { .login = login };

	return sq_write(sq_of(s), do_success, &op);
}
