/*
 * policy.c - the versions of the directive's rules of store_policy.h,
 * once for every backend.  Contract: store_policy.h.
 */
#include "../store_policy.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "../audit.h"
#include "core/civil.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

#define INSERT_SQL "INSERT INTO policy_versions (version, policy_id," \
	" number, effective_from, expires, body, sha256, loaded_at," \
	" loaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define COLS "version, policy_id, number, effective_from, expires, sha256," \
	" loaded_at, coalesce(loaded_by, 0)"

struct pol_op {
	const struct actor *a;
	const char *text;
	size_t len;
	int64_t n;
	struct policy_version *meta;
	struct policy *out;
	struct buf *body;
	struct policy_error *err;
	const char *why;
	struct policy_version *items;
	size_t count, cap;
	int found;
};

static int meta_row(const struct db_row *r, struct policy_version *m)
{
	int rc;

	memset(m, 0, sizeof *m);
	m->version = db_int(r, 0);
	m->loaded_at = db_int(r, 6);
	m->loaded_by = db_int(r, 7);
	if ((rc = db_text(r, 1, m->policy_id, sizeof m->policy_id)) < 0 ||
	    (rc = db_text(r, 2, m->number, sizeof m->number)) < 0 ||
	    (rc = db_text(r, 3, m->effective_from, sizeof m->effective_from)) < 0 ||
	    (rc = db_text(r, 4, m->expires, sizeof m->expires)) < 0)
		return rc;
	return db_text(r, 5, m->sha256, sizeof m->sha256);
}

/* One version's row and text: parse it into op->out, copy to op->body. */
static int version_row(const struct db_row *r, void *arg)
{
	struct pol_op *op = arg;
	struct policy_version m;
	struct policy_error err;
	struct buf text = BUF_INIT_MAX(POLICY_TEXT_MAX + 1);
	const char *body;
	int rc = meta_row(r, &m);

	op->found = 1;
	if (rc < 0)
		return rc;
	/* db_text needs a buffer: read the text through a pool-free copy */
	{
		char *tmp = malloc(POLICY_TEXT_MAX + 1);

		if (!tmp)
			return MM_ENOMEM;
		rc = db_text(r, 8, tmp, POLICY_TEXT_MAX + 1);
		if (rc == 0)
			rc = buf_adds(&text, tmp);
		free(tmp);
	}
	if (rc < 0) {
		buf_release(&text);
		return rc;
	}
	body = buf_cstr(&text);
	if (op->out) {
		/* a stored version that does not parse is damage; a parse that
		 * ran out of memory is not */
		rc = policy_parse(body, strlen(body), op->out, &err);
		if (rc < 0 && rc != MM_ENOMEM)
			rc = MM_ECORRUPT;
	}
	if (rc == 0 && op->body)
		rc = buf_adds(op->body, body);
	if (rc == 0 && op->meta)
		*op->meta = m;
	buf_release(&text);
	return rc;
}

/* Today in Asia/Tokyo as YYYY-MM-DD. */
static int today_iso(char out[11], struct civil_date *d)
{
	if (civil_from_unix(db_now(), d) < 0)
		return MM_EINVAL;
	return civil_format_iso(d, out, 11);
}

/* The statement of the version in force today, reading cols. */
#define IN_FORCE_SQL(cols) "SELECT " cols " FROM policy_versions" \
	" WHERE effective_from <= ?" \
	" ORDER BY effective_from DESC, version DESC LIMIT 1"

/* Runs sql (an IN_FORCE_SQL) with today's date, its row to fn. */
static int in_force_first(struct db *d, const char *sql, db_row_fn fn,
			  void *arg)
{
	struct civil_date today;
	char iso[11];
	int rc = today_iso(iso, &today);

	return rc < 0 ? rc : db_first(d, sql, DB_P(DB_T(iso)), fn, arg);
}

static int do_in_force(struct db *d, void *arg)
{
	return in_force_first(d, IN_FORCE_SQL(COLS ", body"), version_row, arg);
}

