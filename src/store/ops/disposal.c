/*
 * disposal.c - documents past retention, holds, disposal and the disposal
 * register (issue 11, R-RET-1..3), once for every backend.  Contract and
 * what a document is: store_disposal.h.
 */
#include "../store_disposal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db.h"
#include "ops.h"
#include "page.h"
#include "core/retention.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

/* What the pages show instead of a text that had to stay non-empty. */
#define DISPOSED "'廃棄済み'"

/*
 * Where the documents of a type are.  base: the base date as Unix
 * seconds (Asia/Tokyo is applied in C), an expression over x, the row;
 * ended: the condition that its procedure has ended (an open record is
 * still being written: never due); clear: the UPDATE/DELETE statements
 * that remove its text, each with the document's id as its only
 * parameter.  Ids, states and dates stay: other records point at them.
 */
struct doc_source {
	const char *doctype;
	const char *table;
	const char *base;
	const char *ended;
	const char *clear[4];
};

static const struct doc_source sources[] = {
	/* form 1: a designation and its register lines; the last line */
	{ "form1", "designations",
	  "(SELECT MAX(e.entered_at) FROM designation_entries e"
	  " WHERE e.designation_id = x.id)",
	  "x.state = 2",
	  { "UPDATE designations SET exception_reason = '', knowledge = '',"
	    " aptitude = '' WHERE id = ?",
	    "UPDATE designation_entries SET exception_reason = '',"
	    " knowledge = '', aptitude = '', reason = ''"
	    " WHERE designation_id = ?" } },
	/* form 2: a loan's lines end when HQ closes it (R-DEV-9) */
	{ "form2", "loans", "x.closed_at", "x.state = 4",
	  { "UPDATE loans SET trainer = '', topics = '', anomaly_text = ''"
	    " WHERE id = ?",
	    "UPDATE loan_checklist_accounts SET service = " DISPOSED ","
	    " account = " DISPOSED " WHERE loan_id = ?" } },
	/* form 3: decided or withdrawn; made when applied */
	{ "form3", "borrow_applications", "x.applied_at", "x.state <> 1",
	  { "UPDATE borrow_applications SET consulted_with = '',"
	    " consultation = '', purpose = " DISPOSED ","
	    " decision_reason = '', exception_reason = '' WHERE id = ?" } },
	/* form 4: decided */
	{ "form4", "photo_approvals", "x.applied_at", "x.state <> 1",
	  { "UPDATE photo_approvals SET staff_name = " DISPOSED ","
	    " purpose = " DISPOSED " WHERE id = ?" } },
	/* form 5: the results report of a meeting, made when reported */
	{ "form5", "meetings", "x.results_at", "x.results_at > 0",
	  { "UPDATE meetings SET place = " DISPOSED ", escape_plan = "
	    DISPOSED ", setup_plan = " DISPOSED ", report_note = '',"
	    " instructions = '', child_name = '', child_kana = '',"
	    " child_birth = '', child_contact = '', child_school = '',"
	    " guardian_name = '', guardian_contact = '',"
	    " guidance_facts = CASE WHEN guidance = 2 THEN " DISPOSED
	    " ELSE '' END, guidance_note = '', guardian = '',"
	    " guardians_told_how = '', outcome_note = '',"
	    " victim_history = '', delinquency_history = '',"
	    " guidance_history = '', guardian_capacity = '',"
	    " friendships = '', closing_note = '' WHERE id = ?",
	    /* the child's keyed hashes: the same person is not found in it */
	    "DELETE FROM person_keys WHERE kind = 'meeting' AND"
	    " record_id = ?" } },
	/* detail 1: one take-out, its last line the return */
	{ "detail1", "takeouts", "x.returned_at", "x.returned_at > 0",
	  { "UPDATE takeouts SET destination = " DISPOSED ", reason = "
	    DISPOSED ", decision_reason = '', incident = '', results = ''"
	    " WHERE id = ?" } },
	/* detail 5: a copy of the loans (store_disposal.h): none */
	/* detail 6: one monthly check */
	{ "detail6", "location_checks", "x.recorded_at", "1 = 1",
	  { "UPDATE location_checks SET remarks = '' WHERE id = ?" } },
	/* detail 9: refused, withdrawn, superseded or deleted */
	{ "detail9", "service_applications", "x.applied_at",
	  "x.state IN (5, 6, 7, 8)",
	  { "UPDATE service_applications SET handle = " DISPOSED ","
	    " purpose = '', refusal_reason = '', measures = '',"
	    " deletion_note = '' WHERE id = ?" } },
	/* detail 12: refused, withdrawn or revoked */
	{ "detail12", "security_exceptions", "x.applied_at",
	  "x.state IN (3, 4, 5)",
	  { "UPDATE security_exceptions SET scope = " DISPOSED ","
	    " purpose = " DISPOSED ", approved_scope = '', reason = ''"
	    " WHERE id = ?" } },
};

