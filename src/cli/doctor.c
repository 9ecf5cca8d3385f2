/*
 * doctor.c - `mamori doctor`: checks a running installation (issue 15)
 * and says, in Japanese, what to fix: the configuration, the database
 * (reachable, its schema not newer than this program, integrity), the
 * audit chain and the newest signed checkpoint, the key files (the
 * field key against the database's key check, issue 9) and the
 * modes of the files holding secrets or personal data, free disk, TLS
 * in front, the clock, and the age of the newest backup.
 *
 * Each check prints one line "[OK] / [警告] / [要対処] topic: what",
 * a problem one more line "→ 対処: how".  Exit status: 0 all well,
 * 1 something to fix, 3 warnings only (2 stays the usage error of every
 * command), so a monitoring script can tell them apart.
 *
 * It writes nothing of its own, but opening the database migrates an
 * older schema, as `serve` would on its next start.  Run it as the
 * database's owner: a SQLite file opened by root would leave root-owned
 * -wal/-shm files behind that the service cannot open, so that is
 * refused before opening.
 */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../core/checkpoint.h"
#include "../core/identity.h"
#include "../lib/config.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../store/store_seal.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori doctor [--config FILE] [--db URL] [--secret FILE]\n"
	"                     [--public FILE] [--checkpoints DIR]\n"
	"                     [--backups DIR] [--min-free-mib N]\n"
	"\n"
	"Checks an installation and prints what to fix, in Japanese: the\n"
	"configuration, the database (reachable, migrated, integrity), the\n"
	"audit chain and the newest signed checkpoint, the key files and the\n"
	"modes of files with secrets, free disk (a failure under N MiB,\n"
	"default 256, a warning under 4N), TLS, the clock, the newest backup.\n"
	"Defaults are the package's: /etc/mamori/mamori.ini (its [database]\n"
	"url unless --db), /etc/mamori/audit.key, /etc/mamori/audit.pub,\n"
	"/var/lib/mamori/checkpoints, /var/backups/mamori.  Run it as the\n"
	"service user: sudo -u mamori mamori doctor\n"
	"Exit 0 healthy, 1 something to fix, 3 warnings only.\n";

enum { DOCTOR_WARNINGS = 3 };

/* A checkpoint older than this missed its hourly timer. */
#define CHECKPOINT_MAX_AGE (2 * 3600)
/* A backup older than this missed its nightly timer. */
#define BACKUP_MAX_AGE (36 * 3600)
/* Times this far ahead of the clock mean the clock went back. */
#define CLOCK_SLACK 300
/* No clock of a running installation reads earlier than this
 * (2025-01-01T00:00:00Z, before this program existed). */
#define CLOCK_FLOOR 1735689600

struct doctor {
	const char *config, *db, *secret, *public, *checkpoints, *backups;
	int64_t min_free_mib;
	struct config cfg;
	int fails, warns;
	int64_t now;
};

static void line(const char *mark, const char *topic, const char *fmt,
		 va_list ap)
{
	printf("[%s] %s: ", mark, topic);
	vprintf(fmt, ap);
	putchar('\n');
}

