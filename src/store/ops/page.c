/*
 * page.c - one page of a list in one query (page.h), for every list and
 * every backend.  Contract: page.h and store.h ("pages of lists").
 */
#include "page.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

void (*ops_list_probe)(const char *sql, const struct db_param *p, int n);

/* The list's own conditions bind at most this many values. */
#define WHERE_PARAMS_MAX 24

struct page_op {
	const struct ops_list *l;
	const struct authz_view *view;
	const char *where;
	const struct db_param *p;
	int n;
	const struct ops_page_out *out;
	size_t limit;
	int64_t cursor;
	int back;               /* reading backwards from req.before */
	/* the rows read so far, in arrays of cap rows (at most limit) */
	char *items;
	struct row_joined *joined;
	int with_joined;
	size_t count, cap;
	int more;               /* a row beyond the page exists */
	int64_t first_id, last_id;
};

/* " OR " before every term of the view but its first. */
static void view_or(struct buf *b, int *terms)
{
	if ((*terms)++)
		buf_adds(b, " OR ");
}

/*
 * The view as a condition.  Its numbers are the principal's own unit
 * and user ids (int64_t, printed with %lld), never text from a request,
 * so they are written into the SQL and bind no parameters: a principal
 * of many roles cannot run out of them.  The terms stand alone, with no
 * "1 = 0 OR" before them: SQLite does not fold that away, and a view of
 * one unit, "(unit_id) IN (3)", is then read off the unit's index
 * instead of the whole table (issue 12, growth).
 */
static void view_sql(struct buf *b, const struct ops_list *l,
		     const struct authz_view *v)
{
	int terms = 0;

	if (!v || v->all) {
		buf_adds(b, "1 = 1");
		return;
	}
	buf_addch(b, '(');
	if (v->n_units) {
		view_or(b, &terms);
		buf_addf(b, "(%s) IN (", l->unit);
		for (size_t i = 0; i < v->n_units && i < AUTHZ_VIEW_UNITS; i++)
			buf_addf(b, "%s%lld", i ? ", " : "",
				 (long long)v->units[i]);
		buf_addch(b, ')');
	}
	if (v->n_also) {
		/* the units that also read the objects of also_unit */
		for (int pass = 0; pass < (l->also_unit ? 2 : 1); pass++) {
			view_or(b, &terms);
			buf_addf(b, "(%s) IN (",
				 pass ? l->also_unit : l->unit);
			for (size_t i = 0; i < v->n_also && i < AUTHZ_VIEW_UNITS;
			     i++)
				buf_addf(b, "%s%lld", i ? ", " : "",
					 (long long)v->also_units[i]);
			buf_addch(b, ')');
		}
	}
	/* a term that cannot hold ("0" has no incidents and no owner) is
	 * left out: SQLite does not fold it either, and "unit OR 0 = 5"
	 * would scan the table */
	if (v->incidents && strcmp(l->state, "0")) {
		view_or(b, &terms);
		buf_addf(b, "((%s) & %d) <> 0", l->state,
			 AUTHZ_STATE_INCIDENT);
	}
	if (v->owner_user_id && strcmp(l->owner, "0")) {
		view_or(b, &terms);
		buf_addf(b, "(%s) = %lld", l->owner,
			 (long long)v->owner_user_id);
	}
	if (!terms)
		buf_adds(b, "1 = 0");
	buf_addch(b, ')');
}

static int view_empty(const struct authz_view *v)
{
	return v && !v->all && !v->incidents && !v->owner_user_id &&
	       !v->n_units && !v->n_also;
}

/*
 * ORDER BY of the keys, each with dir: the keys are split at the commas
 * outside parentheses and quotes ("COALESCE(a, b)" stays one key).
 */
static void order_sql(struct buf *b, const char *keys, const char *dir)
{
	int depth = 0, quoted = 0;

	buf_adds(b, " ORDER BY ");
	for (const char *k = keys; *k; k++) {
		if (*k == '"' || *k == '\'')
			quoted = !quoted;
		else if (!quoted && *k == '(')
			depth++;
		else if (!quoted && *k == ')')
			depth--;
		if (*k == ',' && !depth && !quoted)
			buf_addf(b, " %s", dir);
		buf_addch(b, *k);
	}
	buf_addf(b, " %s", dir);
}

