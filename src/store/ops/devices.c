/*
 * devices.c - HQ's device registry of store_devices.h (R-DEV-1), once for
 * every backend.  Contract: store_devices.h.  A device's unit and loan
 * are those of its open loan (loans.c), never stored twice; its state
 * moves only through device_transition() (core/device.h).
 */
#include "lending.h"
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

#define DEVICE_SELECT "SELECT d.id, d.model, d.phone, d.serial," \
	" d.contract_ref, d.remarks, d.state, COALESCE(l.unit_id, 0)," \
	" COALESCE(l.id, 0), d.version FROM devices d" \
	" LEFT JOIN loans l ON l.device_id = d.id AND l.state <> 4"

struct device_op {
	const struct actor *a;
	struct device *dev;
	struct device saved;    /* dev as given, restored before a retry */
	int64_t id, version;
	enum device_event ev;
	const char *reason;
	const struct device *items;
	size_t n, bad;
	struct device_use_facts *facts;
};

/* Reads a device's columns into v, its text into pool (NULL: none). */
static int device_read(const struct db_row *r, struct device *v,
		       struct pool *pool)
{
	int rc = 0;

	memset(v, 0, sizeof *v);
	v->id = db_int(r, 0);
	v->state = (enum device_state)db_int(r, 6);
	v->unit_id = db_int(r, 7);
	v->loan_id = db_int(r, 8);
	v->version = db_int(r, 9);
	if (db_text(r, 2, v->phone, sizeof v->phone) < 0 ||
	    db_text(r, 3, v->serial, sizeof v->serial) < 0)
		return MM_EOVERFLOW;
	if (!pool)
		return 0;
	rc = db_text_in(r, 1, pool, MM_NAME_MAX, &v->model);
	if (rc == 0)
		rc = db_text_in(r, 4, pool, MM_NAME_MAX, &v->contract_ref);
	if (rc == 0)
		rc = db_text_in(r, 5, pool, MM_TEXT_MAX, &v->remarks);
	return rc;
}

struct device_into {
	struct device *v;
	struct pool *pool;
};

static int device_row(const struct db_row *r, void *arg)
{
	struct device_into *in = arg;

	return device_read(r, in->v, in->pool);
}

int ops_device_load(struct db *d, int64_t id, struct pool *pool,
		    struct device *out)
{
	struct device_into in = { out, pool };

	return db_first(d, DEVICE_SELECT " WHERE d.id = ?", DB_P(DB_I(id)),
			device_row, &in);
}

int ops_device_move(struct db *d, int64_t id, enum device_event ev,
		    enum device_state *next)
{
	struct device v;
	enum device_state to;
	int64_t n = 0;
	int rc = ops_device_load(d, id, NULL, &v);

	if (rc == 0)
		rc = device_transition(v.state, ev, &to);
	if (rc == 0)
		rc = db_exec(d, "UPDATE devices SET state = ?, version = version + 1"
			     " WHERE id = ? AND state = ?",
			     DB_P(DB_I(to), DB_I(id), DB_I(v.state)), &n);
	if (rc == 0 && n == 0)
		rc = MM_ESTATE; /* moved under us: cannot happen in one writer */
	if (rc == 0 && next)
		*next = to;
	return rc;
}

/* The audit detail of a device: its serial, state and version. */
static int audit_device(struct db *d, const struct actor *a,
			const char *action, const struct device *v,
			const char *reason)
{
	struct buf b = BUF_INIT_MAX(MM_AUDIT_DETAIL_MAX - 1);
	int rc;

	buf_adds(&b, "{\"serial\":");
	audit_json_str(&b, v->serial);
	buf_addf(&b, ",\"state\":\"%s\",\"version\":%lld",
		 device_state_key(v->state), (long long)v->version);
	if (reason) {
		/* a reason about the device (broken, repaired), not a person */
		buf_adds(&b, ",\"reason\":");
		audit_json_str(&b, reason);
	}
	buf_addch(&b, '}');
	rc = buf_error(&b);
	if (rc == 0)
		rc = lending_audit(d, a, v->unit_id, action, "device", v->id,
				   buf_cstr(&b));
	buf_release(&b);
	return rc;
}

/* Whether v's text is longer than the registry has ever kept. */
static int device_too_long(const struct device *v)
{
	return (v->model && strlen(v->model) >= MM_NAME_MAX) ||
	       (v->contract_ref && strlen(v->contract_ref) >= MM_NAME_MAX) ||
	       (v->remarks && strlen(v->remarks) >= MM_TEXT_MAX);
}

