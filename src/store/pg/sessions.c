#include "pg.h"

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

/* A pg_fn result meaning "done, commit, but the session has expired". */
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

/* Runs a command with id parameters and returns the rows it changed. */
static int command(PGconn *c, const char *sql, const char *types, int64_t a,
		   int64_t b, int64_t *changed)
{
	PGresult *r;
	int rc = pg_run(c, &r, sql, types, a, b);

	if (rc == 0 && changed)
		*changed = pg_changes(r);
	PQclear(r);
	return rc;
}

static int do_create(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	PGresult *r;
	int64_t now = pg_now();
	int rc = pg_run(c, &r, "INSERT INTO sessions (token_hash, user_id,"
			" created_at, last_seen_at) VALUES ($1, $2, $3, $3)"
			" RETURNING id", "hii", op->hash, op->a->user_id, now);

	if (rc < 0)
		return rc;
	op->info->id = pg_int(r, 0, 0);
	PQclear(r);
	op->info->user_id = op->a->user_id;
	op->info->created_at = now;
	op->info->last_seen_at = now;
	return pg_audit_append(c, op->a, "session.create", "session",
			       op->info->id, NULL);
}

int pg_session_create(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES],
		      struct session_info *out)
{
	struct sess_op op = { .a = a, .hash = hash, .info = out };
	int rc;

	memset(out, 0, sizeof *out);
	if (!a || a->user_id <= 0)
		return MM_EINVAL;
	rc = pg_write(pg_of(s), do_create, &op);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc;
}

static int find_session(PGconn *c, const unsigned char *hash,
			struct session_info *out)
{
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT id, user_id, created_at, last_seen_at"
			" FROM sessions WHERE token_hash = $1", "h", hash);

	if (rc < 0)
		return rc;
	if (PQntuples(r) == 1) {
		out->id = pg_int(r, 0, 0);
		out->user_id = pg_int(r, 0, 1);
		out->created_at = pg_int(r, 0, 2);
		out->last_seen_at = pg_int(r, 0, 3);
	} else {
		rc = MM_EAUTH;
	}
	PQclear(r);
	return rc;
}

static int expired(const struct sess_op *op, const struct session_info *i)
{
	return op->now - i->last_seen_at > op->idle ||
		op->now - i->created_at > op->absolute;
}

static int do_find(PGconn *c, void *arg)
{
	struct sess_op *op = arg;

	return find_session(c, op->hash, op->info);
}

/*
 * Rereads the session under the write lock: another request (or another
 * app server) may have won.  Ending an expired session is housekeeping,
 * not anyone's act, so it has no audit entry (the login and logout do).
 */
static int do_touch(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	int rc = find_session(c, op->hash, op->info);

	if (rc < 0)
		return rc;
	if (expired(op, op->info)) {
		rc = command(c, "DELETE FROM sessions WHERE id = $1", "i",
			     op->info->id, 0, NULL);
		return rc < 0 ? rc : EXPIRED;
	}
	rc = command(c, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2",
		     "ii", op->now, op->info->id, NULL);
	if (rc == 0)
		op->info->last_seen_at = op->now;
	return rc;
}

int pg_session_touch(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		     int64_t now, int64_t idle_secs, int64_t absolute_secs,
		     struct session_info *out)
{
	struct sess_op op = { .hash = hash, .info = out, .now = now,
			      .idle = idle_secs, .absolute = absolute_secs };
	int rc;

	memset(out, 0, sizeof *out);
	rc = pg_read(pg_of(s), do_find, &op);
	/* most requests need no write: fresh and seen less than a minute ago */
	if (rc == 0 && !expired(&op, out) &&
	    now - out->last_seen_at < TOUCH_INTERVAL)
		return 0;
	if (rc == 0)
		rc = pg_write(pg_of(s), do_touch, &op);
	if (rc == EXPIRED || rc < 0) {
		memset(out, 0, sizeof *out);
		return rc == EXPIRED ? MM_EAUTH : rc;
	}
	return 0;
}

static int do_delete(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	struct session_info info;
	int rc = find_session(c, op->hash, &info);

	if (rc == MM_EAUTH)
		return MM_ENOTFOUND;
	if (rc == 0)
		rc = command(c, "DELETE FROM sessions WHERE id = $1", "i", info.id,
			     0, NULL);
	if (rc == 0)
		rc = pg_audit_append(c, op->a, "session.delete", "session",
				     info.id, NULL);
	return rc;
}

int pg_session_delete(struct store *s, const struct actor *a,
		      const unsigned char hash[MM_HASH_BYTES])
{
	struct sess_op op = { .a = a, .hash = hash };

	return pg_write(pg_of(s), do_delete, &op);
}

