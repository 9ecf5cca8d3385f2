/*
 * takeouts.c - take-outs, detail form 1 (R-DEV-6, R-DEV-7), of
 * store_devices.h, once for every backend.  Contract: store_devices.h.
 * Whether the device may be used is device_usable() on the loan's facts,
 * read in the same transaction as the request (and again at the permit).
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

/*
 * The register's columns: the descriptor's fields, then whether nothing
 * was lost or damaged, which the API answers beside them.
 */
static const struct field_desc takeout_extra[] = {
	{ .key = "no_loss_or_damage", .type = FIELD_BOOL,
	  RECORD_MEMBER(struct takeout, no_loss_or_damage) },
};

static const struct ops_table takeout_table =
	OPS_TABLE("takeouts", takeout_record, struct takeout, takeout_extra);

struct takeout_op {
	const struct actor *a;
	struct takeout *t;
	struct takeout saved;
	int64_t id, version, unit_id;
	int open_only;
	enum takeout_event ev;
	const char *reason;
	int no_loss_or_damage;
	const char *incident, *results;
};

static int load_takeout(struct db *d, int64_t id, struct pool *pool,
			struct takeout *out)
{
	return ops_table_load(d, &takeout_table, id, pool, out);
}

/* The times and state only: where and why may name people. */
static int audit_takeout(struct db *d, const struct actor *a,
			 const char *action, const struct takeout *t)
{
	char detail[256];

	snprintf(detail, sizeof detail, "{\"loan_id\":%lld,\"state\":\"%s\","
		 "\"out_at\":%lld,\"expected_back\":%lld,"
		 "\"no_loss_or_damage\":%d,\"version\":%lld}",
		 (long long)t->loan_id, takeout_state_key(t->state),
		 (long long)t->out_at, (long long)t->expected_back,
		 t->no_loss_or_damage, (long long)t->version);
	return lending_audit(d, a, t->unit_id, action, "takeout", t->id, detail);
}

/* R-DEV-6: THE decision, on the loan's facts as this transaction sees them. */
static int loan_usable(struct db *d, int64_t loan_id)
{
	struct device_use_facts f;
	int rc = ops_use_facts(d, loan_id, &f);

	return rc == 0 ? device_usable(&f, NULL) : rc;
}

static int loan_unit(struct db *d, int64_t loan_id, int64_t *unit_id)
{
	return db_int_of(d, "SELECT unit_id FROM loans WHERE id = ?",
			 DB_P(DB_I(loan_id)), unit_id);
}

static int do_request(struct db *d, void *arg)
{
	struct takeout_op *op = arg;
	struct takeout *t = op->t;
	int rc;

	*t = op->saved;
	if (!t->officer_id)
		t->officer_id = op->a ? op->a->user_id : 0;
	t->state = TAKEOUT_REQUESTED;
	t->requested_at = db_now();
	t->decided_by = t->decided_at = t->returned_at = 0;
	t->version = 1;
	rc = loan_usable(d, t->loan_id);
	if (rc == 0)
		rc = loan_unit(d, t->loan_id, &t->unit_id);
	if (rc == 0)
		rc = ops_table_insert(d, &takeout_table, t, "loan_id unit_id"
				      " officer_id out_at expected_back destination"
				      " reason state requested_at version", &t->id);
	if (rc == 0)
		rc = audit_takeout(d, op->a, "takeout.request", t);
	return rc;
}

int store_takeout_request(struct store *s, const struct actor *a,
			  struct takeout *t)
{
	struct takeout_op op = { .a = a, .t = t, .saved = *t };
	int rc;

	/* The last line: takeout_record's rule across its two times. */
	if (takeout_check_request(t->out_at, t->expected_back, NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_request, &op);
	if (rc < 0)
		*t = op.saved;
	return rc;
}

STORE_POOLED_GETTER(store_takeout_get, struct takeout, load_takeout)

/* The take-outs as a list; the authz object is app/objects.c's. */
static const struct ops_list takeout_rows = {
	.table = &takeout_table,
	.cols = "user_name",
	.joined = "p",
	.from = "FROM takeouts" JOIN_USER_NAME("officer_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "officer_id",
	.state = "state",
	.desc = 1,
};

int store_takeout_list(struct store *s, const struct authz_view *view,
		       const struct takeout_filter *f,
		       const struct page_req *req, struct takeout_list *out)
{
	static const struct takeout_filter none;
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (!f)
		f = &none;
	if (f->unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(f->unit_id)));
	if (f->loan_id)
		ops_where_add(&w, "loan_id = ?", DB_P(DB_I(f->loan_id)));
	if (f->device_id)
		ops_where_add(&w, "loan_id IN (SELECT l.id FROM loans l"
			      " WHERE l.device_id = ?)",
			      DB_P(DB_I(f->device_id)));
	if (f->open_only)
		ops_where_add(&w, "state IN (?, ?)",
			      DB_P(DB_I(TAKEOUT_REQUESTED),
				   DB_I(TAKEOUT_PERMITTED)));
	return ops_where_page(s, &takeout_rows, view, &w, req, &o);
}

/* Loads take-out id at the version the caller read, moved by ev. */
static int load_for(struct db *d, const struct takeout_op *op,
		    enum takeout_event ev, struct pool *pool, struct takeout *t)
{
	int rc = load_takeout(d, op->id, pool, t);

