/*
 * auditlog.c - the audit trail of store.h (record, list, verify) and the
 * append every write makes, once for every backend.  Contract: store.h
 * and ops.h; the hash chain itself is audit.h.
 */
#include "ops.h"
#include "page.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../audit.h"
#include "../backend.h"
#include "lib/err.h"
#include "lib/banned.h"

#define AUDIT_COLS "seq, at, actor_user_id, actor_login, role, unit_id, addr," \
	" action, object_type, object_id, detail, prev_hash, hash"

#define HEX_SIZE (2 * MM_HASH_BYTES + 1)

/* A store_read result: the trail is broken (a finding, not a failed tx). */
#define BROKEN 2

struct head {
	int64_t seq;
	unsigned char prev[MM_HASH_BYTES];
};

static int head_row(const struct db_row *r, void *arg)
{
	struct head *h = arg;
	char hex[HEX_SIZE];

	h->seq = db_int(r, 0);
	/* a damaged head must not be chained onto: verify reports it */
	if (db_text(r, 1, hex, sizeof hex) < 0 ||
	    audit_hex_decode(hex, h->prev) < 0)
		return MM_ECORRUPT;
	return 0;
}

static int insert_entry(struct db *d, const struct audit_entry *e,
			const char *prev_hex)
{
	int rc = db_exec(d,
		"INSERT INTO audit_log (seq, pos, at, actor_user_id, actor_login,"
		" role, unit_id, addr, action, object_type, object_id, detail,"
		" prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		DB_P(DB_I(e->seq), DB_I(e->seq), DB_I(e->at),
		     DB_I(e->actor_user_id),
		     DB_T(e->actor_login), DB_I(e->role), DB_I(e->unit_id),
		     DB_T(e->addr), DB_T(e->action), DB_T(e->object_type),
		     DB_I(e->object_id), DB_T(e->detail), DB_T(prev_hex),
		     DB_T(e->hash)), NULL);

	if (rc < 0)
		return rc;
	return db_exec(d, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
		       DB_P(DB_I(e->seq), DB_T(e->hash)), NULL);
}

/*
 * The entry of a write on a backend with a sealer (PostgreSQL): inserted
 * in the write's transaction, numbered by the sequence, unsealed (no
 * place in the chain, no hashes) and without touching audit_head, so
 * writers do not queue on one row (issue 12).  The sealer chains it once
 * its transaction has committed (pg/sealer.c).
 */
static int insert_unsealed(struct db *d, struct audit_entry *e)
{
	e->at = db_now();
	return db_exec(d,
		"INSERT INTO audit_log (at, actor_user_id, actor_login, role,"
		" unit_id, addr, action, object_type, object_id, detail)"
		" VALUES (?,?,?,?,?,?,?,?,?,?)",
		DB_P(DB_I(e->at), DB_I(e->actor_user_id),
		     DB_T(e->actor_login), DB_I(e->role), DB_I(e->unit_id),
		     DB_T(e->addr), DB_T(e->action), DB_T(e->object_type),
		     DB_I(e->object_id), DB_T(e->detail)), NULL);
}

int ops_audit_append(struct db *d, const struct actor *a, const char *action,
		     const char *object_type, int64_t object_id,
		     const char *detail)
{
	struct audit_entry *e = malloc(sizeof *e);
	unsigned char hash[MM_HASH_BYTES];
	char prev_hex[HEX_SIZE];
	struct head h = { 0 };
	int rc;

	if (!e)
		return MM_ENOMEM;
	rc = audit_entry_fill(e, a, action, object_type, object_id, detail);
	if (rc == 0 && d->s->drv->deferred_audit) {
		rc = insert_unsealed(d, e);
		free(e);
		return rc;
	}
	if (rc == 0)
		rc = db_first(d, "SELECT seq, hash FROM audit_head WHERE id = 1",
			      DB_NONE, head_row, &h);
	if (rc == MM_ENOTFOUND)
		rc = MM_ECORRUPT;
	if (rc == 0) {
		e->seq = h.seq + 1;
		e->at = db_now();
		audit_hash(h.prev, e, hash);
		sodium_bin2hex(e->hash, sizeof e->hash, hash, sizeof hash);
		sodium_bin2hex(prev_hex, sizeof prev_hex, h.prev, sizeof h.prev);
		rc = insert_entry(d, e, prev_hex);
	}
	free(e);
	return rc;
}

