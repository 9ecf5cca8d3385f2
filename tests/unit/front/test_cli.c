/*
 * test_cli.c - drives cli_main() in-process on temporary databases, with
 * stdout, stderr (and stdin) redirected to temporary files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <libpq-fe.h>

#include "cli/cli.h"
#include "core/identity.h"
#include "core/roles.h"
#include "lib/err.h"
#include "store/store.h"

#define OUT_MAX 16384

static char dir[64];
static char demo_db[128];
static char out[OUT_MAX], err[OUT_MAX];

static void read_back(FILE *f, char *dst)
{
	size_t n;

	fflush(f);
	rewind(f);
	n = fread(dst, 1, OUT_MAX - 1, f);
	dst[n] = '\0';
	fclose(f);
}

/* Runs cli_main(argv) with stdin from input (may be NULL); fills out/err. */
static int run_argv(const char *input, int argc, char **argv)
{
	FILE *fo = tmpfile(), *fe = tmpfile(), *fi = NULL;
	int so, se, si = -1, rc;

	assert_non_null(fo);
	assert_non_null(fe);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	if (input) {
		fi = tmpfile();
		assert_non_null(fi);
		fputs(input, fi);
		fflush(fi);
		rewind(fi);
		si = dup(0);
		dup2(fileno(fi), 0);
	}
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	rc = cli_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	if (fi) {
		dup2(si, 0);
		close(si);
		fclose(fi);
	}
	read_back(fo, out);
	read_back(fe, err);
	return rc;
}

#define RUN_IN(input, ...) ({ \
	char *argv_[] = { "mamori", __VA_ARGS__, NULL }; \
	run_argv((input), (int)(sizeof(argv_) / sizeof(argv_[0])) - 1, argv_); })
#define RUN(...) RUN_IN(NULL, __VA_ARGS__)

static void path_in_dir(char *p, size_t n, const char *name)
{
	snprintf(p, n, "%s/%s", dir, name);
}

static struct store *open_db(const char *path)
{
	struct store *s = NULL;

	assert_int_equal(store_open(path, 0, &s), 0);
	return s;
}

static int count_users(const char *path)
{
	struct store *s = open_db(path);
	struct user_list l = { 0 };
	int n;

	assert_int_equal(store_user_list(s, NULL, 0, 1,
					 &(struct page_req){ .limit = STORE_PAGE_MAX },
					 &l), 0);
	n = (int)l.n;
	user_list_release(&l);
	store_close(s);
	return n;
}

static int64_t count_audit(const char *path)
{
	struct store *s = open_db(path);
	struct audit_verify_result r = { 0 };

	assert_int_equal(store_audit_verify(s, &r, NULL, NULL), 0);
	store_close(s);
	return r.entries;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/mamori-cli-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (identity_init() < 0)
		return -1;
	path_in_dir(demo_db, sizeof(demo_db), "demo.db");
	return RUN("init", "--db", demo_db, "--demo") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- usage ------------------------------------------------------------ */

static void test_help_everywhere(void **state)
{
	(void)state;
	assert_int_equal(RUN("--help"), 0);
	assert_non_null(strstr(out, "usage: mamori"));
	assert_int_equal(RUN("--version"), 0);
	assert_non_null(strstr(out, "mamori "));
	const char *cmds[] = { "init", "serve", "user", "unit", "token",
			       "audit", "backup", "restore" };
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		out[0] = '\0';
		assert_int_equal(RUN((char *)cmds[i], "--help"), 0);
		assert_non_null(strstr(out, "usage: mamori"));
	}
	const char *user_subs[] = { "list", "add", "set-password",
		"deactivate", "activate", "grant", "revoke" };
	for (size_t i = 0; i < sizeof(user_subs) / sizeof(user_subs[0]); i++) {
		assert_int_equal(RUN("user", (char *)user_subs[i], "--help"), 0);
		assert_non_null(strstr(out, user_subs[i]));
	}
	assert_int_equal(RUN("unit", "list", "--help"), 0);
	assert_int_equal(RUN("unit", "add", "--help"), 0);
	assert_int_equal(RUN("unit", "rename", "--help"), 0);
	assert_int_equal(RUN("token", "create", "--help"), 0);
	assert_int_equal(RUN("audit", "verify", "--help"), 0);
	assert_int_equal(RUN("audit", "keygen", "--help"), 0);
	assert_non_null(strstr(out, "--secret FILE --public FILE"));
	assert_int_equal(RUN("audit", "checkpoint", "--help"), 0);
	assert_non_null(strstr(out, "--secret FILE --out FILE"));
}

