/*
 * cases.c - protective-contact cases (R-CASE-1, R-CASE-2) of
 * store_cases.h, once for every backend.  Contract: store_cases.h.
 * Every step is case_transition() on the state read in the same
 * transaction; the assignment's conditions (R-ROLE-5, R-DEV-6) are
 * weighed there too, on the designations and the loan as they are.
 */
#include "lending.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store_cases.h"
#include "core/designation.h"
#include "core/device.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table case_table =
	OPS_TABLE_PLAIN("cases", case_record, struct protect_case);

static const struct ops_table message_table =
	OPS_TABLE_PLAIN("case_messages", case_message_record,
			struct case_message);

struct case_op {
	const struct actor *a;
	struct protect_case *c;
	struct protect_case saved;
	int64_t id, version;
	const struct case_triage *t;
	const struct case_assignment *as;
	struct case_message *m;
	int flagged;
	const char *flag_detail, *note;
	int64_t msg_id;
	int64_t loan_id;
	const char *field, *why;
	int64_t count;
	int64_t unit_id;
};

/* States, kinds and ids only: the post and the messages name people. */
static int audit_case(struct db *d, const struct actor *a, const char *what,
		      const struct protect_case *c, int64_t msg_id)
{
	char detail[320], action[48];

	snprintf(action, sizeof action, "case.%s", what);
	snprintf(detail, sizeof detail, "{\"state\":\"%s\",\"crime\":\"%s\","
		 "\"need\":\"%s\",\"assigned_unit_id\":%lld,"
		 "\"officer_id\":%lld,\"device_id\":%lld,\"message_id\":%lld,"
		 "\"version\":%lld}",
		 case_state_key(c->state) ? case_state_key(c->state) : "",
		 case_crime_key(c->crime) ? case_crime_key(c->crime) : "",
		 case_need_key(c->need) ? case_need_key(c->need) : "",
		 (long long)c->assigned_unit_id, (long long)c->officer_id,
		 (long long)c->device_id, (long long)msg_id,
		 (long long)c->version);
	return lending_audit(d, a, c->assigned_unit_id ? c->assigned_unit_id
			     : c->unit_id, action, "case", c->id, detail);
}

/* ---- the communication log, read with the case ---- */

struct messages_into {
	struct case_message *items;
	size_t n, cap;
	struct pool *pool;
};

static int message_row(const struct db_row *r, void *arg)
{
	struct messages_into *in = arg;
	struct case_message *m;
	int rc;

	if (in->n >= in->cap)
		return 0;
	m = &in->items[in->n];
	rc = ops_table_read(r, 0, &message_table, m, in->pool);
	if (rc == 0)
		rc = db_text_in(r, ops_table_ncols(&message_table), in->pool,
				MM_NAME_MAX, &m->recorded_by_name);
	if (rc == 0 && !m->recorded_by_name)
		m->recorded_by_name = "";
	if (rc == 0)
		in->n++;
	return rc;
}

static int load_messages(struct db *d, struct protect_case *c,
			 struct pool *pool)
{
	struct buf sql = BUF_INIT_MAX(4096);
	struct messages_into in = { .pool = pool };
	int64_t n = 0;
	int rc = db_int_of(d, "SELECT COUNT(*) FROM case_messages"
			   " WHERE case_id = ?", DB_P(DB_I(c->id)), &n);

	c->messages = NULL;
	c->n_messages = 0;
	if (rc < 0 || n == 0)
		return rc < 0 ? rc : 0;
	in.cap = n > MM_CASE_MESSAGES_MAX ? MM_CASE_MESSAGES_MAX : (size_t)n;
	in.items = pool_alloc(pool, in.cap * sizeof *in.items);
	if (!in.items)
		return MM_ENOMEM;
	memset(in.items, 0, in.cap * sizeof *in.items);
	buf_adds(&sql, "SELECT ");
	ops_table_cols(&sql, &message_table);
	buf_adds(&sql, ", (SELECT name FROM users WHERE users.id ="
		 " case_messages.recorded_by) FROM case_messages"
		 " WHERE case_id = ? ORDER BY at, id");
	rc = buf_error(&sql);
	if (rc == 0)
		rc = db_query(d, buf_cstr(&sql), DB_P(DB_I(c->id)),
			      message_row, &in);
	buf_release(&sql);
	if (rc == 0) {
		c->messages = in.items;
		c->n_messages = in.n;
	}
	return rc;
}