/*
 * `audit verify` in two threads (issue 12): the walk's thread reads the
 * rows, checks what needs no hash (types, sizes, place, previous hash as
 * text) and encodes each entry into a batch; a hasher thread hashes the
 * batches in order and compares.  A row the fast path will not take
 * waits until the hasher has caught up, and is then judged by the exact
 * code on the verifier's state, so every error is found and worded as
 * when one thread did it all.  Without a thread the batches are hashed
 * in line.
 */
#define PIPE_BATCHES 4
#define PIPE_ITEMS 1024
#define PIPE_BYTES (256 * 1024)

struct pipe_item {
	int64_t pos;
	uint32_t off, len;
	char hash[2 * MM_HASH_BYTES];
};

struct pipe_batch {
	size_t n, used;
	struct pipe_item items[PIPE_ITEMS];
	unsigned char bytes[PIPE_BYTES];
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pipe_batch *b;            /* PIPE_BATCHES, or 1 in line */
	uint64_t published, consumed;    /* batches, under mu */
	int done, failed, threaded;
	pthread_t th;
	struct audit_verifier *v;
	struct audit_sha *sha;
	/* the reader's side: the place and previous hash the next row needs
	   (the verifier's, once the hasher has caught up) */
	int64_t expect;
	char last_hex[2 * MM_HASH_BYTES];
};

struct audit_op {
	const struct actor *a;
	const char *action, *object_type, *detail;
	int64_t object_id;
	int64_t unit_id, before_seq;
	size_t limit;
	struct audit_list *list;
	size_t cap;
	struct audit_verify_result *r;
	store_progress_fn progress;
	void *arg;
	/* verify: the walk's state */
	struct audit_verifier v;
	struct audit_sha sha;
	struct pipe pipe;
	struct audit_entry e;
	int64_t done, total;
	/* a schema before the sealer (no pos column): a backup being taken
	   before its migration; walked by seq, nothing unsealed */
	int legacy;
};

static int do_record(struct db *d, void *arg)
{
	struct audit_op *op = arg;

	return ops_audit_append(d, op->a, op->action, op->object_type,
				op->object_id, op->detail);
}

int store_audit_record(struct store *s, const struct actor *a,
		       const char *action, const char *object_type,
		       int64_t object_id, const char *detail)
{
	struct audit_op op = { .a = a, .action = action,
			       .object_type = object_type,
			       .object_id = object_id, .detail = detail };

	if (!action || !*action)
		return MM_EINVAL;
	return store_write(s, do_record, &op);
}

static const char *const col_names[] = {
	"seq", "at", "actor_user_id", "actor_login", "role", "unit_id", "addr",
	"action", "object_type", "object_id", "detail", "prev_hash", "hash",
};
static const int int_cols[] = { 0, 1, 2, 4, 5, 9 };

/*
 * Reads one audit row into e; *bad names the first column whose value has
 * the wrong type or does not fit (the verifier reports it).  A typed
 * engine never has the wrong type; SQLite's STRICT tables could be
 * rewritten behind the store's back.
 */
static int audit_row(const struct db_row *r, struct audit_entry *e,
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
	for (size_t i = 0; i < sizeof int_cols / sizeof int_cols[0]; i++)
		if (db_type(r, int_cols[i]) != DB_INT)
			*bad = col_names[int_cols[i]];
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (db_type(r, texts[i].col) != DB_TEXT ||
		    db_text(r, texts[i].col, texts[i].dst, texts[i].cap) < 0)
			*bad = col_names[texts[i].col];
	if (db_type(r, 11) != DB_TEXT)
		*bad = col_names[11];
	e->seq = db_int(r, 0);
	e->at = db_int(r, 1);
	e->actor_user_id = db_int(r, 2);
	e->role = (enum role)db_int(r, 4);
	e->unit_id = db_int(r, 5);
	e->object_id = db_int(r, 9);
	return *bad ? MM_ECORRUPT : 0;
}

