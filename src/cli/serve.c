/*
 * serve.c - `mamori serve`: the web server until SIGINT or SIGTERM.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../app/app.h"
#include "../core/identity.h"
#include "../core/msgcheck.h"
#include "../http/server.h"
#include "../lib/buf.h"
#include "../pdf/pdf.h"
#include "../lib/config.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/sandbox.h"
#include "../app/image.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori serve --db PATH [--listen ADDR:PORT] [--config FILE]\n"
	"                    [--trusted-proxies LIST]\n"
	"\n"
	"Serves the web application and the API until SIGINT or SIGTERM.\n"
	"Settings come from the defaults, then FILE, then the flags; --db may\n"
	"be left out when FILE names the database ([database] url).\n"
	"--listen 127.0.0.1:0 picks a free port; the one bound is printed.\n"
	"--trusted-proxies \"127.0.0.1, ::1\" believes X-Forwarded-For from\n"
	"those reverse proxies ([server] trusted_proxies; \"\" for none).\n"
	"An older schema is migrated on start, after a verified copy of a\n"
	"SQLite database in [upgrade] backup_dir (no copy: no start); an older\n"
	"PostgreSQL schema only by `mamori upgrade --i-have-a-backup`.\n";

/* config_defaults, then the file, then the flags (R: flags override). */
static int load_config(struct config *cfg, const char *file, const char *db,
		       const char *listen, const char *proxies)
{
	char err[256] = "";

	if (cli_config_read(cfg, file))
		return CLI_FAIL;
	if (db && snprintf(cfg->db_url, sizeof(cfg->db_url), "%s", db) >=
			  (int)sizeof(cfg->db_url))
		return cli_fail("database path too long");
	if (listen && config_set_listen(cfg, listen) < 0)
		return cli_fail("bad --listen '%s' (expected ADDR:PORT)", listen);
	if (proxies && config_set_trusted_proxies(cfg, proxies, err,
						  sizeof(err)) < 0)
		return cli_fail("bad --trusted-proxies: %s", err);
	/* config_load keeps the floor; this only fails without memory */
	if (identity_set_cost(cfg->pwhash_passes, cfg->pwhash_mem_mib) < 0)
		return cli_fail("cannot set the password hashing cost");
	return 0;
}

/* The paths of uploads ([photos] max_upload_kib): web and API alike. */
static const char *const upload_suffixes[] = { "/photos", "/preview", NULL };

static void limits_from_config(const struct config *cfg,
			       struct http_limits *l)
{
	http_limits_default(l);
	l->max_body = cfg->max_body;
	/* a staff photo to process (issue 10) is larger than a form */
	l->max_upload = (size_t)cfg->photo_max_upload;
	l->upload_suffixes = upload_suffixes;
	l->max_header = cfg->max_header;
	l->per_ip = cfg->per_ip;
	l->max_connections = cfg->max_connections;
	l->timeout_secs = cfg->timeout_secs;
	l->request_deadline_secs = cfg->request_deadline_secs;
	l->threads = cfg->threads;
	l->trusted_proxies = cfg->trusted_proxies;
}

/* Says whose X-Forwarded-For is believed: a wrong list is easy to miss. */
static void print_trust(const struct config *cfg)
{
	char list[NETADDR_LIST_MAX * (NETADDR_TEXT_MAX + 6)];

	if (!cfg->trusted_proxies.n)
		return;
	netaddr_list_format(&cfg->trusted_proxies, list, sizeof(list));
	printf("mamori: client addresses from X-Forwarded-For of %s\n", list);
}

/* Blocks until SIGINT or SIGTERM arrives (they are blocked in all threads,
 * so sigwait is the only receiver). */
