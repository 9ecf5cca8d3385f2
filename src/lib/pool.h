/*
 * pool.h - memory owned by one request or one list, freed all at once.
 *
 * After nginx's ngx_pool_t and PostgreSQL's memory contexts.  A record's
 * text (a loan's purpose, an applicant's name) is copied into the pool of
 * whoever owns the record for the moment - the request being answered,
 * the list page being shown - instead of living in fixed arrays sized for
 * the longest text allowed.  pool_release() frees every allocation at
 * once, so no record member is ever freed on its own.
 *
 * The memory comes in chunks.  Every pool has a maximum total size fixed
 * at init: an allocation that would pass it (or a malloc that fails)
 * marks the pool failed, and a failed pool stays failed until
 * pool_release(): every further allocation returns NULL, so code may
 * allocate many times and check once (pool_error), as with struct buf.
 * Memory already handed out stays valid until pool_release().
 */
#ifndef MM_POOL_H
#define MM_POOL_H

#include <stddef.h>

/* Default cap of one pool: far above what any request or page holds. */
#define POOL_MAX_DEFAULT ((size_t)64 << 20)

/* The usual size of one chunk; larger allocations get a chunk of their own. */
#define POOL_CHUNK_SIZE ((size_t)8192)

struct pool_chunk;

struct pool {
	struct pool_chunk *head; /* the chunk allocated from; others follow */
	size_t total;            /* bytes taken from malloc, headers included */
	size_t max;
	int err; /* 0 or MM_ENOMEM; sticky until pool_release() */
	int full; /* 1: it failed at its maximum, not for want of memory */
};

#define POOL_INIT_MAX(m) { NULL, 0, (m), 0, 0 }

/*
 * pool_init - an empty pool that may grow to max bytes (0: default).  A
 * zeroed struct pool is the same as pool_init(p, 0).
 */
void pool_init(struct pool *p, size_t max);

/*
 * pool_release - frees every allocation of p at once; p is empty, good
 * and usable again with the same maximum.  NULL is ignored.
 */
void pool_release(struct pool *p);

/*
 * pool_alloc - n bytes (n may be 0) aligned for any type, valid until
 * pool_release(p).  NULL when the pool failed or fails now (past its
 * maximum, or out of memory): the pool is then failed (MM_ENOMEM).
 */
void *pool_alloc(struct pool *p, size_t n);

/*
 * pool_strdup - a copy of s in p; NULL as pool_alloc, or when s is NULL
 * (the pool stays good).
 */
char *pool_strdup(struct pool *p, const char *s);

/*
 * pool_strndup - a copy of the first n bytes of s (fewer when s ends
 * before), NUL-terminated, in p; NULL as pool_alloc.
 */
char *pool_strndup(struct pool *p, const char *s, size_t n);

/* pool_error - 0 while the pool is good, else MM_ENOMEM. */
int pool_error(const struct pool *p);

/*
 * pool_full - 1 when p failed because it reached its maximum (the input
 * was too large), 0 while it is good or when malloc failed it (the
 * server is short of memory: not the client's fault).
 */
int pool_full(const struct pool *p);

#endif