static int insert_device(struct db *d, const struct device *v, int64_t *id)
{
	if (device_too_long(v))
		return MM_EINVAL;
	return db_int_of(d, "INSERT INTO devices (model, phone, serial,"
			 " contract_ref, remarks, state, version, created_at)"
			 " VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
			 DB_P(DB_T(v->model), DB_T(v->phone), DB_T(v->serial),
			      DB_T(v->contract_ref), DB_T(v->remarks),
			      DB_I(DEVICE_IN_STOCK), DB_I(db_now())), id);
}

static int do_create(struct db *d, void *arg)
{
	struct device_op *op = arg;
	struct device *v = op->dev;
	int rc;

	*v = op->saved;
	rc = insert_device(d, v, &v->id);
	if (rc < 0)
		return rc;
	v->state = DEVICE_IN_STOCK;
	v->unit_id = 0;
	v->loan_id = 0;
	v->version = 1;
	return audit_device(d, op->a, "device.create", v, NULL);
}

int store_device_create(struct store *s, const struct actor *a,
			struct device *d)
{
	struct device_op op = { .a = a, .dev = d, .saved = *d };
	int rc = store_write(s, do_create, &op);

	if (rc < 0)
		*d = op.saved;
	return rc;
}

STORE_POOLED_GETTER(store_device_get, struct device, ops_device_load)

/*
 * The registry as a list: a device's unit is its open loan's, and its
 * authz object that unit and its state (app/objects.c); the borrowing
 * unit's name comes with it.
 */
#define DEVICE_FROM "FROM devices d" \
	" LEFT JOIN loans l ON l.device_id = d.id AND l.state <> 4" \
	JOIN_UNIT_NAME("l.unit_id")

static const struct ops_list device_rows = {
	.cols = "d.id, d.model, d.phone, d.serial, d.contract_ref, d.remarks,"
		" d.state, COALESCE(l.unit_id, 0), COALESCE(l.id, 0),"
		" d.version, unit_name",
	.from = DEVICE_FROM,
	.id = "d.id",
	.unit = "COALESCE(l.unit_id, 0)",
	.owner = "0",
	.state = "d.state",
	.keys = "d.model COLLATE \"C\", d.serial COLLATE \"C\", d.id",
};

static int list_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	int rc = device_read(r, item, pool);

	return rc < 0 ? rc : ops_joined_read(r, 10, "u", j, pool);
}

int store_device_list(struct store *s, const struct authz_view *view,
		      enum device_state state, const struct page_req *req,
		      struct device_list *out)
{
	const struct ops_page_out o = OPS_PAGE_OUT(out, list_row);
	struct ops_where w = OPS_WHERE_INIT;

	if (state)
		ops_where_add(&w, "d.state = ?", DB_P(DB_I(state)));
	return ops_where_page(s, &device_rows, view, &w, req, &o);
}

struct serials_op {
	const char *const *serials;
	size_t from, n;
	unsigned char *taken;
};

static int serial_row(const struct db_row *r, void *arg)
{
	struct serials_op *op = arg;
	char serial[MM_SERIAL_MAX];

	if (db_text(r, 0, serial, sizeof serial) < 0)
		return 0; /* longer than any serial given */
	for (size_t i = op->from; i < op->from + op->n; i++)
		if (!strcmp(op->serials[i], serial))
			op->taken[i] = 1;
	return 0;
}

/* One query per SERIALS_CHUNK serials, bound as parameters. */
#define SERIALS_CHUNK 16

static int do_serials(struct db *d, void *arg)
{
	struct serials_op *op = arg;
	struct db_param p[SERIALS_CHUNK];
	struct buf b = BUF_INIT_MAX(1024);
	int rc;

	buf_adds(&b, "SELECT serial FROM devices WHERE serial IN (");
	for (size_t i = 0; i < op->n; i++) {
		buf_adds(&b, i ? ", ?" : "?");
		p[i] = DB_T(op->serials[op->from + i]);
		op->taken[op->from + i] = 0; /* a retry starts over */
	}
	buf_addch(&b, ')');
	rc = buf_error(&b);
	if (rc == 0)
		rc = db_query(d, buf_cstr(&b), p, (int)op->n, serial_row, op);
	buf_release(&b);
	return rc;
}

