/*
 * table.c - a record's table read by its descriptor.  Contract: table.h.
 */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "../audit.h"
#include "../backend.h"
#include "core/civil.h"
#include "core/seal.h"
#include "core/types.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

/* "YYYY-MM-DD" and its NUL. */
#define ISO_SIZE 11

/*
 * Column col as a date (ISO text; "" or NULL: no date, all zero).  Here
 * rather than lending.h's, so that pages read by a table call no file
 * that calls back into them.
 */
static int read_date(const struct db_row *r, int col, struct civil_date *out)
{
	char iso[ISO_SIZE];

	memset(out, 0, sizeof *out);
	if (db_text(r, col, iso, sizeof iso) < 0)
		return MM_ECORRUPT;
	if (iso[0] == '\0')
		return 0;
	return civil_parse_iso(iso, out) < 0 ? MM_ECORRUPT : 0;
}

/* A date as ISO text into out, "" for no date (all zero). */
static int write_date(const struct civil_date *d, char out[ISO_SIZE])
{
	out[0] = '\0';
	if (d->year == 0 && d->month == 0 && d->day == 0)
		return 0;
	if (!civil_valid(d))
		return MM_EINVAL;
	return civil_format_iso(d, out, ISO_SIZE);
}

/* The i-th column of t: its descriptor's fields, then its extras. */
static const struct field_desc *col_field(const struct ops_table *t, int i)
{
	size_t n = t->desc ? t->desc->n_fields : 0;

	return (size_t)i < n ? &t->desc->fields[i] : &t->extra[(size_t)i - n];
}

int ops_table_ncols(const struct ops_table *t)
{
	return (int)((t->desc ? t->desc->n_fields : 0) + t->n_extra);
}

void ops_table_cols(struct buf *b, const struct ops_table *t)
{
	int n = ops_table_ncols(t);

	for (int i = 0; i < n; i++) {
		const struct field_desc *f = col_field(t, i);

		buf_addf(b, "%s%s", i ? ", " : "", f->column ? f->column : f->key);
	}
}

/*
 * The most bytes a stored text may have: what the store has always kept
 * for a note and for a line (a row written before a limit was lowered
 * still reads), or more when the descriptor allows more.
 */
static size_t text_cap(const struct field_desc *f)
{
	size_t cap = f->type == FIELD_NOTE ? MM_TEXT_MAX : MM_NAME_MAX;

	return f->max_chars * 4 + 4 > cap ? f->max_chars * 4 + 4 : cap;
}

/* The associated data of a sealed column of t: "table.column". */
static int seal_ad(const struct ops_table *t, const struct field_desc *f,
		   char *ad, size_t cap)
{
	int n = snprintf(ad, cap, "%s.%s", t->name,
			 f->column ? f->column : f->key);

	return n < 0 || (size_t)n >= cap ? MM_EOVERFLOW : 0;
}

#define AD_MAX 128

/*
 * A sealed column (FIELD_SEALED) opened into plain (cap bytes): "" or
 * NULL stored reads as "" (a value never given), anything else must open
 * under the store's key bound to "table.column" - MM_ECORRUPT when it
 * does not (another key, a value moved from another column, altered
 * bytes), MM_EUNSUPPORTED when the store has no key.
 */
static int read_sealed(const struct db_row *r, int col,
		       const struct ops_table *t, const struct field_desc *f,
		       char *plain, size_t cap)
{
	size_t scap = seal_text_len(cap) + 1;
	char *stored = malloc(scap), ad[AD_MAX];
	int rc = stored ? 0 : MM_ENOMEM;

	plain[0] = '\0';
	if (rc == 0 && db_text(r, col, stored, scap) < 0)
		rc = MM_ECORRUPT;
	if (rc == 0 && stored[0]) {
		if (!r->d->s->has_keys)
			rc = MM_EUNSUPPORTED;
		if (rc == 0)
			rc = seal_ad(t, f, ad, sizeof ad);
		if (rc == 0)
			rc = seal_text_open(&r->d->s->keys, ad, stored, plain,
					    cap);
		/* a value longer than the field allows did not come from
		   this store either */
		if (rc == MM_EOVERFLOW)
			rc = MM_ECORRUPT;
	}
	free(stored);
	return rc;
}

/* A sealed column into the member of f (a text or a date). */
static int read_sealed_col(const struct db_row *r, int col,
			   const struct ops_table *t,
			   const struct field_desc *f, void *rec,
			   struct pool *pool)
{
	char *m = (char *)rec + f->offset;
	size_t cap = f->type == FIELD_DATE ? ISO_SIZE :
		     f->flags & FIELD_POOLED ? text_cap(f) : f->size;
	char *plain = malloc(cap);
	const char *p;
	int rc = plain ? read_sealed(r, col, t, f, plain, cap) : MM_ENOMEM;

