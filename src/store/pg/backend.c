/*
 * backend.c - opening a PostgreSQL store (the backend entry of
 * backend.h).  Contract: backend.h; location is the whole URL.
 */
#include "pg.h"
#include "migrate.h"

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

/* One connection, no migration: the database stays as it is. */
static int pg_open_unmigrated(const char *url, struct store **out)
{
	struct pg_store *s;
	int rc;

	*out = NULL;
	rc = pg_pool_open_as(url, 0, 0, 1, &s);
	if (rc < 0)
		return rc;
	*out = &s->base;
	return 0;
}

const struct store_backend pg_backend = {
	.open = pg_open,
	.open_unmigrated = pg_open_unmigrated,
	.restore = pg_restore,
	.schema_newest = pg_migration_count,
};