static void first_version(struct policy *out, struct policy_version *meta)
{
	const struct policy *p = policy_default();

	if (out)
		*out = *p;
	if (meta) {
		memset(meta, 0, sizeof *meta);
		meta->version = 1;
		memcpy(meta->policy_id, p->id, sizeof meta->policy_id);
		memcpy(meta->number, p->number, sizeof meta->number);
		civil_format_iso(&p->effective_from, meta->effective_from,
				 sizeof meta->effective_from);
		civil_format_iso(&p->expires, meta->expires,
				 sizeof meta->expires);
	}
}

int ops_policy_in_force(struct db *d, struct policy *out)
{
	struct pol_op op = { .out = out };
	int rc = do_in_force(d, &op);

	if (rc == MM_ENOTFOUND || (rc == 0 && !op.found)) {
		first_version(out, NULL);
		return 0;
	}
	return rc;
}

static int id_row(const struct db_row *r, void *arg)
{
	char **out = arg;

	return db_text(r, 0, out[0], (size_t)(out[1] - out[0]));
}

int ops_policy_id_in_force(struct db *d, char *out, size_t cap)
{
	struct civil_date today;
	char iso[11], *span[2] = { out, out + cap };
	int rc = today_iso(iso, &today);

	if (rc == 0)
		rc = db_first(d, "SELECT policy_id FROM policy_versions"
			      " WHERE effective_from <= ?"
			      " ORDER BY effective_from DESC, version DESC LIMIT 1",
			      DB_P(DB_T(iso)), id_row, span);
	if (rc == MM_ENOTFOUND) {
		if (strlen(policy_default()->id) >= cap)
			return MM_EINVAL;
		memcpy(out, policy_default()->id, strlen(policy_default()->id) + 1);
		return 0;
	}
	return rc;
}

/*
 * The last version parsed for store_policy_in_force, process-wide: every
 * change asks for the version in force (app_dispatch), and reading its
 * text in a transaction and parsing it cost three round trips on
 * PostgreSQL and a parse per request (issue 12).  Keyed by the stored
 * SHA-256 of the text, which the store computed when the text was loaded
 * and which names that text whatever the database or the version number,
 * so the cache can never hand out another text's rules; the row's other
 * columns are read afresh each time.  A new `mamori policy load` (or a
 * new day reaching a version's effective_from) picks another row, whose
 * hash differs: the next request parses that one.
 */
static struct {
	pthread_mutex_t mu;
	int valid;
	char sha256[65];
	struct policy p;
} parsed = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int meta_only_row(const struct db_row *r, void *arg)
{
	struct pol_op *op = arg;

	op->found = 1;
	return meta_row(r, op->meta);
}

/* The row in force without its text: one statement, its own snapshot. */
static int do_in_force_meta(struct db *d, void *arg)
{
	return in_force_first(d, IN_FORCE_SQL(COLS), meta_only_row, arg);
}

/* Copies the parsed rules of the text hashed sha256 when kept: 1, else 0. */
static int parsed_get(const char *sha256, struct policy *out)
{
	int hit;

	pthread_mutex_lock(&parsed.mu);
	hit = parsed.valid && sha256[0] && !strcmp(parsed.sha256, sha256);
	if (hit && out)
		*out = parsed.p;
	pthread_mutex_unlock(&parsed.mu);
	return hit;
}

static void parsed_put(const char *sha256, const struct policy *p)
{
	if (!sha256[0] || strlen(sha256) >= sizeof parsed.sha256)
		return;
	pthread_mutex_lock(&parsed.mu);
	memcpy(parsed.sha256, sha256, strlen(sha256) + 1);
	parsed.p = *p;
	parsed.valid = 1;
	pthread_mutex_unlock(&parsed.mu);
}

int store_policy_in_force(struct store *s, struct policy *out,
			  struct policy_version *meta)
{
	struct policy_version m;
	struct pol_op op = { .meta = &m };
	int rc = store_read_single(s, do_in_force_meta, &op);

