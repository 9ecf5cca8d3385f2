/*
 * sessions.c - sessions, API tokens and login throttling of store.h,
 * once for every backend.  Contract: store.h.  Tokens are stored only as
 * their hash (a blob of MM_HASH_BYTES).
 */
#include "ops.h"

#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

/* last_seen_at is rewritten at most this often (seconds). */
#define TOUCH_INTERVAL 60
/* Failed logins older than this are forgotten (seconds). */
#define FAILURE_KEEP (24 * 3600)

/* A store_write result meaning "done, commit, but the session expired". */
#define EXPIRED 1

#define HASH(h) DB_B((h), MM_HASH_BYTES)

struct sess_op {
	const struct actor *a;
	const unsigned char *hash;
	struct session_info *info;
	int64_t now, idle, absolute;
	int64_t user_id;
	const char *login, *addr, *label;
	int64_t id;
	struct login_counts *counts;
};

static int do_create(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	int64_t now = db_now();
	int rc = db_int_of(d, "INSERT INTO sessions (token_hash, user_id,"
			   " created_at, last_seen_at) VALUES (?, ?, ?, ?)"
			   " RETURNING id", DB_P(HASH(op->hash),
			   DB_I(op->a->user_id), DB_I(now), DB_I(now)),
			   &op->info->id);

	if (rc < 0)
		return rc;
	op->info->user_id = op->a->user_id;
	op->info->created_at = now;
	op->info->last_seen_at = now;
	return ops_audit_append(d, op->a, "session.create", "session",
				op->info->id, NULL);
}

int store_session_create(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES],
			 struct session_info *out)
{
	struct sess_op op = { .a = a, .hash = hash, .info = out };
	int rc;

	memset(out, 0, sizeof *out);
	if (!a || a->user_id <= 0)
		return MM_EINVAL;
	rc = store_write(s, do_create, &op);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc;
}

static int session_row(const struct db_row *r, void *arg)
{
	struct session_info *out = arg;

	out->id = db_int(r, 0);
	out->user_id = db_int(r, 1);
	out->created_at = db_int(r, 2);
	out->last_seen_at = db_int(r, 3);
	return 0;
}

static int find_session(struct db *d, const unsigned char *hash,
			struct session_info *out)
{
	int rc = db_first(d, "SELECT id, user_id, created_at, last_seen_at"
			  " FROM sessions WHERE token_hash = ?", DB_P(HASH(hash)),
			  session_row, out);

	return rc == MM_ENOTFOUND ? MM_EAUTH : rc;
}

static int expired(const struct sess_op *op, const struct session_info *i)
{
	return op->now - i->last_seen_at > op->idle ||
		op->now - i->created_at > op->absolute;
}

static int do_find(struct db *d, void *arg)
{
	struct sess_op *op = arg;

	return find_session(d, op->hash, op->info);
}

/*
 * Rereads the session in the write transaction: another request (or
 * another app server) may have won.  Ending an expired session is
 * housekeeping, not anyone's act, so it has no audit entry (the login
 * and logout do).
 */
static int do_touch(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	int rc = find_session(d, op->hash, op->info);

	if (rc < 0)
		return rc;
	if (expired(op, op->info)) {
		rc = db_exec(d, "DELETE FROM sessions WHERE id = ?",
			     DB_P(DB_I(op->info->id)), NULL);
		return rc < 0 ? rc : EXPIRED;
	}
	rc = db_exec(d, "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
		     DB_P(DB_I(op->now), DB_I(op->info->id)), NULL);
	if (rc == 0)
		op->info->last_seen_at = op->now;
	return rc;
}

int store_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
			int64_t now, int64_t idle_secs, int64_t absolute_secs,
			struct session_info *out)
{
	struct sess_op op = { .hash = hash, .info = out, .now = now,
			      .idle = idle_secs, .absolute = absolute_secs };
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_read(s, do_find, &op);
	/* most requests need no write: fresh and seen less than a minute ago */
	if (rc == 0 && !expired(&op, out) &&
	    now - out->last_seen_at < TOUCH_INTERVAL)
		return 0;
	if (rc == 0)
		rc = store_write(s, do_touch, &op);
	if (rc == EXPIRED || rc < 0) {
		memset(out, 0, sizeof *out);
		return rc == EXPIRED ? MM_EAUTH : rc;
	}
	return 0;
}

static int do_delete(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	struct session_info info;
	int rc = find_session(d, op->hash, &info);

	if (rc == MM_EAUTH)
		return MM_ENOTFOUND;
	if (rc == 0)
		rc = db_exec(d, "DELETE FROM sessions WHERE id = ?",
			     DB_P(DB_I(info.id)), NULL);
	if (rc == 0)
		rc = ops_audit_append(d, op->a, "session.delete", "session",
				      info.id, NULL);
	return rc;
}

int store_session_delete(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES])
{
	struct sess_op op = { .a = a, .hash = hash };

	return store_write(s, do_delete, &op);
}

static int token_detail(const struct sess_op *op, struct buf *b)
{
	buf_addf(b, "{\"user_id\":%lld,\"label\":", (long long)op->user_id);
	audit_json_str(b, op->label);
	buf_addch(b, '}');
	return buf_error(b);
}

