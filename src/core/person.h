/*
 * person.h - keyed hashes of who a record is about (issue 9), so that
 * earlier records of the same child are found (the history R-CASE-11
 * weighs) by hash lookup only, never by opening every sealed record.
 *
 * The name, its kana reading and the birth date are normalised first -
 * core/fold.h's fold_text with FOLD_DROP_SPACE: NFKC with case folding
 * (full/half width), katakana to hiragana, no spaces - so "山田 花子",
 * "山田　花子" and "山田花子", or "ヤマダ ハナコ", "ﾔﾏﾀﾞﾊﾅｺ" and "やまだはなこ",
 * hash alike; kanji are not read, so a name written in other kanji is
 * found through its kana.  Each hash is BLAKE2b (crypto_generichash,
 * 32 bytes) keyed with the person subkey of the field key (core/seal.h),
 * over which part it is and the parts: without the key they can be
 * neither computed nor tested, and they do not repeat across databases
 * of different keys.
 *
 * Pure (no I/O).
 */
#ifndef MM_CORE_PERSON_H
#define MM_CORE_PERSON_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

#include "seal.h"

/*
 * Which hashes a person has, by the parts given:
 *   "name", "kana"             - the name / the reading alone
 *   "name_birth", "kana_birth" - each with the birth date (the look-up)
 * A hash of the birth date alone is not made (too many share one).
 */
#define PERSON_KEYS_MAX 4
#define PERSON_HASH_HEX 65   /* 64 lower-case hex and the NUL */

struct person_key {
	const char *which;           /* static: "name_birth" ... */
	char hash[PERSON_HASH_HEX];
};

struct person_keys {
	size_t n;
	struct person_key k[PERSON_KEYS_MAX];
};

/*
 * person_normalise - the form of a name or reading that is hashed
 * (fold_text with FOLD_DROP_SPACE) appended to out.  0, MM_EINVAL (not
 * UTF-8), MM_ENOMEM, MM_EOVERFLOW.
 */
int person_normalise(const char *text, struct buf *out);

/*
 * person_keys_make - the hashes (see above) of a person under k->person
 * into *out: name, kana (NULL or blank: not given) and birth (an ISO
 * date "YYYY-MM-DD", NULL or "" for unknown).  Only the hashes whose
 * parts are all given are made (out->n may be 0).  Returns 0, or
 * person_normalise's errors (out->n is 0 then).
 */
int person_keys_make(const struct seal_keys *k, const char *name,
		     const char *kana, const char *birth,
		     struct person_keys *out);

/* person_key_find - the hash of which in keys, or NULL when not made. */
const char *person_key_find(const struct person_keys *keys, const char *which);

#endif
