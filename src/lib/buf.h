/*
 * buf.h - the bounded dynamic buffer used wherever Mamori builds text.
 *
 * After curl's dynbuf.  A struct buf owns its memory; buf_release() frees
 * it.  Every buffer has a maximum size fixed at init: an append that would
 * pass it (or an allocation that fails) frees the contents and marks the
 * buffer failed.  A failed buffer stays failed until buf_reset(): further
 * appends do nothing and return the same error, so code may append many
 * times and check once ("fail closed": a truncated page or statement is
 * never used by mistake).
 *
 * The contents are always NUL-terminated (buf_cstr() gives "" for an empty
 * or failed buffer), but may hold NUL bytes when binary data was added.
 */
#ifndef MM_BUF_H
#define MM_BUF_H

#include <stddef.h>
#include <stdarg.h>

/* Default cap for text built in memory: large enough for any page. */
#define BUF_MAX_DEFAULT ((size_t)64 << 20)

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	int err; /* 0, MM_ENOMEM or MM_EOVERFLOW; sticky */
};

#define BUF_INIT_MAX(m) { 0, 0, 0, (m), 0 }

/* buf_init - an empty buffer that may grow to max bytes (0: default). */
void buf_init(struct buf *b, size_t max);

/* buf_release - frees the contents; the buffer is empty and usable again. */
void buf_release(struct buf *b);

/* buf_reset - empties the buffer and clears a failure; keeps the memory. */
void buf_reset(struct buf *b);

/*
 * buf_add - appends n bytes.  Returns 0, or MM_EOVERFLOW / MM_ENOMEM (and
 * the buffer is emptied and failed).
 */
int buf_add(struct buf *b, const void *p, size_t n);

/* buf_adds - appends a NUL-terminated string; as buf_add. */
int buf_adds(struct buf *b, const char *s);

/* buf_addch - appends one byte; as buf_add. */
int buf_addch(struct buf *b, char c);

/* buf_addf - appends printf-formatted text; as buf_add. */
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* buf_vaddf - va_list form of buf_addf. */
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * buf_reserve - makes room for n more bytes at once (a page whose size
 * is about known grows without a string of reallocations).  Past the
 * maximum it reserves up to the maximum.  Returns 0, or MM_ENOMEM (and
 * the buffer is emptied and failed, as by buf_add).
 */
int buf_reserve(struct buf *b, size_t n);

/* buf_cstr - the contents as a C string; "" when empty or failed. */
const char *buf_cstr(const struct buf *b);

/* buf_error - 0 while the buffer is good, else its sticky error. */
int buf_error(const struct buf *b);

/*
 * buf_detach - hands the contents to the caller (who frees them with
 * free()); the buffer is left empty.  Returns NULL when the buffer failed;
 * returns an allocated "" for an empty buffer.  *len may be NULL.
 */
char *buf_detach(struct buf *b, size_t *len);

/*
 * buf_add_file - appends the whole file at path (read to its end, binary
 * as it is) to b, within b's maximum.  Returns 0; MM_EIO when the file
 * cannot be opened or read (a directory, a read error: what was read
 * before stays in b); or b's error (MM_EOVERFLOW when the file is larger
 * than b may grow, MM_ENOMEM), and then b is emptied and failed as by
 * buf_add.  A failed b is not read into and gives its error.
 */
int buf_add_file(struct buf *b, const char *path);

#endif
