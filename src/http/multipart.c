#include "multipart.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

#define NOT_FOUND SIZE_MAX

/* The first index >= from of needle in hay, or NOT_FOUND. */
static size_t find(const char *hay, size_t hn, const char *needle, size_t nn,
		   size_t from)
{
	size_t i;

	if (nn == 0 || hn < nn)
		return NOT_FOUND;
	for (i = from; i + nn <= hn; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, nn))
			return i;
	return NOT_FOUND;
}

static int is_ows(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* RFC 2046 bcharsnospace. */
static int boundary_char(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || strchr("'()+_,-./:=?", ch) != NULL;
}

/*
 * Reads a parameter value at *p: a quoted string (no escapes: browsers
 * percent-encode the quote) or a token up to ';' or white space.  Sets
 * *v and *vn to the value's bytes; MM_EINVAL on an unterminated quote.
 */
static int param_value(const char **p, const char *end, const char **v,
		       size_t *vn)
{
	const char *s = *p;

	if (s < end && *s == '"') {
		const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
		if (!q)
			return MM_EINVAL;
		*v = s + 1;
		*vn = (size_t)(q - s - 1);
		*p = q + 1;
		return 0;
	}
	*v = s;
	while (s < end && *s != ';' && !is_ows(*s))
		s++;
	*vn = (size_t)(s - *v);
	*p = s;
	return 0;
}

/*
 * Walks "; name=value" parameters from p to end, calling back for each.
 * Returns 0, MM_EINVAL for a malformed list, or the callback's error.
 */
typedef int (*param_fn)(void *arg, const char *name, size_t nn,
			const char *value, size_t vn);

static int each_param(const char *p, const char *end, param_fn fn, void *arg)
{
	while (p < end) {
		const char *name, *value;
		size_t nn, vn;
		int rc;

		while (p < end && is_ows(*p))
			p++;
		if (p == end)
			break;
		if (*p++ != ';')
			return MM_EINVAL;
		while (p < end && is_ows(*p))
			p++;
		name = p;
		while (p < end && *p != '=' && *p != ';' && !is_ows(*p))
			p++;
		nn = (size_t)(p - name);
		if (p == end || *p != '=' || nn == 0)
			return MM_EINVAL;
		p++;
		if ((rc = param_value(&p, end, &value, &vn)) < 0)
			return rc;
		if ((rc = fn(arg, name, nn, value, vn)) < 0)
			return rc;
	}
	return 0;
}

static int is_name(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !strncasecmp(s, lit, n);
}

struct boundary_arg {
	char *out;
	int found;
};

static int boundary_param(void *arg, const char *name, size_t nn,
			  const char *value, size_t vn)
{
	struct boundary_arg *b = arg;
	size_t i;

	if (!is_name(name, nn, "boundary"))
		return 0;
	if (b->found || vn == 0 || vn > MULTIPART_MAX_BOUNDARY ||
	    value[vn - 1] == ' ')
		return MM_EINVAL;
	for (i = 0; i < vn; i++)
		if (!boundary_char(value[i]) && value[i] != ' ')
			return MM_EINVAL;
	memcpy(b->out, value, vn);
	b->out[vn] = '\0';
	b->found = 1;
	return 0;
}

int multipart_boundary(const char *content_type,
		       char out[MULTIPART_MAX_BOUNDARY + 1])
{
	static const char type[] = "multipart/form-data";
	struct boundary_arg b = { out, 0 };
	const char *end;
	int rc;

	out[0] = '\0';
	if (!content_type ||
	    strncasecmp(content_type, type, sizeof(type) - 1))
		return MM_EINVAL;
	end = content_type + strlen(content_type);
	rc = each_param(content_type + sizeof(type) - 1, end, boundary_param,
			&b);
	if (rc < 0 || !b.found) {
		out[0] = '\0';
		return MM_EINVAL;
	}
	return 0;
}

/* Copies a parameter value into a field: UTF-8, fits, no NUL. */
static int copy_value(char *dst, size_t size, const char *v, size_t vn)
{
	if (vn >= size)
		return MM_EOVERFLOW;
	if (!utf8_valid(v, vn) || memchr(v, '\0', vn))
		return MM_EINVAL;
	memcpy(dst, v, vn);
	dst[vn] = '\0';
	return 0;
}

struct disposition {
	struct multipart_part *part;
	int has_name;
};

static int disposition_param(void *arg, const char *name, size_t nn,
			     const char *value, size_t vn)
{
	struct disposition *d = arg;
	int rc;

	if (is_name(name, nn, "name")) {
		if (d->has_name || vn == 0)
			return MM_EINVAL;
		rc = copy_value(d->part->name, sizeof(d->part->name), value, vn);
		d->has_name = rc == 0;
		return rc;
	}
	if (is_name(name, nn, "filename")) {
		if (d->part->is_file)
			return MM_EINVAL;
		d->part->is_file = 1;
		return copy_value(d->part->filename,
				  sizeof(d->part->filename), value, vn);
	}
	return 0; /* filename* and others: not used */
}

static int content_disposition(struct multipart_part *part, const char *v,
			       const char *end)
{
	static const char form_data[] = "form-data";
	struct disposition d = { part, 0 };
	int rc;

	if ((size_t)(end - v) < sizeof(form_data) - 1 ||
	    strncasecmp(v, form_data, sizeof(form_data) - 1))
		return MM_EINVAL;
	v += sizeof(form_data) - 1;
	if (v < end && *v != ';' && !is_ows(*v))
		return MM_EINVAL;
	if ((rc = each_param(v, end, disposition_param, &d)) < 0)
		return rc;
	return d.has_name ? 0 : MM_EINVAL;
}

/* One header line (without CRLF); unknown headers are ignored. */
static int header_line(struct multipart_part *part, const char *line,
		       size_t n, int *seen_disposition)
{
	const char *colon = memchr(line, ':', n), *v, *end = line + n;
	size_t nn, i;

	if (!colon || colon == line)
		return MM_EINVAL;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)line[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return MM_EINVAL;
	}
	nn = (size_t)(colon - line);
	for (i = 0; i < nn; i++)
		if (is_ows(line[i]))
			return MM_EINVAL; /* also refuses obsolete line folding */
	v = colon + 1;
	while (v < end && is_ows(*v))
		v++;
	while (end > v && is_ows(end[-1]))
		end--;
	if (is_name(line, nn, "content-disposition")) {
		if (*seen_disposition)
			return MM_EINVAL;
		*seen_disposition = 1;
		return content_disposition(part, v, end);
	}
	if (is_name(line, nn, "content-type"))
		return copy_value(part->content_type,
				  sizeof(part->content_type), v,
				  (size_t)(end - v));
	return 0;
}