/*
 * The keyset condition of the cursor: past the cursor row in the
 * direction read.  With keys, the cursor row's keys are looked up in
 * the same view, so a row the caller may not see cannot place a page.
 */
static void cursor_sql(struct buf *b, const struct page_op *op)
{
	const struct ops_list *l = op->l;
	const char *cmp = (op->back != l->desc) ? "<" : ">";

	if (!l->keys) {
		buf_addf(b, " AND %s %s ?", l->id, cmp);
		return;
	}
	buf_addf(b, " AND (%s) %s (SELECT %s %s WHERE %s = ? AND ", l->keys,
		 cmp, l->keys, l->from, l->id);
	view_sql(b, l, op->view);
	buf_addch(b, ')');
}

/*
 * Room for one more row: the arrays grow as rows come, never past the
 * limit, so a short page takes the memory of its rows only.
 */
static int make_room(struct page_op *op)
{
	size_t cap = op->cap ? 2 * op->cap : 16;
	void *p;

	if (op->count < op->cap)
		return 0;
	if (cap > op->limit)
		cap = op->limit;
	p = realloc(op->items, cap * op->out->size);
	if (!p)
		return MM_ENOMEM;
	op->items = p;
	if (op->with_joined) {
		p = realloc(op->joined, cap * sizeof *op->joined);
		if (!p)
			return MM_ENOMEM;
		op->joined = p;
		memset(op->joined + op->cap, 0,
		       (cap - op->cap) * sizeof *op->joined);
	}
	op->cap = cap;
	return 0;
}

/* A row into item and j: the page's own read, or the list's table. */
static int row_read(const struct page_op *op, const struct db_row *r,
		    void *item, struct row_joined *j)
{
	const struct ops_list *l = op->l;
	int rc;

	if (op->out->read)
		return op->out->read(r, item, j, op->out->pool);
	if (!l->table)
		return MM_EINVAL;
	rc = ops_table_read(r, 0, l->table, item, op->out->pool);
	if (rc == 0 && j && l->joined)
		rc = ops_joined_read(r, ops_table_ncols(l->table), l->joined, j,
				     op->out->pool);
	return rc;
}

static int page_row(const struct db_row *r, void *arg)
{
	struct page_op *op = arg;
	const struct ops_page_out *o = op->out;
	int rc;

	if (op->count == op->limit) {
		op->more = 1;
		return 1;
	}
	if ((rc = make_room(op)) < 0)
		return rc;
	if (op->joined) /* a retry may reuse the slot */
		op->joined[op->count] = (struct row_joined)ROW_JOINED_NONE;
	rc = row_read(op, r, op->items + op->count * o->size,
		      op->joined ? &op->joined[op->count] : NULL);
	if (rc < 0)
		return rc;
	op->last_id = db_int(r, 0);
	if (op->count++ == 0)
		op->first_id = op->last_id;
	return 0;
}

/* The cursor row must be one the view may see (ordered lists only). */
static int cursor_visible(struct db *d, const struct page_op *op)
{
	struct buf b = BUF_INIT_MAX(16384);
	int64_t one;
	int rc;

	buf_addf(&b, "SELECT 1 %s WHERE %s = ? AND ", op->l->from, op->l->id);
	view_sql(&b, op->l, op->view);
	rc = buf_error(&b);
	if (rc == 0)
		rc = db_int_of(d, buf_cstr(&b), DB_P(DB_I(op->cursor)), &one);
	buf_release(&b);
	return rc;
}

