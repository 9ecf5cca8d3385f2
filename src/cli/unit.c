/*
 * unit.c - `mamori unit list|add|rename`: HQ and the police stations.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "../core/records.h"
#include "../core/roles.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori unit <subcommand> --db PATH [options]\n"
	"\n"
	"  list    \n"
	"  add     --code C --name N --kind hq|station\n"
	"  rename  --code C --name N\n"
	"\n"
	"`mamori unit <subcommand> --help` describes each.\n";
static const char usage_list[] =
	"usage: mamori unit list --db PATH\n"
	"Lists the units, HQ first.\n";
static const char usage_add[] =
	"usage: mamori unit add --db PATH --code C --name N --kind hq|station\n"
	"Adds a unit, checked as the web form and the API check one.\n"
	"C: 1-16 upper-case letters, digits or '-'.\n";
static const char usage_rename[] =
	"usage: mamori unit rename --db PATH --code C --name N\n"
	"Changes the name of the unit with code C.\n";

static int unit_list_cmd(int argc, char **argv)
{
	const char *db;
	struct cli_opt opts[] = { { "db", &db, NULL, 1 } };
	struct unit_list l = { 0 };
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 1, usage_list);

	if (rc >= 0)
		return rc;
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = store_unit_list(s, &l);
	store_close(s);
	if (rc < 0)
		return cli_fail("cannot list units: %s", mm_strerror(rc));
	cli_print_cell("CODE", 12);
	cli_print_cell("KIND", 8);
	cli_print_cell("STATUS", 8);
	printf("NAME\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct unit *u = &l.items[i];
		const char *kind = unit_kind_key(u->kind);
		cli_print_cell(u->code, 12);
		cli_print_cell(kind ? kind : "?", 8);
		cli_print_cell(u->active ? "active" : "inactive", 8);
		printf("%s\n", u->name);
	}
	unit_list_release(&l);
	return CLI_OK;
}

/*
 * Fills u from the options through the unit's descriptor: the same
 * checks and messages as the web form and the API.
 */
static int build_unit(const char *code, const char *name, const char *kind,
		      struct unit *u)
{
	const struct cli_field fields[] = {
		{ "code", code }, { "name", name }, { "kind", kind },
	};

	memset(u, 0, sizeof(*u));
	u->active = 1;
	return cli_record_read(&unit_record, fields,
			       sizeof(fields) / sizeof(fields[0]), u,
			       RECORD_CREATE);
}

static int unit_add_cmd(int argc, char **argv)
{
	const char *db, *code, *name, *kind;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "code", &code, NULL, 1 },
		{ "name", &name, NULL, 1 },
		{ "kind", &kind, NULL, 1 },
	};
	struct actor act = cli_actor();
	struct store *s;
	struct unit u;
	int rc = cli_parse(argc, argv, opts, 4, usage_add);

	if (rc >= 0)
		return rc;
	if (build_unit(code, name, kind, &u) || cli_open(db, &s))
		return CLI_FAIL;
	rc = store_unit_create(s, &act, &u);
	store_close(s);
	if (rc == MM_EEXIST)
		return cli_fail("a unit with code %s exists already", code);
	if (rc < 0)
		return cli_fail("cannot add unit %s: %s", code, mm_strerror(rc));
	printf("added unit %s\n", code);
	return CLI_OK;
}

static int rename_unit(struct store *s, const char *code, const char *name)
{
	const struct cli_field fields[] = { { "name", name } };
	struct actor act = cli_actor();
	struct unit u;
	int rc;

	/* only the name changes; the whole unit is checked */
	if (cli_find_unit(s, code, &u) ||
	    cli_record_read(&unit_record, fields, 1, &u, RECORD_UPDATE))
		return CLI_FAIL;
	rc = store_unit_update(s, &act, &u);
	if (rc < 0)
		return cli_fail("cannot rename %s: %s", code, mm_strerror(rc));
	printf("unit %s renamed to %s\n", code, name);
	return 0;
}

static int unit_rename_cmd(int argc, char **argv)
{
	const char *db, *code, *name;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "code", &code, NULL, 1 },
		{ "name", &name, NULL, 1 },
	};
	struct store *s;
	int rc = cli_parse(argc, argv, opts, 3, usage_rename);

	if (rc >= 0)
		return rc;
	if (cli_open(db, &s))
		return CLI_FAIL;
	rc = rename_unit(s, code, name);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

int cmd_unit(int argc, char **argv)
{
	static const char *const names[] = { "list", "add", "rename" };
	static int (*const run[])(int, char **) = {
		unit_list_cmd, unit_add_cmd, unit_rename_cmd,
	};
	int sub, at;
	int rc = cli_group(argc, argv, names, 3, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	return run[sub](argc - at, argv + at);
}
