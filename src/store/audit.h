/*
 * audit.h - the audit trail's hash chain, independent of any backend.
 *
 * Each entry's hash is SHA-256 over a domain tag, the previous entry's
 * hash (32 zero bytes for the first) and a canonical encoding of every
 * field: integers as 8 bytes big-endian, strings as a 4-byte big-endian
 * length and their bytes.  The encoding is unambiguous, so no two
 * different entries hash the same input.  Backends store hashes as 64
 * lower-case hex characters and feed rows to the verifier in seq order.
 */
#ifndef MM_STORE_AUDIT_H
#define MM_STORE_AUDIT_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stdint.h>

#include "store.h"
#include "lib/buf.h"

/* The hex form of the genesis "previous hash". */
#define AUDIT_GENESIS_HEX \
	"0000000000000000000000000000000000000000000000000000000000000000"

/*
 * audit_hash - the hash of entry e (every field but e->hash) following the
 * entry whose hash is prev; written to out.
 */
void audit_hash(const unsigned char prev[MM_HASH_BYTES],
		const struct audit_entry *e, unsigned char out[MM_HASH_BYTES]);

/*
 * audit_hex_decode - parses exactly 64 lower-case hex characters into out.
 * Returns 0 or MM_EINVAL (out then undefined).
 */
int audit_hex_decode(const char *hex, unsigned char out[MM_HASH_BYTES]);

/*
 * audit_entry_fill - fills e from actor a and the event (strings copied;
 * NULL strings become "" and a NULL detail "{}").  seq, at and hash are
 * left for the caller.  Returns 0 or MM_EOVERFLOW when a string does not
 * fit its field (the entry would not hash as it is stored).
 */
int audit_entry_fill(struct audit_entry *e, const struct actor *a,
		     const char *action, const char *object_type,
		     int64_t object_id, const char *detail);

/*
 * audit_json_str - appends s as a JSON string literal (quoted, escaped) to
 * b, for building detail objects.  Returns buf_error(b).
 */
int audit_json_str(struct buf *b, const char *s);

/*
 * struct audit_verifier - walks a trail entry by entry.  The first broken
 * entry is written to the result given at init; later steps do nothing.
 */
struct audit_verifier {
	struct audit_verify_result *r;
	int64_t expect_seq;
	unsigned char prev[MM_HASH_BYTES];
	/* prev as the lower-case hex the trail stores (the fast path
	   compares text with text instead of decoding every row's hashes) */
	char prev_hex[2 * MM_HASH_BYTES];
	int failed;
};

/* audit_verifier_init - starts at seq 1 with the genesis hash; clears *r. */
void audit_verifier_init(struct audit_verifier *v, struct audit_verify_result *r);

/*
 * audit_verifier_step - checks the next entry e (in seq order) whose
 * stored previous hash is prev_hex.  Returns 0 or MM_ECORRUPT (with the
 * result filled): missing entry, prev_hash mismatch, unparsable hash,
 * recomputed hash mismatch.
 */
int audit_verifier_step(struct audit_verifier *v, const struct audit_entry *e,
			const char *prev_hex);

/*
 * audit_verifier_step_at - the same for an entry whose place in the chain
 * is pos, which need not be its seq (PostgreSQL numbers entries when they
 * are written and places them when the sealer chains them; the hash
 * covers the seq, the chain the order).  Places run 1, 2, ... without a
 * gap; audit_verifier_step is this with pos = e->seq.
 */
int audit_verifier_step_at(struct audit_verifier *v, int64_t pos,
			   const struct audit_entry *e, const char *prev_hex);

/*
 * struct audit_sha - a SHA-256 context kept for a whole walk.  OpenSSL's
 * SHA-256 uses the CPU's SHA extensions where there are some (about four
 * times libsodium's portable code, which was half of `audit verify`'s
 * time: issue 12); the same function, so every trail hashes as before.
 * Without OpenSSL's digest (init failed) libsodium's is used.
 */
struct audit_sha {
	void *md, *ctx;
};

/* audit_sha_init - prepares s (never fails: falls back to libsodium). */
void audit_sha_init(struct audit_sha *s);

/* audit_sha_release - frees what audit_sha_init took. */
void audit_sha_release(struct audit_sha *s);

/*
 * struct audit_ref - an entry as the engine holds its row: the texts are
 * the engine's bytes (len each, not NUL-terminated, valid while the row
 * is), in the order login, addr, action, object_type, detail.
 */
enum { AUDIT_REF_LOGIN, AUDIT_REF_ADDR, AUDIT_REF_ACTION, AUDIT_REF_TYPE,
       AUDIT_REF_DETAIL, AUDIT_REF_TEXTS };
struct audit_ref {
	int64_t seq, at, actor_user_id, role, unit_id, object_id;
	const char *text[AUDIT_REF_TEXTS];
	size_t len[AUDIT_REF_TEXTS];
	const char *prev_hex, *hash_hex;
	size_t prev_len, hash_len;
};

/* Where the previous hash goes in audit_ref_encode's bytes, and their most. */
#define AUDIT_REF_PREV_AT 16
#define AUDIT_REF_BYTES (AUDIT_REF_PREV_AT + MM_HASH_BYTES + 6 * 8 + \
			 AUDIT_REF_TEXTS * 4 + sizeof(struct audit_entry))

/*
 * audit_ref_encode - the bytes audit_hash feeds SHA-256 for e, in one
 * piece (*n of them), but for the previous hash at AUDIT_REF_PREV_AT,
 * which audit_verifier_hashed fills in.  Texts are taken up to a first
 * NUL, as a copy into struct audit_entry would hold them.  MM_EOVERFLOW
 * when a text is missing or would not fit its field of struct
 * audit_entry: the exact path (audit_row) must judge that row.
 */
int audit_ref_encode(const struct audit_ref *e,
		     unsigned char out[AUDIT_REF_BYTES], size_t *n);

/*
 * audit_verifier_hashed - audit_verifier_step_at for an entry encoded by
 * audit_ref_encode (in, n bytes; its previous hash is written into in)
 * whose stored hash is the 64 characters hash_hex, where the caller has
 * checked what step_at checks first: pos is v->expect_seq and the
 * entry's stored previous hash is v->prev_hex, as text.  Hashes the
 * entry and compares as text (only lower-case hex decodes, so equal text
 * is exactly what decoding accepts); a mismatch fails with step_at's own
 * words.  Returns 0 or MM_ECORRUPT.  Issue 12: one OpenSSL digest call
 * per entry and no hex decoding made `audit verify` twice as fast.
 */
int audit_verifier_hashed(struct audit_verifier *v, struct audit_sha *sha,
			  int64_t pos, unsigned char *in, size_t n,
			  const char hash_hex[2 * MM_HASH_BYTES]);

/*
 * audit_verifier_garbage - reports entry seq as unreadable (a value of the
 * wrong type or size); what says which field.  Returns MM_ECORRUPT.
 */
int audit_verifier_garbage(struct audit_verifier *v, int64_t seq,
			   const char *what);

/*
 * audit_verifier_finish - compares the end of the chain with the recorded
 * head (seq and hex hash).  Returns 0 or MM_ECORRUPT (cut tail, entries
 * beyond the head, head hash mismatch, or an earlier failure).
 */
int audit_verifier_finish(struct audit_verifier *v, int64_t head_seq,
			  const char *head_hex);

#endif
