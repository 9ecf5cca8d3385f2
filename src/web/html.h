/*
 * html.h - the escaping HTML writer: the only way Mamori writes HTML.
 *
 * After kcgi's kcgihtml.  A struct html writes into a struct buf the
 * caller owns.  Text and attribute values are always escaped; tag and
 * attribute names must be plain [a-z0-9-]; URL attributes (href, action,
 * src, formaction) must be local paths ("/x", not "//x") or fragments
 * ("#x").  Event-handler attributes (on...), style attributes and the
 * raw-text elements script and style are refused: the Content Security
 * Policy forbids inline code anyway, and refusing them here means a
 * mistake fails in the test suite instead of in the browser.
 *
 * Fail closed: the first misuse (bad name, unsafe URL, invalid UTF-8,
 * mismatched close, buffer overflow) empties the output and makes every
 * later call do nothing; html_finish() reports it, so a half-written or
 * unsafe page is never sent.
 */
#ifndef MM_WEB_HTML_H
#define MM_WEB_HTML_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include "../lib/buf.h"

#define HTML_MAX_DEPTH 48
#define HTML_MAX_NAME 24   /* tag and attribute names, incl. NUL */

struct html {
	struct buf *out;   /* borrowed; must outlive the writer */
	int err;           /* 0 or the first error; sticky */
	size_t depth;
	char open[HTML_MAX_DEPTH][HTML_MAX_NAME];
};

/* html_init - a writer appending to out (not emptied). */
void html_init(struct html *h, struct buf *out);

/*
 * html_open - writes <tag name="value" ...>.  The variadic arguments are
 * (const char *name, const char *value) pairs ended by a NULL name.  A
 * NULL value leaves the attribute out (handy for "checked" and
 * "selected"); "" writes name="".  Returns 0 or the writer's error
 * (MM_EINVAL for a refused name or value).
 */
int html_open(struct html *h, const char *tag, ...);

/* html_void - as html_open for an element without content (input, br). */
int html_void(struct html *h, const char *tag, ...);

/*
 * html_close - writes </tag>.  tag must be the innermost open element,
 * else MM_EINVAL (fail closed).
 */
int html_close(struct html *h, const char *tag);

/* html_text - writes s with & < > " ' escaped.  s must be valid UTF-8. */
int html_text(struct html *h, const char *s);

/* html_textf - formats, then writes the result as html_text does. */
int html_textf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * html_elem - <tag attrs...>text</tag> in one call; attrs as html_open,
 * text after the NULL that ends them: html_elem(h, "td", NULL, name).
 */
int html_elem(struct html *h, const char *tag, ...);

/*
 * html_raw - writes markup verbatim.  Takes STRING LITERALS ONLY (the
 * macro pastes "" around its argument so a variable does not compile):
 * for the doctype and fixed comments, never for data.
 */
#define html_raw(h, lit) html_raw_literal((h), "" lit "")
int html_raw_literal(struct html *h, const char *lit);

/*
 * html_finish - the writer's result: 0 when every call succeeded and
 * every element was closed; otherwise the error (the output is empty).
 */
int html_finish(struct html *h);

/*
 * html_url_ok - 1 when s may be used as a link or form target: "#..." or
 * a path starting with a single '/', without control characters or
 * backslashes.
 */
int html_url_ok(const char *s);

#endif