static void test_usage_errors_exit_2(void **state)
{
	(void)state;
	assert_int_equal(RUN("init", "--db", demo_db, "--bogus"), 2);
	assert_non_null(strstr(err, "--bogus"));
	assert_non_null(strstr(err, "usage:"));
	assert_int_equal(RUN("init"), 2);               /* missing --db */
	assert_int_equal(RUN("init", "--db"), 2);       /* missing value */
	assert_int_equal(RUN("frobnicate"), 2);
	assert_int_equal(RUN("--bogus"), 2);
	assert_int_equal(RUN("user"), 2);
	assert_int_equal(RUN("user", "explode", "--db", demo_db), 2);
	assert_int_equal(RUN("user", "add", "--db", demo_db, "--login", "x1"),
			 2);
	assert_int_equal(RUN("audit", "verify", "--db", demo_db, "extra"), 2);
	assert_string_equal(out, "");
}

/* ---- init ------------------------------------------------------------- */

static void test_init_refuses_existing_path(void **state)
{
	char p[128];
	struct stat st;
	FILE *f;

	(void)state;
	path_in_dir(p, sizeof(p), "existing.db");
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("keep me", f);
	fclose(f);
	assert_int_equal(RUN("init", "--db", p), 1);
	assert_non_null(strstr(err, "exists"));
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 7);
	/* The demo database is not overwritten either. */
	assert_int_equal(RUN("init", "--db", demo_db, "--demo"), 1);
}

static void test_init_creates_hq_and_admin(void **state)
{
	char p[128];
	struct store *s;
	struct user u;
	struct unit_list units = { 0 };

	(void)state;
	path_in_dir(p, sizeof(p), "plain.db");
	assert_int_equal(RUN("init", "--db", p), 0);
	assert_non_null(strstr(out, "password"));
	s = open_db(p);
	assert_int_equal(store_user_get_by_login(s, "admin", &u), 0);
	assert_true(u.is_admin);
	assert_int_equal(store_unit_list(s, &units), 0);
	assert_int_equal(units.n, 1);
	assert_string_equal(units.items[0].code, "HQ");
	assert_string_equal(units.items[0].name, "本部少年課");
	assert_int_equal(units.items[0].kind, UNIT_HQ);
	unit_list_release(&units);
	store_close(s);
}

/* The role of login in unit code: 1 when held. */
static int holds(struct store *s, const char *login, enum role role,
		 const char *code)
{
	struct user u;
	struct unit_list units = { 0 };
	struct role_list roles = { 0 };
	int64_t unit_id = 0;
	int found = 0;

	assert_int_equal(store_user_get_by_login(s, login, &u), 0);
	assert_int_equal(store_unit_list(s, &units), 0);
	for (size_t i = 0; i < units.n; i++)
		if (strcmp(units.items[i].code, code) == 0)
			unit_id = units.items[i].id;
	unit_list_release(&units);
	assert_int_equal(store_role_list(s, u.id, &roles), 0);
	for (size_t i = 0; i < roles.n; i++)
		if (roles.items[i].role == role &&
		    roles.items[i].unit_id == unit_id)
			found = 1;
	role_list_release(&roles);
	return found;
}

