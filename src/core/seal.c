/*
 * seal.c - values sealed at rest under the field key.  Contract: seal.h.
 */
#include "seal.h"

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "../lib/err.h"
#include "../lib/banned.h"

#define SEAL_VERSION 1
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(SEAL_OVERHEAD == 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
	       + crypto_aead_xchacha20poly1305_ietf_ABYTES, "SEAL_OVERHEAD");
_Static_assert(SEAL_KEY_BYTES == crypto_kdf_KEYBYTES, "SEAL_KEY_BYTES");

/* crypto_kdf's context: 8 bytes; the subkey ids below are fixed forever. */
static const char kdf_context[crypto_kdf_CONTEXTBYTES] = "mamori__";
enum { SUBKEY_SEAL = 1, SUBKEY_PERSON = 2, SUBKEY_CHECK = 3 };

void seal_keys_derive(const unsigned char field_key[SEAL_KEY_BYTES],
		      struct seal_keys *k)
{
	crypto_kdf_derive_from_key(k->seal, sizeof k->seal, SUBKEY_SEAL,
				   kdf_context, field_key);
	crypto_kdf_derive_from_key(k->person, sizeof k->person, SUBKEY_PERSON,
				   kdf_context, field_key);
	crypto_kdf_derive_from_key(k->check, sizeof k->check, SUBKEY_CHECK,
				   kdf_context, field_key);
}

void seal_keys_clear(struct seal_keys *k)
{
	sodium_memzero(k, sizeof *k);
}

void seal_bytes(const struct seal_keys *k, const char *ad, const void *plain,
		size_t len, unsigned char *out)
{
	out[0] = SEAL_VERSION;
	randombytes_buf(out + 1, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		out + 1 + NONCE_BYTES, NULL, plain, len,
		(const unsigned char *)ad, strlen(ad), NULL, out + 1, k->seal);
}

int seal_open_bytes(const struct seal_keys *k, const char *ad,
		    const unsigned char *sealed, size_t len, unsigned char *out,
		    size_t *out_len)
{
	unsigned long long n = 0;

	*out_len = 0;
	if (len < SEAL_OVERHEAD || sealed[0] != SEAL_VERSION ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(
		    out, &n, NULL, sealed + 1 + NONCE_BYTES,
		    len - 1 - NONCE_BYTES, (const unsigned char *)ad,
		    strlen(ad), sealed + 1, k->seal) != 0)
		return MM_ECORRUPT;
	*out_len = (size_t)n;
	return 0;
}

size_t seal_text_len(size_t n)
{
	return strlen(SEAL_TEXT_PREFIX) +
	       sodium_base64_ENCODED_LEN(n + SEAL_OVERHEAD, B64) - 1;
}

int seal_text(const struct seal_keys *k, const char *ad, const char *plain,
	      struct buf *out)
{
	size_t len = strlen(plain), slen = len + SEAL_OVERHEAD;
	size_t b64len = sodium_base64_ENCODED_LEN(slen, B64);
	unsigned char *sealed = malloc(slen);
	char *b64 = malloc(b64len);
	int rc = MM_ENOMEM;

	if (sealed && b64) {
		seal_bytes(k, ad, plain, len, sealed);
		sodium_bin2base64(b64, b64len, sealed, slen, B64);
		buf_adds(out, SEAL_TEXT_PREFIX);
		rc = buf_adds(out, b64);
	}
	free(sealed);
	free(b64);
	return rc;
}

int seal_is_text(const char *s)
{
	return !strncmp(s, SEAL_TEXT_PREFIX, strlen(SEAL_TEXT_PREFIX));
}

int seal_text_open(const struct seal_keys *k, const char *ad,
		   const char *sealed, char *out, size_t cap)
{
	const char *b64 = sealed + strlen(SEAL_TEXT_PREFIX);
	size_t b64len, blen = 0, plen = 0;
	unsigned char *bin = NULL, *plain = NULL;
	int rc = MM_ECORRUPT;

	if (cap)
		out[0] = '\0';
	if (!seal_is_text(sealed))
		return MM_ECORRUPT;
	b64len = strlen(b64);
	bin = malloc(b64len + 1);
	plain = malloc(b64len + 1);
	if (!bin || !plain)
		rc = MM_ENOMEM;
	else if (sodium_base642bin(bin, b64len + 1, b64, b64len, NULL, &blen,
				   NULL, B64) == 0 &&
		 seal_open_bytes(k, ad, bin, blen, plain, &plen) == 0 &&
		 !memchr(plain, '\0', plen))
		rc = plen < cap ? 0 : MM_EOVERFLOW;
	if (rc == 0) {
		memcpy(out, plain, plen);
		out[plen] = '\0';
	}
	if (plain)
		sodium_memzero(plain, b64len + 1);
	free(bin);
	free(plain);
	return rc;
}

void seal_key_check(const struct seal_keys *k, unsigned char out[32])
{
	static const char constant[] = "mamori field key check v1";

	crypto_generichash(out, 32, (const unsigned char *)constant,
			   sizeof constant - 1, k->check, sizeof k->check);
}
