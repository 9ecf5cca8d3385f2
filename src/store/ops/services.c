/*
 * services.c - applications to use external services, detail form 9
 * (R-SVC-1..4), of store_designations.h, once for every backend.
 * Contract: store_designations.h.  Every step is service_step() with the
 * actor's role inside the write transaction; the count R-DEV-6 weighs is
 * ops_services_without_permission() (services.h).
 */
#include "services.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store_designations.h"
#include "lending.h"
#include "page.h"
#include "table.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table service_table =
	OPS_TABLE_PLAIN("service_applications", service_record,
			struct service_application);

struct service_op {
	const struct actor *a;
	int64_t id, version, unit_id, device_id;
	enum service_state state;
	enum service_event ev;
	const struct service_request *req;
	const char *text;
	int agreed_manager, agreed_gm;
	struct service_application *out;
	struct pool *pool; /* where the text of out goes */
};

static int load_service(struct db *d, int64_t id, struct pool *pool,
			struct service_application *out)
{
	return ops_table_load(d, &service_table, id, pool, out);
}

/* Ids and states only: the account handle is an operational secret. */
static int audit_service(struct db *d, const struct actor *a,
			 const char *action, const struct service_application *x)
{
	char detail[200];

	snprintf(detail, sizeof detail, "{\"account_id\":%lld,"
		 "\"replaces_id\":%lld,\"device_id\":%lld,\"state\":\"%s\","
		 "\"version\":%lld}", (long long)x->account_id,
		 (long long)x->replaces_id, (long long)x->device_id,
		 service_state_key(x->state), (long long)x->version);
	return lending_audit(d, a, x->unit_id, action, "service", x->id, detail);
}

static enum role actor_role(const struct actor *a)
{
	return a ? a->role : ROLE_NONE;
}

static int64_t actor_user(const struct actor *a)
{
	return a ? a->user_id : 0;
}

int ops_services_without_permission(struct db *d, int64_t device_id,
				    int64_t unit_id, int *out)
{
	int64_t n = 0;
	int rc = db_int_of(d, "SELECT COUNT(DISTINCT o.account_id)"
		" FROM service_applications o"
		" WHERE o.device_id = ? AND o.unit_id = ? AND o.state IN (?, ?, ?)"
		" AND NOT EXISTS (SELECT 1 FROM service_applications f"
		" WHERE f.account_id = o.account_id AND f.device_id = o.device_id"
		" AND f.state = ?)",
		DB_P(DB_I(device_id), DB_I(unit_id), DB_I(SERVICE_APPLIED),
		     DB_I(SERVICE_PERMITTED), DB_I(SERVICE_FORWARDED),
		     DB_I(SERVICE_IN_FORCE)), &n);

	*out = rc == 0 ? (int)n : 0;
	return rc;
}

/* A checklist being listed, and the pool its names go to. */
struct checklist_in {
	struct return_checklist *c;
	struct pool *pool;
};

static int return_row(const struct db_row *r, void *arg)
{
	struct checklist_in *in = arg;
	struct return_checklist *c = in->c;
	struct return_account *ra;
	int rc;

	if (c->n_accounts >= RETURN_ACCOUNTS_MAX)
		return MM_ERULE; /* more than one checklist can confirm */
	ra = &c->accounts[c->n_accounts++];
	memset(ra, 0, sizeof *ra);
	ra->service_id = db_int(r, 0);
	ra->state = (enum service_state)db_int(r, 3);
	rc = db_text_in(r, 1, in->pool, MM_NAME_MAX, &ra->service);
	if (rc == 0)
		rc = db_text_in(r, 2, in->pool, MM_NAME_MAX, &ra->account);
	return rc;
}

int ops_return_accounts(struct db *d, int64_t device_id, int64_t unit_id,
			struct pool *pool, struct return_checklist *out)
{
	struct checklist_in in = { out, pool };

	memset(out, 0, sizeof *out);
	/* Not ended: in force, or its chain still running (service_open). */
	return db_query(d, "SELECT id, service, handle, state"
			" FROM service_applications WHERE device_id = ?"
			" AND unit_id = ? AND state IN (?, ?, ?, ?) ORDER BY id",
			DB_P(DB_I(device_id), DB_I(unit_id),
			     DB_I(SERVICE_APPLIED), DB_I(SERVICE_PERMITTED),
			     DB_I(SERVICE_FORWARDED), DB_I(SERVICE_IN_FORCE)),
			return_row, &in);
}