static void test_r_role_1_demo_logins_and_roles(void **state)
{
	struct store *s = open_db(demo_db);
	struct user u;
	char hash[MM_PWHASH_MAX];

	(void)state;
	assert_int_equal(count_users(demo_db), 15);
	assert_int_equal(store_user_get_by_login(s, "admin", &u), 0);
	assert_true(u.is_admin);
	assert_true(holds(s, "gm", ROLE_GENERAL_MANAGER, "HQ"));
	assert_true(holds(s, "gm", ROLE_MANAGER, "HQ"));
	assert_int_equal(store_user_get_by_login(s, "gm", &u), 0);
	assert_int_equal(u.rank, RANK_KEISHI);
	assert_int_equal(u.sex, SEX_MALE);
	assert_true(holds(s, "hq-assistant", ROLE_ASSISTANT, "HQ"));
	assert_true(holds(s, "kita-manager", ROLE_MANAGER, "KITA"));
	assert_true(holds(s, "kita-assistant", ROLE_ASSISTANT, "KITA"));
	assert_true(holds(s, "kita-officer", ROLE_OPERATIONS_OFFICER, "KITA"));
	assert_true(holds(s, "kita-comm", ROLE_COMM_OFFICER, "KITA"));
	assert_true(holds(s, "minami-manager", ROLE_MANAGER, "MINAMI"));
	assert_true(holds(s, "minami-assistant", ROLE_ASSISTANT, "MINAMI"));
	assert_true(holds(s, "minami-officer", ROLE_OPERATIONS_OFFICER,
			  "MINAMI"));
	assert_true(holds(s, "minami-comm", ROLE_COMM_OFFICER, "MINAMI"));
	assert_true(holds(s, "yatsu-manager", ROLE_MANAGER, "YATSUSHIRO"));
	assert_true(holds(s, "yatsu-assistant", ROLE_ASSISTANT, "YATSUSHIRO"));
	assert_int_equal(store_user_get_by_login(s, "kita-officer", &u), 0);
	assert_int_equal(u.rank, RANK_KEIBUHO);
	assert_int_equal(store_user_get_by_login(s, "kita-comm", &u), 0);
	assert_int_equal(u.sex, SEX_FEMALE);
	assert_int_equal(store_user_get_by_login(s, "minami-comm", &u), 0);
	assert_int_equal(u.sex, SEX_FEMALE);
	assert_int_equal(store_user_get_by_login(s, "yatsu-assistant", &u), 0);
	assert_int_equal(u.sex, SEX_FEMALE);
	assert_int_equal(store_user_password_hash(s, u.id, hash), 0);
	assert_int_equal(password_verify(hash, "mamori-demo-2026", NULL), 0);
	store_close(s);
}

/* ---- user ------------------------------------------------------------- */

static void test_user_add_invalid_login_writes_nothing(void **state)
{
	int users = count_users(demo_db);
	int64_t entries = count_audit(demo_db);
	int rc;

	(void)state;
	rc = RUN("user", "add", "--db", demo_db, "--login", "9 bad login",
		 "--name", "山田 太郎", "--kana", "やまだ たろう", "--rank",
		 "junsa", "--sex", "male", "--unit", "KITA");
	assert_true(rc == 1 || rc == 2);
	assert_string_not_equal(err, "");
	rc = RUN("user", "add", "--db", demo_db, "--login", "yamada",
		 "--name", "山田 太郎", "--kana", "やまだ たろう", "--rank",
		 "general", "--sex", "male", "--unit", "KITA");
	assert_int_equal(rc, 1);
	rc = RUN("user", "add", "--db", demo_db, "--login", "yamada",
		 "--name", "山田 太郎", "--kana", "やまだ たろう", "--rank",
		 "junsa", "--sex", "male", "--unit", "NOWHERE");
	assert_int_equal(rc, 1);
	/* A taken login. */
	rc = RUN("user", "add", "--db", demo_db, "--login", "kita-comm",
		 "--name", "山田 太郎", "--kana", "やまだ たろう", "--rank",
		 "junsa", "--sex", "male", "--unit", "KITA");
	assert_int_equal(rc, 1);
	assert_int_equal(count_users(demo_db), users);
	assert_int_equal(count_audit(demo_db), entries);
}

static void test_user_add_with_password_stdin(void **state)
{
	struct store *s;
	struct user u;
	char hash[MM_PWHASH_MAX];

	(void)state;
	assert_int_equal(RUN_IN("correct horse battery\n", "user", "add",
		"--db", demo_db, "--login", "kita-yamada", "--name",
		"山田 太郎", "--kana", "やまだ たろう", "--rank", "junsa",
		"--sex", "male", "--unit", "KITA", "--password-stdin"), 0);
	assert_null(strstr(out, "correct horse"));
	s = open_db(demo_db);
	assert_int_equal(store_user_get_by_login(s, "kita-yamada", &u), 0);
	assert_int_equal(u.rank, RANK_JUNSA);
	assert_false(u.is_admin);
	assert_int_equal(store_user_password_hash(s, u.id, hash), 0);
	assert_int_equal(password_verify(hash, "correct horse battery", NULL),
			 0);
	store_close(s);
	/* A too short password on stdin is refused. */
	assert_int_equal(RUN_IN("short\n", "user", "set-password", "--db",
				demo_db, "--login", "kita-yamada",
				"--password-stdin"), 1);
	assert_int_equal(RUN("user", "list", "--db", demo_db, "--unit",
			     "KITA"), 0);
	assert_non_null(strstr(out, "kita-yamada"));
	assert_null(strstr(out, "minami-comm"));
}

