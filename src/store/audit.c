#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "lib/err.h"
#include "lib/banned.h"

/* Changing the encoding needs a new tag (and a migration of the trail). */
static const char audit_tag[] = "mamori-audit-v1";

static void hash_int(crypto_hash_sha256_state *st, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	crypto_hash_sha256_update(st, b, sizeof b);
}

static void hash_str(crypto_hash_sha256_state *st, const char *s)
{
	size_t n = strlen(s);
	unsigned char b[4] = {
		(unsigned char)(n >> 24), (unsigned char)(n >> 16),
		(unsigned char)(n >> 8), (unsigned char)n,
	};

	crypto_hash_sha256_update(st, b, sizeof b);
	crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

void audit_hash(const unsigned char prev[MM_HASH_BYTES],
		const struct audit_entry *e, unsigned char out[MM_HASH_BYTES])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)audit_tag,
				  sizeof audit_tag);
	crypto_hash_sha256_update(&st, prev, MM_HASH_BYTES);
	hash_int(&st, e->seq);
	hash_int(&st, e->at);
	hash_int(&st, e->actor_user_id);
	hash_str(&st, e->actor_login);
	hash_int(&st, (int64_t)e->role);
	hash_int(&st, e->unit_id);
	hash_str(&st, e->addr);
	hash_str(&st, e->action);
	hash_str(&st, e->object_type);
	hash_int(&st, e->object_id);
	hash_str(&st, e->detail);
	crypto_hash_sha256_final(&st, out);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int audit_hex_decode(const char *hex, unsigned char out[MM_HASH_BYTES])
{
	if (!hex || strlen(hex) != 2 * MM_HASH_BYTES)
		return MM_EINVAL;
	for (size_t i = 0; i < MM_HASH_BYTES; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return MM_EINVAL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int copy_field(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= cap)
		return MM_EOVERFLOW;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
	return 0;
}

int audit_entry_fill(struct audit_entry *e, const struct actor *a,
		     const char *action, const char *object_type,
		     int64_t object_id, const char *detail)
{
	int rc = 0;

	memset(e, 0, sizeof *e);
	e->actor_user_id = a ? a->user_id : 0;
	e->role = a ? a->role : ROLE_NONE;
	e->unit_id = a ? a->unit_id : 0;
	e->object_id = object_id;
	rc |= copy_field(e->actor_login, sizeof e->actor_login, a ? a->login : "");
	rc |= copy_field(e->addr, sizeof e->addr, a ? a->addr : "");
	rc |= copy_field(e->action, sizeof e->action, action);
	rc |= copy_field(e->object_type, sizeof e->object_type, object_type);
	rc |= copy_field(e->detail, sizeof e->detail, detail ? detail : "{}");
	return rc ? MM_EOVERFLOW : 0;
}

int audit_json_str(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c < 0x20)
			buf_addf(b, "\\u%04x", c);
		else
			buf_addch(b, (char)c);
	}
	buf_addch(b, '"');
	return buf_error(b);
}

void audit_verifier_init(struct audit_verifier *v, struct audit_verify_result *r)
{
	memset(v, 0, sizeof *v);
	memset(r, 0, sizeof *r);
	v->r = r;
	v->expect_seq = 1;
	memset(v->prev_hex, '0', sizeof v->prev_hex);
}

static void hex_of(const unsigned char bin[MM_HASH_BYTES],
		   char hex[2 * MM_HASH_BYTES])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < MM_HASH_BYTES; i++) {
		hex[2 * i] = digits[bin[i] >> 4];
		hex[2 * i + 1] = digits[bin[i] & 0xf];
	}
}

void audit_sha_init(struct audit_sha *s)
{
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;

	if (!ctx)
		EVP_MD_free(md);
	s->md = ctx ? md : NULL;
	s->ctx = ctx;
}

void audit_sha_release(struct audit_sha *s)
{
	EVP_MD_CTX_free(s->ctx);
	EVP_MD_free(s->md);
	s->md = s->ctx = NULL;
}