static int list_row(const struct db_row *r, void *arg)
{
	struct audit_op *op = arg;
	struct audit_list *l = op->list;
	const char *bad;
	int rc = db_grow((void **)&l->items, &op->cap, l->n, sizeof *l->items);

	/* a damaged row is still listed; verify is where it is judged */
	if (rc == 0)
		audit_row(r, &l->items[l->n++], &bad);
	return rc;
}

/*
 * The newest entries before before_seq (0: from the newest) of unit_id
 * (0: every unit).  One text per combination of the two, so each names
 * only the conditions that are on and is read off the index (issue 12):
 * the primary key, or audit_unit (unit_id, seq).
 */
static const char *const list_sql[2][2] = {
	{ "SELECT " AUDIT_COLS " FROM audit_log ORDER BY seq DESC LIMIT ?",
	  "SELECT " AUDIT_COLS " FROM audit_log WHERE unit_id = ?"
	  " ORDER BY seq DESC LIMIT ?" },
	{ "SELECT " AUDIT_COLS " FROM audit_log WHERE seq < ?"
	  " ORDER BY seq DESC LIMIT ?",
	  "SELECT " AUDIT_COLS " FROM audit_log WHERE seq < ? AND unit_id = ?"
	  " ORDER BY seq DESC LIMIT ?" },
};

static int do_list(struct db *d, void *arg)
{
	struct audit_op *op = arg;
	struct db_param p[3];
	int n = 0;

	op->list->n = 0; /* a retry starts over */
	if (op->before_seq)
		p[n++] = DB_I(op->before_seq);
	if (op->unit_id)
		p[n++] = DB_I(op->unit_id);
	p[n++] = DB_I(op->limit);
	if (ops_list_probe)
		ops_list_probe(list_sql[op->before_seq != 0][op->unit_id != 0],
			       p, n);
	return db_query(d, list_sql[op->before_seq != 0][op->unit_id != 0],
			p, n, list_row, op);
}

int store_audit_list(struct store *s, int64_t unit_id, int64_t before_seq,
		     size_t limit, struct audit_list *out)
{
	struct audit_op *op = calloc(1, sizeof *op);
	int rc;

	out->items = NULL;
	out->n = 0;
	if (!op)
		return MM_ENOMEM;
	op->unit_id = unit_id;
	op->before_seq = before_seq;
	op->limit = limit > 10000 ? 10000 : limit;
	op->list = out;
	rc = limit == 0 ? 0 : store_read(s, do_list, op);
	if (rc < 0)
		audit_list_release(out);
	free(op);
	return rc;
}

/* The trail as a list: an entry's authz object is its unit. */
static const struct ops_list audit_rows = {
	.cols = AUDIT_COLS,
	.from = "FROM audit_log",
	.id = "seq",
	.unit = "unit_id",
	.owner = "0",
	.state = "0",
	.desc = 1,
};

/* A damaged row is still listed; verify is where it is judged. */
static int page_row(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool)
{
	const char *bad;

	(void)j;
	audit_row(r, item, &bad);
	return 0;
}

int store_audit_page(struct store *s, const struct authz_view *view,
		     const struct page_req *req, struct audit_page *out)
{
	const struct ops_page_out o = { .items = (void **)&out->items,
					.size = sizeof *out->items,
					.n = &out->n, .at = &out->at,
					.read = page_row };

	return ops_list_page(s, &audit_rows, view, NULL, DB_NONE, req, &o);
}

int store_audit_action_page(struct store *s, const char *action,
			    int64_t object_id, const struct page_req *req,
			    struct audit_page *out)
{
	const struct ops_page_out o = { .items = (void **)&out->items,
					.size = sizeof *out->items,
					.n = &out->n, .at = &out->at,
					.read = page_row };

	if (!action || !*action)
		return MM_EINVAL;
	if (object_id)
		return ops_list_page(s, &audit_rows, NULL,
				     "action = ? AND object_id = ?",
				     DB_P(DB_T(action), DB_I(object_id)), req,
				     &o);
	return ops_list_page(s, &audit_rows, NULL, "action = ?",
			     DB_P(DB_T(action)), req, &o);
}

