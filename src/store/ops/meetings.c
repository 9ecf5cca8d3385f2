/*
 * meetings.c - meetings of protective contact cases (R-CASE-3..11) of
 * store_meetings.h, once for every backend.  Contract: store_meetings.h.
 * Every step is meeting_step() on the state read in the same
 * transaction, with the role the actor acted in.
 */
#include "../store_meetings.h"
#include "lending.h"
#include "compliance.h"
#include "meetings.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/photo.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/util.h"
#include "core/text.h"
#include "lib/banned.h"

static const struct ops_table meeting_table =
	OPS_TABLE_PLAIN("meetings", meeting_record, struct meeting);

struct meeting_op {
	const struct actor *a;
	struct meeting *m;
	struct meeting saved;
	const struct meeting *in;
	const struct meeting_measure *x;
	const char *text;
	int64_t id, version;
	enum meeting_event ev;
	size_t bad;
};

/* The measures of a meeting being read, and the pool their text goes to. */
struct measures_into {
	struct meeting *m;
	struct pool *pool;
};

static int measure_row(const struct db_row *r, void *arg)
{
	struct measures_into *in = arg;
	struct meeting *m = in->m;
	struct meeting_measure *x;
	char iso[LENDING_ISO_SIZE];
	const char *t = NULL;

	if (m->n_measures >= MEETING_MEASURES_MAX)
		return 0; /* the first ones; the page says how many it shows */
	x = &m->measures[m->n_measures];
	x->id = db_int(r, 0);
	x->meeting_id = m->id;
	x->kind = (enum followup_measure)db_int(r, 1);
	if (db_text_in(r, 2, in->pool, LENDING_ISO_SIZE, &t) < 0)
		return MM_EOVERFLOW;
	snprintf(iso, sizeof iso, "%s", t ? t : "");
	if (field_parse(record_field(&meeting_measure_record, "decided_on"),
			iso, x, NULL) < 0)
		return MM_ECORRUPT;
	if (db_text_in(r, 3, in->pool, MM_TEXT_MAX, &x->note) < 0 ||
	    db_text_in(r, 5, in->pool, MM_NAME_MAX, &x->decided_by_name) < 0)
		return MM_EOVERFLOW;
	x->decided_by = db_int(r, 4);
	x->recorded_at = db_int(r, 6);
	if (!x->decided_by_name)
		x->decided_by_name = "";
	m->n_measures++;
	return 0;
}

static int load_meeting(struct db *d, int64_t id, struct pool *pool,
			struct meeting *out)
{
	struct measures_into in = { out, pool };
	int rc = ops_table_load(d, &meeting_table, id, pool, out);

	if (rc == 0) {
		out->staff_known = 1; /* as the server read them when reported */
		rc = db_query(d, "SELECT x.id, x.kind, x.decided_on, x.note,"
			      " COALESCE(x.decided_by, 0), COALESCE(u.name, ''),"
			      " x.recorded_at FROM meeting_measures x LEFT JOIN"
			      " users u ON u.id = x.decided_by WHERE"
			      " x.meeting_id = ? ORDER BY x.id",
			      DB_P(DB_I(id)), measure_row, &in);
	}
	return rc < 0 ? rc : 0;
}

STORE_POOLED_GETTER(store_meeting_get, struct meeting, load_meeting)

/* State, case and what the step recorded; never the child's details. */
static int audit_meeting(struct db *d, const struct actor *a,
			 enum meeting_event ev, const struct meeting *m,
			 const char *extra)
{
	char detail[256], action[48];

	snprintf(action, sizeof action, "meeting.%s", meeting_event_key(ev));
	snprintf(detail, sizeof detail, "{\"case_id\":%lld,\"state\":\"%s\","
		 "\"version\":%lld%s}", (long long)m->case_id,
		 meeting_state_key(m->state), (long long)m->version,
		 extra ? extra : "");
	return lending_audit(d, a, m->unit_id, action, "meeting", m->id,
			     detail);
}

/* One staff member's sex and highest role held in unit; MM_ERULE: none. */
struct staff_row {
	int found;
	int64_t unit_id;
	int active;
	enum sex sex;
	enum role role;
};

