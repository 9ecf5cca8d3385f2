/*
 * policy.c - `mamori policy load|list|show`: the versions of the
 * directive's rules (R-META-1; docs/policy.md).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/policy.h"
#include "../store/store_policy.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori policy <subcommand> --db PATH [options]\n"
	"\n"
	"  load    FILE: validate a policy file and store it as the next version\n"
	"  list    the stored versions and the one in force\n"
	"  show    [--version N]: a version's file (default: the one in force)\n"
	"\n"
	"`mamori policy <subcommand> --help` describes each.\n";
static const char usage_load[] =
	"usage: mamori policy load --db PATH --file FILE [--by LOGIN]\n"
	"Validates the policy file (docs/policy.md) and stores it as the next\n"
	"version, in force from its effective_from (today or later, not before\n"
	"the latest version's).  --by records who loaded it.  Audited\n"
	"\"policy.load\".  A bad file changes nothing.\n";
static const char usage_list[] =
	"usage: mamori policy list --db PATH\n"
	"Lists the stored versions; * marks the one in force today.\n";
static const char usage_show[] =
	"usage: mamori policy show --db PATH [--version N]\n"
	"Prints a version's policy file as loaded (default: the one in force).\n";

/* The whole file, NUL-terminated; at most POLICY_TEXT_MAX + 1 bytes read. */
static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	size_t n;

	if (!f)
		return MM_EIO;
	b = malloc(POLICY_TEXT_MAX + 2);
	if (!b) {
		fclose(f);
		return MM_ENOMEM;
	}
	n = fread(b, 1, POLICY_TEXT_MAX + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(b);
		return MM_EIO;
	}
	fclose(f);
	b[n] = '\0';
	*out = b;
	*len = n;
	return 0;
}

static int policy_load_cmd(int argc, char **argv)
{
	const char *db, *file, *by = NULL;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "file", &file, NULL, 1 },
		{ "by", &by, NULL, 0 },
	};
	struct actor act = cli_actor();
	struct policy_error err;
	struct store *s;
	struct user u;
	const char *why = NULL;
	char msg[400], *text = NULL;
	size_t len = 0;
	int64_t version = 0;
	int rc = cli_parse(argc, argv, opts, 3, usage_load);

	if (rc >= 0)
		return rc;
	if (read_file(file, &text, &len) < 0)
		return cli_fail("cannot read %s", file);
	if (cli_open(db, &s)) {
		free(text);
		return CLI_FAIL;
	}
	if (by && cli_find_user(s, by, &u)) {
		store_close(s);
		free(text);
		return CLI_FAIL;
	}
	if (by)
		act.user_id = u.id;
	rc = store_policy_load(s, &act, text, len, &version, &err, &why);
	store_close(s);
	free(text);
	if (rc == MM_EINVAL) {
		policy_error_format(&err, msg, sizeof msg);
		return cli_fail("%s: 読み込めません: %s", file, msg);
	}
	if (rc == MM_EEXIST || rc == MM_ERULE)
		return cli_fail("%s: 読み込めません: %s", file, why ? why :
				"同じ版が既に読み込まれています");
	if (rc < 0)
		return cli_fail("cannot load %s: %s", file, mm_strerror(rc));
	printf("loaded %s as version %lld\n", file, (long long)version);
	return CLI_OK;
}

static int policy_list_cmd(int argc, char **argv)
{
	const char *db;
	struct cli_opt opts[] = { { "db", &db, NULL, 1 } };
	struct policy_version *items = NULL, now;
	struct policy *p = malloc(sizeof *p);
	struct store *s;
	size_t n = 0;
	int rc = cli_parse(argc, argv, opts, 1, usage_list);

	if (rc >= 0 || !p) {
		free(p);
		return rc >= 0 ? rc : CLI_FAIL;
	}
	if (cli_open(db, &s)) {
		free(p);
		return CLI_FAIL;
	}
	rc = store_policy_list(s, &items, &n);
	if (rc == 0)
		rc = store_policy_in_force(s, p, &now);
	store_close(s);
	free(p);
	if (rc < 0) {
		free(items);
		return cli_fail("cannot list versions: %s", mm_strerror(rc));
	}
	printf("  ");
	cli_print_cell("VERSION", 8);
	cli_print_cell("EFFECTIVE", 11);
	cli_print_cell("EXPIRES", 11);
	cli_print_cell("ID", 24);
	printf("NUMBER\n");
	for (size_t i = 0; i < n; i++) {
		char v[24];

		snprintf(v, sizeof v, "%lld", (long long)items[i].version);
		printf("%s ", items[i].version == now.version ? "*" : " ");
		cli_print_cell(v, 8);
		cli_print_cell(items[i].effective_from, 11);
		cli_print_cell(items[i].expires, 11);
		cli_print_cell(items[i].policy_id, 24);
		printf("%s\n", items[i].number);
	}
	free(items);
	return CLI_OK;
}

static int policy_show_cmd(int argc, char **argv)
{
	const char *db, *ver = NULL;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "version", &ver, NULL, 0 },
	};
	struct policy_version meta;
	struct buf text = BUF_INIT_MAX(POLICY_TEXT_MAX + 1);
	struct store *s;
	char *end = NULL;
	long long n = 0;
	int rc = cli_parse(argc, argv, opts, 2, usage_show);

	if (rc >= 0)
		return rc;
	if (ver) {
		n = strtoll(ver, &end, 10);
		if (!*ver || *end || n < 1)
			return cli_usage_error("--version: a version number",
					       usage_show);
	}
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = 0;
	if (!ver) {
		struct policy *p = malloc(sizeof *p);

		rc = p ? store_policy_in_force(s, p, &meta) : MM_ENOMEM;
		n = meta.version;
		free(p);
	}
	if (rc == 0)
		rc = store_policy_get(s, n, &meta, NULL, &text);
	store_close(s);
	if (rc == MM_ENOTFOUND) {
		buf_release(&text);
		return cli_fail("no version %lld", n);
	}
	if (rc < 0) {
		buf_release(&text);
		return cli_fail("cannot show version %lld: %s", n,
				mm_strerror(rc));
	}
	printf("; version %lld, sha256 %s\n%s", (long long)meta.version,
	       meta.sha256, buf_cstr(&text));
	buf_release(&text);
	return CLI_OK;
}

int cmd_policy(int argc, char **argv)
{
	static const char *const names[] = { "load", "list", "show" };
	static int (*const run[])(int, char **) = {
		policy_load_cmd, policy_list_cmd, policy_show_cmd,
	};
	int sub, at;
	int rc = cli_group(argc, argv, names, 3, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	return run[sub](argc - at, argv + at);
}
