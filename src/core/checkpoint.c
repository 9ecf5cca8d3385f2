/*
 * checkpoint.c - signed audit checkpoints.  Contract: checkpoint.h.
 */
#include "checkpoint.h"

#include <string.h>

#include <sodium.h>

#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

#define MAGIC "mamori-audit-checkpoint 1\n"
#define SIG_HEX (2 * crypto_sign_BYTES)

int checkpoint_keypair(unsigned char pk[CHECKPOINT_PUBLIC_BYTES],
		       unsigned char sk[CHECKPOINT_SECRET_BYTES])
{
	return crypto_sign_keypair(pk, sk) == 0 ? 0 : MM_EINVAL;
}

void checkpoint_key_text(const unsigned char *key, size_t n,
			 char out[CHECKPOINT_KEY_TEXT_MAX + 1])
{
	if (n > CHECKPOINT_SECRET_BYTES)
		n = CHECKPOINT_SECRET_BYTES;
	sodium_bin2hex(out, CHECKPOINT_KEY_TEXT_MAX, key, n);
	out[2 * n] = '\n';
	out[2 * n + 1] = '\0';
}

/* 1 when p[0..n) are all lower-case hex digits: one spelling per value. */
static int lower_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

static int hex_to_bin(const char *p, size_t hexlen, unsigned char *out)
{
	size_t got = 0;

	if (!lower_hex(p, hexlen) ||
	    sodium_hex2bin(out, hexlen / 2, p, hexlen, NULL, &got, NULL) != 0 ||
	    got != hexlen / 2)
		return MM_EINVAL;
	return 0;
}

int checkpoint_key_parse(const char *text, size_t len, unsigned char *out,
			 size_t n)
{
	if (len == 2 * n + 1 && text[2 * n] == '\n')
		len--;
	if (len != 2 * n)
		return MM_EINVAL;
	return hex_to_bin(text, len, out);
}

/* 1 when at has the exact shape "YYYY-MM-DDTHH:MM:SSZ". */
static int iso_shape(const char *at)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	for (size_t i = 0; i < sizeof shape; i++) {
		if (shape[i] == 'd' ? !(at[i] >= '0' && at[i] <= '9')
				    : at[i] != shape[i])
			return 0;
	}
	return 1;
}

static int valid(const struct checkpoint *c)
{
	return c->seq >= 1 && strlen(c->hash) == CHECKPOINT_HASH_HEX - 1 &&
	       lower_hex(c->hash, CHECKPOINT_HASH_HEX - 1) && iso_shape(c->at);
}

int checkpoint_init(struct checkpoint *c, int64_t seq, const char *hash,
		    int64_t at)
{
	memset(c, 0, sizeof *c);
	if (!hash || strlen(hash) != CHECKPOINT_HASH_HEX - 1)
		return MM_EINVAL;
	c->seq = seq;
	memcpy(c->hash, hash, CHECKPOINT_HASH_HEX);
	format_iso8601(at, c->at, sizeof c->at);
	return valid(c) ? 0 : MM_EINVAL;
}

/* The signed lines of c, in their only accepted spelling. */
static int add_body(const struct checkpoint *c, struct buf *out)
{
	return buf_addf(out, MAGIC "seq %lld\nhash %s\nat %s\n",
			(long long)c->seq, c->hash, c->at);
}

int checkpoint_sign(const struct checkpoint *c,
		    const unsigned char sk[CHECKPOINT_SECRET_BYTES],
		    struct buf *out)
{
	unsigned char sig[crypto_sign_BYTES];
	char hex[SIG_HEX + 1];
	struct buf body;
	int rc;

	if (!valid(c))
		return MM_EINVAL;
	buf_init(&body, CHECKPOINT_TEXT_MAX);
	rc = add_body(c, &body);
	if (rc == 0) {
		crypto_sign_detached(sig, NULL, (const unsigned char *)body.data,
				     body.len, sk);
		sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
		rc = buf_addf(out, "%ssig %s\n", buf_cstr(&body), hex);
	}
	buf_release(&body);
	return rc;
}

/* Reads the field lines of body (NUL-terminated) into c. */
static int parse_fields(const char *body, struct checkpoint *c)
{
	char num[24];
	const char *p = body + strlen(MAGIC "seq ");
	const char *nl;

	memset(c, 0, sizeof *c);
	if (strncmp(body, MAGIC "seq ", strlen(MAGIC "seq ")) != 0)
		return MM_EINVAL;
	nl = strchr(p, '\n');
	if (!nl || nl == p || (size_t)(nl - p) >= sizeof num)
		return MM_EINVAL;
	memcpy(num, p, (size_t)(nl - p));
	num[nl - p] = '\0';
	if (parse_int64(num, 1, INT64_MAX, &c->seq) < 0)
		return MM_EINVAL;
	p = nl + 1;
	if (strncmp(p, "hash ", 5) != 0 || strlen(p + 5) < CHECKPOINT_HASH_HEX)
		return MM_EINVAL;
	memcpy(c->hash, p + 5, CHECKPOINT_HASH_HEX - 1);
	p += 5 + CHECKPOINT_HASH_HEX - 1;
	if (strncmp(p, "\nat ", 4) != 0 || strlen(p + 4) < CHECKPOINT_AT_MAX)
		return MM_EINVAL;
	memcpy(c->at, p + 4, CHECKPOINT_AT_MAX - 1);
	return valid(c) ? 0 : MM_EINVAL;
}

/* 0 when body is exactly the canonical spelling of c. */
static int canonical(const char *body, size_t len, const struct checkpoint *c)
{
	struct buf b;
	int rc;

	buf_init(&b, CHECKPOINT_TEXT_MAX);
	rc = add_body(c, &b);
	if (rc == 0 && (b.len != len || memcmp(b.data, body, len) != 0))
		rc = MM_EINVAL;
	buf_release(&b);
	return rc;
}

int checkpoint_parse(const char *text, size_t len,
		     const unsigned char pk[CHECKPOINT_PUBLIC_BYTES],
		     struct checkpoint *c)
{
	char t[CHECKPOINT_TEXT_MAX + 1];
	unsigned char sig[crypto_sign_BYTES];
	const char *s;
	size_t body_len, tail;
	int rc;

	memset(c, 0, sizeof *c);
	if (len > CHECKPOINT_TEXT_MAX || memchr(text, '\0', len))
		return MM_EINVAL;
	memcpy(t, text, len);
	t[len] = '\0';
	s = strstr(t, "\nsig ");
	if (!s)
		return MM_EINVAL;
	body_len = (size_t)(s - t) + 1;
	tail = len - body_len - 4;
	if (tail != SIG_HEX && !(tail == SIG_HEX + 1 && t[len - 1] == '\n'))
		return MM_EINVAL;
	if (hex_to_bin(s + 5, SIG_HEX, sig) < 0)
		return MM_EINVAL;
	t[body_len] = '\0';
	rc = parse_fields(t, c);
	if (rc == 0)
		rc = canonical(t, body_len, c);
	if (rc == 0 && crypto_sign_verify_detached(sig, (const unsigned char *)t,
						   body_len, pk) != 0)
		rc = MM_ECORRUPT;
	if (rc < 0)
		memset(c, 0, sizeof *c);
	return rc;
}
