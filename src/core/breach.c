#include "breach.h"

#include "fsm.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * The one transition table of a breach report.  An incident waits for two
 * acknowledgements; each state remembers which one is still missing, so
 * neither recipient can acknowledge twice and the IT head never
 * acknowledges a report that was not sent to him.
 */
static const struct fsm_edge edges[] = {
	{ BREACH_NONE, BREACH_EV_REPORT, BREACH_REPORTED },
	{ BREACH_REPORTED, BREACH_EV_FORWARD, BREACH_FORWARDED },
	{ BREACH_REPORTED, BREACH_EV_FORWARD_INCIDENT, BREACH_INCIDENT },
	{ BREACH_FORWARDED, BREACH_EV_ACK_GENERAL_MANAGER, BREACH_CLOSED },
	{ BREACH_INCIDENT, BREACH_EV_ACK_GENERAL_MANAGER, BREACH_AWAIT_IT_HEAD },
	{ BREACH_INCIDENT, BREACH_EV_ACK_IT_HEAD, BREACH_AWAIT_GENERAL_MANAGER },
	{ BREACH_AWAIT_IT_HEAD, BREACH_EV_ACK_IT_HEAD, BREACH_CLOSED },
	{ BREACH_AWAIT_GENERAL_MANAGER, BREACH_EV_ACK_GENERAL_MANAGER,
	  BREACH_CLOSED },
};

/* 第3-5 (R-CMP-6): who does each step. */
static const int by_role[BREACH_EV__COUNT] = {
	[BREACH_EV_REPORT] = ROLE_ASSISTANT,
	[BREACH_EV_FORWARD] = ROLE_MANAGER,
	[BREACH_EV_FORWARD_INCIDENT] = ROLE_MANAGER,
	[BREACH_EV_ACK_GENERAL_MANAGER] = ROLE_GENERAL_MANAGER,
	[BREACH_EV_ACK_IT_HEAD] = ROLE_IT_DIVISION_HEAD,
};

const struct fsm_name breach_rules[BREACH_RULE__COUNT] = {
	[BREACH_RULE_PURPOSE] = { "purpose", "目的外使用" },
	[BREACH_RULE_LENDING] = { "lending", "業務に関係のない者への貸与" },
	[BREACH_RULE_CONNECTION] = { "connection",
				     "警察情報システム・個人所有機器への接続" },
	[BREACH_RULE_FUNCTIONS] = { "functions",
				    "カメラ・通話・データ保存・送信" },
	[BREACH_RULE_CONTRACT] = { "contract", "通信契約に付随する新たな契約" },
};

const struct fsm_name breach_states[BREACH__COUNT] = {
	[BREACH_REPORTED] = { "reported", "運用管理者へ報告済" },
	[BREACH_FORWARDED] = { "forwarded", "統括運用管理者の確認待ち" },
	[BREACH_INCIDENT] = { "incident",
			      "統括運用管理者・情報管理課長の確認待ち" },
	[BREACH_AWAIT_IT_HEAD] = { "await_it_head", "情報管理課長の確認待ち" },
	[BREACH_AWAIT_GENERAL_MANAGER] = { "await_general_manager",
					   "統括運用管理者の確認待ち（情報管理課長確認済）" },
	[BREACH_CLOSED] = { "closed", "確認完了" },
};

static const struct fsm_name event_names[BREACH_EV__COUNT] = {
	[BREACH_EV_REPORT] = { "report", "報告" },
	[BREACH_EV_FORWARD] = { "forward", "統括運用管理者へ報告" },
	[BREACH_EV_FORWARD_INCIDENT] = { "forward_incident",
					 "統括運用管理者及び情報管理課長へ報告" },
	[BREACH_EV_ACK_GENERAL_MANAGER] = { "ack_general_manager",
					    "統括運用管理者確認" },
	[BREACH_EV_ACK_IT_HEAD] = { "ack_it_head", "情報管理課長確認" },
};

FSM_CHAIN_STEPS(breach, enum breach_state, enum breach_event, edges, by_role);

int breach_goes_to_it_head(enum breach_state s)
{
	return s == BREACH_INCIDENT || s == BREACH_AWAIT_IT_HEAD ||
	       s == BREACH_AWAIT_GENERAL_MANAGER;
}

FSM_NAMES(breach_rule, enum breach_rule, breach_rules);
FSM_NAMES(breach_state, enum breach_state, breach_states);
FSM_NAMES(breach_event, enum breach_event, event_names);

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return MM_EINVAL;
}

int breach_check_time(int64_t occurred_at, int64_t now, const char **why)
{
	if (occurred_at <= 0 || occurred_at > now)
		return fail(why, "発生日時が正しくありません");
	return 0;
}