static const struct doc_source *source_of(const char *doctype)
{
	for (size_t i = 0; doctype && i < sizeof sources / sizeof sources[0];
	     i++)
		if (strcmp(sources[i].doctype, doctype) == 0)
			return &sources[i];
	return NULL;
}

/*
 * The one query of a type: its ended, not disposed documents with base
 * and open hold; with one_id, only that id (a parameter after the two
 * doctype parameters).
 */
static int docs_sql(const struct doc_source *src, int one_id, char *sql,
		    size_t size)
{
	int n = snprintf(sql, size,
		"SELECT x.id, %s, COALESCE((SELECT h.id FROM holds h WHERE"
		" h.doctype = ? AND h.doc_id = x.id AND h.lifted_at = 0), 0)"
		" FROM %s x WHERE (%s) AND NOT EXISTS (SELECT 1 FROM"
		" disposals d WHERE d.doctype = ? AND d.doc_id = x.id)%s"
		" ORDER BY x.id",
		src->base, src->table, src->ended,
		one_id ? " AND x.id = ?" : "");

	return n < 0 || (size_t)n >= size ? MM_EOVERFLOW : 0;
}

struct docs_read {
	const char *doctype;
	struct disposal_doc_list *out;
};

static int doc_row(const struct db_row *r, void *arg)
{
	struct docs_read *rd = arg;
	struct disposal_doc_list *l = rd->out;
	struct disposal_doc *x;
	int rc = db_grow((void **)&l->items, &l->cap, l->n, sizeof *l->items);

	if (rc < 0)
		return rc;
	x = &l->items[l->n];
	memset(x, 0, sizeof *x);
	snprintf(x->doctype, sizeof x->doctype, "%s", rd->doctype);
	x->id = db_int(r, 0);
	/* a base of 0 (no entry) is no date: the row is corrupt */
	if (civil_from_unix(db_int(r, 1), &x->base) < 0 || db_int(r, 1) <= 0)
		return MM_ECORRUPT;
	x->hold_id = db_int(r, 2);
	l->n++;
	return 0;
}

static int read_docs(struct db *d, const struct doc_source *src,
		     int64_t one_id, struct disposal_doc_list *out)
{
	char sql[1024];
	struct docs_read rd = { src->doctype, out };
	int rc = docs_sql(src, one_id > 0, sql, sizeof sql);

	if (rc < 0)
		return rc;
	if (one_id > 0)
		return db_query(d, sql, DB_P(DB_T(src->doctype),
					     DB_T(src->doctype), DB_I(one_id)),
				doc_row, &rd);
	return db_query(d, sql, DB_P(DB_T(src->doctype), DB_T(src->doctype)),
			doc_row, &rd);
}

