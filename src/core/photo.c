#include "photo.h"
#include "policy.h"

#include "fsm.h"
#include "../lib/err.h"
#include "../lib/banned.h"

static const struct fsm_edge edges[] = {
	{ PHOTO_APPROVAL_NONE, PHOTO_APPROVAL_EV_APPLY, PHOTO_APPROVAL_APPLIED },
	{ PHOTO_APPROVAL_APPLIED, PHOTO_APPROVAL_EV_APPROVE,
	  PHOTO_APPROVAL_APPROVED },
	{ PHOTO_APPROVAL_APPLIED, PHOTO_APPROVAL_EV_REFUSE,
	  PHOTO_APPROVAL_REFUSED },
};

/* 第4-4 (R-PHOTO-2): the officer applies, the unit's manager approves. */
static const int by_role[PHOTO_APPROVAL_EV__COUNT] = {
	[PHOTO_APPROVAL_EV_APPLY] = ROLE_COMM_OFFICER,
	[PHOTO_APPROVAL_EV_APPROVE] = ROLE_MANAGER,
	[PHOTO_APPROVAL_EV_REFUSE] = ROLE_MANAGER,
};

const struct fsm_name photo_approval_states[PHOTO_APPROVAL__COUNT] = {
	[PHOTO_APPROVAL_APPLIED] = { "applied", "運用管理者の承認待ち" },
	[PHOTO_APPROVAL_APPROVED] = { "approved", "承認" },
	[PHOTO_APPROVAL_REFUSED] = { "refused", "不承認" },
};

static const struct fsm_name approval_events[PHOTO_APPROVAL_EV__COUNT] = {
	[PHOTO_APPROVAL_EV_APPLY] = { "apply", "申請" },
	[PHOTO_APPROVAL_EV_APPROVE] = { "approve", "承認" },
	[PHOTO_APPROVAL_EV_REFUSE] = { "refuse", "不承認" },
};

FSM_CHAIN_STEPS(photo_approval, enum photo_approval_state,
		enum photo_approval_event, edges, by_role);
FSM_NAMES(photo_approval_state, enum photo_approval_state,
	  photo_approval_states);
FSM_NAMES(photo_approval_event, enum photo_approval_event, approval_events);

static const struct fsm_edge photo_edges[] = {
	{ PHOTO_STORED, PHOTO_EV_REMOVE, PHOTO_REMOVED },
};

const struct fsm_name photo_states[PHOTO__COUNT] = {
	[PHOTO_STORED] = { "stored", "端末に保存" },
	[PHOTO_REMOVED] = { "removed", "端末から削除済" },
};

static const struct fsm_name photo_events[PHOTO_EV__COUNT] = {
	[PHOTO_EV_REMOVE] = { "remove", "端末から削除" },
};

const struct fsm_name photo_effects[4] = {
	[1] = { "mosaic", "モザイク" },
	[2] = { "blur", "ぼかし" },
	[3] = { "warp", "ゆがみ" },
};

FSM_TRANSITION(photo, enum photo_state, enum photo_event, photo_edges);
FSM_NAMES(photo_state, enum photo_state, photo_states);
FSM_NAMES(photo_event, enum photo_event, photo_events);

const struct fsm_name photo_send_outcomes[PHOTO_SEND__COUNT] = {
	[PHOTO_SEND_DELETED] = { "deleted", "本人の同意を得て削除した" },
	[PHOTO_SEND_REFUSED] = { "refused", "削除を拒否された" },
	[PHOTO_SEND_NOT_MET] = { "not_met", "会えなかった" },
};

FSM_NAMES(photo_send_outcome, enum photo_send_outcome, photo_send_outcomes);

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

int photo_check_usable(enum photo_approval_state s, int store_active,
		       int send_active, const char **why)
{
	if (s != PHOTO_APPROVAL_APPROVED)
		return fail(why, MM_PHOTO_NOT_APPROVED_MSG, MM_ERULE);
	if (!store_active || !send_active)
		return fail(why, MM_PHOTO_NO_EXCEPTION_MSG, MM_ERULE);
	return 0;
}

int photo_check_room(int64_t stored, const char **why)
{
	return photo_check_room_under(policy_current(), stored, why);
}

#define LIMIT_MSG(n) MM_PHOTO_LIMIT_PREFIX #n "枚までです"

/* One static message per limit a policy may state (1-POLICY_PHOTO_MAX). */
static const char *const limit_msgs[POLICY_PHOTO_MAX + 1] = {
	MM_PHOTO_LIMIT_MSG, LIMIT_MSG(1), LIMIT_MSG(2), LIMIT_MSG(3),
	LIMIT_MSG(4), LIMIT_MSG(5), LIMIT_MSG(6), LIMIT_MSG(7), LIMIT_MSG(8),
	LIMIT_MSG(9), LIMIT_MSG(10), LIMIT_MSG(11), LIMIT_MSG(12),
	LIMIT_MSG(13), LIMIT_MSG(14), LIMIT_MSG(15), LIMIT_MSG(16),
	LIMIT_MSG(17), LIMIT_MSG(18), LIMIT_MSG(19), LIMIT_MSG(20),
};

int photo_check_room_under(const struct policy *p, int64_t stored,
			   const char **why)
{
	int max = p ? p->photo_max : PHOTO_MAX_PER_DEVICE;

	if (max < 1 || max > POLICY_PHOTO_MAX)
		max = PHOTO_MAX_PER_DEVICE;
	if (stored >= max)
		return fail(why, limit_msgs[max], MM_ERULE);
	return 0;
}

int photo_check_consent(int consent, const char **why)
{
	if (!consent)
		return fail(why, MM_PHOTO_CONSENT_MSG, MM_EINVAL);
	return 0;
}

int photo_check_send(int asked_received, int text_insufficient,
		     const char **why)
{
	if (!asked_received)
		return fail(why, MM_PHOTO_UNASKED_MSG, MM_ERULE);
	if (!text_insufficient)
		return fail(why, MM_PHOTO_TEXT_ONLY_MSG, MM_ERULE);
	return 0;
}

int photo_check_closing(int64_t pending, const char **why)
{
	if (pending > 0)
		return fail(why, MM_PHOTO_OUTCOME_MSG, MM_ERULE);
	return 0;
}
