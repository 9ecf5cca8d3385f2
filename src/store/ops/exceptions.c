/*
 * exceptions.c - security exceptions, detail form 12 (R-EXC-1..3), of
 * store_compliance.h, once for every backend.  Contract:
 * store_compliance.h.  Every step is exception_step() on the state read
 * in the same transaction, with the role the actor acted in.
 */
#include "compliance.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table exception_table =
	OPS_TABLE_PLAIN("security_exceptions", exception_record, struct security_exception);

struct exception_op {
	const struct actor *a;
	struct security_exception *e;
	struct security_exception saved;
	int64_t id, version;
	enum exception_state state;
	enum exception_event ev;
	const char *scope, *reason;
	const struct civil_date *from, *until;
	enum exception_kind kind;
	int active;
};

static int load_exception(struct db *d, int64_t id, struct pool *pool,
			  struct security_exception *out)
{
	return ops_table_load(d, &exception_table, id, pool, out);
}

/* Kind, state and period only: the scope may name cases. */
static int audit_exception(struct db *d, const struct actor *a,
			   const char *action,
			   const struct security_exception *e)
{
	char detail[256], from[LENDING_ISO_SIZE], until[LENDING_ISO_SIZE];

	if (lending_iso_opt(&e->valid_from, from) < 0 ||
	    lending_iso_opt(&e->valid_until, until) < 0)
		return MM_EINVAL;
	snprintf(detail, sizeof detail, "{\"kind\":\"%s\",\"state\":\"%s\","
		 "\"valid_from\":\"%s\",\"valid_until\":\"%s\",\"version\":%lld}",
		 exception_kind_key(e->kind), exception_state_key(e->state),
		 from, until, (long long)e->version);
	return ops_audit_append(d, a, action, "exception", e->id, detail);
}

static int do_apply(struct db *d, void *arg)
{
	struct exception_op *op = arg;
	struct security_exception *e = op->e;
	int rc;

	*e = op->saved;
	rc = exception_step(EXCEPTION_NONE, EXCEPTION_EV_APPLY,
			    op->a ? op->a->role : ROLE_NONE, &e->state);
	e->applicant_id = op->a ? op->a->user_id : 0;
	e->applied_at = db_now();
	e->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &exception_table, e, "kind scope"
				      " purpose state applicant_id applied_at"
				      " version", &e->id);
	if (rc == 0)
		rc = audit_exception(d, op->a, "exception.apply", e);
	return rc;
}

int store_exception_apply(struct store *s, const struct actor *a,
			  struct security_exception *e)
{
	struct exception_op op = { .a = a, .e = e, .saved = *e };
	int rc;

	if (!exception_kind_key(e->kind) || lending_blank(e->scope) ||
	    lending_blank(e->purpose))
		return MM_EINVAL;
	rc = store_write(s, do_apply, &op);
	if (rc < 0)
		*e = op.saved;
	return rc;
}

STORE_POOLED_GETTER(store_exception_get, struct security_exception, load_exception)

/* The applications as a list; the authz object is app/objects.c's. */
static const struct ops_list exception_rows = {
	.table = &exception_table,
	.from = "FROM security_exceptions",
	.id = "id",
	.unit = "0",
	.owner = "applicant_id",
	.state = "0",
	.desc = 1,
};

int store_exception_list(struct store *s, const struct authz_view *view,
			 enum exception_state state, const struct page_req *req,
			 struct exception_list *out)
{
	/* it joins no names */
	const struct ops_page_out o = { .items = (void **)&out->items,
					.size = sizeof *out->items,
					.n = &out->n, .at = &out->at,
					.pool = &out->pool };
	struct ops_where w = OPS_WHERE_INIT;

	if (state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(state)));
	return ops_where_page(s, &exception_rows, view, &w, req, &o);
}

void exception_list_release(struct exception_list *l)
{
	free(l->items);
	pool_release(&l->pool); /* the text of every item at once */
	memset(l, 0, sizeof *l);
}

/* Exception id at the version read, moved by ev in the actor's role. */
static int load_for(struct db *d, const struct exception_op *op,
		    struct pool *pool, struct security_exception *e)
{
	int rc = load_exception(d, op->id, pool, e);

