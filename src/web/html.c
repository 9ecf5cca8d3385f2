#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

void html_init(struct html *h, struct buf *out)
{
	h->out = out;
	h->err = 0;
	h->depth = 0;
}

/* Records the first error and drops what was written: fail closed. */
static int html_fail(struct html *h, int err)
{
	if (!h->err) {
		h->err = err;
		buf_reset(h->out);
	}
	return h->err;
}

/* Propagates a failure of the underlying buffer. */
static int html_check(struct html *h)
{
	int rc = buf_error(h->out);

	return rc ? html_fail(h, rc) : 0;
}

/* Tag and attribute names: 1-23 of [a-z0-9-], starting with a letter. */
static int name_ok(const char *s)
{
	size_t n = 0;

	if (!s || !(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; s[n]; n++) {
		char ch = s[n];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '-'))
			return 0;
	}
	return n < HTML_MAX_NAME;
}

/*
 * Names we refuse outright: inline code and styles are forbidden by the
 * CSP, and script/style contents are not escaped by html_text's rules.
 */
static int tag_allowed(const char *tag)
{
	return name_ok(tag) && strcmp(tag, "script") && strcmp(tag, "style") &&
	       strcmp(tag, "iframe") && strcmp(tag, "object") &&
	       strcmp(tag, "embed");
}

static int attr_allowed(const char *name)
{
	return name_ok(name) && strncmp(name, "on", 2) &&
	       strcmp(name, "style") && strcmp(name, "srcdoc");
}

static int attr_is_url(const char *name)
{
	return !strcmp(name, "href") || !strcmp(name, "action") ||
	       !strcmp(name, "src") || !strcmp(name, "formaction") ||
	       !strcmp(name, "poster") || !strcmp(name, "cite");
}

int html_url_ok(const char *s)
{
	const unsigned char *p;

	if (!s)
		return 0;
	if (s[0] == '#')
		;
	else if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

/* Appends s escaped for text and for double-quoted attribute values. */
static int add_escaped(struct html *h, const char *s)
{
	const char *run = s;

	if (!utf8_valid(s, strlen(s)))
		return html_fail(h, MM_EINVAL);
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(h->out, run, (size_t)(s - run));
		buf_adds(h->out, rep);
		run = s + 1;
	}
	buf_adds(h->out, run);
	return html_check(h);
}

/* Writes the attribute pairs of *ap up to the NULL name. */
static int add_attrs(struct html *h, va_list *ap)
{
	const char *name, *value;

	while ((name = va_arg(*ap, const char *)) != NULL) {
		value = va_arg(*ap, const char *);
		if (h->err)
			continue;
		if (!attr_allowed(name))
			html_fail(h, MM_EINVAL);
		else if (!value)
			continue;
		else if (attr_is_url(name) && !html_url_ok(value))
			html_fail(h, MM_EINVAL);
		else {
			buf_addch(h->out, ' ');
			buf_adds(h->out, name);
			buf_adds(h->out, "=\"");
			add_escaped(h, value);
			buf_addch(h->out, '"');
			html_check(h);
		}
	}
	return h->err;
}

/* The start tag; pushes it on the stack of open elements when !is_void. */
static int start_tag(struct html *h, const char *tag, int is_void,
		     va_list *ap)
{
	if (!h->err && !tag_allowed(tag))
		html_fail(h, MM_EINVAL);
	if (!h->err && !is_void && h->depth >= HTML_MAX_DEPTH)
		html_fail(h, MM_EOVERFLOW);
	if (!h->err) {
		buf_addch(h->out, '<');
		buf_adds(h->out, tag);
	}
	add_attrs(h, ap);
	if (h->err)
		return h->err;
	buf_addch(h->out, '>');
	if (!is_void) {
		snprintf(h->open[h->depth], HTML_MAX_NAME, "%s", tag);
		h->depth++;
	}
	return html_check(h);
}

int html_open(struct html *h, const char *tag, ...)
{
	va_list ap;
	int rc;

	va_start(ap, tag);
	rc = start_tag(h, tag, 0, &ap);
	va_end(ap);
	return rc;
}

int html_void(struct html *h, const char *tag, ...)
{
	va_list ap;
	int rc;

	va_start(ap, tag);
	rc = start_tag(h, tag, 1, &ap);
	va_end(ap);
	return rc;
}

int html_close(struct html *h, const char *tag)
{
	if (h->err)
		return h->err;
	if (!tag || !h->depth || strcmp(h->open[h->depth - 1], tag))
		return html_fail(h, MM_EINVAL);
	h->depth--;
	buf_adds(h->out, "</");
	buf_adds(h->out, tag);
	buf_addch(h->out, '>');
	return html_check(h);
}

int html_text(struct html *h, const char *s)
{
	if (h->err)
		return h->err;
	if (!s)
		return html_fail(h, MM_EINVAL);
	return add_escaped(h, s);
}

int html_textf(struct html *h, const char *fmt, ...)
{
	struct buf tmp;
	va_list ap;

	if (h->err)
		return h->err;
	buf_init(&tmp, h->out->max);
	va_start(ap, fmt);
	buf_vaddf(&tmp, fmt, ap);
	va_end(ap);
	if (buf_error(&tmp))
		html_fail(h, buf_error(&tmp));
	else
		html_text(h, buf_cstr(&tmp));
	buf_release(&tmp);
	return h->err;
}

int html_elem(struct html *h, const char *tag, ...)
{
	va_list ap;
	const char *text;

	va_start(ap, tag);
	start_tag(h, tag, 0, &ap);
	text = va_arg(ap, const char *);
	va_end(ap);
	html_text(h, text);
	return html_close(h, tag);
}

int html_raw_literal(struct html *h, const char *lit)
{
	if (h->err)
		return h->err;
	buf_adds(h->out, lit);
	return html_check(h);
}

int html_finish(struct html *h)
{
	if (!h->err && h->depth)
		html_fail(h, MM_EINVAL);
	return h->err ? h->err : html_check(h);
}
