/*
 * designations.c - designations and form 1 (R-ROLE-4, R-ROLE-5) of
 * store_designations.h, once for every backend.  Contract:
 * store_designations.h.  A designation and the role assignment it grants
 * move together in one transaction: designating assigns the role,
 * revoking ends it, so the holder's next request (the principal is
 * loaded per request) already sees the change.
 */
#include "../store_designations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "lending.h"
#include "page.h"
#include "table.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table designation_table =
	OPS_TABLE_PLAIN("designations", designation_record, struct designation);

/*
 * The register of form 1 (designation_entries): described here, where
 * only the store reads it; the grounds' text goes to the list's pool.
 */
#define ENTRY struct designation_entry
static const struct field_desc entry_cols[] = {
	{ .key = "id", .type = FIELD_INT, RECORD_MEMBER(ENTRY, id) },
	{ .key = "designation_id", .type = FIELD_REF,
	  RECORD_MEMBER(ENTRY, designation_id) },
	{ .key = "unit_id", .type = FIELD_REF, RECORD_MEMBER(ENTRY, unit_id) },
	{ .key = "user_id", .type = FIELD_REF, RECORD_MEMBER(ENTRY, user_id) },
	{ .key = "role", .type = FIELD_ENUM, RECORD_MEMBER(ENTRY, role) },
	{ .key = "event", .type = FIELD_ENUM, RECORD_MEMBER(ENTRY, event) },
	{ .key = "rank", .type = FIELD_ENUM, RECORD_MEMBER(ENTRY, rank) },
	{ .key = "exception_reason", .type = FIELD_NOTE, .flags = FIELD_POOLED,
	  RECORD_MEMBER(ENTRY, exception_reason) },
	{ .key = "knowledge", .type = FIELD_NOTE, .flags = FIELD_POOLED,
	  RECORD_MEMBER(ENTRY, knowledge) },
	{ .key = "aptitude", .type = FIELD_NOTE, .flags = FIELD_POOLED,
	  RECORD_MEMBER(ENTRY, aptitude) },
	{ .key = "reason", .type = FIELD_NOTE, .flags = FIELD_POOLED,
	  RECORD_MEMBER(ENTRY, reason) },
	{ .key = "by_user", .type = FIELD_REF, RECORD_MEMBER(ENTRY, by) },
	{ .key = "entered_at", .type = FIELD_MOMENT, RECORD_MEMBER(ENTRY, at) },
};
#undef ENTRY

static const struct ops_table entry_table =
	OPS_TABLE_COLS("designation_entries", struct designation_entry,
		       entry_cols);

struct designation_op {
	const struct actor *a;
	int64_t id, version, unit_id, user_id;
	const struct designation_grounds *g;
	const char *reason;
	struct pool *pool; /* where the text of out goes */
	struct designation *out;
};

static int load_designation(struct db *d, int64_t id, struct pool *pool,
			    struct designation *out)
{
	return ops_table_load(d, &designation_table, id, pool, out);
}

/*
 * Points x's grounds at g's texts (which outlive the operation; NULL
 * reads as ""); MM_EINVAL when a text is longer than the store keeps.
 */
static int set_grounds(struct designation *x,
		       const struct designation_grounds *g)
{
	x->rank = g->rank;
	x->exception_reason = g->exception_reason ? g->exception_reason : "";
	x->knowledge = g->knowledge ? g->knowledge : "";
	x->aptitude = g->aptitude ? g->aptitude : "";
	if (strlen(x->exception_reason) >= MM_TEXT_MAX ||
	    strlen(x->knowledge) >= MM_TEXT_MAX ||
	    strlen(x->aptitude) >= MM_TEXT_MAX)
		return MM_EINVAL;
	return 0;
}

/* The form 1 entry of event on x (its grounds as they now stand). */
static int write_entry(struct db *d, const struct actor *a,
		       const struct designation *x,
		       enum designation_event ev, const char *reason)
{
	int64_t entry_id = 0;
	char detail[160];
	int rc = db_int_of(d, "INSERT INTO designation_entries (designation_id,"
		" unit_id, user_id, role, event, rank, exception_reason,"
		" knowledge, aptitude, reason, by_user, entered_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_P(DB_I(x->id), DB_I(x->unit_id), DB_I(x->user_id),
		     DB_I(x->role), DB_I(ev), DB_I(x->rank),
		     DB_T(x->exception_reason), DB_T(x->knowledge),
		     DB_T(x->aptitude), DB_T(reason),
		     DB_USER(a ? a->user_id : 0), DB_I(db_now())), &entry_id);

	if (rc < 0)
		return rc;
	/* who and which role only: the grounds are personal assessments */
	snprintf(detail, sizeof detail, "{\"user_id\":%lld,\"role\":%d,"
		 "\"rank\":%d,\"entry_id\":%lld,\"version\":%lld}",
		 (long long)x->user_id, (int)x->role, (int)x->rank,
		 (long long)entry_id, (long long)x->version);
	return lending_audit(d, a, x->unit_id,
			     ev == DESIGNATION_EV_REVOKE ? "designation.revoke" :
			     ev == DESIGNATION_EV_REDESIGNATE ?
			     "designation.redesignate" : "designation.designate",
			     "designation", x->id, detail);
}

