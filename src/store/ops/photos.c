/*
 * photos.c - staff face photos (R-PHOTO-1..4) of store_photos.h, once for
 * every backend.  Contract: store_photos.h.  The rules whose facts are
 * rows (the staff member and the device are the unit's, the exceptions
 * R-EXC-1 and R-EXC-2 are approved for today, five photos a device) are
 * weighed on the rows read in the transaction that writes.
 */
#include "../store_photos.h"
#include "compliance.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../backend.h"
#include "core/case.h"
#include "core/loan.h"
#include "core/records.h"
#include "core/seal.h"
#include "core/wareki.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table approval_table =
	OPS_TABLE_PLAIN("photo_approvals", photo_approval_record,
			struct photo_approval);
static const struct ops_table photo_table =
	OPS_TABLE_PLAIN("photos", photo_record, struct photo);

/* The associated data the image is sealed under (store_photos.h). */
#define IMAGE_AD "photos.image"
/* The largest image the store keeps, sealed and base64url (bytes). */
#define IMAGE_TEXT_MAX ((size_t)48 << 20)

struct photo_op {
	const struct actor *a;
	struct photo_approval *pa;
	struct photo_approval saved;
	struct photo *p;
	const void *jpeg;
	size_t n;
	int64_t id, version;
	int ev;
	const char *why;
	struct buf *out;
	struct pool pool;   /* the staff member's name read */
};

/* R-EXC-1 and R-EXC-2 both approved for today (Asia/Tokyo). */
static int exceptions_in_force(struct db *d, int *store_ok, int *send_ok)
{
	struct civil_date today;
	int64_t id = 0;
	int rc = civil_from_unix(db_now(), &today);

	if (rc == 0)
		rc = ops_exception_active(d, EXCEPTION_KIND_PHOTO_STORE, &today,
					  &id);
	*store_ok = id != 0;
	id = 0;
	if (rc == 0)
		rc = ops_exception_active(d, EXCEPTION_KIND_PHOTO_SEND, &today,
					  &id);
	*send_ok = id != 0;
	return rc;
}

static int name_row(const struct db_row *r, void *arg)
{
	struct photo_op *op = arg;

	return db_text_in(r, 0, &op->pool, MM_NAME_MAX, &op->pa->staff_name);
}

static int audit_approval(struct db *d, const struct actor *a,
			  const char *action, const struct photo_approval *p)
{
	char detail[160];

	snprintf(detail, sizeof detail,
		 "{\"staff_id\":%lld,\"device_id\":%lld,\"state\":\"%s\"}",
		 (long long)p->staff_id, (long long)p->device_id,
		 photo_approval_state_key(p->state));
	return lending_audit(d, a, p->unit_id, action, "photo_approval", p->id,
			     detail);
}

static int do_apply(struct db *d, void *arg)
{
	struct photo_op *op = arg;
	struct photo_approval *p = op->pa;
	int store_ok = 0, send_ok = 0, rc;
	int64_t lent = 0;

	p->staff_name = NULL;
	rc = photo_approval_step(PHOTO_APPROVAL_NONE, PHOTO_APPROVAL_EV_APPLY,
				 op->a ? op->a->role : ROLE_NONE, &p->state);
	/* R-PHOTO-1: the face of a staff member of the unit; the name is
	 * the register's, never the client's. */
	if (rc == 0)
		rc = db_first(d, "SELECT name FROM users WHERE id = ? AND"
			      " unit_id = ? AND active = 1",
			      DB_P(DB_I(p->staff_id), DB_I(p->unit_id)),
			      name_row, op);
	if (rc == 0)
		rc = db_int_of(d, "SELECT COUNT(*) FROM loans WHERE"
			       " device_id = ? AND unit_id = ? AND state IN (?, ?)",
			       DB_P(DB_I(p->device_id), DB_I(p->unit_id),
				    DB_I(LOAN_LENT), DB_I(LOAN_RECEIVED)), &lent);
	if (rc == 0 && !lent)
		rc = MM_EEXIST;
	if (rc == 0)
		rc = exceptions_in_force(d, &store_ok, &send_ok);
	if (rc == 0 && (!store_ok || !send_ok))
		rc = MM_ERULE;
	p->applied_by = op->a ? op->a->user_id : 0;
	p->applied_at = db_now();
	p->decided_by = p->decided_at = 0;
	p->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &approval_table, p, "unit_id staff_id"
				      " staff_name consent purpose device_id state"
				      " applied_by applied_at decided_at version",
				      &p->id);
	if (rc == 0)
		rc = audit_approval(d, op->a, "photo.apply", p);
	return rc;
}

