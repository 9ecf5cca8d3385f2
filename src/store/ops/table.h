/*
 * table.h - a record's table read by its descriptor (core/record.h), once
 * for every record and every backend.  Internal to the store.
 *
 * A record described in core/records.c is stored one field a column:
 * the column is the field's key (or its .column), and what the field
 * says of its member - offset, type, pooled - says how the column is
 * read.  A table adds the columns that its descriptor does not answer
 * (a take-out's no_loss_or_damage, a loan's training): described the
 * same way, as field_descs whose key is the column, in the store.  From
 * that one description the store writes the select list and reads a row
 * into the record's struct, instead of a hand-written reader per record
 * that names every column twice (once in its SQL, once by its index).
 */
#ifndef MM_STORE_OPS_TABLE_H
#define MM_STORE_OPS_TABLE_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include "ops.h"
#include "core/record.h"
#include "lib/buf.h"

struct pool;

struct ops_table {
	const char *name;               /* "takeouts" */
	const struct record_desc *desc; /* its fields are the first columns */
	/* then these columns, each key the column (may be NULL, 0) */
	const struct field_desc *extra;
	size_t n_extra;
	size_t size;                    /* of the record's struct */
};

/* The table name of struct T described by desc, with extra columns. */
#define OPS_TABLE(table, desc_, T, extra_) { .name = (table),             \
	.desc = &(desc_), .extra = (extra_),                                \
	.n_extra = sizeof(extra_) / sizeof((extra_)[0]), .size = sizeof(T) }
/* A table only the store reads: cols describe every column. */
#define OPS_TABLE_COLS(table, T, cols_) { .name = (table),                 \
	.extra = (cols_), .n_extra = sizeof(cols_) / sizeof((cols_)[0]),    \
	.size = sizeof(T) }
#define OPS_TABLE_PLAIN(table, desc_, T) { .name = (table),               \
	.desc = &(desc_), .size = sizeof(T) }

/* ops_table_ncols - how many columns ops_table_cols() selects. */
int ops_table_ncols(const struct ops_table *t);

/* ops_table_cols - appends t's select list ("id, loan_id, ...") to b. */
void ops_table_cols(struct buf *b, const struct ops_table *t);

/*
 * ops_table_read - zeroes the struct at rec (t->size bytes) and reads a
 * row of t's select list, starting at column col, into it: integers,
 * enums, booleans and times as numbers (NULL as 0), dates from their
 * ISO text ("" or NULL as no date), text into the member's array or,
 * for a pooled field, into pool (which must outlive rec; NULL stays
 * NULL).  A FIELD_SEALED column is opened with the store's field key
 * (store_seal.h) bound to "table.column" ("" stored reads as ""; a
 * pooled one as NULL).  Returns 0, MM_EOVERFLOW for a text longer than
 * the store keeps, MM_ECORRUPT for a bad date or a sealed value that
 * does not open (another key, moved from another column, altered),
 * MM_EUNSUPPORTED for a sealed value in a store without a key, MM_ENOMEM.
 */
int ops_table_read(const struct db_row *r, int col, const struct ops_table *t,
		   void *rec, struct pool *pool);

/*
 * ops_table_load - reads the row id of t into rec (ops_table_read) in
 * the caller's transaction.  0, MM_ENOTFOUND or the errors above.
 */
int ops_table_load(struct db *d, const struct ops_table *t, int64_t id,
		   struct pool *pool, void *rec);

/*
 * ops_table_insert - inserts the record at rec as a new row of t in the
 * caller's transaction, writing the columns of the fields named in keys
 * (their keys, separated by spaces: what the operation has set, the
 * rest left to the table's defaults) and *id the new row's id.  A
 * reference of 0 is written as NULL, a date as its ISO text ("" for no
 * date), NULL text as "", a FIELD_SEALED field sealed under the
 * store's field key bound to "table.column" ("" stays "").  When t's
 * descriptor has FIELD_LOOKUP fields, the new row's person keys are
 * written too (ops_table_person_keys).  MM_EINVAL for
 * a key t does not have or more than OPS_TABLE_PARAMS_MAX keys;
 * MM_EUNSUPPORTED for a sealed value in a store without a key; the
 * store's errors (db.h).
 */
#define OPS_TABLE_PARAMS_MAX 32
int ops_table_insert(struct db *d, const struct ops_table *t, const void *rec,
		     const char *keys, int64_t *id);

/*
 * ops_table_param - the value of the field key of the record at rec as
 * a parameter of a hand-written statement (an UPDATE), exactly as
 * ops_table_insert() writes it: sealed when the field is FIELD_SEALED.
 * The text the parameter points to is kept in hold (the caller's,
 * buf_init()ed; valid until hold is released).  0, MM_EINVAL for a key t
 * does not have, MM_EUNSUPPORTED (sealed, no key), MM_ENOMEM.
 */
int ops_table_param(struct db *d, const struct ops_table *t, const void *rec,
		    const char *key, struct buf *hold, struct db_param *p);

/*
 * ops_table_audit_json - appends to b the JSON object of the fields of
 * rec named in keys (as ops_table_insert), for an audit entry's detail:
 * {"key": value, ...}, text and dates as strings, numbers as numbers,
 * and every FIELD_SEALED field as SEAL_HIDDEN ("(秘匿)") - the one way a
 * record's values go into the audit trail or a history table, so a
 * sealed value is never there in clear (issue 9).  0, MM_EINVAL for a key
 * t does not have, b's errors.
 */
int ops_table_audit_json(struct buf *b, const struct ops_table *t,
			 const void *rec, const char *keys);

/*
 * ops_table_person_keys - writes the keyed hashes of the person record
 * id is about (ops_person_keys_put, ops.h) from rec's FIELD_LOOKUP fields
 * (a FIELD_TEXT the name, a FIELD_KANA the reading, a FIELD_DATE the
 * birth date), replacing the record's earlier ones: after an operation
 * changed one of them.  MM_EINVAL for a table without a descriptor or a
 * lookup field of another type; ops_person_keys_put's errors.
 */
int ops_table_person_keys(struct db *d, const struct ops_table *t,
			  const void *rec, int64_t id);

#endif
