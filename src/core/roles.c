#include "roles.h"

#include <stddef.h>
#include <string.h>

#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * One row per role: the directive's facts about it in one place, so that
 * the checks below read a table instead of repeating role comparisons.
 */
struct role_info {
	const char *key;
	const char *label;
	int single_holder;    /* at most one holder (per unit or prefecture) */
	int prefecture_wide;  /* the single holder counts across all units */
	int may_vacate;       /* 0: revoking the last holder is refused */
	int hq_only;          /* held only in an HQ unit */
	const char *hq_only_why; /* the refusal when hq_only is broken */
	int designated;       /* held only through a designation (form 1) */
};

static const struct role_info roles[ROLE__COUNT] = {
	/* R-ROLE-1: exactly one, the head of the HQ juvenile division. */
	[ROLE_GENERAL_MANAGER] = { "general_manager", "統括運用管理者",
				   1, 1, 0, 1,
				   "統括運用管理者は本部少年課にのみ置くことができます" },
	/* R-ROLE-2: one per unit. */
	[ROLE_MANAGER] = { "manager", "運用管理者", 1, 0, 1, 0, NULL },
	/* R-ROLE-3: one per unit. */
	[ROLE_ASSISTANT] = { "assistant", "運用管理補助者", 1, 0, 1, 0, NULL },
	/*
	 * R-ROLE-4, R-ROLE-5: as many as the manager designates, and only
	 * by designating: each one is an entry of form 1.
	 */
	[ROLE_OPERATIONS_OFFICER] = { "operations_officer", "運用担当者",
				      0, 0, 1, 0, NULL, 1 },
	[ROLE_COMM_OFFICER] = { "communication_officer", "交信担当者",
				0, 0, 1, 0, NULL, 1 },
	/*
	 * R-SVC-2, R-EXC-1..3: the information-security manager agrees the
	 * measures for SNS accounts and approves exceptions; R-CMP-6: the
	 * head of the HQ IT management division receives reportable
	 * incidents.  One person each for the whole prefecture, at HQ.  The
	 * posts may stand empty between holders: the steps that need them
	 * wait, unlike the general manager whom every loan needs.
	 */
	[ROLE_INFOSEC_MANAGER] = { "infosec_manager", "情報セキュリティ管理者",
				   1, 1, 1, 1,
				   "情報セキュリティ管理者は本部にのみ置くことができます" },
	[ROLE_IT_DIVISION_HEAD] = { "it_division_head", "情報管理課長",
				    1, 1, 1, 1,
				    "情報管理課長は本部にのみ置くことができます" },
};

static const struct role_info *role_info(enum role role)
{
	if ((int)role <= ROLE_NONE || role >= ROLE__COUNT)
		return NULL;
	return &roles[role];
}

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

int role_check_assignment(enum role role, enum unit_kind kind,
			  const char **why)
{
	const struct role_info *r = role_info(role);

	if (!r)
		return fail(why, "役割が正しくありません", MM_EINVAL);
	if (kind != UNIT_HQ && kind != UNIT_STATION)
		return fail(why, "所属の種別が正しくありません", MM_EINVAL);
	if (r->hq_only && kind != UNIT_HQ) /* R-ROLE-1, 第2 */
		return fail(why, r->hq_only_why, MM_ERULE);
	return 0;
}

int role_by_designation(enum role role)
{
	const struct role_info *r = role_info(role);

	return r ? r->designated : 0;
}

int role_check_direct(enum role role, const char **why)
{
	if (role_by_designation(role)) /* R-ROLE-4, R-ROLE-5 */
		return fail(why, MM_ROLE_BY_DESIGNATION_MSG, MM_ERULE);
	return 0;
}

int role_single_holder(enum role role)
{
	const struct role_info *r = role_info(role);

	return r ? r->single_holder : 0;
}

