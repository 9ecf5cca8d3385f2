/*
 * demo.c - the demo data of `mamori init --demo`: HQ and three stations
 * of Kumamoto prefecture, a holder of every role, one password for all,
 * and a few months of their work in every register (demo_history.c).
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "../core/identity.h"
#include "../core/roles.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "demo_history.h"
#include "../store/store_designations.h"

#include "../lib/banned.h"

struct demo_unit {
	const char *code, *name;
	enum unit_kind kind;
};

static const struct demo_unit demo_units[] = {
	{ "HQ", "本部少年課", UNIT_HQ },
	{ "KITA", "熊本北警察署", UNIT_STATION },
	{ "MINAMI", "熊本南警察署", UNIT_STATION },
	{ "YATSUSHIRO", "八代警察署", UNIT_STATION },
};
#define N_DEMO_UNITS (sizeof(demo_units) / sizeof(demo_units[0]))

/* Up to two roles, each held in the user's own unit. */
struct demo_user {
	const char *login, *name, *kana;
	enum rank rank;
	enum sex sex;
	const char *unit;
	int is_admin;
	enum role roles[2];
};

static const struct demo_user demo_users[] = {
	{ "admin", "村上 健一", "むらかみ けんいち", RANK_CIVILIAN, SEX_MALE,
	  "HQ", 1, { ROLE_NONE, ROLE_NONE } },
	/* R-ROLE-1: the head of the HQ juvenile division, also its manager. */
	{ "gm", "松本 正義", "まつもと まさよし", RANK_KEISHI, SEX_MALE,
	  "HQ", 0, { ROLE_GENERAL_MANAGER, ROLE_MANAGER } },
	{ "hq-assistant", "井上 直樹", "いのうえ なおき", RANK_KEIBU, SEX_MALE,
	  "HQ", 0, { ROLE_ASSISTANT, ROLE_NONE } },
	{ "kita-manager", "田中 浩二", "たなか こうじ", RANK_KEISHI, SEX_MALE,
	  "KITA", 0, { ROLE_MANAGER, ROLE_NONE } },
	{ "kita-assistant", "中村 誠", "なかむら まこと", RANK_KEIBU, SEX_MALE,
	  "KITA", 0, { ROLE_ASSISTANT, ROLE_NONE } },
	/* R-ROLE-4: operations officers are inspectors (警部補). */
	{ "kita-officer", "山本 大輔", "やまもと だいすけ", RANK_KEIBUHO,
	  SEX_MALE, "KITA", 0, { ROLE_OPERATIONS_OFFICER, ROLE_NONE } },
	{ "kita-comm", "佐藤 美咲", "さとう みさき", RANK_JUNSABUCHO,
	  SEX_FEMALE, "KITA", 0, { ROLE_COMM_OFFICER, ROLE_NONE } },
	{ "minami-manager", "高橋 修", "たかはし おさむ", RANK_KEISHI,
	  SEX_MALE, "MINAMI", 0, { ROLE_MANAGER, ROLE_NONE } },
	{ "minami-assistant", "渡辺 明美", "わたなべ あけみ", RANK_KEIBU,
	  SEX_FEMALE, "MINAMI", 0, { ROLE_ASSISTANT, ROLE_NONE } },
	{ "minami-officer", "伊藤 隆", "いとう たかし", RANK_KEIBUHO,
	  SEX_MALE, "MINAMI", 0, { ROLE_OPERATIONS_OFFICER, ROLE_NONE } },
	{ "minami-comm", "小林 彩花", "こばやし あやか", RANK_JUNSA,
	  SEX_FEMALE, "MINAMI", 0, { ROLE_COMM_OFFICER, ROLE_NONE } },
	{ "yatsu-manager", "加藤 秀樹", "かとう ひでき", RANK_KEISHI,
	  SEX_MALE, "YATSUSHIRO", 0, { ROLE_MANAGER, ROLE_NONE } },
	{ "yatsu-assistant", "吉田 恵子", "よしだ けいこ", RANK_KEIBU,
	  SEX_FEMALE, "YATSUSHIRO", 0, { ROLE_ASSISTANT, ROLE_NONE } },
	/* R-SVC-2, R-EXC-1..3: the information-security manager (HQ). */
	{ "infosec", "森 裕子", "もり ゆうこ", RANK_KEISHI, SEX_FEMALE,
	  "HQ", 0, { ROLE_INFOSEC_MANAGER, ROLE_NONE } },
	/* R-CMP-6: the head of the IT management division (HQ). */
	{ "it-head", "清水 隆之", "しみず たかゆき", RANK_KEISHI, SEX_MALE,
	  "HQ", 0, { ROLE_IT_DIVISION_HEAD, ROLE_NONE } },
};
#define N_DEMO_USERS (sizeof(demo_users) / sizeof(demo_users[0]))

static int create_units(struct store *s, int64_t ids[N_DEMO_UNITS])
{
	struct actor a = cli_actor();
	struct unit u;
	int rc;

	for (size_t i = 0; i < N_DEMO_UNITS; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.code, sizeof(u.code), "%s", demo_units[i].code);
		snprintf(u.name, sizeof(u.name), "%s", demo_units[i].name);
		u.kind = demo_units[i].kind;
		u.active = 1;
		rc = store_unit_create(s, &a, &u);
		if (rc < 0)
			return cli_fail("cannot create unit %s: %s",
					demo_units[i].code, mm_strerror(rc));
		ids[i] = u.id;
	}
	return 0;
}

