#include "buf.h"
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_MAX_DEFAULT;
	b->err = 0;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Frees the contents and records the failure: the buffer fails closed. */
static int buf_fail(struct buf *b, int err)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = err;
	return err;
}

static int buf_grow(struct buf *b, size_t need)
{
	size_t cap;
	char *p;

	/* need counts the terminating NUL, hence "> max + 1". */
	if (need > b->max + 1 || need < b->len)
		return buf_fail(b, MM_EOVERFLOW);
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (b->max + 1) / 2 ? b->max + 1 : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return buf_fail(b, MM_ENOMEM);
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->err)
		return b->err;
	if (n > b->max || buf_grow(b, b->len + n + 1) < 0)
		return b->err ? b->err : buf_fail(b, MM_EOVERFLOW);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_reserve(struct buf *b, size_t n)
{
	size_t need;

	if (b->err)
		return b->err;
	need = n > b->max - b->len ? b->max + 1 : b->len + n + 1;
	if (need <= b->cap)
		return 0;
	return buf_grow(b, need);
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (b->err)
		return b->err;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return buf_fail(b, MM_EINVAL);
	if ((size_t)n > b->max || buf_grow(b, b->len + (size_t)n + 1) < 0)
		return b->err ? b->err : buf_fail(b, MM_EOVERFLOW);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *buf_cstr(const struct buf *b)
{
	return (b->data && !b->err) ? b->data : "";
}

int buf_error(const struct buf *b)
{
	return b->err;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->err)
		return NULL;
	p = b->data ? b->data : calloc(1, 1);
	if (len)
		*len = p ? b->len : 0;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

int buf_add_file(struct buf *b, const char *path)
{
	char chunk[8192];
	ssize_t got;
	int fd;

	if (b->err)
		return b->err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return MM_EIO;
	do {
		got = read(fd, chunk, sizeof chunk);
		if (got > 0 && buf_add(b, chunk, (size_t)got) < 0)
			break;
	} while (got > 0 || (got < 0 && errno == EINTR));
	close(fd);
	if (b->err)
		return b->err;
	return got < 0 ? MM_EIO : 0;
}
