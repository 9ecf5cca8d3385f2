/*
 * loans.c - the lending register, form 2 (R-DEV-1, 3, 4, 8, 9) of
 * store_devices.h, once for every backend.  Contract: store_devices.h.
 * A loan and its device move together, each through its own state
 * machine (core/loan.h, core/device.h), inside one write transaction;
 * the partial unique index loans_open_device backs "one open loan per
 * device" (R-DEV-3) should two writers ever overlap.
 */
#include "lending.h"
#include "page.h"
#include "table.h"
#include "services.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

/*
 * The register's columns: the descriptor's fields, then the training
 * recorded at receipt and the return checklist's ticks, which the API
 * answers beside them (loan_training_record, the checklist).
 */
static const struct field_desc loan_extra[] = {
	{ .key = "trained_on", .type = FIELD_DATE,
	  RECORD_MEMBER(struct loan, training.trained_on) },
	{ .key = "trainer", .type = FIELD_TEXT, .flags = FIELD_POOLED,
	  RECORD_MEMBER(struct loan, training.trainer) },
	{ .key = "topics", .type = FIELD_NOTE, .flags = FIELD_POOLED,
	  RECORD_MEMBER(struct loan, training.topics) },
	{ .key = "apps_uninstalled", .type = FIELD_BOOL,
	  RECORD_MEMBER(struct loan, checklist.apps_uninstalled) },
	{ .key = "device_restored", .type = FIELD_BOOL,
	  RECORD_MEMBER(struct loan, checklist.device_restored) },
	{ .key = "accessories_present", .type = FIELD_BOOL,
	  RECORD_MEMBER(struct loan, checklist.accessories_present) },
};

static const struct ops_table loan_table =
	OPS_TABLE("loans", loan_record, struct loan, loan_extra);

struct loan_op {
	const struct actor *a;
	int64_t id, version, app_id, device_id, unit_id;
	int open_only;
	const struct training_record *training;
	const struct return_confirmation *confirmation;
	struct return_fault *fault;
	struct return_checklist *accounts;
	int anomaly, out_of_service;
	const char *description;
	struct loan *out;
	struct pool *pool; /* where the text of out or accounts goes */
	struct device_use_facts *facts;
};

/* A checklist being read, and the pool its names go to. */
struct checklist_into {
	struct return_checklist *c;
	struct pool *pool;
};

/* One account of a checklist, its names into pool. */
static int account_read(const struct db_row *r, struct return_checklist *c,
			struct pool *pool)
{
	struct return_account *ra;
	int rc;

	if (c->n_accounts >= RETURN_ACCOUNTS_MAX)
		return MM_ECORRUPT;
	ra = &c->accounts[c->n_accounts++];
	memset(ra, 0, sizeof *ra);
	ra->deleted = (int)db_int(r, 2);
	ra->service_id = db_int(r, 3);
	rc = db_text_in(r, 0, pool, MM_NAME_MAX, &ra->service);
	if (rc == 0)
		rc = db_text_in(r, 1, pool, MM_NAME_MAX, &ra->account);
	return rc;
}

static int account_row(const struct db_row *r, void *arg)
{
	struct checklist_into *in = arg;

	return account_read(r, in->c, in->pool);
}

static int load_accounts(struct db *d, struct loan *l, struct pool *pool)
{
	struct checklist_into in = { &l->checklist, pool };

	l->checklist.n_accounts = 0;
	return db_query(d, "SELECT service, account, deleted,"
			" COALESCE(service_id, 0) FROM loan_checklist_accounts WHERE loan_id = ?"
			" ORDER BY idx", DB_P(DB_I(l->id)), account_row, &in);
}

int ops_loan_load(struct db *d, int64_t id, struct pool *pool,
		  struct loan *out)
{
	int rc = ops_table_load(d, &loan_table, id, pool, out);

	return rc == 0 ? load_accounts(d, out, pool) : rc;
}

/* The audit detail of a loan: ids, dates and state, nothing personal. */
static int audit_loan(struct db *d, const struct actor *a, const char *action,
		      const struct loan *l)
{
	char detail[320], due[LENDING_ISO_SIZE];

	if (lending_iso_opt(&l->due, due) < 0)
		due[0] = '\0';
	snprintf(detail, sizeof detail, "{\"device_id\":%lld,"
		 "\"application_id\":%lld,\"state\":\"%s\",\"due\":\"%s\","
		 "\"accounts\":%zu,\"anomaly\":%d,\"version\":%lld}",
		 (long long)l->device_id, (long long)l->application_id,
		 loan_state_key(l->state), due, l->checklist.n_accounts,
		 l->anomaly, (long long)l->version);
	return lending_audit(d, a, l->unit_id, action, "loan", l->id, detail);
}

