#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/identity.h"
#include "../lib/config.h"
#include "../lib/pool.h"
#include "../core/validate.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/util.h"

#include "../lib/banned.h"

/* getopt_long keeps its state in globals; optind = 0 makes glibc start
 * afresh, so cli_main() can run many times in one process (the tests). */
static void getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

int cli_usage_error(const char *msg, const char *usage)
{
	if (msg)
		fprintf(stderr, "mamori: %s\n", msg);
	fputs(usage, stderr);
	return CLI_USAGE;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("mamori: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}

int cli_config_read(struct config *cfg, const char *file)
{
	char err[256] = "";
	int rc;

	config_defaults(cfg);
	if (!file)
		return CLI_OK;
	rc = config_load(cfg, file, err, sizeof(err));
	if (rc == MM_EIO)
		return cli_fail("cannot read %s", file);
	if (rc < 0)
		return cli_fail("%s: %s", file, err);
	return CLI_OK;
}

/* The message for getopt's '?' or ':' (opterr is off: we word it). */
static int option_error(int c, char **argv, const char *usage)
{
	char msg[160];
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (c == ':')
		snprintf(msg, sizeof(msg), "option %s needs a value", arg);
	else if (optopt)
		snprintf(msg, sizeof(msg), "unknown option -%c", optopt);
	else
		snprintf(msg, sizeof(msg), "unknown option %s", arg);
	return cli_usage_error(msg, usage);
}

static int check_required(const struct cli_opt *opts, int n,
			  const char *usage)
{
	char msg[96];

	for (int i = 0; i < n; i++) {
		if (!opts[i].required)
			continue;
		if ((opts[i].value && !*opts[i].value) ||
		    (opts[i].flag && !*opts[i].flag)) {
			snprintf(msg, sizeof(msg), "missing --%s", opts[i].name);
			return cli_usage_error(msg, usage);
		}
	}
	return -1;
}

int cli_parse(int argc, char **argv, const struct cli_opt *opts, int n,
	      const char *usage)
{
	struct option longs[CLI_MAX_OPTS + 2];
	int c;

	if (n > CLI_MAX_OPTS)
		return cli_fail("internal error: too many options");
	for (int i = 0; i < n; i++) {
		longs[i] = (struct option){ opts[i].name,
			opts[i].value ? required_argument : no_argument,
			NULL, 1000 + i };
		if (opts[i].value)
			*opts[i].value = NULL;
		if (opts[i].flag)
			*opts[i].flag = 0;
	}
	longs[n] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if (c < 1000 || c >= 1000 + n)
			return option_error(c, argv, usage);
		if (opts[c - 1000].value)
			*opts[c - 1000].value = optarg;
		else
			*opts[c - 1000].flag = 1;
	}
	if (optind < argc) {
		char msg[160];
		snprintf(msg, sizeof(msg), "unexpected argument '%s'",
			 argv[optind]);
		return cli_usage_error(msg, usage);
	}
	return check_required(opts, n, usage);
}

int cli_group(int argc, char **argv, const char *const *names, int n,
	      int *sub, int *at, const char *usage)
{
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	getopt_reset();
	/* '+': stop at the subcommand; its options are its own. */
	while ((c = getopt_long(argc, argv, "+:h", longs, NULL)) != -1) {
		if (c != 'h')
			return option_error(c, argv, usage);
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (optind >= argc)
		return cli_usage_error("missing subcommand", usage);
	for (int i = 0; i < n; i++) {
		if (strcmp(argv[optind], names[i]) == 0) {
			*sub = i;
			*at = optind;
			return -1;
		}
	}
	char msg[160];
	snprintf(msg, sizeof(msg), "unknown subcommand '%s'", argv[optind]);
	return cli_usage_error(msg, usage);
}

struct actor cli_actor(void)
{
	return (struct actor){ 0, "cli", ROLE_NONE, 0, "cli" };
}

/* The message for what store_open / store_open_unmigrated refused. */
static int open_failed(const char *db, int rc)
{
	if (rc == MM_ENOTFOUND)
		return cli_fail("no database at %s (create one with "
				"`mamori init --db %s`)", db, db);
	/* A file or a PostgreSQL URL that is not supported is a schema of a
	 * newer mamori (any other scheme is refused as such): say so, and
	 * what to do, rather than "not supported" (issue 15, upgrades). */
	if (rc == MM_EUNSUPPORTED && cli_db_known_scheme(db))
		return cli_fail("%s has a schema newer than this program (mamori "
				"%s): install the newer mamori, or restore the "
				"backup taken before the upgrade", db,
				MAMORI_VERSION);
	return cli_fail("cannot open %s: %s", db, mm_strerror(rc));
}

static int is_postgresql(const char *db)
{
	return !strncmp(db, "postgresql://", 13) ||
	       !strncmp(db, "postgres://", 11);
}

/*
 * Opens db as it is (no migration): *have its schema version, *newest
 * this program's; *s is the caller's (for a backup), or CLI_FAIL.
 */
static int peek_schema(const char *db, struct store **s, int *have,
		       int *newest)
{
	int rc;

	*s = NULL;
	if (identity_init() < 0)
		return cli_fail("cannot initialise libsodium");
	rc = store_open_unmigrated(db, s, have, newest);
	return rc < 0 ? open_failed(db, rc) : 0;
}

/* Opens db and migrates it, the one way a schema changes (store_open). */
static int open_migrating(const char *db, struct store **out)
{
	int rc = store_open(db, 0, out);

	return rc < 0 ? open_failed(db, rc) : 0;
}

int cli_open(const char *db, struct store **out)
{
	struct store *s;
	int have, newest;

	*out = NULL;
	if (peek_schema(db, &s, &have, &newest))
		return CLI_FAIL;
	store_close(s);
	/* Only serve and upgrade migrate: they back up first. */
	if (have > 0 && have < newest)
		return cli_fail("the database has schema version %d, this mamori "
				"needs %d: run `mamori upgrade` with the same --db "
				"or --config (it backs the database up first) or "
				"start the service; nothing was changed", have,
				newest);
	return open_migrating(db, out);
}

int cli_open_read(const char *db, struct store **out)
{
	struct store *s;
	int have, newest;

	*out = NULL;
	if (peek_schema(db, &s, &have, &newest))
		return CLI_FAIL;
	if (have > 0 && have == newest) {
		*out = s;
		return 0;
	}
	store_close(s);
	return cli_open(db, out);
}

/* backup_dir/mamori-pre-migrate-v<have>-<UTC>.db, written and verified. */
static int backup_before_migrating(struct store *s, const char *db,
				   const char *dir, int have, int newest)
{
	char stamp[32], path[1024];
	time_t now = time(NULL);
	struct tm tm;
	struct stat st;
	mode_t old;
	int rc;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (snprintf(path, sizeof(path), "%s/mamori-pre-migrate-v%d-%s.db", dir,
		     have, stamp) >= (int)sizeof(path))
		return cli_fail("[upgrade] backup_dir is too long");
	if (lstat(path, &st) == 0)
		return cli_fail("%s already exists; not migrating %s", path, db);
	old = umask(S_IRWXG | S_IRWXO); /* a copy of personal data */
	rc = store_backup(s, path, NULL, NULL);
	umask(old);
	if (rc < 0) {
		if (rc != MM_EEXIST)
			unlink(path); /* did not exist before: a failed copy */
		return cli_fail("cannot back up %s (schema version %d) to %s "
				"before migrating it to version %d: %s; nothing was "
				"migrated.  Make [upgrade] backup_dir a directory "
				"the service may write (default "
				"/var/backups/mamori)", db, have, path, newest,
				mm_strerror(rc));
	}
	printf("mamori: schema version %d of %s backed up to %s\n", have, db,
	       path);
	fflush(stdout);
	return 0;
}

int cli_open_upgrade(const char *db, const char *backup_dir,
		     int dump_confirmed, struct store **out)
{
	struct store *s;
	int have, newest, rc = 0;

	*out = NULL;
	if (peek_schema(db, &s, &have, &newest))
		return CLI_FAIL;
	if (have > 0 && have < newest) {
		/* PostgreSQL has no file copy here: the operator's pg_dump. */
		/* (the URL is not printed: it may hold a password) */
		if (is_postgresql(db) && !dump_confirmed)
			rc = cli_fail("the PostgreSQL database has schema "
				      "version %d, this mamori needs %d: take a "
				      "dump (pg_dump -Fc), then run `mamori "
				      "upgrade --db URL --i-have-a-backup` and "
				      "start again; nothing was changed", have,
				      newest);
		else if (!is_postgresql(db))
			rc = backup_before_migrating(s, db, backup_dir, have,
						     newest);
	}
	store_close(s);
	if (rc)
		return CLI_FAIL;
	if (open_migrating(db, out))
		return CLI_FAIL;
	if (have > 0 && have < newest) {
		printf("mamori: schema of %s migrated from version %d to %d\n",
		       is_postgresql(db) ? "the PostgreSQL database" : db, have,
		       newest);
		fflush(stdout);
	}
	return 0;
}

int cli_db_known_scheme(const char *db)
{
	return !strstr(db, "://") || !strncmp(db, "postgresql://", 13) ||
	       !strncmp(db, "postgres://", 11);
}

int cli_find_unit(struct store *s, const char *code, struct unit *out)
{
	struct unit_list l = { 0 };
	int rc = store_unit_list(s, &l);

	if (rc < 0)
		return cli_fail("cannot list units: %s", mm_strerror(rc));
	rc = CLI_FAIL;
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.items[i].code, code) == 0) {
			*out = l.items[i];
			rc = 0;
			break;
		}
	}
	unit_list_release(&l);
	if (rc)
		cli_fail("no unit with code '%s'", code);
	return rc;
}

