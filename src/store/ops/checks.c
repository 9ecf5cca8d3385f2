/*
 * checks.c - the monthly location checks, detail form 6 (R-DEV-5), of
 * store_devices.h, once for every backend.  Contract: store_devices.h.
 * A check is recorded only while the unit holds the device after receipt.
 */
#include "lending.h"
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

#define CHECK_COLS "id, loan_id, unit_id, checked_on, in_cabinet, remarks," \
	" COALESCE(checked_by, 0), recorded_at"

struct check_op {
	const struct actor *a;
	struct location_check_entry *c;
	struct location_check_entry saved;
};

static int check_row(const struct db_row *r, void *arg)
{
	struct location_check_entry *c = arg;

	memset(c, 0, sizeof *c);
	c->id = db_int(r, 0);
	c->loan_id = db_int(r, 1);
	c->unit_id = db_int(r, 2);
	c->in_cabinet = (int)db_int(r, 4);
	c->checked_by = db_int(r, 6);
	c->recorded_at = db_int(r, 7);
	if (db_text(r, 5, c->remarks, sizeof c->remarks) < 0)
		return MM_EOVERFLOW;
	return lending_date(r, 3, &c->checked_on);
}

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
	.cols = CHECK_COLS ", user_name",
	.from = "FROM location_checks" JOIN_USER_NAME("checked_by"),
	.id = "id",
	.unit = "unit_id",
	.owner = "0",
	.state = "0",
	.keys = "checked_on, id",
	.desc = 1,
};

static int list_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	int rc = check_row(r, item);

	return rc < 0 ? rc : ops_joined_read(r, 8, "p", j);
}

int store_check_list(struct store *s, const struct authz_view *view,
		     int64_t loan_id, const struct page_req *req,
		     struct check_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, list_row);

	return ops_list_page(s, &check_rows, view, "loan_id = ?",
			     DB_P(DB_I(loan_id)), req, &o);
}