static int read_page(struct db *d, struct page_op *op)
{
	const struct ops_list *l = op->l;
	struct db_param params[WHERE_PARAMS_MAX + 2];
	struct buf b = BUF_INIT_MAX(16384);
	int n = op->n, rc;

	op->count = 0; /* a retry starts over */
	op->more = 0;
	op->first_id = op->last_id = 0;
	if (op->cursor && l->keys && (rc = cursor_visible(d, op)) < 0)
		return rc;
	if (n)
		memcpy(params, op->p, (size_t)n * sizeof *params);
	buf_adds(&b, "SELECT ");
	if (l->table)
		ops_table_cols(&b, l->table);
	if (l->cols)
		buf_addf(&b, "%s%s", l->table ? ", " : "", l->cols);
	buf_addf(&b, " %s WHERE ", l->from);
	view_sql(&b, l, op->view);
	if (op->where)
		buf_addf(&b, " AND (%s)", op->where);
	if (op->cursor) {
		cursor_sql(&b, op);
		params[n++] = DB_I(op->cursor);
	}
	order_sql(&b, l->keys ? l->keys : l->id,
		  (op->back != l->desc) ? "DESC" : "ASC");
	buf_adds(&b, " LIMIT ?");
	params[n++] = DB_I(op->limit + 1);
	rc = buf_error(&b);
	if (rc == 0 && ops_list_probe)
		ops_list_probe(buf_cstr(&b), params, n);
	if (rc == 0)
		rc = db_query(d, buf_cstr(&b), params, n, page_row, op);
	buf_release(&b);
	return rc;
}

static int do_page(struct db *d, void *arg)
{
	struct page_op *op = arg;
	int rc = read_page(d, op);

	if (rc == 0 && op->back && !op->more) {
		/* fewer than a page before the cursor: the first page */
		op->back = 0;
		op->cursor = 0;
		rc = read_page(d, op);
	}
	if (rc == 0 && op->out->after && op->count)
		rc = op->out->after(d, op->items, op->count,
				    op->out->pool);
	return rc;
}

/* A page read backwards is turned round into the list's order. */
static int turn_round(struct page_op *op)
{
	size_t size = op->out->size;
	void *tmp;

	if (op->count < 2)
		return 0;
	tmp = malloc(size);
	if (!tmp)
		return MM_ENOMEM;
	for (size_t i = 0, j = op->count - 1; i < j; i++, j--) {
		memcpy(tmp, op->items + i * size, size);
		memcpy(op->items + i * size, op->items + j * size, size);
		memcpy(op->items + j * size, tmp, size);
		if (op->joined) {
			struct row_joined t = op->joined[i];

			op->joined[i] = op->joined[j];
			op->joined[j] = t;
		}
	}
	free(tmp);
	return 0;
}

/* The cursors of the neighbouring pages, from the page in list order. */
static void set_cursors(const struct page_op *op, const struct page_req *req,
			struct list_page *at)
{
	memset(at, 0, sizeof *at);
	if (op->count == 0)
		return;
	if (op->back) {
		/* read backwards: the last row read is the first shown */
		at->prev = op->more ? op->last_id : 0;
		at->next = op->first_id; /* req.before itself follows */
		return;
	}
	at->next = op->more ? op->last_id : 0;
	at->prev = req->after ? op->first_id : 0;
}

int ops_list_page(struct store *s, const struct ops_list *l,
		  const struct authz_view *view, const char *where,
		  const struct db_param *p, int n, const struct page_req *req,
		  const struct ops_page_out *out)
{
	struct page_op op = { .l = l, .view = view, .where = where, .p = p,
			      .n = n, .out = out };
	int rc;

	*out->items = NULL;
	if (out->joined)
		*out->joined = NULL;
	if (out->pool)
		pool_init(out->pool, 0);
	*out->n = 0;
	memset(out->at, 0, sizeof *out->at);
	if (n < 0 || n > WHERE_PARAMS_MAX)
		return MM_EINVAL;
	if (view_empty(view))
		return 0; /* nothing to see: no query at all */
	op.limit = req->limit == 0 ? STORE_PAGE_DEFAULT :
		   req->limit > STORE_PAGE_MAX ? STORE_PAGE_MAX : req->limit;
	op.back = req->before != 0;
	op.cursor = op.back ? req->before : req->after;
	op.with_joined = out->joined != NULL;
	/*
	 * A first page with nothing read after it is one statement, its own
	 * snapshot: no BEGIN and COMMIT (two round trips on PostgreSQL).
	 */
	if (!op.cursor && !out->after)
		rc = store_read_single(s, do_page, &op);
	else
		rc = store_read(s, do_page, &op);
	if (rc == 0 && op.back)
		rc = turn_round(&op);
	if (rc < 0) {
		free(op.items);
		free(op.joined);
		/* the rows read before the failure left their text here */
		if (out->pool)
			pool_release(out->pool);
		return rc;
	}
	set_cursors(&op, req, out->at);
	*out->items = op.items;
	if (out->joined)
		*out->joined = op.joined;
	*out->n = op.count;
	return 0;
}