int cli_find_user(struct store *s, const char *login, struct user *out)
{
	int rc = store_user_get_by_login(s, login, out);

	if (rc == MM_ENOTFOUND)
		return cli_fail("no user with login '%s'", login);
	if (rc < 0)
		return cli_fail("cannot read user '%s': %s", login,
				mm_strerror(rc));
	return 0;
}

const char *cli_unit_code(const struct unit_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return l->items[i].code;
	return "?";
}

/* One byte at a time, so that stdin past the line stays for others. */
static int read_line_fd0(char *out, size_t size)
{
	size_t n = 0;
	char ch;
	ssize_t r;

	for (;;) {
		r = read(0, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return MM_EIO;
		if (r == 0 || ch == '\n')
			break;
		if (n + 1 >= size)
			return MM_EOVERFLOW;
		out[n++] = ch;
	}
	if (n > 0 && out[n - 1] == '\r')
		n--;
	out[n] = '\0';
	return 0;
}

int cli_read_password(char *out, size_t size)
{
	const char *why = NULL;
	int rc = read_line_fd0(out, size);

	if (rc == MM_EOVERFLOW)
		return cli_fail("password on stdin is too long");
	if (rc < 0)
		return cli_fail("cannot read the password from stdin");
	if (validate_password(out, &why) < 0)
		return cli_fail("password refused: %s", why ? why : "");
	return 0;
}

int cli_new_password(int from_stdin, char *pw, size_t pwsize,
		     int *generated, char hash[MM_PWHASH_MAX])
{
	char gen[21];

	*generated = 0;
	if (from_stdin) {
		if (cli_read_password(pw, pwsize))
			return CLI_FAIL;
	} else {
		password_generate(gen);
		snprintf(pw, pwsize, "%s", gen);
		explicit_bzero(gen, sizeof(gen));
		*generated = 1;
	}
	if (password_hash(pw, hash) < 0)
		return cli_fail("cannot hash the password (out of memory)");
	return 0;
}

/* Display width: ASCII one column, anything else (here: Japanese) two. */
static int display_width(const char *s)
{
	int w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			w += 1;
		else if ((*p & 0xC0) != 0x80)
			w += 2;
	}
	return w;
}