/* mamori user grant|revoke --login login --role role --unit unit on the
 * demo database: the command's exit code. */
static int user_role(const char *verb, const char *login, const char *role,
		     const char *unit)
{
	return RUN("user", (char *)verb, "--db", demo_db, "--login",
		   (char *)login, "--role", (char *)role, "--unit", (char *)unit);
}

static void test_user_grant_revoke_deactivate(void **state)
{
	struct store *s;
	struct user u;

	(void)state;
	/* R-ROLE-3: a role assigned directly moves, and ends */
	assert_int_equal(user_role("grant", "minami-officer",
				   role_key(ROLE_ASSISTANT), "MINAMI"), 0);
	s = open_db(demo_db);
	assert_true(holds(s, "minami-officer", ROLE_ASSISTANT, "MINAMI"));
	assert_false(holds(s, "minami-assistant", ROLE_ASSISTANT, "MINAMI"));
	store_close(s);
	assert_int_equal(user_role("revoke", "minami-officer",
				   role_key(ROLE_ASSISTANT), "MINAMI"), 0);
	assert_int_equal(user_role("grant", "minami-assistant",
				   role_key(ROLE_ASSISTANT), "MINAMI"), 0);
	s = open_db(demo_db);
	assert_false(holds(s, "minami-officer", ROLE_ASSISTANT, "MINAMI"));
	assert_true(holds(s, "minami-assistant", ROLE_ASSISTANT, "MINAMI"));
	store_close(s);
	/* R-ROLE-4, R-ROLE-5: officers only through the register (form 1) */
	assert_int_equal(user_role("grant", "minami-officer",
				   role_key(ROLE_COMM_OFFICER), "MINAMI"), 1);
	assert_non_null(strstr(err, "様式第1号"));
	assert_int_equal(user_role("revoke", "minami-officer",
				   role_key(ROLE_OPERATIONS_OFFICER), "MINAMI"), 1);
	assert_non_null(strstr(err, "様式第1号"));
	s = open_db(demo_db);
	assert_false(holds(s, "minami-officer", ROLE_COMM_OFFICER, "MINAMI"));
	assert_true(holds(s, "minami-officer", ROLE_OPERATIONS_OFFICER, "MINAMI"));
	store_close(s);
	/* R-ROLE-1: the general manager is held only at HQ, never revoked. */
	assert_int_equal(user_role("grant", "kita-manager",
				   role_key(ROLE_GENERAL_MANAGER), "KITA"), 1);
	assert_int_equal(user_role("revoke", "gm",
				   role_key(ROLE_GENERAL_MANAGER), "HQ"), 1);
	assert_int_equal(user_role("grant", "gm", "emperor", "HQ"), 1);
	assert_int_equal(RUN("user", "deactivate", "--db", demo_db, "--login",
			     "kita-yamada"), 0);
	s = open_db(demo_db);
	assert_int_equal(store_user_get_by_login(s, "kita-yamada", &u), 0);
	assert_false(u.active);
	store_close(s);
	assert_int_equal(RUN("user", "activate", "--db", demo_db, "--login",
			     "kita-yamada"), 0);
	assert_int_equal(RUN("user", "activate", "--db", demo_db, "--login",
			     "nobody"), 1);
}

/* ---- unit, token ------------------------------------------------------ */

static void test_unit_add_rename_list(void **state)
{
	(void)state;
	assert_int_equal(RUN("unit", "add", "--db", demo_db, "--code",
			     "ARAO", "--name", "荒尾警察署", "--kind",
			     "station"), 0);
	assert_int_equal(RUN("unit", "add", "--db", demo_db, "--code",
			     "ARAO", "--name", "荒尾警察署", "--kind",
			     "station"), 1);
	assert_int_equal(RUN("unit", "add", "--db", demo_db, "--code",
			     "bad code", "--name", "x", "--kind", "station"), 1);
	assert_int_equal(RUN("unit", "add", "--db", demo_db, "--code",
			     "TAMANA", "--name", "玉名", "--kind", "castle"), 1);
	assert_int_equal(RUN("unit", "rename", "--db", demo_db, "--code",
			     "ARAO", "--name", "荒尾署"), 0);
	assert_int_equal(RUN("unit", "list", "--db", demo_db), 0);
	assert_non_null(strstr(out, "荒尾署"));
	assert_non_null(strstr(out, "YATSUSHIRO"));
	assert_null(strstr(out, "TAMANA"));
}

