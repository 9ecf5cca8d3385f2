#include "meeting.h"

#include <string.h>

#include "fsm.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * The one transition table of a meeting.  A report sent back ends: the
 * officer files a new one (one way into each state).  The outcome waits
 * for the manager's instructions (R-CASE-3).  A meeting whose child was
 * not guided closes from its results report; one that was is assessed
 * first (meeting_check_close weighs which).
 */
static const struct fsm_edge edges[] = {
	{ MEETING_NONE, MEETING_EV_REPORT, MEETING_REPORTED },
	{ MEETING_REPORTED, MEETING_EV_FORWARD, MEETING_FORWARDED },
	{ MEETING_FORWARDED, MEETING_EV_INSTRUCT, MEETING_INSTRUCTED },
	{ MEETING_FORWARDED, MEETING_EV_SEND_BACK, MEETING_SENT_BACK },
	{ MEETING_INSTRUCTED, MEETING_EV_OUTCOME, MEETING_HELD },
	{ MEETING_HELD, MEETING_EV_REPORT_RESULTS, MEETING_RESULTS_REPORTED },
	{ MEETING_RESULTS_REPORTED, MEETING_EV_ASSESS, MEETING_FOLLOW_UP },
	{ MEETING_FOLLOW_UP, MEETING_EV_MEASURE, MEETING_FOLLOW_UP },
	{ MEETING_RESULTS_REPORTED, MEETING_EV_CLOSE, MEETING_CLOSED },
	{ MEETING_FOLLOW_UP, MEETING_EV_CLOSE, MEETING_CLOSED },
};

/*
 * 第4-1: the communication officer reports through the assistant to the
 * manager; 第4-5: the officer reports the results to the manager; 第4-6
 * (3): the unit (its manager) decides the measures for a guided child.
 */
static const int by_role[MEETING_EV__COUNT] = {
	[MEETING_EV_REPORT] = ROLE_COMM_OFFICER,
	[MEETING_EV_FORWARD] = ROLE_ASSISTANT,
	[MEETING_EV_INSTRUCT] = ROLE_MANAGER,
	[MEETING_EV_SEND_BACK] = ROLE_MANAGER,
	[MEETING_EV_OUTCOME] = ROLE_COMM_OFFICER,
	[MEETING_EV_REPORT_RESULTS] = ROLE_COMM_OFFICER,
	[MEETING_EV_ASSESS] = ROLE_MANAGER,
	[MEETING_EV_MEASURE] = ROLE_MANAGER,
	[MEETING_EV_CLOSE] = ROLE_MANAGER,
};

FSM_CHAIN_STEPS(meeting, enum meeting_state, enum meeting_event, edges,
		by_role);

const struct fsm_name meeting_states[MEETING__COUNT] = {
	[MEETING_REPORTED] = { "reported", "事前報告済（運用管理補助者確認待ち）" },
	[MEETING_FORWARDED] = { "forwarded", "運用管理者の指揮待ち" },
	[MEETING_INSTRUCTED] = { "instructed", "指揮済（接触待ち）" },
	[MEETING_SENT_BACK] = { "sent_back", "差戻し" },
	[MEETING_HELD] = { "held", "接触結果記録済（実施結果報告待ち）" },
	[MEETING_RESULTS_REPORTED] = { "results_reported",
				       "実施結果報告済" },
	[MEETING_FOLLOW_UP] = { "follow_up", "保護対策の実施中" },
	[MEETING_CLOSED] = { "closed", "終結" },
};

static const struct fsm_name event_names[MEETING_EV__COUNT] = {
	[MEETING_EV_REPORT] = { "report", "接触前の報告" },
	[MEETING_EV_FORWARD] = { "forward", "運用管理者へ報告" },
	[MEETING_EV_INSTRUCT] = { "instruct", "指揮" },
	[MEETING_EV_SEND_BACK] = { "send_back", "差戻し" },
	[MEETING_EV_OUTCOME] = { "outcome", "接触結果の記録" },
	[MEETING_EV_REPORT_RESULTS] = { "report_results",
					"実施結果報告（様式第5号）" },
	[MEETING_EV_ASSESS] = { "assess", "保護対策の検討" },
	[MEETING_EV_MEASURE] = { "measure", "措置の記録" },
	[MEETING_EV_CLOSE] = { "close", "終結" },
};

