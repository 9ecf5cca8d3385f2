/*
 * ops.h - what the domain operations (the files of ops/) share.
 *
 * The operations of store.h are written once, here, against db.h only;
 * every backend runs the same code.  These helpers run inside the
 * caller's transaction (the struct db given to a store_write function).
 */
#ifndef MM_STORE_OPS_H
#define MM_STORE_OPS_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stdint.h>

#include "../db.h"
#include "../store.h"

struct policy;

/*
 * ops_policy_in_force - the version of the rules in force today, read
 * inside the caller's transaction (store_policy.h): the rules a write
 * checks are those of the version its record will keep (R-META-1).
 */
int ops_policy_in_force(struct db *d, struct policy *out);

/* ops_policy_id_in_force - that version's id (policy_id) into out. */
int ops_policy_id_in_force(struct db *d, char *out, size_t cap);

/*
 * ops_audit_append - appends an audit entry inside the caller's write
 * transaction: reads the head, hashes the entry after it (audit.h),
 * inserts it and moves the head.  detail: JSON object text or NULL.
 * MM_ECORRUPT when the head is damaged (it is not chained onto).  On a
 * backend with deferred_audit (PostgreSQL) it inserts the entry unsealed
 * instead, for the sealer (ops_audit_seal).
 */
/*
 * ops_audit_seal - the sealer's batch (PostgreSQL only: pg/sealer.c), in
 * the caller's transaction: locks the head, chains at most max unsealed
 * entries after it, in seq order but none younger than a writing
 * transaction of the database still in flight (so none overtakes one
 * that began before it and commits later), gives
 * each its place (pos) and hashes, and moves the head.  *sealed: how many.
 * MM_ECORRUPT for a damaged head or entry (nothing chained onto it),
 * MM_ESTALE when an entry was sealed meanwhile (roll back).
 */
int ops_audit_seal(struct db *d, size_t max, int64_t *sealed);
int ops_audit_append(struct db *d, const struct actor *a, const char *action,
		     const char *object_type, int64_t object_id,
		     const char *detail);

/*
 * ops_person_keys_put - replaces the keyed hashes (core/person.h) of
 * record id of kind in person_keys with those of name / kana / birth
 * (NULL or "" for a part not known), inside the caller's write
 * transaction: what store_find_person() looks up.  ops_table_insert()
 * calls it for a descriptor with FIELD_LOOKUP fields; an operation that
 * changes such a field calls ops_table_person_keys() (table.h).
 * MM_EUNSUPPORTED without a field key; MM_EINVAL (not UTF-8); the
 * store's errors.
 */
int ops_person_keys_put(struct db *d, const char *kind, int64_t id,
			const char *name, const char *kana, const char *birth);

/* ops_unit_kind - the kind of unit id, or MM_ENOTFOUND. */
int ops_unit_kind(struct db *d, int64_t id, enum unit_kind *kind);

/*
 * ops_roles_end_for_user - revokes every current role of user_id
 * (deactivation); refuses with MM_ERULE when one of them may not be
 * vacated (R-ROLE-1).  Roles held through a designation (R-ROLE-4,
 * R-ROLE-5) are kept: they end only with the designation.  *n receives
 * how many were ended.
 */
int ops_roles_end_for_user(struct db *d, int64_t user_id, int64_t *n);

/*
 * ops_role_hold_designated - for the designation operations only: gives
 * user_id the designated role (role_by_designation(), else MM_ERULE) in
 * unit_id unless already held.  MM_ERULE when the role may not be held in
 * a unit of that kind; MM_ENOTFOUND for an unknown unit.  No audit entry:
 * the designation's entry records it.
 */
int ops_role_hold_designated(struct db *d, int64_t user_id, enum role role,
			     int64_t unit_id);

/*
 * ops_role_end_designated - for the designation operations only: ends
 * every current assignment of the designated role (else MM_ERULE) to
 * user_id in unit_id.
 */
int ops_role_end_designated(struct db *d, int64_t user_id, enum role role,
			    int64_t unit_id);

/*
 * ops_principal_user - the user's part of a principal from the row's
 * columns col.. (login, name, unit_id, is_admin, must_change_password,
 * the count of confirmed second factors, the home unit's name).  Returns
 * 0 or MM_EOVERFLOW.
 * ops_principal_grant - appends the role of columns col.. (role, unit_id,
 * the unit's kind, the unit's name) to p's roles (1, stop, when they are
 * full).
 */
int ops_principal_user(const struct db_row *r, int col, struct principal *p);
int ops_principal_grant(const struct db_row *r, int col, struct principal *p);

/*
 * ops_access_end_for_user - deletes the sessions (but the one whose token
 * hashes to keep, when not NULL) and revokes the API tokens of user_id;
 * *sessions and *tokens receive the counts.
 */
int ops_access_end_for_user(struct db *d, int64_t user_id,
			    const unsigned char *keep, int64_t *sessions,
			    int64_t *tokens);

#endif