struct reads_op {
	const struct actor *a;
	const char *action, *object_type, *detail;
	const int64_t *ids;
	size_t n;
};

static int do_reads(struct db *d, void *arg)
{
	struct reads_op *op = arg;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < op->n; i++)
		rc = ops_audit_append(d, op->a, op->action, op->object_type,
				      op->ids[i], op->detail);
	return rc;
}

int store_audit_reads(struct store *s, const struct actor *a,
		      const char *action, const char *object_type,
		      const int64_t *ids, size_t n, const char *detail)
{
	struct reads_op op = { a, action, object_type, detail, ids, n };

	if (!action || !*action)
		return MM_EINVAL;
	return n == 0 ? 0 : store_write(s, do_reads, &op);
}

struct head_text {
	int64_t seq, total;
	char hex[HEX_SIZE];
	int missing;
};

static int head_text_row(const struct db_row *r, void *arg)
{
	struct head_text *h = arg;

	h->seq = db_int(r, 0);
	h->total = db_int(r, 2);
	/* an unreadable head hash fails the final comparison */
	if (db_text(r, 1, h->hex, sizeof h->hex) < 0)
		h->hex[0] = '\0';
	h->missing = db_type(r, 0) != DB_INT;
	return 0;
}

/* The head (missing when the row is gone) and the number of sealed entries. */
static int read_head(struct db *d, struct head_text *h, int legacy)
{
	/* the outer join yields the count also when the head row is gone */
	int rc = db_first(d, legacy ? "SELECT h.seq, h.hash, (SELECT count(*)"
			  " FROM audit_log) FROM (SELECT 1) AS one LEFT JOIN"
			  " audit_head h ON h.id = 1" :
			  "SELECT h.seq, h.hash, (SELECT count(*) FROM"
			  " audit_log WHERE pos IS NOT NULL) FROM (SELECT 1) AS"
			  " one LEFT JOIN audit_head h"
			  " ON h.id = 1", DB_NONE, head_text_row, h);

	return rc == 0 && h->missing ? MM_ECORRUPT : rc;
}

static void hash_batch(struct pipe *p, struct pipe_batch *b)
{
	for (size_t i = 0; i < b->n && !p->v->failed; i++)
		audit_verifier_hashed(p->v, p->sha, b->items[i].pos,
				      b->bytes + b->items[i].off,
				      b->items[i].len, b->items[i].hash);
}

static void *hasher(void *arg)
{
	struct pipe *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->consumed == p->published && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->consumed == p->published)
			break;
		pthread_mutex_unlock(&p->mu);
		hash_batch(p, &p->b[p->consumed % PIPE_BATCHES]);
		pthread_mutex_lock(&p->mu);
		p->failed = p->v->failed;
		p->consumed++;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Starts the walk's pipe (the hasher, if a thread can be had). */
static int pipe_start(struct pipe *p, struct audit_verifier *v,
		      struct audit_sha *sha)
{
	memset(p, 0, sizeof *p);
	p->v = v;
	p->sha = sha;
	p->expect = v->expect_seq;
	memcpy(p->last_hex, v->prev_hex, sizeof p->last_hex);
	p->b = malloc(PIPE_BATCHES * sizeof *p->b);
	if (p->b && pthread_mutex_init(&p->mu, NULL) == 0) {
		if (pthread_cond_init(&p->cv, NULL) == 0) {
			p->threaded = pthread_create(&p->th, NULL, hasher,
						     p) == 0;
			if (!p->threaded)
				pthread_cond_destroy(&p->cv);
		}
		if (!p->threaded)
			pthread_mutex_destroy(&p->mu);
	}
	if (!p->b)
		p->b = malloc(sizeof *p->b);
	if (!p->b)
		return MM_ENOMEM;
	p->b[0].n = p->b[0].used = 0;
	return 0;
}

static struct pipe_batch *pipe_batch(struct pipe *p)
{
	return &p->b[p->published % PIPE_BATCHES];
}

/*
 * Hands the batch being filled to the hasher (or hashes it in line) and
 * makes the next one ready.  MM_ECORRUPT once an entry hashed so far
 * failed: the verifier holds the first failure; the walk stops.
 */