static int part_headers(struct multipart_part *part, const char *p, size_t n)
{
	int seen = 0, rc;

	while (n > 0) {
		size_t eol = find(p, n, "\r\n", 2, 0);
		size_t len = eol == NOT_FOUND ? n : eol;
		if ((rc = header_line(part, p, len, &seen)) < 0)
			return rc;
		if (eol == NOT_FOUND)
			break;
		p += eol + 2;
		n -= eol + 2;
	}
	return seen ? 0 : MM_EINVAL;
}

struct scan {
	const char *body;
	size_t n;
	char delim[MULTIPART_MAX_BOUNDARY + 5]; /* "\r\n--" boundary */
	size_t dlen;
};

/*
 * Reads the part whose headers start at *pos; on success *pos is the
 * index of the next "--boundary".
 */
static int read_part(const struct scan *s, size_t *pos, size_t max_part,
		     struct multipart_part *part)
{
	size_t start = *pos, data, end;
	int rc;

	memset(part, 0, sizeof(*part));
	if (s->n - start >= 2 && !memcmp(s->body + start, "\r\n", 2)) {
		return MM_EINVAL; /* no Content-Disposition */
	}
	end = find(s->body, s->n, "\r\n\r\n", 4, start);
	if (end == NOT_FOUND)
		return s->n - start > MULTIPART_MAX_HEADER ? MM_EOVERFLOW
							   : MM_EINVAL;
	if (end - start > MULTIPART_MAX_HEADER)
		return MM_EOVERFLOW;
	if ((rc = part_headers(part, s->body + start, end - start)) < 0)
		return rc;
	data = end + 4;
	end = find(s->body, s->n, s->delim, s->dlen, data);
	if (end == NOT_FOUND)
		return MM_EINVAL;
	if (end - data > max_part)
		return MM_EOVERFLOW;
	part->data = s->body + data;
	part->len = end - data;
	*pos = end + 2;
	return 0;
}

/*
 * After "--boundary" at pos: "--" ends the body (1); transport padding
 * and CRLF start a part (0, *pos at its headers); else MM_EINVAL.
 */
static int after_delimiter(const struct scan *s, size_t *pos)
{
	size_t p = *pos + s->dlen - 2;

	if (s->n - p >= 2 && !memcmp(s->body + p, "--", 2))
		return 1;
	while (p < s->n && is_ows(s->body[p]))
		p++;
	if (s->n - p < 2 || memcmp(s->body + p, "\r\n", 2))
		return MM_EINVAL;
	*pos = p + 2;
	return 0;
}

static int parse_parts(const struct scan *s, size_t max_part,
		       struct multipart *m)
{
	size_t pos;
	int rc;

	/* The first delimiter may open the body or follow a preamble. */
	if (s->n >= s->dlen - 2 && !memcmp(s->body, s->delim + 2, s->dlen - 2))
		pos = 0;
	else if ((pos = find(s->body, s->n, s->delim, s->dlen, 0)) != NOT_FOUND)
		pos += 2;
	else
		return MM_EINVAL;
	for (;;) {
		if ((rc = after_delimiter(s, &pos)) != 0)
			return rc == 1 ? 0 : rc;
		if (m->n == MULTIPART_MAX_PARTS)
			return MM_EOVERFLOW;
		if ((rc = read_part(s, &pos, max_part, &m->parts[m->n])) < 0)
			return rc;
		m->n++;
	}
}

int multipart_parse(const char *content_type, const char *body, size_t n,
		    size_t max_part, struct multipart *m)
{
	char boundary[MULTIPART_MAX_BOUNDARY + 1];
	struct scan s;
	int rc;

	m->n = 0;
	if (!body)
		return MM_EINVAL;
	if ((rc = multipart_boundary(content_type, boundary)) < 0)
		return rc;
	s.body = body;
	s.n = n;
	s.dlen = strlen(boundary) + 4;
	memcpy(s.delim, "\r\n--", 4);
	memcpy(s.delim + 4, boundary, s.dlen - 4);
	rc = parse_parts(&s, max_part, m);
	if (rc < 0)
		m->n = 0;
	return rc;
}

const struct multipart_part *multipart_get(const struct multipart *m,
					   const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->parts[i].name, name))
			return &m->parts[i];
	return NULL;
}
