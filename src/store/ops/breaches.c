/*
 * breaches.c - breach reports (R-CMP-1..6) of store_compliance.h, once
 * for every backend.  Contract: store_compliance.h.  Every step is
 * breach_step() on the state read in the same transaction, with the role
 * the actor acted in, and lands in breach_steps: the report's timeline.
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

static const struct ops_table breach_table =
	OPS_TABLE_PLAIN("breaches", breach_record, struct breach);

struct breach_op {
	const struct actor *a;
	struct breach *b;
	struct breach saved;
	int64_t id, version, unit_id;
	enum breach_state state;
	enum breach_event ev;
};

/* A report's timeline being read, and the pool its names go to. */
struct steps_into {
	struct breach *b;
	struct pool *pool;
};

static int step_row(const struct db_row *r, void *arg)
{
	struct steps_into *in = arg;
	struct breach *b = in->b;
	struct breach_step_entry *e;

	if (b->n_steps >= MM_BREACH_STEPS_MAX)
		return MM_ECORRUPT; /* the chain has at most four steps */
	e = &b->steps[b->n_steps];
	e->event = (enum breach_event)db_int(r, 0);
	e->actor_id = db_int(r, 1);
	e->role = (enum role)db_int(r, 3);
	e->at = db_int(r, 4);
	if (db_text_in(r, 2, in->pool, MM_NAME_MAX, &e->actor_name) < 0)
		return MM_EOVERFLOW;
	if (!e->actor_name)
		e->actor_name = "";
	b->n_steps++;
	return 0;
}

static int load_breach(struct db *d, int64_t id, struct pool *pool,
		       struct breach *out)
{
	struct steps_into in = { out, pool };
	int rc = ops_table_load(d, &breach_table, id, pool, out);

	if (rc == 0)
		rc = db_query(d, "SELECT s.event, COALESCE(s.actor_id, 0),"
			      " COALESCE(u.name, ''), s.role, s.stepped_at"
			      " FROM breach_steps s LEFT JOIN users u"
			      " ON u.id = s.actor_id WHERE s.breach_id = ?"
			      " ORDER BY s.id", DB_P(DB_I(id)), step_row, &in);
	return rc < 0 ? rc : 0;
}

/* Rule, state and times: what happened and who may name people. */
static int audit_breach(struct db *d, const struct actor *a,
			enum breach_event ev, const struct breach *b)
{
	char detail[256], action[48];

	snprintf(action, sizeof action, "breach.%s", breach_event_key(ev));
	snprintf(detail, sizeof detail, "{\"rule\":\"%s\",\"state\":\"%s\","
		 "\"incident\":%d,\"occurred_at\":%lld,\"version\":%lld}",
		 breach_rule_key(b->rule), breach_state_key(b->state),
		 b->incident, (long long)b->occurred_at, (long long)b->version);
	return lending_audit(d, a, b->unit_id, action, "breach", b->id, detail);
}

static int add_step(struct db *d, const struct actor *a, int64_t breach_id,
		    enum breach_event ev)
{
	return db_exec(d, "INSERT INTO breach_steps (breach_id, event, actor_id,"
		       " role, stepped_at) VALUES (?, ?, ?, ?, ?)",
		       DB_P(DB_I(breach_id), DB_I(ev),
			    DB_USER(a ? a->user_id : 0),
			    DB_I(a ? a->role : ROLE_NONE), DB_I(db_now())), NULL);
}

static int do_report(struct db *d, void *arg)
{
	struct breach_op *op = arg;
	struct breach *b = op->b;
	int rc;

	*b = op->saved;
	rc = breach_step(BREACH_NONE, BREACH_EV_REPORT,
			 op->a ? op->a->role : ROLE_NONE, &b->state);
	b->incident = 0;
	b->reported_by = op->a ? op->a->user_id : 0;
	b->reported_at = db_now();
	b->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &breach_table, b, "unit_id rule what"
				      " who occurred_at state incident reported_by"
				      " reported_at version", &b->id);
	if (rc == 0)
		rc = add_step(d, op->a, b->id, BREACH_EV_REPORT);
	if (rc == 0)
		rc = audit_breach(d, op->a, BREACH_EV_REPORT, b);
	return rc;
}

int store_breach_report(struct store *s, const struct actor *a,
			struct breach *b)
{
	struct breach_op op = { .a = a, .b = b, .saved = *b };
	int rc;

	/* The last line: the report as its descriptor says, whoever calls. */
	if (!b->unit_id || record_valid(&breach_record, b, db_now(), NULL,
					NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_report, &op);
	if (rc < 0)
		*b = op.saved;
	return rc;
}

STORE_POOLED_GETTER(store_breach_get, struct breach, load_breach)

/* The reports as a list; the authz object is app/objects.c's. */
static const struct ops_list breach_rows = {
	.table = &breach_table,
	.cols = "unit_name",
	.joined = "u",
	.from = "FROM breaches" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "reported_by",
	.state = "CASE WHEN incident <> 0 THEN " OPS_STR(AUTHZ_STATE_INCIDENT)
		 " ELSE 0 END",
	.desc = 1,
};

int store_breach_list(struct store *s, const struct authz_view *view,
		      int64_t unit_id, enum breach_state state, int open_only,
		      const struct page_req *req, struct breach_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	if (state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(state)));
	if (open_only)
		ops_where_add(&w, "state <> ?", DB_P(DB_I(BREACH_CLOSED)));
	return ops_where_page(s, &breach_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(breach_list)

static int do_step(struct db *d, void *arg)
{
	struct breach_op *op = arg;
	struct breach *b = malloc(sizeof *b);
	struct pool pool = POOL_INIT_MAX(0); /* the row read; released here */
	int rc = b ? ops_table_load(d, &breach_table, op->id, &pool, b)
		   : MM_ENOMEM;

	if (rc == 0 && b->version != op->version)
		rc = MM_ESTALE;
	/* R-CMP-6: the order and the role that fires each step */
	if (rc == 0)
		rc = breach_step(b->state, op->ev, op->a ? op->a->role : ROLE_NONE,
				 &b->state);
	if (rc == 0 && op->ev == BREACH_EV_FORWARD_INCIDENT)
		b->incident = 1;
	if (rc == 0)
		rc = db_exec(d, "UPDATE breaches SET state = ?, incident = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(b->state), DB_I(b->incident), DB_I(b->id)),
			     NULL);
	if (rc == 0)
		rc = add_step(d, op->a, b->id, op->ev);
	if (rc == 0) {
		b->version++;
		rc = audit_breach(d, op->a, op->ev, b);
	}
	pool_release(&pool);
	free(b);
	return rc;
}

int store_breach_step(struct store *s, const struct actor *a, int64_t id,
		      int64_t version, enum breach_event ev)
{
	struct breach_op op = { .a = a, .id = id, .version = version, .ev = ev };

	if (ev == BREACH_EV_REPORT || !breach_event_key(ev))
		return MM_EINVAL;
	return store_write(s, do_step, &op);
}
