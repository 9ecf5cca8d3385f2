/*
 * seal.c - the field key in the store.  Contract: store_seal.h.
 */
#include "../store_seal.h"

#include <string.h>
#include <sodium.h>

#include "ops.h"
#include "../backend.h"
#include "core/person.h"
#include "core/seal.h"
#include "lib/err.h"
#include "lib/util.h"
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

int ops_person_keys_put(struct db *d, const char *kind, int64_t id,
			const char *name, const char *kana, const char *birth)
{
	struct person_keys pk;
	int rc;

	/*
	 * Nothing to hash (a meeting reported, its child not yet known):
	 * no key needed, and none can have been written without one.
	 */
	if (!d->s->has_keys && str_empty(name) && str_empty(kana))
		return 0;
	if (!d->s->has_keys)
		return MM_EUNSUPPORTED;
	rc = person_keys_make(&d->s->keys, name, kana, birth, &pk);
	if (rc == 0)
		rc = db_exec(d, "DELETE FROM person_keys WHERE kind = ? AND"
			     " record_id = ?", DB_P(DB_T(kind), DB_I(id)), NULL);
	for (size_t i = 0; rc == 0 && i < pk.n; i++)
		rc = db_exec(d, "INSERT INTO person_keys (kind, record_id, which,"
			     " hash) VALUES (?, ?, ?, ?)",
			     DB_P(DB_T(kind), DB_I(id), DB_T(pk.k[i].which),
				  DB_T(pk.k[i].hash)), NULL);
	sodium_memzero(&pk, sizeof pk);
	return rc;
}

struct find_op {
	const char *kind;
	struct person_keys pk;
	int64_t *ids;
	size_t cap, n;
};

static int id_row(const struct db_row *r, void *arg)
{
	struct find_op *op = arg;

	if (op->n == op->cap)
		return MM_EOVERFLOW;
	op->ids[op->n++] = db_int(r, 0);
	return 0;
}

/*
 * With a birth date: the name or the reading, each with it; without:
 * the name or the reading alone.  A part not given matches nothing
 * ("" is never a stored hash).
 */
static int do_find(struct db *d, void *arg)
{
	struct find_op *op = arg;
	const char *nb = person_key_find(&op->pk, "name_birth");
	const char *kb = person_key_find(&op->pk, "kana_birth");
	int birth = nb || kb;
	const char *a = birth ? nb : person_key_find(&op->pk, "name");
	const char *b = birth ? kb : person_key_find(&op->pk, "kana");

	op->n = 0;
	return db_query(d, "SELECT DISTINCT record_id FROM person_keys"
			" WHERE kind = ? AND ((which = ? AND hash = ?)"
			" OR (which = ? AND hash = ?)) ORDER BY record_id",
			DB_P(DB_T(op->kind),
			     DB_T(birth ? "name_birth" : "name"), DB_T(a ? a : ""),
			     DB_T(birth ? "kana_birth" : "kana"), DB_T(b ? b : "")),
			id_row, op);
}

int store_find_person(struct store *s, const char *kind, const char *name,
		      const char *kana, const char *birth, int64_t *ids,
		      size_t cap, size_t *n)
{
	struct find_op op = { .kind = kind, .ids = ids, .cap = cap };
	int rc;

	*n = 0;
	if (!s->has_keys)
		return MM_EUNSUPPORTED;
	rc = person_keys_make(&s->keys, name, kana, birth, &op.pk);
	if (rc == 0 && op.pk.n == 0)
		return MM_EINVAL;
	if (rc == 0)
		rc = store_read(s, do_find, &op);
	sodium_memzero(&op.pk, sizeof op.pk);
	*n = rc == 0 ? op.n : 0;
	return rc;
}
