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
	c->photo_max_upload = 12L * 1024 * 1024;
	c->photo_max_megapixels = 50;
	c->max_header = 32 * 1024;
	c->per_ip = 32;
	/*
	 * Connections (R: issue 13, hostile clients): 512 admitted in all,
	 * 32 from one address (a station behind one NAT address, each
	 * browser holding six), 20 s to deliver a whole request (a 1 MiB
	 * upload at 1 Mbit/s takes 8); behind nginx, which buffers whole
	 * requests, they arrive at once.
	 */
	c->max_connections = 512;
	c->timeout_secs = 30;
	c->request_deadline_secs = 20;
	c->tls = 0;
	snprintf(c->db_url, sizeof(c->db_url), "mamori.db");
	c->idle_secs = 30 * 60;
	c->absolute_secs = 12 * 3600;
	c->token_default_secs = 90L * 86400;
	c->token_max_secs = 365L * 86400;
	c->mfa_required = 0;
	c->mfa_step_up_secs = 10L * 60;
	c->audit_max_unsealed_secs = 60;
	/*
	 * Argon2id: libsodium's INTERACTIVE preset is the floor (64 MiB, 2
	 * passes; above OWASP's 19 MiB x 2).  More is allowed: each login
	 * then costs more memory and time (identity.c caps how many run).
	 */
	c->pwhash_mem_mib = 64;
	c->pwhash_passes = 2;
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
	/* On: the whole HTTP suite passes with it on both backends. */
	c->sandbox_enabled = 1;
	c->sandbox_required = 0;
	snprintf(c->documents_number_prefix,
		 sizeof(c->documents_number_prefix), "熊少");
	snprintf(c->documents_stamp, sizeof(c->documents_stamp), "印");
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
		OPT_TOKEN, OPT_TEXT };

struct option {
	const char *section;
	const char *key;
	enum opt_type type;
	size_t offset;
	size_t size;     /* for OPT_STR: capacity; others: sizeof field */
	int64_t min, max;
	int64_t scale;   /* value in the file times scale = stored value */
	/* What a good value is, in Japanese, for the refusal of a bad one;
	 * NULL for the English message of the older options. */
	const char *ja;
};

#define F(field) offsetof(struct config, field), sizeof(((struct config *)0)->field)

