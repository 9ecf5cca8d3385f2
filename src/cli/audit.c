/*
 * audit.c - `mamori audit verify`: recomputes the audit hash chain.
 */
#include "common.h"

#include <stdio.h>

#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori audit <subcommand> --db PATH\n"
	"\n"
	"  verify  recompute the audit trail's hash chain\n"
	"\n"
	"`mamori audit verify --help` describes it.\n";
static const char usage_verify[] =
	"usage: mamori audit verify --db PATH\n"
	"Recomputes the hash chain of the audit trail from its first entry.\n"
	"Exit 0 when intact, 1 when broken (the first bad entry is named).\n";

static int verify(struct store *s)
{
	struct audit_verify_result r = { 0 };
	struct cli_progress p;
	int rc;

	cli_progress_init(&p, "audit verify");
	rc = store_audit_verify(s, &r, cli_progress_cb, &p);
	p.done = r.entries;
	if (p.total < r.entries)
		p.total = r.entries;
	cli_progress_end(&p, "entries");
	if (rc == MM_ECORRUPT) {
		fprintf(stderr, "audit trail broken at entry %lld: %s\n",
			(long long)r.first_bad_seq, r.reason);
		return CLI_FAIL;
	}
	if (rc < 0)
		return cli_fail("cannot read the audit trail: %s",
				mm_strerror(rc));
	printf("audit trail intact: %lld entries\n", (long long)r.entries);
	return CLI_OK;
}

static int audit_verify_cmd(int argc, char **argv)
{
	const char *db;
	struct cli_opt opts[] = { { "db", &db, NULL, 1 } };
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 1, usage_verify);

	if (rc >= 0)
		return rc;
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = verify(s);
	store_close(s);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	static const char *const names[] = { "verify" };
	int sub, at;
	int rc = cli_group(argc, argv, names, 1, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	return audit_verify_cmd(argc - at, argv + at);
}