	if (rc == 0 && f->type == FIELD_DATE) {
		memset(m, 0, sizeof(struct civil_date));
		if (plain[0] && civil_parse_iso(plain, (struct civil_date *)
						(void *)m) < 0)
			rc = MM_ECORRUPT;
	} else if (rc == 0 && !(f->flags & FIELD_POOLED)) {
		memcpy(m, plain, strlen(plain) + 1);
	} else if (rc == 0 && plain[0]) {
		p = pool_strdup(pool, plain);
		rc = p ? 0 : MM_ENOMEM;
		if (rc == 0)
			field_set_pooled(f, rec, p);
	}
	if (plain) {
		sodium_memzero(plain, cap);
		free(plain);
	}
	return rc;
}

static int read_col(const struct db_row *r, int col,
		    const struct ops_table *t, const struct field_desc *f,
		    void *rec, struct pool *pool)
{
	char *m = (char *)rec + f->offset;
	const char *p;
	int rc;

	if (f->flags & FIELD_SEALED)
		return read_sealed_col(r, col, t, f, rec, pool);
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_NOTE:
	case FIELD_KANA:
		if (!(f->flags & FIELD_POOLED))
			return db_text(r, col, m, f->size) < 0 ? MM_EOVERFLOW : 0;
		rc = db_text_in(r, col, pool, text_cap(f), &p);
		if (rc == 0)
			field_set_pooled(f, rec, p);
		return rc;
	case FIELD_DATE:
		return read_date(r, col, (struct civil_date *)(void *)m);
	default:
		field_set_int(f, rec, db_int(r, col));
		return 0;
	}
}

int ops_table_read(const struct db_row *r, int col, const struct ops_table *t,
		   void *rec, struct pool *pool)
{
	int n = ops_table_ncols(t), rc = 0;

	memset(rec, 0, t->size);
	for (int i = 0; i < n && rc == 0; i++)
		rc = read_col(r, col + i, t, col_field(t, i), rec, pool);
	return rc;
}

struct table_into {
	const struct ops_table *t;
	struct pool *pool;
	void *rec;
};

static int table_row(const struct db_row *r, void *arg)
{
	struct table_into *in = arg;

	return ops_table_read(r, 0, in->t, in->rec, in->pool);
}

int ops_table_load(struct db *d, const struct ops_table *t, int64_t id,
		   struct pool *pool, void *rec)
{
	struct buf b = BUF_INIT_MAX(4096);
	struct table_into in = { t, pool, rec };
	int rc;

	buf_adds(&b, "SELECT ");
	ops_table_cols(&b, t);
	buf_addf(&b, " FROM %s WHERE id = ?", t->name);
	rc = buf_error(&b);
	if (rc == 0)
		rc = db_first(d, buf_cstr(&b), DB_P(DB_I(id)), table_row, &in);
	buf_release(&b);
	return rc;
}

/* The column of t called key (its field's key), NULL when none. */
static const struct field_desc *key_field(const struct ops_table *t,
					  const char *key, size_t len)
{
	int n = ops_table_ncols(t);

	for (int i = 0; i < n; i++) {
		const struct field_desc *f = col_field(t, i);

		if (strlen(f->key) == len && !strncmp(f->key, key, len))
			return f;
	}
	return NULL;
}

/*
 * The value of f in rec as a parameter; the text it points to (a date's
 * ISO text, a sealed value) is kept in hold.
 */
static int bind_field(struct db *d, const struct ops_table *t,
		      const struct field_desc *f, const void *rec,
		      struct buf *hold, struct db_param *p)
{
	char iso[ISO_SIZE], ad[AD_MAX];
	const char *text;
	int64_t v;
	int rc = 0;

	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_NOTE:
	case FIELD_KANA:
		text = field_text(f, rec);
		break;
	case FIELD_DATE:
		rc = write_date((const struct civil_date *)(const void *)
				((const char *)rec + f->offset), iso);
		text = iso;
		break;
	default:
		if (f->flags & FIELD_SEALED)
			return MM_EINVAL; /* only text and dates are sealed */
		v = field_int(f, rec);
		*p = f->type == FIELD_REF && v == 0 ? DB_N : DB_I(v);
		return 0;
	}
	if (rc == 0 && (f->flags & FIELD_SEALED) && text[0]) {
		if (!d->s->has_keys)
			return MM_EUNSUPPORTED;
		rc = seal_ad(t, f, ad, sizeof ad);
		if (rc == 0)
			rc = seal_text(&d->s->keys, ad, text, hold);
	} else if (rc == 0)
		rc = buf_adds(hold, text);
	*p = DB_T(buf_cstr(hold));
	return rc;
}

