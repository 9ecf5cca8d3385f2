/*
 * listing.h - what the lists of both front ends share (issue 8): the
 * caller's view of a list, made from THE table (authz_view), which the
 * store's list query selects by; and the answer when a list cannot be
 * read, which is an error and never an empty table.
 */
#ifndef MM_APP_LISTING_H
#define MM_APP_LISTING_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "app.h"

/* The message of a page cursor that cannot continue the list. */
#define MM_MSG_BAD_CURSOR "ページの指定が正しくありません。一覧の最初から開き直してください。"

/*
 * ctx_list_view - the rows of a list for action view the request's
 * principal may see (authz_view; empty for nobody).  The store selects
 * by it; ctx_can() on each row shown stays as the second check.
 */
struct authz_view ctx_list_view(const struct ctx *c, enum action view);

/*
 * ctx_list_failed - answers a list that could not be read: MM_ENOTFOUND
 * (a cursor row the view does not hold) and MM_EINVAL 400 with
 * MM_MSG_BAD_CURSOR; any other store error with ctx_fail() (503 for
 * MM_EBUSY and MM_EUNAVAIL, else 500), reported on stderr and written to the audit trail
 * as "list.failed" with the list, path and error (best effort: a store
 * that cannot be read may not be written either).
 */
void ctx_list_failed(struct ctx *c, int rc, const char *list);

/*
 * ctx_list_row_ok - the second check of a row the view selected:
 * ctx_can(view, o).  A row the view holds but authz_check() refuses is a
 * bug; it is not shown and is reported on stderr.
 */
int ctx_list_row_ok(const struct ctx *c, enum action view,
		    const struct authz_object *o);

#endif
