#include "designation.h"

#include "fsm.h"
#include "roles.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* The one transition table of a designation (form 1 entries). */
static const struct fsm_edge edges[] = {
	{ DESIGNATION_NONE, DESIGNATION_EV_DESIGNATE, DESIGNATION_ACTIVE },
	{ DESIGNATION_ACTIVE, DESIGNATION_EV_REVOKE, DESIGNATION_REVOKED },
	{ DESIGNATION_REVOKED, DESIGNATION_EV_REDESIGNATE, DESIGNATION_ACTIVE },
};

/* R-ROLE-4, R-ROLE-5: 運用管理者が指定する. */
static const int by_role[DESIGNATION_EV__COUNT] = {
	[DESIGNATION_EV_DESIGNATE] = ROLE_MANAGER,
	[DESIGNATION_EV_REDESIGNATE] = ROLE_MANAGER,
	[DESIGNATION_EV_REVOKE] = ROLE_MANAGER,
};

const struct fsm_name designation_states[DESIGNATION__COUNT] = {
	[DESIGNATION_ACTIVE] = { "active", "指定中" },
	[DESIGNATION_REVOKED] = { "revoked", "指定解除" },
};

static const struct fsm_name event_names[DESIGNATION_EV__COUNT] = {
	[DESIGNATION_EV_DESIGNATE] = { "designate", "指定" },
	[DESIGNATION_EV_REDESIGNATE] = { "redesignate", "再指定" },
	[DESIGNATION_EV_REVOKE] = { "revoke", "指定解除" },
};

FSM_CHAIN_STEPS(designation, enum designation_state,
	enum designation_event, edges, by_role);

int designation_in_force(enum designation_state s)
{
	return s == DESIGNATION_ACTIVE;
}

FSM_NAMES(designation_state, enum designation_state, designation_states);
FSM_NAMES(designation_event, enum designation_event, event_names);

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return MM_EINVAL;
}

static int check_operations(const struct designation_grounds *g,
			    const char **why)
{
	/* rank_label is "" for a value outside enum rank. */
	if (!*rank_label(g->rank))
		return fail(why, "この職員の階級が登録されていません。職員情報に階級を登録してください");
	if (rank_is_inspector_or_above(g->rank)) /* R-ROLE-4 */
		return 0;
	if (!text_present(g->exception_reason)) /* R-ROLE-4 ただし書 */
		return fail(why, "警部補（同相当職を含む。）以外の者を指定する理由を入力してください");
	return 0;
}

static int check_communication(const struct designation_grounds *g,
			       const char **why)
{
	if (!text_present(g->knowledge)) /* R-ROLE-5 */
		return fail(why, "サイバーパトロールの知識を入力してください");
	if (!text_present(g->aptitude)) /* R-ROLE-5 */
		return fail(why, "適性を入力してください");
	return 0;
}

int designation_check(const struct designation_grounds *g, const char **why)
{
	if (!g)
		return fail(why, "入力が正しくありません");
	if (g->role == ROLE_OPERATIONS_OFFICER)
		return check_operations(g, why);
	if (g->role == ROLE_COMM_OFFICER)
		return check_communication(g, why);
	return fail(why, "指定できる役割は運用担当者と交信担当者です");
}

const char *designation_blame(const struct designation_grounds *g)
{
	if (g->role == ROLE_OPERATIONS_OFFICER)
		return *rank_label(g->rank) ? "exception_reason" : NULL;
	if (g->role == ROLE_COMM_OFFICER)
		return text_present(g->knowledge) ? "aptitude" : "knowledge";
	return "role";
}

struct designation_grounds designation_grounds_of(const struct designation *d)
{
	return (struct designation_grounds){ d->role, d->rank,
		d->exception_reason, d->knowledge, d->aptitude };
}
