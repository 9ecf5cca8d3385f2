/*
 * upgrade.c - `mamori upgrade`: migrates the database to this program's
 * schema the way `mamori serve` does on start (a verified SQLite backup
 * first), without serving; for PostgreSQL after the operator confirms a
 * dump (issue 15, upgrades).
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "../lib/config.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage_upgrade[] =
	"usage: mamori upgrade [--config FILE] [--db URL] [--backup-dir DIR]\n"
	"                      [--i-have-a-backup]\n"
	"Migrates the database to this mamori's schema, as `mamori serve` does\n"
	"on start.  A SQLite database is first copied as it is to DIR\n"
	"([upgrade] backup_dir, default /var/backups/mamori) as\n"
	"mamori-pre-migrate-vN-<UTC>.db and the copy verified; if that fails\n"
	"nothing is migrated.  PostgreSQL is migrated only with\n"
	"--i-have-a-backup, after a pg_dump of the database.\n";

int cmd_upgrade(int argc, char **argv)
{
	const char *file, *db, *dir;
	int confirmed = 0;
	struct cli_opt opts[] = {
		{ "config", &file, NULL, 0 },
		{ "db", &db, NULL, 0 },
		{ "backup-dir", &dir, NULL, 0 },
		{ "i-have-a-backup", NULL, &confirmed, 0 },
	};
	struct config cfg;
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 4, usage_upgrade);

	if (rc >= 0)
		return rc;
	if (!db && !file)
		return cli_usage_error("missing --db", usage_upgrade);
	if (cli_config_read(&cfg, file))
		return CLI_FAIL;
	if (!db)
		db = cfg.db_url;
	if (!dir)
		dir = cfg.upgrade_backup_dir;
	if (cli_open_upgrade(db, dir, confirmed, &s))
		return CLI_FAIL;
	store_close(s);
	printf("mamori: the database is at this mamori's schema\n");
	return CLI_OK;
}
