#include "identity.h"

#include <pthread.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sodium.h>

#include "../lib/err.h"
#include "../lib/banned.h"

_Static_assert(MM_PWHASH_MAX >= crypto_pwhash_STRBYTES,
	       "MM_PWHASH_MAX must hold a crypto_pwhash string");
_Static_assert(MM_TOKEN_HEX == 2 * 32 + 1, "tokens are 32 bytes as hex");
_Static_assert(MM_HASH_BYTES == crypto_hash_sha256_BYTES,
	       "token hashes are SHA-256");

_Static_assert(MM_PWHASH_MIN_PASSES == crypto_pwhash_OPSLIMIT_INTERACTIVE &&
	       (size_t)MM_PWHASH_MIN_MIB << 20 ==
	       crypto_pwhash_MEMLIMIT_INTERACTIVE,
	       "the floor is libsodium's INTERACTIVE preset");

/* The cost of new hashes; set once before threads start. */
static unsigned long long hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t hash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
#define HASH_OPS hash_ops
#define HASH_MEM hash_mem

/*
 * Each Argon2id computation takes 64 MiB; a burst of logins must not take
 * the machine's memory, so at most this many run at once and the rest
 * wait their turn.
 */
#define HASH_SLOTS 2

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_free = PTHREAD_COND_INITIALIZER;
static int slots_used;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc = MM_EIO;

/*
 * The hash checked when a login is unknown, so it costs the same time.
 * Made when first needed (or by identity_set_cost, which serve calls at
 * start): a CLI command that checks no password does not spend a second
 * and 64 MiB on it (issue 12: `audit verify` of a small trail was that).
 */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;
static int dummy_ready;

static const char csrf_message[] = "mamori-csrf";

/*
 * sodium_init is cheap once done and safe from any thread; calling it
 * before drawing random bytes keeps tokens random even in a program that
 * forgot identity_init.  Without a working RNG no token may be made, so
 * failing here stops the program rather than hand out guessable tokens.
 */
static void random_ready(void)
{
	if (sodium_init() < 0)
		abort();
}

static void slot_take(void)
{
	pthread_mutex_lock(&slot_lock);
	while (slots_used >= HASH_SLOTS)
		pthread_cond_wait(&slot_free, &slot_lock);
	slots_used++;
	pthread_mutex_unlock(&slot_lock);
}

static void slot_give(void)
{
	pthread_mutex_lock(&slot_lock);
	slots_used--;
	pthread_cond_signal(&slot_free);
	pthread_mutex_unlock(&slot_lock);
}

/*
 * A password nobody knows, hashed at the current cost: the dummy verify
 * can never succeed and takes as long as a real one.
 */
static int make_dummy(void)
{
	char secret[MM_TOKEN_HEX];
	int rc;

	token_new(secret);
	rc = crypto_pwhash_str(dummy_hash, secret, strlen(secret), HASH_OPS,
			       HASH_MEM);
	sodium_memzero(secret, sizeof(secret));
	return rc == 0 ? 0 : MM_ENOMEM;
}

static void init_once_run(void)
{
	if (sodium_init() < 0)
		return;
	init_rc = 0;
}

/* 1 when the dummy hash is made (now, if it was not yet). */
static int dummy_made(void)
{
	int ready;

	pthread_mutex_lock(&dummy_lock);
	if (!dummy_ready)
		dummy_ready = make_dummy() == 0;
	ready = dummy_ready;
	pthread_mutex_unlock(&dummy_lock);
	return ready;
}

int identity_set_cost(long passes, long memory_mib)
{
	if (passes < MM_PWHASH_MIN_PASSES || passes > 10 ||
	    memory_mib < MM_PWHASH_MIN_MIB || memory_mib > 4096)
		return MM_EINVAL;
	hash_ops = (unsigned long long)passes;
	hash_mem = (size_t)memory_mib << 20;
	/* an unknown login must keep costing what a known one does */
	if (identity_init() < 0)
		return MM_ENOMEM;
	pthread_mutex_lock(&dummy_lock);
	dummy_ready = 0;
	pthread_mutex_unlock(&dummy_lock);
	return dummy_made() ? 0 : MM_ENOMEM;
}

int identity_init(void)
{
	pthread_once(&init_once, init_once_run);
	return init_rc;
}

int password_hash(const char *password, char out[MM_PWHASH_MAX])
{
	int rc;

	if (!password || identity_init() < 0)
		return MM_ENOMEM;
	slot_take();
	rc = crypto_pwhash_str(out, password, strlen(password), HASH_OPS,
			       HASH_MEM);
	slot_give();
	/* crypto_pwhash_str fails only when it cannot get its memory. */
	return rc == 0 ? 0 : MM_ENOMEM;
}

int password_verify(const char *hash, const char *password, int *needs_rehash)
{
	int rc, no_memory;

	if (needs_rehash)
		*needs_rehash = 0;
	if (!hash || !password || identity_init() < 0)
		return MM_EAUTH;
	slot_take();
	/* libsodium answers -1 for a mismatch and for a failed allocation
	 * inside Argon2 alike, and its errno tells them apart only for some
	 * of its allocations: a failure not known to be memory is checked
	 * once more, so a passing shortage is never taken for a wrong
	 * password (the second answer stands). */
	for (int tries = 0; tries < 2; tries++) {
		errno = 0;
		rc = crypto_pwhash_str_verify(hash, password, strlen(password));
		no_memory = rc != 0 && errno == ENOMEM;
		if (rc == 0 || no_memory)
			break;
	}
	slot_give();
	if (no_memory)
		return MM_ENOMEM;
	if (rc != 0)
		return MM_EAUTH;
	if (needs_rehash)
		*needs_rehash = crypto_pwhash_str_needs_rehash(hash, HASH_OPS,
							       HASH_MEM) != 0;
	return 0;
}

void password_dummy_verify(const char *password)
{
	const char *p = password ? password : "";
	int rc;

	if (identity_init() < 0 || !dummy_made())
		return;
	slot_take();
	/* Always a mismatch: nobody knows the dummy hash's password. */
	rc = crypto_pwhash_str_verify(dummy_hash, p, strlen(p));
	slot_give();
	(void)rc;
}

void password_generate(char out[21])
{
	/* No 0/O, 1/l/I: the password is read off a terminal and typed. */
	static const char alphabet[] =
		"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	random_ready();
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}

void hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0F];
	}
	out[2 * n] = '\0';
}

void token_new(char out[MM_TOKEN_HEX])
{
	unsigned char raw[32];

	random_ready();
	randombytes_buf(raw, sizeof(raw));
	hex_encode(raw, sizeof(raw), out);
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, unsigned char out[MM_HASH_BYTES])
{
	const char *t = token ? token : "";

	crypto_hash_sha256(out, (const unsigned char *)t, strlen(t));
}

void csrf_token(const char *session_token, char out[MM_TOKEN_HEX])
{
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	token_hash(session_token, key);
	crypto_auth_hmacsha256(mac, (const unsigned char *)csrf_message,
			       sizeof(csrf_message) - 1, key);
	hex_encode(mac, sizeof(mac), out);
	sodium_memzero(key, sizeof(key));
}

int csrf_check(const char *session_token, const char *given)
{
	char want[MM_TOKEN_HEX];
	int ok;

	/* Without a session there is no CSRF token to match. */
	if (!session_token || !*session_token || !given ||
	    strlen(given) != MM_TOKEN_HEX - 1)
		return 0;
	csrf_token(session_token, want);
	ok = sodium_memcmp(want, given, MM_TOKEN_HEX - 1) == 0;
	sodium_memzero(want, sizeof(want));
	return ok;
}
