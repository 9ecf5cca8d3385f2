/*
 * store_disposal.h - documents past retention, the holds that stop their
 * disposal, their disposal and the disposal register (issue 11,
 * R-RET-1..3).
 *
 * A document is (doctype, id): a key of core/doctype.c and the id of the
 * record it is (ops/disposal.c holds, per type, the one query that lists
 * them with their base date).  A register's document is one record of
 * it with its own entries (a loan and its lines of form 2, a designation
 * and its lines of form 1, one take-out of detail form 1, one monthly
 * check of detail form 6): the base date is that record's last entry, so
 * each line is disposed of when its own period has run, and an open
 * record (a loan not closed, a designation in force, a take-out not back)
 * is never listed.  A form (3, 4, 5, 9, 12) is listed once its procedure
 * has ended, with the date it was made as its base date.  Detail form 5
 * (the unit's register of issued phones) is a copy of the loans: no
 * record of its own, nothing listed.
 *
 * Disposal clears the document's text (free text '' or 「廃棄済み」 where
 * the schema needs a value; sealed values ''), keeps ids, states and
 * dates, and writes the register entry and its audit entry in ONE
 * transaction, checking due-ness and holds there again.  Audit entries
 * of these records hold ids, states and dates, never their text, so the
 * chain is never rewritten.
 */
#ifndef MM_STORE_DISPOSAL_H
#define MM_STORE_DISPOSAL_H
#ifndef MM_SEES_STORE /* the layers: HACKING.md */
#error "layer: store/ is seen only by store/ and the front end"
#endif

#include "store.h"
#include "../core/doctype.h"
#include "../core/policy.h"
#include "../core/wareki.h"

#define MM_DISPOSAL_TYPE_MAX 16
#define MM_DISPOSAL_NAME_MAX 256
#define MM_DISPOSAL_RULE_MAX 64
#define MM_HOLD_REASON_MAX 4000 /* bytes: 1000 characters */

/* Hold kinds (R-RET-2): the values stored in holds.kind. */
enum hold_kind {
	HOLD_NONE = 0,
	HOLD_INVESTIGATION = 1, /* 捜査 */
	HOLD_REQUEST = 2,       /* 照会等 */
};

/* One document of a type that is not disposed of. */
struct disposal_doc {
	char doctype[MM_DISPOSAL_TYPE_MAX];
	int64_t id;
	struct civil_date base;  /* made, or the register's last entry */
	int64_t hold_id;         /* its open hold, 0 when none */
};

struct disposal_doc_list {
	struct disposal_doc *items;
	size_t n, cap;
};
void disposal_doc_list_release(struct disposal_doc_list *l);

/*
 * store_disposal_documents - appends to out every document of doctype
 * (a key of doctypes[]) whose procedure has ended and that is not
 * disposed of, with its base date and open hold; one query.  Due-ness is
 * the caller's (doctype_due).  MM_EINVAL for an unknown type.
 */
int store_disposal_documents(struct store *s, const char *doctype,
			     struct disposal_doc_list *out);

/* Why store_dispose refused a document (see there). */
enum dispose_why {
	DISPOSE_OK = 0,
	DISPOSE_NO_DOCUMENT,  /* unknown type, no such record, or still open */
	DISPOSE_DISPOSED,     /* already in the register */
	DISPOSE_HELD,         /* under an open hold (R-RET-2) */
	DISPOSE_NOT_DUE,      /* its retention period has not run */
};

struct dispose_item {
	const char *doctype;
	int64_t id;
};

struct dispose_result {
	enum dispose_why why;  /* of the first refused item */
	size_t index;          /* that item's index */
};

/*
 * store_dispose - disposes of the n documents of items on today (Asia/
 * Tokyo) in one transaction: for each, reads it again, refuses it when
 * it is not a listed document, is disposed of, held or not due (all or
 * nothing: MM_ERULE with *res saying which and why), clears its text,
 * enters it in the disposal register (type, id, name and number, the
 * rule as retention_format writes it, base date, when, by whom) and
 * audits "document.dispose".  The periods are policy's (the version in
 * force, which the caller reads; NULL: the first directive).  MM_EINVAL
 * for n == 0.
 */
int store_dispose(struct store *s, const struct actor *a,
		  const struct dispose_item *items, size_t n,
		  const struct civil_date *today, const struct policy *policy,
		  struct dispose_result *res);

/* A hold (R-RET-2). */
struct hold {
	int64_t id;
	char doctype[MM_DISPOSAL_TYPE_MAX];
	int64_t doc_id;
	enum hold_kind kind;
	char reason[MM_HOLD_REASON_MAX];
	int64_t placed_by;
	int64_t placed_at;
	int64_t lifted_by;       /* 0 while in force */
	int64_t lifted_at;
	char placed_by_name[MM_NAME_MAX];
};

struct hold_list {
	struct hold *items;
	size_t n, cap;
};
void hold_list_release(struct hold_list *l);

/*
 * store_hold_place - places a hold of kind with reason on the document
 * (doctype, doc_id), audited "hold.place" (its kind, never the reason).
 * MM_ENOTFOUND when no such document is listed (store_disposal_documents),
 * MM_EEXIST when it is held already, MM_EINVAL for a bad kind or an
 * empty reason.  h (may be NULL) receives the hold.
 */
int store_hold_place(struct store *s, const struct actor *a,
		     const char *doctype, int64_t doc_id, enum hold_kind kind,
		     const char *reason, struct hold *h);

/*
 * store_hold_lift - lifts hold id, audited "hold.lift".  MM_ENOTFOUND
 * when there is no such hold, MM_ESTATE when it was lifted already.
 */
int store_hold_lift(struct store *s, const struct actor *a, int64_t id);

/* store_hold_get - hold id into *out, or MM_ENOTFOUND. */
int store_hold_get(struct store *s, int64_t id, struct hold *out);

/* store_hold_list - the holds in force (or all: all != 0), newest first. */
int store_hold_list(struct store *s, int all, struct hold_list *out);

/* An entry of the disposal register. */
struct disposal_entry {
	int64_t id;
	char doctype[MM_DISPOSAL_TYPE_MAX];
	int64_t doc_id;
	char doc_name[MM_DISPOSAL_NAME_MAX];
	char rule[MM_DISPOSAL_RULE_MAX];
	char base_on[11];
	int64_t disposed_at;
	int64_t disposed_by;
	char disposed_by_name[MM_NAME_MAX];
};

struct disposal_list {
	struct disposal_entry *items;
	size_t n, cap;
};
void disposal_list_release(struct disposal_list *l);

/* store_disposal_list - the whole register, newest first. */
int store_disposal_list(struct store *s, struct disposal_list *out);

#endif