/* Loads loan id at the version the caller read, moved by ev. */
static int load_for(struct db *d, const struct loan_op *op,
		    enum loan_event ev, struct pool *pool, struct loan *l)
{
	int rc = ops_loan_load(d, op->id, pool, l);

	if (rc == 0 && l->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = loan_transition(l->state, ev, &l->state);
	return rc;
}

/* ---- lend (R-DEV-3) ---- */

/*
 * What the lend needs of its application (id, kind, unit, state,
 * period), read here rather than through ops_application_load(): the
 * dependency between the two files goes one way, applications.c ->
 * loans.c (approving an extension moves the loan; issue 8).
 */
static int lend_application_row(const struct db_row *r, void *arg)
{
	struct borrow_application *p = arg;
	int rc;

	memset(p, 0, sizeof *p);
	p->id = db_int(r, 0);
	p->kind = (enum application_kind)db_int(r, 1);
	p->unit_id = db_int(r, 2);
	p->state = (enum application_state)db_int(r, 3);
	rc = lending_date(r, 4, &p->start);
	if (rc == 0)
		rc = lending_date(r, 5, &p->due);
	return rc;
}

static int check_application(struct db *d, int64_t app_id,
			     struct borrow_application *p)
{
	int64_t one;
	int rc = db_first(d, "SELECT id, kind, unit_id, state, start_on, due_on"
			  " FROM borrow_applications WHERE id = ?",
			  DB_P(DB_I(app_id)), lend_application_row, p);

