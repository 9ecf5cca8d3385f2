#include "service.h"

#include <string.h>

#include "fsm.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * The one transition table of a detail form 9 application.  Each state of
 * the chain has exactly one way forward, so no step can be skipped; only
 * the assistant's withdrawal leaves it early.
 */
static const struct fsm_edge edges[] = {
	{ SERVICE_NONE, SERVICE_EV_APPLY, SERVICE_APPLIED },
	{ SERVICE_APPLIED, SERVICE_EV_PERMIT, SERVICE_PERMITTED },
	{ SERVICE_APPLIED, SERVICE_EV_REFUSE, SERVICE_REFUSED },
	{ SERVICE_PERMITTED, SERVICE_EV_FORWARD, SERVICE_FORWARDED },
	{ SERVICE_FORWARDED, SERVICE_EV_RECORD_MEASURES, SERVICE_IN_FORCE },
	{ SERVICE_APPLIED, SERVICE_EV_WITHDRAW, SERVICE_WITHDRAWN },
	{ SERVICE_PERMITTED, SERVICE_EV_WITHDRAW, SERVICE_WITHDRAWN },
	{ SERVICE_FORWARDED, SERVICE_EV_WITHDRAW, SERVICE_WITHDRAWN },
	{ SERVICE_IN_FORCE, SERVICE_EV_SUPERSEDE, SERVICE_SUPERSEDED },
	{ SERVICE_IN_FORCE, SERVICE_EV_DELETE, SERVICE_DELETED },
	/* R-DEV-9, R-SVC-4: the return ends every account not yet ended. */
	{ SERVICE_APPLIED, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
	{ SERVICE_PERMITTED, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
	{ SERVICE_FORWARDED, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
	{ SERVICE_IN_FORCE, SERVICE_EV_DELETE_AT_RETURN, SERVICE_DELETED },
};

/* 第3-1: who does each step. */
static const int by_role[SERVICE_EV__COUNT] = {
	[SERVICE_EV_APPLY] = ROLE_ASSISTANT,                /* R-SVC-1 */
	[SERVICE_EV_PERMIT] = ROLE_MANAGER,                 /* R-SVC-1 */
	[SERVICE_EV_REFUSE] = ROLE_MANAGER,
	[SERVICE_EV_FORWARD] = ROLE_GENERAL_MANAGER,        /* R-SVC-2 経由 */
	[SERVICE_EV_RECORD_MEASURES] = ROLE_INFOSEC_MANAGER, /* R-SVC-2 */
	[SERVICE_EV_WITHDRAW] = ROLE_ASSISTANT,
	[SERVICE_EV_SUPERSEDE] = ROLE_INFOSEC_MANAGER,      /* R-SVC-3 */
	[SERVICE_EV_DELETE] = ROLE_ASSISTANT,               /* R-SVC-4 */
	[SERVICE_EV_DELETE_AT_RETURN] = ROLE_MANAGER,       /* R-DEV-9 */
};

const struct fsm_name service_states[SERVICE__COUNT] = {
	[SERVICE_APPLIED] = { "applied", "申請中" },
	[SERVICE_PERMITTED] = { "permitted", "運用管理者許可" },
	[SERVICE_FORWARDED] = { "forwarded", "情報セキュリティ管理者協議中" },
	[SERVICE_IN_FORCE] = { "in_force", "利用許可" },
	[SERVICE_REFUSED] = { "refused", "不許可" },
	[SERVICE_WITHDRAWN] = { "withdrawn", "取下げ" },
	[SERVICE_SUPERSEDED] = { "superseded", "変更により失効" },
	[SERVICE_DELETED] = { "deleted", "アカウント削除済" },
};

static const struct fsm_name event_names[SERVICE_EV__COUNT] = {
	[SERVICE_EV_APPLY] = { "apply", "申請" },
	[SERVICE_EV_PERMIT] = { "permit", "許可" },
	[SERVICE_EV_REFUSE] = { "refuse", "不許可" },
	[SERVICE_EV_FORWARD] = { "forward", "情報セキュリティ管理者へ送付" },
	[SERVICE_EV_RECORD_MEASURES] = { "record_measures", "対策の決定" },
	[SERVICE_EV_WITHDRAW] = { "withdraw", "取下げ" },
	[SERVICE_EV_SUPERSEDE] = { "supersede", "変更申請による失効" },
	[SERVICE_EV_DELETE] = { "delete", "アカウント削除の届出" },
	[SERVICE_EV_DELETE_AT_RETURN] = { "delete_at_return",
					  "端末返却時のアカウント削除" },
};

FSM_CHAIN_STEPS(service, enum service_state,
	enum service_event, edges, by_role);

int service_in_force(enum service_state s)
{
	return s == SERVICE_IN_FORCE;
}

int service_open(enum service_state s)
{
	return s == SERVICE_APPLIED || s == SERVICE_PERMITTED ||
	       s == SERVICE_FORWARDED;
}

FSM_NAMES(service_state, enum service_state, service_states);
FSM_NAMES(service_event, enum service_event, event_names);

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

struct service_request service_request_of(const struct service_application *x)
{
	return (struct service_request){ x->service, x->handle, x->device_id,
					 x->purpose };
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int differs(const char *a, const char *b)
{
	return strcmp(or_empty(a), or_empty(b)) != 0;
}

int service_changed(const struct service_request *a,
		    const struct service_request *b)
{
	return differs(a->service, b->service) ||
	       differs(a->handle, b->handle) ||
	       a->device_id != b->device_id ||
	       differs(a->purpose, b->purpose);
}

int service_check_change(const struct service_request *old,
			 const struct service_request *changed,
			 const char **why)
{
	if (!service_changed(old, changed))
		return fail(why, "変更する内容がありません", MM_EINVAL);
	return 0;
}

int service_check_agreement(int agreed_with_manager,
			    int agreed_with_general_manager, const char **why)
{
	if (!agreed_with_manager || !agreed_with_general_manager)
		return fail(why, "運用管理者及び統括運用管理者との協議を確認してください",
			    MM_EINVAL);
	return 0;
}

int service_version_in_force(const struct service_version *v, size_t n,
			     size_t *index)
{
	int found = 0;
	size_t best = 0;

	for (size_t i = 0; i < n; i++) {
		if (!service_in_force(v[i].state))
			continue;
		if (!found || v[i].seq > v[best].seq)
			best = i;
		found = 1;
	}
	if (!found)
		return MM_ENOTFOUND;
	*index = best;
	return 0;
}

int service_check_supersede(const struct service_version *older,
			    const struct service_version *newer,
			    const char **why)
{
	if (!service_in_force(older->state))
		return fail(why, "失効させる申請は許可中ではありません", MM_ERULE);
	if (!service_in_force(newer->state) || newer->seq <= older->seq)
		return fail(why, "変更後の申請の手続が完了していません", MM_ERULE);
	return 0;
}
