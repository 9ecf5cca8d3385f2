/*
 * supports.c - support requests of protective contact cases (R-CASE-10)
 * of store_meetings.h, once for every backend.  Contract:
 * store_meetings.h.  Every step is support_step() on the state read in
 * the same transaction, with the role the actor acted in.
 */
#include "../store_meetings.h"
#include "meetings.h"
#include "lending.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/records.h"
#include "core/text.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/util.h"
#include "lib/banned.h"

static const struct ops_table support_table =
	OPS_TABLE_PLAIN("support_requests", support_record,
			struct support_request);

struct support_op {
	const struct actor *a;
	struct support_request *r;
	struct support_request saved;
	const struct support_reply *x;
	const char *text;
	int64_t id, version;
	enum support_event ev;
};

struct replies_into {
	struct support_request *r;
	struct pool *pool;
};

static int reply_row(const struct db_row *row, void *arg)
{
	struct replies_into *in = arg;
	struct support_request *r = in->r;
	struct support_reply *x;

	if (r->n_replies >= SUPPORT_REPLIES_MAX)
		return 0;
	x = &r->replies[r->n_replies];
	x->id = db_int(row, 0);
	x->request_id = r->id;
	x->unit_id = db_int(row, 1);
	x->answer = (enum support_answer)db_int(row, 2);
	x->lent_user_id = db_int(row, 3);
	x->answered_by = db_int(row, 5);
	x->answered_at = db_int(row, 6);
	if (db_text_in(row, 4, in->pool, MM_TEXT_MAX, &x->note) < 0 ||
	    db_text_in(row, 7, in->pool, MM_NAME_MAX, &x->unit_name) < 0 ||
	    db_text_in(row, 8, in->pool, MM_NAME_MAX, &x->lent_name) < 0)
		return MM_EOVERFLOW;
	if (!x->unit_name)
		x->unit_name = "";
	if (!x->lent_name)
		x->lent_name = "";
	r->n_replies++;
	return 0;
}

static int load_support(struct db *d, int64_t id, struct pool *pool,
			struct support_request *out)
{
	struct replies_into in = { out, pool };
	int rc = ops_table_load(d, &support_table, id, pool, out);

	if (rc == 0)
		rc = db_query(d, "SELECT a.id, a.unit_id, a.answer,"
			      " COALESCE(a.lent_user_id, 0), a.note,"
			      " COALESCE(a.answered_by, 0), a.answered_at,"
			      " COALESCE(u.name, ''), COALESCE(p.name, '')"
			      " FROM support_answers a LEFT JOIN units u ON"
			      " u.id = a.unit_id LEFT JOIN users p ON"
			      " p.id = a.lent_user_id WHERE a.request_id = ?"
			      " ORDER BY a.id", DB_P(DB_I(id)), reply_row, &in);
	return rc < 0 ? rc : 0;
}

STORE_POOLED_GETTER(store_support_get, struct support_request, load_support)

/* The case and the state; never a person. */
static int audit_support(struct db *d, const struct actor *a,
			 enum support_event ev, const struct support_request *r,
			 int64_t unit_id, const char *extra)
{
	char detail[192], action[48];

	snprintf(action, sizeof action, "support.%s", support_event_key(ev));
	snprintf(detail, sizeof detail, "{\"case_id\":%lld,\"state\":\"%s\","
		 "\"version\":%lld%s}", (long long)r->case_id,
		 support_state_key(r->state), (long long)r->version,
		 extra ? extra : "");
	return lending_audit(d, a, unit_id, action, "support", r->id, detail);
}

/* A case given to unit_id and in communication (or in its meetings). */
static int case_of_unit(struct db *d, int64_t case_id, int64_t unit_id)
{
	int64_t state = 0, unit = 0;
	int rc = db_int_of(d, "SELECT state FROM cases WHERE id = ?",
			   DB_P(DB_I(case_id)), &state);

	if (rc == 0)
		rc = db_int_of(d, "SELECT COALESCE(assigned_unit_id, 0) FROM"
			       " cases WHERE id = ?", DB_P(DB_I(case_id)),
			       &unit);
	if (rc == MM_ENOTFOUND)
		return MM_ERULE;
	if (rc < 0)
		return rc;
	if (unit != unit_id || (state != CASE_COMMUNICATING &&
				state != CASE_MEETING))
		return MM_ERULE;
	return 0;
}