int ops_table_param(struct db *d, const struct ops_table *t, const void *rec,
		    const char *key, struct buf *hold, struct db_param *p)
{
	const struct field_desc *f = key_field(t, key, strlen(key));

	return f ? bind_field(d, t, f, rec, hold, p) : MM_EINVAL;
}

/* The value of f in rec for the audit trail: JSON, sealed hidden. */
static int audit_value(struct buf *b, const struct field_desc *f,
		       const void *rec)
{
	char iso[ISO_SIZE];

	if (f->flags & FIELD_SEALED)
		return audit_json_str(b, SEAL_HIDDEN);
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_NOTE:
	case FIELD_KANA:
		return audit_json_str(b, field_text(f, rec));
	case FIELD_DATE:
		if (write_date((const struct civil_date *)(const void *)
			       ((const char *)rec + f->offset), iso) < 0)
			iso[0] = '\0';
		return audit_json_str(b, iso);
	default:
		return buf_addf(b, "%lld", (long long)field_int(f, rec));
	}
}

int ops_table_audit_json(struct buf *b, const struct ops_table *t,
			 const void *rec, const char *keys)
{
	int n = 0, rc = buf_addch(b, '{');

	for (const char *k = keys; *k && rc == 0;) {
		size_t len = strcspn(k, " ");
		const struct field_desc *f = len ? key_field(t, k, len) : NULL;

		if (len && !f)
			rc = MM_EINVAL;
		else if (len) {
			buf_adds(b, n++ ? "," : "");
			audit_json_str(b, f->key);
			buf_addch(b, ':');
			rc = audit_value(b, f, rec);
		}
		k += len + (k[len] == ' ');
	}
	if (rc == 0)
		rc = buf_addch(b, '}');
	return rc ? rc : buf_error(b);
}

/* 1 when a column of t is FIELD_LOOKUP. */
static int has_lookup(const struct ops_table *t)
{
	int n = ops_table_ncols(t);

	for (int i = 0; i < n; i++)
		if (col_field(t, i)->flags & FIELD_LOOKUP)
			return 1;
	return 0;
}

int ops_table_person_keys(struct db *d, const struct ops_table *t,
			  const void *rec, int64_t id)
{
	const char *name = NULL, *kana = NULL;
	char birth[ISO_SIZE] = "";
	int n = ops_table_ncols(t), rc = 0;

	if (!t->desc)
		return MM_EINVAL;
	for (int i = 0; i < n && rc == 0; i++) {
		const struct field_desc *f = col_field(t, i);

		if (!(f->flags & FIELD_LOOKUP))
			continue;
		if (f->type == FIELD_TEXT)
			name = field_text(f, rec);
		else if (f->type == FIELD_KANA)
			kana = field_text(f, rec);
		else if (f->type == FIELD_DATE)
			rc = write_date((const struct civil_date *)(const void *)
					((const char *)rec + f->offset), birth);
		else
			rc = MM_EINVAL;
	}
	if (rc == 0)
		rc = ops_person_keys_put(d, t->desc->kind, id, name, kana, birth);
	return rc;
}

int ops_table_insert(struct db *d, const struct ops_table *t, const void *rec,
		     const char *keys, int64_t *id)
{
	struct db_param p[OPS_TABLE_PARAMS_MAX];
	struct buf hold[OPS_TABLE_PARAMS_MAX];
	struct buf cols = BUF_INIT_MAX(4096), sql = BUF_INIT_MAX(8192);
	int n = 0, rc = 0;

	for (const char *k = keys; *k && rc == 0;) {
		size_t len = strcspn(k, " ");
		const struct field_desc *f = len ? key_field(t, k, len) : NULL;

		if (len && (!f || n == OPS_TABLE_PARAMS_MAX))
			rc = MM_EINVAL;
		else if (len) {
			buf_addf(&cols, "%s%s", n ? ", " : "",
				 f->column ? f->column : f->key);
			buf_init(&hold[n], 0);
			rc = bind_field(d, t, f, rec, &hold[n], &p[n]);
			n++;
		}
		k += len + (k[len] == ' ');
	}
	buf_addf(&sql, "INSERT INTO %s (%s) VALUES (", t->name,
		 buf_cstr(&cols));
	for (int i = 0; i < n; i++)
		buf_adds(&sql, i ? ", ?" : "?");
	buf_adds(&sql, ") RETURNING id");
	if (rc == 0)
		rc = buf_error(&cols) ? buf_error(&cols) : buf_error(&sql);
	if (rc == 0)
		rc = db_int_of(d, buf_cstr(&sql), p, n, id);
	if (rc == 0 && has_lookup(t))
		rc = ops_table_person_keys(d, t, rec, *id);
	for (int i = 0; i < n; i++)
		buf_release(&hold[i]);
	buf_release(&cols);
	buf_release(&sql);
	return rc;
}