/* The designated user's rank and home unit, read in the transaction. */
struct holder {
	int64_t unit_id;
	enum rank rank;
};

static int holder_row(const struct db_row *r, void *arg)
{
	struct holder *h = arg;

	h->unit_id = db_int(r, 0);
	h->rank = (enum rank)db_int(r, 1);
	return 0;
}

/*
 * R-ROLE-4: officers are of the designating unit, and active.  The rank
 * the designation rests on is the one recorded for the user (users.rank),
 * read in the designation's own transaction: the request never says it.
 */
static int holder_of_unit(struct db *d, int64_t user_id, int64_t unit_id,
			  enum rank *rank)
{
	struct holder h = { 0, RANK_NONE };
	int rc = db_first(d, "SELECT unit_id, rank FROM users"
			  " WHERE id = ? AND active = 1", DB_P(DB_I(user_id)),
			  holder_row, &h);

	if (rc == 0 && h.unit_id != unit_id)
		rc = MM_ERULE;
	*rank = h.rank;
	return rc;
}

/*
 * The grounds op->g with the recorded rank, checked by the core rule
 * (R-ROLE-4: below 警部補 only with the exception reason; R-ROLE-5) and
 * copied into x.  MM_EINVAL when they fail it.
 */
static int ground_on_rank(struct designation *x,
			  const struct designation_grounds *g, enum rank rank)
{
	struct designation_grounds checked = *g;

	checked.rank = rank;
	if (designation_check(&checked, NULL) != 0)
		return MM_EINVAL;
	return set_grounds(x, &checked);
}

static int do_create(struct db *d, void *arg)
{
	struct designation_op *op = arg;
	struct designation *x = op->out;
	enum designation_state next = DESIGNATION_NONE;
	int64_t one;
	int rc = designation_step(DESIGNATION_NONE, DESIGNATION_EV_DESIGNATE,
				  op->a ? op->a->role : ROLE_NONE, &next);

	enum rank rank = RANK_NONE;

	memset(x, 0, sizeof *x);
	if (rc == 0)
		rc = holder_of_unit(d, op->user_id, op->unit_id, &rank);
	if (rc == 0) {
		rc = db_int_of(d, "SELECT 1 FROM designations WHERE user_id = ?"
			       " AND role = ? AND unit_id = ?",
			       DB_P(DB_I(op->user_id), DB_I(op->g->role),
				    DB_I(op->unit_id)), &one);
		rc = rc == 0 ? MM_EEXIST : rc == MM_ENOTFOUND ? 0 : rc;
	}
	*x = (struct designation){ .unit_id = op->unit_id,
		.user_id = op->user_id, .role = op->g->role, .state = next,
		.designated_by = op->a ? op->a->user_id : 0,
		.designated_at = db_now(), .version = 1 };
	if (rc == 0)
		rc = ground_on_rank(x, op->g, rank);
	if (rc == 0)
		rc = ops_table_insert(d, &designation_table, x, "unit_id user_id"
				      " role state rank exception_reason knowledge"
				      " aptitude designated_by designated_at version",
				      &x->id);
	if (rc == 0)
		rc = ops_role_hold_designated(d, x->user_id, x->role, x->unit_id);
	if (rc == 0)
		rc = write_entry(d, op->a, x, DESIGNATION_EV_DESIGNATE, "");
	return rc;
}

int store_designation_create(struct store *s, const struct actor *a,
			     int64_t unit_id, int64_t user_id,
			     const struct designation_grounds *g,
			     struct designation *out)
{
	struct designation *x = malloc(sizeof *x);
	struct designation_op op = { .a = a, .unit_id = unit_id,
				     .user_id = user_id, .g = g, .out = x };
	int rc;

	if (!x)
		return MM_ENOMEM;
	rc = g ? store_write(s, do_create, &op) : MM_EINVAL;
	if (rc == 0 && out)
		*out = *x;
	free(x);
	return rc;
}

/* Loads designation id at the version read and steps it by ev. */
static int load_for(struct db *d, const struct designation_op *op,
		    enum designation_event ev, struct pool *pool,
		    struct designation *x)
{
	int rc = load_designation(d, op->id, pool, x);

