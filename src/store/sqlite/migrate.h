/*
 * migrate.h - the SQLite schema migrations (migrations/NNNN_name.sql,
 * embedded into the binary in name order).  The version of a database is
 * PRAGMA user_version: the number of the last migration applied.
 * Exposed separately so tests can build databases of older versions.
 */
#ifndef MM_STORE_MIGRATE_H
#define MM_STORE_MIGRATE_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include <sqlite3.h>

/* sq_migration_count - the newest schema version this binary knows. */
int sq_migration_count(void);

/*
 * sq_migrate - applies the migrations after the database's version up to
 * and including upto (0: all), each in its own transaction together with
 * the new version number.  Returns 0, MM_EUNSUPPORTED when the database is
 * newer than this binary, MM_EBUSY, or MM_EIO (nothing of the failed
 * migration is kept).
 */
int sq_migrate(sqlite3 *db, int upto);

/* sq_user_version - reads PRAGMA user_version into *version. */
int sq_user_version(sqlite3 *db, int *version);

#endif