static void ok(struct doctor *d, const char *topic, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void ok(struct doctor *d, const char *topic, const char *fmt, ...)
{
	va_list ap;

	(void)d;
	va_start(ap, fmt);
	line("OK", topic, fmt, ap);
	va_end(ap);
}

static void warn(struct doctor *d, const char *topic, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct doctor *d, const char *topic, const char *fmt, ...)
{
	va_list ap;

	d->warns++;
	va_start(ap, fmt);
	line("警告", topic, fmt, ap);
	va_end(ap);
}

static void bad(struct doctor *d, const char *topic, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bad(struct doctor *d, const char *topic, const char *fmt, ...)
{
	va_list ap;

	d->fails++;
	va_start(ap, fmt);
	line("要対処", topic, fmt, ap);
	va_end(ap);
}

/* The line under a warning or failure that says how to fix it. */
static void fix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fix(const char *fmt, ...)
{
	va_list ap;

	fputs("    → 対処: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The file path of a SQLite URL, or NULL for PostgreSQL. */
static const char *sqlite_path(const char *url)
{
	if (!strncmp(url, "postgres", 8))
		return NULL;
	if (!strncmp(url, "sqlite:", 7))
		return url + 7;
	return url;
}

static int check_config(struct doctor *d)
{
	char err[256] = "";
	struct stat st;
	int rc;

	config_defaults(&d->cfg);
	if (stat(d->config, &st) != 0) {
		if (d->db) {
			warn(d, "設定", "%s がありません（既定値で確認します）",
			     d->config);
			fix("--config で設定ファイルを指定してください");
			return 0;
		}
		bad(d, "設定", "%s を読めません: %s", d->config,
		    strerror(errno));
		fix("--config で設定ファイルを指定するか、--db でデータベースを"
		    "指定してください");
		return -1;
	}
	rc = config_load(&d->cfg, d->config, err, sizeof(err));
	if (rc < 0) {
		bad(d, "設定", "%s が正しくありません: %s", d->config,
		    rc == MM_EIO ? "読めません" : err);
		fix("mamori.ini(5) のとおりに直してください（直すまでサーバー"
		    "は起動しません）");
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		bad(d, "設定", "%s を誰でも書き換えられます（モード %04o）",
		    d->config, (unsigned)(st.st_mode & 07777));
		fix("chmod 0640 %s", d->config);
	} else
		ok(d, "設定", "%s は正しく読めます", d->config);
	return 0;
}

/* Refuses a SQLite file owned by another user before opening it. */
static int check_owner(struct doctor *d, const char *path)
{
	struct stat st;
	struct passwd *pw;

	if (stat(path, &st) != 0)
		return 0; /* store_open names the missing file */
	if (st.st_uid != geteuid()) {
		pw = getpwuid(st.st_uid);
		bad(d, "データベース", "%s の所有者（%s）以外のユーザーで実行して"
		    "います", path, pw ? pw->pw_name : "?");
		fix("sudo -u %s mamori doctor ... として実行してください"
		    "（root で開くと、サービスが開けないファイルが残ります）",
		    pw ? pw->pw_name : "mamori");
		return -1;
	}
	if (st.st_mode & S_IRWXO) {
		warn(d, "ファイルのモード", "%s を他のユーザーが読めます（モード"
		    " %04o）: 個人情報を含みます", path,
		    (unsigned)(st.st_mode & 07777));
		fix("chmod 0600 %s", path);
	}
	return 0;
}

/*
 * An older schema: doctor must not migrate it (store_open would, without
 * the backup serve and upgrade take first), so it says what to run.
 * Returns -1 when it reported one, else 0 (open_db reports the rest).
 */
static int check_pending(struct doctor *d, const char *url)
{
	struct store *s;
	int have, newest;

	if (store_open_unmigrated(url, &s, &have, &newest) < 0)
		return 0;
	store_close(s);
	if (have == 0 || have >= newest)
		return 0;
	bad(d, "データベース", "%s のスキーマは版 %d で、このプログラムは版 %d "
	    "を使います（移行されていません）", url, have, newest);
	fix("sudo -u mamori mamori upgrade --config /etc/mamori/mamori.ini "
	    "（SQLite はバックアップを取ってから移行します。PostgreSQL は "
	    "pg_dump の後で --i-have-a-backup を付けます）を実行するか、"
	    "サービスを起動してください");
	return -1;
}

static int open_db(struct doctor *d, struct store **s)
{
	const char *url = d->db ? d->db : d->cfg.db_url;
	const char *path = sqlite_path(url);
	int version = 0;
	int rc;

	if (path && check_owner(d, path) < 0)
		return -1;
	if (check_pending(d, url) < 0)
		return -1;
	rc = store_open(url, 0, s);
	if (rc == MM_ENOTFOUND) {
		bad(d, "データベース", "%s がありません", url);
		fix("sudo -u mamori mamori init --db %s で作成してください",
		    url);
		return -1;
	}
	if (rc == MM_EUNSUPPORTED && cli_db_known_scheme(url)) {
		bad(d, "データベース", "%s はこのプログラム（%s）より新しい版の"
		    "スキーマです", url, MAMORI_VERSION);
		fix("新しい版の mamori パッケージを入れるか、更新前のバックアップ"
		    "から戻してください");
		return -1;
	}
	if (rc < 0) {
		bad(d, "データベース", "%s を開けません: %s", url,
		    mm_strerror(rc));
		fix("[database] url、ファイルの権限、PostgreSQL の接続を確かめて"
		    "ください");
		return -1;
	}
	store_schema_version(*s, &version);
	ok(d, "データベース", "%s に接続でき、スキーマは最新です（版 %d）",
	   url, version);
	return 0;
}

static void check_integrity(struct doctor *d, struct store *s)
{
	int rc = store_integrity_check(s);

	if (rc < 0) {
		bad(d, "整合性", "データベースの整合性検査に失敗しました: %s",
		    mm_strerror(rc));
		fix("サーバーを止め、最新の検証済みバックアップから mamori restore"
		    " で戻してください");
	} else
		ok(d, "整合性", "整合性検査に合格しました");
}

static void check_chain(struct doctor *d, struct store *s)
{
	struct audit_verify_result r = { 0 };
	int rc = store_audit_verify(s, &r, NULL, NULL);

	if (rc == MM_ECORRUPT) {
		bad(d, "監査証跡", "ハッシュチェーンが %lld 番で壊れています（%s）",
		    (long long)r.first_bad_seq, r.reason);
		fix("改ざんの疑いがあります。情報セキュリティ管理者に報告し、"
		    "ホスト外のバックアップとチェックポイントで確かめてください");
	} else if (rc < 0) {
		bad(d, "監査証跡", "監査証跡を読めません: %s", mm_strerror(rc));
		fix("データベースの状態を確かめてください");
	} else
		ok(d, "監査証跡", "ハッシュチェーンは無傷です（%lld 件）",
		   (long long)r.entries);
}

/* The newest regular file in dir whose name starts with prefix and ends
 * with suffix (by modification time): its path into out, its mtime. */
static int newest_file(const char *dir, const char *prefix,
		       const char *suffix, char *out, size_t outlen,
		       int64_t *mtime)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];
	size_t pl = strlen(prefix), sl = strlen(suffix), nl;
	int found = 0;

	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		nl = strlen(e->d_name);
		if (nl < pl + sl || strncmp(e->d_name, prefix, pl) ||
		    strcmp(e->d_name + nl - sl, suffix))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
			    (int)sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (!found || (int64_t)st.st_mtime > *mtime) {
			*mtime = st.st_mtime;
			snprintf(out, outlen, "%s", path);
			found = 1;
		}
	}
	closedir(dp);
	return found ? 0 : MM_ENOTFOUND;
}

/* Reads the whole small file path into out (cap bytes, NUL added). */
static int read_small(const char *path, char *out, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (!f)
		return MM_EIO;
	n = fread(out, 1, cap - 1, f);
	if (ferror(f) || !feof(f))
		rc = MM_EOVERFLOW;
	fclose(f);
	out[n] = '\0';
	*len = n;
	return rc;
}

/* Mode check of a key file: mask the bits it must not have. */
static int key_mode(struct doctor *d, const char *path, mode_t mask,
		    const char *want)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return MM_ENOTFOUND;
	if (st.st_mode & mask) {
		bad(d, "鍵ファイル", "%s のモード %04o は緩すぎます", path,
		    (unsigned)(st.st_mode & 07777));
		fix("chmod %s %s", want, path);
		return MM_EDENIED;
	}
	return 0;
}