static int staff_user_row(const struct db_row *r, void *arg)
{
	struct staff_row *w = arg;

	w->found = 1;
	w->unit_id = db_int(r, 0);
	w->active = (int)db_int(r, 1);
	w->sex = (enum sex)db_int(r, 2);
	w->role = (enum role)db_int(r, 3);
	return 0;
}

static int read_staff(struct db *d, struct meeting *m, size_t *bad)
{
	for (size_t i = 0; i < MEETING_STAFF_MAX; i++) {
		struct staff_row w = { 0 };
		int64_t lent_role = 0;
		int rc;

		m->staff_sex[i] = SEX_UNKNOWN;
		m->staff_role[i] = ROLE_NONE;
		if (m->staff[i] <= 0)
			continue;
		rc = db_query(d, "SELECT u.unit_id, u.active, u.sex,"
			      " COALESCE((SELECT MIN(r.role) FROM"
			      " role_assignments r WHERE r.user_id = u.id"
			      " AND r.unit_id = ? AND r.revoked_at IS NULL), 0)"
			      " FROM users u WHERE u.id = ?",
			      DB_P(DB_I(m->unit_id), DB_I(m->staff[i])),
			      staff_user_row, &w);
		if (rc < 0)
			return rc;
		/* the unit's own staff, or lent for the case (R-CASE-10) */
		if (w.found && w.active && w.unit_id != m->unit_id) {
			int lent = 0;

			rc = ops_support_lent(d, m->case_id, m->staff[i], &lent);
			if (rc < 0)
				return rc;
			if (lent) {
				w.unit_id = m->unit_id;
				w.role = ROLE_NONE; /* no role in this unit */
				rc = db_int_of(d, "SELECT COALESCE(MIN(role), 0)"
					       " FROM role_assignments WHERE"
					       " user_id = ? AND revoked_at IS"
					       " NULL", DB_P(DB_I(m->staff[i])),
					       &lent_role);
				if (rc < 0)
					return rc;
				w.role = (enum role)lent_role;
			}
		}
		if (!w.found || !w.active || w.unit_id != m->unit_id) {
			if (bad)
				*bad = i;
			return MM_ERULE;
		}
		m->staff_sex[i] = w.sex;
		m->staff_role[i] = w.role;
	}
	m->staff_known = 1;
	return 0;
}

/* A case's state and the unit it is given to. */
struct case_row {
	int found;
	enum case_state state;
	int64_t unit_id;
};

static int case_row_read(const struct db_row *r, void *arg)
{
	struct case_row *w = arg;

	w->found = 1;
	w->state = (enum case_state)db_int(r, 0);
	w->unit_id = db_int(r, 1);
	return 0;
}

static int read_case(struct db *d, int64_t id, struct case_row *w)
{
	*w = (struct case_row){ 0 };
	return db_query(d, "SELECT state, COALESCE(assigned_unit_id, 0) FROM"
			" cases WHERE id = ?", DB_P(DB_I(id)), case_row_read, w);
}

/*
 * R-CASE-3: a meeting is arranged through the communication of a case
 * given to the unit: the case of m, given to m->unit_id, in a state the
 * case's machine lets a meeting follow.  0, or MM_ERULE with *why.
 */
static int check_case(struct db *d, const struct meeting *m,
		      enum case_state *next, const char **why)
{
	struct case_row w;
	int rc = read_case(d, m->case_id, &w);

	if (rc < 0)
		return rc;
	if (!w.found)
		*why = "事案が見つかりません";
	else if (w.unit_id != m->unit_id)
		*why = "この所属に割り当てられた事案ではありません";
	else if (case_transition(w.state, CASE_EV_MEETING, next) < 0)
		*why = "交信中の事案ではないため、接触前の報告はできません";
	else
		return 0;
	return MM_ERULE;
}

struct check_op {
	struct meeting *m;
	const char *field, *why;
};