static void test_token_create_prints_once_stores_hash(void **state)
{
	struct store *s;
	struct user u;
	unsigned char hash[MM_HASH_BYTES];
	int64_t user_id = 0;
	char *line;

	(void)state;
	assert_int_equal(RUN("token", "create", "--db", demo_db, "--user",
			     "kita-officer", "--label", "test"), 0);
	line = strchr(out, '\n');
	assert_non_null(line);
	line++;
	assert_int_equal(strcspn(line, "\n"), 64);
	line[64] = '\0';
	token_hash(line, hash);
	s = open_db(demo_db);
	assert_int_equal(store_token_lookup(s, hash, &user_id), 0);
	assert_int_equal(store_user_get_by_login(s, "kita-officer", &u), 0);
	assert_int_equal(user_id, u.id);
	store_close(s);
	assert_int_equal(RUN("token", "create", "--db", demo_db, "--user",
			     "nobody"), 1);
}

/* ---- audit, backup, restore ------------------------------------------- */

static void test_audit_verify_fresh_demo(void **state)
{
	char p[128];

	(void)state;
	path_in_dir(p, sizeof(p), "fresh.db");
	assert_int_equal(RUN("init", "--db", p, "--demo"), 0);
	assert_int_equal(RUN("audit", "verify", "--db", p), 0);
	assert_non_null(strstr(out, "audit trail intact: "));
	assert_non_null(strstr(err, "audit verify:"));
	path_in_dir(p, sizeof(p), "missing.db");
	assert_int_equal(RUN("audit", "verify", "--db", p), 1);
}

static void test_backup_restore_roundtrip(void **state)
{
	char src[128], bak[128], garbage[128];
	struct store *s;
	struct user u;
	FILE *f;

	(void)state;
	path_in_dir(src, sizeof(src), "rt.db");
	path_in_dir(bak, sizeof(bak), "rt.bak");
	path_in_dir(garbage, sizeof(garbage), "garbage.bak");
	assert_int_equal(RUN("init", "--db", src, "--demo"), 0);
	assert_int_equal(RUN("backup", "--db", src, "--to", bak), 0);
	assert_int_equal(RUN("backup", "--db", src, "--to", bak), 1);
	/* A change after the backup disappears on restore. */
	assert_int_equal(RUN("unit", "add", "--db", src, "--code", "UKI",
			     "--name", "宇城警察署", "--kind", "station"), 0);
	assert_int_equal(RUN("restore", "--from", bak, "--db", src), 0);
	s = open_db(src);
	assert_int_equal(store_user_get_by_login(s, "kita-comm", &u), 0);
	store_close(s);
	assert_int_equal(RUN("unit", "list", "--db", src), 0);
	assert_null(strstr(out, "UKI"));
	/* A corrupt backup is refused; the target stays as it was. */
	f = fopen(garbage, "w");
	assert_non_null(f);
	fputs("SQLite format 3\nthis is not a database", f);
	fclose(f);
	assert_int_equal(RUN("restore", "--from", garbage, "--db", src), 1);
	assert_int_equal(count_users(src), 15);
	assert_int_equal(RUN("audit", "verify", "--db", src), 0);
}

/* Runs sql on the database at path with the sqlite3 shell. */
static void raw_sql(const char *path, const char *sql)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", path, sql);
	assert_int_equal(system(cmd), 0);
}