static void check_keys(struct doctor *d)
{
	int s = key_mode(d, d->secret, S_IWGRP | S_IRWXO, "0640");
	int p = key_mode(d, d->public, S_IWGRP | S_IWOTH, "0644");

	if (s == MM_ENOTFOUND || p == MM_ENOTFOUND) {
		warn(d, "鍵ファイル", "チェックポイント用の鍵 %s がありません",
		     s == MM_ENOTFOUND ? d->secret : d->public);
		fix("mamori audit keygen --secret %s --public %s の後、chgrp "
		    "mamori %s; chmod 0640 %s（公開鍵の写しはホスト外にも）",
		    d->secret, d->public, d->secret, d->secret);
	} else if (s == 0 && p == 0)
		ok(d, "鍵ファイル", "%s と %s があり、モードは安全です",
		   d->secret, d->public);
}

/* The field key file as doctor reads it: 0, or MM_ENOTFOUND / MM_EDENIED
 * (others may read it; said) / MM_EINVAL (no key in it). */
static int field_key_file(struct doctor *d, const char *path,
			  unsigned char key[32])
{
	char hex[80];
	size_t len = 0;
	int rc;

	if (access(path, F_OK) != 0)
		return MM_ENOTFOUND;
	if (key_mode(d, path, 077, "0600") == MM_EDENIED)
		return MM_EDENIED;
	rc = read_small(path, hex, sizeof hex, &len);
	while (rc == 0 && len && (hex[len - 1] == '\n' || hex[len - 1] == '\r'))
		hex[--len] = '\0';
	if (rc == 0 && (len != 64 || sodium_hex2bin(key, 32, hex, len, NULL,
						     NULL, NULL) != 0))
		rc = MM_EINVAL;
	sodium_memzero(hex, sizeof hex);
	return rc == MM_EIO || rc == MM_EOVERFLOW ? MM_EINVAL : rc;
}