static int load_case(struct db *d, int64_t id, struct pool *pool,
		     struct protect_case *out)
{
	int rc = ops_table_load(d, &case_table, id, pool, out);

	if (rc == 0)
		rc = load_messages(d, out, pool);
	if (rc == 0)
		rc = db_int_of(d, "SELECT COUNT(*) FROM case_messages WHERE"
			       " case_id = ? AND review = ?",
			       DB_P(DB_I(id), DB_I(CASE_REVIEW_PENDING)),
			       &out->pending_reviews);
	return rc;
}

STORE_POOLED_GETTER(store_case_get, struct protect_case, load_case)

/* ---- the report ---- */

static int do_report(struct db *d, void *arg)
{
	struct case_op *op = arg;
	struct protect_case *c = op->c;
	int rc;

	*c = op->saved;
	rc = case_transition(CASE_NONE, CASE_EV_REPORT, &c->state);
	c->reported_by = op->a ? op->a->user_id : 0;
	c->reported_at = db_now();
	c->crime = CASE_CRIME_NONE;
	c->need = CASE_NEED_NONE;
	c->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &case_table, c, "unit_id found_at"
				      " service post_ref post_text risk_signals"
				      " state reported_by reported_at version",
				      &c->id);
	if (rc == 0)
		rc = audit_case(d, op->a, "report", c, 0);
	return rc;
}

int store_case_report(struct store *s, const struct actor *a,
		      struct protect_case *c)
{
	struct case_op op = { .a = a, .c = c, .saved = *c };
	int rc;

	/* The last line: the report as its descriptor says, whoever calls. */
	if (!c->unit_id || record_valid(&case_record, c, db_now(), NULL,
					NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_report, &op);
	if (rc < 0)
		*c = op.saved;
	return rc;
}

/* ---- the list ---- */

/* The authz object of app/objects.c's case_authz_object(), as SQL. */
static const struct ops_list case_rows = {
	.table = &case_table,
	.cols = "unit_name",
	.joined = "u",
	.from = "FROM cases" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "COALESCE(assigned_unit_id, unit_id)",
	.also_unit = "unit_id",
	.owner = "officer_id",
	.state = "0",
	.desc = 1,
};

/* R-CASE-2: each case of a page with its messages awaiting review. */
static int pending_of_page(struct db *d, void *items, size_t n,
			   struct pool *pool)
{
	struct protect_case *c = items;
	int rc = 0;

	(void)pool;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = db_int_of(d, "SELECT COUNT(*) FROM case_messages WHERE"
			       " case_id = ? AND review = ?",
			       DB_P(DB_I(c[i].id), DB_I(CASE_REVIEW_PENDING)),
			       &c[i].pending_reviews);
	return rc;
}

int store_case_list_filtered(struct store *s, const struct authz_view *view,
			     const struct case_filter *f,
			     const struct page_req *req, struct case_list *out)
{
	struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	o.after = pending_of_page;
	if (f->unit_id)
		ops_where_add(&w, "unit_id = ? OR assigned_unit_id = ?",
			      DB_P(DB_I(f->unit_id), DB_I(f->unit_id)));
	if (f->state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(f->state)));
	if (f->open_only)
		ops_where_add(&w, "state <> ?",
			      DB_P(DB_I(CASE_CLOSED_NOT_HIGH)));
	if (f->review_pending)
		ops_where_add(&w, "EXISTS (SELECT 1 FROM case_messages m"
			      " WHERE m.case_id = cases.id AND m.review = ?)",
			      DB_P(DB_I(CASE_REVIEW_PENDING)));
	return ops_where_page(s, &case_rows, view, &w, req, &o);
}

int store_case_list(struct store *s, const struct authz_view *view,
		    int64_t unit_id, enum case_state state, int open_only,
		    const struct page_req *req, struct case_list *out)
{
	struct case_filter f = { .unit_id = unit_id, .state = state,
				 .open_only = open_only };

	return store_case_list_filtered(s, view, &f, req, out);
}

