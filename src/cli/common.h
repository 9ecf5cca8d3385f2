/*
 * common.h - what every command of cli/ shares: the option parser over
 * getopt_long, opening the store, the audit actor of the command line,
 * lookups by login and unit code, password input, progress on stderr.
 *
 * Exit statuses (cli.h): CLI_OK 0, CLI_FAIL 1 (message on stderr),
 * CLI_USAGE 2 (usage on stderr).
 */
#ifndef MM_CLI_COMMON_H
#define MM_CLI_COMMON_H
#ifndef MM_SEES_CLI /* the layers: HACKING.md */
#error "layer: cli/ is seen only by cli/ and src/main.c"
#endif

#include <stdint.h>

#include "../core/record.h"
#include "../core/types.h"
#include "../store/store.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Largest number of options one command takes. */
#define CLI_MAX_OPTS 12

/*
 * One long option of a command.  For an option with an argument the value
 * is stored in *value (borrowed from argv); a flag sets *flag to 1.
 * required: missing it is a usage error.
 */
struct cli_opt {
	const char *name;
	const char **value; /* NULL for a flag */
	int *flag;          /* NULL for an option with an argument */
	int required;
};

/*
 * cli_parse - parses argv (argv[0] is the command's name) with getopt_long
 * into opts (n of them, at most CLI_MAX_OPTS); --help is implicit.  Extra
 * operands are refused.  Returns -1 when parsing succeeded and the command
 * should run; otherwise the exit status the command must return at once:
 * CLI_OK after printing usage to stdout for --help, CLI_USAGE after
 * printing usage to stderr for an unknown option, a missing argument or a
 * missing required option.  usage is the command's whole usage text.
 */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, int n,
	      const char *usage);

/*
 * cli_group - for a command with subcommands (user, unit, token, audit):
 * handles `--help` before the subcommand and finds the subcommand.
 * Returns -1 with *sub set to the index into names (n of them) and *at
 * to the subcommand's place in argv (its own argv starts there) when one
 * was given, else the exit status to return (usage printed as above).
 */
int cli_group(int argc, char **argv, const char *const *names, int n,
	      int *sub, int *at, const char *usage);

/* cli_usage_error - prints msg and usage on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *msg, const char *usage);

/*
 * cli_fail - prints "mamori: " and the formatted message on stderr;
 * returns CLI_FAIL.
 */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct config;

/*
 * cli_config_read - cfg set to the defaults, then to the config file
 * (NULL: the defaults alone).  Returns CLI_OK, or CLI_FAIL with "cannot
 * read FILE" or "FILE: line N: ..." on stderr.
 */
int cli_config_read(struct config *cfg, const char *file);

/*
 * cli_field_key - the field key ([keys] field_key of cfg) of a command
 * that opens sealed data (issue 9), read into key (32 bytes, the
 * caller's to wipe) and set as the store's (store_set_field_key: bound
 * to the database on first use).  When the key file is missing a new
 * one is written only if create and the database has no key check and
 * no sealed value.  Refused, with a message on stderr and CLI_FAIL: a
 * missing key file of a database that has sealed values, a key file
 * others may read or that holds no key, a key other than the one the
 * database was sealed with, and no [keys] field_key for a database that
 * has one.  *has_key: 1 when a key was set; 0 with CLI_OK when none is
 * configured and none is needed.
 */
int cli_field_key(const struct config *cfg, struct store *s, int create,
		  unsigned char key[32], int *has_key);

/* cli_actor - the audit actor of every command: user 0, "cli", addr "cli". */
struct actor cli_actor(void);

/*
 * cli_open - opens the existing database at db (never creates one, never
 * migrates one: an older schema is refused with a pointer to `mamori
 * upgrade`, which backs it up first).  Returns 0 with *out the caller's
 * (store_close), or CLI_FAIL with a message printed.
 */
int cli_open(const char *db, struct store **out);

/*
 * cli_open_read - cli_open for a command that reads one statement at a
 * time and writes nothing (`audit verify`): a database of the newest
 * schema is used through the one connection (read-only on SQLite) that
 * checked its schema, not a pool opened after it - on PostgreSQL the
 * nine connections were 0.25 s, the larger part of verifying a small
 * trail (issue 12).  Otherwise as cli_open.
 */
int cli_open_read(const char *db, struct store **out);

/*
 * cli_open_upgrade - cli_open, migrating an older schema only after a
 * backup (issue 15, upgrades): a SQLite database is first copied as it is
 * to backup_dir/mamori-pre-migrate-vN-YYYYMMDDTHHMMSSZ.db (N its schema
 * version; store_backup verifies the copy); a PostgreSQL one is migrated
 * only when dump_confirmed (the operator ran pg_dump: `mamori upgrade
 * --i-have-a-backup`).  When the backup fails or is not confirmed, nothing
 * is migrated and CLI_FAIL is returned with a message; else as cli_open.
 */
