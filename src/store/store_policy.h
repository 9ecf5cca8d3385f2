/*
 * store_policy.h - the versions of the directive's rules (R-META-1):
 * each a policy file (core/policy.h, docs/policy.md) stored whole with
 * its hash, effective from a date.  The first version is the compiled-in
 * policy/directive-1.ini, stored when a database is opened and holds no
 * version yet.  The version in force on a day is the one of the latest
 * effective_from not after it (of equal dates, the later loaded).
 * Records made under it keep its number (column policy_version, set by
 * the database on insert).
 */
#ifndef MM_STORE_POLICY_H
#define MM_STORE_POLICY_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/policy.h"

/* One stored version, without its text. */
struct policy_version {
	int64_t version;               /* 1, 2, ... */
	char policy_id[POLICY_ID_MAX];
	char number[MM_NAME_MAX];
	char effective_from[11];       /* YYYY-MM-DD */
	char expires[11];
	char sha256[65];               /* hex */
	int64_t loaded_at;             /* unix seconds */
	int64_t loaded_by;             /* user id; 0 for the compiled-in one */
};

/*
 * store_policy_seed - stores the compiled-in first version when the
 * database holds no version (idempotent; not audited: no one loaded it).
 * Called by store_open().  Returns 0 or an MM_* error.
 */
int store_policy_seed(struct store *s);

/*
 * store_policy_in_force - the version in force today (Asia/Tokyo):
 * *out parsed from its stored text, *meta (may be NULL) its row.  With
 * no version stored (a database not yet seeded), the compiled-in first
 * version as number 1.  Returns 0 or an MM_* error (MM_ECORRUPT when a
 * stored text no longer parses).
 */
int store_policy_in_force(struct store *s, struct policy *out,
			  struct policy_version *meta);

/*
 * store_policy_get - version number n: *meta, *out parsed (may be NULL),
 * and its text appended to text (may be NULL).  MM_ENOTFOUND when none.
 */
int store_policy_get(struct store *s, int64_t n, struct policy_version *meta,
		     struct policy *out, struct buf *text);

/*
 * store_policy_list - every version, oldest first, in a malloc'd array
 * (*items, *n; free() it).  Returns 0 or an MM_* error.
 */
int store_policy_list(struct store *s, struct policy_version **items,
		      size_t *n);

/*
 * store_policy_load - validates the policy file (len bytes at text,
 * NUL-terminated) and stores it as the next version, audited
 * "policy.load" in the same transaction.  Refused, with nothing stored:
 * a bad file (MM_EINVAL, *err filled by policy_parse); an id or a text
 * loaded already (MM_EEXIST, *why); an effective_from before today or
 * before that of the latest version (MM_ERULE, *why).  *why is a static
 * Japanese message (NULL on success).  *version gets the new number.
 */
int store_policy_load(struct store *s, const struct actor *a,
		      const char *text, size_t len, int64_t *version,
		      struct policy_error *err, const char **why);

#endif
