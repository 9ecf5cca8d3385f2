#include "takeout.h"

#include "fsm.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* The one transition table of a take-out (detail form 1). */
static const struct fsm_edge edges[] = {
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_PERMIT, TAKEOUT_PERMITTED },
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_REFUSE, TAKEOUT_REFUSED },
	{ TAKEOUT_REQUESTED, TAKEOUT_EV_CANCEL, TAKEOUT_CANCELLED },
	{ TAKEOUT_PERMITTED, TAKEOUT_EV_REPORT, TAKEOUT_RETURNED },
};

const struct fsm_name takeout_states[TAKEOUT__COUNT] = {
	[TAKEOUT_REQUESTED] = { "requested", "申請中" },
	[TAKEOUT_PERMITTED] = { "permitted", "持出し中（許可済）" },
	[TAKEOUT_REFUSED] = { "refused", "不許可" },
	[TAKEOUT_RETURNED] = { "returned", "返納・報告済" },
	[TAKEOUT_CANCELLED] = { "cancelled", "取下げ" },
};

static const struct fsm_name event_names[TAKEOUT_EV__COUNT] = {
	[TAKEOUT_EV_PERMIT] = { "permit", "許可" },
	[TAKEOUT_EV_REFUSE] = { "refuse", "不許可" },
	[TAKEOUT_EV_REPORT] = { "report", "返納・結果報告" },
	[TAKEOUT_EV_CANCEL] = { "cancel", "取下げ" },
};

FSM_TRANSITION(takeout, enum takeout_state, enum takeout_event, edges);
FSM_NAMES(takeout_state, enum takeout_state, takeout_states);
FSM_NAMES(takeout_event, enum takeout_event, event_names);

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return MM_EINVAL;
}

int takeout_check_request(int64_t out_at, int64_t expected_back,
			  const char **why)
{
	if (out_at <= 0 || expected_back <= out_at)
		return fail(why, "返納予定日時は持出し日時より後にしてください");
	return 0;
}

int takeout_check_incident(int no_loss_or_damage, const char *incident,
			   const char **why)
{
	if (!no_loss_or_damage && !text_present(incident)) /* R-DEV-7 */
		return fail(why, "紛失・破損等の状況を入力してください");
	return 0;
}

int takeout_check_decision(enum takeout_event event, const char *reason,
			   const char **why)
{
	if (event == TAKEOUT_EV_REFUSE && !text_present(reason))
		return fail(why, "不許可の理由を入力してください");
	return 0;
}

int takeout_overdue(const struct policy *p, enum takeout_state s,
		    int64_t expected_back, int64_t now)
{
	int64_t grace = (int64_t)p->takeout_grace_minutes * 60;

	if (s != TAKEOUT_PERMITTED)
		return 0;
	/* Both times come from the store; guard the sum all the same. */
	if (expected_back > INT64_MAX - grace)
		return 0;
	return now > expected_back + grace;
}
