/*
 * identity.h - passwords, session and API tokens, CSRF tokens.
 * libsodium only; no storage (the store keeps the hashes).
 *
 * Tokens handed to clients are 256 random bits as 64 hex characters; the
 * server keeps only their SHA-256 (token_hash), so a stolen database does
 * not yield a working session.
 */
#ifndef MM_CORE_IDENTITY_H
#define MM_CORE_IDENTITY_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

#define MM_PWHASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define MM_TOKEN_HEX 65     /* 64 hex + NUL */
#define MM_HASH_BYTES 32

/*
 * identity_init - initialises libsodium and the hashing semaphore that caps
 * concurrent Argon2id computations (each takes 64 MiB).  Call once before
 * threads start.  Returns 0 or MM_EIO.
 */
int identity_init(void);

/* The floor of the Argon2id cost: libsodium's INTERACTIVE preset. */
#define MM_PWHASH_MIN_PASSES 2
#define MM_PWHASH_MIN_MIB 64

/*
 * identity_set_cost - the Argon2id cost of new hashes ([passwords] passes
 * and memory_mib): at least the floor above (security-notes: 64 MiB and 2
 * passes, above OWASP's 19 MiB x 2), at most 10 passes and 4096 MiB.
 * Hashes made with other parameters are replaced at the next login
 * (password_verify's needs_rehash).  Call before threads start.  Returns
 * 0, or MM_EINVAL (out of bounds; the cost is unchanged).
 */
int identity_set_cost(long passes, long memory_mib);

/*
 * password_hash - Argon2id (crypto_pwhash_str, at the cost of
 * identity_set_cost(), by default 2 passes and 64 MiB) of password into
 * out (MM_PWHASH_MAX bytes).  Returns 0 or MM_ENOMEM.
 */
int password_hash(const char *password, char out[MM_PWHASH_MAX]);

/*
 * password_verify - 0 when password matches hash, MM_ENOMEM when
 * Argon2id could not get its memory (the server's state: no wrong
 * password, no failed login to count, issue 14), MM_EAUTH otherwise.
 * *needs_rehash (may be NULL) is set to 1 when the hash uses older
 * parameters and should be replaced.
 */
int password_verify(const char *hash, const char *password, int *needs_rehash);

/*
 * password_hashes_run - how many Argon2id computations password_verify
 * and password_dummy_verify have run in this process: one per call, so a
 * wrong password costs what an unknown login does (tests read it).
 */
unsigned long password_hashes_run(void);

/*
 * password_dummy_verify - spends the time of one verification, so that
 * an unknown login takes as long as a wrong password.
 */
void password_dummy_verify(const char *password);

/* password_generate - a random 20-character password (for init). */
void password_generate(char out[21]);

/* token_new - a fresh random token as 64 lower-case hex characters. */
void token_new(char out[MM_TOKEN_HEX]);

/* token_hash - SHA-256 of a token string. */
void token_hash(const char *token, unsigned char out[MM_HASH_BYTES]);

/*
 * csrf_token - the CSRF token of a session: HMAC-SHA256 keyed by the
 * session token, as hex.  Derived, never stored, so it is as secret as the
 * session and needs no table.
 */
void csrf_token(const char *session_token, char out[MM_TOKEN_HEX]);

/* csrf_check - 1 when given matches the session's CSRF token (constant time). */
int csrf_check(const char *session_token, const char *given);

/* hex_encode - n bytes as 2n lower-case hex characters plus NUL. */
void hex_encode(const unsigned char *p, size_t n, char *out);

#endif