	if (rc == 0 && p->kind != APPLICATION_KIND_NEW)
		rc = MM_EINVAL; /* an extension moves a loan, lends nothing */
	if (rc == 0 && p->state != APPLICATION_APPROVED)
		rc = MM_ESTATE;
	if (rc == 0) {
		rc = db_int_of(d, "SELECT 1 FROM loans WHERE application_id = ?",
			       DB_P(DB_I(app_id)), &one);
		rc = rc == 0 ? MM_ESTATE : rc == MM_ENOTFOUND ? 0 : rc;
	}
	return rc;
}

static int insert_loan(struct db *d, const struct actor *a, struct loan *l)
{
	char start[LENDING_ISO_SIZE], due[LENDING_ISO_SIZE];
	int rc = lending_iso(&l->start, start);

	if (rc == 0)
		rc = lending_iso(&l->due, due);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO loans (device_id, unit_id,"
			" application_id, start_on, due_on, original_due_on, state,"
			" lent_by, lent_at, policy_id, version) VALUES (?, ?, ?, ?,"
			" ?, ?, ?, ?, ?, ?, 1) RETURNING id",
			DB_P(DB_I(l->device_id), DB_I(l->unit_id),
			     DB_I(l->application_id), DB_T(start), DB_T(due),
			     DB_T(due), DB_I(LOAN_LENT),
			     DB_USER(a ? a->user_id : 0), DB_I(db_now()),
			     DB_T(l->policy_id)), &l->id);
	/* the open-loan index: the device is on a loan already */
	return rc == MM_EEXIST ? MM_ESTATE : rc;
}

static int do_lend(struct db *d, void *arg)
{
	struct loan_op *op = arg;
	struct borrow_application *p = malloc(sizeof *p);
	struct loan *l = calloc(1, sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = p && l ? check_application(d, op->app_id, p) : MM_ENOMEM;

	if (rc == 0)
		rc = ops_device_move(d, op->device_id, DEVICE_EV_LEND, NULL);
	if (rc == 0) {
		l->device_id = op->device_id;
		l->unit_id = p->unit_id;
		l->application_id = p->id;
		l->start = p->start;
		l->due = p->due;
		rc = ops_policy_id_in_force(d, l->policy_id,
					    sizeof l->policy_id); /* R-META-1 */
	}
	if (rc == 0)
		rc = insert_loan(d, op->a, l);
	if (rc == 0)
		rc = ops_loan_load(d, l->id, &pool, l);
	if (rc == 0)
		rc = audit_loan(d, op->a, "loan.lend", l);
	if (rc == 0 && op->out) {
		/* A new loan has no text yet: nothing points into the pool. */
		*op->out = *l;
		op->out->training.trainer = op->out->training.topics = NULL;
		op->out->anomaly_text = NULL;
		op->out->checklist.n_accounts = 0;
	}
	pool_release(&pool);
	free(p);
	free(l);
	return rc;
}

int store_loan_lend(struct store *s, const struct actor *a,
		    int64_t application_id, int64_t device_id,
		    struct loan *out)
{
	struct loan_op op = { .a = a, .app_id = application_id,
			      .device_id = device_id, .out = out };

	return store_write(s, do_lend, &op);
}

/* ---- reading ---- */

STORE_POOLED_GETTER(store_loan_get, struct loan, ops_loan_load)

/*
 * The register as a list: the loan's columns, then its unit's name, its
 * device and the day of its latest location check (R-DEV-5), read by
 * the index on location_checks(loan_id, checked_on).
 */
static const struct ops_list loan_rows = {
	.table = &loan_table,
	.cols = "unit_name, device_model, device_serial,"
		" (SELECT MAX(c.checked_on) FROM location_checks c"
		" WHERE c.loan_id = loans.id)",
	.from = "FROM loans" JOIN_UNIT_NAME("unit_id")
		JOIN_DEVICE("device_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "0",
	.state = "state",
	.desc = 1,
};

static int list_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	int n = ops_table_ncols(&loan_table);
	int rc = ops_table_read(r, 0, &loan_table, item, pool);

	if (rc == 0)
		rc = ops_joined_read(r, n, "ud", j, pool);
	if (rc == 0 && db_type(r, n + 3) != DB_NULL)
		rc = lending_date(r, n + 3, &j->last_check);
	return rc;
}

struct page_loans {
	struct loan *items;
	size_t n;
	struct pool *pool;
};

/* The checklist accounts of a page's loans (in the loan's order). */
static int page_account_row(const struct db_row *r, void *arg)
{
	struct page_loans *pl = arg;
	int64_t loan_id = db_int(r, 4);

	for (size_t i = 0; i < pl->n; i++)
		if (pl->items[i].id == loan_id)
			return account_read(r, &pl->items[i].checklist,
					    pl->pool);
	return 0;
}

/*
 * One query for the accounts of every loan of the page.  The ids are
 * the page's own (numbers read from the database), written into the SQL.
 */
static int page_accounts(struct db *d, void *items, size_t n,
			 struct pool *pool)
{
	struct page_loans pl = { items, n, pool };
	struct buf b = BUF_INIT_MAX(16384);
	int rc;

	buf_adds(&b, "SELECT service, account, deleted, COALESCE(service_id, 0),"
		 " loan_id FROM loan_checklist_accounts WHERE loan_id IN (");
	for (size_t i = 0; i < n; i++) {
		pl.items[i].checklist.n_accounts = 0;
		buf_addf(&b, "%s%lld", i ? ", " : "", (long long)pl.items[i].id);
	}
	buf_adds(&b, ") ORDER BY loan_id, idx");
	rc = buf_error(&b);
	if (rc == 0)
		rc = db_query(d, buf_cstr(&b), DB_NONE, page_account_row, &pl);
	buf_release(&b);
	return rc;
}

/* LOAN_CLOSED as SQL text: the partial indexes' condition "state <> 4" */
#define LOANS_CLOSED_SQL "4"
_Static_assert(LOAN_CLOSED == 4, "LOANS_CLOSED_SQL and the partial indexes"
	       " loans_open, loans_open_device name the closed state as 4");

int store_loan_list(struct store *s, const struct authz_view *view,
		    const struct loan_filter *f, const struct page_req *req,
		    struct loan_list *out)
{
	static const struct loan_filter none;
	struct ops_page_out o = OPS_PAGE_OUT(out, list_row);
	struct ops_where w = OPS_WHERE_INIT;

	if (!f)
		f = &none;
	o.after = page_accounts;
	if (f->unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(f->unit_id)));
	if (f->device_id)
		ops_where_add(&w, "device_id = ?", DB_P(DB_I(f->device_id)));
	if (f->application_id)
		ops_where_add(&w, "application_id = ?",
			      DB_P(DB_I(f->application_id)));
	if (f->state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(f->state)));
	/* the text of the partial index loans_open (0019_growth), so that
	 * the planner may read the open loans off it */
	if (f->open_only)
		ops_where_add(&w, "state <> " LOANS_CLOSED_SQL, DB_NONE);
	return ops_where_page(s, &loan_rows, view, &w, req, &o);
}

/* ---- receipt and training (R-DEV-4) ---- */

