#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/util.h"
#include "lib/err.h"
#include "lib/config.h"
#include "lib/netaddr.h"

static void test_parse_int64(void **state)
{
	int64_t v = 42;
	(void)state;
	assert_int_equal(parse_int64("123", 0, 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(parse_int64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(parse_int64("", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64(" 1", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64("1x", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64("11", 0, 10, &v), MM_EINVAL);
	assert_int_equal(parse_int64("99999999999999999999", 0, INT64_MAX, &v), MM_EINVAL);
	assert_int_equal(parse_int64("+1", 0, 10, &v), MM_EINVAL);
	assert_int_equal(v, -5);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("令和元年", strlen("令和元年")));
	assert_true(utf8_valid("a\tb\nc", 5));
	assert_false(utf8_valid("\xC0\xAF", 2));        /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));    /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));/* > U+10FFFF */
	assert_false(utf8_valid("\xE3\x81", 2));        /* truncated */
	assert_false(utf8_valid("a\0b", 3));             /* NUL */
	assert_false(utf8_valid("a\x01", 2));            /* control */
	assert_true(utf8_valid("\xF0\xA0\xAE\xB7", 4));  /* 𠮷 */
	assert_int_equal(utf8_chars("𠮷野家"), 3);
}

static void test_streq_const(void **state)
{
	(void)state;
	assert_true(streq_const("abc", "abc"));
	assert_false(streq_const("abc", "abd"));
	assert_false(streq_const("abc", "abcd"));
}

/* temp_dir follows SQLite's order and skips what is not a usable dir. */
static void test_temp_dir(void **state)
{
	char base[] = "/tmp/mm-tempdir-XXXXXX", file[64], dir[256];
	/* copies: setenv may free what getenv answered */
	char *old_sqlite = getenv("SQLITE_TMPDIR") ?
		strdup(getenv("SQLITE_TMPDIR")) : NULL;
	char *old_tmp = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(base));
	snprintf(file, sizeof file, "%s/file", base);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	setenv("SQLITE_TMPDIR", base, 1);
	setenv("TMPDIR", "/nonexistent-mm", 1);
	temp_dir(dir, sizeof dir);
	assert_string_equal(dir, base);
	/* a file, then a missing directory: both passed over */
	setenv("SQLITE_TMPDIR", file, 1);
	setenv("TMPDIR", base, 1);
	temp_dir(dir, sizeof dir);
	assert_string_equal(dir, base);
	setenv("TMPDIR", "/nonexistent-mm", 1);
	temp_dir(dir, sizeof dir);
	assert_true(strcmp(dir, "/var/tmp") == 0 || strcmp(dir, "/tmp") == 0 ||
		    strcmp(dir, "/usr/tmp") == 0);
	unlink(file);
	rmdir(base);
	if (old_sqlite)
		setenv("SQLITE_TMPDIR", old_sqlite, 1);
	else
		unsetenv("SQLITE_TMPDIR");
	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	free(old_sqlite);
	free(old_tmp);
}

static void test_iso8601(void **state)
{
	char out[32];
	(void)state;
	assert_string_equal(format_iso8601(0, out, sizeof(out)), "1970-01-01T00:00:00Z");
	assert_string_equal(format_iso8601(1743465600, out, sizeof(out)), "2025-04-01T00:00:00Z");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A configuration file of the test's own, the settings loaded from it
 * (the defaults at first) and the last message. */
struct cfg {
	struct config c;
	char path[32];
	char err[400];
};

static int cfg_setup(void **state)
{
	struct cfg *f = calloc(1, sizeof *f);
	int fd;

	if (!f)
		return -1;
	snprintf(f->path, sizeof f->path, "/tmp/mamori-config-XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0) {
		free(f);
		return -1;
	}
	close(fd);
	config_defaults(&f->c);
	*state = f;
	return 0;
}

static int cfg_teardown(void **state)
{
	struct cfg *f = *state;

	unlink(f->path);
	free(f);
	return 0;
}

/* text as the file, loaded over f's settings: config_load's answer. */
static int load(struct cfg *f, const char *text)
{
	write_file(f->path, text);
	return config_load(&f->c, f->path, f->err, sizeof f->err);
}

/* A file refused (MM_EINVAL), its message holding each of says. */
struct refusal {
	const char *text;
	const char *says[3];
};

static void refused(struct cfg *f, const struct refusal *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(load(f, r[i].text), MM_EINVAL);
		for (size_t j = 0; j < 3 && r[i].says[j]; j++)
			if (!strstr(f->err, r[i].says[j]))
				fail_msg("%s: \"%s\" not in \"%s\"", r[i].text,
					 r[i].says[j], f->err);
	}
}

#define REFUSED(f, ...)                                                  \
	do {                                                             \
		const struct refusal r_[] = { __VA_ARGS__ };             \
		refused(f, r_, sizeof r_ / sizeof *r_);                  \
	} while (0)

