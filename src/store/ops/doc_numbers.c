/*
 * doc_numbers.c - the yearly serial document numbers of the printed forms
 * and the print that issues them (store.h: store_document_issue), once
 * for every backend.
 */
#include "ops.h"

#include <stdio.h>
#include <string.h>

#include "core/wareki.h"
#include "lib/err.h"
#include "lib/banned.h"

struct issue_op {
	const struct actor *a;
	const char *form, *object_type, *detail;
	int64_t record_id, object_id;
	struct doc_number *out;
};

static int number_row(const struct db_row *r, void *arg)
{
	struct doc_number *n = arg;

	n->year = (int)db_int(r, 0);
	n->serial = db_int(r, 1);
	n->issued_at = db_int(r, 2);
	return 1;
}

static int do_issue(struct db *d, void *arg)
{
	struct issue_op *op = arg;
	struct doc_number *n = op->out;
	struct civil_date today;
	char detail[400];
	int rc;

	memset(n, 0, sizeof *n);
	rc = db_first(d, "SELECT year, serial, issued_at FROM doc_numbers"
		      " WHERE form = ? AND record_id = ?",
		      DB_P(DB_T(op->form), DB_I(op->record_id)), number_row, n);
	if (rc == MM_ENOTFOUND) {
		/* The first issue: the next serial of the form this year.
		 * Write transactions run one after another (store_write), so
		 * no other request reads the same maximum; the unique
		 * (form, year, serial) would refuse it anyway. */
		n->issued_at = db_now();
		rc = civil_from_unix(n->issued_at, &today);
		if (rc < 0)
			return rc;
		n->year = today.year;
		rc = db_int_of(d, "SELECT COALESCE(MAX(serial), 0) + 1"
			       " FROM doc_numbers WHERE form = ? AND year = ?",
			       DB_P(DB_T(op->form), DB_I(n->year)), &n->serial);
		if (rc == 0)
			rc = db_exec(d, "INSERT INTO doc_numbers (form,"
				     " record_id, year, serial, issued_at,"
				     " issued_by) VALUES (?, ?, ?, ?, ?, ?)",
				     DB_P(DB_T(op->form), DB_I(op->record_id),
					  DB_I(n->year), DB_I(n->serial),
					  DB_I(n->issued_at),
					  op->a->user_id ? DB_I(op->a->user_id)
							 : DB_N), NULL);
		n->first = 1;
	}
	if (rc < 0)
		return rc;
	/* The detail names the number: a print is traced to its copy. */
	if (snprintf(detail, sizeof detail,
		     "{\"form\":\"%s\",\"format\":\"pdf\",\"year\":%d,"
		     "\"serial\":%lld%s%s}", op->form, n->year,
		     (long long)n->serial, op->detail ? "," : "",
		     op->detail ? op->detail : "") >= (int)sizeof detail)
		return MM_EINVAL;
	return ops_audit_append(d, op->a, "document.print", op->object_type,
				op->object_id, detail);
}

int store_document_issue(struct store *s, const struct actor *a,
			 const char *form, int64_t record_id,
			 const char *object_type, int64_t object_id,
			 const char *detail, struct doc_number *out)
{
	struct issue_op op = { .a = a, .form = form, .record_id = record_id,
			       .object_type = object_type,
			       .object_id = object_id, .detail = detail,
			       .out = out };

	if (!a || !form || !*form || record_id <= 0 || !out)
		return MM_EINVAL;
	return store_write(s, do_issue, &op);
}
