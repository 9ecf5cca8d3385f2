#include "sq.h"

#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "lib/err.h"
#include "lib/banned.h"

#define AUDIT_COLS "seq, at, actor_user_id, actor_login, role, unit_id, addr," \
	" action, object_type, object_id, detail, prev_hash, hash"

struct audit_op {
	const struct actor *a;
	const char *action, *object_type, *detail;
	int64_t object_id;
	int64_t unit_id, before_seq;
	size_t limit;
	struct audit_list *list;
	struct audit_verify_result *r;
	store_progress_fn progress;
	void *arg;
};

static int do_record(sqlite3 *db, void *arg)
{
	struct audit_op *op = arg;

	return sq_audit_append(db, op->a, op->action, op->object_type,
			       op->object_id, op->detail);
}

int sq_audit_record(struct store *s, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail)
{
	struct audit_op op = { .a = a, .action = action,
			       .object_type = object_type,
			       .object_id = object_id, .detail = detail };

	if (!action || !*action)
		return MM_EINVAL;
	return sq_write(sq_of(s), do_record, &op);
}

static const int int_cols[] = { 0, 1, 2, 4, 5, 9 };
static const char *const col_names[] = {
	"seq", "at", "actor_user_id", "actor_login", "role", "unit_id", "addr",
	"action", "object_type", "object_id", "detail", "prev_hash", "hash",
};

/*
 * Reads one audit row into e; *bad names the first column whose value has
 * the wrong type or does not fit (the verifier reports it).
 */
static int audit_row(sqlite3_stmt *st, struct audit_entry *e, const char **bad)
{
	struct { int col; char *dst; size_t cap; } texts[] = {
		{ 3, e->actor_login, sizeof e->actor_login },
		{ 6, e->addr, sizeof e->addr },
		{ 7, e->action, sizeof e->action },
		{ 8, e->object_type, sizeof e->object_type },
		{ 10, e->detail, sizeof e->detail },
		{ 12, e->hash, sizeof e->hash },
	};

	memset(e, 0, sizeof *e);
	*bad = NULL;
	for (size_t i = 0; i < sizeof int_cols / sizeof int_cols[0]; i++)
		if (sqlite3_column_type(st, int_cols[i]) != SQLITE_INTEGER)
			*bad = col_names[int_cols[i]];
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (sqlite3_column_type(st, texts[i].col) != SQLITE_TEXT ||
		    sq_text(st, texts[i].col, texts[i].dst, texts[i].cap) < 0)
			*bad = col_names[texts[i].col];
	if (sqlite3_column_type(st, 11) != SQLITE_TEXT)
		*bad = col_names[11];
	e->seq = sqlite3_column_int64(st, 0);
	e->at = sqlite3_column_int64(st, 1);
	e->actor_user_id = sqlite3_column_int64(st, 2);
	e->role = (enum role)sqlite3_column_int(st, 4);
	e->unit_id = sqlite3_column_int64(st, 5);
	e->object_id = sqlite3_column_int64(st, 9);
	return *bad ? MM_ECORRUPT : 0;
}

static int do_list(sqlite3 *db, void *arg)
{
	struct audit_op *op = arg;
	struct audit_list *l = op->list;
	sqlite3_stmt *st;
	const char *bad;
	size_t cap = 0;
	int rc = sq_prepare(db, "SELECT " AUDIT_COLS " FROM audit_log"
			    " WHERE (?1 = 0 OR seq < ?1) AND (?2 = 0 OR unit_id = ?2)"
			    " ORDER BY seq DESC LIMIT ?3", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, op->before_seq);
	sqlite3_bind_int64(st, 2, op->unit_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)op->limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = sq_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		if (rc < 0)
			break;
		/* a damaged row is still listed; verify is where it is judged */
		audit_row(st, &l->items[l->n++], &bad);
	}
	rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : sq_err(rc);
	sqlite3_finalize(st);
	return rc;
}

int sq_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		  size_t limit, struct audit_list *out)
{
	struct audit_op op = { .unit_id = unit_id, .before_seq = before_seq,
			       .limit = limit > 10000 ? 10000 : limit, .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	if (limit == 0)
		return 0;
	rc = sq_read(sq_of(s), do_list, &op);
	if (rc < 0)
		audit_list_release(out);
	return rc;
}

static int read_head(sqlite3 *db, int64_t *seq, char hex[2 * MM_HASH_BYTES + 1],
		     int64_t *total)
{
	sqlite3_stmt *st;
	/* the outer join yields the count also when the head row is gone */
	int rc = sq_prepare(db, "SELECT h.seq, h.hash, (SELECT count(*) FROM"
			    " audit_log) FROM (SELECT 1) LEFT JOIN audit_head h"
			    " ON h.id = 1", &st);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		*total = sqlite3_column_int64(st, 2);
		/* an unreadable head hash fails the final comparison */
		if (sq_text(st, 1, hex, 2 * MM_HASH_BYTES + 1) < 0)
			hex[0] = '\0';
		rc = sqlite3_column_type(st, 0) == SQLITE_INTEGER ? 0 : MM_ECORRUPT;
	} else {
		rc = rc == SQLITE_DONE ? MM_ECORRUPT : sq_err(rc);
	}
	sqlite3_finalize(st);
	return rc;
}

static int walk(sqlite3 *db, struct audit_op *op, struct audit_verifier *v,
		int64_t total)
{
	struct audit_entry *e = malloc(sizeof *e);
	char prev_hex[2 * MM_HASH_BYTES + 1];
	sqlite3_stmt *st;
	const char *bad;
	int64_t done = 0;
	int rc;

	if (!e)
		return MM_ENOMEM;
	rc = sq_prepare(db, "SELECT " AUDIT_COLS " FROM audit_log ORDER BY seq", &st);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (audit_row(st, e, &bad) < 0 ||
		    sq_text(st, 11, prev_hex, sizeof prev_hex) < 0)
			rc = audit_verifier_garbage(v, e->seq, bad ? bad : "prev_hash");
		else
			rc = audit_verifier_step(v, e, prev_hex);
		if (op->progress && ++done % 1000 == 0)
			op->progress(done, total, op->arg);
	}
	rc = rc == SQLITE_DONE ? 0 : rc <= 0 ? rc : sq_err(rc);
	sqlite3_finalize(st);
	free(e);
	return rc;
}

static int do_verify(sqlite3 *db, void *arg)
{
	struct audit_op *op = arg;
	struct audit_verifier v;
	char head_hex[2 * MM_HASH_BYTES + 1];
	int64_t head_seq = 0, total = 0;
	int rc;

	audit_verifier_init(&v, op->r);
	rc = read_head(db, &head_seq, head_hex, &total);
	if (rc == MM_ECORRUPT) {
		/* no entry to blame: point past the end of the trail */
		audit_verifier_garbage(&v, total + 1, "audit head");
		return 2;
	}
	if (rc == 0)
		rc = walk(db, op, &v, total);
	if (rc == 0)
		rc = audit_verifier_finish(&v, head_seq, head_hex);
	if (rc == 0 && op->progress)
		op->progress(op->r->entries, total, op->arg);
	/* a broken trail is a finding, not a failed transaction */
	return rc == MM_ECORRUPT ? 2 : rc;
}

int sq_audit_verify(struct store *s, struct audit_verify_result *r,
		    store_progress_fn progress, void *arg)
{
	struct audit_op op = { .r = r, .progress = progress, .arg = arg };
	int rc;

	memset(r, 0, sizeof *r);
	rc = sq_read(sq_of(s), do_verify, &op);
	return rc == 2 ? MM_ECORRUPT : rc;
}