const struct fsm_name guidance_kinds[GUIDANCE__COUNT] = {
	[GUIDANCE_ENTERTAINMENT] = { "unwholesome_entertainment",
				     "不健全娯楽" },
	[GUIDANCE_SEXUAL_CONDUCT] = { "unwholesome_sexual_conduct",
				      "不健全性的行為" },
};

const struct fsm_name followup_measures[MEASURE__COUNT] = {
	[MEASURE_CONTINUED_GUIDANCE] = { "continued_guidance", "継続補導" },
	[MEASURE_RECOVERY_SUPPORT] = { "recovery_support", "立ち直り支援" },
	[MEASURE_CHILD_GUIDANCE_CENTRE] = { "child_guidance_centre",
					    "児童相談所への通告" },
};

const struct fsm_name meeting_staff_roles[ROLE__COUNT] = {
	[ROLE_GENERAL_MANAGER] = { "general_manager", "統括運用管理者" },
	[ROLE_MANAGER] = { "manager", "運用管理者" },
	[ROLE_ASSISTANT] = { "assistant", "運用管理補助者" },
	[ROLE_OPERATIONS_OFFICER] = { "operations_officer", "運用担当者" },
	[ROLE_COMM_OFFICER] = { "comm_officer", "交信担当者" },
	[ROLE_INFOSEC_MANAGER] = { "infosec_manager",
				   "情報セキュリティ管理者" },
	[ROLE_IT_DIVISION_HEAD] = { "it_division_head", "情報管理課長" },
};

FSM_NAMES(meeting_state, enum meeting_state, meeting_states);
FSM_NAMES(meeting_event, enum meeting_event, event_names);
FSM_NAMES(guidance_kind, enum guidance_kind, guidance_kinds);
FSM_NAMES(followup_measure, enum followup_measure, followup_measures);

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

/* Whether entry i repeats an id named before it. */
static int repeated(const struct meeting_staff *staff, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (staff[j].user_id == staff[i].user_id)
			return 1;
	return 0;
}

int meeting_check_staff(const struct meeting_staff *staff, size_t n,
			int person_female, int known, const char **why)
{
	size_t distinct = 0;
	int female = 0;

	for (size_t i = 0; i < n; i++) {
		if (staff[i].user_id <= 0 || repeated(staff, i))
			continue;
		distinct++;
		if (staff[i].sex == SEX_FEMALE)
			female = 1;
	}
	/* R-CASE-5: 複数の職員で対応する */
	if (distinct < 2)
		return fail(why, MEETING_TWO_STAFF_MSG, MM_ERULE);
	/* R-CASE-5: 女性と思料される場合は女性職員を必ず同行させる */
	if (known && person_female && !female)
		return fail(why, "対象者が女性と思料されるため、女性職員を"
			    "同行させてください", MM_ERULE);
	return 0;
}

int meeting_check_before(int64_t meet_at, int64_t now, const char **why)
{
	if (meet_at <= now)
		return fail(why, "接触前に報告してください（接触の日時が"
			    "過ぎています）", MM_ERULE);
	return 0;
}

int meeting_check_notified(int notified, const char **why)
{
	if (!notified)
		return fail(why, "少年課への連絡を確認してください", MM_ERULE);
	return 0;
}

int meeting_check_free_call(int used, int person_called, const char **why)
{
	if (used && !person_called)
		return fail(why, "無料通話アプリは現場接触時に交信相手から"
			    "連絡があった場合に限り使用できます", MM_ERULE);
	return 0;
}

