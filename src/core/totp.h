/*
 * totp.h - the second factor's arithmetic (issue 13): RFC 6238 TOTP with
 * HMAC-SHA1, 6 digits, 30-second steps, one step either side; base32 for
 * the otpauth:// URI; the secret sealed (core/seal.h) under
 * the field key (never stored in clear); recovery codes.  Pure: no I/O,
 * the clock and the key are the caller's.
 */
#ifndef MM_CORE_TOTP_H
#define MM_CORE_TOTP_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen by every layer but lib/ and http/"
#endif

#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20   /* 160 bits, RFC 4226's recommendation */
#define TOTP_STEP_SECS 30
#define TOTP_DIGITS 6
/* base32 of the secret without padding, and its NUL */
#define TOTP_SECRET_B32 33
/* a sealed secret: core/seal.h's seal_bytes() of the secret */
#define TOTP_SEALED_BYTES (1 + 24 + 16 + TOTP_SECRET_BYTES)
/* one sealed by the first form (secretbox: nonce, MAC, secret), still opened */
#define TOTP_LEGACY_SEALED_BYTES (24 + 16 + TOTP_SECRET_BYTES)
/* the associated data of a sealed secret: where it is stored */
#define TOTP_SEAL_AD "mfa_factors.secret_sealed"
#define TOTP_KEY_BYTES 32
/* recovery codes: "xxxx-xxxx-xxxx-xxxx", base32 lower case, 80 bits */
#define TOTP_RECOVERY_CODES 10
#define TOTP_RECOVERY_LEN 19
#define TOTP_RECOVERY_TEXT (TOTP_RECOVERY_LEN + 1)

/* totp_step - the RFC 6238 time step of unix time now. */
int64_t totp_step(int64_t now);

/*
 * totp_code - the RFC 4226 HOTP value (TOTP_DIGITS digits) of secret
 * (len bytes) for counter step.  Returns it (0..999999) or MM_ENOMEM
 * when HMAC fails (OpenSSL could not allocate its context: SHA-1 is
 * built in, so that is the only way it fails - the server's state, never
 * the code's fault, issue 14).
 */
int64_t totp_code(const unsigned char *secret, size_t len, int64_t step);

/*
 * totp_check - the step of now - 1 .. now + 1 whose code is code (six
 * ASCII digits), later than last_step (a code once accepted is never
 * accepted again, RFC 6238 5.2).  Returns the step (> 0), or MM_EAUTH:
 * malformed, wrong, or already used; MM_ENOMEM as totp_code (not a
 * wrong code: the caller answers 503 and counts no failed login).
 */
int64_t totp_check(const unsigned char *secret, size_t len, const char *code,
		   int64_t now, int64_t last_step);

/* totp_is_code - 1 when s is six ASCII digits (a TOTP code, not a recovery code). */
int totp_is_code(const char *s);

/* totp_secret_new - fills secret with random bytes. */
void totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES]);

/* totp_base32 - RFC 4648 base32 of secret, upper case, no padding. */
void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
		 char out[TOTP_SECRET_B32]);

/*
 * totp_seal / totp_open - the secret sealed under the field key key
 * (core/seal.h: seal_bytes() bound to TOTP_SEAL_AD) and back.  totp_open
 * also opens a secret of TOTP_LEGACY_SEALED_BYTES sealed by the first
 * form (secretbox under key itself), so factors enrolled before stay
 * usable.  totp_open returns 0 or MM_EINVAL (another key, or the bytes
 * were altered).
 */
void totp_seal(const unsigned char secret[TOTP_SECRET_BYTES],
	       const unsigned char key[TOTP_KEY_BYTES],
	       unsigned char out[TOTP_SEALED_BYTES]);
int totp_open(const unsigned char *sealed, size_t len,
	      const unsigned char key[TOTP_KEY_BYTES],
	      unsigned char secret[TOTP_SECRET_BYTES]);

/* totp_recovery_new - a fresh recovery code "xxxx-xxxx-xxxx-xxxx". */
void totp_recovery_new(char out[TOTP_RECOVERY_TEXT]);

/*
 * totp_recovery_hash - the stored form of a recovery code: SHA-256 of its
 * letters folded to lower case without dashes or blanks, so that
 * "ABCD EFGH ..." typed from paper matches.  MM_EINVAL when it is not
 * 16 base32 letters.
 */
int totp_recovery_hash(const char *code, unsigned char out[32]);

#endif