static int do_check(struct db *d, void *arg)
{
	static const char *const keys[MEETING_STAFF_MAX] = {
		"staff_1", "staff_2", "staff_3", "staff_4",
	};
	struct check_op *op = arg;
	enum case_state next;
	size_t bad = 0;
	int rc = check_case(d, op->m, &next, &op->why);

	if (rc == MM_ERULE) {
		op->field = "case_id";
		return rc;
	}
	if (rc == 0)
		rc = read_staff(d, op->m, &bad);
	if (rc == MM_ERULE) {
		op->field = keys[bad < MEETING_STAFF_MAX ? bad : 0];
		op->why = "所属の職員又は応援の職員を指定してください";
	}
	return rc;
}

int store_meeting_check(struct store *s, struct meeting *m,
			const char **field, const char **why)
{
	struct check_op op = { .m = m };
	int rc = store_read(s, do_check, &op);

	if (rc == MM_ERULE) {
		*field = op.field;
		*why = op.why;
	}
	return rc;
}

/* The case moves on with its meetings (core/case.h), audited. */
static int case_step(struct db *d, const struct actor *a, int64_t case_id,
		     int64_t unit_id, enum case_state next, const char *what)
{
	char action[32], detail[64];
	int rc = db_exec(d, "UPDATE cases SET state = ?, version = version + 1"
			 " WHERE id = ?", DB_P(DB_I(next), DB_I(case_id)),
			 NULL);

	snprintf(action, sizeof action, "case.%s", what);
	snprintf(detail, sizeof detail, "{\"state\":\"%s\"}",
		 case_state_key(next));
	return rc < 0 ? rc : lending_audit(d, a, unit_id, action, "case",
					   case_id, detail);
}

static int do_report(struct db *d, void *arg)
{
	struct meeting_op *op = arg;
	struct meeting *m = op->m;
	int64_t now = db_now();
	int rc;

	enum case_state next = CASE_NONE;
	const char *why = NULL;

	*m = op->saved;
	rc = check_case(d, m, &next, &why);
	if (rc == 0)
		rc = read_staff(d, m, &op->bad);
	/* the last line: the report as its descriptor says, staff read */
	if (rc == 0 && (!m->unit_id ||
			record_valid(&meeting_record, m, now, NULL, NULL) != 0))
		rc = MM_ERULE;
	if (rc == 0)
		rc = meeting_step(MEETING_NONE, MEETING_EV_REPORT,
				  op->a ? op->a->role : ROLE_NONE, &m->state);
	m->reported_by = op->a ? op->a->user_id : 0;
	m->reported_at = now;
	m->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &meeting_table, m, "case_id unit_id"
				      " place meet_at person_female staff_1"
				      " staff_1_sex staff_1_role staff_2"
				      " staff_2_sex staff_2_role staff_3"
				      " staff_3_sex staff_3_role staff_4"
				      " staff_4_sex staff_4_role escape_plan"
				      " setup_plan division_notified report_note"
				      " state reported_by reported_at version",
				      &m->id);
	if (rc == 0)
		rc = audit_meeting(d, op->a, MEETING_EV_REPORT, m, NULL);
	if (rc == 0)
		rc = case_step(d, op->a, m->case_id, m->unit_id, next,
			       "meeting");
	return rc;
}

int store_meeting_report(struct store *s, const struct actor *a,
			 struct meeting *m)
{
	struct meeting_op op = { .a = a, .m = m, .saved = *m };
	int rc;

	if (!m->unit_id || record_valid(&meeting_record, m, db_now(), NULL,
					NULL) == MM_EINVAL)
		return MM_EINVAL;
	rc = store_write(s, do_report, &op);
	if (rc < 0)
		*m = op.saved;
	return rc;
}

/* The meetings as a list; the authz object is app/objects.c's. */
static const struct ops_list meeting_rows = {
	.table = &meeting_table,
	.cols = "unit_name",
	.joined = "u",
	.from = "FROM meetings" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "reported_by",
	.state = "0",
	.desc = 1,
};

