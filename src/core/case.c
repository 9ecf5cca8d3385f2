#include "case.h"

#include "fsm.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * The one transition table of a case (R-CASE-1).  Only a case judged
 * high reaches assignment; a case judged not high is closed at once.
 * The meetings branch appends its edges here (case.h).
 */
static const struct fsm_edge edges[] = {
	{ CASE_NONE, CASE_EV_REPORT, CASE_REPORTED },
	{ CASE_REPORTED, CASE_EV_TRIAGE_HIGH, CASE_HIGH },
	{ CASE_REPORTED, CASE_EV_TRIAGE_NOT_HIGH, CASE_CLOSED_NOT_HIGH },
	{ CASE_HIGH, CASE_EV_ASSIGN, CASE_ASSIGNED },
	/* a case may be given to another unit, officer or device */
	{ CASE_ASSIGNED, CASE_EV_ASSIGN, CASE_ASSIGNED },
	{ CASE_COMMUNICATING, CASE_EV_ASSIGN, CASE_COMMUNICATING },
	{ CASE_ASSIGNED, CASE_EV_LOG, CASE_COMMUNICATING },
	{ CASE_COMMUNICATING, CASE_EV_LOG, CASE_COMMUNICATING },
	/* R-CASE-3: a meeting arranged through the communication */
	{ CASE_COMMUNICATING, CASE_EV_MEETING, CASE_MEETING },
	{ CASE_MEETING, CASE_EV_MEETING, CASE_MEETING },
	{ CASE_MEETING, CASE_EV_LOG, CASE_MEETING },
	/* R-CASE-11: closed with its last meeting (store_meeting_step) */
	{ CASE_MEETING, CASE_EV_CLOSE, CASE_CLOSED },
};

FSM_TRANSITION(case, enum case_state, enum case_event, edges);

const struct fsm_name case_crimes[CASE_CRIME__COUNT] = {
	[CASE_CRIME_ABDUCTION] = { "abduction", "未成年者略取誘拐" },
	[CASE_CRIME_PROSTITUTION] = { "child_prostitution",
		"低年齢児童（13歳未満）を対象とする児童買春" },
	[CASE_CRIME_PORNOGRAPHY] = { "child_pornography", "児童ポルノ事犯" },
	[CASE_CRIME_OTHER] = { "other", "その他の重大・悪質な犯罪" },
};

const struct fsm_name case_needs[CASE_NEED__COUNT] = {
	[CASE_NEED_HIGH] = { "high", "保護等の必要性が高い" },
	[CASE_NEED_NOT_HIGH] = { "not_high", "保護等の必要性が高いとは認められない" },
};

const struct fsm_name case_states[CASE__COUNT] = {
	[CASE_REPORTED] = { "reported", "少年課の判断待ち" },
	[CASE_HIGH] = { "high", "保護の必要性が高い（割当待ち）" },
	[CASE_CLOSED_NOT_HIGH] = { "closed_not_high",
				   "保護の必要性が高くないため終結" },
	[CASE_ASSIGNED] = { "assigned", "交信担当者割当済" },
	[CASE_COMMUNICATING] = { "communicating", "交信中" },
	[CASE_MEETING] = { "meeting", "接触の手続中" },
	[CASE_CLOSED] = { "closed", "終結" },
};

static const struct fsm_name event_names[CASE_EV__COUNT] = {
	[CASE_EV_REPORT] = { "report", "書き込み発見報告" },
	[CASE_EV_TRIAGE_HIGH] = { "triage_high", "少年課の判断（保護の必要性が高い）" },
	[CASE_EV_TRIAGE_NOT_HIGH] = { "triage_not_high",
				      "少年課の判断（保護の必要性が高くない）" },
	[CASE_EV_ASSIGN] = { "assign", "交信担当者・端末の割当て" },
	[CASE_EV_LOG] = { "log", "交信の記録" },
	[CASE_EV_MEETING] = { "meeting", "接触前の報告" },
	[CASE_EV_CLOSE] = { "close", "終結" },
};

const struct fsm_name case_directions[CASE_DIR__COUNT] = {
	[CASE_DIR_SENT] = { "sent", "送信" },
	[CASE_DIR_RECEIVED] = { "received", "受信" },
};

const struct fsm_name case_reviews[CASE_REVIEW__COUNT] = {
	[CASE_REVIEW_PENDING] = { "pending", "運用管理補助者の確認待ち" },
	[CASE_REVIEW_DONE] = { "done", "確認済" },
};

FSM_NAMES(case_crime, enum case_crime, case_crimes);
FSM_NAMES(case_need, enum case_need, case_needs);
FSM_NAMES(case_state, enum case_state, case_states);
FSM_NAMES(case_event, enum case_event, event_names);
FSM_NAMES(case_direction, enum case_direction, case_directions);
FSM_NAMES(case_review, enum case_review, case_reviews);

enum case_event case_triage_event(enum case_need need)
{
	return need == CASE_NEED_HIGH ? CASE_EV_TRIAGE_HIGH
				      : CASE_EV_TRIAGE_NOT_HIGH;
}

int case_reviewable(enum case_state s)
{
	return s >= CASE_ASSIGNED ? 0 : MM_ESTATE;
}

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

int case_check_found(int64_t found_at, int64_t now, const char **why)
{
	if (found_at <= 0 || found_at > now)
		return fail(why, "発見日時が正しくありません", MM_EINVAL);
	return 0;
}

int case_check_triage(enum case_crime crime, const char *crime_other,
		      const char **field, const char **why)
{
	if (field)
		*field = "crime_other";
	if (crime == CASE_CRIME_OTHER && (!crime_other || !*crime_other))
		return fail(why, "その他の犯罪の名称を入力してください",
			    MM_EINVAL);
	return 0;
}

int case_check_communicable(enum case_state s, const char **why)
{
	if (s == CASE_REPORTED || s == CASE_CLOSED_NOT_HIGH || s == CASE_NONE)
		return fail(why, "少年課が保護等の必要性が高いと判断した事案ではないため"
			    "交信することはできません", MM_ERULE);
	return 0;
}

int case_check_logged_at(int64_t at, int64_t now, const char **why)
{
	if (at <= 0 || at > now)
		return fail(why, "送受信日時が正しくありません", MM_EINVAL);
	return 0;
}
