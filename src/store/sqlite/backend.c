/*
 * backend.c - opening a SQLite store (the backend entry of backend.h).
 * Contract: backend.h; location is a plain file path.
 */
#include "sq.h"
#include "migrate.h"

#include <string.h>

#include "lib/err.h"
#include "lib/banned.h"

static int sq_open(const char *path, int create, struct store **out)
{
	struct sq_store *s;
	int rc;

	*out = NULL;
	/* SQLite's own URI and memory names would bypass the file checks */
	if (!path || !*path || path[0] == ':' || !strncmp(path, "file:", 5))
		return MM_EINVAL;
	rc = sq_pool_open(path, create, 0, SQ_POOL_SIZE, &s);
	if (rc < 0)
		return rc;
	*out = &s->base;
	return 0;
}

/* One read-only connection: nothing migrates, the file stays as it is. */
static int sq_open_unmigrated(const char *path, struct store **out)
{
	struct sq_store *s;
	int rc;

	*out = NULL;
	if (!path || !*path || path[0] == ':' || !strncmp(path, "file:", 5))
		return MM_EINVAL;
	rc = sq_pool_open(path, 0, 1, 1, &s);
	if (rc < 0)
		return rc;
	*out = &s->base;
	return 0;
}

const struct store_backend sqlite_backend = {
	.open = sq_open,
	.open_unmigrated = sq_open_unmigrated,
	.restore = sq_restore,
	.schema_newest = sq_migration_count,
};