static int blame(const char **field, const char *key, const char **why,
		 const char *msg)
{
	*field = key;
	return fail(why, msg, MM_ERULE);
}

static int given(const char *s)
{
	return s && text_present(s);
}

/* R-CASE-4: the guardians of a juvenile met are told and urged. */
static int check_guardians(const struct meeting_outcome *o, int64_t now,
			   const char **field, const char **why)
{
	int juvenile_met = o->met && o->juvenile;

	if (!juvenile_met) {
		if (o->guardians_told || o->guardians_urged)
			return blame(field, "guardians_told", why,
				     "保護者への連絡は少年と判明した場合に"
				     "記録してください");
		return 0;
	}
	if (!o->guardians_told)
		return blame(field, "guardians_told", why,
			     "保護者に不良行為の事実を連絡してください");
	if (!given(o->guardian))
		return blame(field, "guardian", why,
			     "連絡した保護者を入力してください");
	if (o->guardians_told_at <= 0 || o->guardians_told_at > now)
		return blame(field, "guardians_told_at", why,
			     "保護者へ連絡した日時を入力してください");
	if (!given(o->guardians_told_how))
		return blame(field, "guardians_told_how", why,
			     "保護者への連絡の方法を入力してください");
	if (!o->guardians_urged)
		return blame(field, "guardians_urged", why,
			     "保護者に必要な監護又は指導上の措置を"
			     "促してください");
	return 0;
}

int meeting_check_outcome(const struct meeting_outcome *o, int64_t now,
			  const char **field, const char **why)
{
	int rc;

	if (o->juvenile && !o->met)
		return blame(field, "juvenile", why,
			     "接触していない対象者を少年と判明したとは"
			     "記録できません");
	/* R-CASE-4: 少年と判明した場合には補導 */
	if (o->met && o->juvenile && o->guidance == GUIDANCE_NONE)
		return blame(field, "guidance", why,
			     "少年と判明した場合は補導の種別を入力して"
			     "ください");
	if (o->guidance != GUIDANCE_NONE && !(o->met && o->juvenile))
		return blame(field, "guidance", why,
			     "補導は接触して少年と判明した場合に記録して"
			     "ください");
	/* R-CASE-7: 不健全性的行為 only where the facts show it */
	if (o->guidance == GUIDANCE_SEXUAL_CONDUCT &&
	    !given(o->guidance_facts))
		return blame(field, "guidance_facts", why,
			     "不健全性的行為として補導する場合は、"
			     "認めた事実を入力してください");
	rc = check_guardians(o, now, field, why);
	if (rc < 0)
		return rc;
	/* R-CASE-9 */
	*field = "free_call_used";
	return meeting_check_free_call(o->free_call_used,
				       o->free_call_person_called, why);
}

int meeting_guided(int met, int juvenile, enum guidance_kind g)
{
	return met && juvenile && g != GUIDANCE_NONE;
}

int meeting_check_measure(enum followup_measure kind,
			  const struct civil_date *decided_on,
			  const struct civil_date *today, const char **field,
			  const char **why)
{
	if (!followup_measure_key(kind)) {
		*field = "kind";
		return fail(why, "措置の種別を選択してください", MM_EINVAL);
	}
	if (civil_compare(decided_on, today) > 0) {
		*field = "decided_on";
		return fail(why, "措置を決定した日が未来の日付です",
			    MM_EINVAL);
	}
	return 0;
}

int meeting_check_close(int guided, int assessed, int support_needed,
			size_t n_measures, const char **why)
{
	if (!guided)
		return 0;
	/* R-CASE-11: 総合的に勘案した上で */
	if (!assessed)
		return fail(why, "補導した児童の保護対策を検討してから"
			    "終結してください", MM_ERULE);
	if (support_needed && n_measures == 0)
		return fail(why, "支援が必要と認めた児童の措置を記録して"
			    "ください", MM_ERULE);
	return 0;
}

