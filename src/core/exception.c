#include "exception.h"

#include "civil.h"
#include "fsm.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* The one transition table of a detail form 12 application. */
static const struct fsm_edge edges[] = {
	{ EXCEPTION_NONE, EXCEPTION_EV_APPLY, EXCEPTION_APPLIED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_APPROVE, EXCEPTION_APPROVED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_REFUSE, EXCEPTION_REFUSED },
	{ EXCEPTION_APPLIED, EXCEPTION_EV_WITHDRAW, EXCEPTION_WITHDRAWN },
	{ EXCEPTION_APPROVED, EXCEPTION_EV_REVOKE, EXCEPTION_REVOKED },
};

/* 第3-3: 統括運用管理者は…情報セキュリティ管理者に申請すること. */
static const int by_role[EXCEPTION_EV__COUNT] = {
	[EXCEPTION_EV_APPLY] = ROLE_GENERAL_MANAGER,
	[EXCEPTION_EV_APPROVE] = ROLE_INFOSEC_MANAGER,
	[EXCEPTION_EV_REFUSE] = ROLE_INFOSEC_MANAGER,
	[EXCEPTION_EV_WITHDRAW] = ROLE_GENERAL_MANAGER,
	[EXCEPTION_EV_REVOKE] = ROLE_INFOSEC_MANAGER,
};

const struct fsm_name exception_kinds[EXCEPTION_KIND__COUNT] = {
	[EXCEPTION_KIND_PHOTO_STORE] = { "photo_store", "加工した顔写真の保存" },
	[EXCEPTION_KIND_PHOTO_SEND] = { "photo_send", "加工した顔写真の送信" },
	[EXCEPTION_KIND_SCREENSHOT] = { "screenshot",
					"スクリーンショットの一時保存" },
};

const struct fsm_name exception_states[EXCEPTION__COUNT] = {
	[EXCEPTION_APPLIED] = { "applied", "申請中" },
	[EXCEPTION_APPROVED] = { "approved", "承認" },
	[EXCEPTION_REFUSED] = { "refused", "不承認" },
	[EXCEPTION_WITHDRAWN] = { "withdrawn", "取下げ" },
	[EXCEPTION_REVOKED] = { "revoked", "承認取消し" },
};

static const struct fsm_name event_names[EXCEPTION_EV__COUNT] = {
	[EXCEPTION_EV_APPLY] = { "apply", "申請" },
	[EXCEPTION_EV_APPROVE] = { "approve", "承認" },
	[EXCEPTION_EV_REFUSE] = { "refuse", "不承認" },
	[EXCEPTION_EV_WITHDRAW] = { "withdraw", "取下げ" },
	[EXCEPTION_EV_REVOKE] = { "revoke", "承認取消し" },
};

static const struct fsm_edge shot_edges[] = {
	{ SCREENSHOT_TAKEN, SCREENSHOT_EV_MOVE, SCREENSHOT_MOVED },
	{ SCREENSHOT_TAKEN, SCREENSHOT_EV_DELETE, SCREENSHOT_DELETED },
};

const struct fsm_name screenshot_states[SCREENSHOT__COUNT] = {
	[SCREENSHOT_TAKEN] = { "taken", "端末内保存中" },
	[SCREENSHOT_MOVED] = { "moved", "捜査用携帯パソコンへ移管済" },
	[SCREENSHOT_DELETED] = { "deleted", "削除済" },
};

static const struct fsm_name shot_event_names[SCREENSHOT_EV__COUNT] = {
	[SCREENSHOT_EV_MOVE] = { "move", "捜査用携帯パソコンへ移管" },
	[SCREENSHOT_EV_DELETE] = { "delete", "削除" },
};

FSM_CHAIN_STEPS(exception, enum exception_state,
	enum exception_event, edges, by_role);
FSM_NAMES(exception_kind, enum exception_kind, exception_kinds);
FSM_NAMES(exception_state, enum exception_state, exception_states);
FSM_NAMES(exception_event, enum exception_event, event_names);

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

int exception_check_period(const struct civil_date *from,
			   const struct civil_date *until, const char **why)
{
	if (!from || !until || !civil_valid(from) || !civil_valid(until))
		return fail(why, "適用期間の日付が正しくありません", MM_EINVAL);
	if (civil_compare(from, until) > 0)
		return fail(why, "適用期間の終了日は開始日以後にしてください",
			    MM_EINVAL);
	return 0;
}

int exception_check_end(enum exception_event ev, const char *reason,
			const char **why)
{
	if ((ev == EXCEPTION_EV_REFUSE || ev == EXCEPTION_EV_REVOKE) &&
	    !text_present(reason))
		return fail(why, "理由を入力してください", MM_EINVAL);
	return 0;
}

static int covers(const struct exception_grant *g, const struct civil_date *d)
{
	return civil_valid(&g->from) && civil_valid(&g->until) &&
	       civil_compare(&g->from, d) <= 0 &&
	       civil_compare(d, &g->until) <= 0;
}

int exception_active(const struct exception_grant *g, size_t n,
		     enum exception_kind kind, const struct civil_date *d)
{
	if (!d || !civil_valid(d))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (g[i].kind == kind && g[i].state == EXCEPTION_APPROVED &&
		    covers(&g[i], d))
			return 1;
	return 0;
}

int screenshot_check_time(int64_t taken_at, int64_t now, const char **why)
{
	if (taken_at <= 0)
		return fail(why, "撮影日時を入力してください", MM_EINVAL);
	if (taken_at > now)
		return fail(why, "これから先の日時は記録できません", MM_EINVAL);
	return 0;
}

FSM_TRANSITION(screenshot, enum screenshot_state,
	enum screenshot_event, shot_edges);
FSM_NAMES(screenshot_state, enum screenshot_state, screenshot_states);
FSM_NAMES(screenshot_event, enum screenshot_event, shot_event_names);

int screenshot_check_taken(const struct exception_grant *g, size_t n,
			   const struct civil_date *taken_on,
			   const char *reason, const char **why)
{
	if (!taken_on || !civil_valid(taken_on))
		return fail(why, "撮影日が正しくありません", MM_EINVAL);
	if (!text_present(reason))
		return fail(why, "スクリーンショットを撮影した理由を入力してください",
			    MM_EINVAL);
	if (!exception_active(g, n, EXCEPTION_KIND_SCREENSHOT, taken_on))
		return fail(why, "スクリーンショットの例外措置が承認されていません",
			    MM_ERULE); /* R-EXC-3, R-CMP-4 */
	return 0;
}

int screenshot_overdue(const struct policy *p, enum screenshot_state s,
		       const struct civil_date *taken_on,
		       const struct civil_date *today)
{
	int64_t days;

	if (s != SCREENSHOT_TAKEN || !taken_on || !today)
		return 0;
	if (civil_days_between(taken_on, today, &days) < 0)
		return 0;
	return days > p->screenshot_max_days;
}

/* days(taken_on, today) > max  <=>  taken_on < today - max */
int screenshot_overdue_before(const struct policy *p,
			      const struct civil_date *today,
			      struct civil_date *out)
{
	return civil_add_days(today, -(int64_t)p->screenshot_max_days, out);
}