static void test_config(void **state)
{
	struct cfg *f = *state;

	assert_int_equal(f->c.idle_secs, 1800);
	assert_int_equal(load(f, "[server]\nlisten = 0.0.0.0:9000\ntls = true\n"
			 "[session]\nidle_minutes = 10\n[database]\nurl = /tmp/x.db\n"), 0);
	assert_string_equal(f->c.listen_addr, "0.0.0.0");
	assert_int_equal(f->c.listen_port, 9000);
	assert_int_equal(f->c.tls, 1);
	assert_int_equal(f->c.idle_secs, 600);
	assert_string_equal(f->c.db_url, "/tmp/x.db");

	/* Unknown key: error with its line; bad values; nothing changed. */
	REFUSED(f, { "[server]\nthreads = 2\nthread = 3\n", { "line 3" } },
		{ "[server]\nthreads = lots\n", { 0 } },
		{ "[server]\nlisten = nowhere\n", { 0 } },
		{ "[session\nidle_minutes = 3\n", { 0 } });
	assert_int_equal(f->c.threads, 4);
	assert_int_equal(f->c.idle_secs, 600);
	unlink(f->path);
	assert_int_equal(config_load(&f->c, f->path, f->err, sizeof f->err),
			 MM_EIO);
}

/* [metrics] (issue 15): the token's form, the directories. */
static void test_config_metrics(void **state)
{
	struct cfg *f = *state;

	assert_string_equal(f->c.metrics_token, "");   /* loopback only */
	assert_string_equal(f->c.metrics_backup_dir, "/var/backups/mamori");
	assert_string_equal(f->c.metrics_checkpoint_dir, "/var/lib/mamori/checkpoints");

	assert_int_equal(load(f, "[metrics]\ntoken = 0123456789abcdef0123456789abcdef\n"
			 "backup_dir = /srv/b\ncheckpoint_dir = /mnt/usb\n"), 0);
	assert_string_equal(f->c.metrics_token, "0123456789abcdef0123456789abcdef");
	assert_string_equal(f->c.metrics_backup_dir, "/srv/b");
	assert_string_equal(f->c.metrics_checkpoint_dir, "/mnt/usb");

	/* Too short, a space or a quote inside: refused, nothing changed. */
	REFUSED(f, { "[metrics]\ntoken = 0123456789abcdef0123456789abcde\n",
		     { "32 to 128 characters" } },
		{ "[metrics]\ntoken = 0123456789abcdef 0123456789abcdef\n", { 0 } },
		{ "[metrics]\ntoken = \"0123456789abcdef0123456789abcdef\"\n", { 0 } });
	assert_string_equal(f->c.metrics_token, "0123456789abcdef0123456789abcdef");
}

/* [mfa] and [keys] (issue 13): off by default, required needs a key. */
static void test_config_mfa(void **state)
{
	struct cfg *f = *state;

	assert_int_equal(f->c.mfa_required, 0);
	assert_int_equal(f->c.mfa_step_up_secs, 600);
	assert_string_equal(f->c.field_key, "");

	assert_int_equal(load(f, "[mfa]\nrequired = true\nstep_up_minutes = 5\n"
			 "[keys]\nfield_key = /var/lib/mamori/field.key\n"), 0);
	assert_int_equal(f->c.mfa_required, 1);
	assert_int_equal(f->c.mfa_step_up_secs, 300);
	assert_string_equal(f->c.field_key, "/var/lib/mamori/field.key");

	/* required without a key could never enrol anyone: refused */
	config_defaults(&f->c);
	REFUSED(f, { "[mfa]\nrequired = true\n", { "field_key" } });
	assert_int_equal(f->c.mfa_required, 0);
	REFUSED(f, { "[mfa]\nstep_up_minutes = 0\n", { "1 から 1440" } },
		{ "[mfa]\nstep_up_minutes = 1441\n", { 0 } });
}

/* The connection limits (issue 13): defaults, values, Japanese refusals. */
static void test_config_connection_limits(void **state)
{
	struct cfg *f = *state;

	assert_int_equal(f->c.max_connections, 512);
	assert_int_equal(f->c.per_ip, 32);
	assert_int_equal(f->c.request_deadline_secs, 20);
	assert_int_equal(config_check(&f->c, f->err, sizeof f->err), 0);

	assert_int_equal(load(f, "[server]\nmax_connections = 100\nper_ip_connections = 50\n"
			 "request_deadline_seconds = 5\n"), 0);
	assert_int_equal(f->c.max_connections, 100);
	assert_int_equal(f->c.per_ip, 50);
	assert_int_equal(f->c.request_deadline_secs, 5);

	/* A bad value: its line, the key, the value and what is allowed. */
	REFUSED(f, { "[server]\nmax_connections = 15\n", { "line 2",
		  "[server] max_connections の値「15」は使えません。"
		  "16 から 10000 までの整数で指定してください。" } },
		{ "[server]\nrequest_deadline_seconds = 601\n",
		  { "request_deadline_seconds の値「601」" } });
	assert_int_equal(f->c.request_deadline_secs, 5);

	/* One address may hold at most half: nothing changed when it would. */
	REFUSED(f, { "[server]\nper_ip_connections = 51\n",
		     { "per_ip_connections（51）は max_connections（100）の半分以下" } });
	assert_int_equal(f->c.per_ip, 50);
}

