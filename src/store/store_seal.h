/*
 * store_seal.h - the field key in the store (issue 9): sealed fields
 * (FIELD_SEALED, core/record.h) and the database's key check.
 *
 * The store seals and opens the sealed fields of a described record
 * itself (store/ops/table.c), with the subkeys (core/seal.h) of the field
 * key it was given by store_set_field_key().  The front end reads the key
 * file ([keys] field_key; `mamori serve`, src/cli/common.c) and hands the
 * key over once, right after store_open(); the store keeps its own copy
 * of the derived subkeys for as long as it is open (the caller may wipe
 * its copy at once) and wipes them in store_close().  The key is set
 * before any request is served and never changed afterwards, so the
 * store's threads read it without a lock.
 *
 * The database remembers which key it was sealed with: the first
 * store_set_field_key() writes a key check value (core/seal.h
 * seal_key_check) into field_key_check; every later one compares with it,
 * so a start with another key - a lost key file replaced by a new one -
 * is refused instead of sealing new rows under a key that opens none of
 * the old ones.
 */
#ifndef MM_STORE_SEAL_H
#define MM_STORE_SEAL_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"

#define STORE_FIELD_KEY_BYTES 32

/* What the database says of a field key (store_field_key_state). */
enum store_key_state {
	STORE_KEY_UNBOUND = 1, /* no key check yet: no key was ever bound */
	STORE_KEY_MATCHES,     /* the key is the one the database holds */
	STORE_KEY_DIFFERS,     /* another key: it opens nothing sealed */
	STORE_KEY_BOUND,       /* a key is bound (asked without a key) */
	/*
	 * No key check yet, but values were sealed before there were key
	 * checks (TOTP secrets of issue 13): a key exists somewhere, and a
	 * new one would open none of them.
	 */
	STORE_KEY_UNBOUND_SEALED,
};

/*
 * store_field_key_state - compares field_key (32 bytes, or NULL to ask
 * only whether a key is bound) with the database's key check into
 * *state.  Reads only; the store's own key is not changed.  Returns 0 or
 * the store's errors.
 */
int store_field_key_state(struct store *s, const unsigned char *field_key,
			  enum store_key_state *state);

/*
 * store_set_field_key - makes field_key (32 bytes, copied) the store's
 * key for sealed fields: binds it to the database when no key check is
 * there yet (written and audited "field_key.bind" by actor a), else
 * compares.  Returns 0; MM_EAUTH when the database was sealed with
 * another key (the store's key is left as it was: none at start); the store's errors.  Without
 * a key a store refuses to write (MM_EUNSUPPORTED) and to read
 * (MM_EUNSUPPORTED) a sealed field, and answers no person look-up.
 */
int store_set_field_key(struct store *s, const struct actor *a,
			const unsigned char *field_key);

/*
 * store_find_person - the ids (ascending, at most cap into ids, *n of
 * them) of the records of kind (a record descriptor's kind, "case") about
 * the same person as name / kana / birth (core/person.h: normalised,
 * keyed hashes; NULL or "" for a part not known), found in person_keys by
 * hash only - no sealed value is opened.  With a birth date a record
 * matches when its name or its reading matches together with the birth
 * date; without one, when its name or its reading matches.  Who may see
 * the records found is the caller's to decide (authz_check on each).
 * Returns 0; MM_EINVAL when neither name nor kana is given (or not
 * UTF-8); MM_EOVERFLOW when more than cap match (*n 0); MM_EUNSUPPORTED
 * without a field key; the store's errors.
 */
int store_find_person(struct store *s, const char *kind, const char *name,
		      const char *kana, const char *birth, int64_t *ids,
		      size_t cap, size_t *n);

#endif