static int token_detail(const struct sess_op *op, struct buf *b)
{
	buf_addf(b, "{\"user_id\":%lld,\"label\":", (long long)op->user_id);
	audit_json_str(b, op->label);
	buf_addch(b, '}');
	return buf_error(b);
}

static int do_token_create(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	PGresult *r;
	int rc = pg_run(c, &r, "INSERT INTO api_tokens (token_hash, user_id,"
			" label, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
			"hiti", op->hash, op->user_id, op->label, pg_now());

	if (rc < 0)
		return rc;
	op->id = pg_int(r, 0, 0);
	PQclear(r);
	rc = token_detail(op, &b);
	if (rc == 0)
		rc = pg_audit_append(c, op->a, "token.create", "token", op->id,
				     buf_cstr(&b));
	buf_release(&b);
	return rc;
}

int pg_token_create(struct store *s, const struct actor *a, int64_t user_id,
		    const char *label, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *id)
{
	struct sess_op op = { .a = a, .user_id = user_id, .hash = hash,
			      .label = label ? label : "" };
	int rc = pg_write(pg_of(s), do_token_create, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int do_token_lookup(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT t.user_id FROM api_tokens t"
			" JOIN users u ON u.id = t.user_id"
			" WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
			" AND u.active = 1", "h", op->hash);

	if (rc < 0)
		return rc;
	if (PQntuples(r) == 1)
		op->user_id = pg_int(r, 0, 0);
	else
		rc = MM_EAUTH;
	PQclear(r);
	return rc;
}

int pg_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		    int64_t *user_id)
{
	struct sess_op op = { .hash = hash };
	int rc = pg_read(pg_of(s), do_token_lookup, &op);

	*user_id = rc == 0 ? op.user_id : 0;
	return rc;
}

int pg_access_end_for_user(PGconn *c, int64_t user_id, int64_t *sessions,
			   int64_t *tokens)
{
	int rc;

	*sessions = 0;
	*tokens = 0;
	rc = command(c, "DELETE FROM sessions WHERE user_id = $1", "i", user_id,
		     0, sessions);
	if (rc == 0)
		rc = command(c, "UPDATE api_tokens SET revoked_at = $1"
			     " WHERE user_id = $2 AND revoked_at IS NULL", "ii",
			     pg_now(), user_id, tokens);
	return rc;
}

static int do_failure(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	int rc = command(c, "DELETE FROM login_failures WHERE at < $1", "i",
			 op->now - FAILURE_KEEP, 0, NULL);

	if (rc == 0)
		rc = pg_run(c, NULL, "INSERT INTO login_failures (login, addr, at)"
			    " VALUES ($1, $2, $3)", "tti", op->login, op->addr,
			    op->now);
	return rc;
}

int pg_login_failure(struct store *s, const char *login, const char *addr,
		     int64_t now)
{
	struct sess_op op = { .login = login, .addr = addr, .now = now };

	return pg_write(pg_of(s), do_failure, &op);
}

static int count_since(PGconn *c, const char *sql, const char *key,
		       int64_t since, int *out)
{
	PGresult *r;
	int rc = pg_run(c, &r, sql, "ti", key, since);

	if (rc == 0)
		*out = (int)pg_int(r, 0, 0);
	PQclear(r);
	return rc;
}

static int do_failures(PGconn *c, void *arg)
{
	struct sess_op *op = arg;
	int rc = count_since(c, "SELECT count(*) FROM login_failures"
			     " WHERE login = $1 AND at >= $2", op->login, op->now,
			     &op->by_login);

	if (rc == 0)
		rc = count_since(c, "SELECT count(*) FROM login_failures"
				 " WHERE addr = $1 AND at >= $2", op->addr, op->now,
				 &op->by_addr);
	return rc;
}

int pg_login_failures(struct store *s, const char *login, const char *addr,
		      int64_t since, int *by_login, int *by_addr)
{
	struct sess_op op = { .login = login, .addr = addr, .now = since };
	int rc = pg_read(pg_of(s), do_failures, &op);

	*by_login = rc == 0 ? op.by_login : 0;
	*by_addr = rc == 0 ? op.by_addr : 0;
	return rc;
}

static int do_success(PGconn *c, void *arg)
{
	struct sess_op *op = arg;

	return pg_run(c, NULL, "DELETE FROM login_failures WHERE login = $1", "t",
		      op->login);
}

int pg_login_success(struct store *s, const char *login)
{
	struct sess_op op = { .login = login };

	return pg_write(pg_of(s), do_success, &op);
}
