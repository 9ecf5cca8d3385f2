/*
 * mfa.c - the second factor's records of store_mfa.h, once for every
 * backend.  Contract: store_mfa.h.
 */
#include "../store_mfa.h"

#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "lib/err.h"
#include "lib/banned.h"

struct mfa_op {
	const struct actor *a;
	int64_t user_id;
	const char *sealed_hex;
	int64_t step;
	const unsigned char *hashes;
	size_t n;
	const unsigned char *session_hash;
	struct mfa_factor *out;
};

static int factor_row(const struct db_row *r, void *arg)
{
	struct mfa_factor *f = arg;

	f->confirmed = db_int(r, 1) != 0;
	f->last_step = db_int(r, 2);
	f->recovery_left = db_int(r, 3);
	return db_text(r, 0, f->sealed_hex, sizeof f->sealed_hex);
}

static int do_get(struct db *d, void *arg)
{
	struct mfa_op *op = arg;

	return db_first(d, "SELECT secret_sealed,"
			" CASE WHEN confirmed_at IS NULL THEN 0 ELSE 1 END,"
			" last_step, (SELECT count(*) FROM mfa_recovery_codes c"
			" WHERE c.user_id = f.user_id AND c.used_at IS NULL)"
			" FROM mfa_factors f WHERE f.user_id = ?",
			DB_P(DB_I(op->user_id)), factor_row, op->out);
}

int store_mfa_get(struct store *s, int64_t user_id, struct mfa_factor *out)
{
	struct mfa_op op = { .user_id = user_id, .out = out };
	int rc;

	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	rc = store_read(s, do_get, &op);
	if (rc < 0) {
		memset(out, 0, sizeof *out);
		out->user_id = user_id;
	}
	return rc;
}

static int audit(struct db *d, const struct mfa_op *op, const char *action,
		 const char *detail)
{
	return ops_audit_append(d, op->a, action, "user", op->user_id, detail);
}

static int do_begin(struct db *d, void *arg)
{
	struct mfa_op *op = arg;
	int64_t confirmed = 0;
	int rc = db_int_of(d, "SELECT count(*) FROM mfa_factors WHERE user_id = ?"
			   " AND confirmed_at IS NOT NULL",
			   DB_P(DB_I(op->user_id)), &confirmed);

	if (rc < 0)
		return rc;
	if (confirmed)
		return MM_EEXIST;
	rc = db_exec(d, "DELETE FROM mfa_factors WHERE user_id = ?",
		     DB_P(DB_I(op->user_id)), NULL);
	if (rc == 0)
		rc = db_exec(d, "INSERT INTO mfa_factors (user_id, secret_sealed,"
			     " created_at) VALUES (?, ?, ?)",
			     DB_P(DB_I(op->user_id), DB_T(op->sealed_hex),
				  DB_I(db_now())), NULL);
	return rc < 0 ? rc : audit(d, op, "mfa.begin", NULL);
}

int store_mfa_begin(struct store *s, const struct actor *a, int64_t user_id,
		    const char *sealed_hex)
{
	struct mfa_op op = { .a = a, .user_id = user_id,
			     .sealed_hex = sealed_hex };

	if (!sealed_hex || !*sealed_hex ||
	    strlen(sealed_hex) >= MM_MFA_SEALED_HEX)
		return MM_EINVAL;
	return store_write(s, do_begin, &op);
}

/* The session the code was given in counts as verified now. */
static int session_verified(struct db *d, const struct mfa_op *op)
{
	if (!op->session_hash)
		return 0;
	return db_exec(d, "UPDATE sessions SET mfa_pending = 0, mfa_at = ?"
		       " WHERE token_hash = ? AND user_id = ?",
		       DB_P(DB_I(db_now()), DB_B(op->session_hash, MM_HASH_BYTES),
			    DB_I(op->user_id)), NULL);
}

static int do_confirm(struct db *d, void *arg)
{
	struct mfa_op *op = arg;
	int64_t changed = 0;
	char detail[64];
	int rc = db_exec(d, "UPDATE mfa_factors SET confirmed_at = ?,"
			 " last_step = ? WHERE user_id = ?"
			 " AND confirmed_at IS NULL",
			 DB_P(DB_I(db_now()), DB_I(op->step), DB_I(op->user_id)),
			 &changed);

	if (rc < 0)
		return rc;
	if (!changed)
		return MM_ESTATE;
	rc = db_exec(d, "DELETE FROM mfa_recovery_codes WHERE user_id = ?",
		     DB_P(DB_I(op->user_id)), NULL);
	for (size_t i = 0; rc == 0 && i < op->n; i++)
		rc = db_exec(d, "INSERT INTO mfa_recovery_codes (user_id,"
			     " code_hash) VALUES (?, ?)",
			     DB_P(DB_I(op->user_id),
				  DB_B(op->hashes + i * 32, 32)), NULL);
	if (rc == 0)
		rc = session_verified(d, op);
	snprintf(detail, sizeof detail, "{\"recovery_codes\":%zu}", op->n);
	return rc < 0 ? rc : audit(d, op, "mfa.enrol", detail);
}