STORE_POOLED_PAGE_RELEASE(case_list)

/* ---- steps on a case row ---- */

/* Loads op->id into *c (its text into pool) at op->version. */
static int load_at_version(struct db *d, struct case_op *op,
			   struct pool *pool, struct protect_case *c,
			   int check_version)
{
	int rc = ops_table_load(d, &case_table, op->id, pool, c);

	if (rc == 0 && check_version && c->version != op->version)
		rc = MM_ESTALE;
	return rc;
}

static int do_triage(struct db *d, void *arg)
{
	struct case_op *op = arg;
	struct protect_case *c = malloc(sizeof *c);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = c ? load_at_version(d, op, &pool, c, 1) : MM_ENOMEM;

	/* R-CASE-1: judged once, by the division */
	if (rc == 0)
		rc = case_transition(c->state, case_triage_event(op->t->need),
				     &c->state);
	if (rc == 0) {
		c->crime = op->t->crime;
		c->need = op->t->need;
		rc = db_exec(d, "UPDATE cases SET state = ?, crime = ?,"
			     " crime_other = ?, need = ?, triage_reason = ?,"
			     " triaged_by = ?, triaged_at = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(c->state), DB_I(c->crime),
				  DB_T(c->crime == CASE_CRIME_OTHER &&
				       op->t->crime_other ?
				       op->t->crime_other : ""),
				  DB_I(c->need), DB_T(op->t->reason),
				  DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_I(c->id)), NULL);
	}
	if (rc == 0) {
		c->version++;
		rc = audit_case(d, op->a, c->need == CASE_NEED_HIGH ?
				"triage_high" : "triage_not_high", c, 0);
	}
	pool_release(&pool);
	free(c);
	return rc;
}

int store_case_triage(struct store *s, const struct actor *a, int64_t id,
		      int64_t version, const struct case_triage *t)
{
	struct case_op op = { .a = a, .id = id, .version = version, .t = t };

	if (!t || record_valid(&case_triage_record, t, db_now(), NULL,
			       NULL) != 0)
		return MM_EINVAL;
	return store_write(s, do_triage, &op);
}

/* ---- the assignment (R-ROLE-5, R-DEV-6) ---- */

static int refuse(struct case_op *op, const char *field, const char *why)
{
	op->field = field;
	op->why = why;
	return MM_ERULE;
}

/*
 * The conditions of an assignment, on the store as this transaction
 * sees it; the loan that makes the device usable into op->loan_id.
 */
static int check_assignable(struct db *d, struct case_op *op)
{
	const struct case_assignment *as = op->as;
	struct device_use_facts f = { 0 };
	int64_t one = 0;
	int rc = db_int_of(d, "SELECT 1 FROM units WHERE id = ? AND active = 1",
			   DB_P(DB_I(as->unit_id)), &one);

	if (rc == MM_ENOTFOUND)
		return refuse(op, "unit_id", "交信所属が見つかりません");
	/* R-ROLE-5: a designation in force, of that unit, of an active user */
	if (rc == 0)
		rc = db_int_of(d, "SELECT 1 FROM designations g JOIN users u"
			       " ON u.id = g.user_id WHERE g.user_id = ?"
			       " AND g.unit_id = ? AND g.role = ? AND g.state = ?"
			       " AND u.active = 1",
			       DB_P(DB_I(as->officer_id), DB_I(as->unit_id),
				    DB_I(ROLE_COMM_OFFICER),
				    DB_I(DESIGNATION_ACTIVE)), &one);
	if (rc == MM_ENOTFOUND)
		return refuse(op, "officer_id", "交信担当者に指定されていない職員には"
			      "事案を割り当てられません");
	/* R-DEV-6: the unit's loan of the device, usable */
	if (rc == 0)
		rc = db_int_of(d, "SELECT id FROM loans WHERE device_id = ?"
			       " AND unit_id = ? ORDER BY id DESC LIMIT 1",
			       DB_P(DB_I(as->device_id), DB_I(as->unit_id)),
			       &op->loan_id);
	if (rc == MM_ENOTFOUND) {
		op->loan_id = 0;
		rc = 0; /* f.loan_state NONE: not on loan to the unit */
	} else if (rc == 0) {
		rc = ops_use_facts(d, op->loan_id, &f);
	}
	if (rc == 0 && device_usable(&f, &op->why) != 0)
		return refuse(op, "device_id", op->why);
	return rc;
}

