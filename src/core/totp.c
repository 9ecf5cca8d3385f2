#include "totp.h"

#include <ctype.h>
#include <string.h>
#include <sodium.h>
/*
 * HMAC-SHA1 from OpenSSL's libcrypto: RFC 6238 (and every authenticator
 * app) needs SHA-1, which libsodium does not have, and a maintained,
 * widely reviewed implementation is better than a hand-written SHA-1.
 * SHA-1's collision weakness does not touch HMAC-SHA1 as a PRF.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "seal.h"
#include "../lib/err.h"
#include "../lib/banned.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int64_t totp_step(int64_t now)
{
	return now / TOTP_STEP_SECS;
}

int64_t totp_code(const unsigned char *secret, size_t len, int64_t step)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	uint64_t c = (uint64_t)step;
	uint32_t bin;
	int off;

	for (int i = 7; i >= 0; i--, c >>= 8)
		msg[i] = (unsigned char)(c & 0xff);
	if (!HMAC(EVP_sha1(), secret, (int)len, msg, sizeof msg, mac, &mac_len) ||
	    mac_len != 20)
		return MM_ENOMEM;
	/* RFC 4226 5.3: dynamic truncation */
	off = mac[19] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	      ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
	      (uint32_t)mac[off + 3];
	sodium_memzero(mac, sizeof mac);
	return (int64_t)(bin % 1000000u);
}

int totp_is_code(const char *s)
{
	if (!s || strlen(s) != TOTP_DIGITS)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int64_t totp_check(const unsigned char *secret, size_t len, const char *code,
		   int64_t now, int64_t last_step)
{
	int64_t want, at = totp_step(now), found = 0;

	if (!totp_is_code(code))
		return MM_EAUTH;
	want = (int64_t)(code[0] - '0') * 100000 + (code[1] - '0') * 10000 +
	       (code[2] - '0') * 1000 + (code[3] - '0') * 100 +
	       (code[4] - '0') * 10 + (code[5] - '0');
	/* every candidate is computed: the time does not tell which matched */
	for (int64_t s = at - 1; s <= at + 1; s++) {
		int64_t v = totp_code(secret, len, s);
		if (v < 0)
			return v;
		if (v == want && s > last_step && !found)
			found = s;
	}
	return found ? found : MM_EAUTH;
}

void totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES])
{
	randombytes_buf(secret, TOTP_SECRET_BYTES);
}

/* base32 of n bytes (n * 8 a multiple of 5) into out, no padding. */
static void base32(const unsigned char *in, size_t n, char *out)
{
	size_t o = 0;
	unsigned buf = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(buf << (5 - bits)) & 31];
	out[o] = '\0';
}

void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
		 char out[TOTP_SECRET_B32])
{
	base32(secret, TOTP_SECRET_BYTES, out);
}

void totp_seal(const unsigned char secret[TOTP_SECRET_BYTES],
	       const unsigned char key[TOTP_KEY_BYTES],
	       unsigned char out[TOTP_SEALED_BYTES])
{
	struct seal_keys k;

	seal_keys_derive(key, &k);
	seal_bytes(&k, TOTP_SEAL_AD, secret, TOTP_SECRET_BYTES, out);
	seal_keys_clear(&k);
}

/*
 * A secret sealed before core/seal.c (issue 13's first form): secretbox
 * under the field key itself, nonce first, no version byte.  Still opened
 * so factors enrolled before stay usable; nothing is sealed so any more.
 */
static int open_legacy(const unsigned char *sealed, size_t len,
		       const unsigned char key[TOTP_KEY_BYTES],
		       unsigned char secret[TOTP_SECRET_BYTES])
{
	if (len != TOTP_LEGACY_SEALED_BYTES ||
	    crypto_secretbox_open_easy(secret,
				       sealed + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES,
				       sealed, key) != 0)
		return MM_EINVAL;
	return 0;
}

int totp_open(const unsigned char *sealed, size_t len,
	      const unsigned char key[TOTP_KEY_BYTES],
	      unsigned char secret[TOTP_SECRET_BYTES])
{
	struct seal_keys k;
	size_t n = 0;
	int rc;

	if (len == TOTP_LEGACY_SEALED_BYTES)
		return open_legacy(sealed, len, key, secret);
	if (len != TOTP_SEALED_BYTES)
		return MM_EINVAL;
	seal_keys_derive(key, &k);
	rc = seal_open_bytes(&k, TOTP_SEAL_AD, sealed, len, secret, &n);
	seal_keys_clear(&k);
	return rc < 0 || n != TOTP_SECRET_BYTES ? MM_EINVAL : 0;
}

void totp_recovery_new(char out[TOTP_RECOVERY_TEXT])
{
	unsigned char raw[10];
	char letters[17];
	size_t o = 0;

	randombytes_buf(raw, sizeof raw);
	base32(raw, sizeof raw, letters);
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = (char)tolower((unsigned char)letters[i]);
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
}

int totp_recovery_hash(const char *code, unsigned char out[32])
{
	char norm[17];
	size_t n = 0;

	if (!code)
		return MM_EINVAL;
	for (const char *p = code; *p; p++) {
		char ch = (char)toupper((unsigned char)*p);
		if (ch == '-' || ch == ' ')
			continue;
		if (n >= 16 || !ch || !strchr(b32, ch))
			return MM_EINVAL;
		norm[n++] = (char)tolower((unsigned char)ch);
	}
	if (n != 16)
		return MM_EINVAL;
	norm[n] = '\0';
	crypto_hash_sha256(out, (const unsigned char *)norm, n);
	sodium_memzero(norm, sizeof norm);
	return 0;
}
