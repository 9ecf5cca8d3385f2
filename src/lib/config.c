#include "config.h"
#include "err.h"
#include "util.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <ini.h>

#include "banned.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen_addr, sizeof(c->listen_addr), "127.0.0.1");
	c->listen_port = 8080;
	c->threads = 4;
	c->max_body = 1024 * 1024;
	c->max_header = 32 * 1024;
	c->per_ip = 32;
	c->timeout_secs = 30;
	c->tls = 0;
	snprintf(c->db_url, sizeof(c->db_url), "mamori.db");
	c->idle_secs = 30 * 60;
	c->absolute_secs = 12 * 3600;
	/*
	 * The login throttle (core/throttle.h has the rules).  ASVS 2.2.1
	 * asks for at most 100 failed attempts per hour on one account,
	 * NIST SP 800-63B 5.2.2 for at most 100 in a row; both without
	 * letting an attacker lock the owner out.  So:
	 *  - 15-minute window: long enough to stop guessing, short enough
	 *    that a user who mistyped is back soon without an administrator.
	 *  - 5 failures on one account from one address: more than a user
	 *    with the caps-lock on needs; from one address that is 20
	 *    guesses an hour on one account (4 windows x 5).
	 *  - 20 failures from one address, any accounts: 80 guesses an hour
	 *    from one machine across all accounts; a whole station behind
	 *    one NAT address still has room for its users' typos.
	 *  - slow-down 30 s, doubling per further failure of the account
	 *    (30, 60, 120, ... capped at the window): from the 10th failure
	 *    on, each address that has failed on the account gets about one
	 *    try per window, so guessing from k addresses stays near 4k an
	 *    hour (under 100 for k < 25), while the owner at a desk with no
	 *    failure logs in at once, and after a typo waits at most the
	 *    window.
	 */
	c->max_fail_account = 5;
	c->max_fail_addr = 20;
	c->fail_window_secs = 15 * 60;
	c->slow_down_secs = 30;
	c->trusted_proxies.n = 0;
	/* Where the packaged timers write (dist/mamori.default). */
	snprintf(c->metrics_backup_dir, sizeof(c->metrics_backup_dir),
		 "/var/backups/mamori");
	snprintf(c->upgrade_backup_dir, sizeof(c->upgrade_backup_dir),
		 "/var/backups/mamori");
	snprintf(c->metrics_checkpoint_dir, sizeof(c->metrics_checkpoint_dir),
		 "/var/lib/mamori/checkpoints");
}

int config_set_listen(struct config *c, const char *s)
{
	const char *colon;
	size_t alen;
	int64_t port;
	const char *host = s;

	if (!s)
		return MM_EINVAL;
	if (*s == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':')
			return MM_EINVAL;
		host = s + 1;
		alen = (size_t)(end - host);
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return MM_EINVAL;
		alen = (size_t)(colon - s);
	}
	if (alen == 0 || alen >= sizeof(c->listen_addr))
		return MM_EINVAL;
	if (parse_int64(colon + 1, 0, 65535, &port) < 0)
		return MM_EINVAL;
	memcpy(c->listen_addr, host, alen);
	c->listen_addr[alen] = '\0';
	c->listen_port = (unsigned)port;
	return 0;
}

int config_set_trusted_proxies(struct config *c, const char *s, char *err,
			       size_t errlen)
{
	return netaddr_list_parse(s, &c->trusted_proxies, err, errlen);
}

struct load_state {
	struct config *c;
	char *err;
	size_t errlen;
	int failed;
};

enum opt_type { OPT_UINT, OPT_LONG, OPT_BOOL, OPT_STR, OPT_LISTEN, OPT_NETS,
		OPT_TOKEN };

struct option {
	const char *section;
	const char *key;
	enum opt_type type;
	size_t offset;
	size_t size;     /* for OPT_STR: capacity; others: sizeof field */
	int64_t min, max;
	int64_t scale;   /* value in the file times scale = stored value */
};

#define F(field) offsetof(struct config, field), sizeof(((struct config *)0)->field)