	if (rc == 0 && t->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = takeout_transition(t->state, ev, &t->state);
	return rc;
}

static const char *decide_action(enum takeout_event ev)
{
	return ev == TAKEOUT_EV_PERMIT ? "takeout.permit" :
		ev == TAKEOUT_EV_REFUSE ? "takeout.refuse" : "takeout.cancel";
}

static int do_decide(struct db *d, void *arg)
{
	struct takeout_op *op = arg;
	struct takeout *t = malloc(sizeof *t);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = t ? load_for(d, op, op->ev, &pool, t) : MM_ENOMEM;

	/* R-DEV-6: still usable when it leaves (the loan may have moved) */
	if (rc == 0 && op->ev == TAKEOUT_EV_PERMIT)
		rc = loan_usable(d, t->loan_id);
	/* The reason lives as long as the operation; sized as ever. */
	if (rc == 0) {
		t->decision_reason = op->reason ? op->reason : "";
		if (strlen(t->decision_reason) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	if (rc == 0)
		rc = db_exec(d, "UPDATE takeouts SET state = ?, decided_by = ?,"
			     " decided_at = ?, decision_reason = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(t->state), DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_T(t->decision_reason),
				  DB_I(t->id)), NULL);
	if (rc == 0) {
		t->version++;
		rc = audit_takeout(d, op->a, decide_action(op->ev), t);
	}
	pool_release(&pool);
	free(t);
	return rc;
}

int store_takeout_decide(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, enum takeout_event ev,
			 const char *reason)
{
	struct takeout_op op = { .a = a, .id = id, .version = version, .ev = ev,
				 .reason = reason };

	/* the report has its own operation, with its own fields */
	if (ev != TAKEOUT_EV_PERMIT && ev != TAKEOUT_EV_REFUSE &&
	    ev != TAKEOUT_EV_CANCEL)
		return MM_EINVAL;
	return store_write(s, do_decide, &op);
}

static int do_report(struct db *d, void *arg)
{
	struct takeout_op *op = arg;
	struct takeout *t = malloc(sizeof *t);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = t ? load_for(d, op, TAKEOUT_EV_REPORT, &pool, t) : MM_ENOMEM;

	/* The texts live as long as the operation; sized as ever. */
	if (rc == 0) {
		t->no_loss_or_damage = op->no_loss_or_damage;
		t->incident = op->incident ? op->incident : "";
		t->results = op->results ? op->results : "";
		if (strlen(t->incident) >= MM_TEXT_MAX ||
		    strlen(t->results) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	if (rc == 0)
		rc = db_exec(d, "UPDATE takeouts SET state = ?, returned_at = ?,"
			     " no_loss_or_damage = ?, incident = ?, results = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(t->state), DB_I(db_now()),
				  DB_I(t->no_loss_or_damage), DB_T(t->incident),
				  DB_T(t->results), DB_I(t->id)), NULL);
	if (rc == 0) {
		t->version++;
		rc = audit_takeout(d, op->a, "takeout.report", t);
	}
	pool_release(&pool);
	free(t);
	return rc;
}

int store_takeout_report(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, int no_loss_or_damage,
			 const char *incident, const char *results)
{
	struct takeout_op op = { .a = a, .id = id, .version = version,
				 .no_loss_or_damage = no_loss_or_damage ? 1 : 0,
				 .incident = incident, .results = results };

	/* The last line: the report as its descriptor says (R-DEV-7). */
	if (record_valid(&takeout_report_record,
			 &(struct takeout_report){ op.no_loss_or_damage,
						   incident, results },
			 db_now(), NULL, NULL) != 0)
		return MM_EINVAL;
	return store_write(s, do_report, &op);
}