static int pipe_publish(struct pipe *p)
{
	struct pipe_batch *b = pipe_batch(p);
	int failed;

	if (!p->threaded) {
		hash_batch(p, b);
		b->n = b->used = 0;
		return p->v->failed ? MM_ECORRUPT : 0;
	}
	pthread_mutex_lock(&p->mu);
	if (b->n > 0) {
		p->published++;
		pthread_cond_broadcast(&p->cv);
	}
	while (p->published - p->consumed == PIPE_BATCHES)
		pthread_cond_wait(&p->cv, &p->mu);
	failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	b = pipe_batch(p);
	b->n = b->used = 0;
	return failed ? MM_ECORRUPT : 0;
}

/* Waits until every entry handed over is hashed: the verifier is then
 * the reader's to use.  0 or MM_ECORRUPT as pipe_publish. */
static int pipe_drain(struct pipe *p)
{
	int rc = pipe_publish(p);

	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		while (p->consumed != p->published)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
	return rc < 0 || p->v->failed ? MM_ECORRUPT : 0;
}

/* Stops the hasher (after what is queued: past a failure it skips
 * everything) and frees the pipe. */
static void pipe_stop(struct pipe *p)
{
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->done = 1; /* the hasher ends once what is queued is done */
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->th, NULL);
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
	}
	free(p->b);
	p->b = NULL;
}

/*
 * The fast path of walk_row: the row read where the engine holds it (no
 * copy into struct audit_entry, no hex decoding: most of `audit verify`'s
 * time besides the hashing, issue 12), checked as far as no hash is
 * needed and queued for the hasher.  1: queued; 0: a column of the wrong
 * type, or anything else the exact path must judge; MM_ECORRUPT: an
 * entry hashed meanwhile failed.
 */
static int walk_fast(const struct db_row *r, struct audit_op *op)
{
	static const int ints[] = { 0, 1, 2, 4, 5, 9, 13 };
	static const int texts[AUDIT_REF_TEXTS] = {
		[AUDIT_REF_LOGIN] = 3, [AUDIT_REF_ADDR] = 6,
		[AUDIT_REF_ACTION] = 7, [AUDIT_REF_TYPE] = 8,
		[AUDIT_REF_DETAIL] = 10,
	};
	struct pipe *p = &op->pipe;
	struct pipe_batch *b = pipe_batch(p);
	struct pipe_item *it;
	struct audit_ref e;
	size_t n;
	int rc;

	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		if (db_type(r, ints[i]) != DB_INT)
			return 0;
	for (int i = 0; i < AUDIT_REF_TEXTS; i++) {
		if (db_type(r, texts[i]) != DB_TEXT)
			return 0;
		e.text[i] = db_text_ref(r, texts[i], &e.len[i]);
	}
	if (db_type(r, 11) != DB_TEXT || db_type(r, 12) != DB_TEXT)
		return 0;
	e.prev_hex = db_text_ref(r, 11, &e.prev_len);
	e.hash_hex = db_text_ref(r, 12, &e.hash_len);
	/* step_at's first checks, against what the hasher will have */
	if (db_int(r, 13) != p->expect || !e.prev_hex || !e.hash_hex ||
	    e.prev_len != sizeof p->last_hex ||
	    memcmp(e.prev_hex, p->last_hex, sizeof p->last_hex) != 0 ||
	    e.hash_len != sizeof p->last_hex)
		return 0;
	e.seq = db_int(r, 0);
	e.at = db_int(r, 1);
	e.actor_user_id = db_int(r, 2);
	e.role = db_int(r, 4);
	e.unit_id = db_int(r, 5);
	e.object_id = db_int(r, 9);
	if (b->n == PIPE_ITEMS || PIPE_BYTES - b->used < AUDIT_REF_BYTES) {
		rc = pipe_publish(p);
		if (rc < 0)
			return rc;
		b = pipe_batch(p);
	}
	if (audit_ref_encode(&e, b->bytes + b->used, &n) < 0)
		return 0;
	it = &b->items[b->n++];
	it->pos = p->expect;
	it->off = (uint32_t)b->used;
	it->len = (uint32_t)n;
	memcpy(it->hash, e.hash_hex, sizeof it->hash);
	b->used += n;
	p->expect++;
	memcpy(p->last_hex, e.hash_hex, sizeof p->last_hex);
	return 1;
}

