/*
 * maint.c - what PostgreSQL does its own way: schema version (table
 * schema_version), a sanity check in place of a page check, and no file
 * backup (the server's own tools do that).  Contracts: store.h.
 */
#include "pg.h"

#include <string.h>

#include "migrate.h"
#include "lib/err.h"
#include "lib/banned.h"

/*
 * PostgreSQL has its own tools for copies: pg_dump for a logical backup,
 * pg_basebackup and WAL archiving for base backups and point-in-time
 * recovery (README, "PostgreSQL").  A file copy made here could not be
 * restored with them, so the store does not pretend to offer one.
 */
int pg_backup(struct store *s, const char *path, store_progress_fn progress,
	      void *arg)
{
	(void)s;
	(void)path;
	(void)progress;
	(void)arg;
	return MM_EUNSUPPORTED;
}

int pg_restore(const char *from, const char *url)
{
	(void)from;
	(void)url;
	return MM_EUNSUPPORTED;
}

static int do_version(struct db *d, void *arg)
{
	return pg_schema_version_read(pg_db(d), arg);
}

int pg_schema_version(struct store *s, int *version)
{
	*version = 0;
	return store_read(s, do_version, version);
}

/*
 * The server checks its pages itself (checksums, amcheck for the
 * administrator); what Mamori can see cheaply is that the schema is one it
 * knows, the tables answer and the audit head exists.
 */
static int do_sanity(struct db *d, void *arg)
{
	PGconn *c = pg_db(d);
	PGresult *r;
	int version = 0;
	int rc = pg_schema_version_read(c, &version);

	(void)arg;
	if (rc == 0 && (version < 1 || version > pg_migration_count()))
		rc = MM_ECORRUPT;
	if (rc == 0)
		rc = pg_run(c, &r, "SELECT (SELECT count(*) FROM audit_head),"
			    " (SELECT count(*) FROM units),"
			    " (SELECT count(*) FROM users)", NULL);
	if (rc == 0) {
		if (pg_int(r, 0, 0) != 1)
			rc = MM_ECORRUPT;
		PQclear(r);
	}
	return rc;
}

int pg_integrity_check(struct store *s)
{
	struct audit_verify_result res;
	int rc = store_read(s, do_sanity, NULL);

	if (rc == 0)
		rc = store_audit_verify(s, &res, NULL, NULL);
	return rc;
}
