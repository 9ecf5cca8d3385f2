/*
 * sessions.c - sessions, API tokens and login throttling of store.h,
 * once for every backend.  Contract: store.h.  Tokens are stored only as
 * their hash (a blob of MM_HASH_BYTES).
 */
#include "ops.h"

#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "../store_mfa.h"
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
	int64_t expires_at;
	struct token_info *token;
	struct token_list *tokens;
	int pending;
};

static int do_create(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	int64_t now = db_now();
	int rc = db_int_of(d, "INSERT INTO sessions (token_hash, user_id,"
			   " created_at, last_seen_at, mfa_pending)"
			   " VALUES (?, ?, ?, ?, ?) RETURNING id",
			   DB_P(HASH(op->hash), DB_I(op->a->user_id), DB_I(now),
				DB_I(now), DB_I(op->pending ? 1 : 0)),
			   &op->info->id);

	if (rc < 0)
		return rc;
	op->info->user_id = op->a->user_id;
	op->info->created_at = now;
	op->info->last_seen_at = now;
	op->info->mfa_pending = op->pending ? 1 : 0;
	return ops_audit_append(d, op->a, "session.create", "session",
				op->info->id, op->pending ?
				"{\"mfa_pending\":1}" : NULL);
}

int store_session_create(struct store *s, const struct actor *a,
			 const unsigned char hash[MM_HASH_BYTES],
			 struct session_info *out)
{
	return store_session_create_mfa(s, a, hash, 0, out);
}

int store_session_create_mfa(struct store *s, const struct actor *a,
			     const unsigned char hash[MM_HASH_BYTES],
			     int pending, struct session_info *out)
{
	struct sess_op op = { .a = a, .hash = hash, .info = out,
			      .pending = pending };
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
	out->mfa_pending = (int)db_int(r, 4);
	out->mfa_at = db_int(r, 5);
	return 0;
}