/*
 * Issue 9: the field key of [keys] field_key must be there and be the
 * one the database was sealed with (its key check); a lost key is found
 * here before a restart refuses to serve.
 */
static void check_field_key(struct doctor *d, struct store *s)
{
	const char *path = d->cfg.field_key;
	enum store_key_state bound = 0, st = 0;
	unsigned char key[32];
	int rc;

	if (store_field_key_state(s, NULL, &bound) < 0) {
		bad(d, "項目の鍵", "照合値を読めません");
		return;
	}
	if (!path[0]) {
		if (bound == STORE_KEY_BOUND || bound == STORE_KEY_UNBOUND_SEALED) {
			bad(d, "項目の鍵", "データベースには鍵で秘匿した値があり"
			    "ますが、[keys] field_key が設定されていません");
			fix("秘匿に使った鍵ファイルを [keys] field_key に指定して"
			    "ください");
		} else
			ok(d, "項目の鍵", "設定されていません（秘匿した値はあり"
			   "ません）");
		return;
	}
	rc = field_key_file(d, path, key);
	if (rc == MM_ENOTFOUND && (bound == STORE_KEY_BOUND ||
				   bound == STORE_KEY_UNBOUND_SEALED)) {
		bad(d, "項目の鍵", "鍵ファイル %s がありません。データベースの"
		    "秘匿した値はこの鍵でしか開けません", path);
		fix("鍵ファイルをバックアップから %s に戻してください（新しい"
		    "鍵では開けません）", path);
	} else if (rc == MM_ENOTFOUND) {
		warn(d, "項目の鍵", "鍵ファイル %s がありません（次の起動で作"
		     "られます）", path);
		fix("起動後、鍵ファイルをデータベースとは別にバックアップして"
		    "ください");
	} else if (rc == MM_EINVAL) {
		bad(d, "項目の鍵", "%s は鍵ファイルではありません（16進64文字）",
		    path);
		fix("鍵ファイルをバックアップから戻してください");
	} else if (rc == 0 && store_field_key_state(s, key, &st) < 0) {
		bad(d, "項目の鍵", "照合値を読めません");
	} else if (rc == 0 && st == STORE_KEY_DIFFERS) {
		bad(d, "項目の鍵", "%s はこのデータベースを秘匿した鍵ではありま"
		    "せん（照合値が一致しません）", path);
		fix("正しい鍵ファイルをバックアップから戻してください（この鍵"
		    "では秘匿した値を開けず、サーバーは起動しません）");
	} else if (rc == 0 && st == STORE_KEY_MATCHES) {
		ok(d, "項目の鍵", "%s はデータベースの照合値と一致します", path);
	} else if (rc == 0) {
		ok(d, "項目の鍵", "%s があります（次の起動でデータベースに登録"
		   "されます）", path);
	}
	sodium_memzero(key, sizeof key);
}

/* The newest checkpoint must be signed by the public key and its entry
 * must still carry its hash; a stale one means the timer stopped. */
