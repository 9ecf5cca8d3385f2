/*
 * checkpoint.h - signed audit checkpoints: the head of the audit hash
 * chain (seq and hash) at a moment, signed with Ed25519 so that a copy
 * kept off the host proves what the trail looked like (security-notes.md,
 * "signed checkpoints").  Pure: texts and keys in, texts and keys out; the
 * caller (cli/audit.c) reads and writes the files.  Needs identity_init()
 * (sodium_init) first.
 *
 * Text of a checkpoint (each line ends with "\n"; the signature covers
 * the first four lines byte for byte):
 *   mamori-audit-checkpoint 1
 *   seq 1234
 *   hash <64 lower-case hex: the hash of entry seq>
 *   at 2026-11-30T14:34:54Z
 *   sig <128 lower-case hex: crypto_sign_detached over the lines above>
 */
#ifndef MM_CORE_CHECKPOINT_H
#define MM_CORE_CHECKPOINT_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"

#define CHECKPOINT_PUBLIC_BYTES 32
#define CHECKPOINT_SECRET_BYTES 64
#define CHECKPOINT_HASH_HEX 65  /* 64 hex characters and the NUL */
#define CHECKPOINT_AT_MAX 21    /* "2026-11-30T14:34:54Z" and the NUL */
/* Longest checkpoint text accepted by checkpoint_parse (with slack). */
#define CHECKPOINT_TEXT_MAX 512
/* Key text: hex of the key and "\n"; sized for the secret key. */
#define CHECKPOINT_KEY_TEXT_MAX (2 * CHECKPOINT_SECRET_BYTES + 2)

struct checkpoint {
	int64_t seq;                   /* >= 1: the entry it vouches for */
	char hash[CHECKPOINT_HASH_HEX];
	char at[CHECKPOINT_AT_MAX];    /* ISO 8601, UTC */
};

/*
 * checkpoint_keypair - a fresh Ed25519 key pair.  The secret stays the
 * caller's (wipe it with sodium_memzero).  Returns 0 or MM_EINVAL.
 */
int checkpoint_keypair(unsigned char pk[CHECKPOINT_PUBLIC_BYTES],
		       unsigned char sk[CHECKPOINT_SECRET_BYTES]);

/*
 * checkpoint_key_text - writes key (n bytes, n <= CHECKPOINT_SECRET_BYTES)
 * as lower-case hex and "\n" into out (CHECKPOINT_KEY_TEXT_MAX + 1 bytes,
 * NUL-terminated).
 */
void checkpoint_key_text(const unsigned char *key, size_t n,
			 char out[CHECKPOINT_KEY_TEXT_MAX + 1]);

/*
 * checkpoint_key_parse - reads a key written by checkpoint_key_text: text
 * (len bytes, need not be NUL-terminated) is exactly 2n hex characters,
 * optionally followed by one "\n".  Returns 0 with out (n bytes) filled,
 * or MM_EINVAL.
 */
int checkpoint_key_parse(const char *text, size_t len, unsigned char *out,
			 size_t n);

/*
 * checkpoint_init - fills c for entry seq (>= 1) with hash (64 lower-case
 * hex) taken at time at (seconds, UTC).  Returns 0 or MM_EINVAL.
 */
int checkpoint_init(struct checkpoint *c, int64_t seq, const char *hash,
		    int64_t at);

/*
 * checkpoint_sign - appends the signed text of c (format above) to out.
 * Returns 0, MM_EINVAL for an invalid c, or the buffer's error.
 */
int checkpoint_sign(const struct checkpoint *c,
		    const unsigned char sk[CHECKPOINT_SECRET_BYTES],
		    struct buf *out);

/*
 * checkpoint_parse - reads a checkpoint text (len bytes, need not be
 * NUL-terminated) and checks its signature with pk.  Returns 0 with *c
 * filled; MM_EINVAL when the text is not a checkpoint in the exact form
 * above; MM_ECORRUPT when the signature does not match (altered text or
 * another key).  *c is only meaningful on 0.
 */
int checkpoint_parse(const char *text, size_t len,
		     const unsigned char pk[CHECKPOINT_PUBLIC_BYTES],
		     struct checkpoint *c);

#endif
