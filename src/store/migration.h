/*
 * migration.h - what both backends' migration runners share: the embedded
 * migration files (migrations/NNNN_name.sql, sorted by name by the build)
 * counted and checked the same way.  Applying them is per backend
 * (sqlite/migrate.c, pg/migrate.c): each engine records its version and
 * serialises concurrent runs its own way.
 */
#ifndef MM_STORE_MIGRATION_H
#define MM_STORE_MIGRATION_H
#ifndef MM_SEES_STORE_INTERNALS /* the layers: HACKING.md */
#error "layer: store internals: outside store/ use store.h, store_*.h"
#endif

#include "lib/embed.h"

/* migration_count - the number of files in the NULL-named-terminated table. */
int migration_count(const struct embedded_file *files);

/*
 * migration_in_place - 1 when files[i] is named "NNNN_..." with NNNN = i + 1
 * (no gap, no duplicate), else 0.
 */
int migration_in_place(const struct embedded_file *files, int i);

#endif
