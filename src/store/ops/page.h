/*
 * page.h - reading one page of a list (store.h: struct page_req), once
 * for every list and every backend.  Internal to the store.
 *
 * A list describes its query in struct ops_list: its columns and FROM
 * (with the joins that bring the names it shows), the expressions of
 * the authz object of a row (as app/objects.c makes it: unit, owner,
 * state bits) and its order.  ops_list_page() adds the caller's view
 * (core/authz.h) as a condition, the list's own filters, the keyset
 * condition of the cursor and the LIMIT, so one query answers one page
 * and the page holds at most limit rows.
 *
 * Joined tables expose columns with names of their own (a subquery
 * "(SELECT id AS unit_ref, name AS unit_name FROM units)"), so the
 * list's columns need no table prefix and its usual column lists stay.
 */
#ifndef MM_STORE_OPS_PAGE_H
#define MM_STORE_OPS_PAGE_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include "ops.h"
#include "lib/buf.h"

/* The join of a unit's name: column unit_name, matched on expression on. */
#define JOIN_UNIT_NAME(on) " LEFT JOIN (SELECT id AS unit_ref, name AS" \
	" unit_name FROM units) AS j_unit ON j_unit.unit_ref = " on
/* The join of a user's name: column user_name. */
#define JOIN_USER_NAME(on) " LEFT JOIN (SELECT id AS user_ref, name AS" \
	" user_name FROM users) AS j_user ON j_user.user_ref = " on
/* The join of a second user's name (who made the entry): column by_name. */
#define JOIN_BY_NAME(on) " LEFT JOIN (SELECT id AS by_ref, name AS" \
	" by_name FROM users) AS j_by ON j_by.by_ref = " on
/* The join of a device: columns device_model, device_serial. */
#define JOIN_DEVICE(on) " LEFT JOIN (SELECT id AS device_ref, model AS" \
	" device_model, serial AS device_serial FROM devices) AS j_device" \
	" ON j_device.device_ref = " on

/* A number of C as SQL text: OPS_STR(AUTHZ_STATE_INCIDENT) is "1". */
#define OPS_STR_(x) #x
#define OPS_STR(x) OPS_STR_(x)

struct ops_table;

struct ops_list {
	/*
	 * The record's table (table.h): its columns open the select list,
	 * the row id first, and cols follow them (NULL: none).  NULL: cols
	 * is the whole select list, its first column the row id.
	 */
	const struct ops_table *table;
	/*
	 * With table, when the page has no read of its own: the names joined
	 * after the table's columns, as ops_joined_read() spells them ("up");
	 * NULL: none.  Each row is then the record and those names.
	 */
	const char *joined;
	const char *cols;
	const char *from;   /* "FROM table" and its joins */
	const char *id;     /* the row id: "id", "d.id" */
	/* The row's authz object (app/objects.c), as SQL expressions. */
	const char *unit;
	/*
	 * "0" when the object has no owner.  Compared only with a user id,
	 * never 0, so a column that may be NULL is named bare (NULL matches
	 * no one, as 0 would): "applicant_id" is read off its index where
	 * COALESCE(applicant_id, 0) could not be.
	 */
	const char *owner;
	const char *state;  /* its state bits; "0" when none */
	/* its also_unit_id (core/authz.h); NULL: none */
	const char *also_unit;
	/*
	 * The order: a row of expressions ending with the id, all in one
	 * direction (desc: descending).  NULL: the id alone.
	 */
	const char *keys;
	int desc;
};

/*
 * struct ops_page_out - where a page goes: the list's items array (item
 * size bytes each), its joined array (may be NULL when the list joins
 * nothing), its count and its cursors.  read(r, item, joined) fills one
 * item (and joined, when not NULL) from a row of cols (NULL: read by
 * the list's table and its joined names).  after (may be NULL) completes
 * the n items read, in the same transaction: what a
 * record holds beyond its row, read for the whole page in one query.
 */
struct ops_page_out {
	void **items;
	size_t size;
	struct row_joined **joined;
	size_t *n;
	struct list_page *at;
	int (*read)(const struct db_row *r, void *item, struct row_joined *j,
		    struct pool *pool);
	int (*after)(struct db *d, void *items, size_t n, struct pool *pool);
	/*
	 * Where the text of pooled records goes (the list's own pool,
	 * made empty by ops_list_page, released by its *_release); NULL for
	 * lists of fixed-size text that join no names.
	 */
	struct pool *pool;
};