int ops_service_delete_at_return(struct db *d, const struct actor *a,
				 int64_t id, int64_t loan_id)
{
	struct service_application *x = malloc(sizeof *x);
	struct pool pool = POOL_INIT_MAX(0);
	char note[160];
	int rc = x ? load_service(d, id, &pool, x) : MM_ENOMEM;

	if (rc == 0)
		rc = service_step(x->state, SERVICE_EV_DELETE_AT_RETURN,
				  actor_role(a), &x->state);
	if (rc == 0) {
		/* R-SVC-4: the manager told of the deletion is the one who
		 * confirmed it on the return checklist. */
		x->ended_by = x->deletion_ack_by = actor_user(a);
		x->ended_at = x->deletion_ack_at = db_now();
		snprintf(note, sizeof note,
			 "端末の返却時に削除を確認（貸出番号 %lld）",
			 (long long)loan_id);
		x->deletion_note = note;
		x->version++;
		rc = db_exec(d, "UPDATE service_applications SET state = ?,"
			     " ended_by = ?, ended_at = ?, deletion_note = ?,"
			     " deletion_ack_by = ?, deletion_ack_at = ?,"
			     " version = ? WHERE id = ?",
			     DB_P(DB_I(x->state), DB_USER(x->ended_by),
				  DB_I(x->ended_at), DB_T(x->deletion_note),
				  DB_USER(x->deletion_ack_by),
				  DB_I(x->deletion_ack_at), DB_I(x->version),
				  DB_I(x->id)), NULL);
	}
	if (rc == 0)
		rc = audit_service(d, a, "service.delete_at_return", x);
	pool_release(&pool);
	free(x);
	return rc;
}

/* R-SVC-1: the device is one the unit holds on an open loan. */
static int device_of_unit(struct db *d, int64_t device_id, int64_t unit_id)
{
	int64_t one;
	int rc = db_int_of(d, "SELECT 1 FROM loans WHERE device_id = ?"
			   " AND unit_id = ? AND state IN (?, ?)",
			   DB_P(DB_I(device_id), DB_I(unit_id), DB_I(LOAN_LENT),
				DB_I(LOAN_RECEIVED)), &one);

	return rc == MM_ENOTFOUND ? MM_ERULE : rc;
}

static int set_request(struct service_application *x,
		       const struct service_request *r)
{
	/* The request's texts outlive the operation: x borrows them. */
	x->device_id = r->device_id;
	x->service = r->service ? r->service : "";
	x->handle = r->handle ? r->handle : "";
	x->purpose = r->purpose ? r->purpose : "";
	if (strlen(x->service) >= MM_SERVICE_NAME_MAX ||
	    strlen(x->handle) >= MM_SERVICE_NAME_MAX ||
	    strlen(x->purpose) >= MM_TEXT_MAX)
		return MM_EINVAL;
	return 0;
}

/* Inserts x as a new application (x->account_id 0: its own account). */
static int insert_application(struct db *d, const struct actor *a,
			      struct service_application *x)
{
	int rc = service_step(SERVICE_NONE, SERVICE_EV_APPLY, actor_role(a),
			      &x->state);

	x->applied_by = actor_user(a);
	x->applied_at = db_now();
	x->version = 1;
	if (rc == 0)
		rc = device_of_unit(d, x->device_id, x->unit_id);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO service_applications (account_id,"
			" replaces_id, unit_id, service, handle, device_id, purpose,"
			" state, applied_by, applied_at, version)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
			DB_P(x->account_id ? DB_I(x->account_id) : DB_N,
			     x->replaces_id ? DB_I(x->replaces_id) : DB_N,
			     DB_I(x->unit_id), DB_T(x->service), DB_T(x->handle),
			     DB_I(x->device_id), DB_T(x->purpose), DB_I(x->state),
			     DB_USER(x->applied_by), DB_I(x->applied_at)), &x->id);
	if (rc == 0 && !x->account_id) {
		x->account_id = x->id;
		rc = db_exec(d, "UPDATE service_applications SET account_id = ?"
			     " WHERE id = ?", DB_P(DB_I(x->id), DB_I(x->id)), NULL);
	}
	if (rc == 0)
		rc = audit_service(d, a, x->replaces_id ? "service.change" :
				   "service.apply", x);
	return rc;
}