int store_mfa_confirm(struct store *s, const struct actor *a, int64_t user_id,
		      int64_t step, const unsigned char *hashes, size_t n,
		      const unsigned char *session_hash)
{
	struct mfa_op op = { .a = a, .user_id = user_id, .step = step,
			     .hashes = hashes, .n = n,
			     .session_hash = session_hash };

	return store_write(s, do_confirm, &op);
}

static int do_use_step(struct db *d, void *arg)
{
	struct mfa_op *op = arg;
	int64_t changed = 0;
	int rc = db_exec(d, "UPDATE mfa_factors SET last_step = ?"
			 " WHERE user_id = ? AND confirmed_at IS NOT NULL"
			 " AND last_step < ?",
			 DB_P(DB_I(op->step), DB_I(op->user_id), DB_I(op->step)),
			 &changed);

	if (rc < 0)
		return rc;
	if (!changed)
		return MM_EAUTH; /* used already: RFC 6238 5.2 */
	rc = session_verified(d, op);
	return rc < 0 ? rc : audit(d, op, "mfa.verify", NULL);
}

int store_mfa_use_step(struct store *s, const struct actor *a,
		       int64_t user_id, int64_t step,
		       const unsigned char *session_hash)
{
	struct mfa_op op = { .a = a, .user_id = user_id, .step = step,
			     .session_hash = session_hash };

	return store_write(s, do_use_step, &op);
}

static int do_use_recovery(struct db *d, void *arg)
{
	struct mfa_op *op = arg;
	int64_t changed = 0, left = 0;
	char detail[64];
	int rc = db_exec(d, "UPDATE mfa_recovery_codes SET used_at = ?"
			 " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL"
			 " AND EXISTS (SELECT 1 FROM mfa_factors f WHERE"
			 " f.user_id = mfa_recovery_codes.user_id"
			 " AND f.confirmed_at IS NOT NULL)",
			 DB_P(DB_I(db_now()), DB_I(op->user_id),
			      DB_B(op->hashes, 32)), &changed);

	if (rc < 0)
		return rc;
	if (!changed)
		return MM_EAUTH;
	rc = db_int_of(d, "SELECT count(*) FROM mfa_recovery_codes"
		       " WHERE user_id = ? AND used_at IS NULL",
		       DB_P(DB_I(op->user_id)), &left);
	if (rc == 0)
		rc = session_verified(d, op);
	snprintf(detail, sizeof detail, "{\"recovery_codes_left\":%lld}",
		 (long long)left);
	return rc < 0 ? rc : audit(d, op, "mfa.recovery", detail);
}

int store_mfa_use_recovery(struct store *s, const struct actor *a,
			   int64_t user_id, const unsigned char *hash,
			   const unsigned char *session_hash)
{
	struct mfa_op op = { .a = a, .user_id = user_id, .hashes = hash,
			     .session_hash = session_hash };

	return store_write(s, do_use_recovery, &op);
}

static int do_reset(struct db *d, void *arg)
{
	struct mfa_op *op = arg;
	int64_t gone = 0, sessions = 0, tokens = 0;
	char detail[96];
	int rc = db_exec(d, "DELETE FROM mfa_factors WHERE user_id = ?",
			 DB_P(DB_I(op->user_id)), &gone);

	if (rc < 0)
		return rc;
	if (!gone)
		return MM_ENOTFOUND;
	rc = db_exec(d, "DELETE FROM mfa_recovery_codes WHERE user_id = ?",
		     DB_P(DB_I(op->user_id)), NULL);
	if (rc == 0)
		rc = ops_access_end_for_user(d, op->user_id, NULL, &sessions,
					     &tokens);
	snprintf(detail, sizeof detail, "{\"sessions_ended\":%lld,"
		 "\"tokens_revoked\":%lld}", (long long)sessions,
		 (long long)tokens);
	return rc < 0 ? rc : audit(d, op, "mfa.reset", detail);
}

int store_mfa_reset(struct store *s, const struct actor *a, int64_t user_id)
{
	struct mfa_op op = { .a = a, .user_id = user_id };

	return store_write(s, do_reset, &op);
}
