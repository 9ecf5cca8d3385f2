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

/*
 * The roles held only through a designation (R-ROLE-4, R-ROLE-5), named
 * as in roles[] above (test_roles.c checks that they agree).
 */
const struct fsm_name designated_roles[ROLE__COUNT] = {
	[ROLE_OPERATIONS_OFFICER] = { "operations_officer", "運用担当者" },
	[ROLE_COMM_OFFICER] = { "communication_officer", "交信担当者" },
};

/* Ranks in the order of enum rank; index 0 (RANK_NONE) has no name. */
const struct fsm_name rank_names[RANK__COUNT] = {
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

FSM_NAMES(rank, enum rank, rank_names);

int rank_is_inspector_or_above(enum rank rank)
{
	/*
	 * R-ROLE-4.  Civilian staff have no police rank, so they are never
	 * "inspector or above"; designating them is the directive's
	 * exception, which needs a reason.
	 */
	return rank >= RANK_KEIBUHO && rank <= RANK_KEISHICHO;
}

const struct fsm_name sex_names[SEX_FEMALE + 1] = {
	[SEX_MALE] = { "male", "男性" },
	[SEX_FEMALE] = { "female", "女性" },
};

FSM_NAMES(sex, enum sex, sex_names);

const struct fsm_name unit_kind_names[UNIT_STATION + 1] = {
	[UNIT_HQ] = { "hq", "本部" },
	[UNIT_STATION] = { "station", "警察署" },
};

FSM_NAMES(unit_kind, enum unit_kind, unit_kind_names);