/* [sandbox] (issue 14): on by default, and a Japanese refusal of a value
 * that is not a boolean, leaving the settings as they were. */
static void test_config_sandbox(void **state)
{
	struct cfg *f = *state;

	assert_int_equal(f->c.sandbox_enabled, 1);
	assert_int_equal(f->c.sandbox_required, 0);
	assert_int_equal(load(f, "[sandbox]\nenabled = false\nrequired = true\n"), 0);
	assert_int_equal(f->c.sandbox_enabled, 0);
	assert_int_equal(f->c.sandbox_required, 1);
	REFUSED(f, { "[sandbox]\nenabled = maybe\n", { "line 2",
		  "[sandbox] enabled の値「maybe」は使えません。"
		  "true か false で指定してください。" } });
	assert_int_equal(f->c.sandbox_enabled, 0);
}

/* trusted_proxies and the login throttle's settings from the file. */
static void test_config_proxies_and_login(void **state)
{
	struct cfg *f = *state;
	struct netaddr a;

	assert_int_equal(f->c.trusted_proxies.n, 0);   /* trust no one */
	assert_int_equal(f->c.slow_down_secs, 30);
	assert_int_equal(f->c.max_fail_account, 5);
	assert_int_equal(f->c.max_fail_addr, 20);

	assert_int_equal(load(f, "[server]\ntrusted_proxies = 127.0.0.1, ::1\n"
			 "[login]\nslow_down_seconds = 2\nmax_failures_per_address = 8\n"), 0);
	assert_int_equal(f->c.trusted_proxies.n, 2);
	assert_int_equal(netaddr_parse("::1", 3, &a), 0);
	assert_true(netaddr_list_has(&f->c.trusted_proxies, &a));
	assert_int_equal(f->c.slow_down_secs, 2);
	assert_int_equal(f->c.max_fail_addr, 8);

	/* A bad entry: the line, the key, the entry and why; nothing changed. */
	REFUSED(f, { "[server]\nthreads = 2\ntrusted_proxies = 10.0.0.0/8, nginx\n",
		     { "line 3", "[server] trusted_proxies",
		       "\"nginx\": not a numeric IPv4 or IPv6" } },
		{ "[server]\ntrusted_proxies = 0.0.0.0/0\n", { "every address" } },
		{ "[server]\ntrusted_proxies = 10.1.2.3/16\n", { "host bits" } },
		{ "[login]\nslow_down_seconds = -1\n", { 0 } });
	assert_int_equal(f->c.threads, 4);
	assert_int_equal(f->c.trusted_proxies.n, 2);
	assert_int_equal(f->c.slow_down_secs, 2);

	/* An empty value is an explicit "trust no one". */
	assert_int_equal(load(f, "[server]\ntrusted_proxies =\n"), 0);
	assert_int_equal(f->c.trusted_proxies.n, 0);

	/* The command line's setter. */
	assert_int_equal(config_set_trusted_proxies(&f->c, "192.0.2.0/24", f->err,
						    sizeof f->err), 0);
	assert_int_equal(f->c.trusted_proxies.n, 1);
	assert_int_equal(config_set_trusted_proxies(&f->c, "192.0.2.0/24 x", f->err,
						    sizeof f->err), MM_EINVAL);
	assert_non_null(strstr(f->err, "\"x\""));
	assert_int_equal(f->c.trusted_proxies.n, 1);
}

static void test_listen(void **state)
{
	struct config c;
	(void)state;
	config_defaults(&c);
	assert_int_equal(config_set_listen(&c, "[::1]:8081"), 0);
	assert_string_equal(c.listen_addr, "::1");
	assert_int_equal(c.listen_port, 8081);
	assert_int_equal(config_set_listen(&c, "127.0.0.1:70000"), MM_EINVAL);
	assert_int_equal(config_set_listen(&c, ":80"), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_streq_const),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_temp_dir),
		cmocka_unit_test_setup_teardown(test_config, cfg_setup,
						cfg_teardown),
		cmocka_unit_test_setup_teardown(test_config_connection_limits, cfg_setup,
						cfg_teardown),
		cmocka_unit_test_setup_teardown(test_config_proxies_and_login, cfg_setup,
						cfg_teardown),
		cmocka_unit_test_setup_teardown(test_config_metrics, cfg_setup,
						cfg_teardown),
		cmocka_unit_test_setup_teardown(test_config_mfa, cfg_setup,
						cfg_teardown),
		cmocka_unit_test_setup_teardown(test_config_sandbox, cfg_setup,
						cfg_teardown),
		cmocka_unit_test(test_listen),
	};
	return cmocka_run_group_tests_name("lib/util", tests, NULL, NULL);
}