int role_prefecture_wide(enum role role)
{
	const struct role_info *r = role_info(role);

	return r ? r->prefecture_wide : 0;
}

int role_may_vacate(enum role role)
{
	const struct role_info *r = role_info(role);

	/* An unknown role has no holder to protect. */
	return r ? r->may_vacate : 1;
}

const char *role_label(enum role role)
{
	const struct role_info *r = role_info(role);

	return r ? r->label : "";
}

const char *role_key(enum role role)
{
	const struct role_info *r = role_info(role);

	return r ? r->key : NULL;
}

enum role role_from_key(const char *key)
{
	if (!key)
		return ROLE_NONE;
	for (int i = ROLE_NONE + 1; i < ROLE__COUNT; i++)
		if (strcmp(roles[i].key, key) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

/* Ranks in the order of enum rank; index 0 (RANK_NONE) has no name. */
static const struct {
	const char *key;
	const char *label;
} ranks[RANK__COUNT] = {
	[RANK_JUNSA] = { "junsa", "巡査" },
	[RANK_JUNSACHO] = { "junsacho", "巡査長" },
	[RANK_JUNSABUCHO] = { "junsabucho", "巡査部長" },
	[RANK_KEIBUHO] = { "keibuho", "警部補" },
	[RANK_KEIBU] = { "keibu", "警部" },
	[RANK_KEISHI] = { "keishi", "警視" },
	[RANK_KEISHISEI] = { "keishisei", "警視正" },
	[RANK_KEISHICHO] = { "keishicho", "警視長" },
	[RANK_CIVILIAN] = { "civilian", "一般職員" },
};

static int rank_known(enum rank rank)
{
	return (int)rank > RANK_NONE && rank < RANK__COUNT;
}

const char *rank_label(enum rank rank)
{
	return rank_known(rank) ? ranks[rank].label : "";
}

const char *rank_key(enum rank rank)
{
	return rank_known(rank) ? ranks[rank].key : NULL;
}

enum rank rank_from_key(const char *key)
{
	if (!key)
		return RANK_NONE;
	for (int i = RANK_NONE + 1; i < RANK__COUNT; i++)
		if (strcmp(ranks[i].key, key) == 0)
			return (enum rank)i;
	return RANK_NONE;
}

int rank_is_inspector_or_above(enum rank rank)
{
	/*
	 * R-ROLE-4.  Civilian staff have no police rank, so they are never
	 * "inspector or above"; designating them is the directive's
	 * exception, which needs a reason.
	 */
	return rank >= RANK_KEIBUHO && rank <= RANK_KEISHICHO;
}

const char *sex_label(enum sex sex)
{
	switch (sex) {
	case SEX_MALE:
		return "男性";
	case SEX_FEMALE:
		return "女性";
	default:
		return "";
	}
}

const char *sex_key(enum sex sex)
{
	switch (sex) {
	case SEX_MALE:
		return "male";
	case SEX_FEMALE:
		return "female";
	default:
		return NULL;
	}
}

enum sex sex_from_key(const char *key)
{
	if (key && strcmp(key, "male") == 0)
		return SEX_MALE;
	if (key && strcmp(key, "female") == 0)
		return SEX_FEMALE;
	return SEX_UNKNOWN;
}

const char *unit_kind_label(enum unit_kind kind)
{
	switch (kind) {
	case UNIT_HQ:
		return "本部";
	case UNIT_STATION:
		return "警察署";
	default:
		return "";
	}
}

const char *unit_kind_key(enum unit_kind kind)
{
	switch (kind) {
	case UNIT_HQ:
		return "hq";
	case UNIT_STATION:
		return "station";
	default:
		return NULL;
	}
}

enum unit_kind unit_kind_from_key(const char *key)
{
	if (key && strcmp(key, "hq") == 0)
		return UNIT_HQ;
	if (key && strcmp(key, "station") == 0)
		return UNIT_STATION;
	return (enum unit_kind)0;
}