static void check_checkpoint(struct doctor *d, struct store *s)
{
	unsigned char pk[CHECKPOINT_PUBLIC_BYTES];
	char path[4096], text[CHECKPOINT_TEXT_MAX + 1], hex[65];
	struct checkpoint c;
	int64_t mtime = 0;
	size_t len;
	int rc;

	if (newest_file(d->checkpoints, "checkpoint-", ".txt", path,
			sizeof(path), &mtime) < 0) {
		warn(d, "チェックポイント", "%s に署名付きチェックポイントが"
		     "ありません", d->checkpoints);
		fix("鍵を作り、systemctl enable --now mamori-checkpoint.timer "
		    "を実行してください");
		return;
	}
	if (read_small(d->public, text, sizeof(text), &len) < 0 ||
	    checkpoint_key_parse(text, len, pk, sizeof(pk)) < 0) {
		bad(d, "チェックポイント", "公開鍵 %s を読めません", d->public);
		fix("mamori audit keygen で作った公開鍵を --public で指定して"
		    "ください");
		return;
	}
	rc = identity_init();
	if (rc == 0)
		rc = read_small(path, text, sizeof(text), &len);
	if (rc == 0)
		rc = checkpoint_parse(text, len, pk, &c);
	if (rc == MM_ECORRUPT) {
		bad(d, "チェックポイント", "%s の署名が公開鍵と合いません"
		    "（改変されたか、別の鍵で署名されています）", path);
		fix("情報セキュリティ管理者に報告し、ホスト外の写しと比べて"
		    "ください");
		return;
	}
	if (rc < 0) {
		bad(d, "チェックポイント", "%s はチェックポイントとして読めません",
		    path);
		fix("mamori audit checkpoint が書いたファイルか確かめてください");
		return;
	}
	rc = store_audit_hash_at(s, c.seq, hex);
	if (rc == MM_ENOTFOUND || (rc == 0 && strcmp(hex, c.hash))) {
		bad(d, "チェックポイント", "%s（%s）の %lld 番の記録が%s", path,
		    c.at, (long long)c.seq, rc ? "ありません（監査証跡が切り"
		    "詰められています）" : "書き換えられています");
		fix("改ざんの疑いがあります。情報セキュリティ管理者に報告して"
		    "ください");
		return;
	}
	if (rc < 0) {
		bad(d, "チェックポイント", "監査記録 %lld を読めません: %s",
		    (long long)c.seq, mm_strerror(rc));
		fix("データベースの状態を確かめてください");
		return;
	}
	if (d->now - mtime > CHECKPOINT_MAX_AGE) {
		warn(d, "チェックポイント", "最新の %s は %lld 時間前のものです",
		     path, (long long)((d->now - mtime) / 3600));
		fix("systemctl status mamori-checkpoint.timer と journalctl -u "
		    "mamori-checkpoint を確かめてください");
		return;
	}
	ok(d, "チェックポイント", "%s（%s、%lld 番）と一致します", path, c.at,
	   (long long)c.seq);
}

static void check_disk(struct doctor *d, const char *path)
{
	char dir[4096];
	struct statvfs vfs;
	char *slash;
	int64_t free_mib;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (statvfs(dir, &vfs) != 0) {
		warn(d, "空き容量", "%s の空き容量を調べられません: %s", dir,
		     strerror(errno));
		fix("ディレクトリを確かめてください");
		return;
	}
	free_mib = (int64_t)((unsigned long long)vfs.f_bavail * vfs.f_frsize
			     / (1024 * 1024));
	if (free_mib < d->min_free_mib) {
		bad(d, "空き容量", "%s の空きが %lld MiB しかありません（%lld MiB"
		    " 未満）", dir, (long long)free_mib,
		    (long long)d->min_free_mib);
		fix("古いバックアップやログを移すか、ボリュームを広げてください"
		    "（書き込めなくなると登録が失敗します）");
	} else if (free_mib < 4 * d->min_free_mib) {
		warn(d, "空き容量", "%s の空きが %lld MiB です", dir,
		     (long long)free_mib);
		fix("早めに空きを増やしてください");
	} else
		ok(d, "空き容量", "%s の空きは %lld MiB です", dir,
		   (long long)free_mib);
}

static int is_loopback(const char *addr)
{
	return !strncmp(addr, "127.", 4) || !strcmp(addr, "::1") ||
	       !strcmp(addr, "localhost");
}

static void check_tls(struct doctor *d)
{
	if (!d->cfg.tls && !is_loopback(d->cfg.listen_addr)) {
		warn(d, "TLS", "tls = false のまま %s で待ち受けています",
		     d->cfg.listen_addr);
		fix("listen = 127.0.0.1:%u にして TLS を終端する nginx を前に"
		    "置き、tls = true にしてください", d->cfg.listen_port);
	} else if (!d->cfg.tls)
		ok(d, "TLS", "ループバック（%s）でのみ待ち受けています"
		   "（前段の nginx が TLS を終端するなら tls = true に）",
		   d->cfg.listen_addr);
	else
		ok(d, "TLS", "tls = true（前段で TLS を終端）");
}

/* The clock must not read before this program existed, nor behind the
 * newest audit entry or backup (a clock set back makes the trail's times
 * go backwards and the retention periods wrong). */