/*
 * The ops_page_out of list l (a *_list with items, n, joined, at and
 * the pool of their text and names); read_fn NULL: the list's table.
 */
#define OPS_PAGE_OUT(l, read_fn) { .items = (void **)&(l)->items,       \
	.size = sizeof *(l)->items, .joined = &(l)->joined, .n = &(l)->n,   \
	.at = &(l)->at, .read = (read_fn), .pool = &(l)->pool }

/*
 * ops_list_page - one page of list l within view (NULL: every row) in
 * its own read transaction: the rows that also satisfy where (SQL over
 * the list's FROM, NULL for none; its ? bound from p, n), after or
 * before the cursor of req, at most req's limit of them.  out's arrays
 * are allocated here as the rows come (never for more than the limit;
 * released with the list's *_release) and hold the page in the list's
 * order.  Going back past the start gives the first
 * page.  Returns 0; MM_ENOTFOUND when a cursor row of an ordered list is
 * not one the view may see (the list cannot be continued from it);
 * MM_ENOMEM; or the store's error (nothing is returned then).
 */
int ops_list_page(struct store *s, const struct ops_list *l,
		  const struct authz_view *view, const char *where,
		  const struct db_param *p, int n, const struct page_req *req,
		  const struct ops_page_out *out);

/*
 * ops_list_count - how many rows of list l within view (NULL: all) also
 * satisfy where (as for ops_list_page), in one query of its own read
 * transaction, into *out.
 */
int ops_list_count(struct store *s, const struct ops_list *l,
		   const struct authz_view *view, const char *where,
		   const struct db_param *p, int n, int64_t *out);

/*
 * struct ops_where - the conditions of a list's filters that are on
 * (issue 12: growth).  A filter written "(? = 0 OR col = ?)" is one
 * statement for every combination, but no planner can read it off an
 * index: the condition is decided only when the values are bound, so
 * the list scans the whole table for it.  Each filter that is set adds
 * its own condition here; the statement's text then names only those,
 * and the index of the column serves it.  At most OPS_WHERE_MAX values.
 *
 *   struct ops_where w = OPS_WHERE_INIT;
 *   if (unit_id) ops_where_add(&w, "unit_id = ?", DB_P(DB_I(unit_id)));
 *   return ops_where_page(s, &rows, view, &w, req, &o);
 */
#define OPS_WHERE_MAX 24
struct ops_where {
	struct buf b;
	struct db_param p[OPS_WHERE_MAX];
	int n;
	int err;
};
#define OPS_WHERE_INIT { BUF_INIT_MAX(4096), { { 0 } }, 0, 0 }

/*
 * ops_where_add - AND the condition sql (its ? bound to p, n in order;
 * the values are copied, text is not: it must outlive the query) to w.
 * A fault (too many values, no memory) is kept in w and returned by
 * ops_where_page / ops_where_count, which run nothing then.
 */
void ops_where_add(struct ops_where *w, const char *sql,
		   const struct db_param *p, int n);

/*
 * ops_where_page - ops_list_page() of l with the conditions of w (none:
 * every row of the view); releases w's text.  Errors: ops_list_page's,
 * or w's fault.
 */
int ops_where_page(struct store *s, const struct ops_list *l,
		   const struct authz_view *view, struct ops_where *w,
		   const struct page_req *req, const struct ops_page_out *out);

/* ops_where_count - ops_list_count() of l with w's conditions; releases w. */
int ops_where_count(struct store *s, const struct ops_list *l,
		    const struct authz_view *view, struct ops_where *w,
		    int64_t *out);

/*
 * ops_list_probe - when set (by the store's test of list plans,
 * tests/unit/store/test_list_plans.c; never by the program), called with
 * every statement that reads a page of a list and its values, just
 * before it runs: the test takes the statements from the store itself,
 * so it checks the SQL that runs, whatever a list's code makes of it.
 */
extern void (*ops_list_probe)(const char *sql, const struct db_param *p,
			      int n);

/*
 * ops_joined_read - the joined names from column col on: unit_name,
 * user_name, by_name, device_model, device_serial as listed in names
 * (a string of the letters u, p, b, d: d takes two columns), copied
 * into pool (the list's own), NULL reading as "".  MM_EOVERFLOW when
 * one is longer than a name may be; MM_ENOMEM; MM_EINVAL without a pool.
 */
int ops_joined_read(const struct db_row *r, int col, const char *names,
		    struct row_joined *j, struct pool *pool);

#endif
