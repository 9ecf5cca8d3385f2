/*
 * migrate.c - `mamori migrate --from sqlite:PATH --to postgresql://...`:
 * moves a SQLite database to PostgreSQL (store_migrate copies every row,
 * the audit trail verbatim, and verifies the copy).
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage_migrate[] =
	"usage: mamori migrate --from sqlite:PATH --to postgresql://USER@HOST/DB\n"
	"Copies the SQLite database (opened read-only, its audit chain checked\n"
	"first) into the PostgreSQL database, which must be empty: every table,\n"
	"the audit trail verbatim (same numbers, same hashes).  Then verifies\n"
	"the copy: row counts per table and the audit chain on PostgreSQL.\n"
	"Stop the server first, so nothing is written to the source meanwhile.\n";

/* One progress line per table on stderr. */
struct table_progress {
	struct cli_progress p;
	struct buf table;       /* the label of p: the table's name */
	int started;
};

static void table_progress_cb(const char *table, int64_t done, int64_t total,
			      void *arg)
{
	struct table_progress *tp = arg;

	if (!tp->started || strcmp(buf_cstr(&tp->table), table) != 0) {
		if (tp->started)
			cli_progress_end(&tp->p, "rows");
		buf_reset(&tp->table);
		buf_adds(&tp->table, table);
		cli_progress_init(&tp->p, buf_cstr(&tp->table));
		tp->started = 1;
	}
	cli_progress_cb(done, total, &tp->p);
}

/* Which schema versions did not match, from what store_migrate found. */
static int explain_versions(const struct store_migrate_report *rep,
			    const char *from, const char *to)
{
	if (rep->source_version >= 0 &&
	    rep->source_version < rep->expected_version)
		return cli_fail("%s has an older schema (version %d, this mamori's "
				"is %d); migrate it first with `mamori upgrade "
				"--db %s` (it backs it up first)", from,
				rep->source_version, rep->expected_version, from);
	if (rep->source_version > rep->expected_version)
		return cli_fail("%s has a newer schema (version %d) than this "
				"mamori (%d); use the matching mamori", from,
				rep->source_version, rep->expected_version);
	if (rep->target_version != rep->source_version)
		return cli_fail("%s is at schema version %d but %s at %d: both "
				"must be at the same version; migrate into a new, "
				"empty database", to, rep->target_version, from,
				rep->source_version);
	return cli_fail("the tables or columns of %s and %s differ although "
			"both are at schema version %d; nothing was copied",
			from, to, rep->source_version);
}

static int explain(int rc, const struct store_migrate_report *rep,
		   const char *from, const char *to)
{
	switch (rc) {
	case MM_EINVAL:
		return cli_fail("--from must be a SQLite file (sqlite:PATH) and "
				"--to a postgresql:// URL");
	case MM_ENOTFOUND:
		return cli_fail("no database at %s", from);
	case MM_EEXIST:
		return cli_fail("%s already holds data; migrate into an empty "
				"database", to);
	case MM_EUNSUPPORTED:
		return explain_versions(rep, from, to);
	case MM_ECORRUPT:
		return cli_fail("verification failed (audit chain of the source or "
				"of the copy); run `mamori audit verify` on both");
	default:
		return cli_fail("migration to %s failed: %s", to, mm_strerror(rc));
	}
}

static void print_report(const struct store_migrate_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		printf("%-24s %lld rows\n", rep->tables[i].table,
		       (long long)rep->tables[i].rows);
	printf("audit trail verified: %lld entries\n",
	       (long long)rep->audit_entries);
}

int cmd_migrate(int argc, char **argv)
{
	const char *from, *to;
	struct cli_opt opts[] = {
		{ "from", &from, NULL, 1 },
		{ "to", &to, NULL, 1 },
	};
	struct table_progress tp = { .table = BUF_INIT_MAX(4096) };
	struct store_migrate_report rep;
	int rc = cli_parse(argc, argv, opts, 2, usage_migrate);

	if (rc >= 0)
		return rc;
	rc = store_migrate(from, to, table_progress_cb, &tp, &rep);
	if (tp.started)
		cli_progress_end(&tp.p, "rows");
	if (rc < 0)
		rc = explain(rc, &rep, from, to);
	else
		print_report(&rep);
	if (rc == 0)
		printf("migrated %s to %s\n", from, to);
	store_migrate_report_release(&rep);
	buf_release(&tp.table);
	return rc;
}
