/*
 * seal.h - values sealed at rest under the field key (issue 9), the one
 * sealing function of Mamori: the sealed fields of the records
 * (FIELD_SEALED, core/record.h) and the TOTP secrets (core/totp.h).
 *
 * The field key ([keys] field_key, 32 bytes) is never used directly: it
 * is the master key of three subkeys (libsodium crypto_kdf, context
 * "mamori__"), so that no key serves two purposes:
 *   seal   - XChaCha20-Poly1305-IETF (crypto_aead_xchacha20poly1305_ietf)
 *            of a value, random 24-byte nonce; the associated data binds
 *            the ciphertext to where it lives ("table.column"), so a
 *            value copied into another column or table does not open;
 *   person - the key of the keyed hashes (crypto_generichash) that find
 *            earlier records of the same person (core/person.h);
 *   check  - the key check value: a keyed hash of a constant the
 *            database keeps, so a start with another key is refused
 *            instead of sealing new rows under a key that opens no old one.
 *
 * Pure (no I/O); the randomness is libsodium's.  Keys are the caller's;
 * struct seal_keys should be wiped with seal_keys_clear() when done.
 */
#ifndef MM_CORE_SEAL_H
#define MM_CORE_SEAL_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen by every layer but lib/ and http/"
#endif

#include <stddef.h>

#include "../lib/buf.h"

#define SEAL_KEY_BYTES 32
/* version byte, nonce, tag: what a sealed value has beyond its plaintext */
#define SEAL_OVERHEAD (1 + 24 + 16)
/* the prefix of a sealed text as stored (then unpadded base64url) */
#define SEAL_TEXT_PREFIX "seal1:"
/* the words a sealed value is replaced by in the audit trail and history */
#define SEAL_HIDDEN "(秘匿)"

/* The subkeys derived from one field key (see above). */
struct seal_keys {
	unsigned char seal[SEAL_KEY_BYTES];
	unsigned char person[SEAL_KEY_BYTES];
	unsigned char check[SEAL_KEY_BYTES];
};

/* seal_keys_derive - the subkeys of field_key into *k. */
void seal_keys_derive(const unsigned char field_key[SEAL_KEY_BYTES],
		      struct seal_keys *k);

/* seal_keys_clear - wipes *k (sodium_memzero). */
void seal_keys_clear(struct seal_keys *k);

/*
 * seal_bytes - plain (len bytes) sealed under k->seal bound to ad (a
 * NUL-terminated text, "table.column"): writes len + SEAL_OVERHEAD bytes
 * to out (version byte 1, nonce, ciphertext and tag).
 */
void seal_bytes(const struct seal_keys *k, const char *ad, const void *plain,
		size_t len, unsigned char *out);

/*
 * seal_open_bytes - the plaintext of sealed (len bytes, from
 * seal_bytes() with the same ad) into out (len - SEAL_OVERHEAD bytes),
 * *out_len its length.  MM_ECORRUPT when it does not open: another key,
 * another ad (a value moved), altered or truncated bytes, unknown version.
 */
int seal_open_bytes(const struct seal_keys *k, const char *ad,
		    const unsigned char *sealed, size_t len, unsigned char *out,
		    size_t *out_len);

/*
 * seal_text - the text plain sealed bound to ad, as stored:
 * SEAL_TEXT_PREFIX and the unpadded base64url of seal_bytes(), appended
 * to out.  Returns 0 or out's error (MM_ENOMEM, MM_EOVERFLOW).
 */
int seal_text(const struct seal_keys *k, const char *ad, const char *plain,
	      struct buf *out);

/* seal_text_len - the length of seal_text() of a plaintext of n bytes. */
size_t seal_text_len(size_t n);

/*
 * seal_text_open - the plaintext of the stored text sealed (seal_text()
 * with the same ad) into out (cap bytes, NUL-terminated).  MM_ECORRUPT
 * when it is no sealed text or does not open (see seal_open_bytes) or
 * its plaintext holds a NUL; MM_EOVERFLOW when it does not fit cap (out
 * is then "").  Never gives an empty text for a value that did not open.
 */
int seal_text_open(const struct seal_keys *k, const char *ad,
		   const char *sealed, char *out, size_t cap);

/* seal_is_text - 1 when s has the form of a sealed text (its prefix). */
int seal_is_text(const char *s);

/*
 * seal_key_check - the key check value of the field key whose subkeys are
 * k: a keyed hash (crypto_generichash under k->check) of a constant.  It
 * tells keys apart and reveals nothing of them.
 */
void seal_key_check(const struct seal_keys *k, unsigned char out[32]);

#endif
