/*
 * store_mfa.h - the second factor's records (issue 13): one TOTP factor
 * per user, its secret only as the sealed hex the caller made
 * (core/totp.h: the store never sees the key or the secret), recovery
 * codes only as hashes, and the session's factor state (pending between
 * password and code; the time of its newest factor, for step-up).
 * Every change is one transaction with its audit entry.
 */
#ifndef MM_STORE_MFA_H
#define MM_STORE_MFA_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"

/* hex of core/totp.h's TOTP_SEALED_BYTES (61) and its NUL */
#define MM_MFA_SEALED_HEX 123

struct mfa_factor {
	int64_t user_id;
	char sealed_hex[MM_MFA_SEALED_HEX];
	int confirmed;       /* 0: enrolment waits for the first code */
	int64_t last_step;   /* the newest TOTP step accepted */
	int64_t recovery_left;
};

/* store_mfa_get - user_id's factor, or MM_ENOTFOUND (none begun). */
int store_mfa_get(struct store *s, int64_t user_id, struct mfa_factor *out);

/*
 * store_mfa_begin - starts (or restarts) enrolment of user_id with the
 * sealed secret: an unconfirmed factor replaces an unconfirmed one.
 * MM_EEXIST when a confirmed factor exists.  Audited "mfa.begin".
 */
int store_mfa_begin(struct store *s, const struct actor *a, int64_t user_id,
		    const char *sealed_hex);

/*
 * store_mfa_confirm - the first code (of TOTP step) confirms the factor:
 * confirmed, last_step = step, the n recovery code hashes (32 bytes
 * each, n*32 bytes at hashes) replace any earlier ones, and the session
 * session_hash (may be NULL) counts as verified now.  MM_ESTATE when no
 * unconfirmed factor waits.  Audited "mfa.enrol".
 */
int store_mfa_confirm(struct store *s, const struct actor *a, int64_t user_id,
		      int64_t step, const unsigned char *hashes, size_t n,
		      const unsigned char *session_hash);

/*
 * store_mfa_use_step - accepts TOTP step for user_id's confirmed factor
 * only when it is later than the last accepted one (atomically: two
 * requests with the same code cannot both pass), and marks the session
 * session_hash (may be NULL) verified now.  MM_EAUTH when the step was
 * used already or there is no confirmed factor.  Audited "mfa.verify".
 */
int store_mfa_use_step(struct store *s, const struct actor *a,
		       int64_t user_id, int64_t step,
		       const unsigned char *session_hash);

/*
 * store_mfa_use_recovery - uses the unused recovery code hashing to hash
 * (32 bytes) of user_id once, and marks the session verified as above.
 * MM_EAUTH when no unused code matches.  Audited "mfa.recovery" with how
 * many codes are left.
 */
int store_mfa_use_recovery(struct store *s, const struct actor *a,
			   int64_t user_id, const unsigned char *hash,
			   const unsigned char *session_hash);

/*
 * store_mfa_reset - the administrator removes user_id's factor and
 * recovery codes (a lost phone and lost codes) and ends the user's
 * sessions and API tokens: the next login is by password, and enrolment
 * starts over.  MM_ENOTFOUND when no factor was begun.  Audited
 * "mfa.reset".
 */
int store_mfa_reset(struct store *s, const struct actor *a, int64_t user_id);

/*
 * store_session_create_mfa - store_session_create() with the session's
 * factor state: pending (1: the code is still to come).
 */
int store_session_create_mfa(struct store *s, const struct actor *a,
			     const unsigned char hash[MM_HASH_BYTES],
			     int pending, struct session_info *out);

#endif