	if (rc == 0 && e->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = exception_step(e->state, op->ev,
				    op->a ? op->a->role : ROLE_NONE, &e->state);
	return rc;
}

static int do_approve(struct db *d, void *arg)
{
	struct exception_op *op = arg;
	struct security_exception *e = malloc(sizeof *e);
	struct pool pool = POOL_INIT_MAX(0);
	char from[LENDING_ISO_SIZE], until[LENDING_ISO_SIZE];
	int rc = e ? load_for(d, op, &pool, e) : MM_ENOMEM;

	/* The scope lives as long as the operation; sized as ever. */
	if (rc == 0) {
		e->approved_scope = op->scope ? op->scope : "";
		if (strlen(e->approved_scope) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	if (rc == 0 && (lending_iso(op->from, from) < 0 ||
			lending_iso(op->until, until) < 0))
		rc = MM_EINVAL;
	if (rc == 0) {
		e->valid_from = *op->from;
		e->valid_until = *op->until;
		rc = db_exec(d, "UPDATE security_exceptions SET state = ?,"
			     " approved_scope = ?, valid_from = ?, valid_until = ?,"
			     " decided_by = ?, decided_at = ?, version = version + 1"
			     " WHERE id = ?",
			     DB_P(DB_I(e->state), DB_T(e->approved_scope),
				  DB_T(from), DB_T(until),
				  DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_I(e->id)), NULL);
	}
	if (rc == 0) {
		e->version++;
		rc = audit_exception(d, op->a, "exception.approve", e);
	}
	pool_release(&pool);
	free(e);
	return rc;
}

int store_exception_approve(struct store *s, const struct actor *a,
			    int64_t id, int64_t version, const char *scope,
			    const struct civil_date *from,
			    const struct civil_date *until)
{
	struct exception_op op = { .a = a, .id = id, .version = version,
				   .ev = EXCEPTION_EV_APPROVE, .scope = scope,
				   .from = from, .until = until };

	/* The last line: the approval as its descriptor says (R-EXC-1..3). */
	if (!from || !until ||
	    record_valid(&exception_approval_record,
			 &(struct exception_approval){ scope, *from, *until },
			 db_now(), NULL, NULL) != 0)
		return MM_EINVAL;
	return store_write(s, do_approve, &op);
}

static const char *end_action(enum exception_event ev)
{
	return ev == EXCEPTION_EV_REFUSE ? "exception.refuse" :
		ev == EXCEPTION_EV_REVOKE ? "exception.revoke" :
		"exception.withdraw";
}

static int do_end(struct db *d, void *arg)
{
	struct exception_op *op = arg;
	struct security_exception *e = malloc(sizeof *e);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = e ? load_for(d, op, &pool, e) : MM_ENOMEM;
	int refusal = op->ev == EXCEPTION_EV_REFUSE;
	int64_t who = op->a ? op->a->user_id : 0;

	/* The reason lives as long as the operation; sized as ever. */
	if (rc == 0) {
		e->reason = op->reason ? op->reason : "";
		if (strlen(e->reason) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	/* a refusal is the decision; withdrawal and revocation end it */
	if (rc == 0)
		rc = db_exec(d, refusal ?
			     "UPDATE security_exceptions SET state = ?,"
			     " decided_by = ?, decided_at = ?, reason = ?,"
			     " version = version + 1 WHERE id = ?" :
			     "UPDATE security_exceptions SET state = ?,"
			     " ended_by = ?, ended_at = ?, reason = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(e->state), DB_USER(who), DB_I(db_now()),
				  DB_T(e->reason), DB_I(e->id)), NULL);
	if (rc == 0) {
		e->version++;
		rc = audit_exception(d, op->a, end_action(op->ev), e);
	}
	pool_release(&pool);
	free(e);
	return rc;
}

int store_exception_end(struct store *s, const struct actor *a, int64_t id,
			int64_t version, enum exception_event ev,
			const char *reason)
{
	struct exception_op op = { .a = a, .id = id, .version = version,
				   .ev = ev, .reason = reason };

	if (ev != EXCEPTION_EV_REFUSE && ev != EXCEPTION_EV_REVOKE &&
	    ev != EXCEPTION_EV_WITHDRAW)
		return MM_EINVAL;
	if (ev != EXCEPTION_EV_WITHDRAW && lending_blank(reason))
		return MM_EINVAL;
	return store_write(s, do_end, &op);
}

struct active_scan {
	enum exception_kind kind;
	const struct civil_date *day;
	int64_t id;
	int err;
};

static int active_row(const struct db_row *r, void *arg)
{
	struct active_scan *a = arg;
	struct exception_grant g = { .kind = a->kind,
				     .state = (enum exception_state)db_int(r, 1) };

	if (lending_date(r, 2, &g.from) < 0 || lending_date(r, 3, &g.until) < 0)
		return MM_ECORRUPT;
	if (!exception_active(&g, 1, a->kind, a->day))
		return 0;
	a->id = db_int(r, 0);
	return 1;
}

int ops_exception_active(struct db *d, enum exception_kind kind,
			 const struct civil_date *day, int64_t *id)
{
	struct active_scan a = { .kind = kind, .day = day };
	int rc = db_query(d, "SELECT id, state, valid_from, valid_until"
			  " FROM security_exceptions WHERE kind = ? AND state = ?"
			  " ORDER BY id", DB_P(DB_I(kind), DB_I(EXCEPTION_APPROVED)),
			  active_row, &a);

	*id = a.id;
	return rc < 0 ? rc : 0;
}

static int do_active(struct db *d, void *arg)
{
	struct exception_op *op = arg;
	int64_t id = 0;
	int rc = ops_exception_active(d, op->kind, op->from, &id);

	op->id = id;
	return rc;
}

int store_exception_active(struct store *s, enum exception_kind kind,
			   const struct civil_date *d, int64_t *id)
{
	struct exception_op op = { .kind = kind, .from = d };
	int rc = store_read(s, do_active, &op);

	if (id)
		*id = rc == 0 ? op.id : 0;
	return rc < 0 ? rc : op.id != 0;
}
