/*
 * applications.c - borrowing applications, form 3 (R-DEV-2) and
 * extensions (R-DEV-8) of store_devices.h, once for every backend.
 * Contract: store_devices.h.  The decision moves the application through
 * application_transition() inside the write transaction; approving an
 * extension moves its loan's due date in the same transaction.
 */
#include "lending.h"
#include "page.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "core/civil.h"
#include "lib/buf.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table application_table =
	OPS_TABLE_PLAIN("borrow_applications", application_record,
			struct borrow_application);

struct app_op {
	const struct actor *a;
	struct borrow_application *app;
	struct borrow_application saved;
	int64_t id, version, unit_id;
	enum application_state state;
	enum application_event ev;
	const char *reason, *exception_reason;
};

int ops_application_load(struct db *d, int64_t id, struct pool *pool,
			 struct borrow_application *out)
{
	return ops_table_load(d, &application_table, id, pool, out);
}

static int audit_app(struct db *d, const struct actor *a, const char *action,
		     const struct borrow_application *p)
{
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc;

	buf_addf(&b, "{\"kind\":\"%s\",\"state\":\"%s\",\"loan_id\":%lld,"
		 "\"device_id\":%lld,\"policy_id\":",
		 application_kind_key(p->kind), application_state_key(p->state),
		 (long long)p->loan_id, (long long)p->device_id);
	audit_json_str(&b, p->policy_id);
	buf_addf(&b, ",\"version\":%lld}", (long long)p->version);
	rc = buf_error(&b);
	if (rc == 0)
		rc = lending_audit(d, a, p->unit_id, action, "application", p->id,
				   buf_cstr(&b));
	buf_release(&b);
	return rc;
}

/* An extension: the loan is open and the unit's (R-DEV-8). */
static int check_extension(struct db *d, struct borrow_application *p)
{
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? ops_loan_load(d, p->loan_id, &pool, l) : MM_ENOMEM;

	if (rc == 0 && !loan_open(l->state))
		rc = MM_ESTATE;
	if (rc == 0 && l->unit_id != p->unit_id)
		rc = MM_EINVAL;
	if (rc == 0 && civil_compare(&p->due, &l->due) <= 0)
		rc = MM_EINVAL; /* an extension moves the due date later */
	if (rc == 0) {
		p->device_id = l->device_id;
		p->start = l->due; /* the extension counts from the due date */
	}
	pool_release(&pool); /* the loan\'s text */
	free(l);
	return rc;
}

static int check_new(const struct borrow_application *p)
{
	if (!civil_valid(&p->start) || civil_compare(&p->due, &p->start) < 0)
		return MM_EINVAL;
	return 0;
}

static int insert_app(struct db *d, struct borrow_application *p)
{
	char consulted[LENDING_ISO_SIZE], start[LENDING_ISO_SIZE],
	     due[LENDING_ISO_SIZE];
	int rc = lending_iso(&p->consulted_on, consulted);

	if (rc == 0)
		rc = lending_iso(&p->start, start);
	if (rc == 0)
		rc = lending_iso(&p->due, due);
	if (rc < 0)
		return rc;
	return db_int_of(d, "INSERT INTO borrow_applications (kind, unit_id,"
		" loan_id, device_id, consulted_on, consulted_with, consultation,"
		" start_on, due_on, purpose, state, applicant_id, applied_at,"
		" exception_reason, policy_id, version) VALUES (?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
		DB_P(DB_I(p->kind), DB_I(p->unit_id),
		     p->loan_id ? DB_I(p->loan_id) : DB_N,
		     p->device_id ? DB_I(p->device_id) : DB_N, DB_T(consulted),
		     DB_T(p->consulted_with), DB_T(p->consultation), DB_T(start),
		     DB_T(due), DB_T(p->purpose), DB_I(p->state),
		     DB_USER(p->applicant_id), DB_I(p->applied_at),
		     DB_T(p->exception_reason), DB_T(p->policy_id)), &p->id);
}

static int do_create(struct db *d, void *arg)
{
	struct app_op *op = arg;
	struct borrow_application *p = op->app;
	int rc;

	*p = op->saved;
	p->state = APPLICATION_SUBMITTED;
	p->applicant_id = op->a ? op->a->user_id : 0;
	p->applied_at = db_now();
	p->decided_by = p->decided_at = 0;
	p->decision_reason = NULL;
	p->version = 1;
	rc = ops_policy_id_in_force(d, p->policy_id,
				    sizeof p->policy_id); /* R-META-1 */
	if (rc == 0 && !civil_valid(&p->due))
		rc = MM_EINVAL;
	if (rc == 0 && p->kind == APPLICATION_KIND_EXTENSION)
		rc = check_extension(d, p);
	else if (rc == 0 && p->kind == APPLICATION_KIND_NEW && !p->loan_id)
		rc = check_new(p);
	else if (rc == 0)
		rc = MM_EINVAL;
	if (rc == 0)
		rc = insert_app(d, p);
	if (rc == 0)
		rc = audit_app(d, op->a, "application.create", p);
	return rc;
}

