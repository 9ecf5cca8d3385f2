/*
 * backup.c - `mamori backup` and `mamori restore`: verified copies of the
 * database (store_backup checks the copy; store_restore checks the backup
 * before it touches the target).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage_backup[] =
	"usage: mamori backup --db PATH --to FILE\n"
	"Copies the database (also while the server runs) to FILE, which must\n"
	"not exist, and verifies the copy (integrity and audit chain).\n";
static const char usage_restore[] =
	"usage: mamori restore --from FILE --db PATH\n"
	"Verifies the backup FILE and only then replaces the database at PATH\n"
	"with it.  Stop the server first.  A corrupt backup changes nothing.\n";

static int run_backup(struct store *s, const char *to)
{
	struct cli_progress p;
	int rc;

	cli_progress_init(&p, "backup");
	rc = store_backup(s, to, cli_progress_cb, &p);
	cli_progress_end(&p, "pages");
	if (rc == MM_EUNSUPPORTED)
		return cli_fail("this database cannot be copied to a file; use "
				"pg_dump for PostgreSQL (see README)");
	if (rc < 0) {
		/* The file did not exist before: a failed copy is removed. */
		unlink(to);
		return cli_fail("backup to %s failed: %s", to, mm_strerror(rc));
	}
	printf("backup written to %s\n", to);
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	const char *db, *to;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "to", &to, NULL, 1 },
	};
	struct stat st;
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 2, usage_backup);

	if (rc >= 0)
		return rc;
	if (stat(to, &st) == 0)
		return cli_fail("%s already exists; refusing to overwrite it", to);
	if (errno != ENOENT)
		return cli_fail("cannot use %s: %s", to, strerror(errno));
	if (cli_open(db, &s))
		return CLI_FAIL;
	umask(S_IRWXG | S_IRWXO); /* a copy of personal data, as init's */
	rc = run_backup(s, to);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

int cmd_restore(int argc, char **argv)
{
	const char *from, *db;
	struct cli_opt opts[] = {
		{ "from", &from, NULL, 1 },
		{ "db", &db, NULL, 1 },
	};
	struct stat st;
	int rc = cli_parse(argc, argv, opts, 2, usage_restore);

	if (rc >= 0)
		return rc;
	if (stat(from, &st) != 0)
		return cli_fail("cannot read %s: %s", from, strerror(errno));
	rc = store_restore(from, db);
	if (rc == MM_EUNSUPPORTED)
		return cli_fail("%s cannot be restored from a file; use pg_restore "
				"or psql with a pg_dump for PostgreSQL (see README)", db);
	if (rc == MM_ECORRUPT)
		return cli_fail("%s is not a valid backup (integrity or audit "
				"chain check failed); %s is unchanged", from, db);
	if (rc < 0)
		return cli_fail("restore from %s failed: %s", from,
				mm_strerror(rc));
	printf("restored %s from %s\n", db, from);
	return CLI_OK;
}
