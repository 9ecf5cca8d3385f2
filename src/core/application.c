#include "application.h"

#include "civil.h"
#include "fsm.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* The one transition table of a borrowing application (form 3). */
static const struct fsm_edge edges[] = {
	{ APPLICATION_SUBMITTED, APPLICATION_EV_APPROVE, APPLICATION_APPROVED },
	{ APPLICATION_SUBMITTED, APPLICATION_EV_REFUSE, APPLICATION_REFUSED },
	{ APPLICATION_SUBMITTED, APPLICATION_EV_WITHDRAW, APPLICATION_WITHDRAWN },
};

const struct fsm_name application_states[APPLICATION__COUNT] = {
	[APPLICATION_SUBMITTED] = { "submitted", "申請中" },
	[APPLICATION_APPROVED] = { "approved", "承認" },
	[APPLICATION_REFUSED] = { "refused", "不承認" },
	[APPLICATION_WITHDRAWN] = { "withdrawn", "取下げ" },
};

static const struct fsm_name event_names[APPLICATION_EV__COUNT] = {
	[APPLICATION_EV_APPROVE] = { "approve", "承認" },
	[APPLICATION_EV_REFUSE] = { "refuse", "不承認" },
	[APPLICATION_EV_WITHDRAW] = { "withdraw", "取下げ" },
};

const struct fsm_name application_kinds[APPLICATION_KIND__COUNT] = {
	[APPLICATION_KIND_NEW] = { "new", "新規" },
	[APPLICATION_KIND_EXTENSION] = { "extension", "延長" },
};

FSM_TRANSITION(application, enum application_state,
	enum application_event, edges);
FSM_NAMES(application_state, enum application_state, application_states);
FSM_NAMES(application_event, enum application_event, event_names);
FSM_NAMES(application_kind, enum application_kind, application_kinds);

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

int application_check_consultation(const struct civil_date *consulted_on,
				   const struct civil_date *applied_on,
				   const char **why)
{
	if (!civil_valid(consulted_on) || !civil_valid(applied_on))
		return fail(why, "日付が正しくありません", MM_EINVAL);
	if (civil_compare(consulted_on, applied_on) > 0) /* R-DEV-2 事前に */
		return fail(why, "統括運用管理者との協議は申請日以前に行ってください",
			    MM_ERULE);
	return 0;
}

int application_check_decision(enum application_event event,
			       const char *reason, const char **why)
{
	if (event == APPLICATION_EV_APPROVE)
		return 0;
	if (event != APPLICATION_EV_REFUSE)
		return fail(why, "判断の種類が正しくありません", MM_EINVAL);
	if (!text_present(reason))
		return fail(why, "不承認の理由を入力してください", MM_EINVAL);
	return 0;
}

int application_check_extension_terms(int named_device, int named_start,
				      const char **field, const char **why)
{
	if (!named_device && !named_start)
		return 0;
	if (field)
		*field = named_device ? "device_id" : "start";
	return fail(why, named_device ?
		    "延長の申請では端末を指定できません（貸出中の端末を延長します）" :
		    "延長の申請では開始日を指定できません（現在の返却期限から延長します）",
		    MM_EINVAL);
}

int application_check_exception_reason(enum application_event event,
				       const char *exception_reason,
				       const char **why)
{
	if (event == APPLICATION_EV_APPROVE || !text_present(exception_reason))
		return 0;
	return fail(why, "期間が原則を超える理由は承認するときに記録してください",
		    MM_EINVAL);
}