int store_meeting_list(struct store *s, const struct authz_view *view,
		       int64_t unit_id, int64_t case_id,
		       enum meeting_state state, int open_only,
		       const struct page_req *req, struct meeting_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	if (case_id)
		ops_where_add(&w, "case_id = ?", DB_P(DB_I(case_id)));
	if (state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(state)));
	if (open_only)
		ops_where_add(&w, "state NOT IN (?, ?)",
			      DB_P(DB_I(MEETING_CLOSED),
				   DB_I(MEETING_SENT_BACK)));
	return ops_where_page(s, &meeting_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(meeting_list)

/*
 * Loads the meeting of op in *m (its text in pool) and takes op->ev on
 * it: the version read, then the chain with the actor's role.
 */
static int begin_step(struct db *d, struct meeting_op *op, struct meeting *m,
		      struct pool *pool)
{
	int rc = load_meeting(d, op->id, pool, m);

	if (rc == 0 && m->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = meeting_step(m->state, op->ev,
				  op->a ? op->a->role : ROLE_NONE, &m->state);
	return rc;
}

/*
 * R-CASE-11: the case closes with the last of its meetings still open
 * (m is closed already; one sent back is over too).
 */
static int close_case(struct db *d, const struct actor *a,
		      const struct meeting *m)
{
	struct case_row w;
	enum case_state next;
	int64_t open = 0, pending = 0;
	int rc = db_int_of(d, "SELECT COUNT(*) FROM meetings WHERE case_id = ?"
			   " AND state NOT IN (?, ?)",
			   DB_P(DB_I(m->case_id), DB_I(MEETING_CLOSED),
				DB_I(MEETING_SENT_BACK)), &open);

	if (rc == 0)
		rc = read_case(d, m->case_id, &w);
	if (rc < 0 || open > 0 || !w.found ||
	    case_transition(w.state, CASE_EV_CLOSE, &next) < 0)
		return rc;
	/* R-PHOTO-5: not while a photo sent in it has no outcome */
	rc = ops_photo_sends_pending(d, m->case_id, &pending);
	if (rc == 0)
		rc = photo_check_closing(pending, NULL);
	if (rc < 0)
		return rc;
	return case_step(d, a, m->case_id, m->unit_id, next, "close");
}

/*
 * UPDATE meetings SET each field of keys (spaces between) of rec, as
 * ops_table_insert() writes it (sealed where the descriptor says: never
 * DB_T of a sealed field), with the step's who/at columns, the state and
 * the version, WHERE id.
 */
#define UPDATE_KEYS_MAX 20
static int update_fields(struct db *d, int64_t id, const void *rec,
			 const char *keys, const char *by_col,
			 const char *at_col, int64_t by, enum meeting_state st)
{
	struct db_param p[UPDATE_KEYS_MAX + 5];
	struct buf hold[UPDATE_KEYS_MAX];
	struct buf sql = BUF_INIT_MAX(4096);
	char key[40];
	int n = 0, rc = buf_adds(&sql, "UPDATE meetings SET ");

	for (const char *k = keys; *k && rc == 0;) {
		size_t len = strcspn(k, " ");

		if (len && (len >= sizeof key || n >= UPDATE_KEYS_MAX)) {
			rc = MM_EINVAL;
			break;
		}
		if (len) {
			memcpy(key, k, len);
			key[len] = '\0';
			buf_init(&hold[n], 0);
			rc = ops_table_param(d, &meeting_table, rec, key,
					     &hold[n], &p[n]);
			n++;
			if (rc == 0)
				rc = buf_addf(&sql, "%s = ?, ", key);
		}
		k += len + (k[len] == ' ');
	}
	if (rc == 0)
		rc = buf_addf(&sql, "%s = ?, %s = ?, state = ?, version ="
			      " version + 1 WHERE id = ?", by_col, at_col);
	if (rc == 0) {
		struct db_param tail[4] = { DB_USER(by), DB_I(db_now()),
					    DB_I(st), DB_I(id) };
		memcpy(&p[n], tail, sizeof tail);
		rc = db_exec(d, buf_cstr(&sql), p, n + 4, NULL);
	}
	for (int i = 0; i < n; i++)
		buf_release(&hold[i]);
	buf_release(&sql);
	return rc;
}

/* The step's own columns, by event. */
static int write_step(struct db *d, struct meeting_op *op, struct meeting *m,
		      int64_t now)
{
	int64_t who = op->a ? op->a->user_id : 0;

	switch (op->ev) {
	case MEETING_EV_FORWARD:
		return db_exec(d, "UPDATE meetings SET forwarded_by = ?,"
			       " forwarded_at = ? WHERE id = ?",
			       DB_P(DB_USER(who), DB_I(now), DB_I(m->id)), NULL);
	case MEETING_EV_INSTRUCT:
	case MEETING_EV_SEND_BACK:
		return db_exec(d, "UPDATE meetings SET instructed_by = ?,"
			       " instructed_at = ?, instructions = ? WHERE id = ?",
			       DB_P(DB_USER(who), DB_I(now), DB_T(op->text),
				    DB_I(m->id)), NULL);
	case MEETING_EV_REPORT_RESULTS:
		return db_exec(d, "UPDATE meetings SET results_by = ?,"
			       " results_at = ? WHERE id = ?",
			       DB_P(DB_USER(who), DB_I(now), DB_I(m->id)), NULL);
	case MEETING_EV_CLOSE:
		return db_exec(d, "UPDATE meetings SET closed_by = ?,"
			       " closed_at = ?, closing_note = ? WHERE id = ?",
			       DB_P(DB_USER(who), DB_I(now), DB_T(op->text),
				    DB_I(m->id)), NULL);
	default:
		return MM_EINVAL;
	}
}

static int do_step(struct db *d, void *arg)
{
	struct meeting_op *op = arg;
	struct meeting *m = malloc(sizeof *m);
	struct pool pool = POOL_INIT_MAX(0); /* the row read; released here */
	int64_t now = db_now();
	int rc = m ? begin_step(d, op, m, &pool) : MM_ENOMEM;

	/* R-CASE-11: a guided child is weighed before it closes */
	if (rc == 0 && op->ev == MEETING_EV_CLOSE)
		rc = meeting_check_close(meeting_guided(m->met, m->juvenile,
							m->guidance),
					 m->assessed_at != 0, m->support_needed,
					 m->n_measures, NULL);
	if (rc == 0)
		rc = write_step(d, op, m, now);
	if (rc == 0)
		rc = db_exec(d, "UPDATE meetings SET state = ?, version ="
			     " version + 1 WHERE id = ?",
			     DB_P(DB_I(m->state), DB_I(m->id)), NULL);
	if (rc == 0) {
		m->version++;
		rc = audit_meeting(d, op->a, op->ev, m, NULL);
	}
	if (rc == 0 && op->ev == MEETING_EV_CLOSE)
		rc = close_case(d, op->a, m);
	pool_release(&pool);
	free(m);
	return rc;
}

int store_meeting_step(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum meeting_event ev,
		       const char *text)
{
	struct meeting_op op = { .a = a, .id = id, .version = version,
				 .ev = ev, .text = text ? text : "" };

	if (ev != MEETING_EV_FORWARD && ev != MEETING_EV_INSTRUCT &&
	    ev != MEETING_EV_SEND_BACK && ev != MEETING_EV_REPORT_RESULTS &&
	    ev != MEETING_EV_CLOSE)
		return MM_EINVAL;
	if ((ev == MEETING_EV_INSTRUCT || ev == MEETING_EV_SEND_BACK) &&
	    !text_present(op.text))
		return MM_EINVAL;
	return store_write(s, do_step, &op);
}

static int do_outcome(struct db *d, void *arg)
{
	struct meeting_op *op = arg;
	const struct meeting *o = op->in;
	struct meeting *m = malloc(sizeof *m);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = m ? begin_step(d, op, m, &pool) : MM_ENOMEM;
	char extra[96];

	/* the child's identity sealed (FIELD_SEALED): ops_table_param */
	if (rc == 0)
		rc = update_fields(d, m->id, o, "child_name child_kana"
				   " child_birth child_contact child_school"
				   " guardian_name guardian_contact met juvenile"
				   " guidance guidance_facts guidance_note"
				   " guardians_told guardian guardians_told_at"
				   " guardians_told_how guardians_urged"
				   " free_call_used free_call_person_called"
				   " outcome_note", "outcome_by", "outcome_at",
				   op->a ? op->a->user_id : 0, m->state);
	/* issue 9, R-CASE-11: the child found again by hash (history.h) */
	if (rc == 0)
		rc = ops_table_person_keys(d, &meeting_table, o, m->id);
	if (rc == 0) {
		m->version++;
		snprintf(extra, sizeof extra, ",\"met\":%d,\"juvenile\":%d,"
			 "\"guidance\":\"%s\",\"free_call_used\":%d", o->met,
			 o->juvenile, guidance_kind_key(o->guidance) ?
			 guidance_kind_key(o->guidance) : "", o->free_call_used);
		rc = audit_meeting(d, op->a, op->ev, m, extra);
	}
	pool_release(&pool);
	free(m);
	return rc;
}

int store_meeting_outcome(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, const struct meeting *in)
{
	struct meeting_op op = { .a = a, .id = id, .version = version,
				 .ev = MEETING_EV_OUTCOME, .in = in };
	int rc = record_valid(&meeting_outcome_record, in, db_now(), NULL,
			      NULL);

	return rc < 0 ? rc : store_write(s, do_outcome, &op);
}

static int do_assess(struct db *d, void *arg)
{
	struct meeting_op *op = arg;
	const struct meeting *o = op->in;
	struct meeting *m = malloc(sizeof *m);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = m ? begin_step(d, op, m, &pool) : MM_ENOMEM;

	/* through ops_table_param, as the outcome's */
	if (rc == 0)
		rc = update_fields(d, m->id, o, "victim_history"
				   " delinquency_history guidance_history"
				   " guardian_capacity friendships support_needed",
				   "assessed_by", "assessed_at",
				   op->a ? op->a->user_id : 0, m->state);
	if (rc == 0) {
		m->version++;
		rc = audit_meeting(d, op->a, op->ev, m,
				   o->support_needed ? ",\"support_needed\":1"
						     : ",\"support_needed\":0");
	}
	pool_release(&pool);
	free(m);
	return rc;
}

int store_meeting_assess(struct store *s, const struct actor *a, int64_t id,
			 int64_t version, const struct meeting *in)
{
	struct meeting_op op = { .a = a, .id = id, .version = version,
				 .ev = MEETING_EV_ASSESS, .in = in };
	int rc = record_valid(&meeting_assessment_record, in, db_now(), NULL,
			      NULL);

	return rc < 0 ? rc : store_write(s, do_assess, &op);
}

static int do_measure(struct db *d, void *arg)
{
	struct meeting_op *op = arg;
	const struct meeting_measure *x = op->x;
	struct meeting *m = malloc(sizeof *m);
	struct pool pool = POOL_INIT_MAX(0);
	char iso[LENDING_ISO_SIZE], extra[96];
	int64_t mid = 0;
	int rc = m ? begin_step(d, op, m, &pool) : MM_ENOMEM;

	if (rc == 0)
		rc = lending_iso(&x->decided_on, iso);
	if (rc == 0)
		rc = db_int_of(d, "INSERT INTO meeting_measures (meeting_id, kind,"
			       " decided_on, note, decided_by, recorded_at)"
			       " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			       DB_P(DB_I(m->id), DB_I(x->kind), DB_T(iso),
				    DB_T(str_or_empty(x->note)),
				    DB_USER(op->a ? op->a->user_id : 0),
				    DB_I(db_now())), &mid);
	if (rc == 0)
		rc = db_exec(d, "UPDATE meetings SET version = version + 1"
			     " WHERE id = ?", DB_P(DB_I(m->id)), NULL);
	if (rc == 0) {
		m->version++;
		snprintf(extra, sizeof extra, ",\"measure\":\"%s\","
			 "\"decided_on\":\"%s\"", followup_measure_key(x->kind),
			 iso);
		rc = audit_meeting(d, op->a, op->ev, m, extra);
	}
	pool_release(&pool);
	free(m);
	return rc;
}

int store_meeting_measure(struct store *s, const struct actor *a, int64_t id,
			  int64_t version, const struct meeting_measure *x)
{
	struct meeting_op op = { .a = a, .id = id, .version = version,
				 .ev = MEETING_EV_MEASURE, .x = x };
	int rc = record_valid(&meeting_measure_record, x, db_now(), NULL,
			      NULL);

	return rc < 0 ? rc : store_write(s, do_measure, &op);
}