static int do_token_create(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc = db_int_of(d, "INSERT INTO api_tokens (token_hash, user_id,"
			   " label, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			   DB_P(HASH(op->hash), DB_I(op->user_id), DB_T(op->label),
				DB_I(db_now())), &op->id);

	if (rc < 0)
		return rc;
	rc = token_detail(op, &b);
	if (rc == 0)
		rc = ops_audit_append(d, op->a, "token.create", "token", op->id,
				      buf_cstr(&b));
	buf_release(&b);
	return rc;
}

int store_token_create(struct store *s, const struct actor *a, int64_t user_id,
		       const char *label, const unsigned char hash[MM_HASH_BYTES],
		       int64_t *id)
{
	struct sess_op op = { .a = a, .user_id = user_id, .hash = hash,
			      .label = label ? label : "" };
	int rc = store_write(s, do_token_create, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int do_token_lookup(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	int rc = db_int_of(d, "SELECT t.user_id FROM api_tokens t"
			   " JOIN users u ON u.id = t.user_id"
			   " WHERE t.token_hash = ? AND t.revoked_at IS NULL"
			   " AND u.active = 1", DB_P(HASH(op->hash)), &op->user_id);

	return rc == MM_ENOTFOUND ? MM_EAUTH : rc;
}

int store_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		       int64_t *user_id)
{
	struct sess_op op = { .hash = hash };
	int rc = store_read(s, do_token_lookup, &op);

	*user_id = rc == 0 ? op.user_id : 0;
	return rc;
}

int ops_access_end_for_user(struct db *d, int64_t user_id,
			    const unsigned char *keep, int64_t *sessions,
			    int64_t *tokens)
{
	int rc;

	*sessions = 0;
	*tokens = 0;
	if (keep)
		rc = db_exec(d, "DELETE FROM sessions WHERE user_id = ?"
			     " AND token_hash <> ?", DB_P(DB_I(user_id),
			     HASH(keep)), sessions);
	else
		rc = db_exec(d, "DELETE FROM sessions WHERE user_id = ?",
			     DB_P(DB_I(user_id)), sessions);
	if (rc == 0)
		rc = db_exec(d, "UPDATE api_tokens SET revoked_at = ?"
			     " WHERE user_id = ? AND revoked_at IS NULL",
			     DB_P(DB_I(db_now()), DB_I(user_id)), tokens);
	return rc;
}

static int do_failure(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	int rc = db_exec(d, "DELETE FROM login_failures WHERE at < ?",
			 DB_P(DB_I(op->now - FAILURE_KEEP)), NULL);

	if (rc == 0)
		rc = db_exec(d, "INSERT INTO login_failures (login, addr, at)"
			     " VALUES (?, ?, ?)", DB_P(DB_T(op->login),
			     DB_T(op->addr), DB_I(op->now)), NULL);
	return rc;
}

int store_login_failure(struct store *s, const char *login, const char *addr,
			int64_t now)
{
	struct sess_op op = { .login = login, .addr = addr, .now = now };

	return store_write(s, do_failure, &op);
}

static int address_row(const struct db_row *r, void *arg)
{
	struct login_counts *c = arg;

	c->by_address = db_int(r, 0);
	c->address_oldest_at = db_int(r, 1);
	return 0;
}

static int pair_row(const struct db_row *r, void *arg)
{
	struct login_counts *c = arg;

	c->by_pair = db_int(r, 0);
	c->pair_oldest_at = db_int(r, 1);
	c->pair_newest_at = db_int(r, 2);
	return 0;
}

/* Three counts; the (addr, at) and (login, at) indexes serve them all. */
static int do_failures(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	struct login_counts *c = op->counts;
	int rc = db_first(d, "SELECT count(*), min(at) FROM login_failures"
			  " WHERE addr = ? AND at >= ?",
			  DB_P(DB_T(op->addr), DB_I(op->now)), address_row, c);

	if (rc == 0)
		rc = db_first(d, "SELECT count(*), min(at), max(at)"
			      " FROM login_failures"
			      " WHERE login = ? AND addr = ? AND at >= ?",
			      DB_P(DB_T(op->login), DB_T(op->addr),
				   DB_I(op->now)), pair_row, c);
	if (rc == 0)
		rc = db_int_of(d, "SELECT count(*) FROM login_failures"
			       " WHERE login = ? AND at >= ?",
			       DB_P(DB_T(op->login), DB_I(op->now)),
			       &c->by_account);
	return rc;
}

int store_login_failures(struct store *s, const char *login, const char *addr,
			 int64_t since, struct login_counts *out)
{
	struct sess_op op = { .login = login, .addr = addr, .now = since,
			      .counts = out };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_read(s, do_failures, &op);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

static int do_success(struct db *d, void *arg)
{
	struct sess_op *op = arg;

	return db_exec(d, "DELETE FROM login_failures WHERE login = ?"
		       " AND addr = ?", DB_P(DB_T(op->login), DB_T(op->addr)),
		       NULL);
}

int store_login_success(struct store *s, const char *login, const char *addr)
{
	struct sess_op op = { .login = login, .addr = addr };

	return store_write(s, do_success, &op);
}