static int64_t unit_id_of(const char *code, const int64_t ids[N_DEMO_UNITS])
{
	for (size_t i = 0; i < N_DEMO_UNITS; i++)
		if (strcmp(demo_units[i].code, code) == 0)
			return ids[i];
	return 0;
}

/* The unit's manager, as the actor of a designation (R-ROLE-4, R-ROLE-5). */
static int manager_of(struct store *s, int64_t unit_id, struct user *out)
{
	struct role_list l = { NULL, 0 };
	int rc = store_role_list_unit(s, unit_id, &l);

	if (rc == 0)
		rc = MM_ENOTFOUND;
	for (size_t i = 0; i < l.n && rc == MM_ENOTFOUND; i++)
		if (l.items[i].role == ROLE_MANAGER)
			rc = store_user_get(s, l.items[i].user_id, out);
	role_list_release(&l);
	return rc;
}

/*
 * Officers are designated by their unit's manager, so the demo's officers
 * stand in the designation register (form 1) like everyone else's.
 */
static int designate(struct store *s, const struct user *u, enum role role)
{
	/* the store reads u's recorded rank itself (R-ROLE-4) */
	struct designation_grounds g = { .role = role,
		.knowledge = "サイバーパトロール実務研修を修了",
		.aptitude = "SNS上の少年の書き込みへの対応経験がある" };
	struct user mgr;
	struct actor a;
	int rc = manager_of(s, u->unit_id, &mgr);

	if (rc < 0)
		return rc;
	a = (struct actor){ mgr.id, mgr.login, ROLE_MANAGER, u->unit_id, "cli" };
	return store_designation_create(s, &a, u->unit_id, u->id, &g, NULL);
}

static int create_user(struct store *s, const struct demo_user *d,
		       int64_t unit_id, const char *hash)
{
	struct actor a = cli_actor();
	struct user u;
	int rc;

	memset(&u, 0, sizeof(u));
	snprintf(u.login, sizeof(u.login), "%s", d->login);
	snprintf(u.name, sizeof(u.name), "%s", d->name);
	snprintf(u.name_kana, sizeof(u.name_kana), "%s", d->kana);
	u.rank = d->rank;
	u.sex = d->sex;
	u.unit_id = unit_id;
	u.is_admin = d->is_admin;
	u.active = 1;
	rc = store_user_create(s, &a, &u, hash);
	if (rc < 0)
		return cli_fail("cannot create user %s: %s", d->login,
				mm_strerror(rc));
	for (size_t r = 0; r < 2 && d->roles[r] != ROLE_NONE; r++) {
		if (d->roles[r] == ROLE_OPERATIONS_OFFICER ||
		    d->roles[r] == ROLE_COMM_OFFICER)
			rc = designate(s, &u, d->roles[r]);
		else
			rc = store_role_assign(s, &a, u.id, d->roles[r], unit_id,
					       NULL);
		if (rc < 0)
			return cli_fail("cannot give %s the role %s: %s",
					d->login, role_key(d->roles[r]),
					mm_strerror(rc));
	}
	return 0;
}

static void print_summary(void)
{
	printf("\ndemo users (password for all: %s)\n\n", DEMO_PASSWORD);
	cli_print_cell("login", 16);
	cli_print_cell("unit", 10);
	cli_print_cell("name", 10);
	printf("roles\n");
	for (size_t i = 0; i < N_DEMO_USERS; i++) {
		const struct demo_user *d = &demo_users[i];
		cli_print_cell(d->login, 16);
		cli_print_cell(d->unit, 10);
		cli_print_cell(d->name, 10);
		if (d->is_admin)
			printf("system administrator");
		for (size_t r = 0; r < 2 && d->roles[r] != ROLE_NONE; r++)
			printf("%s%s", r ? ", " : "", role_label(d->roles[r]));
		printf("\n");
	}
}

/* The units and users, as they were when the history began. */
static int create_people(struct store *s)
{
	int64_t ids[N_DEMO_UNITS];
	char hash[MM_PWHASH_MAX];

	if (create_units(s, ids))
		return CLI_FAIL;
	/* Every demo user has the same published password, so one Argon2id
	 * computation (64 MiB, a fraction of a second) serves them all. */
	if (password_hash(DEMO_PASSWORD, hash) < 0)
		return cli_fail("cannot hash the password (out of memory)");
	for (size_t i = 0; i < N_DEMO_USERS; i++) {
		int64_t unit_id = unit_id_of(demo_users[i].unit, ids);
		if (create_user(s, &demo_users[i], unit_id, hash))
			return CLI_FAIL;
	}
	return 0;
}

int demo_create(struct store *s, int sealed)
{
	int64_t now = now_unix();
	int rc;

	store_clock_set(demo_history_start(now));
	rc = create_people(s);
	store_clock_set(0);
	if (rc == 0)
		rc = demo_history(s, now, sealed);
	if (rc == 0)
		print_summary();
	return rc;
}