static const struct option options[] = {
	{"server", "listen", OPT_LISTEN, 0, 0, 0, 0, 1},
	{"server", "threads", OPT_UINT, F(threads), 1, 64, 1},
	{"server", "max_body_kib", OPT_LONG, F(max_body), 1, 1024 * 1024, 1024},
	{"server", "max_header_kib", OPT_LONG, F(max_header), 4, 1024, 1024},
	{"server", "per_ip_connections", OPT_UINT, F(per_ip), 1, 10000, 1},
	{"server", "timeout_seconds", OPT_UINT, F(timeout_secs), 1, 3600, 1},
	{"server", "tls", OPT_BOOL, F(tls), 0, 1, 1},
	{"server", "trusted_proxies", OPT_NETS, 0, 0, 0, 0, 1},
	{"database", "url", OPT_STR, F(db_url), 0, 0, 1},
	{"session", "idle_minutes", OPT_LONG, F(idle_secs), 1, 24 * 60, 60},
	{"session", "absolute_hours", OPT_LONG, F(absolute_secs), 1, 72, 3600},
	{"login", "max_failures_per_account", OPT_UINT, F(max_fail_account), 1, 1000, 1},
	{"login", "max_failures_per_address", OPT_UINT, F(max_fail_addr), 1, 100000, 1},
	{"login", "window_minutes", OPT_LONG, F(fail_window_secs), 1, 24 * 60, 60},
	{"login", "slow_down_seconds", OPT_LONG, F(slow_down_secs), 0, 3600, 1},
	{"metrics", "token", OPT_TOKEN, F(metrics_token), 32, 128, 1},
	{"metrics", "backup_dir", OPT_STR, F(metrics_backup_dir), 0, 0, 1},
	{"metrics", "checkpoint_dir", OPT_STR, F(metrics_checkpoint_dir), 0, 0, 1},
	{"upgrade", "backup_dir", OPT_STR, F(upgrade_backup_dir), 0, 0, 1},
};

static int set_number(void *field, size_t size, int64_t v)
{
	if (size == sizeof(long))
		*(long *)field = (long)v;
	else if (size == sizeof(int))
		*(int *)field = (int)v;
	else
		return MM_EINVAL;
	return 0;
}

/* Sets one option; why (whylen bytes) may get a reason for a refusal. */
static int apply(struct config *c, const struct option *o, const char *value,
		 char *why, size_t whylen)
{
	void *field = (char *)c + o->offset;
	int64_t v;

	switch (o->type) {
	case OPT_LISTEN:
		return config_set_listen(c, value);
	case OPT_NETS:
		return config_set_trusted_proxies(c, value, why, whylen);
	case OPT_TOKEN:
		/* A bearer secret: long enough not to be guessed, and only
		 * characters that survive an HTTP header unchanged. */
		if (strlen(value) < (size_t)o->min ||
		    strlen(value) > (size_t)o->max ||
		    strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			   "0123456789-._~+/=") != strlen(value)) {
			snprintf(why, whylen, "%lld to %lld characters of "
				 "A-Z a-z 0-9 - . _ ~ + / =", (long long)o->min,
				 (long long)o->max);
			return MM_EINVAL;
		}
		snprintf(field, o->size, "%s", value);
		return 0;
	case OPT_STR:
		if (!*value || strlen(value) >= o->size)
			return MM_EINVAL;
		snprintf(field, o->size, "%s", value);
		return 0;
	case OPT_BOOL:
		if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
			v = 1;
		else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
			v = 0;
		else
			return MM_EINVAL;
		return set_number(field, o->size, v);
	case OPT_UINT:
	case OPT_LONG:
		if (parse_int64(value, o->min, o->max, &v) < 0)
			return MM_EINVAL;
		return set_number(field, o->size, v * o->scale);
	}
	return MM_EINVAL;
}

/*
 * inih calls this per key.  Debian's inih does not pass the line number;
 * returning 0 makes ini_parse_file() return the line of the first
 * failure, which config_load() puts in front of the message.
 */
static int on_entry(void *user, const char *section, const char *key,
		    const char *value)
{
	struct load_state *st = user;
	char why[160] = "";

	if (st->failed)
		return 0;
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const struct option *o = &options[i];
		if (strcmp(o->section, section) || strcmp(o->key, key))
			continue;
		if (apply(st->c, o, value, why, sizeof(why)) < 0) {
			if (why[0])
				snprintf(st->err, st->errlen,
					 "invalid value for [%s] %s: %s",
					 section, key, why);
			else
				snprintf(st->err, st->errlen,
					 "invalid value for [%s] %s: \"%s\"",
					 section, key, value);
			st->failed = 1;
			return 0;
		}
		return 1;
	}
	snprintf(st->err, st->errlen, "unknown option [%s] %s", section, key);
	st->failed = 1;
	return 0;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	struct config tmp = *c;
	struct load_state st = {&tmp, err, errlen, 0};
	FILE *f = fopen(path, "r");
	int rc;

	if (!f) {
		snprintf(err, errlen, "cannot read %s", path);
		return MM_EIO;
	}
	rc = ini_parse_file(f, on_entry, &st);
	fclose(f);
	if (rc != 0) {
		char msg[200];

		snprintf(msg, sizeof(msg), "%s", st.failed ? err : "syntax error");
		snprintf(err, errlen, "line %d: %s", rc, msg);
		return MM_EINVAL;
	}
	*c = tmp;
	return 0;
}
