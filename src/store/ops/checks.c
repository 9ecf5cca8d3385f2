/*
 * checks.c - the monthly location checks, detail form 6 (R-DEV-5), of
 * store_devices.h, once for every backend.  Contract: store_devices.h.
 * A check is recorded only while the unit holds the device after receipt.
 */
#include "lending.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table check_table =
	OPS_TABLE_PLAIN("location_checks", location_check_record,
			struct location_check_entry);

struct check_op {
	const struct actor *a;
	struct location_check_entry *c;
	struct location_check_entry saved;
};

/* The loan is open and received: the unit holds the device (R-DEV-4). */
static int loan_checkable(struct db *d, struct location_check_entry *c)
{
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? ops_loan_load(d, c->loan_id, &pool, l) : MM_ENOMEM;

	if (rc == 0 && l->state != LOAN_RECEIVED)
		rc = MM_ESTATE;
	if (rc == 0)
		c->unit_id = l->unit_id;
	pool_release(&pool); /* the loan\'s text */
	free(l);
	return rc;
}

static int do_add(struct db *d, void *arg)
{
	struct check_op *op = arg;
	struct location_check_entry *c = op->c;
	char on[LENDING_ISO_SIZE], detail[160];
	int rc;

	*c = op->saved;
	c->in_cabinet = c->in_cabinet ? 1 : 0;
	c->checked_by = op->a ? op->a->user_id : 0;
	c->recorded_at = db_now();
	rc = lending_iso(&c->checked_on, on);
	/* the remarks are the caller's; sized as the store ever kept them */
	if (rc == 0 && c->remarks && strlen(c->remarks) >= MM_TEXT_MAX)
		rc = MM_EINVAL;
	if (rc == 0)
		rc = loan_checkable(d, c);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO location_checks (loan_id, unit_id,"
			       " checked_on, in_cabinet, remarks, checked_by,"
			       " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       DB_P(DB_I(c->loan_id), DB_I(c->unit_id), DB_T(on),
				    DB_I(c->in_cabinet), DB_T(c->remarks),
				    DB_USER(c->checked_by), DB_I(c->recorded_at)),
			       &c->id);
	/* R-META-1: the version the database set (after the insert on SQLite) */
	if (rc == 0)
		rc = db_int_of(d, "SELECT policy_version FROM location_checks"
			       " WHERE id = ?", DB_P(DB_I(c->id)),
			       &c->policy_version);
	if (rc < 0)
		return rc;
	snprintf(detail, sizeof detail, "{\"loan_id\":%lld,\"checked_on\":\"%s\","
		 "\"in_cabinet\":%d}", (long long)c->loan_id, on, c->in_cabinet);
	return lending_audit(d, op->a, c->unit_id, "check.record", "location_check",
			     c->id, detail);
}

int store_check_add(struct store *s, const struct actor *a,
		    struct location_check_entry *c)
{
	struct check_op op = { .a = a, .c = c, .saved = *c };
	int rc = store_write(s, do_add, &op);

	if (rc < 0)
		*c = op.saved;
	return rc;
}

/* The checks as a list (see store_check_list for the authz object). */
static const struct ops_list check_rows = {
	.table = &check_table,
	.cols = "user_name",
	.joined = "p",
	.from = "FROM location_checks" JOIN_USER_NAME("checked_by"),
	.id = "id",
	.unit = "unit_id",
	.owner = "0",
	.state = "0",
	.keys = "checked_on, id",
	.desc = 1,
};

int store_check_list(struct store *s, const struct authz_view *view,
		     int64_t loan_id, const struct page_req *req,
		     struct check_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);

	return ops_list_page(s, &check_rows, view, "loan_id = ?",
			     DB_P(DB_I(loan_id)), req, &o);
}