static int do_assignable(struct db *d, void *arg)
{
	return check_assignable(d, arg);
}

int store_case_assignable(struct store *s, const struct case_assignment *as,
			  int64_t *loan_id, const char **field,
			  const char **why)
{
	struct case_op op = { .as = as };
	int rc = store_read(s, do_assignable, &op);

	if (rc == MM_ERULE) {
		*field = op.field;
		*why = op.why;
	}
	if (rc == 0 && loan_id)
		*loan_id = op.loan_id;
	return rc;
}

static int do_assign(struct db *d, void *arg)
{
	struct case_op *op = arg;
	struct protect_case *c = malloc(sizeof *c);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = c ? load_at_version(d, op, &pool, c, 1) : MM_ENOMEM;

	/* R-CASE-1: only a case judged high goes on */
	if (rc == 0 && case_check_communicable(c->state, &op->why) != 0)
		rc = MM_ERULE;
	if (rc == 0)
		rc = case_transition(c->state, CASE_EV_ASSIGN, &c->state);
	if (rc == 0)
		rc = check_assignable(d, op);
	if (rc == 0) {
		c->assigned_unit_id = op->as->unit_id;
		c->officer_id = op->as->officer_id;
		c->device_id = op->as->device_id;
		rc = db_exec(d, "UPDATE cases SET state = ?,"
			     " assigned_unit_id = ?, officer_id = ?,"
			     " device_id = ?, loan_id = ?, assigned_by = ?,"
			     " assigned_at = ?, version = version + 1"
			     " WHERE id = ?",
			     DB_P(DB_I(c->state), DB_I(c->assigned_unit_id),
				  DB_I(c->officer_id), DB_I(c->device_id),
				  DB_I(op->loan_id),
				  DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_I(c->id)), NULL);
	}
	if (rc == 0) {
		c->version++;
		rc = audit_case(d, op->a, "assign", c, 0);
	}
	pool_release(&pool);
	free(c);
	return rc;
}

int store_case_assign(struct store *s, const struct actor *a, int64_t id,
		      int64_t version, const struct case_assignment *as)
{
	struct case_op op = { .a = a, .id = id, .version = version, .as = as };

	if (!as || record_valid(&case_assignment_record, as, db_now(), NULL,
				NULL) != 0)
		return MM_EINVAL;
	return store_write(s, do_assign, &op);
}

/* ---- the communication log (R-CASE-2, R-EXC-3) ---- */

/* R-ROLE-5: the officer logging still holds a designation in force. */
static int officer_in_force(struct db *d, const struct actor *a,
			    const struct protect_case *c)
{
	int64_t one = 0;
	int rc;

	if (!a || a->user_id != c->officer_id || a->role == ROLE_ASSISTANT)
		return 0;
	rc = db_int_of(d, "SELECT 1 FROM designations WHERE user_id = ?"
		       " AND unit_id = ? AND role = ? AND state = ?",
		       DB_P(DB_I(c->officer_id), DB_I(c->assigned_unit_id),
			    DB_I(ROLE_COMM_OFFICER), DB_I(DESIGNATION_ACTIVE)),
		       &one);
	return rc == MM_ENOTFOUND ? MM_ERULE : rc;
}