void disposal_doc_list_release(struct disposal_doc_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

struct docs_op {
	const struct doc_source *src;
	struct disposal_doc_list *out;
	size_t n0;
};

static int do_docs(struct db *d, void *arg)
{
	struct docs_op *op = arg;

	op->out->n = op->n0; /* a retried transaction starts over */
	return read_docs(d, op->src, 0, op->out);
}

int store_disposal_documents(struct store *s, const char *doctype,
			     struct disposal_doc_list *out)
{
	struct docs_op op = { NULL, out, out->n };

	if (!doctype_find(doctype))
		return MM_EINVAL;
	op.src = source_of(doctype);
	if (!op.src)
		return 0; /* detail 5: no record of its own */
	return store_read(s, do_docs, &op);
}

/* ---- disposal ---------------------------------------------------------- */

struct dispose_op {
	const struct actor *a;
	const struct dispose_item *items;
	size_t n;
	const struct civil_date *today;
	const struct policy *policy;
	struct dispose_result *res;
};

/* The document as it is now, or why it cannot be disposed of. */
static int check_one(struct db *d, const struct dispose_op *op,
		     const struct dispose_item *it, struct disposal_doc *doc,
		     enum dispose_why *why)
{
	const struct doc_source *src = source_of(it->doctype);
	struct disposal_doc_list l = { 0 };
	int64_t done = 0;
	int rc;

	*why = DISPOSE_NO_DOCUMENT;
	if (!src || it->id <= 0)
		return MM_ERULE;
	rc = db_int_of(d, "SELECT COUNT(*) FROM disposals WHERE doctype = ?"
		       " AND doc_id = ?", DB_P(DB_T(it->doctype), DB_I(it->id)),
		       &done);
	if (rc == 0 && done) {
		*why = DISPOSE_DISPOSED;
		return MM_ERULE;
	}
	if (rc == 0)
		rc = read_docs(d, src, it->id, &l);
	if (rc == 0 && l.n != 1)
		rc = MM_ERULE;
	if (rc == 0) {
		*doc = l.items[0];
		if (doc->hold_id) {
			*why = DISPOSE_HELD;
			rc = MM_ERULE;
		} else {
			rc = doctype_due(op->policy, it->doctype, &doc->base,
					 op->today, NULL);
			if (rc == 0) {
				*why = DISPOSE_NOT_DUE;
				rc = MM_ERULE;
			} else if (rc > 0) {
				rc = 0;
			}
		}
	}
	disposal_doc_list_release(&l);
	return rc;
}

static int dispose_one(struct db *d, const struct dispose_op *op,
		       const struct disposal_doc *doc)
{
	const struct doc_source *src = source_of(doc->doctype);
	const struct doctype *t = doctype_find(doc->doctype);
	struct retention_rule rule;
	char name[MM_DISPOSAL_NAME_MAX], base[11], detail[256];
	struct buf rtext;
	int64_t entry = 0;
	int rc = doctype_rule(op->policy, doc->doctype, &rule);

	if (rc < 0 || !src || !t)
		return rc < 0 ? rc : MM_EINVAL;
	buf_init(&rtext, MM_DISPOSAL_RULE_MAX);
	rc = retention_format(&rule, &rtext);
	snprintf(name, sizeof name, "%s（%s）第%lld号", t->name, t->form,
		 (long long)doc->id);
	if (rc == 0)
		rc = civil_format_iso(&doc->base, base, sizeof base);
	for (size_t i = 0; rc == 0 && i < 4 && src->clear[i]; i++)
		rc = db_exec(d, src->clear[i], DB_P(DB_I(doc->id)), NULL);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO disposals (doctype, doc_id,"
			       " doc_name, rule, base_on, disposed_at,"
			       " disposed_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
			       " RETURNING id",
			       DB_P(DB_T(doc->doctype), DB_I(doc->id),
				    DB_T(name), DB_T(buf_cstr(&rtext)),
				    DB_T(base), DB_I(db_now()),
				    op->a && op->a->user_id ? DB_I(op->a->user_id) : DB_N),
			       &entry);
	if (rc == 0) {
		snprintf(detail, sizeof detail, "{\"doctype\":\"%s\","
			 "\"doc_id\":%lld,\"entry\":%lld,\"base_on\":\"%s\"}",
			 doc->doctype, (long long)doc->id, (long long)entry,
			 base);
		rc = ops_audit_append(d, op->a, "document.dispose", "disposal",
				      entry, detail);
	}
	buf_release(&rtext);
	return rc;
}

static int do_dispose(struct db *d, void *arg)
{
	struct dispose_op *op = arg;
	struct disposal_doc doc;
	int rc = 0;

	*op->res = (struct dispose_result){ DISPOSE_OK, 0 };
	for (size_t i = 0; i < op->n && rc == 0; i++) {
		rc = check_one(d, op, &op->items[i], &doc, &op->res->why);
		if (rc == MM_ERULE)
			op->res->index = i;
		if (rc == 0) {
			op->res->why = DISPOSE_OK;
			rc = dispose_one(d, op, &doc);
		}
	}
	return rc;
}

int store_dispose(struct store *s, const struct actor *a,
		  const struct dispose_item *items, size_t n,
		  const struct civil_date *today, const struct policy *policy,
		  struct dispose_result *res)
{
	struct dispose_op op = { a, items, n, today, policy, res };

	*res = (struct dispose_result){ DISPOSE_OK, 0 };
	if (n == 0 || !items || !today)
		return MM_EINVAL;
	return store_write(s, do_dispose, &op);
}

/* ---- holds ------------------------------------------------------------- */

#define HOLD_COLS "h.id, h.doctype, h.doc_id, h.kind, h.reason, h.placed_by," \
	" h.placed_at, h.lifted_by, h.lifted_at, COALESCE(u.name, '')"
#define HOLD_FROM " FROM holds h LEFT JOIN users u ON u.id = h.placed_by"

static int hold_read(const struct db_row *r, struct hold *h)
{
	int rc;

	memset(h, 0, sizeof *h);
	h->id = db_int(r, 0);
	rc = db_text(r, 1, h->doctype, sizeof h->doctype);
	h->doc_id = db_int(r, 2);
	h->kind = (enum hold_kind)db_int(r, 3);
	if (rc == 0)
		rc = db_text(r, 4, h->reason, sizeof h->reason);
	h->placed_by = db_int(r, 5);
	h->placed_at = db_int(r, 6);
	h->lifted_by = db_int(r, 7);
	h->lifted_at = db_int(r, 8);
	if (rc == 0)
		rc = db_text(r, 9, h->placed_by_name, sizeof h->placed_by_name);
	return rc;
}

static int hold_one(const struct db_row *r, void *arg)
{
	return hold_read(r, arg);
}

static int hold_row(const struct db_row *r, void *arg)
{
	struct hold_list *l = arg;
	int rc = db_grow((void **)&l->items, &l->cap, l->n, sizeof *l->items);

	if (rc == 0)
		rc = hold_read(r, &l->items[l->n]);
	if (rc == 0)
		l->n++;
	return rc;
}

void hold_list_release(struct hold_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

struct hold_op {
	const struct actor *a;
	const char *doctype;
	int64_t doc_id;
	enum hold_kind kind;
	const char *reason;
	int64_t id;
	struct hold *out;
	struct hold_list *list;
	int all;
};

static int do_place(struct db *d, void *arg)
{
	struct hold_op *op = arg;
	const struct doc_source *src = source_of(op->doctype);
	struct disposal_doc_list l = { 0 };
	char detail[160];
	int rc = src ? read_docs(d, src, op->doc_id, &l) : MM_ENOTFOUND;

	if (rc == 0 && l.n != 1)
		rc = MM_ENOTFOUND;
	if (rc == 0 && l.items[0].hold_id)
		rc = MM_EEXIST;
	disposal_doc_list_release(&l);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO holds (doctype, doc_id, kind,"
			       " reason, placed_by, placed_at) VALUES (?, ?, ?,"
			       " ?, ?, ?) RETURNING id",
			       DB_P(DB_T(op->doctype), DB_I(op->doc_id),
				    DB_I(op->kind), DB_T(op->reason),
				    op->a && op->a->user_id ? DB_I(op->a->user_id)
							    : DB_N,
				    DB_I(db_now())), &op->id);
	if (rc < 0)
		return rc;
	/* the reason is the hold's content: never in the trail */
	snprintf(detail, sizeof detail, "{\"doctype\":\"%s\",\"doc_id\":%lld,"
		 "\"kind\":%d}", op->doctype, (long long)op->doc_id,
		 (int)op->kind);
	rc = ops_audit_append(d, op->a, "hold.place", "hold", op->id, detail);
	if (rc == 0 && op->out)
		rc = db_first(d, "SELECT " HOLD_COLS HOLD_FROM " WHERE h.id = ?",
			      DB_P(DB_I(op->id)), hold_one, op->out);
	return rc;
}

int store_hold_place(struct store *s, const struct actor *a,
		     const char *doctype, int64_t doc_id, enum hold_kind kind,
		     const char *reason, struct hold *h)
{
	struct hold_op op = { .a = a, .doctype = doctype, .doc_id = doc_id,
			      .kind = kind, .reason = reason, .out = h };

	if ((kind != HOLD_INVESTIGATION && kind != HOLD_REQUEST) || !reason ||
	    !*reason || strlen(reason) >= MM_HOLD_REASON_MAX || doc_id <= 0)
		return MM_EINVAL;
	if (!doctype_find(doctype))
		return MM_ENOTFOUND;
	return store_write(s, do_place, &op);
}

static int do_lift(struct db *d, void *arg)
{
	struct hold_op *op = arg;
	struct hold h;
	char detail[160];
	int64_t changed = 0;
	int rc = db_first(d, "SELECT " HOLD_COLS HOLD_FROM " WHERE h.id = ?",
			  DB_P(DB_I(op->id)), hold_one, &h);

	if (rc == 0 && h.lifted_at)
		rc = MM_ESTATE;
	if (rc == 0)
		rc = db_exec(d, "UPDATE holds SET lifted_by = ?, lifted_at = ?,"
			     " version = version + 1 WHERE id = ? AND"
			     " lifted_at = 0",
			     DB_P(op->a && op->a->user_id ? DB_I(op->a->user_id)
							  : DB_N,
				  DB_I(db_now()), DB_I(op->id)), &changed);
	if (rc == 0 && changed != 1)
		rc = MM_ESTATE;
	if (rc < 0)
		return rc;
	snprintf(detail, sizeof detail, "{\"doctype\":\"%s\",\"doc_id\":%lld,"
		 "\"kind\":%d}", h.doctype, (long long)h.doc_id, (int)h.kind);
	return ops_audit_append(d, op->a, "hold.lift", "hold", op->id, detail);
}

int store_hold_lift(struct store *s, const struct actor *a, int64_t id)
{
	struct hold_op op = { .a = a, .id = id };

	return store_write(s, do_lift, &op);
}

static int do_hold_get(struct db *d, void *arg)
{
	struct hold_op *op = arg;

	return db_first(d, "SELECT " HOLD_COLS HOLD_FROM " WHERE h.id = ?",
			DB_P(DB_I(op->id)), hold_one, op->out);
}

int store_hold_get(struct store *s, int64_t id, struct hold *out)
{
	struct hold_op op = { .id = id, .out = out };

	return store_read(s, do_hold_get, &op);
}

static int do_hold_list(struct db *d, void *arg)
{
	struct hold_op *op = arg;

	op->list->n = 0;
	return db_query(d, op->all ? "SELECT " HOLD_COLS HOLD_FROM
				     " ORDER BY h.id DESC"
				   : "SELECT " HOLD_COLS HOLD_FROM
				     " WHERE h.lifted_at = 0 ORDER BY h.id DESC",
			DB_NONE, hold_row, op->list);
}

int store_hold_list(struct store *s, int all, struct hold_list *out)
{
	struct hold_op op = { .list = out, .all = all };

	return store_read(s, do_hold_list, &op);
}

/* ---- the disposal register --------------------------------------------- */

static int entry_row(const struct db_row *r, void *arg)
{
	struct disposal_list *l = arg;
	struct disposal_entry *e;
	int rc = db_grow((void **)&l->items, &l->cap, l->n, sizeof *l->items);

	if (rc < 0)
		return rc;
	e = &l->items[l->n];
	memset(e, 0, sizeof *e);
	e->id = db_int(r, 0);
	rc = db_text(r, 1, e->doctype, sizeof e->doctype);
	e->doc_id = db_int(r, 2);
	if (rc == 0)
		rc = db_text(r, 3, e->doc_name, sizeof e->doc_name);
	if (rc == 0)
		rc = db_text(r, 4, e->rule, sizeof e->rule);
	if (rc == 0)
		rc = db_text(r, 5, e->base_on, sizeof e->base_on);
	e->disposed_at = db_int(r, 6);
	e->disposed_by = db_int(r, 7);
	if (rc == 0)
		rc = db_text(r, 8, e->disposed_by_name,
			     sizeof e->disposed_by_name);
	if (rc == 0)
		l->n++;
	return rc;
}

static int do_disposal_list(struct db *d, void *arg)
{
	struct disposal_list *l = arg;

	l->n = 0;
	return db_query(d, "SELECT x.id, x.doctype, x.doc_id, x.doc_name,"
			" x.rule, x.base_on, x.disposed_at, x.disposed_by,"
			" COALESCE(u.name, '') FROM disposals x LEFT JOIN users u"
			" ON u.id = x.disposed_by ORDER BY x.id DESC",
			DB_NONE, entry_row, l);
}

void disposal_list_release(struct disposal_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

int store_disposal_list(struct store *s, struct disposal_list *out)
{
	return store_read(s, do_disposal_list, out);
}
