/*
 * maint.c - what only SQLite does: schema version (PRAGMA user_version),
 * PRAGMA integrity_check, online backup and verified restore.
 * Contracts: store.h (store_backup, store_restore, ...).
 */
#include "sq.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrate.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/banned.h"

/* Pages copied per backup step: small steps let writers in between. */
#define BACKUP_STEP_PAGES 256

static int integrity(sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = sq_prepare(db, "PRAGMA integrity_check", &st);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		rc = t && !strcmp((const char *)t, "ok") ? 0 : MM_ECORRUPT;
	} else {
		rc = sq_err(rc);
		if (rc == 0)
			rc = MM_ECORRUPT;
	}
	sqlite3_finalize(st);
	return rc;
}

static int do_integrity(struct db *d, void *arg)
{
	(void)arg;
	return integrity(sq_db(d));
}

int sq_integrity_check(struct store *s)
{
	return store_read(s, do_integrity, NULL);
}

static int do_version(struct db *d, void *arg)
{
	return sq_user_version(sq_db(d), arg);
}

int sq_schema_version(struct store *s, int *version)
{
	*version = 0;
	return store_read(s, do_version, version);
}

/*
 * Checks a database file without changing it: a schema this binary knows,
 * PRAGMA integrity_check and the audit chain.
 */
static int verify_file(const char *path)
{
	struct sq_store *s;
	struct audit_verify_result r;
	int version = 0;
	int rc = sq_pool_open(path, 0, 1, 1, &s);

	if (rc < 0)
		return rc == MM_ENOTFOUND ? rc : MM_ECORRUPT;
	rc = store_read(&s->base, do_version, &version);
	if (rc == 0 && (version < 1 || version > sq_migration_count()))
		rc = MM_ECORRUPT;
	if (rc == 0)
		rc = store_read(&s->base, do_integrity, NULL);
	if (rc == 0)
		rc = store_audit_verify(&s->base, &r, NULL, NULL);
	sq_pool_close(s);
	return rc == MM_EBUSY ? rc : rc < 0 ? MM_ECORRUPT : 0;
}

/* Copies src into dst with the online backup API, reporting progress. */
static int copy_db(sqlite3 *src, sqlite3 *dst, store_progress_fn progress,
		   void *arg)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	if (!b)
		return sq_err(sqlite3_extended_errcode(dst));
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (progress)
			progress(sqlite3_backup_pagecount(b) -
				 sqlite3_backup_remaining(b),
				 sqlite3_backup_pagecount(b), arg);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return sq_err(rc) == MM_ECORRUPT ? MM_ECORRUPT : MM_EIO;
	/* a backup is one self-contained file, not a WAL database */
	return sq_exec(dst, "PRAGMA journal_mode=DELETE") < 0 ? MM_EIO : 0;
}

static int open_target(const char *path, sqlite3 **out)
{
	int rc = sqlite3_open_v2(path, out, SQLITE_OPEN_READWRITE |
				 SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_close(*out);
		*out = NULL;
		return MM_EIO;
	}
	return 0;
}

static int fsync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return MM_EIO;
	rc = fsync(fd) == 0 ? 0 : MM_EIO;
	close(fd);
	return rc;
}

int sq_backup(struct store *s, const char *path, store_progress_fn progress,
	      void *arg)
{
	struct sq_store *q = sq_of(s);
	sqlite3 *src, *dst;
	int rc = open_target(path, &dst);

	if (rc < 0)
		return rc;
	src = sq_acquire(q);
	rc = copy_db(src, dst, progress, arg);
	sq_release(q, src);
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = MM_EIO;
	if (rc == 0)
		rc = fsync_path(path, 0);
	if (rc == 0)
		rc = verify_file(path);
	return rc;
}

/* The directory of path, for fsync after a rename. */
static int dir_of(const char *path, struct buf *b)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return buf_adds(b, ".");
	if (slash == path)
		return buf_adds(b, "/");
	return buf_add(b, path, (size_t)(slash - path));
}

static int with_suffix(struct buf *b, const char *path, const char *suffix)
{
	buf_reset(b);
	buf_adds(b, path);
	return buf_adds(b, suffix);
}

/* Writes a copy of from to tmp (fsynced). */
static int copy_file(const char *from, const char *tmp)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc;

	unlink(tmp);
	rc = sq_connect(from, 0, 1, &src);
	if (rc == 0)
		rc = open_target(tmp, &dst);
	if (rc == 0)
		rc = copy_db(src, dst, NULL, NULL);
	if (dst && sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = MM_EIO;
	sqlite3_close(src);
	if (rc == 0)
		rc = fsync_path(tmp, 0);
	if (rc < 0)
		unlink(tmp);
	return rc;
}

/*
 * The old -wal and -shm must go before the new file takes the name:
 * SQLite would otherwise replay the old log onto the restored database.
 */
static int replace(const char *tmp, const char *path, struct buf *b)
{
	static const char *const stale[] = { "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++) {
		if (with_suffix(b, path, stale[i]) < 0)
			return MM_ENOMEM;
		if (unlink(buf_cstr(b)) != 0 && access(buf_cstr(b), F_OK) == 0)
			return MM_EIO;
	}
	if (rename(tmp, path) != 0)
		return MM_EIO;
	buf_reset(b);
	if (dir_of(path, b) < 0)
		return MM_ENOMEM;
	return fsync_path(buf_cstr(b), 1);
}

int sq_restore(const char *from, const char *path)
{
	struct buf b = BUF_INIT_MAX(8192);
	struct buf tmp = BUF_INIT_MAX(8192);
	int rc = verify_file(from);

	if (rc == 0 && with_suffix(&tmp, path, ".restore-tmp") < 0)
		rc = MM_ENOMEM;
	if (rc == 0)
		rc = copy_file(from, buf_cstr(&tmp));
	if (rc == 0)
		rc = replace(buf_cstr(&tmp), path, &b);
	if (rc < 0 && buf_error(&tmp) == 0)
		unlink(buf_cstr(&tmp));
	buf_release(&b);
	buf_release(&tmp);
	return rc;
}
