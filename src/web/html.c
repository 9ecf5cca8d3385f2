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

/*
 * Tag and attribute names: 1-23 of [a-z0-9-], starting with a letter.
 * Returns the length, 0 when the name is not one.
 */
static size_t name_len(const char *s)
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
	return n < HTML_MAX_NAME ? n : 0;
}

/*
 * Names we refuse outright: inline code and styles are forbidden by the
 * CSP, and script/style contents are not escaped by html_text's rules.
 * The refused names are 5 or 6 letters long: only those are compared
 * (every element of every page passes here, issue 12).  Returns the
 * tag's length, 0 when refused.
 */
static size_t tag_allowed(const char *tag)
{
	size_t n = name_len(tag);

	if (n == 5 && (!strcmp(tag, "style") || !strcmp(tag, "embed")))
		return 0;
	if (n == 6 && (!strcmp(tag, "script") || !strcmp(tag, "iframe") ||
		       !strcmp(tag, "object")))
		return 0;
	return n;
}

static size_t attr_allowed(const char *name)
{
	size_t n = name_len(name);

	if (n >= 2 && name[0] == 'o' && name[1] == 'n')
		return 0;
	if ((n == 5 && !strcmp(name, "style")) ||
	    (n == 6 && !strcmp(name, "srcdoc")))
		return 0;
	return n;
}

static int attr_is_url(const char *name, size_t n)
{
	switch (n) {
	case 3: return !strcmp(name, "src");
	case 4: return !strcmp(name, "href") || !strcmp(name, "cite");
	case 6: return !strcmp(name, "action") || !strcmp(name, "poster");
	case 10: return !strcmp(name, "formaction");
	default: return 0;
	}
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

/*
 * What add_escaped does with a byte: copy it (0), escape it (1, & < > "
 * '), refuse it (2, a control character but tab and line ends, DEL), or
 * check the UTF-8 sequence it starts (3).
 */
static const unsigned char byte_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 0, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['"'] = 1, ['&'] = 1, ['\''] = 1, ['<'] = 1, ['>'] = 1,
	[0x7f] = 2,
	[0x80] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/*
 * Appends s escaped for text and for double-quoted attribute values, in
 * one pass: each run of bytes needing no escape is one copy (issue 12:
 * the list pages are mostly such runs).  Invalid UTF-8 or a control
 * character fails the writer (which empties the output), as before.
 */
static int add_escaped(struct html *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	for (; *p; p++) {
		const char *rep;
		size_t len;

		switch (byte_class[*p]) {
		case 0:
			continue;
		case 2:
			return html_fail(h, MM_EINVAL);
		case 3:
			len = utf8_seq_len(p, 4);
			if (!len)
				return html_fail(h, MM_EINVAL);
			p += len - 1;
			continue;
		default:
			break;
		}
		switch (*p) {
		case '&': rep = "&amp;"; len = 5; break;
		case '<': rep = "&lt;"; len = 4; break;
		case '>': rep = "&gt;"; len = 4; break;
		case '"': rep = "&quot;"; len = 6; break;
		default: rep = "&#39;"; len = 5; break;
		}
		buf_add(h->out, run, (size_t)(p - run));
		buf_add(h->out, rep, len);
		run = p + 1;
	}
	buf_add(h->out, run, (size_t)(p - run));
	return html_check(h);
}

/* Writes the attribute pairs of *ap up to the NULL name. */
static int add_attrs(struct html *h, va_list *ap)
{
	const char *name, *value;
	char head[HTML_MAX_NAME + 3];

	while ((name = va_arg(*ap, const char *)) != NULL) {
		size_t n = attr_allowed(name);
		value = va_arg(*ap, const char *);
		if (h->err)
			continue;
		if (!n)
			html_fail(h, MM_EINVAL);
		else if (!value)
			continue;
		else if (attr_is_url(name, n) && !html_url_ok(value))
			html_fail(h, MM_EINVAL);
		else {
			/* ' name="' as one append */
			head[0] = ' ';
			memcpy(head + 1, name, n);
			head[n + 1] = '=';
			head[n + 2] = '"';
			buf_add(h->out, head, n + 3);
			/* nothing after a refused value: the output stays empty */
			if (add_escaped(h, value) == 0) {
				buf_add(h->out, "\"", 1);
				html_check(h);
			}
		}
	}
	return h->err;
}

/* The start tag; pushes it on the stack of open elements when !is_void. */
static int start_tag(struct html *h, const char *tag, int is_void,
		     va_list *ap)
{
	size_t n = h->err ? 0 : tag_allowed(tag);
	char head[HTML_MAX_NAME + 1];

	if (!h->err && !n)
		html_fail(h, MM_EINVAL);
	if (!h->err && !is_void && h->depth >= HTML_MAX_DEPTH)
		html_fail(h, MM_EOVERFLOW);
	if (!h->err) {
		head[0] = '<';
		memcpy(head + 1, tag, n);
		buf_add(h->out, head, n + 1);
	}
	add_attrs(h, ap);
	if (h->err)
		return h->err;
	buf_add(h->out, ">", 1);
	if (!is_void) {
		memcpy(h->open[h->depth], tag, n + 1); /* n < HTML_MAX_NAME */
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
	char end[HTML_MAX_NAME + 3];
	size_t n;

	if (h->err)
		return h->err;
	if (!tag || !h->depth || strcmp(h->open[h->depth - 1], tag))
		return html_fail(h, MM_EINVAL);
	h->depth--;
	/* the name on the stack passed tag_allowed: shorter than the array */
	n = strlen(tag);
	end[0] = '<';
	end[1] = '/';
	memcpy(end + 2, tag, n);
	end[n + 2] = '>';
	buf_add(h->out, end, n + 3);
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
