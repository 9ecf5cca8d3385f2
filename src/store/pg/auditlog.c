#include "pg.h"

#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "lib/err.h"
#include "lib/banned.h"

#define AUDIT_COLS "seq, at, actor_user_id, actor_login, role, unit_id, addr," \
	" action, object_type, object_id, detail, prev_hash, hash"

/* Rows fetched per round trip while verifying. */
#define VERIFY_BATCH "1000"

/* A pg_fn result: the trail is broken (a finding, not a failed tx). */
#define BROKEN 2

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

static int do_record(PGconn *c, void *arg)
{
	struct audit_op *op = arg;

	return pg_audit_append(c, op->a, op->action, op->object_type,
			       op->object_id, op->detail);
}

int pg_audit_record(struct store *s, const struct actor *a, const char *action,
		    const char *object_type, int64_t object_id,
		    const char *detail)
{
	struct audit_op op = { .a = a, .action = action,
			       .object_type = object_type,
			       .object_id = object_id, .detail = detail };

	if (!action || !*action)
		return MM_EINVAL;
	return pg_write(pg_of(s), do_record, &op);
}

static const char *const col_names[] = {
	"seq", "at", "actor_user_id", "actor_login", "role", "unit_id", "addr",
	"action", "object_type", "object_id", "detail", "prev_hash", "hash",
};

/*
 * Reads row i into e; *bad names the first text column that does not fit
 * its field (the columns are typed, so integers are always integers).
 */
static int audit_row(const PGresult *r, int i, struct audit_entry *e,
		     const char **bad)
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
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
		if (pg_text(r, i, texts[k].col, texts[k].dst, texts[k].cap) < 0 &&
		    !*bad)
			*bad = col_names[texts[k].col];
	e->seq = pg_int(r, i, 0);
	e->at = pg_int(r, i, 1);
	e->actor_user_id = pg_int(r, i, 2);
	e->role = (enum role)pg_int(r, i, 4);
	e->unit_id = pg_int(r, i, 5);
	e->object_id = pg_int(r, i, 9);
	return *bad ? MM_ECORRUPT : 0;
}

static int do_list(PGconn *c, void *arg)
{
	struct audit_op *op = arg;
	struct audit_list *l = op->list;
	PGresult *r;
	const char *bad;
	size_t cap = 0;
	int rc = pg_run(c, &r, "SELECT " AUDIT_COLS " FROM audit_log"
			" WHERE ($1::bigint = 0 OR seq < $1::bigint)"
			" AND ($2::bigint = 0 OR unit_id = $2::bigint)"
			" ORDER BY seq DESC LIMIT $3", "iii", op->before_seq,
			op->unit_id, (int64_t)op->limit);

	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		rc = pg_grow((void **)&l->items, &cap, l->n, sizeof *l->items);
		/* a damaged row is still listed; verify is where it is judged */
		if (rc == 0)
			audit_row(r, i, &l->items[l->n++], &bad);
	}
	PQclear(r);
	return rc;
}

int pg_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		  size_t limit, struct audit_list *out)
{
	struct audit_op op = { .unit_id = unit_id, .before_seq = before_seq,
			       .limit = limit > 10000 ? 10000 : limit, .list = out };
	int rc;

	out->items = NULL;
	out->n = 0;
	if (limit == 0)
		return 0;
	rc = pg_read(pg_of(s), do_list, &op);
	if (rc < 0)
		audit_list_release(out);
	return rc;
}

/* The head (NULL columns when the row is gone) and the number of entries. */
static int read_head(PGconn *c, int64_t *seq, char hex[2 * MM_HASH_BYTES + 1],
		     int64_t *total)
{
	PGresult *r;
	int rc = pg_run(c, &r, "SELECT h.seq, h.hash, (SELECT count(*) FROM"
			" audit_log) FROM (SELECT 1) AS one LEFT JOIN audit_head h"
			" ON h.id = 1", NULL);

	if (rc < 0)
		return rc;
	*seq = pg_int(r, 0, 0);
	*total = pg_int(r, 0, 2);
	/* an unreadable head hash fails the final comparison */
	if (pg_text(r, 0, 1, hex, 2 * MM_HASH_BYTES + 1) < 0)
		hex[0] = '\0';
	rc = PQgetisnull(r, 0, 0) ? MM_ECORRUPT : 0;
	PQclear(r);
	return rc;
}

/* Checks the rows of one fetched batch; *n receives how many there were. */
static int walk_batch(const PGresult *r, struct audit_op *op,
		      struct audit_verifier *v, struct audit_entry *e,
		      int64_t *done, int64_t total)
{
	char prev_hex[2 * MM_HASH_BYTES + 1];
	const char *bad;
	int rc = 0;

	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		if (audit_row(r, i, e, &bad) < 0 ||
		    pg_text(r, i, 11, prev_hex, sizeof prev_hex) < 0)
			rc = audit_verifier_garbage(v, e->seq, bad ? bad : "prev_hash");
		else
			rc = audit_verifier_step(v, e, prev_hex);
		if (op->progress && ++*done % 1000 == 0)
			op->progress(*done, total, op->arg);
	}
	return rc;
}

/* Walks the trail through a cursor, so a long one is not held in memory. */
static int walk(PGconn *c, struct audit_op *op, struct audit_verifier *v,
		int64_t total)
{
	struct audit_entry *e = malloc(sizeof *e);
	PGresult *r = NULL;
	int64_t done = 0;
	int rc;

	if (!e)
		return MM_ENOMEM;
	rc = pg_exec(c, "DECLARE audit_walk NO SCROLL CURSOR FOR SELECT "
		     AUDIT_COLS " FROM audit_log ORDER BY seq");
	while (rc == 0) {
		rc = pg_run(c, &r, "FETCH " VERIFY_BATCH " FROM audit_walk", NULL);
		if (rc < 0 || PQntuples(r) == 0)
			break;
		rc = walk_batch(r, op, v, e, &done, total);
		PQclear(r);
		r = NULL;
	}
	PQclear(r);
	free(e);
	if (rc == 0)
		rc = pg_exec(c, "CLOSE audit_walk");
	return rc;
}

static int do_verify(PGconn *c, void *arg)
{
	struct audit_op *op = arg;
	struct audit_verifier v;
	char head_hex[2 * MM_HASH_BYTES + 1];
	int64_t head_seq = 0, total = 0;
	int rc;

	audit_verifier_init(&v, op->r);
	rc = read_head(c, &head_seq, head_hex, &total);
	if (rc == MM_ECORRUPT) {
		/* no entry to blame: point past the end of the trail */
		audit_verifier_garbage(&v, total + 1, "audit head");
		return BROKEN;
	}
	if (rc == 0)
		rc = walk(c, op, &v, total);
	if (rc == 0)
		rc = audit_verifier_finish(&v, head_seq, head_hex);
	if (rc == 0 && op->progress)
		op->progress(op->r->entries, total, op->arg);
	return rc == MM_ECORRUPT ? BROKEN : rc;
}

int pg_audit_verify(struct store *s, struct audit_verify_result *r,
		    store_progress_fn progress, void *arg)
{
	struct audit_op op = { .r = r, .progress = progress, .arg = arg };
	int rc;

	memset(r, 0, sizeof *r);
	rc = pg_read(pg_of(s), do_verify, &op);
	return rc == BROKEN ? MM_ECORRUPT : rc;
}