static int do_apply(struct db *d, void *arg)
{
	struct service_op *op = arg;
	struct service_application *x = op->out;
	int rc;

	memset(x, 0, sizeof *x);
	x->unit_id = op->unit_id;
	rc = set_request(x, op->req);
	return rc == 0 ? insert_application(d, op->a, x) : rc;
}

/*
 * Runs fn with a scratch application, copied to out (may be NULL).  The
 * text fn reads goes to a scratch pool, released here: what out keeps is
 * only the request's own text (a new application's), or none.
 */
static int write_with(struct store *s, db_tx_fn fn, struct service_op *op,
		      struct service_application *out)
{
	struct pool pool = POOL_INIT_MAX(0);
	int rc;

	op->out = malloc(sizeof *op->out);
	if (!op->out)
		return MM_ENOMEM;
	op->pool = &pool;
	rc = store_write(s, fn, op);
	if (rc == 0 && out)
		*out = *op->out;
	pool_release(&pool);
	free(op->out);
	op->out = NULL;
	op->pool = NULL;
	return rc;
}

/*
 * The last line: what is applied for (R-SVC-1) as its descriptor says,
 * whoever calls (the front ends read it through the same descriptor).
 */
static int request_valid(const struct service_request *r)
{
	struct service_application x = { .service = r->service,
					 .handle = r->handle,
					 .device_id = r->device_id,
					 .purpose = r->purpose };

	return record_valid(&service_record, &x, db_now(), NULL, NULL);
}

int store_service_apply(struct store *s, const struct actor *a,
			int64_t unit_id, const struct service_request *r,
			struct service_application *out)
{
	struct service_op op = { .a = a, .unit_id = unit_id, .req = r };

	if (request_valid(r) != 0)
		return MM_EINVAL;
	return write_with(s, do_apply, &op, out);
}

/* Loads application id at the version the caller read. */
static int load_at(struct db *d, const struct service_op *op,
		   struct service_application *x)
{
	int rc = load_service(d, op->id, op->pool, x);

	return rc == 0 && x->version != op->version ? MM_ESTALE : rc;
}

static int do_change(struct db *d, void *arg)
{
	struct service_op *op = arg;
	struct service_application *x = op->out;
	struct service_request old;
	int64_t one;
	int rc = load_at(d, op, x);

	if (rc == 0 && !service_in_force(x->state))
		rc = MM_ESTATE; /* R-SVC-3: a change of a permission in force */
	if (rc == 0) {
		old = (struct service_request){ x->service, x->handle,
						x->device_id, x->purpose };
		if (!service_changed(&old, op->req))
			rc = MM_EINVAL;
	}
	if (rc == 0) {
		rc = db_int_of(d, "SELECT 1 FROM service_applications"
			       " WHERE account_id = ? AND state IN (?, ?, ?)",
			       DB_P(DB_I(x->account_id), DB_I(SERVICE_APPLIED),
				    DB_I(SERVICE_PERMITTED),
				    DB_I(SERVICE_FORWARDED)), &one);
		rc = rc == 0 ? MM_ESTATE : rc == MM_ENOTFOUND ? 0 : rc;
	}
	if (rc < 0)
		return rc;
	x->replaces_id = x->id;
	x->id = 0;
	x->decided_by = x->decided_at = x->forwarded_by = x->forwarded_at = 0;
	x->measures_by = x->measures_at = x->ended_by = x->ended_at = 0;
	x->refusal_reason = x->measures = x->deletion_note = NULL;
	x->agreed_with_manager = x->agreed_with_general_manager = 0;
	rc = set_request(x, op->req);
	return rc == 0 ? insert_application(d, op->a, x) : rc;
}

int store_service_change(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, const struct service_request *r,
			 struct service_application *out)
{
	struct service_op op = { .a = a, .id = id, .version = version,
				 .req = r };

	if (request_valid(r) != 0)
		return MM_EINVAL;
	return write_with(s, do_change, &op, out);
}

static const char *step_action(enum service_event ev)
{
	switch (ev) {
	case SERVICE_EV_PERMIT: return "service.permit";
	case SERVICE_EV_REFUSE: return "service.refuse";
	case SERVICE_EV_FORWARD: return "service.forward";
	case SERVICE_EV_WITHDRAW: return "service.withdraw";
	case SERVICE_EV_DELETE: return "service.delete";
	default: return "service.step";
	}
}

/* The columns the step ev fills in, then the state and version. */
static int save_step(struct db *d, const struct service_op *op,
		     struct service_application *x)
{
	int64_t now = db_now(), who = actor_user(op->a);