struct count_op {
	const struct ops_list *l;
	const struct authz_view *view;
	const char *where;
	const struct db_param *p;
	int n;
	int64_t *out;
};

static int do_count(struct db *d, void *arg)
{
	struct count_op *op = arg;
	struct buf b = BUF_INIT_MAX(16384);
	int rc;

	buf_addf(&b, "SELECT count(*) %s WHERE ", op->l->from);
	view_sql(&b, op->l, op->view);
	if (op->where)
		buf_addf(&b, " AND (%s)", op->where);
	rc = buf_error(&b);
	if (rc == 0)
		rc = db_int_of(d, buf_cstr(&b), op->p, op->n, op->out);
	buf_release(&b);
	return rc;
}

int ops_list_count(struct store *s, const struct ops_list *l,
		   const struct authz_view *view, const char *where,
		   const struct db_param *p, int n, int64_t *out)
{
	struct count_op op = { l, view, where, p, n, out };

	*out = 0;
	if (view_empty(view))
		return 0;
	return store_read(s, do_count, &op);
}

/* Column col as a joined name in pool: "" for NULL. */
static int joined_name(const struct db_row *r, int col, struct pool *pool,
		       const char **out)
{
	int rc;

	if (!pool)
		return MM_EINVAL; /* a list that joins names owns a pool */
	rc = db_text_in(r, col, pool, MM_NAME_MAX, out);
	if (rc == 0 && !*out)
		*out = "";
	return rc;
}

int ops_joined_read(const struct db_row *r, int col, const char *names,
		    struct row_joined *j, struct pool *pool)
{
	int rc = 0;

	for (const char *c = names; *c && rc == 0; c++) {
		switch (*c) {
		case 'u':
			rc = joined_name(r, col++, pool, &j->unit_name);
			break;
		case 'p':
			rc = joined_name(r, col++, pool, &j->user_name);
			break;
		case 'b':
			rc = joined_name(r, col++, pool, &j->by_name);
			break;
		case 'd':
			rc = joined_name(r, col++, pool, &j->device_model);
			if (rc == 0)
				rc = joined_name(r, col++, pool,
						 &j->device_serial);
			break;
		default:
			rc = MM_EINVAL;
		}
	}
	return rc;
}

void ops_where_add(struct ops_where *w, const char *sql,
		   const struct db_param *p, int n)
{
	if (w->err)
		return;
	if (n < 0 || w->n + n > OPS_WHERE_MAX) {
		w->err = MM_EINVAL;
		return;
	}
	buf_addf(&w->b, "%s(%s)", buf_cstr(&w->b)[0] ? " AND " : "", sql);
	if (n)
		memcpy(w->p + w->n, p, (size_t)n * sizeof *p);
	w->n += n;
	if (buf_error(&w->b) < 0)
		w->err = buf_error(&w->b);
}

/* w's conditions as SQL (NULL: none), or its fault. */
static int where_sql(struct ops_where *w, const char **sql)
{
	*sql = NULL;
	if (w->err)
		return w->err;
	if (buf_error(&w->b) < 0)
		return buf_error(&w->b);
	if (buf_cstr(&w->b)[0])
		*sql = buf_cstr(&w->b);
	return 0;
}

int ops_where_page(struct store *s, const struct ops_list *l,
		   const struct authz_view *view, struct ops_where *w,
		   const struct page_req *req, const struct ops_page_out *out)
{
	const char *sql;
	int rc = where_sql(w, &sql);

	if (rc == 0)
		rc = ops_list_page(s, l, view, sql, w->p, w->n, req, out);
	else
		ops_list_page(s, l, view, NULL, NULL, -1, req, out); /* empties out */
	buf_release(&w->b);
	return rc;
}

int ops_where_count(struct store *s, const struct ops_list *l,
		    const struct authz_view *view, struct ops_where *w,
		    int64_t *out)
{
	const char *sql;
	int rc = where_sql(w, &sql);

	*out = 0;
	if (rc == 0)
		rc = ops_list_count(s, l, view, sql, w->p, w->n, out);
	buf_release(&w->b);
	return rc;
}