static void sha256(struct audit_sha *s, const unsigned char *in, size_t n,
		   unsigned char out[MM_HASH_BYTES])
{
	unsigned int len = 0;

	if (s->ctx && EVP_DigestInit_ex2(s->ctx, s->md, NULL) == 1 &&
	    EVP_DigestUpdate(s->ctx, in, n) == 1 &&
	    EVP_DigestFinal_ex(s->ctx, out, &len) == 1 && len == MM_HASH_BYTES)
		return;
	crypto_hash_sha256(out, in, n);
}

static unsigned char *put_int(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;

	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	return p + 8;
}

/* As hash_str over the text a copy would hold: up to its first NUL. */
static unsigned char *put_str(unsigned char *p, const char *s, size_t len)
{
	size_t n = strnlen(s, len);

	p[0] = (unsigned char)(n >> 24);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
	memcpy(p + 4, s, n);
	return p + 4 + n;
}

/* What a field of struct audit_entry holds, NUL included (audit_row). */
static const size_t ref_caps[AUDIT_REF_TEXTS] = {
	[AUDIT_REF_LOGIN] = sizeof ((struct audit_entry *)0)->actor_login,
	[AUDIT_REF_ADDR] = sizeof ((struct audit_entry *)0)->addr,
	[AUDIT_REF_ACTION] = sizeof ((struct audit_entry *)0)->action,
	[AUDIT_REF_TYPE] = sizeof ((struct audit_entry *)0)->object_type,
	[AUDIT_REF_DETAIL] = sizeof ((struct audit_entry *)0)->detail,
};

static int fail(struct audit_verifier *v, int64_t seq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct audit_verifier *v, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	if (!v->failed) {
		v->failed = 1;
		v->r->first_bad_seq = seq;
		va_start(ap, fmt);
		vsnprintf(v->r->reason, sizeof v->r->reason, fmt, ap);
		va_end(ap);
	}
	return MM_ECORRUPT;
}

_Static_assert(AUDIT_REF_BYTES >= sizeof audit_tag + MM_HASH_BYTES + 6 * 8 +
	      AUDIT_REF_TEXTS * 4 + sizeof(struct audit_entry),
	      "room for the tag, the previous hash, six integers and five"
	      " texts shorter than their fields");
_Static_assert(AUDIT_REF_PREV_AT == sizeof audit_tag, "the previous hash"
	      " follows the tag");

int audit_ref_encode(const struct audit_ref *e,
		     unsigned char out[AUDIT_REF_BYTES], size_t *n)
{
	unsigned char *p = out;

	for (int i = 0; i < AUDIT_REF_TEXTS; i++)
		if (!e->text[i] || e->len[i] >= ref_caps[i])
			return MM_EOVERFLOW;
	memcpy(p, audit_tag, sizeof audit_tag);
	p += sizeof audit_tag;
	memset(p, 0, MM_HASH_BYTES); /* audit_verifier_hashed's to fill */
	p += MM_HASH_BYTES;
	p = put_int(p, e->seq);
	p = put_int(p, e->at);
	p = put_int(p, e->actor_user_id);
	p = put_str(p, e->text[AUDIT_REF_LOGIN], e->len[AUDIT_REF_LOGIN]);
	/* as audit_row reads it: through the enum */
	p = put_int(p, (int64_t)(enum role)e->role);
	p = put_int(p, e->unit_id);
	p = put_str(p, e->text[AUDIT_REF_ADDR], e->len[AUDIT_REF_ADDR]);
	p = put_str(p, e->text[AUDIT_REF_ACTION], e->len[AUDIT_REF_ACTION]);
	p = put_str(p, e->text[AUDIT_REF_TYPE], e->len[AUDIT_REF_TYPE]);
	p = put_int(p, e->object_id);
	p = put_str(p, e->text[AUDIT_REF_DETAIL], e->len[AUDIT_REF_DETAIL]);
	*n = (size_t)(p - out);
	return 0;
}