static int do_receive(struct db *d, void *arg)
{
	struct loan_op *op = arg;
	const struct training_record *t = op->training;
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	char on[LENDING_ISO_SIZE];
	int rc = l ? load_for(d, op, LOAN_EV_RECEIVE, &pool, l) : MM_ENOMEM;

	if (rc == 0)
		rc = lending_iso(&t->trained_on, on);
	if (rc == 0 && lending_blank(t->trainer))
		rc = MM_EINVAL; /* the trainer is named by the general manager */
	if (rc == 0)
		rc = db_exec(d, "UPDATE loans SET state = ?, received_by = ?,"
			     " received_at = ?, trained_on = ?, trainer = ?,"
			     " topics = ?, version = version + 1 WHERE id = ?",
			     DB_P(DB_I(l->state), DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_T(on), DB_T(t->trainer),
				  DB_T(t->topics), DB_I(l->id)), NULL);
	if (rc == 0) {
		l->version++;
		rc = audit_loan(d, op->a, "loan.receive", l);
	}
	pool_release(&pool);
	free(l);
	return rc;
}

int store_loan_receive(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, const struct training_record *t)
{
	struct loan_op op = { .a = a, .id = id, .version = version,
			      .training = t };

	if (!t)
		return MM_EINVAL;
	return store_write(s, do_receive, &op);
}

/* ---- return (R-DEV-9) ---- */

/* The register's names of the accounts, with their applications. */
static int insert_accounts(struct db *d, int64_t loan_id,
			   const struct return_checklist *c)
{
	int rc = db_exec(d, "DELETE FROM loan_checklist_accounts WHERE loan_id = ?",
			 DB_P(DB_I(loan_id)), NULL);

	for (size_t i = 0; rc == 0 && i < c->n_accounts; i++)
		rc = db_exec(d, "INSERT INTO loan_checklist_accounts (loan_id, idx,"
			     " service, account, deleted, service_id)"
			     " VALUES (?, ?, ?, ?, ?, ?)",
			     DB_P(DB_I(loan_id), DB_I(i), DB_T(c->accounts[i].service),
				  DB_T(c->accounts[i].account),
				  DB_I(c->accounts[i].deleted ? 1 : 0),
				  DB_I(c->accounts[i].service_id)), NULL);
	return rc;
}

/*
 * R-DEV-9: the checklist is the register's, not the client's: every
 * account on the device that has not ended must be confirmed deleted.
 */
static int confirm_checklist(struct db *d, const struct loan_op *op,
			     struct pool *pool, struct loan *l)
{
	int rc = ops_return_accounts(d, l->device_id, l->unit_id, pool,
				     &l->checklist);

	if (rc == MM_ERULE && op->fault) {
		memset(op->fault, 0, sizeof *op->fault);
		op->fault->field = "accounts";
		op->fault->account = RETURN_ACCOUNTS_MAX;
		snprintf(op->fault->message, sizeof op->fault->message,
			 "この端末のアカウントが多すぎるため返却できません。"
			 "不要な申請を整理してください");
	}
	if (rc == 0)
		rc = return_checklist_confirm(&l->checklist, op->confirmation,
					      op->fault);
	return rc;
}

/* R-SVC-4: each listed account is deleted, in the same transaction. */
static int end_services(struct db *d, const struct actor *a,
			const struct loan *l)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < l->checklist.n_accounts; i++)
		rc = ops_service_delete_at_return(d, a,
						  l->checklist.accounts[i].service_id,
						  l->id);
	return rc;
}