static const struct option options[] = {
	{"server", "listen", OPT_LISTEN, 0, 0, 0, 0, 1, NULL},
	{"server", "threads", OPT_UINT, F(threads), 1, 64, 1, NULL},
	{"server", "max_body_kib", OPT_LONG, F(max_body), 1, 1024 * 1024, 1024, NULL},
	{"server", "max_header_kib", OPT_LONG, F(max_header), 4, 1024, 1024, NULL},
	{"server", "per_ip_connections", OPT_UINT, F(per_ip), 1, 10000, 1,
	 "1 から 10000 までの整数で指定してください。"},
	{"server", "max_connections", OPT_UINT, F(max_connections), 16, 10000,
	 1, "16 から 10000 までの整数で指定してください。"},
	{"server", "timeout_seconds", OPT_UINT, F(timeout_secs), 1, 3600, 1, NULL},
	{"server", "request_deadline_seconds", OPT_UINT,
	 F(request_deadline_secs), 1, 600, 1,
	 "1 から 600 までの整数（秒）で指定してください。"},
	{"server", "tls", OPT_BOOL, F(tls), 0, 1, 1, NULL},
	{"server", "trusted_proxies", OPT_NETS, 0, 0, 0, 0, 1, NULL},
	{"database", "url", OPT_STR, F(db_url), 0, 0, 1, NULL},
	{"session", "idle_minutes", OPT_LONG, F(idle_secs), 1, 24 * 60, 60, NULL},
	{"session", "absolute_hours", OPT_LONG, F(absolute_secs), 1, 72, 3600, NULL},
	{"tokens", "default_days", OPT_LONG, F(token_default_secs), 1, 3650, 86400, NULL},
	{"tokens", "max_days", OPT_LONG, F(token_max_secs), 1, 3650, 86400, NULL},
	{"passwords", "memory_mib", OPT_LONG, F(pwhash_mem_mib), 64, 4096, 1, NULL},
	{"passwords", "passes", OPT_LONG, F(pwhash_passes), 2, 10, 1, NULL},
	{"login", "max_failures_per_account", OPT_UINT, F(max_fail_account), 1, 1000, 1, NULL},
	{"login", "max_failures_per_address", OPT_UINT, F(max_fail_addr), 1, 100000, 1, NULL},
	{"login", "window_minutes", OPT_LONG, F(fail_window_secs), 1, 24 * 60, 60, NULL},
	{"login", "slow_down_seconds", OPT_LONG, F(slow_down_secs), 0, 3600, 1, NULL},
	{"mfa", "required", OPT_BOOL, F(mfa_required), 0, 1, 1, NULL},
	{"mfa", "step_up_minutes", OPT_LONG, F(mfa_step_up_secs), 1, 24 * 60, 60,
	 "1 から 1440 までの整数（分）で指定してください。"},
	{"audit", "max_unsealed_age_seconds", OPT_LONG,
	 F(audit_max_unsealed_secs), 1, 86400, 1,
	 "1 から 86400 までの整数（秒）で指定してください。"},
	{"keys", "field_key", OPT_STR, F(field_key), 0, 0, 1, NULL},
	{"policy", "message_check", OPT_STR, F(policy_message_check), 0, 0, 1,
	 NULL},
	{"metrics", "token", OPT_TOKEN, F(metrics_token), 32, 128, 1, NULL},
	{"metrics", "backup_dir", OPT_STR, F(metrics_backup_dir), 0, 0, 1, NULL},
	{"metrics", "checkpoint_dir", OPT_STR, F(metrics_checkpoint_dir), 0, 0, 1, NULL},
	{"upgrade", "backup_dir", OPT_STR, F(upgrade_backup_dir), 0, 0, 1, NULL},
	{"photos", "max_upload_kib", OPT_LONG, F(photo_max_upload), 64,
	 64 * 1024, 1024, "64 から 65536 までの整数（KiB）で指定してください。"},
	{"photos", "max_megapixels", OPT_LONG, F(photo_max_megapixels), 1,
	 100, 1, "1 から 100 までの整数（メガピクセル）で指定してください。"},
	{"sandbox", "enabled", OPT_BOOL, F(sandbox_enabled), 0, 1, 1,
	 "true か false で指定してください。"},
	{"sandbox", "required", OPT_BOOL, F(sandbox_required), 0, 1, 1,
	 "true か false で指定してください。"},
	{"documents", "number_prefix", OPT_STR, F(documents_number_prefix), 0,
	 0, 1, "63 バイト以内の文字で指定してください。"},
	{"documents", "stamp", OPT_TEXT, F(documents_stamp), 0, 0, 1,
	 "15 バイト以内の文字（空にすると欄は空白）で指定してください。"},
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
	case OPT_TEXT: /* as OPT_STR, but may be empty ("stamp =") */
		if (strlen(value) >= o->size)
			return MM_EINVAL;
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
			if (o->ja)
				snprintf(st->err, st->errlen,
					 "[%s] %s の値「%s」は使えません。%s",
					 section, key, value, o->ja);
			else if (why[0])
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
	if (config_check(&tmp, err, errlen) < 0)
		return MM_EINVAL;
	*c = tmp;
	return 0;
}

int config_check(const struct config *c, char *err, size_t errlen)
{
	/*
	 * One address holding every connection would starve everyone else
	 * until the deadline; with at most half, others always have room.
	 * Trusted proxies are not counted per address (http/guard.h).
	 */
	if ((unsigned long)c->per_ip * 2 > c->max_connections) {
		snprintf(err, errlen,
			 "[server] per_ip_connections（%u）は max_connections"
			 "（%u）の半分以下にしてください。一つのアドレスが"
			 "接続をすべて使うと、ほかの利用者が接続できなくなります。",
			 c->per_ip, c->max_connections);
		return MM_EINVAL;
	}
	/* enrolment seals the second factor's secret with the field key */
	if (c->mfa_required && !c->field_key[0]) {
		snprintf(err, errlen,
			 "[mfa] required = true には [keys] field_key"
			 "（二要素認証の秘密を暗号化する鍵ファイル）の指定が必要です。");
		return MM_EINVAL;
	}
	return 0;
}