static int find_session(struct db *d, const unsigned char *hash,
			struct session_info *out)
{
	int rc = db_first(d, "SELECT id, user_id, created_at, last_seen_at,"
			  " mfa_pending, mfa_at FROM sessions WHERE token_hash = ?", DB_P(HASH(hash)),
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

/* ---- session and principal in one query ---- */

struct sess_principal {
	const unsigned char *hash;
	struct session_info *si;
	struct principal *p;
	int rows, no_user, rc;
};

static int sess_principal_row(const struct db_row *r, void *arg)
{
	struct sess_principal *sp = arg;

	if (sp->rows++ == 0) {
		session_row(r, sp->si);
		if (db_type(r, 6) == DB_NULL) {
			sp->no_user = 1;
			return 1;
		}
		sp->p->user_id = sp->si->user_id;
		sp->rc = ops_principal_user(r, 6, sp->p);
		if (sp->rc < 0)
			return sp->rc;
	}
	if (db_type(r, 13) == DB_NULL)
		return 1;
	return ops_principal_grant(r, 13, sp->p);
}

/*
 * One statement (its own snapshot): the session, its user if active with
 * the count of confirmed factors, and a row per current role with its
 * unit's kind (the roles joined as store_principal_load's query does).
 * The roles are a plain LEFT JOIN, not LEFT JOIN (r JOIN units): SQLite
 * materialized that parenthesized join - every current role of every
 * user - on each request, where this form searches role_current by the
 * user's id in its order (issue 12).  role_assignments.unit_id is a NOT
 * NULL foreign key of units, so the LEFT JOIN of units finds its one row
 * just as the inner join did.
 */
static int do_session_principal(struct db *d, void *arg)
{
	struct sess_principal *sp = arg;

	return db_query(d, "SELECT s.id, s.user_id, s.created_at, s.last_seen_at,"
			" s.mfa_pending, s.mfa_at,"
			" u.login, u.name, u.unit_id, u.is_admin,"
			" u.must_change_password, (SELECT count(*) FROM mfa_factors f"
			" WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL),"
			" hu.name, r.role, r.unit_id, ru.kind, ru.name"
			" FROM sessions s"
			" LEFT JOIN users u ON u.id = s.user_id AND u.active = 1"
			" LEFT JOIN units hu ON hu.id = u.unit_id"
			" LEFT JOIN role_assignments r"
			" ON r.user_id = u.id AND r.revoked_at IS NULL"
			" LEFT JOIN units ru ON ru.id = r.unit_id"
			" WHERE s.token_hash = ?"
			" ORDER BY r.role, r.unit_id", DB_P(HASH(sp->hash)),
			sess_principal_row, sp);
}

int store_session_principal(struct store *s,
			    const unsigned char hash[MM_HASH_BYTES],
			    int64_t now, int64_t idle_secs,
			    int64_t absolute_secs, struct session_info *si,
			    struct principal *p)
{
	struct sess_principal sp = { .hash = hash, .si = si, .p = p };
	struct sess_op op = { .now = now, .idle = idle_secs,
			      .absolute = absolute_secs };
	int rc;

	memset(si, 0, sizeof *si);
	memset(p, 0, sizeof *p);
	rc = store_read_single(s, do_session_principal, &sp);
	if (rc == 0 && sp.rows == 0)
		rc = MM_EAUTH;
	if (rc == 0 && !expired(&op, si) &&
	    now - si->last_seen_at < TOUCH_INTERVAL)
		return sp.no_user ? MM_EAUTH : 0;
	/* a write is due (or the read failed): the two steps as they are */
	memset(p, 0, sizeof *p);
	if (rc == 0 || rc == MM_EBUSY)
		rc = store_session_touch(s, hash, now, idle_secs, absolute_secs,
					 si);
	if (rc == 0)
		rc = store_principal_load(s, si->user_id, p);
	if (rc < 0) {
		memset(si, 0, sizeof *si);
		memset(p, 0, sizeof *p);
	}
	return rc == MM_ENOTFOUND ? MM_EAUTH : rc;
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
	if (op->expires_at)
		buf_addf(b, ",\"expires_at\":%lld", (long long)op->expires_at);
	buf_addch(b, '}');
	return buf_error(b);
}

static int do_token_create(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc = db_int_of(d, "INSERT INTO api_tokens (token_hash, user_id,"
			   " label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"
			   " RETURNING id",
			   DB_P(HASH(op->hash), DB_I(op->user_id), DB_T(op->label),
				DB_I(db_now()), DB_I(op->expires_at)), &op->id);

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
		       int64_t expires_at, int64_t *id)
{
	struct sess_op op = { .a = a, .user_id = user_id, .hash = hash,
			      .label = label ? label : "",
			      .expires_at = expires_at };
	int rc;

	if (expires_at <= db_now())
		return MM_EINVAL;
	rc = store_write(s, do_token_create, &op);

	if (rc == 0 && id)
		*id = op.id;
	return rc;
}

static int lookup_row(const struct db_row *r, void *arg)
{
	struct sess_op *op = arg;

	op->id = db_int(r, 0);
	op->user_id = db_int(r, 1);
	op->now = db_int(r, 2); /* last used, 0 never */
	return 0;
}

static int do_token_lookup(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	int rc = db_first(d, "SELECT t.id, t.user_id, t.last_used_at"
			  " FROM api_tokens t JOIN users u ON u.id = t.user_id"
			  " WHERE t.token_hash = ? AND t.revoked_at IS NULL"
			  " AND t.expires_at > ? AND u.active = 1",
			  DB_P(HASH(op->hash), DB_I(db_now())), lookup_row, op);

	return rc == MM_ENOTFOUND ? MM_EAUTH : rc;
}

/* Housekeeping, not anyone's act: no audit entry (the requests have theirs). */
static int do_token_used(struct db *d, void *arg)
{
	struct sess_op *op = arg;

	return db_exec(d, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
		       DB_P(DB_I(db_now()), DB_I(op->id)), NULL);
}

int store_token_lookup(struct store *s, const unsigned char hash[MM_HASH_BYTES],
		       int64_t *user_id)
{
	struct sess_op op = { .hash = hash };
	/* one statement, its own snapshot: no BEGIN and COMMIT (issue 12) */
	int rc = store_read_single(s, do_token_lookup, &op);

	*user_id = rc == 0 ? op.user_id : 0;
	/* last_used_at is rewritten at most once a minute, to spare writes */
	if (rc == 0 && db_now() - op.now >= TOUCH_INTERVAL &&
	    store_write(s, do_token_used, &op) < 0)
		return 0; /* the token is good; its note can wait */
	return rc;
}

struct token_principal {
	const unsigned char *hash;
	struct principal *p;
	int64_t token_id, last_used;
	int rows, rc;
};

static int token_principal_row(const struct db_row *r, void *arg)
{
	struct token_principal *tp = arg;

	if (tp->rows++ == 0) {
		tp->token_id = db_int(r, 0);
		tp->p->user_id = db_int(r, 1);
		tp->last_used = db_int(r, 2);
		tp->rc = ops_principal_user(r, 3, tp->p);
		if (tp->rc < 0)
			return tp->rc;
	}
	if (db_type(r, 10) == DB_NULL)
		return 1; /* no current role */
	return ops_principal_grant(r, 10, tp->p);
}

/*
 * One statement (its own snapshot): the token as store_token_lookup
 * finds it, its user if active, and a row per current role joined as the
 * session's query joins them.
 */
static int do_token_principal(struct db *d, void *arg)
{
	struct token_principal *tp = arg;

	tp->rows = 0; /* a retry starts over */
	memset(tp->p, 0, sizeof *tp->p);
	return db_query(d, "SELECT t.id, t.user_id, t.last_used_at,"
			" u.login, u.name, u.unit_id, u.is_admin,"
			" u.must_change_password, (SELECT count(*) FROM mfa_factors f"
			" WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL),"
			" hu.name, r.role, r.unit_id, ru.kind, ru.name"
			" FROM api_tokens t JOIN users u ON u.id = t.user_id"
			" LEFT JOIN units hu ON hu.id = u.unit_id"
			" LEFT JOIN role_assignments r"
			" ON r.user_id = u.id AND r.revoked_at IS NULL"
			" LEFT JOIN units ru ON ru.id = r.unit_id"
			" WHERE t.token_hash = ? AND t.revoked_at IS NULL"
			" AND t.expires_at > ? AND u.active = 1"
			" ORDER BY r.role, r.unit_id",
			DB_P(HASH(tp->hash), DB_I(db_now())), token_principal_row,
			tp);
}

int store_token_principal(struct store *s,
			  const unsigned char hash[MM_HASH_BYTES],
			  struct principal *p)
{
	struct token_principal tp = { .hash = hash, .p = p };
	struct sess_op op = { .hash = hash };
	int rc = store_read_single(s, do_token_principal, &tp);

	if (rc == 0 && tp.rows == 0)
		rc = MM_EAUTH;
	if (rc < 0) {
		memset(p, 0, sizeof *p);
		return rc == MM_ENOTFOUND ? MM_EAUTH : rc;
	}
	/* last_used_at is rewritten at most once a minute, to spare writes;
	 * the token is good even when its note has to wait */
	op.id = tp.token_id;
	if (db_now() - tp.last_used >= TOUCH_INTERVAL)
		(void)store_write(s, do_token_used, &op);
	return 0;
}

#define TOKEN_COLS "t.id, t.user_id, u.unit_id, t.label, t.created_at," \
	" t.expires_at, t.last_used_at"
#define TOKEN_FROM " FROM api_tokens t JOIN users u ON u.id = t.user_id"

static int token_fill(const struct db_row *r, struct token_info *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_int(r, 0);
	t->user_id = db_int(r, 1);
	t->unit_id = db_int(r, 2);
	t->created_at = db_int(r, 4);
	t->expires_at = db_int(r, 5);
	t->last_used_at = db_int(r, 6);
	return db_text(r, 3, t->label, sizeof t->label);
}

static int token_one(const struct db_row *r, void *arg)
{
	return token_fill(r, arg);
}

static int token_more(const struct db_row *r, void *arg)
{
	struct token_list *l = arg;
	int rc;

	if (l->n >= MM_TOKENS_LISTED)
		return 1;
	rc = token_fill(r, &l->items[l->n]);
	if (rc == 0)
		l->n++;
	return rc;
}

static int do_token_list(struct db *d, void *arg)
{
	struct sess_op *op = arg;

	op->tokens->n = 0; /* a retry starts over */
	return db_query(d, "SELECT " TOKEN_COLS TOKEN_FROM
			" WHERE t.user_id = ? AND t.revoked_at IS NULL"
			" ORDER BY t.id DESC", DB_P(DB_I(op->user_id)),
			token_more, op->tokens);
}

void token_list_release(struct token_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int store_token_list(struct store *s, int64_t user_id, struct token_list *out)
{
	struct sess_op op = { .user_id = user_id, .tokens = out };
	int rc;

	out->n = 0;
	out->items = calloc(MM_TOKENS_LISTED, sizeof *out->items);
	if (!out->items)
		return MM_ENOMEM;
	rc = store_read(s, do_token_list, &op);
	if (rc < 0)
		token_list_release(out);
	return rc;
}

static int do_token_get(struct db *d, void *arg)
{
	struct sess_op *op = arg;

	return db_first(d, "SELECT " TOKEN_COLS TOKEN_FROM
			" WHERE t.id = ? AND t.revoked_at IS NULL",
			DB_P(DB_I(op->id)), token_one, op->token);
}

int store_token_get(struct store *s, int64_t id, struct token_info *out)
{
	struct sess_op op = { .id = id, .token = out };

	memset(out, 0, sizeof *out);
	return store_read(s, do_token_get, &op);
}

static int do_token_revoke(struct db *d, void *arg)
{
	struct sess_op *op = arg;
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	struct token_info t;
	int rc = db_first(d, "SELECT " TOKEN_COLS TOKEN_FROM
			  " WHERE t.id = ? AND t.revoked_at IS NULL",
			  DB_P(DB_I(op->id)), token_one, &t);

	if (rc == 0)
		rc = db_exec(d, "UPDATE api_tokens SET revoked_at = ?"
			     " WHERE id = ?", DB_P(DB_I(db_now()), DB_I(op->id)),
			     NULL);
	if (rc < 0)
		return rc;
	op->user_id = t.user_id;
	op->label = t.label;
	rc = token_detail(op, &b);
	if (rc == 0)
		rc = ops_audit_append(d, op->a, "token.revoke", "token", op->id,
				      buf_cstr(&b));
	buf_release(&b);
	return rc;
}

int store_token_revoke(struct store *s, const struct actor *a, int64_t id)
{
	struct sess_op op = { .a = a, .id = id };

	return store_write(s, do_token_revoke, &op);
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