int cli_open_upgrade(const char *db, const char *backup_dir,
		     int dump_confirmed, struct store **out);

/*
 * cli_db_known_scheme - 1 when db names a SQLite file (PATH, sqlite:PATH)
 * or a PostgreSQL URL, so store_open()'s MM_EUNSUPPORTED means a schema
 * newer than this program; 0 for another scheme ("mysql://").
 */
int cli_db_known_scheme(const char *db);

/* cli_find_unit - the unit with code; CLI_FAIL with a message if none. */
int cli_find_unit(struct store *s, const char *code, struct unit *out);

/* cli_find_user - the user with login; CLI_FAIL with a message if none. */
int cli_find_user(struct store *s, const char *login, struct user *out);

/*
 * One field of a record as the command line gives it: the field's key and
 * the option's value (NULL when the option was not given).
 */
struct cli_field {
	const char *key;
	const char *value;
};

struct pool;

/*
 * cli_pool - the memory of the command: the text of the records it reads
 * (arguments, rows of the store) lives until the process exits, since a
 * command runs once.
 */
struct pool *cli_pool(void);

/*
 * cli_record_read - reads the n fields into the struct at rec through
 * the descriptor d and checks its rules now (record_input()), as the web
 * forms and the API read a record, so the command line says the same
 * thing for the same bad value.  Each fault is printed on stderr as
 * "mamori: LABEL (key): message", an enum's keys after it.  Returns 0 or
 * CLI_FAIL.
 */
int cli_record_read(const struct record_desc *d, const struct cli_field *fields,
		    size_t n, void *rec, enum record_mode mode);

/* cli_unit_code - the code of unit id in l, "?" when absent. */
const char *cli_unit_code(const struct unit_list *l, int64_t id);

/*
 * cli_read_password - reads one line from standard input (unbuffered, so
 * nothing after it is consumed) into out (size bytes) without its line
 * end, and checks it with validate_password().  Returns 0 or CLI_FAIL
 * with a message printed.
 */
int cli_read_password(char *out, size_t size);

/*
 * cli_new_password - a password from stdin (from_stdin) or a generated
 * one (then *generated is 1), hashed into hash.  Returns 0 or CLI_FAIL.
 * The plain password stays in pw (at least 129 bytes) for printing.
 */
int cli_new_password(int from_stdin, char *pw, size_t pwsize,
		     int *generated, char hash[MM_PWHASH_MAX]);

/*
 * cli_print_cell - prints s padded to width terminal columns (a non-ASCII
 * character counts as two, as Japanese text does) and two spaces.
 */
void cli_print_cell(const char *s, int width);

/*
 * Progress of a long operation on stderr: updated in place while stderr is
 * a terminal; cli_progress_end always prints one final line.
 */
struct cli_progress {
	const char *label;
	int tty;
	int64_t done, total;
};
void cli_progress_init(struct cli_progress *p, const char *label);
/* cli_progress_cb - the progress callback of the store; arg: the struct. */
void cli_progress_cb(int64_t done, int64_t total, void *arg);
/* cli_progress_end - the final line "LABEL: done/total UNIT". */
void cli_progress_end(struct cli_progress *p, const char *unit);

/* Commands, one per file of cli/: each takes the argv of its command
 * (argv[0] is the command's name) and returns the exit status. */
int cmd_init(int argc, char **argv);      /* init.c */
int cmd_serve(int argc, char **argv);     /* serve.c */
int cmd_user(int argc, char **argv);      /* user.c */
int cmd_unit(int argc, char **argv);      /* unit.c */
int cmd_token(int argc, char **argv);     /* token.c */
int cmd_audit(int argc, char **argv);     /* audit.c */
int cmd_backup(int argc, char **argv);    /* backup.c */
int cmd_restore(int argc, char **argv);   /* backup.c */
int cmd_migrate(int argc, char **argv);   /* migrate.c */
int cmd_device(int argc, char **argv);    /* device.c */
int cmd_doctor(int argc, char **argv);    /* doctor.c */
int cmd_upgrade(int argc, char **argv);   /* upgrade.c */
int cmd_policy(int argc, char **argv);    /* policy.c */

/*
 * demo_create - fills the freshly created store s with the demo units,
 * users (password mamori-demo-2026) and roles, and a few months of their
 * work in every register (demo_history.h); prints the summary table.
 * sealed: the store has a field key (cli_field_key), so the closed
 * meetings name a made-up child (sealed, and found again by the person
 * look-up in an earlier case: issue 9); without one they name nobody.
 * Returns 0 or CLI_FAIL with a message printed.  (demo.c)
 */
int demo_create(struct store *s, int sealed);

#define DEMO_PASSWORD "mamori-demo-2026"

#endif
