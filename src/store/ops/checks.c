/*
 * checks.c - the monthly location checks, detail form 6 (R-DEV-5), of
 * store_devices.h, once for every backend.  Contract: store_devices.h.
 * A check is recorded only while the unit holds the device after receipt.
 */
#include "lending.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/banned.h"

#define CHECK_COLS "id, loan_id, unit_id, checked_on, in_cabinet, remarks," \
	" COALESCE(checked_by, 0), recorded_at"

struct check_op {
	const struct actor *a;
	struct location_check_entry *c;
	struct location_check_entry saved;
	int64_t loan_id;
	struct check_list *list;
	size_t cap;
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
	int rc = l ? ops_loan_load(d, c->loan_id, l) : MM_ENOMEM;

	if (rc == 0 && l->state != LOAN_RECEIVED)
		rc = MM_ESTATE;
	if (rc == 0)
		c->unit_id = l->unit_id;
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

static int list_row(const struct db_row *r, void *arg)
{
	struct check_op *op = arg;
	struct check_list *l = op->list;
	int rc = db_grow((void **)&l->items, &op->cap, l->n, sizeof *l->items);

	if (rc == 0)
		rc = check_row(r, &l->items[l->n]);
	if (rc == 0)
		l->n++;
	return rc;
}

static int do_list(struct db *d, void *arg)
{
	struct check_op *op = arg;

	op->list->n = 0; /* a retry starts over */
	return db_query(d, "SELECT " CHECK_COLS " FROM location_checks"
			" WHERE loan_id = ? ORDER BY checked_on DESC, id DESC",
			DB_P(DB_I(op->loan_id)), list_row, op);
}

int store_check_list(struct store *s, int64_t loan_id, struct check_list *out)
{
	struct check_op op = { .loan_id = loan_id, .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	rc = store_read(s, do_list, &op);
	if (rc < 0)
		check_list_release(out);
	return rc;
}
