/*
 * seal.c - the field key in the store.  Contract: store_seal.h.
 */
#include "../store_seal.h"

#include <string.h>
#include <sodium.h>

#include "ops.h"
#include "../backend.h"
#include "core/seal.h"
#include "lib/err.h"
#include "lib/banned.h"

struct key_op {
	const struct actor *a;
	const struct seal_keys *k;  /* NULL: ask whether one is bound */
	enum store_key_state state;
	int bind;                   /* write the check when none */
};

static int check_row(const struct db_row *r, void *arg)
{
	char *hex = arg;

	return db_text(r, 0, hex, 65) < 0 ? MM_ECORRUPT : 1;
}

static int do_key(struct db *d, void *arg)
{
	struct key_op *op = arg;
	unsigned char want[32];
	char hex[65] = "", want_hex[65];
	int rc = db_first(d, "SELECT check_hex FROM field_key_check"
			  " WHERE id = 1", DB_NONE, check_row, hex);

	if (rc < 0 && rc != MM_ENOTFOUND)
		return rc;
	if (rc == MM_ENOTFOUND) {
		int64_t n = 0;

		rc = db_int_of(d, "SELECT count(*) FROM mfa_factors", DB_NONE,
			       &n);
		if (rc < 0)
			return rc;
		op->state = n ? STORE_KEY_UNBOUND_SEALED : STORE_KEY_UNBOUND;
		if (!op->bind)
			return 0;
		seal_key_check(op->k, want);
		sodium_bin2hex(want_hex, sizeof want_hex, want, sizeof want);
		rc = db_exec(d, "INSERT INTO field_key_check (id, check_hex,"
			     " created_at) VALUES (1, ?, ?)",
			     DB_P(DB_T(want_hex), DB_I(db_now())), NULL);
		if (rc == 0)
			rc = ops_audit_append(d, op->a, "field_key.bind",
					      "field_key", 1, NULL);
		return rc;
	}
	if (!op->k) {
		op->state = STORE_KEY_BOUND;
		return 0;
	}
	seal_key_check(op->k, want);
	sodium_bin2hex(want_hex, sizeof want_hex, want, sizeof want);
	op->state = sodium_memcmp(hex, want_hex, 64) == 0 ?
		STORE_KEY_MATCHES : STORE_KEY_DIFFERS;
	return 0;
}

int store_field_key_state(struct store *s, const unsigned char *field_key,
			  enum store_key_state *state)
{
	struct seal_keys k;
	struct key_op op = { .k = field_key ? &k : NULL };
	int rc;

	if (field_key)
		seal_keys_derive(field_key, &k);
	rc = store_read(s, do_key, &op);
	seal_keys_clear(&k);
	*state = rc < 0 ? 0 : op.state;
	return rc < 0 ? rc : 0;
}

int store_set_field_key(struct store *s, const struct actor *a,
			const unsigned char *field_key)
{
	struct seal_keys k;
	struct key_op op = { .a = a, .k = &k, .bind = 1 };
	int rc;

	seal_keys_derive(field_key, &k);
	rc = store_write(s, do_key, &op);
	if (rc >= 0 && op.state == STORE_KEY_DIFFERS)
		rc = MM_EAUTH;
	if (rc >= 0) {
		s->keys = k;
		s->has_keys = 1;
		rc = 0;
	}
	seal_keys_clear(&k);
	return rc;
}
