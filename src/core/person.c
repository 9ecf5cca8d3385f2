/*
 * person.c - keyed hashes of who a record is about.  Contract: person.h.
 */
#include "person.h"

#include <string.h>
#include <sodium.h>

#include "fold.h"
#include "../lib/err.h"
#include "../lib/banned.h"

int person_normalise(const char *text, struct buf *out)
{
	return fold_text(text, out, FOLD_DROP_SPACE);
}

/* One hash: which, then each part after a unit separator. */
static void hash_parts(const struct seal_keys *k, const char *which,
		       const char *a, const char *b, char hex[PERSON_HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, k->person, sizeof k->person, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)which,
				  strlen(which));
	crypto_generichash_update(&st, (const unsigned char *)"\x1f", 1);
	crypto_generichash_update(&st, (const unsigned char *)a, strlen(a));
	if (b) {
		crypto_generichash_update(&st, (const unsigned char *)"\x1f", 1);
		crypto_generichash_update(&st, (const unsigned char *)b,
					  strlen(b));
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(hex, PERSON_HASH_HEX, h, sizeof h);
	sodium_memzero(h, sizeof h);
}

static void add(struct person_keys *out, const struct seal_keys *k,
		const char *which, const char *a, const char *b)
{
	struct person_key *p = &out->k[out->n++];

	p->which = which;
	hash_parts(k, which, a, b, p->hash);
}

int person_keys_make(const struct seal_keys *k, const char *name,
		     const char *kana, const char *birth,
		     struct person_keys *out)
{
	struct buf n = BUF_INIT_MAX(4096), r = BUF_INIT_MAX(4096);
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (name)
		rc = person_normalise(name, &n);
	if (rc == 0 && kana)
		rc = person_normalise(kana, &r);
	if (!birth)
		birth = "";
	if (rc == 0 && buf_cstr(&n)[0]) {
		add(out, k, "name", buf_cstr(&n), NULL);
		if (birth[0])
			add(out, k, "name_birth", buf_cstr(&n), birth);
	}
	if (rc == 0 && buf_cstr(&r)[0]) {
		add(out, k, "kana", buf_cstr(&r), NULL);
		if (birth[0])
			add(out, k, "kana_birth", buf_cstr(&r), birth);
	}
	if (rc < 0)
		memset(out, 0, sizeof *out);
	buf_release(&n);
	buf_release(&r);
	return rc;
}

const char *person_key_find(const struct person_keys *keys, const char *which)
{
	for (size_t i = 0; i < keys->n; i++)
		if (!strcmp(keys->k[i].which, which))
			return keys->k[i].hash;
	return NULL;
}