	if (rc == 0 && op.found && parsed_get(m.sha256, out)) {
		if (meta)
			*meta = m;
		return 0;
	}
	/* not kept (or the read failed): the row with its text, parsed */
	op = (struct pol_op){ .out = out, .meta = &m };
	rc = store_read(s, do_in_force, &op);
	if (rc == MM_ENOTFOUND || (rc == 0 && !op.found)) {
		first_version(out, meta);
		return 0;
	}
	if (rc == 0) {
		if (out)
			parsed_put(m.sha256, out);
		if (meta)
			*meta = m;
	}
	return rc;
}

static int do_get(struct db *d, void *arg)
{
	struct pol_op *op = arg;

	return db_first(d, "SELECT " COLS ", body FROM policy_versions"
			" WHERE version = ?", DB_P(DB_I(op->n)), version_row, op);
}

int store_policy_get(struct store *s, int64_t n, struct policy_version *meta,
		     struct policy *out, struct buf *text)
{
	struct policy_version m;
	struct pol_op op = { .n = n, .meta = meta ? meta : &m, .out = out,
			     .body = text };
	int rc = store_read(s, do_get, &op);

	if (rc == 0 && !op.found)
		rc = MM_ENOTFOUND;
	return rc;
}

static int list_row(const struct db_row *r, void *arg)
{
	struct pol_op *op = arg;
	int rc = db_grow((void **)&op->items, &op->cap, op->count + 1,
			 sizeof *op->items);

	if (rc < 0)
		return rc;
	rc = meta_row(r, &op->items[op->count]);
	if (rc == 0)
		op->count++;
	return rc;
}

static int do_list(struct db *d, void *arg)
{
	struct pol_op *op = arg;

	op->count = 0;
	return db_query(d, "SELECT " COLS " FROM policy_versions"
			" ORDER BY version", DB_NONE, list_row, op);
}

int store_policy_list(struct store *s, struct policy_version **items,
		      size_t *n)
{
	struct pol_op op = { 0 };
	int rc = store_read(s, do_list, &op);

	if (rc < 0) {
		free(op.items);
		op.items = NULL;
		op.count = 0;
	}
	*items = op.items;
	*n = op.count;
	return rc;
}

static void hash_hex(const char *text, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)text, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/*
 * The next version's row.  seed: the compiled-in first version, which
 * two servers starting on a new database may both store at once: the
 * second insert does nothing (ON CONFLICT, both dialects).
 */
static int insert(struct db *d, const struct actor *a, const struct policy *p,
		  const char *text, size_t len, int seed, int64_t *version)
{
	char from[11], until[11], hash[65];
	int64_t next = 0;
	int rc = db_int_of(d, "SELECT coalesce(max(version), 0) + 1"
			   " FROM policy_versions", DB_NONE, &next);

	if (rc < 0)
		return rc;
	civil_format_iso(&p->effective_from, from, sizeof from);
	civil_format_iso(&p->expires, until, sizeof until);
	hash_hex(text, len, hash);
	rc = db_exec(d, seed ? INSERT_SQL " ON CONFLICT DO NOTHING" : INSERT_SQL,
		     DB_P(DB_I(next), DB_T(p->id), DB_T(p->number), DB_T(from),
			  DB_T(until), DB_T(text), DB_T(hash), DB_I(db_now()),
			  a && a->user_id ? DB_I(a->user_id) : DB_N), NULL);
	if (rc == 0)
		*version = next;
	return rc;
}

static int do_seed(struct db *d, void *arg)
{
	size_t len;
	const char *text = policy_default_text(&len);
	int64_t have = 0, v = 0;
	int rc = db_int_of(d, "SELECT count(*) FROM policy_versions", DB_NONE,
			   &have);

	(void)arg;
	if (rc < 0 || have > 0)
		return rc;
	return insert(d, NULL, policy_default(), text, len, 1, &v);
}