int store_device_serials_taken(struct store *s, const char *const *serials,
			       size_t n, unsigned char *taken)
{
	struct serials_op op = { .serials = serials, .taken = taken };
	int rc = 0;

	for (op.from = 0; rc == 0 && op.from < n; op.from += op.n) {
		op.n = n - op.from < SERIALS_CHUNK ? n - op.from : SERIALS_CHUNK;
		rc = store_read(s, do_serials, &op);
	}
	return rc;
}

static int do_update(struct db *d, void *arg)
{
	struct device_op *op = arg;
	struct device *v = op->dev, now;
	int64_t n = 0;
	int rc;

	*v = op->saved;
	if (device_too_long(v))
		return MM_EINVAL;
	rc = db_exec(d, "UPDATE devices SET model = ?, phone = ?, serial = ?,"
		     " contract_ref = ?, remarks = ?, version = version + 1"
		     " WHERE id = ? AND version = ?",
		     DB_P(DB_T(v->model), DB_T(v->phone), DB_T(v->serial),
			  DB_T(v->contract_ref), DB_T(v->remarks), DB_I(v->id),
			  DB_I(v->version)), &n);
	if (rc == 0 && n == 0)
		rc = db_stale_or_missing(d, "SELECT 1 FROM devices WHERE id = ?",
					 v->id);
	/* what the server keeps: the text is the caller's, as written */
	if (rc == 0)
		rc = ops_device_load(d, v->id, NULL, &now);
	if (rc == 0) {
		v->state = now.state;
		v->unit_id = now.unit_id;
		v->loan_id = now.loan_id;
		v->version = now.version;
		rc = audit_device(d, op->a, "device.update", v, NULL);
	}
	return rc;
}

int store_device_update(struct store *s, const struct actor *a,
			struct device *d)
{
	struct device_op op = { .a = a, .dev = d, .saved = *d };
	int rc = store_write(s, do_update, &op);

	if (rc < 0)
		*d = op.saved;
	return rc;
}

static int do_event(struct db *d, void *arg)
{
	struct device_op *op = arg;
	struct device v;
	int rc = ops_device_load(d, op->id, NULL, &v);

	if (rc == 0 && v.version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = ops_device_move(d, op->id, op->ev, &v.state);
	if (rc < 0)
		return rc;
	v.version++;
	return audit_device(d, op->a, op->ev == DEVICE_EV_RETIRE ?
			    "device.retire" : "device.reinstate", &v,
			    op->reason ? op->reason : "");
}

int store_device_event(struct store *s, const struct actor *a, int64_t id,
		       int64_t version, enum device_event ev,
		       const char *reason)
{
	struct device_op op = { .a = a, .id = id, .version = version,
				.ev = ev, .reason = reason };

	/* the loan events move a device only with its loan (loans.c) */
	if (ev != DEVICE_EV_RETIRE && ev != DEVICE_EV_REINSTATE)
		return MM_EINVAL;
	return store_write(s, do_event, &op);
}

/* The first item before i with the same serial, or MM_EEXIST. */
static int duplicate_in_list(const struct device *items, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(items[j].serial, items[i].serial))
			return MM_EEXIST;
	return 0;
}

static int do_import(struct db *d, void *arg)
{
	struct device_op *op = arg;
	char detail[64];
	int64_t id, one;
	int rc = 0;

	for (op->bad = 0; rc == 0 && op->bad < op->n; op->bad++) {
		const struct device *v = &op->items[op->bad];

		rc = duplicate_in_list(op->items, op->bad);
		if (rc == 0) {
			rc = db_int_of(d, "SELECT 1 FROM devices WHERE serial = ?",
				       DB_P(DB_T(v->serial)), &one);
			rc = rc == 0 ? MM_EEXIST : rc == MM_ENOTFOUND ? 0 : rc;
		}
		if (rc == 0)
			rc = insert_device(d, v, &id);
		if (rc < 0)
			return rc; /* op->bad: the failing row */
	}
	snprintf(detail, sizeof detail, "{\"count\":%zu}", op->n);
	return lending_audit(d, op->a, 0, "device.import", "device", 0, detail);
}

int store_device_import(struct store *s, const struct actor *a,
			const struct device *items, size_t n,
			size_t *bad_index)
{
	struct device_op op = { .a = a, .items = items, .n = n };
	int rc;

	if (n == 0)
		return MM_EINVAL;
	rc = store_write(s, do_import, &op);
	if (bad_index)
		*bad_index = rc < 0 && op.bad < n ? op.bad : 0;
	return rc;
}