int audit_verifier_hashed(struct audit_verifier *v, struct audit_sha *sha,
			  int64_t pos, unsigned char *in, size_t n,
			  const char hash_hex[2 * MM_HASH_BYTES])
{
	unsigned char computed[MM_HASH_BYTES], stored[MM_HASH_BYTES];
	char hex[2 * MM_HASH_BYTES + 1];

	if (v->failed)
		return MM_ECORRUPT;
	memcpy(in + AUDIT_REF_PREV_AT, v->prev, MM_HASH_BYTES);
	sha256(sha, in, n, computed);
	hex_of(computed, hex);
	if (memcmp(hash_hex, hex, 2 * MM_HASH_BYTES) != 0) {
		/* step_at's last two checks, worded as there */
		memcpy(hex, hash_hex, 2 * MM_HASH_BYTES);
		hex[2 * MM_HASH_BYTES] = '\0';
		if (audit_hex_decode(hex, stored) < 0)
			return fail(v, pos, "entry %lld: hash is not a hash",
				    (long long)pos);
		return fail(v, pos, "entry %lld was altered (hash mismatch)",
			    (long long)pos);
	}
	memcpy(v->prev, computed, MM_HASH_BYTES);
	memcpy(v->prev_hex, hex, sizeof v->prev_hex);
	v->expect_seq++;
	v->r->entries++;
	return 0;
}

int audit_verifier_step(struct audit_verifier *v, const struct audit_entry *e,
			const char *prev_hex)
{
	return audit_verifier_step_at(v, e->seq, e, prev_hex);
}

int audit_verifier_step_at(struct audit_verifier *v, int64_t pos,
			   const struct audit_entry *e, const char *prev_hex)
{
	unsigned char prev[MM_HASH_BYTES], stored[MM_HASH_BYTES];
	unsigned char computed[MM_HASH_BYTES];

	if (v->failed)
		return MM_ECORRUPT;
	if (pos != v->expect_seq)
		return fail(v, v->expect_seq, pos > v->expect_seq ?
			    "entry %lld is missing" : "entry %lld is out of order",
			    (long long)v->expect_seq);
	if (audit_hex_decode(prev_hex, prev) < 0)
		return fail(v, pos, "entry %lld: prev_hash is not a hash",
			    (long long)pos);
	if (sodium_memcmp(prev, v->prev, MM_HASH_BYTES) != 0)
		return fail(v, pos,
			    "entry %lld does not follow the previous entry",
			    (long long)pos);
	if (audit_hex_decode(e->hash, stored) < 0)
		return fail(v, pos, "entry %lld: hash is not a hash",
			    (long long)pos);
	audit_hash(v->prev, e, computed);
	if (sodium_memcmp(stored, computed, MM_HASH_BYTES) != 0)
		return fail(v, pos, "entry %lld was altered (hash mismatch)",
			    (long long)pos);
	memcpy(v->prev, computed, MM_HASH_BYTES);
	hex_of(computed, v->prev_hex);
	v->expect_seq++;
	v->r->entries++;
	return 0;
}

int audit_verifier_garbage(struct audit_verifier *v, int64_t seq,
			   const char *what)
{
	return fail(v, seq, "entry %lld: unreadable %s", (long long)seq, what);
}

int audit_verifier_finish(struct audit_verifier *v, int64_t head_seq,
			  const char *head_hex)
{
	unsigned char head[MM_HASH_BYTES];
	int64_t last = v->expect_seq - 1;

	if (v->failed)
		return MM_ECORRUPT;
	if (head_seq > last)
		return fail(v, last + 1,
			    "entries from %lld on are missing (cut tail)",
			    (long long)(last + 1));
	if (head_seq < last)
		return fail(v, head_seq + 1,
			    "entry %lld lies beyond the recorded head",
			    (long long)(head_seq + 1));
	if (audit_hex_decode(head_hex, head) < 0 ||
	    sodium_memcmp(head, v->prev, MM_HASH_BYTES) != 0)
		return fail(v, last > 0 ? last : 1,
			    "the recorded head does not match entry %lld",
			    (long long)last);
	return 0;
}
