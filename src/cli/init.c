/*
 * init.c - `mamori init --db PATH [--demo] [--config FILE]`: a new database with the HQ
 * unit and the first administrator, or with the demo data (demo.c).
 */
#include "common.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/identity.h"
#include "../lib/config.h"
#include "../lib/err.h"

#include "../lib/banned.h"

static const char usage[] =
	"usage: mamori init --db PATH [--demo] [--config FILE]\n"
	"\n"
	"Creates a new database at PATH (refused if PATH exists) with the HQ\n"
	"unit (HQ, 本部少年課) and the administrator `admin`, whose generated\n"
	"password is printed once.  --demo instead fills it with demo units and\n"
	"users, all with the password " DEMO_PASSWORD ".  With --config naming\n"
	"a [keys] field_key (created if missing, as serve does), the demo's\n"
	"child identities are sealed under it; without one the demo names no\n"
	"child.\n";

/* The file behind a store URL ("sqlite:PATH" or PATH). */
static const char *db_file(const char *db)
{
	if (strncmp(db, "sqlite:", 7) == 0)
		return db + 7;
	return db;
}

/* A failed init leaves nothing behind: the database was ours alone. */
static void remove_db(const char *db)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char path[4096];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db_file(db), suffixes[i]);
		unlink(path);
	}
}

static int create_hq(struct store *s, struct unit *hq)
{
	struct actor a = cli_actor();
	int rc;

	memset(hq, 0, sizeof(*hq));
	snprintf(hq->code, sizeof(hq->code), "HQ");
	snprintf(hq->name, sizeof(hq->name), "本部少年課");
	hq->kind = UNIT_HQ;
	hq->active = 1;
	rc = store_unit_create(s, &a, hq);
	if (rc < 0)
		return cli_fail("cannot create the HQ unit: %s", mm_strerror(rc));
	return 0;
}

static int create_admin(struct store *s, const struct unit *hq)
{
	struct actor a = cli_actor();
	struct user u;
	char pw[21], hash[MM_PWHASH_MAX];
	int rc;

	memset(&u, 0, sizeof(u));
	snprintf(u.login, sizeof(u.login), "admin");
	snprintf(u.name, sizeof(u.name), "システム管理者");
	snprintf(u.name_kana, sizeof(u.name_kana), "しすてむかんりしゃ");
	u.rank = RANK_CIVILIAN;
	u.sex = SEX_UNKNOWN;
	u.unit_id = hq->id;
	u.is_admin = 1;
	u.active = 1;
	password_generate(pw);
	if (password_hash(pw, hash) < 0) {
		explicit_bzero(pw, sizeof(pw));
		return cli_fail("cannot hash the password (out of memory)");
	}
	rc = store_user_create(s, &a, &u, hash);
	if (rc < 0) {
		explicit_bzero(pw, sizeof(pw));
		return cli_fail("cannot create the administrator: %s",
				mm_strerror(rc));
	}
	printf("administrator login: admin\n");
	printf("password (shown only once): %s\n", pw);
	explicit_bzero(pw, sizeof(pw));
	return 0;
}

/*
 * The demo under the configured field key (issue 9): read from the
 * configuration file (none: no key, a demo without sealed values), the
 * key file made when missing as serve would - the database is new.
 */
static int fill_demo(struct store *s, const char *config)
{
	struct config *cfg = calloc(1, sizeof *cfg);
	unsigned char key[32];
	int has = 0, rc = cfg ? 0 : cli_fail("out of memory");

	if (rc == 0)
		rc = cli_config_read(cfg, config);
	if (rc == 0)
		rc = cli_field_key(cfg, s, 1, key, &has);
	sodium_memzero(key, sizeof key);
	free(cfg);
	return rc ? rc : demo_create(s, has);
}

static int fill(struct store *s, int demo, const char *config)
{
	struct unit hq;

	if (demo)
		return fill_demo(s, config);
	if (create_hq(s, &hq))
		return CLI_FAIL;
	return create_admin(s, &hq);
}

int cmd_init(int argc, char **argv)
{
	const char *db, *config = NULL;
	int demo, rc;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 },
		{ "demo", NULL, &demo, 0 },
		{ "config", &config, NULL, 0 },
	};
	struct stat st;
	struct store *s = NULL;

	rc = cli_parse(argc, argv, opts, 3, usage);
	if (rc >= 0)
		return rc;
	if (stat(db_file(db), &st) == 0)
		return cli_fail("%s already exists; refusing to overwrite it", db);
	if (errno != ENOENT)
		return cli_fail("cannot use %s: %s", db, strerror(errno));
	if (identity_init() < 0)
		return cli_fail("cannot initialise libsodium");
	/* The database holds personal data: only its owner reads it, as
	 * under the service's UMask=0077, whatever the shell's umask
	 * (mamori doctor warns about a file others can read). */
	umask(S_IRWXG | S_IRWXO);
	rc = store_open(db, 1, &s);
	if (rc < 0) {
		remove_db(db);
		return cli_fail("cannot create %s: %s", db, mm_strerror(rc));
	}
	rc = fill(s, demo, config);
	store_close(s);
	if (rc) {
		remove_db(db);
		return CLI_FAIL;
	}
	printf("created %s\n", db);
	return CLI_OK;
}