	if (op->ev == SERVICE_EV_PERMIT || op->ev == SERVICE_EV_REFUSE) {
		x->decided_by = who;
		x->decided_at = now;
		/* op's text lives as long as the operation */
		x->refusal_reason = op->ev == SERVICE_EV_REFUSE ? op->text : "";
		if (strlen(x->refusal_reason) >= MM_TEXT_MAX)
			return MM_EINVAL;
	} else if (op->ev == SERVICE_EV_FORWARD) {
		x->forwarded_by = who;
		x->forwarded_at = now;
	} else {
		x->ended_by = who;
		x->ended_at = now;
		if (op->ev == SERVICE_EV_DELETE) {
			x->deletion_note = op->text;
			if (strlen(x->deletion_note) >= MM_TEXT_MAX)
				return MM_EINVAL;
		}
	}
	x->version++;
	return db_exec(d, "UPDATE service_applications SET state = ?,"
		       " decided_by = ?, decided_at = ?, refusal_reason = ?,"
		       " forwarded_by = ?, forwarded_at = ?, ended_by = ?,"
		       " ended_at = ?, deletion_note = ?, version = ? WHERE id = ?",
		       DB_P(DB_I(x->state), DB_USER(x->decided_by),
			    DB_I(x->decided_at), DB_T(x->refusal_reason),
			    DB_USER(x->forwarded_by), DB_I(x->forwarded_at),
			    DB_USER(x->ended_by), DB_I(x->ended_at),
			    DB_T(x->deletion_note), DB_I(x->version),
			    DB_I(x->id)), NULL);
}

static int do_step(struct db *d, void *arg)
{
	struct service_op *op = arg;
	struct service_application *x = op->out;
	int rc = load_at(d, op, x);

	if (rc == 0)
		rc = service_step(x->state, op->ev, actor_role(op->a), &x->state);
	if (rc == 0)
		rc = save_step(d, op, x);
	if (rc == 0)
		rc = audit_service(d, op->a, step_action(op->ev), x);
	return rc;
}

int store_service_step(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum service_event ev,
		       const char *text)
{
	struct service_op op = { .a = a, .id = id, .version = version,
				 .ev = ev, .text = text ? text : "" };

	if (ev != SERVICE_EV_PERMIT && ev != SERVICE_EV_REFUSE &&
	    ev != SERVICE_EV_FORWARD && ev != SERVICE_EV_WITHDRAW &&
	    ev != SERVICE_EV_DELETE)
		return MM_EINVAL;
	/* The last line: a refusal says why, as its descriptor says. */
	if (ev == SERVICE_EV_REFUSE &&
	    record_valid(&service_refusal_record,
			 &(struct service_refusal){ text }, db_now(), NULL,
			 NULL) != 0)
		return MM_EINVAL;
	return write_with(s, do_step, &op, NULL);
}

/*
 * R-SVC-3: the changed application x is now in force, so the one it
 * changes stops being, in the same transaction.  When that one ended
 * meanwhile (deleted), there is nothing to supersede.
 */
static int supersede_older(struct db *d, const struct actor *a,
			   const struct service_application *x)
{
	struct service_application *old = malloc(sizeof *old);
	struct pool pool = POOL_INIT_MAX(0);
	struct service_version vo, vn = { x->id, x->state };
	int rc = old ? load_service(d, x->replaces_id, &pool, old) : MM_ENOMEM;

	if (rc == 0 && service_in_force(old->state)) {
		vo = (struct service_version){ old->id, old->state };
		rc = service_check_supersede(&vo, &vn, NULL);
		if (rc == 0)
			rc = service_step(old->state, SERVICE_EV_SUPERSEDE,
					  actor_role(a), &old->state);
		old->ended_by = actor_user(a);
		old->ended_at = db_now();
		old->version++;
		if (rc == 0)
			rc = db_exec(d, "UPDATE service_applications SET state = ?,"
				     " ended_by = ?, ended_at = ?, version = ?"
				     " WHERE id = ?", DB_P(DB_I(old->state),
				     DB_USER(old->ended_by), DB_I(old->ended_at),
				     DB_I(old->version), DB_I(old->id)), NULL);
		if (rc == 0)
			rc = audit_service(d, a, "service.supersede", old);
	}
	pool_release(&pool);
	free(old);
	return rc;
}

