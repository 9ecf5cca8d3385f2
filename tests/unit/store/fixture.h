/*
 * fixture.h - a fresh database in a temporary directory for each test,
 * shared by the store tests.
 */
#ifndef MM_TEST_STORE_FIXTURE_H
#define MM_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"
#include "lib/err.h"

struct fx {
	char dir[64];
	char path[128];
	struct store *s;
	int64_t hq, kita, minami;   /* unit ids */
};

static const struct actor fx_admin = { 0, "admin", ROLE_NONE, 0, "cli" };

static inline void fx_path(const struct fx *f, const char *name, char *out,
			   size_t cap)
{
	snprintf(out, cap, "%s/%s", f->dir, name);
}

static inline int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/mm-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	fx_path(f, "db.sqlite", f->path, sizeof f->path);
	if (store_open(f->path, 1, &f->s) != 0)
		return -1;
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	store_close(f->s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static inline int64_t fx_unit(struct fx *f, const char *code, enum unit_kind kind)
{
	struct unit u = { 0 };

	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s署", code);
	u.kind = kind;
	u.active = 1;
	if (store_unit_create(f->s, &fx_admin, &u) != 0)
		return -1;
	return u.id;
}

/* HQ and two stations. */
static inline void fx_units(struct fx *f)
{
	f->hq = fx_unit(f, "HQ", UNIT_HQ);
	f->kita = fx_unit(f, "KITA", UNIT_STATION);
	f->minami = fx_unit(f, "MINAMI", UNIT_STATION);
}

static inline int64_t fx_user(struct fx *f, const char *login, int64_t unit)
{
	struct user u = { 0 };

	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "山田 %s", login);
	snprintf(u.name_kana, sizeof u.name_kana, "やまだ %s", login);
	u.rank = RANK_KEIBUHO;
	u.sex = SEX_FEMALE;
	u.unit_id = unit;
	if (store_user_create(f->s, &fx_admin, &u, "$argon2id$v=19$fake") != 0)
		return -1;
	return u.id;
}

/* Number of entries in the trail, by listing it. */
static inline size_t fx_audit_count(struct fx *f)
{
	struct audit_list l;
	size_t n;

	if (store_audit_list(f->s, 0, 0, 10000, &l) != 0)
		return (size_t)-1;
	n = l.n;
	audit_list_release(&l);
	return n;
}

/* Runs raw SQL on the database file, as an attacker on the host could. */
static inline int fx_raw(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc = sqlite3_open(path, &db);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

#endif