static void wait_for_stop(const sigset_t *set)
{
	int sig = 0;

	while (sigwait(set, &sig) != 0)
		;
	fprintf(stderr, "mamori: %s received, stopping\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
}

/* The directories the server writes once started (sandbox.h). */
struct sandbox_dirs {
	char db[1024];
	char tmp[1024];
	int abi; /* landlock's, asked before seccomp refuses the asking */
};

/* The directory of a SQLite database ("" for PostgreSQL: a socket). */
static void db_dir(const char *url, char *dir, size_t len)
{
	const char *path = url, *slash;

	dir[0] = '\0';
	if (strstr(url, "://"))
		return;
	if (!strncmp(url, "sqlite:", 7))
		path = url + 7;
	slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* A sandbox that could not be set up: a warning and 0, or with [sandbox]
 * required the refusal and -1 (no start). */
static int sandbox_short(const struct config *cfg, const char *what)
{
	if (cfg->sandbox_required) {
		cli_fail("sandbox required ([sandbox] required) but %s", what);
		return -1;
	}
	fprintf(stderr, "mamori: warning: %s; serving without it\n", what);
	return 0;
}

/* Step one (1: confined, 0: not, -1: refused to go on), before the server's threads exist (landlock binds the
 * calling thread and what it creates). */
static int confine_files(const struct config *cfg, struct sandbox_dirs *d)
{
	struct sandbox_paths p = { 0 };
	char err[256] = "", what[400];
	int rc;

	if (!sandbox_available())
		return sandbox_short(cfg, "the sandbox is off in sanitizer "
				     "builds");
	db_dir(cfg->db_url, d->db, sizeof(d->db));
	temp_dir(d->tmp, sizeof(d->tmp));
	if (d->db[0])
		sandbox_paths_add(&p, d->db, 1);
	if (d->tmp[0])
		sandbox_paths_add(&p, d->tmp, 1);
	sandbox_paths_add(&p, cfg->metrics_backup_dir, 0);
	sandbox_paths_add(&p, cfg->metrics_checkpoint_dir, 0);
	d->abi = sandbox_landlock_abi();
	rc = sandbox_limit_files(&p, err, sizeof(err));
	if (rc == MM_EUNSUPPORTED)
		return sandbox_short(cfg, "this kernel has no landlock, so "
				     "files are not confined");
	if (rc < 0) {
		snprintf(what, sizeof(what), "landlock failed (%s)", err);
		return sandbox_short(cfg, what);
	}
	return 1;
}

/* Step two, after the listener is bound: seccomp on every thread (as
 * confine_files answers). */
static int confine_calls(const struct config *cfg)
{
	char err[256] = "", what[400];

	if (!sandbox_available())
		return 0;
	if (sandbox_limit_calls(err, sizeof(err)) < 0) {
		snprintf(what, sizeof(what), "seccomp failed (%s)", err);
		return sandbox_short(cfg, what);
	}
	return 1;
}

/* Says what the server may still do: an operator checking the journal. */
static void print_sandbox(int files, int calls, const struct sandbox_dirs *d)
{
	if (files > 0)
		printf("mamori: sandbox: files confined (landlock ABI %d): "
		       "write only beneath %s%s%s\n", d->abi,
		       d->db[0] ? d->db : "", d->db[0] && d->tmp[0] ? " and " : "",
		       d->tmp);
	if (calls > 0)
		printf("mamori: sandbox: system calls confined (seccomp)\n");
}

static int run(struct app *app, const sigset_t *set)
{
	struct http_limits limits;
	struct http_server *srv = NULL;
	unsigned bound = 0;
	const char *addr = app->cfg.listen_addr;
	int v6 = strchr(addr, ':') != NULL;
	struct sandbox_dirs dirs = { "", "", 0 };
	int files = 0, calls = 0, rc;

	limits_from_config(&app->cfg, &limits);
	/*
	 * The printed forms (issue 11): fontconfig reads its configuration
	 * and caches and pango opens the fonts at first use - now, before
	 * the sandbox, not in a request after it.
	 */
	if ((rc = pdf_init()) < 0)
		fprintf(stderr, "mamori: the printed forms are unavailable "
			"(fonts-noto-cjk): %s\n", mm_strerror(rc));

	/* libvips loads its modules and starts its thread pool here, before
	 * the sandbox: the confined server never opens a vips module. */
	if (image_init() < 0)
		return cli_fail("cannot start libvips (staff photos)");
	/*
	 * What the warm-ups freed (cairo's subsetting of the CJK fonts in
	 * pdf_init alone peaks near 25 MB) stayed in glibc's heap, resident
	 * for the server's life: handed back once, before serving (issue 12).
	 */
	malloc_trim(0);
	if (app->cfg.sandbox_enabled &&
	    (files = confine_files(&app->cfg, &dirs)) < 0)
		return CLI_FAIL;
	/*
	 * The audit sealer (PostgreSQL; nothing on SQLite): this server
	 * seals the trail while it holds the lock, or stands by (issue 12).
	 * Started inside landlock and before the seccomp filter, which
	 * covers it with every other thread (TSYNC); stopped by store_close.
	 */
	rc = store_sealer_start(app->store);
	if (rc < 0)
		return cli_fail("cannot start the audit sealer: %s",
				mm_strerror(rc));
	rc = http_server_start(addr, app->cfg.listen_port, &limits,
			       app_dispatch, app, &bound, &srv);
	if (rc < 0)
		return cli_fail("cannot listen on %s port %u: %s", addr,
				app->cfg.listen_port, mm_strerror(rc));
	if (app->cfg.sandbox_enabled && files >= 0 &&
	    (calls = confine_calls(&app->cfg)) < 0) {
		http_server_stop(srv);
		return CLI_FAIL;
	}
	print_trust(&app->cfg);
	print_sandbox(files, calls, &dirs);
	printf("mamori: listening on http://%s%s%s:%u\n", v6 ? "[" : "", addr,
	       v6 ? "]" : "", bound);
	fflush(stdout);
	wait_for_stop(set);
	http_server_stop(srv);
	return 0;
}

/*
 * The message check's policy (R-CASE-2): [policy] message_check or the
 * compiled-in default, parsed once here, before the sandbox is entered
 * (landlock would refuse a file outside the database's directory).  A
 * file that cannot be read or parsed stops the start, naming the line.
 */
static int msgcheck_load(struct app *app)
{
	const char *path = app->cfg.policy_message_check;
	struct msgcheck_fault f;
	struct buf text = BUF_INIT_MAX((size_t)1 << 20);
	size_t len = 0;
	int rc;

	if (!path[0]) {
		const char *def = msgcheck_default_text(&len);

		rc = msgcheck_policy_parse(&app->msgcheck, def, len, &f);
		path = "(" MSGCHECK_DEFAULT_NAME ")";
	} else {
		if (buf_add_file(&text, path) < 0) {
			buf_release(&text);
			return cli_fail("[policy] message_check: %s を読めません"
					"（1 MiB まで） (cannot read %s)", path,
					path);
		}
		rc = msgcheck_policy_parse(&app->msgcheck, buf_cstr(&text),
					   text.len, &f);
		buf_release(&text);
	}
	if (rc == MM_EINVAL)
		return cli_fail("[policy] message_check: %s: %zu 行目: %s"
				" (line %zu: %s)", path, f.line, f.why_ja,
				f.line, f.why_en);
	if (rc < 0)
		return cli_fail("[policy] message_check: %s: %s", path,
				mm_strerror(rc));
	return 0;
}

static int serve(struct app *app)
{
	sigset_t set, old;
	int rc;

	/* Block before the server's threads exist: they inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	rc = run(app, &set);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	const char *db, *listen, *file, *proxies;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "listen", &listen, NULL, 0 },
		{ "config", &file, NULL, 0 },
		{ "trusted-proxies", &proxies, NULL, 0 },
	};
	struct app app;
	int rc;

	rc = cli_parse(argc, argv, opts, 4, usage);
	if (rc >= 0)
		return rc;
	if (!db && !file)
		return cli_usage_error("missing --db", usage);
	memset(&app, 0, sizeof(app));
	if (load_config(&app.cfg, file, db, listen, proxies))
		return CLI_FAIL;
	if (msgcheck_load(&app))
		return CLI_FAIL;
	/* From here every way out releases the policy (a failed start in a
	 * test process is not the end of that process). */
	if (cli_open_upgrade(app.cfg.db_url, app.cfg.upgrade_backup_dir, 0,
			     &app.store)) {
		msgcheck_policy_release(&app.msgcheck);
		return CLI_FAIL;
	}
	if (cli_field_key(&app.cfg, app.store, 1, app.field_key,
			  &app.has_field_key))
		rc = CLI_FAIL;
	else
		rc = serve(&app);
	store_close(app.store);
	sodium_memzero(app.field_key, sizeof app.field_key);
	msgcheck_policy_release(&app.msgcheck);
	pdf_release();
	return rc ? CLI_FAIL : CLI_OK;
}