static int walk_row(const struct db_row *r, void *arg)
{
	struct audit_op *op = arg;
	char prev_hex[HEX_SIZE];
	const char *bad;
	int64_t pos;
	int rc = walk_fast(r, op);

	if (rc != 0) { /* queued, or an entry hashed meanwhile failed */
		if (rc > 0 && op->progress && ++op->done % 1000 == 0)
			op->progress(op->done, op->total, op->arg);
		return rc > 0 ? 0 : rc;
	}
	rc = pipe_drain(&op->pipe); /* the verifier is now up to date */
	if (rc < 0)
		return rc;
	pos = db_int(r, 13);
	if (audit_row(r, &op->e, &bad) < 0 ||
	    db_text(r, 11, prev_hex, sizeof prev_hex) < 0)
		rc = audit_verifier_garbage(&op->v, pos,
					    bad ? bad : "prev_hash");
	else if (db_type(r, 13) != DB_INT)
		rc = audit_verifier_garbage(&op->v, op->e.seq, "pos");
	else
		rc = audit_verifier_step_at(&op->v, pos, &op->e, prev_hex);
	op->pipe.expect = op->v.expect_seq;
	memcpy(op->pipe.last_hex, op->v.prev_hex, sizeof op->pipe.last_hex);
	if (op->progress && ++op->done % 1000 == 0)
		op->progress(op->done, op->total, op->arg);
	return rc;
}

static int unsealed_row(const struct db_row *r, void *arg)
{
	struct audit_verify_result *res = arg;

	res->unsealed = db_int(r, 0);
	res->oldest_unsealed_at = db_int(r, 1);
	return 0;
}

static int do_verify(struct db *d, void *arg)
{
	struct audit_op *op = arg;
	struct head_text h = { 0 };
	int rc;

	audit_verifier_init(&op->v, op->r);
	op->done = 0;
	rc = read_head(d, &h, op->legacy);
	op->total = h.total;
	if (rc == MM_ECORRUPT) {
		/* no entry to blame: point past the end of the trail */
		audit_verifier_garbage(&op->v, h.total + 1, "audit head");
		return BROKEN;
	}
	if (rc == 0 && !op->legacy)
		rc = db_first(d, "SELECT count(*), coalesce(min(at), 0) FROM"
			      " audit_log WHERE pos IS NULL", DB_NONE,
			      unsealed_row, op->r);
	/* SQLite chains each entry as it is written: none may wait */
	if (rc == 0 && !d->s->drv->deferred_audit && op->r->unsealed > 0) {
		audit_verifier_garbage(&op->v, h.seq + 1, "place in the chain"
				       " (an entry was added unchained)");
		return BROKEN;
	}
	/* the sealed entries, in their places (on SQLite pos is seq) */
	if (rc == 0)
		rc = pipe_start(&op->pipe, &op->v, &op->sha);
	if (rc == 0) {
		rc = db_scan(d, op->legacy ?
			     "SELECT " AUDIT_COLS ", seq FROM audit_log"
			     " ORDER BY seq" :
			     "SELECT " AUDIT_COLS ", pos FROM audit_log"
			     " WHERE pos IS NOT NULL ORDER BY pos",
			     DB_NONE, walk_row, op);
		if (rc == 0)
			rc = pipe_drain(&op->pipe);
		pipe_stop(&op->pipe);
	}
	if (rc == 0)
		rc = audit_verifier_finish(&op->v, h.seq, h.hex);
	if (rc == 0 && op->progress)
		op->progress(op->r->entries, h.total, op->arg);
	/* a broken trail is a finding, not a failed transaction */
	return rc == MM_ECORRUPT ? BROKEN : rc;
}

