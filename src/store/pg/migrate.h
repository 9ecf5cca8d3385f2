/*
 * migrate.h - the PostgreSQL schema migrations (migrations/NNNN_name.sql,
 * embedded into the binary in name order as store_pg_sql_files).  The
 * version of a database is the row of table schema_version: the number
 * of the last migration applied.  Exposed separately so tests can build
 * databases of older versions.
 */
#ifndef MM_STORE_PG_MIGRATE_H
#define MM_STORE_PG_MIGRATE_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <libpq-fe.h>

/* pg_migration_count - the newest schema version this binary knows. */
int pg_migration_count(void);

/*
 * pg_migrate - brings the database of c to version upto (0: the newest)
 * in one transaction holding an advisory lock, so that app servers
 * starting at the same moment apply each migration once.  create: 1 to
 * set up Mamori's schema in a database without one, 0 to refuse such a
 * database with MM_ENOTFOUND.  Returns 0, MM_EUNSUPPORTED when the
 * database is newer than this binary, MM_ENOTFOUND, or the error of the
 * failed statement (nothing of the migration is kept).
 */
int pg_migrate(PGconn *c, int create, int upto);

/*
 * pg_schema_version_read - the version recorded in schema_version (0 when
 * the table is missing), within the caller's transaction or on its own.
 */
int pg_schema_version_read(PGconn *c, int *version);

#endif