void cli_print_cell(const char *s, int width)
{
	int pad = width - display_width(s);

	fputs(s, stdout);
	while (pad-- > 0)
		fputc(' ', stdout);
	fputs("  ", stdout);
}

void cli_progress_init(struct cli_progress *p, const char *label)
{
	p->label = label;
	p->tty = isatty(STDERR_FILENO);
	p->done = 0;
	p->total = 0;
}

void cli_progress_cb(int64_t done, int64_t total, void *arg)
{
	struct cli_progress *p = arg;

	p->done = done;
	p->total = total;
	if (p->tty) {
		fprintf(stderr, "\r%s: %lld/%lld", p->label, (long long)done,
			(long long)total);
		fflush(stderr);
	}
}

void cli_progress_end(struct cli_progress *p, const char *unit)
{
	if (p->tty && p->total > 0)
		fputc('\r', stderr);
	fprintf(stderr, "%s: %lld/%lld %s\n", p->label, (long long)p->done,
		(long long)p->total, unit);
}

/* The command line as a field_source: the value given for a field's key. */
struct cli_source {
	const struct cli_field *fields;
	size_t n;
};

static int cli_source_get(void *src, const struct field_desc *f,
			  const char **text, const char **why)
{
	const struct cli_source *s = src;

	(void)why;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->fields[i].key, f->key)) {
			if (!s->fields[i].value)
				return MM_ENOTFOUND;
			*text = s->fields[i].value;
			return 0;
		}
	return MM_ENOTFOUND;
}

/* One fault; for an enum the keys the command line may give. */
static void print_fault(const struct record_desc *d,
			const struct record_fault *x)
{
	const struct field_desc *f = *x->key ? record_field(d, x->key) : NULL;
	struct buf keys;

	buf_init(&keys, 256);
	for (size_t v = 1; f && f->type == FIELD_ENUM && v < f->n_names; v++)
		if (f->names[v].key)
			buf_addf(&keys, "%s%s", keys.len ? ", " : "",
				 f->names[v].key);
	if (!*x->key)
		cli_fail("%s", x->why);
	else if (keys.len)
		cli_fail("%s (%s): %s (%s)", x->label, x->key, x->why,
			 buf_cstr(&keys));
	else
		cli_fail("%s (%s): %s", x->label, x->key, x->why);
	buf_release(&keys);
}

struct pool *cli_pool(void)
{
	static struct pool pool; /* zeroed: the default maximum */

	return &pool;
}

int cli_record_read(const struct record_desc *d, const struct cli_field *fields,
		    size_t n, void *rec, enum record_mode mode)
{
	struct cli_source cs = { fields, n };
	struct field_source src = { cli_source_get, &cs, cli_pool() };
	struct record_faults faults = { .n = 0 };

	int rc = record_input(d, &src, rec, mode, now_unix(), &faults);

	if (rc == 0)
		return 0;
	if (faults.n == 0)
		fprintf(stderr, "mamori: %s\n", mm_strerror(rc));
	for (size_t i = 0; i < faults.n; i++)
		print_fault(d, &faults.items[i]);
	return CLI_FAIL;
}
