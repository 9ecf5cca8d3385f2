/*
 * screenshots.c - the screenshot log of R-EXC-3, of store_compliance.h,
 * once for every backend.  Contract: store_compliance.h.  Whether a
 * screenshot may be taken that day is screenshot_check_taken() on the
 * exceptions read in the same transaction as the insert.
 */
#include "compliance.h"
#include "page.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "core/records.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

static const struct ops_table screenshot_table =
	OPS_TABLE_PLAIN("screenshots", screenshot_record, struct screenshot);

struct screenshot_op {
	const struct actor *a;
	struct screenshot *sh;
	struct screenshot saved;
	int64_t id, version;
	enum screenshot_event ev;
	const char *note;
};

static int load_screenshot(struct db *d, int64_t id, struct pool *pool,
			   struct screenshot *out)
{
	return ops_table_load(d, &screenshot_table, id, pool, out);
}

/* Ids, day and state only: the case and the reason may name people. */
static int audit_screenshot(struct db *d, const struct actor *a,
			    const char *action, const struct screenshot *sh)
{
	char detail[256], day[LENDING_ISO_SIZE];

	if (lending_iso(&sh->taken_on, day) < 0)
		return MM_EINVAL;
	snprintf(detail, sizeof detail, "{\"loan_id\":%lld,\"device_id\":%lld,"
		 "\"exception_id\":%lld,\"taken_on\":\"%s\",\"state\":\"%s\","
		 "\"version\":%lld}", (long long)sh->loan_id,
		 (long long)sh->device_id, (long long)sh->exception_id, day,
		 screenshot_state_key(sh->state), (long long)sh->version);
	return lending_audit(d, a, sh->unit_id, action, "screenshot", sh->id,
			     detail);
}

/* The unit and device of an open loan the unit has received. */
static int loan_in_use(struct db *d, struct screenshot *sh)
{
	struct loan *l = malloc(sizeof *l);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = l ? ops_loan_load(d, sh->loan_id, &pool, l) : MM_ENOMEM;

	if (rc == 0 && l->state != LOAN_RECEIVED)
		rc = MM_ESTATE;
	if (rc == 0) {
		sh->unit_id = l->unit_id;
		sh->device_id = l->device_id;
	}
	pool_release(&pool); /* the loan\'s text */
	free(l);
	return rc;
}

/* R-EXC-3: a screenshot exception covering the day, read in this transaction. */
static int covering_exception(struct db *d, struct screenshot *sh)
{
	struct exception_grant g = { .kind = EXCEPTION_KIND_SCREENSHOT };
	int64_t id = 0;
	int rc = ops_exception_active(d, EXCEPTION_KIND_SCREENSHOT, &sh->taken_on,
				      &id);

	if (rc < 0)
		return rc;
	if (id) {
		g.state = EXCEPTION_APPROVED;
		g.from = g.until = sh->taken_on;
	}
	rc = screenshot_check_taken(&g, id ? 1 : 0, &sh->taken_on, sh->reason,
				    NULL);
	sh->exception_id = id;
	return rc;
}

static int do_record(struct db *d, void *arg)
{
	struct screenshot_op *op = arg;
	struct screenshot *sh = op->sh;
	char day[LENDING_ISO_SIZE];
	int rc;

	*sh = op->saved;
	sh->state = SCREENSHOT_TAKEN;
	sh->recorded_by = op->a ? op->a->user_id : 0;
	sh->recorded_at = db_now();
	sh->disposed_by = sh->disposed_at = 0;
	sh->disposal_note = "";
	sh->version = 1;
	rc = lending_iso(&sh->taken_on, day);
	if (rc == 0)
		rc = loan_in_use(d, sh);
	if (rc == 0)
		rc = covering_exception(d, sh);
	if (rc == 0)
		rc = ops_table_insert(d, &screenshot_table, sh, "loan_id unit_id"
				      " device_id exception_id case_ref taken_at"
				      " taken_on reason state recorded_by recorded_at"
				      " version", &sh->id);
	if (rc == 0)
		rc = audit_screenshot(d, op->a, "screenshot.record", sh);
	return rc;
}

