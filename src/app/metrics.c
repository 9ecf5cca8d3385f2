#include "metrics.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "../lib/err.h"
#include "../lib/metrics.h"
#include "../lib/util.h"

#include "../lib/banned.h"

static int is_loopback(const char *addr)
{
	return addr && (!strncmp(addr, "127.", 4) || !strcmp(addr, "::1") ||
			!strncmp(addr, "::ffff:127.", 11));
}

/* The configured token, compared in constant time. */
static int token_ok(const struct ctx *c)
{
	const char *want = c->app->cfg.metrics_token;
	const char *h = http_header(c->req, "Authorization");
	size_t n = strlen(want);

	if (!n || !h || strncmp(h, "Bearer ", 7))
		return 0;
	h += 7;
	return strlen(h) == n && sodium_memcmp(h, want, n) == 0;
}

static int allowed(const struct ctx *c)
{
	if (token_ok(c))
		return 1;
	/* Through a proxy on this host the peer is loopback too: a request
	 * carrying a forwarding header is not the local scraper's. */
	return is_loopback(c->req->peer_addr) &&
	       !http_header(c->req, "X-Forwarded-For") &&
	       !http_header(c->req, "Forwarded");
}

/* The newest regular file of dir named PREFIX...SUFFIX: its mtime and,
 * into path (pathlen bytes), its path.  0, or MM_ENOTFOUND. */
static int newest(const char *dir, const char *prefix, const char *suffix,
		  int64_t *mtime, char *path, size_t pathlen)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	struct stat st;
	char p[1024];
	size_t pl = strlen(prefix), sl = strlen(suffix), nl;
	int found = 0;

	if (!dp)
		return MM_ENOTFOUND;
	while ((e = readdir(dp))) {
		nl = strlen(e->d_name);
		if (nl < pl + sl || strncmp(e->d_name, prefix, pl) ||
		    strcmp(e->d_name + nl - sl, suffix))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) >=
			    (int)sizeof(p) ||
		    stat(p, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (!found || (int64_t)st.st_mtime > *mtime) {
			*mtime = st.st_mtime;
			snprintf(path, pathlen, "%s", p);
			found = 1;
		}
	}
	closedir(dp);
	return found ? 0 : MM_ENOTFOUND;
}

/* The seq line of a checkpoint file (its signature is the verifier's
 * business: mamori doctor, the checkpoint job); -1 when unreadable. */
static int64_t checkpoint_seq(const char *path)
{
	char line[128];
	int64_t seq = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "seq ", 4)) {
			line[strcspn(line, "\n")] = '\0';
			if (parse_int64(line + 4, 1, INT64_MAX, &seq) < 0)
				seq = -1;
			break;
		}
	}
	fclose(f);
	return seq;
}

static void gauge(struct buf *b, const char *name, const char *help,
		  int64_t v)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", name, help,
		 name, name, (long long)v);
}

/* What the installation looks like now: omitted when not known. */
static void write_gauges(struct ctx *c, struct buf *b)
{
	const struct config *cfg = &c->app->cfg;
	struct audit_list l = { 0 };
	char path[1024];
	int64_t now = now_unix(), mtime = 0, head = -1, seq;

	gauge(b, "mamori_up", "1 while the server answers.", 1);
	if (store_audit_list(c->app->store, 0, 0, 1, &l) == 0)
		head = l.n ? l.items[0].seq : 0;
	audit_list_release(&l);
	if (head >= 0)
		gauge(b, "mamori_audit_entries", "Entries of the audit trail "
		      "(the newest seq).", head);
	if (newest(cfg->metrics_backup_dir, "mamori-", ".db", &mtime, path,
		   sizeof(path)) == 0)
		gauge(b, "mamori_backup_age_seconds", "Age of the newest "
		      "backup in [metrics] backup_dir.", now - mtime);
	if (newest(cfg->metrics_checkpoint_dir, "checkpoint-", ".txt", &mtime,
		   path, sizeof(path)) == 0) {
		gauge(b, "mamori_checkpoint_age_seconds", "Age of the newest "
		      "signed checkpoint in [metrics] checkpoint_dir.",
		      now - mtime);
		seq = checkpoint_seq(path);
		if (seq > 0 && head >= 0)
			gauge(b, "mamori_audit_unsealed_entries", "Audit entries"
			      " after the newest checkpoint's seq.",
			      head > seq ? head - seq : 0);
	}
}

void app_metrics(struct ctx *c)
{
	struct http_response *res = c->res;

	if (strcmp(c->req->method, "GET") && strcmp(c->req->method, "HEAD")) {
		c->error(c, 405, "method_not_allowed",
			 "このパスでは GET のみ使えます。", NULL);
		return;
	}
	if (!allowed(c)) {
		ctx_fail(c, MM_EDENIED, "メトリクスはこのホスト（ループバック）から"
			 "か、設定したトークンでのみ取得できます。", NULL);
		return;
	}
	buf_reset(&res->body);
	res->status = 200;
	snprintf(res->content_type, sizeof(res->content_type), "%s",
		 "text/plain; version=0.0.4; charset=utf-8");
	write_gauges(c, &res->body);
	if (metrics_write(&res->body) < 0) {
		ctx_fail(c, MM_ENOMEM, NULL, NULL);
		return;
	}
}