static int do_measures(struct db *d, void *arg)
{
	struct service_op *op = arg;
	struct service_application *x = op->out;
	int rc = load_at(d, op, x);

	if (rc == 0)
		rc = service_step(x->state, SERVICE_EV_RECORD_MEASURES,
				  actor_role(op->a), &x->state);
	if (rc == 0) {
		x->measures = op->text; /* lives as long as the operation */
		if (strlen(x->measures) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	if (rc == 0) {
		x->agreed_with_manager = 1;
		x->agreed_with_general_manager = 1;
		x->measures_by = actor_user(op->a);
		x->measures_at = db_now();
		x->version++;
		rc = db_exec(d, "UPDATE service_applications SET state = ?,"
			     " measures = ?, agreed_with_manager = 1,"
			     " agreed_with_general_manager = 1, measures_by = ?,"
			     " measures_at = ?, version = ? WHERE id = ?",
			     DB_P(DB_I(x->state), DB_T(x->measures),
				  DB_USER(x->measures_by), DB_I(x->measures_at),
				  DB_I(x->version), DB_I(x->id)), NULL);
	}
	if (rc == 0)
		rc = audit_service(d, op->a, "service.measures", x);
	if (rc == 0 && x->replaces_id)
		rc = supersede_older(d, op->a, x);
	return rc;
}

int store_service_record_measures(struct store *s, const struct actor *a,
				  int64_t id, int64_t version,
				  const char *measures, int agreed_with_manager,
				  int agreed_with_general_manager)
{
	struct service_op op = { .a = a, .id = id, .version = version,
				 .text = measures ? measures : "" };

	/* The last line: the measures as their descriptor says (R-SVC-2). */
	if (record_valid(&service_measures_record,
			 &(struct service_measures){
				 measures, agreed_with_manager,
				 agreed_with_general_manager },
			 db_now(), NULL, NULL) != 0)
		return MM_EINVAL;
	return write_with(s, do_measures, &op, NULL);
}

static int do_ack(struct db *d, void *arg)
{
	struct service_op *op = arg;
	struct service_application *x = op->out;
	int rc = load_at(d, op, x);

	/* R-SVC-4: the report of a deletion goes to the manager, once */
	if (rc == 0 && (x->state != SERVICE_DELETED || x->deletion_ack_at))
		rc = MM_ESTATE;
	if (rc == 0 && actor_role(op->a) != ROLE_MANAGER)
		rc = MM_EDENIED;
	if (rc == 0) {
		x->deletion_ack_by = actor_user(op->a);
		x->deletion_ack_at = db_now();
		x->version++;
		rc = db_exec(d, "UPDATE service_applications SET"
			     " deletion_ack_by = ?, deletion_ack_at = ?,"
			     " version = ? WHERE id = ?",
			     DB_P(DB_USER(x->deletion_ack_by),
				  DB_I(x->deletion_ack_at), DB_I(x->version),
				  DB_I(x->id)), NULL);
	}
	if (rc == 0)
		rc = audit_service(d, op->a, "service.deletion_ack", x);
	return rc;
}

int store_service_ack_deletion(struct store *s, const struct actor *a,
			       int64_t id, int64_t version)
{
	struct service_op op = { .a = a, .id = id, .version = version };

	return write_with(s, do_ack, &op, NULL);
}

STORE_POOLED_GETTER(store_service_get, struct service_application, load_service)

/* The applications as a list; the authz object is app/objects.c's. */
static const struct ops_list service_rows = {
	.table = &service_table,
	.cols = "unit_name, device_model, device_serial",
	.joined = "ud",
	.from = "FROM service_applications" JOIN_UNIT_NAME("unit_id")
		JOIN_DEVICE("device_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "0",
	.state = "state",
	.desc = 1,
};

int store_service_list(struct store *s, const struct authz_view *view,
		       const struct service_filter *f,
		       const struct page_req *req, struct service_list *out)
{
	static const struct service_filter none;
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (!f)
		f = &none;
	if (f->unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(f->unit_id)));
	if (f->device_id)
		ops_where_add(&w, "device_id = ?", DB_P(DB_I(f->device_id)));
	if (f->state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(f->state)));
	if (f->waiting_only)
		ops_where_add(&w, "state IN (?, ?, ?) OR (state = ? AND"
			      " deletion_ack_at = 0)",
			      DB_P(DB_I(SERVICE_APPLIED),
				   DB_I(SERVICE_PERMITTED),
				   DB_I(SERVICE_FORWARDED),
				   DB_I(SERVICE_DELETED)));
	return ops_where_page(s, &service_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(service_list)