static int do_request(struct db *d, void *arg)
{
	struct support_op *op = arg;
	struct support_request *r = op->r;
	int rc;

	*r = op->saved;
	rc = case_of_unit(d, r->case_id, r->unit_id);
	if (rc == 0)
		rc = support_step(SUPPORT_NONE, SUPPORT_EV_REQUEST,
				  op->a ? op->a->role : ROLE_NONE, &r->state);
	r->requested_by = op->a ? op->a->user_id : 0;
	r->requested_at = db_now();
	r->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &support_table, r, "case_id unit_id"
				      " meet_at need state requested_by"
				      " requested_at version", &r->id);
	if (rc == 0)
		rc = audit_support(d, op->a, SUPPORT_EV_REQUEST, r, r->unit_id,
				   NULL);
	return rc;
}

int store_support_request(struct store *s, const struct actor *a,
			  struct support_request *r)
{
	struct support_op op = { .a = a, .r = r, .saved = *r };
	int rc;

	if (!r->unit_id || record_valid(&support_record, r, db_now(), NULL,
					NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_request, &op);
	if (rc < 0)
		*r = op.saved;
	return rc;
}

/* The requests as a list; the authz object is app/objects.c's. */
static const struct ops_list support_rows = {
	.table = &support_table,
	.cols = "unit_name",
	.joined = "u",
	.from = "FROM support_requests" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "requested_by",
	.state = "0",
	.desc = 1,
};

int store_support_list(struct store *s, const struct authz_view *view,
		       int64_t unit_id, int64_t case_id,
		       enum support_state state, const struct page_req *req,
		       struct support_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	if (case_id)
		ops_where_add(&w, "case_id = ?", DB_P(DB_I(case_id)));
	if (state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(state)));
	return ops_where_page(s, &support_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(support_list)

static int begin(struct db *d, struct support_op *op,
		 struct support_request *r, struct pool *pool)
{
	int rc = load_support(d, op->id, pool, r);

	if (rc == 0 && r->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = support_step(r->state, op->ev,
				  op->a ? op->a->role : ROLE_NONE, &r->state);
	return rc;
}

static int do_step(struct db *d, void *arg)
{
	struct support_op *op = arg;
	struct support_request *r = malloc(sizeof *r);
	struct pool pool = POOL_INIT_MAX(0);
	int64_t who = op->a ? op->a->user_id : 0;
	int rc = r ? begin(d, op, r, &pool) : MM_ENOMEM;

	if (rc == 0 && op->ev == SUPPORT_EV_ASK)
		rc = db_exec(d, "UPDATE support_requests SET asked_by = ?,"
			     " asked_at = ?, ask_note = ?, state = ?, version ="
			     " version + 1 WHERE id = ?",
			     DB_P(DB_USER(who), DB_I(db_now()), DB_T(op->text),
				  DB_I(r->state), DB_I(r->id)), NULL);
	else if (rc == 0)
		rc = db_exec(d, "UPDATE support_requests SET closed_by = ?,"
			     " closed_at = ?, state = ?, version = version + 1"
			     " WHERE id = ?",
			     DB_P(DB_USER(who), DB_I(db_now()), DB_I(r->state),
				  DB_I(r->id)), NULL);
	if (rc == 0) {
		r->version++;
		rc = audit_support(d, op->a, op->ev, r, r->unit_id, NULL);
	}
	pool_release(&pool);
	free(r);
	return rc;
}

int store_support_step(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum support_event ev,
		       const char *text)
{
	struct support_op op = { .a = a, .id = id, .version = version,
				 .ev = ev, .text = text ? text : "" };

	if (ev != SUPPORT_EV_ASK && ev != SUPPORT_EV_CLOSE)
		return MM_EINVAL;
	return store_write(s, do_step, &op);
}

/* The staff member lent: an active user of the answering unit. */
static int lendable(struct db *d, int64_t user_id, int64_t unit_id)
{
	int64_t n = 0;
	int rc = db_int_of(d, "SELECT COUNT(*) FROM users WHERE id = ? AND"
			   " unit_id = ? AND active <> 0",
			   DB_P(DB_I(user_id), DB_I(unit_id)), &n);

	return rc < 0 ? rc : (n ? 0 : MM_ERULE);
}

static int do_answer(struct db *d, void *arg)
{
	struct support_op *op = arg;
	const struct support_reply *x = op->x;
	struct support_request *r = malloc(sizeof *r);
	struct pool pool = POOL_INIT_MAX(0);
	int64_t unit = op->a ? op->a->unit_id : 0, aid = 0, n = 0;
	char extra[80];
	int rc = r ? begin(d, op, r, &pool) : MM_ENOMEM;

	/* R-CASE-10: another unit answers (its own request is not its to
	 * answer), once */
	if (rc == 0 && (!unit || unit == r->unit_id))
		rc = MM_EDENIED;
	if (rc == 0)
		rc = db_int_of(d, "SELECT COUNT(*) FROM support_answers WHERE"
			       " request_id = ? AND unit_id = ?",
			       DB_P(DB_I(r->id), DB_I(unit)), &n);
	if (rc == 0 && n)
		rc = MM_EEXIST;
	if (rc == 0 && x->answer == SUPPORT_ANSWER_HELP)
		rc = lendable(d, x->lent_user_id, unit);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO support_answers (request_id,"
			       " unit_id, answer, lent_user_id, note,"
			       " answered_by, answered_at) VALUES (?, ?, ?, ?, ?,"
			       " ?, ?) RETURNING id",
			       DB_P(DB_I(r->id), DB_I(unit), DB_I(x->answer),
				    DB_USER(x->lent_user_id),
				    DB_T(str_or_empty(x->note)),
				    DB_USER(op->a ? op->a->user_id : 0),
				    DB_I(db_now())), &aid);
	if (rc == 0)
		rc = db_exec(d, "UPDATE support_requests SET version ="
			     " version + 1 WHERE id = ?", DB_P(DB_I(r->id)),
			     NULL);
	if (rc == 0) {
		r->version++;
		snprintf(extra, sizeof extra, ",\"unit_id\":%lld,"
			 "\"answer\":\"%s\"", (long long)unit,
			 support_answer_key(x->answer));
		rc = audit_support(d, op->a, op->ev, r, unit, extra);
	}
	pool_release(&pool);
	free(r);
	return rc;
}

int store_support_answer(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, const struct support_reply *x)
{
	struct support_op op = { .a = a, .id = id, .version = version,
				 .ev = SUPPORT_EV_ANSWER, .x = x };
	int rc = record_valid(&support_answer_record, x, db_now(), NULL, NULL);

	return rc < 0 ? rc : store_write(s, do_answer, &op);
}

static int lent_row(const struct db_row *r, void *arg)
{
	(void)r;
	*(int *)arg = 1;
	return 1;
}

int ops_support_lent(struct db *d, int64_t case_id, int64_t user_id,
		     int *lent)
{
	*lent = 0;
	return db_query(d, "SELECT 1 FROM support_answers a JOIN"
			" support_requests r ON r.id = a.request_id WHERE"
			" r.case_id = ? AND a.lent_user_id = ? AND a.answer = ?",
			DB_P(DB_I(case_id), DB_I(user_id),
			     DB_I(SUPPORT_ANSWER_HELP)), lent_row, lent);
}

struct lent_op {
	int64_t case_id;
	int64_t *ids;
	size_t cap, n;
};

static int lent_id_row(const struct db_row *r, void *arg)
{
	struct lent_op *op = arg;

	if (op->n == op->cap)
		return 1; /* enough: the first ones */
	op->ids[op->n++] = db_int(r, 0);
	return 0;
}

static int do_lent_staff(struct db *d, void *arg)
{
	struct lent_op *op = arg;

	op->n = 0;
	return db_query(d, "SELECT DISTINCT a.lent_user_id FROM support_answers"
			" a JOIN support_requests r ON r.id = a.request_id"
			" WHERE r.case_id = ? AND a.answer = ? AND"
			" a.lent_user_id > 0 ORDER BY a.lent_user_id",
			DB_P(DB_I(op->case_id), DB_I(SUPPORT_ANSWER_HELP)),
			lent_id_row, op);
}

int store_support_lent_staff(struct store *s, int64_t case_id, int64_t *ids,
			     size_t cap, size_t *n)
{
	struct lent_op op = { .case_id = case_id, .ids = ids, .cap = cap };
	int rc = store_read(s, do_lent_staff, &op);

	*n = rc < 0 ? 0 : op.n;
	return rc < 0 ? rc : 0;
}
