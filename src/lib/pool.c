/*
 * pool.c - chunked arena (see pool.h).
 */
#include "pool.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

struct pool_chunk {
	struct pool_chunk *next;
	size_t size; /* bytes of data[] */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

#define POOL_ALIGN (alignof(max_align_t))

void pool_init(struct pool *p, size_t max)
{
	p->head = NULL;
	p->total = 0;
	p->max = max ? max : POOL_MAX_DEFAULT;
	p->err = 0;
}

void pool_release(struct pool *p)
{
	struct pool_chunk *c, *next;

	if (p == NULL)
		return;
	for (c = p->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	p->head = NULL;
	p->total = 0;
	p->err = 0;
	p->full = 0;
}

/* The same, for an allocation past the pool's maximum. */
static void *pool_fail_full(struct pool *p)
{
	p->full = 1;
	p->err = MM_ENOMEM;
	return NULL;
}

/* Marks the pool failed: nothing more is handed out until release. */
static void *pool_fail(struct pool *p)
{
	p->err = MM_ENOMEM;
	return NULL;
}

void *pool_alloc(struct pool *p, size_t n)
{
	struct pool_chunk *c;
	size_t need, size, bytes, max = p->max ? p->max : POOL_MAX_DEFAULT;
	void *out;

	if (p->err)
		return NULL;
	/* Round up so the next allocation stays aligned; n = 0 takes 1. */
	if (n > SIZE_MAX / 2)
		return pool_fail_full(p);
	need = (n + POOL_ALIGN) & ~(POOL_ALIGN - 1);
	c = p->head;
	if (c == NULL || c->size - c->used < need) {
		size = need > POOL_CHUNK_SIZE ? need : POOL_CHUNK_SIZE;
		bytes = sizeof(*c) + size;
		if (bytes > max || p->total > max - bytes) {
			/* A large chunk may fit where a full one does not. */
			size = need;
			bytes = sizeof(*c) + size;
			if (bytes > max || p->total > max - bytes)
				return pool_fail_full(p);
		}
		c = malloc(bytes);
		if (c == NULL)
			return pool_fail(p);
		c->size = size;
		c->used = 0;
		p->total += bytes;
		if (p->head != NULL && size == need &&
		    p->head->size - p->head->used > 0) {
			/* A chunk of its own: keep allocating from the head. */
			c->next = p->head->next;
			p->head->next = c;
			c->used = need;
			return c->data;
		}
		c->next = p->head;
		p->head = c;
	}
	out = c->data + c->used;
	c->used += need;
	return out;
}

char *pool_strndup(struct pool *p, const char *s, size_t n)
{
	size_t len;
	char *out;

	if (s == NULL)
		return NULL;
	len = strnlen(s, n);
	out = pool_alloc(p, len + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

char *pool_strdup(struct pool *p, const char *s)
{
	return pool_strndup(p, s, SIZE_MAX);
}

int pool_full(const struct pool *p)
{
	return p && p->err && p->full;
}

int pool_error(const struct pool *p)
{
	return p->err;
}