static int do_submit_return(struct db *d, void *arg)
{
	struct loan_op *op = arg;
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? load_for(d, op, LOAN_EV_SUBMIT_RETURN, &pool, l) : MM_ENOMEM;

	if (rc == 0)
		rc = confirm_checklist(d, op, &pool, l);
	if (rc == 0)
		rc = ops_device_move(d, l->device_id, DEVICE_EV_RETURN, NULL);
	if (rc == 0)
		rc = db_exec(d, "UPDATE loans SET state = ?, returned_by = ?,"
			     " returned_at = ?, apps_uninstalled = 1,"
			     " device_restored = 1, accessories_present = 1,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(l->state), DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_I(l->id)), NULL);
	if (rc == 0)
		rc = insert_accounts(d, l->id, &l->checklist);
	if (rc == 0)
		rc = end_services(d, op->a, l);
	if (rc == 0) {
		l->version++;
		rc = audit_loan(d, op->a, "loan.return", l);
	}
	pool_release(&pool);
	free(l);
	return rc;
}

int store_loan_submit_return(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     const struct return_confirmation *in,
			     struct return_fault *f)
{
	struct loan_op op = { .a = a, .id = id, .version = version,
			      .confirmation = in, .fault = f };

	if (!in)
		return MM_EINVAL;
	return store_write(s, do_submit_return, &op);
}

static int do_return_accounts(struct db *d, void *arg)
{
	struct loan_op *op = arg;
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? ops_loan_load(d, op->id, &pool, l) : MM_ENOMEM;

	if (rc == 0)
		rc = ops_return_accounts(d, l->device_id, l->unit_id,
					 op->pool, op->accounts);
	pool_release(&pool);
	free(l);
	return rc;
}

int store_loan_return_accounts(struct store *s, int64_t id, struct pool *pool,
			       struct return_checklist *out)
{
	struct loan_op op = { .id = id, .accounts = out, .pool = pool };

	return store_read(s, do_return_accounts, &op);
}

static int do_close(struct db *d, void *arg)
{
	struct loan_op *op = arg;
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? load_for(d, op, LOAN_EV_CLOSE, &pool, l) : MM_ENOMEM;

	if (rc == 0)
		rc = ops_device_move(d, l->device_id, op->out_of_service ?
				     DEVICE_EV_RETIRE : DEVICE_EV_ACCEPT, NULL);
	/* The description lives as long as the operation. */
	if (rc == 0)
		l->anomaly_text = op->anomaly && op->description ?
			op->description : "";
	if (rc == 0 && strlen(l->anomaly_text) >= MM_TEXT_MAX)
		rc = MM_EINVAL;
	if (rc == 0) /* l is NULL when its allocation failed */
		l->anomaly = op->anomaly;
	if (rc == 0)
		rc = db_exec(d, "UPDATE loans SET state = ?, closed_by = ?,"
			     " closed_at = ?, anomaly = ?, anomaly_text = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(l->state), DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_I(l->anomaly),
				  DB_T(l->anomaly_text), DB_I(l->id)), NULL);
	if (rc == 0) {
		l->version++;
		rc = audit_loan(d, op->a, "loan.close", l);
	}
	pool_release(&pool);
	free(l);
	return rc;
}

int store_loan_close(struct store *s, const struct actor *a, int64_t id,
		     int64_t version, int anomaly, const char *description,
		     int out_of_service)
{
	struct loan_op op = { .a = a, .id = id, .version = version,
			      .anomaly = anomaly ? 1 : 0,
			      .description = description,
			      .out_of_service = out_of_service ? 1 : 0 };

	/* an anomaly is described */
	if (op.anomaly && lending_blank(description))
		return MM_EINVAL;
	return store_write(s, do_close, &op);
}

/* ---- what the other operations ask of a loan ---- */

int ops_loan_extend(struct db *d, int64_t id, const struct civil_date *due)
{
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	char iso[LENDING_ISO_SIZE];
	int rc = l ? ops_loan_load(d, id, &pool, l) : MM_ENOMEM;

	if (rc == 0)
		rc = loan_transition(l->state, LOAN_EV_EXTEND, &l->state);
	if (rc == 0)
		rc = lending_iso(due, iso);
	if (rc == 0)
		rc = db_exec(d, "UPDATE loans SET state = ?, due_on = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(l->state), DB_T(iso), DB_I(id)), NULL);
	pool_release(&pool);
	free(l);
	return rc;
}

int ops_use_facts(struct db *d, int64_t loan_id, struct device_use_facts *out)
{
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? ops_loan_load(d, loan_id, &pool, l) : MM_ENOMEM;

	if (rc == 0) {
		*out = (struct device_use_facts){
			.loan_state = l->state,
			.receipt_confirmed = l->received_at != 0,
			.training_recorded = l->training.trained_on.year != 0 &&
				!lending_blank(l->training.trainer),
		};
		/* R-DEV-6, R-SVC-1..3: every service on it in force */
		rc = ops_services_without_permission(d, l->device_id, l->unit_id,
						     &out->services_without_permission);
	}
	pool_release(&pool);
	free(l);
	return rc;
}

static int do_use_facts(struct db *d, void *arg)
{
	struct loan_op *op = arg;

	return ops_use_facts(d, op->id, op->facts);
}

int store_device_use_facts(struct store *s, int64_t loan_id,
			   struct device_use_facts *out)
{
	struct loan_op op = { .id = loan_id, .facts = out };

	return store_read(s, do_use_facts, &op);
}