	if (rc == 0 && x->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = designation_step(x->state, ev,
				      op->a ? op->a->role : ROLE_NONE, &x->state);
	return rc;
}

static int do_redesignate(struct db *d, void *arg)
{
	struct designation_op *op = arg;
	struct designation *x = op->out;
	enum rank rank = RANK_NONE;
	int rc = load_for(d, op, DESIGNATION_EV_REDESIGNATE, op->pool, x);

	if (rc == 0 && op->g->role != x->role)
		rc = MM_EINVAL;
	if (rc == 0)
		rc = holder_of_unit(d, x->user_id, x->unit_id, &rank);
	if (rc == 0)
		rc = ground_on_rank(x, op->g, rank);
	if (rc == 0) {
		x->designated_by = op->a ? op->a->user_id : 0;
		x->designated_at = db_now();
		x->version++;
		rc = db_exec(d, "UPDATE designations SET state = ?, rank = ?,"
			     " exception_reason = ?, knowledge = ?, aptitude = ?,"
			     " designated_by = ?, designated_at = ?,"
			     " revoked_by = NULL, revoked_at = 0,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(x->state), DB_I(x->rank),
				  DB_T(x->exception_reason), DB_T(x->knowledge),
				  DB_T(x->aptitude), DB_USER(x->designated_by),
				  DB_I(x->designated_at), DB_I(x->id)), NULL);
	}
	if (rc == 0)
		rc = ops_role_hold_designated(d, x->user_id, x->role, x->unit_id);
	if (rc == 0)
		rc = write_entry(d, op->a, x, DESIGNATION_EV_REDESIGNATE, "");
	return rc;
}

int store_designation_redesignate(struct store *s, const struct actor *a,
				  int64_t id, int64_t version,
				  const struct designation_grounds *g)
{
	struct designation *x = malloc(sizeof *x);
	struct pool pool = POOL_INIT_MAX(0); /* the row read; released here */
	struct designation_op op = { .a = a, .id = id, .version = version,
				     .g = g, .pool = &pool, .out = x };
	int rc;

	if (!x)
		return MM_ENOMEM;
	rc = g ? store_write(s, do_redesignate, &op) : MM_EINVAL;
	pool_release(&pool);
	free(x);
	return rc;
}

static int do_revoke(struct db *d, void *arg)
{
	struct designation_op *op = arg;
	struct designation *x = op->out;
	int rc = load_for(d, op, DESIGNATION_EV_REVOKE, op->pool, x);

	if (rc == 0) {
		x->revoked_by = op->a ? op->a->user_id : 0;
		x->revoked_at = db_now();
		x->version++;
		rc = db_exec(d, "UPDATE designations SET state = ?,"
			     " revoked_by = ?, revoked_at = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(x->state), DB_USER(x->revoked_by),
				  DB_I(x->revoked_at), DB_I(x->id)), NULL);
	}
	/* at once, also for open sessions: the principal is loaded per request */
	if (rc == 0)
		rc = ops_role_end_designated(d, x->user_id, x->role, x->unit_id);
	if (rc == 0)
		rc = write_entry(d, op->a, x, DESIGNATION_EV_REVOKE, op->reason);
	return rc;
}

int store_designation_revoke(struct store *s, const struct actor *a,
			     int64_t id, int64_t version, const char *reason)
{
	struct designation *x = malloc(sizeof *x);
	struct pool pool = POOL_INIT_MAX(0); /* the row read; released here */
	struct designation_op op = { .a = a, .id = id, .version = version,
				     .reason = reason ? reason : "",
				     .pool = &pool, .out = x };
	int rc;

	if (!x)
		return MM_ENOMEM;
	rc = strlen(op.reason) >= MM_TEXT_MAX ? MM_EINVAL
					      : store_write(s, do_revoke, &op);
	pool_release(&pool);
	free(x);
	return rc;
}

STORE_POOLED_GETTER(store_designation_get, struct designation, load_designation)

/* The designations as a list; the authz object is app/objects.c's. */
static const struct ops_list designation_rows = {
	.table = &designation_table,
	.cols = "unit_name, user_name",
	.joined = "up",
	.from = "FROM designations" JOIN_UNIT_NAME("unit_id")
		JOIN_USER_NAME("user_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "0",
	.state = "state",
	.keys = "unit_id, role, user_id, id",
};

int store_designation_list(struct store *s, const struct authz_view *view,
			   int64_t unit_id, const struct page_req *req,
			   struct designation_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	return ops_where_page(s, &designation_rows, view, &w, req, &o);
}

/* Form 1 as a list: an entry's authz object is its unit (web, API). */
static const struct ops_list entry_rows = {
	.table = &entry_table,
	.cols = "unit_name, user_name, by_name",
	.joined = "upb",
	.from = "FROM designation_entries" JOIN_UNIT_NAME("unit_id")
		JOIN_USER_NAME("user_id") JOIN_BY_NAME("by_user"),
	.id = "id",
	.unit = "unit_id",
	.owner = "0",
	.state = "0",
	.keys = "unit_id, id",
};

int store_designation_register(struct store *s, const struct authz_view *view,
			       int64_t unit_id, const struct page_req *req,
			       struct designation_entry_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	return ops_where_page(s, &entry_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(designation_list)

STORE_POOLED_PAGE_RELEASE(designation_entry_list)
