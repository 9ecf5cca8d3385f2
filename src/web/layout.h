/*
 * layout.h - the page shell every HTML screen is written into: doctype,
 * head with the two stylesheets, skip link, header (user, unit, roles,
 * logout), navigation, main landmark and footer.
 *
 * A page writes straight into c->res->body through its struct html.
 * page_end() checks the writer: a page that failed (unsafe value, bad
 * nesting, overflow) is never sent; a short 500 page replaces it.
 */
#ifndef MM_WEB_LAYOUT_H
#define MM_WEB_LAYOUT_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stdint.h>
#include "../app/app.h"
#include "html.h"

struct page {
	struct ctx *c;
	struct html h;
};

/*
 * page_begin - empties c->res->body and writes everything up to the
 * opening of <main>.  title is the page's Japanese title (" | 守り" is
 * added); nav is the path of the navigation entry to mark as current
 * ("/units"), or NULL.
 */
void page_begin(struct page *p, struct ctx *c, const char *title,
		const char *nav);

/*
 * page_end - closes main, writes the footer, and sets the response
 * status.  On a writer error the body is replaced by a fixed 500 page.
 */
void page_end(struct page *p, int status);

/*
 * page_wareki - writes t as a 和暦 date ("令和7年4月1日", with_time adds
 * the time) as text; an unconvertible time is written as "—".
 */
void page_wareki(struct page *p, int64_t t, int with_time);

/*
 * page_redirect - 303 See Other to a local path; on a refused path a
 * 500 error page.
 */
void page_redirect(struct ctx *c, const char *path);

/* own_unit - the authz object of the principal's home unit (0 if none). */
struct authz_object own_unit(const struct ctx *c);

/*
 * own_unit_button - a link styled as a button to href, labelled label,
 * when the user may act on their own unit (own_unit): a list's "new".
 */
void own_unit_button(struct page *p, enum action act, const char *href,
		     const char *label);

/* i64s - n as decimal text in out (24 bytes); returns out. */
const char *i64s(char out[24], int64_t n);

#endif