static void test_audit_keygen_modes_and_no_overwrite(void **state)
{
	char sec[128], pub[128];
	struct stat st;

	(void)state;
	path_in_dir(sec, sizeof(sec), "kg.key");
	path_in_dir(pub, sizeof(pub), "kg.pub");
	assert_int_equal(RUN("audit", "keygen", "--secret", sec, "--public",
			     pub), 0);
	assert_int_equal(stat(sec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 129);
	assert_int_equal(stat(pub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_size, 65);
	assert_int_equal(RUN("audit", "keygen", "--secret", sec, "--public",
			     pub), 1);
	assert_non_null(strstr(err, "not overwritten"));
	assert_int_equal(RUN("audit", "keygen", "--secret", sec), 2);
}

/*
 * A trail cut below a signed checkpoint, with its head row fixed to match,
 * passes the plain chain check but not the check against the checkpoint.
 */
static void test_audit_checkpoint_catches_cut_trail(void **state)
{
	char db[128], sec[128], pub[128], sec2[128], pub2[128], ck[128];
	char sql[256];
	int64_t n;

	(void)state;
	path_in_dir(db, sizeof(db), "ck.db");
	path_in_dir(sec, sizeof(sec), "ck.key");
	path_in_dir(pub, sizeof(pub), "ck.pub");
	path_in_dir(sec2, sizeof(sec2), "other.key");
	path_in_dir(pub2, sizeof(pub2), "other.pub");
	path_in_dir(ck, sizeof(ck), "ck.txt");
	assert_int_equal(RUN("init", "--db", db, "--demo"), 0);
	assert_int_equal(RUN("audit", "keygen", "--secret", sec, "--public",
			     pub), 0);
	assert_int_equal(RUN("audit", "keygen", "--secret", sec2, "--public",
			     pub2), 0);
	assert_int_equal(RUN("audit", "checkpoint", "--db", db, "--secret", sec,
			     "--out", ck), 0);
	n = count_audit(db);
	assert_true(n > 3);
	assert_non_null(strstr(out, "checkpoint written to "));
	/* later entries do not disturb the checkpoint */
	assert_int_equal(RUN("unit", "add", "--db", db, "--code", "CKP",
			     "--name", "宇土警察署", "--kind", "station"), 0);
	assert_int_equal(RUN("audit", "verify", "--db", db, "--checkpoint", ck,
			     "--public", pub), 0);
	assert_non_null(strstr(out, "checkpoint matches: entry "));
	/* another key, or only one of the two options, is refused */
	assert_int_equal(RUN("audit", "verify", "--db", db, "--checkpoint", ck,
			     "--public", pub2), 1);
	assert_non_null(strstr(err, "signature does not match"));
	assert_int_equal(RUN("audit", "verify", "--db", db, "--checkpoint", ck),
			 2);
	assert_int_equal(RUN("audit", "verify", "--db", db, "--checkpoint", pub,
			     "--public", pub), 1);
	/* cut the trail below the checkpoint's seq and fix the head */
	snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE seq >= %lld;"
		 " UPDATE audit_head SET seq = %lld, hash = (SELECT hash FROM"
		 " audit_log WHERE seq = %lld) WHERE id = 1;", (long long)(n - 1),
		 (long long)(n - 2), (long long)(n - 2));
	raw_sql(db, sql);
	assert_int_equal(RUN("audit", "verify", "--db", db), 0);
	assert_int_equal(RUN("audit", "verify", "--db", db, "--checkpoint", ck,
			     "--public", pub), 1);
	assert_non_null(strstr(err, "the trail was cut"));
	/* rewritten: new entries chained consistently up to the checkpoint */
	for (int i = 0; count_audit(db) < n; i++) {
		char code[16];

		assert_true(i < 10);
		snprintf(code, sizeof(code), "RW%d", i);
		assert_int_equal(RUN("unit", "add", "--db", db, "--code", code,
				     "--name", "八代警察署", "--kind", "station"), 0);
	}
	assert_int_equal(RUN("audit", "verify", "--db", db), 0);
	assert_int_equal(RUN("audit", "verify", "--db", db, "--checkpoint", ck,
			     "--public", pub), 1);
	assert_non_null(strstr(err, "the trail was rewritten"));
}

/* ---- migrate to PostgreSQL (MAMORI_TEST_PG, see tests/unit/store) ------ */

/* Runs sql on the server at url; 0 on success. */
static int pg_exec_url(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	int rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : 1;

	PQclear(r);
	PQfinish(c);
	return rc;
}

/* server's URL with the database name db instead of its own. */
static void pg_url_for(const char *server, const char *db, char *url, size_t n)
{
	const char *host = strstr(server, "://");
	const char *slash = host ? strchr(host + 3, '/') : NULL;

	assert_non_null(slash);
	snprintf(url, n, "%.*s/%s", (int)(slash - server), server, db);
}

static void test_migrate_sqlite_to_postgresql(void **state)
{
	const char *server = getenv("MAMORI_TEST_PG");
	char from[160], url[256], db[64], sql[128], bak[128];

	(void)state;
	snprintf(from, sizeof(from), "sqlite:%s", demo_db);
	assert_int_equal(RUN("migrate", "--from", from, "--to", from), 1);
	assert_non_null(strstr(err, "postgresql:// URL"));
	assert_int_equal(RUN("migrate", "--from", from), 2);
	if (!server || !*server)
		skip();
	snprintf(db, sizeof(db), "mm_cli_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	assert_int_equal(pg_exec_url(server, sql), 0);
	pg_url_for(server, db, url, sizeof(url));
	assert_int_equal(RUN("migrate", "--from", from, "--to", url), 0);
	assert_non_null(strstr(out, "audit trail verified: "));
	assert_non_null(strstr(err, "audit_log: "));
	assert_int_equal(count_users(url), count_users(demo_db));
	assert_int_equal(count_audit(url), count_audit(demo_db));
	assert_int_equal(RUN("audit", "verify", "--db", url), 0);
	/* once only: the target now holds data */
	assert_int_equal(RUN("migrate", "--from", from, "--to", url), 1);
	assert_non_null(strstr(err, "already holds data"));
	/* PostgreSQL is backed up with its own tools */
	path_in_dir(bak, sizeof(bak), "pg.bak");
	assert_int_equal(RUN("backup", "--db", url, "--to", bak), 1);
	assert_non_null(strstr(err, "use pg_dump for PostgreSQL"));
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", db);
	assert_int_equal(pg_exec_url(server, sql), 0);
}

/* ---- serve ------------------------------------------------------------ */

static void *stop_later(void *arg)
{
	(void)arg;
	usleep(300 * 1000);
	kill(getpid(), SIGTERM);
	return NULL;
}

static void test_serve_listens_and_stops_on_sigterm(void **state)
{
	sigset_t set, old;
	pthread_t t;
	char p[128], ini[128];
	FILE *f;

	(void)state;
	/* serve runs inside this test process: its sandbox (on by default,
	 * and permanent) would confine the test runner itself - no kill()
	 * for stop_later, no exec for teardown's rm.  The sandbox has its
	 * own tests (lib_sandbox, tests/http/sandbox.test.mjs). */
	path_in_dir(ini, sizeof(ini), "nosandbox.ini");
	f = fopen(ini, "w");
	assert_non_null(f);
	fputs("[sandbox]\nenabled = false\n", f);
	fclose(f);
	path_in_dir(p, sizeof(p), "missing.db");
	assert_int_equal(RUN("serve", "--db", p, "--listen",
			     "127.0.0.1:0"), 1);
	/* SIGTERM is blocked here before the helper thread exists, so only
	 * serve's sigwait receives it. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	assert_int_equal(pthread_create(&t, NULL, stop_later, NULL), 0);
	assert_int_equal(RUN("serve", "--db", demo_db, "--listen",
			     "127.0.0.1:0", "--config", ini), 0);
	pthread_join(t, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	assert_non_null(strstr(out, "mamori: listening on http://127.0.0.1:"));
	assert_null(strstr(out, "127.0.0.1:0\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_everywhere),
		cmocka_unit_test(test_usage_errors_exit_2),
		cmocka_unit_test(test_init_refuses_existing_path),
		cmocka_unit_test(test_init_creates_hq_and_admin),
		cmocka_unit_test(test_r_role_1_demo_logins_and_roles),
		cmocka_unit_test(test_user_add_invalid_login_writes_nothing),
		cmocka_unit_test(test_user_add_with_password_stdin),
		cmocka_unit_test(test_user_grant_revoke_deactivate),
		cmocka_unit_test(test_unit_add_rename_list),
		cmocka_unit_test(test_token_create_prints_once_stores_hash),
		cmocka_unit_test(test_audit_verify_fresh_demo),
		cmocka_unit_test(test_backup_restore_roundtrip),
		cmocka_unit_test(test_audit_keygen_modes_and_no_overwrite),
		cmocka_unit_test(test_audit_checkpoint_catches_cut_trail),
		cmocka_unit_test(test_migrate_sqlite_to_postgresql),
		cmocka_unit_test(test_serve_listens_and_stops_on_sigterm),
	};
	return cmocka_run_group_tests_name("front_cli", tests, setup,
					   teardown);
}