int store_application_create(struct store *s, const struct actor *a,
			     struct borrow_application *app)
{
	struct app_op op = { .a = a, .app = app, .saved = *app };
	int rc = store_write(s, do_create, &op);

	if (rc < 0)
		*app = op.saved;
	return rc;
}

STORE_POOLED_GETTER(store_application_get, struct borrow_application, ops_application_load)

/* The applications as a list; the authz object is app/objects.c's. */
static const struct ops_list application_rows = {
	.table = &application_table,
	.cols = "unit_name",
	.joined = "u",
	.from = "FROM borrow_applications" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "applicant_id",
	.state = "state",
	.desc = 1,
};

int store_application_list(struct store *s, const struct authz_view *view,
			   int64_t unit_id, enum application_state state,
			   const struct page_req *req,
			   struct application_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	if (state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(state)));
	return ops_where_page(s, &application_rows, view, &w, req, &o);
}

/*
 * R-DEV-2, R-DEV-8: an approval keeps the period rule (one year "in
 * principle", longer only with the general manager's reason); approving
 * an extension moves the loan's due date.
 */
static int approve(struct db *d, const struct borrow_application *p,
		   const char *exception_reason)
{
	struct policy *pol = malloc(sizeof *pol);
	struct loan *l = NULL;
	struct pool pool = POOL_INIT_MAX(0);
	/* R-META-1: the rules of the version in force at the decision */
	int rc = pol ? ops_policy_in_force(d, pol) : MM_ENOMEM;

	if (rc == 0 && p->kind == APPLICATION_KIND_NEW) {
		rc = loan_check_period(pol, &p->start, &p->due,
				       exception_reason, NULL);
		free(pol);
		return rc;
	}
	l = rc == 0 ? malloc(sizeof *l) : NULL;
	if (rc == 0)
		rc = l ? ops_loan_load(d, p->loan_id, &pool, l) : MM_ENOMEM;
	if (rc == 0)
		rc = loan_check_extension(pol, &l->due, &p->due,
					  exception_reason, NULL);
	if (rc == 0)
		rc = ops_loan_extend(d, p->loan_id, &p->due);
	pool_release(&pool); /* the loan\'s text */
	free(l);
	free(pol);
	return rc;
}

static int record_decision(struct db *d, struct app_op *op,
			   struct borrow_application *p)
{
	int64_t n = 0;
	int rc;

	p->decided_by = op->a ? op->a->user_id : 0;
	p->decided_at = db_now();
	/* The reasons live as long as the operation; sized as ever. */
	p->decision_reason = op->reason ? op->reason : "";
	rc = strlen(p->decision_reason) < MM_TEXT_MAX ? 0 : MM_EINVAL;
	if (rc == 0 && !lending_blank(op->exception_reason)) {
		p->exception_reason = op->exception_reason;
		if (strlen(p->exception_reason) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	if (rc == 0)
		rc = db_exec(d, "UPDATE borrow_applications SET state = ?,"
			     " decided_by = ?, decided_at = ?, decision_reason = ?,"
			     " exception_reason = ?, version = version + 1"
			     " WHERE id = ? AND version = ?",
			     DB_P(DB_I(p->state), DB_USER(p->decided_by),
				  DB_I(p->decided_at), DB_T(p->decision_reason),
				  DB_T(p->exception_reason), DB_I(p->id),
				  DB_I(p->version)), &n);
	if (rc == 0 && n == 0)
		rc = MM_ESTALE;
	p->version++;
	return rc;
}

static int do_decide(struct db *d, void *arg)
{
	struct app_op *op = arg;
	struct borrow_application *p = malloc(sizeof *p);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = p ? ops_application_load(d, op->id, &pool, p) : MM_ENOMEM;

	if (rc == 0 && p->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = application_transition(p->state, op->ev, &p->state);
	/* The last line: the decision's rule (a refusal says why). */
	if (rc == 0 && op->ev != APPLICATION_EV_WITHDRAW)
		rc = application_check_decision(op->ev, op->reason, NULL);
	if (rc == 0 && op->ev == APPLICATION_EV_APPROVE)
		rc = approve(d, p, lending_blank(op->exception_reason) ?
			     p->exception_reason : op->exception_reason);
	if (rc == 0)
		rc = record_decision(d, op, p);
	if (rc == 0)
		rc = audit_app(d, op->a, op->ev == APPLICATION_EV_APPROVE ?
			       "application.approve" : op->ev == APPLICATION_EV_REFUSE ?
			       "application.refuse" : "application.withdraw", p);
	pool_release(&pool);
	free(p);
	return rc;
}

int store_application_decide(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     enum application_event ev, const char *reason,
			     const char *exception_reason)
{
	struct app_op op = { .a = a, .id = id, .version = version, .ev = ev,
			     .reason = reason,
			     .exception_reason = exception_reason };

	return store_write(s, do_decide, &op);
}
