/*
 * lending.h - what the device-lending operations of store_devices.h
 * (ops/devices.c, applications.c, loans.c, checks.c, takeouts.c) share:
 * dates as ISO text, user ids as nullable columns, the audit entry filed
 * under the object's unit, and the loads and moves that run inside the
 * caller's transaction.  Internal to the store.
 */
#ifndef MM_STORE_OPS_LENDING_H
#define MM_STORE_OPS_LENDING_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include "ops.h"
#include "../store_devices.h"

/* "YYYY-MM-DD" and its NUL. */
#define LENDING_ISO_SIZE 11

/* A user id bound as NULL when 0 (the system or the command line). */
#define DB_USER(v) ((v) ? DB_I(v) : DB_N)

/*
 * lending_iso - the ISO text of a valid date d into out; MM_EINVAL when
 * d is not a valid date.  lending_iso_opt - the same, but an all-zero
 * date (not yet known) is "".
 */
int lending_iso(const struct civil_date *d, char out[LENDING_ISO_SIZE]);
int lending_iso_opt(const struct civil_date *d, char out[LENDING_ISO_SIZE]);

/* lending_date - column col (ISO text, "" for none) into *out (zero for ""). */
int lending_date(const struct db_row *r, int col, struct civil_date *out);

/* lending_blank - 1 when s is NULL or holds only spaces (ASCII or U+3000). */
int lending_blank(const char *s);

/* lending_copy - s (NULL: "") into out of cap bytes; MM_EINVAL if too long. */
int lending_copy(char *out, size_t cap, const char *s);

/*
 * lending_audit - appends the audit entry of a lending operation, filed
 * under unit_id (the object's unit, so the unit's audit view shows it;
 * 0 keeps the actor's).  detail: JSON object text, no personal content.
 */
int lending_audit(struct db *d, const struct actor *a, int64_t unit_id,
		  const char *action, const char *object_type,
		  int64_t object_id, const char *detail);

/*
 * ops_device_load - device id with its open loan, or MM_ENOTFOUND; its
 * text into pool, or left NULL when pool is NULL (the state, the ids and
 * the serial are all an operation on the device needs).
 */
int ops_device_load(struct db *d, int64_t id, struct pool *pool,
		    struct device *out);

/*
 * ops_device_move - device_transition() of device id by ev on its current
 * state (MM_ESTATE when refused); the row moves and its version grows.
 * *next (may be NULL) receives the new state.
 */
int ops_device_move(struct db *d, int64_t id, enum device_event ev,
		    enum device_state *next);

/* ops_application_load - application id, or MM_ENOTFOUND. */
int ops_application_load(struct db *d, int64_t id, struct pool *pool,
			 struct borrow_application *out);

/* ops_loan_load - loan id with its return checklist, or MM_ENOTFOUND. */
int ops_loan_load(struct db *d, int64_t id, struct pool *pool,
		  struct loan *out);

/* ops_loan_extend - R-DEV-8: loan id's due date moves to due (LOAN_EV_EXTEND). */
int ops_loan_extend(struct db *d, int64_t id, const struct civil_date *due);

/* ops_use_facts - the facts device_usable() weighs for loan_id (R-DEV-6). */
int ops_use_facts(struct db *d, int64_t loan_id, struct device_use_facts *out);

#endif
