/*
 * backend.c - opening a PostgreSQL store (the backend entry of
 * backend.h).  Contract: backend.h; location is the whole URL.
 */
#include "pg.h"

#include "lib/err.h"
#include "lib/banned.h"

static int pg_open(const char *url, int create, struct store **out)
{
	struct pg_store *s;
	int rc;

	*out = NULL;
	rc = pg_pool_open(url, create, PG_POOL_SIZE, &s);
	if (rc < 0)
		return rc;
	*out = &s->base;
	return 0;
}

const struct store_backend pg_backend = {
	.open = pg_open,
	.restore = pg_restore,
};