static int do_log(struct db *d, void *arg)
{
	struct case_op *op = arg;
	struct protect_case *c = malloc(sizeof *c);
	struct case_message *m = op->m;
	struct pool pool = POOL_INIT_MAX(0);
	enum case_state before;
	int rc = c ? load_at_version(d, op, &pool, c, 0) : MM_ENOMEM;

	if (rc == 0) {
		before = c->state;
		rc = case_transition(c->state, CASE_EV_LOG, &c->state);
	}
	if (rc == 0)
		rc = officer_in_force(d, op->a, c);
	if (rc == 0) {
		m->case_id = c->id;
		m->recorded_by = op->a ? op->a->user_id : 0;
		m->recorded_at = db_now();
		m->flagged = op->flagged != 0;
		m->flag_detail = op->flag_detail ? op->flag_detail : "";
		m->review = m->flagged ? CASE_REVIEW_PENDING : CASE_REVIEW_NONE;
		rc = db_int_of(d, "INSERT INTO case_messages (case_id, unit_id,"
			       " at, direction, text, screenshot_ref,"
			       " recorded_by, recorded_at, flagged, flag_detail,"
			       " review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			       " RETURNING id",
			       DB_P(DB_I(c->id), DB_I(c->assigned_unit_id),
				    DB_I(m->at), DB_I(m->direction),
				    DB_T(m->text),
				    DB_T(m->screenshot_ref ? m->screenshot_ref
					 : ""),
				    DB_USER(m->recorded_by), DB_I(m->recorded_at),
				    DB_I(m->flagged), DB_T(m->flag_detail),
				    DB_I(m->review)), &m->id);
	}
	/* the first message moves the case on; later ones leave it be */
	if (rc == 0 && c->state != before) {
		rc = db_exec(d, "UPDATE cases SET state = ?, version = version + 1"
			     " WHERE id = ?", DB_P(DB_I(c->state), DB_I(c->id)),
			     NULL);
		c->version++;
	}
	if (rc == 0)
		rc = audit_case(d, op->a, m->flagged ? "log_flagged" : "log", c,
				m->id);
	pool_release(&pool);
	free(c);
	return rc;
}

int store_case_log(struct store *s, const struct actor *a, int64_t id,
		   struct case_message *m, int flagged, const char *flag_detail)
{
	struct case_op op = { .a = a, .id = id, .m = m, .flagged = flagged,
			      .flag_detail = flag_detail };

	/* the fields' limits, not the content: nothing is refused for it */
	if (!m || record_valid(&case_message_record, m, db_now(), NULL,
			       NULL) != 0)
		return MM_EINVAL;
	return store_write(s, do_log, &op);
}

static int do_review(struct db *d, void *arg)
{
	struct case_op *op = arg;
	struct protect_case *c = malloc(sizeof *c);
	struct pool pool = POOL_INIT_MAX(0);
	int64_t review = 0;
	int rc = c ? load_at_version(d, op, &pool, c, 0) : MM_ENOMEM;

	if (rc == 0)
		rc = case_reviewable(c->state);
	if (rc == 0)
		rc = db_int_of(d, "SELECT review FROM case_messages WHERE id = ?"
			       " AND case_id = ?",
			       DB_P(DB_I(op->msg_id), DB_I(op->id)), &review);
	if (rc == MM_ENOTFOUND)
		rc = MM_EINVAL; /* no such message of this case */
	if (rc == 0 && review != CASE_REVIEW_PENDING)
		rc = MM_ESTATE;
	if (rc == 0)
		rc = db_exec(d, "UPDATE case_messages SET review = ?,"
			     " review_note = ?, reviewed_by = ?, reviewed_at = ?"
			     " WHERE id = ?",
			     DB_P(DB_I(CASE_REVIEW_DONE), DB_T(op->note),
				  DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_I(op->msg_id)), NULL);
	if (rc == 0)
		rc = audit_case(d, op->a, "review", c, op->msg_id);
	pool_release(&pool);
	free(c);
	return rc;
}

int store_case_review(struct store *s, const struct actor *a, int64_t id,
		      int64_t msg_id, const char *note)
{
	struct case_op op = { .a = a, .id = id, .msg_id = msg_id,
			      .note = note };

	if (!note || !*note)
		return MM_EINVAL;
	return store_write(s, do_review, &op);
}

static int do_pending(struct db *d, void *arg)
{
	struct case_op *op = arg;

	return db_int_of(d, "SELECT COUNT(*) FROM case_messages WHERE"
			 " review = ? AND (? = 0 OR unit_id = ?)",
			 DB_P(DB_I(CASE_REVIEW_PENDING), DB_I(op->unit_id),
			      DB_I(op->unit_id)), &op->count);
}

int store_case_pending_reviews(struct store *s, int64_t unit_id, int64_t *n)
{
	struct case_op op = { .unit_id = unit_id };
	int rc = store_read(s, do_pending, &op);

	*n = rc == 0 ? op.count : 0;
	return rc;
}