int store_photo_approval_apply(struct store *s, const struct actor *a,
			       struct photo_approval *p)
{
	struct photo_op op = { .a = a, .pa = p, .saved = *p,
			       .pool = POOL_INIT_MAX(0) };
	int rc;

	/* The last line: the application as its descriptor says. */
	if (!p->unit_id || record_valid(&photo_approval_record, p, db_now(),
					NULL, NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_apply, &op);
	/* the name read is the pool's: the caller reads the record again */
	p->staff_name = op.saved.staff_name;
	if (rc < 0)
		*p = op.saved;
	pool_release(&op.pool);
	return rc;
}

static int ops_approval_load(struct db *d, int64_t id, struct pool *pool,
			     struct photo_approval *out)
{
	return ops_table_load(d, &approval_table, id, pool, out);
}

STORE_POOLED_GETTER(store_photo_approval_get, struct photo_approval,
		    ops_approval_load)

static const struct ops_list approval_rows = {
	.table = &approval_table,
	.cols = "unit_name",
	.joined = "u",
	.from = "FROM photo_approvals" JOIN_UNIT_NAME("unit_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "applied_by",
	.state = "0",
	.desc = 1,
};

int store_photo_approval_list(struct store *s, const struct authz_view *view,
			      int64_t unit_id, int state,
			      const struct page_req *req,
			      struct photo_approval_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;

	if (unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
	if (state)
		ops_where_add(&w, "state = ?", DB_P(DB_I(state)));
	return ops_where_page(s, &approval_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(photo_approval_list)

static int do_decide(struct db *d, void *arg)
{
	struct photo_op *op = arg;
	struct pool pool = POOL_INIT_MAX(0);
	struct photo_approval p;
	int store_ok = 0, send_ok = 0;
	int rc = ops_table_load(d, &approval_table, op->id, &pool, &p);

	if (rc == 0 && p.version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = photo_approval_step(p.state, (enum photo_approval_event)op->ev,
					 op->a ? op->a->role : ROLE_NONE,
					 &p.state);
	/* R-PHOTO-2: approved only while the exceptions are in force */
	if (rc == 0 && op->ev == PHOTO_APPROVAL_EV_APPROVE) {
		rc = exceptions_in_force(d, &store_ok, &send_ok);
		if (rc == 0 && (!store_ok || !send_ok))
			rc = MM_ERULE;
	}
	if (rc == 0)
		rc = db_exec(d, "UPDATE photo_approvals SET state = ?,"
			     " decided_by = ?, decided_at = ?, version = version + 1"
			     " WHERE id = ?",
			     DB_P(DB_I(p.state), op->a && op->a->user_id ?
				  DB_I(op->a->user_id) : DB_N, DB_I(db_now()),
				  DB_I(p.id)), NULL);
	if (rc == 0)
		rc = audit_approval(d, op->a, op->ev == PHOTO_APPROVAL_EV_APPROVE ?
				    "photo.approve" : "photo.refuse", &p);
	pool_release(&pool);
	return rc;
}

int store_photo_approval_decide(struct store *s, const struct actor *a,
				int64_t id, int64_t version,
				enum photo_approval_event ev)
{
	struct photo_op op = { .a = a, .id = id, .version = version, .ev = ev };

	if (ev != PHOTO_APPROVAL_EV_APPROVE && ev != PHOTO_APPROVAL_EV_REFUSE)
		return MM_EINVAL;
	return store_write(s, do_decide, &op);
}

/* The image sealed under the field key as the text the column keeps. */
static int seal_image(struct db *d, const void *jpeg, size_t n,
		      struct buf *out)
{
	size_t slen = n + SEAL_OVERHEAD;
	unsigned char *sealed = malloc(slen);
	size_t b64 = sodium_base64_ENCODED_LEN(slen,
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *text = malloc(b64);
	int rc = 0;

	if (!sealed || !text)
		rc = MM_ENOMEM;
	else if (!d->s->has_keys)
		rc = MM_EUNSUPPORTED;
	if (rc == 0) {
		seal_bytes(&d->s->keys, IMAGE_AD, jpeg, n, sealed);
		sodium_bin2base64(text, b64, sealed, slen,
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		rc = buf_adds(out, text);
	}
	free(sealed);
	free(text);
	return rc;
}

static int count_row(const struct db_row *r, void *arg)
{
	*(int64_t *)arg = db_int(r, 0);
	return 0;
}

/* R-PHOTO-3 under the version in force (R-META-1). */
static int photo_room(struct db *d, int64_t stored, const char **why)
{
	struct policy *pol = malloc(sizeof *pol);
	int rc = pol ? ops_policy_in_force(d, pol) : MM_ENOMEM;

	if (rc == 0)
		rc = photo_check_room_under(pol, stored, why);
	free(pol);
	return rc;
}

static int do_add(struct db *d, void *arg)
{
	struct photo_op *op = arg;
	struct photo *p = op->p;
	struct pool pool = POOL_INIT_MAX(0);
	struct photo_approval pa;
	struct buf text = BUF_INIT_MAX(IMAGE_TEXT_MAX);
	int store_ok = 0, send_ok = 0;
	int64_t stored = 0;
	char detail[160];
	int rc = ops_table_load(d, &approval_table, p->approval_id, &pool, &pa);

	if (rc == 0)
		rc = exceptions_in_force(d, &store_ok, &send_ok);
	if (rc == 0)
		rc = photo_check_usable(pa.state, store_ok, send_ok, &op->why);
	/* R-PHOTO-3: counted in the transaction that adds */
	if (rc == 0)
		rc = db_first(d, "SELECT COUNT(*) FROM photos WHERE device_id = ?"
			      " AND state = ?", DB_P(DB_I(pa.device_id),
			      DB_I(PHOTO_STORED)), count_row, &stored);
	if (rc == 0)
		rc = photo_room(d, stored, &op->why);
	if (rc == 0)
		rc = seal_image(d, op->jpeg, op->n, &text);
	p->unit_id = pa.unit_id;
	p->device_id = pa.device_id;
	p->size = (int64_t)op->n;
	p->state = PHOTO_STORED;
	p->created_by = op->a ? op->a->user_id : 0;
	p->created_at = db_now();
	p->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &photo_table, p, "approval_id unit_id"
				      " device_id effect strength width height size"
				      " state created_by created_at version", &p->id);
	if (rc == 0)
		rc = db_exec(d, "UPDATE photos SET image = ? WHERE id = ?",
			     DB_P(DB_T(text.data), DB_I(p->id)), NULL);
	if (rc == 0) {
		snprintf(detail, sizeof detail,
			 "{\"approval_id\":%lld,\"device_id\":%lld,\"effect\":%d,"
			 "\"strength\":%lld,\"size\":%lld,\"on_device\":%lld}",
			 (long long)p->approval_id, (long long)p->device_id,
			 p->effect, (long long)p->strength, (long long)p->size,
			 (long long)stored + 1);
		rc = lending_audit(d, op->a, p->unit_id, "photo.process", "photo",
				   p->id, detail);
	}
	buf_release(&text);
	pool_release(&pool);
	return rc;
}

int store_photo_add(struct store *s, const struct actor *a, struct photo *p,
		    const void *jpeg, size_t n, const char **why)
{
	struct photo_op op = { .a = a, .p = p, .jpeg = jpeg, .n = n };
	int rc;

	if (!jpeg || !n || record_valid(&photo_record, p, db_now(), NULL,
					NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_add, &op);
	if (why)
		*why = op.why;
	return rc;
}

static int load_photo(struct db *d, int64_t id, struct pool *pool,
		      struct photo *out)
{
	return ops_table_load(d, &photo_table, id, pool, out);
}

STORE_POOLED_GETTER(store_photo_get, struct photo, load_photo)

struct image_into {
	struct buf *out;
	struct db *d;
	int64_t unit_id;
};

static int image_row(const struct db_row *r, void *arg)
{
	struct image_into *in = arg;
	struct pool pool = POOL_INIT_MAX(IMAGE_TEXT_MAX + 4096);
	const char *text = NULL;
	unsigned char *sealed = NULL, *plain = NULL;
	size_t slen = 0, plen = 0;
	int rc;

	in->unit_id = db_int(r, 1);
	rc = db_text_in(r, 0, &pool, IMAGE_TEXT_MAX, &text);
	if (rc == 0 && (!text || !*text))
		rc = MM_ENOTFOUND;
	if (rc == 0 && !in->d->s->has_keys)
		rc = MM_EUNSUPPORTED;
	if (rc == 0) {
		sealed = malloc(strlen(text));
		if (!sealed ||
		    sodium_base642bin(sealed, strlen(text), text, strlen(text),
				      NULL, &slen, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING))
			rc = sealed ? MM_ECORRUPT : MM_ENOMEM;
	}
	if (rc == 0 && slen <= SEAL_OVERHEAD)
		rc = MM_ECORRUPT;
	if (rc == 0 && !(plain = malloc(slen - SEAL_OVERHEAD)))
		rc = MM_ENOMEM;
	if (rc == 0)
		rc = seal_open_bytes(&in->d->s->keys, IMAGE_AD, sealed, slen,
				     plain, &plen);
	if (rc == 0)
		rc = buf_add(in->out, plain, plen);
	if (plain)
		sodium_memzero(plain, slen - SEAL_OVERHEAD);
	free(plain);
	free(sealed);
	pool_release(&pool);
	return rc;
}

static int do_image(struct db *d, void *arg)
{
	struct photo_op *op = arg;
	struct image_into in = { .out = op->out, .d = d };
	char detail[64];
	int rc = db_first(d, "SELECT image, unit_id FROM photos WHERE id = ?"
			  " AND state = ?", DB_P(DB_I(op->id), DB_I(PHOTO_STORED)),
			  image_row, &in);

	/* every download in the trail (ASVS 16.3.2), in the same
	 * transaction as the read */
	if (rc == 0) {
		snprintf(detail, sizeof detail, "{\"bytes\":%zu}", op->out->len);
		rc = lending_audit(d, op->a, in.unit_id, "photo.download",
				   "photo", op->id, detail);
	}
	return rc;
}

int store_photo_image(struct store *s, const struct actor *a, int64_t id,
		      struct buf *out)
{
	struct photo_op op = { .a = a, .id = id, .out = out };
	size_t at = out->len;
	int rc = store_write(s, do_image, &op);

	if (rc < 0)
		out->len = at;
	return rc;
}

static int do_remove(struct db *d, void *arg)
{
	struct photo_op *op = arg;
	struct pool pool = POOL_INIT_MAX(0);
	struct photo p;
	int rc = ops_table_load(d, &photo_table, op->id, &pool, &p);

	if (rc == 0 && p.version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = photo_transition(p.state, PHOTO_EV_REMOVE, &p.state);
	/* R-PHOTO-3: the image goes with it, the row stays as the record */
	if (rc == 0)
		rc = db_exec(d, "UPDATE photos SET state = ?, image = '',"
			     " removed_by = ?, removed_at = ?, version = version + 1"
			     " WHERE id = ?",
			     DB_P(DB_I(p.state), op->a && op->a->user_id ?
				  DB_I(op->a->user_id) : DB_N, DB_I(db_now()),
				  DB_I(p.id)), NULL);
	if (rc == 0)
		rc = lending_audit(d, op->a, p.unit_id, "photo.remove", "photo",
				   p.id, "{}");
	pool_release(&pool);
	return rc;
}

int store_photo_remove(struct store *s, const struct actor *a, int64_t id,
		       int64_t version)
{
	struct photo_op op = { .a = a, .id = id, .version = version };

	return store_write(s, do_remove, &op);
}

static int photo_row(const struct db_row *r, void *arg)
{
	struct photo_rows *out = arg;

	if (out->n >= sizeof out->items / sizeof out->items[0])
		return 1; /* enough: the page shows the first ones */
	memset(&out->items[out->n], 0, sizeof out->items[0]);
	if (ops_table_read(r, 0, &photo_table, &out->items[out->n], NULL) < 0)
		return MM_ECORRUPT;
	out->n++;
	return 0;
}

static int do_photos_of(struct db *d, void *arg)
{
	struct photo_op *op = arg;
	struct photo_rows *out = (struct photo_rows *)op->out;
	struct buf sql = BUF_INIT_MAX(4096);
	int rc;

	buf_adds(&sql, "SELECT ");
	ops_table_cols(&sql, &photo_table);
	buf_adds(&sql, " FROM photos WHERE approval_id = ? ORDER BY id");
	rc = buf_error(&sql) ? MM_ENOMEM
			     : db_query(d, sql.data, DB_P(DB_I(op->id)),
					photo_row, out);
	buf_release(&sql);
	return rc < 0 ? rc : 0;
}

int store_photos_of(struct store *s, int64_t approval_id,
		    struct photo_rows *out)
{
	struct photo_op op = { .id = approval_id, .out = (struct buf *)out };

	out->n = 0;
	return store_read(s, do_photos_of, &op);
}

/* ---- sends within a case (R-PHOTO-1) and their outcome (R-PHOTO-5) ---- */

static const struct ops_table send_table =
	OPS_TABLE_PLAIN("photo_sends", photo_send_record, struct photo_send);

struct send_op {
	const struct actor *a;
	struct photo_send *ps;
	int64_t id, version;
	enum photo_send_outcome outcome;
	const char *why;
};

static int audit_send(struct db *d, const struct actor *a, const char *action,
		      const struct photo_send *ps)
{
	char detail[160];

	snprintf(detail, sizeof detail,
		 "{\"photo_id\":%lld,\"case_id\":%lld,\"message_id\":%lld,"
		 "\"outcome\":\"%s\"}", (long long)ps->photo_id,
		 (long long)ps->case_id, (long long)ps->message_id,
		 ps->outcome ? photo_send_outcome_key(ps->outcome) : "");
	return lending_audit(d, a, ps->unit_id, action, "photo_send", ps->id,
			     detail);
}

static int do_send(struct db *d, void *arg)
{
	struct send_op *op = arg;
	struct photo_send *ps = op->ps;
	struct pool pool = POOL_INIT_MAX(0);
	struct photo p;
	struct photo_approval pa;
	int store_ok = 0, send_ok = 0;
	int64_t case_ok = 0, asked = 0;
	int rc = ops_table_load(d, &photo_table, ps->photo_id, &pool, &p);

	if (rc == 0 && p.state != PHOTO_STORED) {
		op->why = MM_PHOTO_NOT_STORED_MSG;
		rc = MM_ERULE;
	}
	if (rc == 0)
		rc = ops_table_load(d, &approval_table, p.approval_id, &pool, &pa);
	if (rc == 0)
		rc = exceptions_in_force(d, &store_ok, &send_ok);
	/* R-EXC-2: sending too needs the approval and the exceptions */
	if (rc == 0)
		rc = photo_check_usable(pa.state, store_ok, send_ok, &op->why);
	/* a case of the photo's unit, in communication or at a meeting */
	if (rc == 0)
		rc = db_int_of(d, "SELECT COUNT(*) FROM cases WHERE id = ? AND"
			       " assigned_unit_id = ? AND state IN (?, ?)",
			       DB_P(DB_I(ps->case_id), DB_I(p.unit_id),
				    DB_I(CASE_COMMUNICATING), DB_I(CASE_MEETING)),
			       &case_ok);
	if (rc == 0 && !case_ok)
		rc = MM_ENOTFOUND;
	/* R-PHOTO-1: the counterpart asked, in a message received */
	if (rc == 0)
		rc = db_int_of(d, "SELECT COUNT(*) FROM case_messages WHERE"
			       " id = ? AND case_id = ? AND direction = ?",
			       DB_P(DB_I(ps->message_id), DB_I(ps->case_id),
				    DB_I(CASE_DIR_RECEIVED)), &asked);
	if (rc == 0)
		rc = photo_check_send(asked > 0, ps->text_insufficient, &op->why);
	ps->unit_id = p.unit_id;
	ps->sent_by = op->a ? op->a->user_id : 0;
	ps->sent_at = db_now();
	ps->outcome = PHOTO_SEND_PENDING;
	ps->outcome_at = 0;
	ps->version = 1;
	if (rc == 0)
		rc = ops_table_insert(d, &send_table, ps, "photo_id unit_id"
				      " case_id message_id text_insufficient sent_by"
				      " sent_at outcome outcome_at version", &ps->id);
	if (rc == 0)
		rc = audit_send(d, op->a, "photo.send", ps);
	pool_release(&pool);
	return rc;
}

int store_photo_send(struct store *s, const struct actor *a,
		     struct photo_send *ps, const char **why)
{
	struct send_op op = { .a = a, .ps = ps };
	int rc;

	if (!ps->photo_id || record_valid(&photo_send_record, ps, db_now(),
					  NULL, NULL) != 0)
		return MM_EINVAL;
	rc = store_write(s, do_send, &op);
	if (why)
		*why = op.why;
	return rc;
}

static int load_send(struct db *d, int64_t id, struct pool *pool,
		     struct photo_send *out)
{
	return ops_table_load(d, &send_table, id, pool, out);
}

STORE_POOLED_GETTER(store_photo_send_get, struct photo_send, load_send)

static int do_outcome(struct db *d, void *arg)
{
	struct send_op *op = arg;
	struct photo_send ps;
	int64_t met = 0;
	int rc = ops_table_load(d, &send_table, op->id, NULL, &ps);

	if (rc == 0 && ps.version != op->version)
		rc = MM_ESTALE;
	if (rc == 0 && ps.outcome != PHOTO_SEND_PENDING)
		rc = MM_ESTATE;
	/* R-PHOTO-5: after a meeting of the case */
	if (rc == 0)
		rc = db_int_of(d, "SELECT COUNT(*) FROM meetings WHERE case_id = ?",
			       DB_P(DB_I(ps.case_id)), &met);
	if (rc == 0 && !met) {
		op->why = MM_PHOTO_NO_MEETING_MSG;
		rc = MM_ERULE;
	}
	if (rc == 0) {
		ps.outcome = op->outcome;
		rc = db_exec(d, "UPDATE photo_sends SET outcome = ?, outcome_by = ?,"
			     " outcome_at = ?, version = version + 1 WHERE id = ?",
			     DB_P(DB_I(ps.outcome), op->a && op->a->user_id ?
				  DB_I(op->a->user_id) : DB_N, DB_I(db_now()),
				  DB_I(ps.id)), NULL);
	}
	if (rc == 0)
		rc = audit_send(d, op->a, "photo.send_outcome", &ps);
	return rc;
}

int store_photo_send_outcome(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     enum photo_send_outcome outcome, const char **why)
{
	struct send_op op = { .a = a, .id = id, .version = version,
			      .outcome = outcome };
	int rc;

	if (outcome <= PHOTO_SEND_PENDING || outcome >= PHOTO_SEND__COUNT)
		return MM_EINVAL;
	rc = store_write(s, do_outcome, &op);
	if (why)
		*why = op.why;
	return rc;
}

int ops_photo_sends_pending(struct db *d, int64_t case_id, int64_t *n)
{
	return db_int_of(d, "SELECT COUNT(*) FROM photo_sends WHERE case_id = ?"
			 " AND outcome = ?", DB_P(DB_I(case_id),
			 DB_I(PHOTO_SEND_PENDING)), n);
}

struct pending_op {
	int64_t case_id, n;
};

static int do_pending(struct db *d, void *arg)
{
	struct pending_op *op = arg;

	return ops_photo_sends_pending(d, op->case_id, &op->n);
}

int store_photo_sends_pending(struct store *s, int64_t case_id, int64_t *n)
{
	struct pending_op op = { .case_id = case_id };
	int rc = store_read(s, do_pending, &op);

	*n = op.n;
	return rc;
}

static int send_row(const struct db_row *r, void *arg)
{
	struct photo_send_rows *out = arg;

	if (out->n >= sizeof out->items / sizeof out->items[0])
		return 1; /* enough: the page shows the first ones */
	if (ops_table_read(r, 0, &send_table, &out->items[out->n], NULL) < 0)
		return MM_ECORRUPT;
	out->n++;
	return 0;
}

struct sends_of_op {
	int64_t case_id;
	struct photo_send_rows *out;
};

static int do_sends_of(struct db *d, void *arg)
{
	struct sends_of_op *op = arg;
	struct buf sql = BUF_INIT_MAX(4096);
	int rc;

	op->out->n = 0;
	buf_adds(&sql, "SELECT ");
	ops_table_cols(&sql, &send_table);
	buf_adds(&sql, " FROM photo_sends WHERE case_id = ? ORDER BY id");
	rc = buf_error(&sql) ? MM_ENOMEM
			     : db_query(d, sql.data, DB_P(DB_I(op->case_id)),
					send_row, op->out);
	buf_release(&sql);
	return rc < 0 ? rc : 0;
}

int store_photo_sends_of(struct store *s, int64_t case_id,
			 struct photo_send_rows *out)
{
	struct sends_of_op op = { .case_id = case_id, .out = out };

	out->n = 0;
	return store_read(s, do_sends_of, &op);
}
