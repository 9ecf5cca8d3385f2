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

/* Argon2id runs by password_verify and the dummy verify (under slot_lock's
 * slots, so never more than HASH_SLOTS at once; atomic all the same). */
static _Atomic unsigned long hashes_run;

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

/* An encoded Argon2id hash of crypto_pwhash_str, taken apart. */
struct pwhash_parts {
	unsigned long long ops;
	size_t mem;
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char key[64];
	size_t key_len;
};

/* The decimal number at *s up to stop; *s moves past stop.  0 when absent. */
static unsigned long long take_number(const char **s, char stop)
{
	unsigned long long v = 0;
	const char *p = *s;

	while (*p >= '0' && *p <= '9' && v < (1ULL << 40))
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (p == *s || *p != stop)
		return 0;
	*s = p + 1;
	return v;
}

/* Base64 (no padding) at *s up to stop or the end into out, exactly n
 * bytes when exact, else 16..n; the length or 0. */
static size_t take_base64(const char **s, char stop, unsigned char *out,
			  size_t n, int exact)
{
	const char *end = strchr(*s, stop);
	size_t len = 0;
	const char *last;

	if (!end)
		end = *s + strlen(*s);
	if (sodium_base642bin(out, n, *s, (size_t)(end - *s), NULL, &len, &last,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
	    last != end || (exact ? len != n : len < 16))
		return 0;
	*s = *end ? end + 1 : end;
	return len;
}

/*
 * "$argon2id$v=19$m=KiB,t=passes,p=1$salt$key" as crypto_pwhash_str writes
 * it.  0, or -1 for anything else (another algorithm, version or lane
 * count), which the caller leaves to libsodium's own verify.
 */
static int pwhash_parse(const char *hash, struct pwhash_parts *p)
{
	static const char head[] = "$argon2id$v=19$m=";
	const char *s = hash;
	unsigned long long kib;

	if (strncmp(s, head, sizeof(head) - 1) != 0)
		return -1;
	s += sizeof(head) - 1;
	kib = take_number(&s, ',');
	if (!kib || strncmp(s, "t=", 2) != 0)
		return -1;
	s += 2;
	p->ops = take_number(&s, ',');
	if (!p->ops || strncmp(s, "p=1$", 4) != 0)
		return -1;
	s += 4;
	p->mem = (size_t)kib << 10;
	if (!take_base64(&s, '$', p->salt, sizeof(p->salt), 1))
		return -1;
	p->key_len = take_base64(&s, '\0', p->key, sizeof(p->key), 0);
	return p->key_len && !*s ? 0 : -1;
}

/*
 * One Argon2id run for a hash of crypto_pwhash_str's format: derive the
 * key again with crypto_pwhash and compare in constant time.  Unlike
 * crypto_pwhash_str_verify, whose -1 means a mismatch or a failed
 * allocation alike, crypto_pwhash fails only when it cannot compute, so
 * a wrong password costs one hash - as much as an unknown login's dummy
 * verify, which keeps the two from being told apart by time.
 */
static int verify_parts(const struct pwhash_parts *p, const char *password)
{
	unsigned char key[sizeof(p->key)];
	int rc;

	hashes_run++;
	errno = 0;
	if (crypto_pwhash(key, p->key_len, password, strlen(password), p->salt,
			  p->ops, p->mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		/* EINVAL/EFBIG: the stored parameters are out of libsodium's
		 * bounds, a hash nothing can match; otherwise no memory */
		return errno == EINVAL || errno == EFBIG ? MM_EAUTH : MM_ENOMEM;
	rc = sodium_memcmp(key, p->key, p->key_len) == 0 ? 0 : MM_EAUTH;
	sodium_memzero(key, sizeof(key));
	return rc;
}

/* Any other encoded hash: libsodium's verify, a failure counted wrong
 * unless errno says memory. */
static int verify_encoded(const char *hash, const char *password)
{
	int rc;

	hashes_run++;
	errno = 0;
	rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	if (rc == 0)
		return 0;
	return errno == ENOMEM ? MM_ENOMEM : MM_EAUTH;
}

int password_verify(const char *hash, const char *password, int *needs_rehash)
{
	struct pwhash_parts parts;
	int rc;

	if (needs_rehash)
		*needs_rehash = 0;
	if (!hash || !password || identity_init() < 0)
		return MM_EAUTH;
	slot_take();
	if (pwhash_parse(hash, &parts) == 0)
		rc = verify_parts(&parts, password);
	else
		rc = verify_encoded(hash, password);
	slot_give();
	sodium_memzero(&parts, sizeof(parts));
	if (rc == 0 && needs_rehash)
		*needs_rehash = crypto_pwhash_str_needs_rehash(hash, HASH_OPS,
							       HASH_MEM) != 0;
	return rc;
}

unsigned long password_hashes_run(void)
{
	return hashes_run;
}

void password_dummy_verify(const char *password)
{
	const char *p = password ? password : "";
	int rc;

	if (identity_init() < 0 || !dummy_made())
		return;
	slot_take();
	/* Always a mismatch: nobody knows the dummy hash's password. */
	hashes_run++;
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