int store_screenshot_record(struct store *s, const struct actor *a,
			    struct screenshot *sh)
{
	struct screenshot_op op = { .a = a, .sh = sh, .saved = *sh };
	int rc;

	/* The texts are the caller's; sized as the store ever kept them. */
	if (lending_blank(sh->reason) || lending_blank(sh->case_ref) ||
	    strlen(sh->reason) >= MM_TEXT_MAX ||
	    strlen(sh->case_ref) >= MM_CASE_REF_MAX ||
	    !civil_valid(&sh->taken_on))
		return MM_EINVAL;
	rc = store_write(s, do_record, &op);
	if (rc < 0)
		*sh = op.saved;
	return rc;
}

STORE_POOLED_GETTER(store_screenshot_get, struct screenshot, load_screenshot)

/* The log as a list; the authz object is app/objects.c's. */
static const struct ops_list screenshot_rows = {
	.table = &screenshot_table,
	.cols = "unit_name, device_model, device_serial",
	.joined = "ud",
	.from = "FROM screenshots" JOIN_UNIT_NAME("unit_id")
		JOIN_DEVICE("device_id"),
	.id = "id",
	.unit = "unit_id",
	.owner = "recorded_by",
	.state = "0",
	.desc = 1,
};

int store_screenshot_list(struct store *s, const struct authz_view *view,
			  const struct screenshot_filter *f,
			  const struct page_req *req,
			  struct screenshot_list *out)
{
	static const struct screenshot_filter none;
	const struct ops_page_out o = OPS_PAGE_OUT(out, NULL);
	struct ops_where w = OPS_WHERE_INIT;
	char before[LENDING_ISO_SIZE] = "";

	if (!f)
		f = &none;
	if (lending_iso_opt(&f->taken_before, before) < 0)
		return MM_EINVAL;
	if (f->unit_id)
		ops_where_add(&w, "unit_id = ?", DB_P(DB_I(f->unit_id)));
	if (f->on_device_only)
		ops_where_add(&w, "state = ?", DB_P(DB_I(SCREENSHOT_TAKEN)));
	if (before[0])
		ops_where_add(&w, "taken_on < ?", DB_P(DB_T(before)));
	return ops_where_page(s, &screenshot_rows, view, &w, req, &o);
}

STORE_POOLED_PAGE_RELEASE(screenshot_list)

static int do_dispose(struct db *d, void *arg)
{
	struct screenshot_op *op = arg;
	struct screenshot *sh = malloc(sizeof *sh);
	struct pool pool = POOL_INIT_MAX(0);
	int rc = sh ? load_screenshot(d, op->id, &pool, sh) : MM_ENOMEM;

	if (rc == 0 && sh->version != op->version)
		rc = MM_ESTALE;
	if (rc == 0)
		rc = screenshot_transition(sh->state, op->ev, &sh->state);
	/* The note lives as long as the operation; sized as ever. */
	if (rc == 0) {
		sh->disposal_note = op->note ? op->note : "";
		if (strlen(sh->disposal_note) >= MM_TEXT_MAX)
			rc = MM_EINVAL;
	}
	if (rc == 0)
		rc = db_exec(d, "UPDATE screenshots SET state = ?, disposed_by = ?,"
			     " disposed_at = ?, disposal_note = ?,"
			     " version = version + 1 WHERE id = ?",
			     DB_P(DB_I(sh->state),
				  DB_USER(op->a ? op->a->user_id : 0),
				  DB_I(db_now()), DB_T(sh->disposal_note),
				  DB_I(sh->id)), NULL);
	if (rc == 0) {
		sh->version++;
		rc = audit_screenshot(d, op->a, op->ev == SCREENSHOT_EV_MOVE ?
				      "screenshot.move" : "screenshot.delete", sh);
	}
	pool_release(&pool);
	free(sh);
	return rc;
}

int store_screenshot_dispose(struct store *s, const struct actor *a,
			     int64_t id, int64_t version,
			     enum screenshot_event ev, const char *note)
{
	struct screenshot_op op = { .a = a, .id = id, .version = version,
				    .ev = ev, .note = note };

	if (ev != SCREENSHOT_EV_MOVE && ev != SCREENSHOT_EV_DELETE)
		return MM_EINVAL;
	return store_write(s, do_dispose, &op);
}
