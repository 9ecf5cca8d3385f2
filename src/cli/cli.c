#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori [--help | --version] <command> [options]\n"
	"\n"
	"commands:\n"
	"  init      create a new database (--demo: with demo data)\n"
	"  serve     run the web server\n"
	"  user      list, add, change users and their roles\n"
	"  unit      list, add, rename units\n"
	"  token     create API tokens\n"
	"  audit     verify the audit trail\n"
	"  backup    copy the database to a verified backup file\n"
	"  restore   replace the database with a verified backup\n"
	"  migrate   copy a SQLite database into PostgreSQL, verified\n"
	"  device    import the device list from CSV\n"
	"  doctor    check an installation and say what to fix\n"
	"  upgrade   back up, then migrate the database to this version\n"
	"  policy    load, list, show the versions of the directive's rules\n"
	"\n"
	"`mamori <command> --help` describes each command.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "init", cmd_init },
	{ "serve", cmd_serve },
	{ "user", cmd_user },
	{ "unit", cmd_unit },
	{ "token", cmd_token },
	{ "audit", cmd_audit },
	{ "backup", cmd_backup },
	{ "restore", cmd_restore },
	{ "migrate", cmd_migrate },
	{ "device", cmd_device },
	{ "doctor", cmd_doctor },
	{ "upgrade", cmd_upgrade },
	{ "policy", cmd_policy },
};

static int run_command(int argc, char **argv)
{
	char msg[160];

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].run(argc, argv);
	snprintf(msg, sizeof(msg), "unknown command '%s'", argv[0]);
	return cli_usage_error(msg, usage);
}

int cli_main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	optind = 0;
	opterr = 0;
	/* '+': options after the command belong to the command. */
	while ((c = getopt_long(argc, argv, "+hV", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if (c == 'V') {
			printf("mamori %s\n", MAMORI_VERSION);
			return CLI_OK;
		}
		return cli_usage_error("unknown option", usage);
	}
	if (optind >= argc)
		return cli_usage_error("missing command", usage);
	rc = run_command(argc - optind, argv + optind);
	fflush(stdout);
	return rc;
}