/* ---- support requests (R-CASE-10) ---- */

static const struct fsm_edge support_edges[] = {
	{ SUPPORT_NONE, SUPPORT_EV_REQUEST, SUPPORT_REQUESTED },
	{ SUPPORT_REQUESTED, SUPPORT_EV_ASK, SUPPORT_ASKED },
	{ SUPPORT_ASKED, SUPPORT_EV_ANSWER, SUPPORT_ASKED },
	{ SUPPORT_ASKED, SUPPORT_EV_CLOSE, SUPPORT_CLOSED },
};

/* 第4-6 (2): the manager asks, the general manager arranges, units help. */
static const int support_by_role[SUPPORT_EV__COUNT] = {
	[SUPPORT_EV_REQUEST] = ROLE_MANAGER,
	[SUPPORT_EV_ASK] = ROLE_GENERAL_MANAGER,
	[SUPPORT_EV_ANSWER] = ROLE_MANAGER,
	[SUPPORT_EV_CLOSE] = ROLE_GENERAL_MANAGER,
};

FSM_CHAIN_STEPS(support, enum support_state, enum support_event,
		support_edges, support_by_role);

const struct fsm_name support_states[SUPPORT__COUNT] = {
	[SUPPORT_REQUESTED] = { "requested", "統括運用管理者の調整待ち" },
	[SUPPORT_ASKED] = { "asked", "他所属へ応援要請中" },
	[SUPPORT_CLOSED] = { "closed", "調整終了" },
};

static const struct fsm_name support_event_names[SUPPORT_EV__COUNT] = {
	[SUPPORT_EV_REQUEST] = { "request", "応援の調整依頼" },
	[SUPPORT_EV_ASK] = { "ask", "他所属への応援要請" },
	[SUPPORT_EV_ANSWER] = { "answer", "応援の回答" },
	[SUPPORT_EV_CLOSE] = { "close", "調整終了" },
};

const struct fsm_name support_answers[SUPPORT_ANSWER__COUNT] = {
	[SUPPORT_ANSWER_HELP] = { "help", "応援する" },
	[SUPPORT_ANSWER_CANNOT] = { "cannot", "応援できない" },
};

FSM_NAMES(support_state, enum support_state, support_states);
FSM_NAMES(support_event, enum support_event, support_event_names);
FSM_NAMES(support_answer, enum support_answer, support_answers);

int support_check_answer(enum support_answer answer, int64_t lent_user_id,
			 const char **field, const char **why)
{
	*field = "lent_user_id";
	if (answer == SUPPORT_ANSWER_HELP && lent_user_id <= 0)
		return fail(why, "応援する場合は派遣する職員を指定してください",
			    MM_ERULE);
	if (answer == SUPPORT_ANSWER_CANNOT && lent_user_id > 0)
		return fail(why, "応援できない場合は職員を指定できません",
			    MM_EINVAL);
	return 0;
}

struct meeting_outcome meeting_outcome_of(const struct meeting *m)
{
	struct meeting_outcome o = {
		.met = m->met, .juvenile = m->juvenile,
		.guidance = m->guidance, .guidance_facts = m->guidance_facts,
		.guidance_note = m->guidance_note,
		.guardians_told = m->guardians_told, .guardian = m->guardian,
		.guardians_told_at = m->guardians_told_at,
		.guardians_told_how = m->guardians_told_how,
		.guardians_urged = m->guardians_urged,
		.free_call_used = m->free_call_used,
		.free_call_person_called = m->free_call_person_called,
		.note = m->outcome_note, .meet_at = m->meet_at,
	};
	return o;
}

void meeting_staff_of(const struct meeting *m,
		      struct meeting_staff out[MEETING_STAFF_MAX])
{
	for (size_t i = 0; i < MEETING_STAFF_MAX; i++) {
		out[i].user_id = m->staff[i];
		out[i].sex = m->staff_sex[i];
		out[i].role = m->staff_role[i];
	}
}