static int no_row(const struct db_row *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

/* Whether audit_log has pos: MM_ENOTFOUND (no row) when it has. */
static int probe_pos(struct db *d, void *arg)
{
	(void)arg;
	return db_first(d, "SELECT pos FROM audit_log WHERE 1 = 0", DB_NONE,
			no_row, NULL);
}

int store_audit_verify(struct store *s, struct audit_verify_result *r,
		       void (*progress)(int64_t done, int64_t total, void *arg),
		       void *arg)
{
	struct audit_op *op = calloc(1, sizeof *op);
	int rc;

	memset(r, 0, sizeof *r);
	if (!op)
		return MM_ENOMEM;
	op->r = r;
	op->progress = progress;
	op->arg = arg;
	audit_sha_init(&op->sha);
	/* a copy of a schema before the sealer has no pos (see legacy) */
	rc = store_read_single(s, probe_pos, NULL);
	op->legacy = rc < 0 && rc != MM_ENOTFOUND && rc != MM_ENOMEM &&
		rc != MM_EUNAVAIL && rc != MM_EBUSY;
	rc = store_read(s, do_verify, op);
	audit_sha_release(&op->sha);
	free(op);
	return rc == BROKEN ? MM_ECORRUPT : rc;
}

struct hash_at {
	int64_t seq;
	char *hex;
};

static int hash_at_row(const struct db_row *r, void *arg)
{
	struct hash_at *h = arg;

	if (db_type(r, 0) != DB_TEXT ||
	    db_text(r, 0, h->hex, HEX_SIZE) < 0 || strlen(h->hex) != HEX_SIZE - 1)
		return MM_ECORRUPT;
	return 0;
}

static int do_hash_at(struct db *d, void *arg)
{
	struct hash_at *h = arg;

	return db_first(d, "SELECT hash FROM audit_log WHERE pos = ?",
			DB_P(DB_I(h->seq)), hash_at_row, h);
}

int store_audit_hash_at(struct store *s, int64_t seq, char hex[HEX_SIZE])
{
	struct hash_at h = { .seq = seq, .hex = hex };
	int rc;

	hex[0] = '\0';
	rc = store_read(s, do_hash_at, &h);
	if (rc < 0)
		hex[0] = '\0';
	return rc;
}

struct head_op {
	int64_t seq;
	char *hex;
};

static int head_op_row(const struct db_row *r, void *arg)
{
	struct head_op *h = arg;

	h->seq = db_int(r, 0);
	if (db_type(r, 1) != DB_TEXT ||
	    db_text(r, 1, h->hex, HEX_SIZE) < 0 || strlen(h->hex) != HEX_SIZE - 1)
		return MM_ECORRUPT;
	return 0;
}

static int do_head(struct db *d, void *arg)
{
	int rc = db_first(d, "SELECT seq, hash FROM audit_head WHERE id = 1",
			  DB_NONE, head_op_row, arg);

	return rc == MM_ENOTFOUND ? MM_ECORRUPT : rc;
}

int store_audit_head(struct store *s, int64_t *seq, char hex[HEX_SIZE])
{
	struct head_op h = { 0, hex };
	int rc;

	hex[0] = '\0';
	rc = store_read_single(s, do_head, &h);
	*seq = rc == 0 ? h.seq : 0;
	if (rc < 0)
		hex[0] = '\0';
	return rc;
}

/* ---- the sealer's batch (PostgreSQL) ---- */

struct seal_op {
	struct audit_entry *items;
	size_t n, max;
};

static int seal_row(const struct db_row *r, void *arg)
{
	struct seal_op *op = arg;
	const char *bad;

	if (op->n >= op->max)
		return 1;
	/* an unreadable entry is never chained: verify names it */
	return audit_row(r, &op->items[op->n++], &bad);
}

/* Appends v to the array literal b ("{1,2}"). */
static void array_add(struct buf *b, int64_t i, const char *text, int64_t v)
{
	buf_addch(b, i ? ',' : '{');
	if (text)
		buf_adds(b, text);
	else
		buf_addf(b, "%lld", (long long)v);
}

static int seal_update(struct db *d, struct seal_op *op, int64_t first,
		       const unsigned char genesis[MM_HASH_BYTES])
{
	struct buf seqs = BUF_INIT_MAX(BUF_MAX_DEFAULT),
		   hashes = BUF_INIT_MAX(BUF_MAX_DEFAULT);
	struct buf prevs = BUF_INIT_MAX(BUF_MAX_DEFAULT);
	unsigned char prev[MM_HASH_BYTES], hash[MM_HASH_BYTES];
	char hex[HEX_SIZE];
	int64_t changed = 0;
	int rc;

	memcpy(prev, genesis, sizeof prev);
	for (size_t i = 0; i < op->n; i++) {
		struct audit_entry *e = &op->items[i];

		audit_hash(prev, e, hash);
		sodium_bin2hex(hex, sizeof hex, prev, sizeof prev);
		array_add(&prevs, (int64_t)i, hex, 0);
		sodium_bin2hex(e->hash, sizeof e->hash, hash, sizeof hash);
		array_add(&hashes, (int64_t)i, e->hash, 0);
		array_add(&seqs, (int64_t)i, NULL, e->seq);
		memcpy(prev, hash, sizeof prev);
	}
	buf_addch(&seqs, '}');
	buf_addch(&hashes, '}');
	buf_addch(&prevs, '}');
	rc = buf_error(&seqs) ? buf_error(&seqs) : buf_error(&hashes) ?
		buf_error(&hashes) : buf_error(&prevs);
	/* one statement for the batch; the places follow the array's order */
	if (rc == 0)
		rc = db_exec(d, "UPDATE audit_log a SET pos = ? + v.k - 1,"
			" prev_hash = v.prev, hash = v.hash FROM unnest("
			"CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]))"
			" WITH ORDINALITY AS v(seq, prev, hash, k)"
			" WHERE a.seq = v.seq AND a.pos IS NULL",
			DB_P(DB_I(first), DB_T(buf_cstr(&seqs)),
			     DB_T(buf_cstr(&prevs)), DB_T(buf_cstr(&hashes))),
			&changed);
	if (rc == 0 && changed != (int64_t)op->n)
		rc = MM_ESTALE; /* another sealer was here: roll back */
	if (rc == 0)
		rc = db_exec(d, "UPDATE audit_head SET seq = ?, hash = ?"
			     " WHERE id = 1",
			     DB_P(DB_I(first + (int64_t)op->n - 1),
				  DB_T(op->items[op->n - 1].hash)), NULL);
	buf_release(&seqs);
	buf_release(&hashes);
	buf_release(&prevs);
	return rc;
}

int ops_audit_seal(struct db *d, size_t max, int64_t *sealed)
{
	struct seal_op op = { .max = max };
	struct head h = { 0 };
	int rc;

	*sealed = 0;
	op.items = calloc(max ? max : 1, sizeof *op.items);
	if (!op.items)
		return MM_ENOMEM;
	/* the head row's lock: a second sealer waits, never forks */
	rc = db_first(d, "SELECT seq, hash FROM audit_head WHERE id = 1"
		      " FOR UPDATE", DB_NONE, head_row, &h);
	if (rc == MM_ENOTFOUND)
		rc = MM_ECORRUPT;
	/*
	 * Entries of transactions that ended and are older than every
	 * writing transaction of this database still in flight (age: how
	 * many transaction ids ago; the cluster-wide pg_snapshot_xmin would
	 * let any other database's long transaction stall the trail): a
	 * transaction that began earlier and commits later is chained after
	 * what committed before it, never overtaken by a younger one.
	 */
	if (rc == 0)
		rc = db_query(d, "SELECT seq, at, actor_user_id, actor_login,"
			      " role, unit_id, addr, action, object_type,"
			      " object_id, detail, '', '' FROM audit_log"
			      " WHERE pos IS NULL AND age(xid(txid)) > coalesce(("
			      "SELECT max(age(backend_xid)) FROM pg_stat_activity"
			      " WHERE datname = current_database() AND backend_xid"
			      " IS NOT NULL AND pid <> pg_backend_pid()), -1)"
			      " ORDER BY seq LIMIT ?",
			      DB_P(DB_I((int64_t)max)), seal_row, &op);
	if (rc == 0 && op.n > 0)
		rc = seal_update(d, &op, h.seq + 1, h.prev);
	if (rc == 0)
		*sealed = (int64_t)op.n;
	free(op.items);
	return rc;
}