/* A database already seeded is only read: no write at every open. */
static int do_count(struct db *d, void *arg)
{
	return db_int_of(d, "SELECT count(*) FROM policy_versions", DB_NONE,
			 arg);
}

int store_policy_seed(struct store *s)
{
	int64_t have = 0;
	int rc = store_read(s, do_count, &have);

	if (rc < 0 || have > 0)
		return rc;
	return store_write(s, do_seed, NULL);
}

static int audit_load(struct db *d, const struct actor *a,
		      const struct policy *p, int64_t version, const char *hash)
{
	struct buf b = BUF_INIT_MAX(2048);
	char from[11], until[11];
	int rc;

	civil_format_iso(&p->effective_from, from, sizeof from);
	civil_format_iso(&p->expires, until, sizeof until);
	buf_adds(&b, "{\"policy_id\":");
	audit_json_str(&b, p->id);
	buf_adds(&b, ",\"number\":");
	audit_json_str(&b, p->number);
	buf_adds(&b, ",\"effective_from\":");
	audit_json_str(&b, from);
	buf_adds(&b, ",\"expires\":");
	audit_json_str(&b, until);
	buf_adds(&b, ",\"sha256\":");
	audit_json_str(&b, hash);
	buf_addf(&b, ",\"photo_max\":%d,\"loan_max_months\":%d,"
		 "\"location_check_months\":%d,\"screenshot_max_days\":%d}",
		 p->photo_max, p->loan_max_months, p->location_check_months,
		 p->screenshot_max_days);
	rc = buf_error(&b) < 0 ? MM_ENOMEM :
		ops_audit_append(d, a, "policy.load", "policy", version,
				 buf_cstr(&b));
	buf_release(&b);
	return rc;
}

struct load_op {
	const struct actor *a;
	const struct policy *p;
	const char *text;
	size_t len;
	int64_t version;
	const char *why;
};

static int do_load(struct db *d, void *arg)
{
	struct load_op *op = arg;
	struct civil_date today;
	char iso[11], from[11], hash[65];
	int64_t dup = 0, later = 0;
	int rc = today_iso(iso, &today);

	civil_format_iso(&op->p->effective_from, from, sizeof from);
	hash_hex(op->text, op->len, hash);
	if (rc == 0)
		rc = db_int_of(d, "SELECT count(*) FROM policy_versions"
			       " WHERE policy_id = ? OR sha256 = ?",
			       DB_P(DB_T(op->p->id), DB_T(hash)), &dup);
	if (rc == 0 && dup) {
		op->why = "同じ版（識別子または内容）が既に読み込まれています";
		return MM_EEXIST;
	}
	if (rc == 0)
		rc = db_int_of(d, "SELECT count(*) FROM policy_versions"
			       " WHERE effective_from > ?", DB_P(DB_T(from)),
			       &later);
	if (rc < 0)
		return rc;
	if (later || strcmp(from, iso) < 0) {
		op->why = "適用開始日は本日以降で、施行中の版の適用開始日より"
			  "後の日付にしてください";
		return MM_ERULE;
	}
	rc = insert(d, op->a, op->p, op->text, op->len, 0, &op->version);
	if (rc == 0)
		rc = audit_load(d, op->a, op->p, op->version, hash);
	return rc;
}

int store_policy_load(struct store *s, const struct actor *a,
		      const char *text, size_t len, int64_t *version,
		      struct policy_error *err, const char **why)
{
	struct policy *p = malloc(sizeof *p);
	struct load_op op = { .a = a, .text = text, .len = len };
	int rc;

	*why = NULL;
	if (!p)
		return MM_ENOMEM;
	rc = policy_parse(text, len, p, err);
	if (rc == 0) {
		op.p = p;
		rc = store_write(s, do_load, &op);
		*why = op.why;
	}
	if (rc == 0)
		*version = op.version;
	free(p);
	return rc;
}