static void check_clock(struct doctor *d, struct store *s)
{
	struct audit_list l = { 0 };
	char when[32];
	int64_t at = 0;

	if (d->now < CLOCK_FLOOR) {
		bad(d, "時計", "システムの時計が %s を指しています",
		    format_iso8601(d->now, when, sizeof(when)));
		fix("NTP（systemd-timesyncd など）で時計を合わせてください");
		return;
	}
	if (s && store_audit_list(s, 0, 0, 1, &l) == 0 && l.n)
		at = l.items[0].at;
	audit_list_release(&l);
	if (at > d->now + CLOCK_SLACK) {
		bad(d, "時計", "最新の監査記録（%s）が現在時刻より先です",
		    format_iso8601(at, when, sizeof(when)));
		fix("時計が戻っています。NTP で合わせ、原因を確かめてください");
		return;
	}
	ok(d, "時計", "%s（監査記録と矛盾なし）",
	   format_iso8601(d->now, when, sizeof(when)));
}

static void check_backup(struct doctor *d, const char *url)
{
	char path[4096], when[32];
	int64_t mtime = 0;

	if (!sqlite_path(url)) {
		ok(d, "バックアップ", "PostgreSQL は pg_dump でバックアップして"
		   "ください（README）");
		return;
	}
	if (newest_file(d->backups, "mamori-", ".db", path, sizeof(path),
			&mtime) < 0) {
		warn(d, "バックアップ", "%s にバックアップがありません",
		     d->backups);
		fix("systemctl enable --now mamori-backup.timer を実行してくだ"
		    "さい");
		return;
	}
	if (mtime > d->now + CLOCK_SLACK) {
		bad(d, "時計", "最新のバックアップ %s の時刻（%s）が現在時刻より"
		    "先です", path, format_iso8601(mtime, when, sizeof(when)));
		fix("時計が戻っています。NTP で合わせ、原因を確かめてください");
		return;
	}
	if (d->now - mtime > BACKUP_MAX_AGE) {
		warn(d, "バックアップ", "最新の %s は %lld 時間前のものです",
		     path, (long long)((d->now - mtime) / 3600));
		fix("systemctl status mamori-backup.timer と journalctl -u "
		    "mamori-backup を確かめてください");
		return;
	}
	ok(d, "バックアップ", "最新は %s（%s）", path,
	   format_iso8601(mtime, when, sizeof(when)));
}

static int diagnose(struct doctor *d)
{
	struct store *s = NULL;
	const char *url, *path;

	d->now = now_unix();
	if (check_config(d) == 0) {
		url = d->db ? d->db : d->cfg.db_url;
		check_tls(d);
		if (open_db(d, &s) == 0) {
			check_integrity(d, s);
			check_chain(d, s);
		}
		check_keys(d);
		if (s)
			check_field_key(d, s);
		if (s)
			check_checkpoint(d, s);
		path = sqlite_path(url);
		check_disk(d, path ? path : d->backups);
		check_clock(d, s);
		check_backup(d, url);
		store_close(s);
	}
	if (d->fails)
		printf("診断結果: 要対処 %d 件、警告 %d 件\n", d->fails, d->warns);
	else if (d->warns)
		printf("診断結果: 警告 %d 件\n", d->warns);
	else
		printf("診断結果: 問題はありません\n");
	return d->fails ? CLI_FAIL : d->warns ? DOCTOR_WARNINGS : CLI_OK;
}

int cmd_doctor(int argc, char **argv)
{
	const char *min_free = NULL;
	struct doctor d = { 0 };
	struct cli_opt opts[] = {
		{ "config", &d.config, NULL, 0 },
		{ "db", &d.db, NULL, 0 },
		{ "secret", &d.secret, NULL, 0 },
		{ "public", &d.public, NULL, 0 },
		{ "checkpoints", &d.checkpoints, NULL, 0 },
		{ "backups", &d.backups, NULL, 0 },
		{ "min-free-mib", &min_free, NULL, 0 },
	};
	int rc = cli_parse(argc, argv, opts, 7, usage);

	if (rc >= 0)
		return rc;
	if (!d.config)
		d.config = "/etc/mamori/mamori.ini";
	if (!d.secret)
		d.secret = "/etc/mamori/audit.key";
	if (!d.public)
		d.public = "/etc/mamori/audit.pub";
	if (!d.checkpoints)
		d.checkpoints = "/var/lib/mamori/checkpoints";
	if (!d.backups)
		d.backups = "/var/backups/mamori";
	d.min_free_mib = 256;
	if (min_free && parse_int64(min_free, 0, INT64_MAX / 8,
				    &d.min_free_mib) < 0)
		return cli_usage_error("bad --min-free-mib", usage);
	return diagnose(&d);
}
