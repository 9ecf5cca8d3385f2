#include "loan.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "fsm.h"
#include "text.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/* The one transition table of a loan (lending register, form 2). */
static const struct fsm_edge edges[] = {
	{ LOAN_LENT, LOAN_EV_RECEIVE, LOAN_RECEIVED },             /* R-DEV-4 */
	{ LOAN_LENT, LOAN_EV_EXTEND, LOAN_LENT },                  /* R-DEV-8 */
	{ LOAN_RECEIVED, LOAN_EV_EXTEND, LOAN_RECEIVED },          /* R-DEV-8 */
	{ LOAN_RECEIVED, LOAN_EV_SUBMIT_RETURN, LOAN_RETURNED_BY_UNIT }, /* R-DEV-9 */
	{ LOAN_RETURNED_BY_UNIT, LOAN_EV_CLOSE, LOAN_CLOSED },     /* R-DEV-9 */
};

const struct fsm_name loan_states[LOAN__COUNT] = {
	[LOAN_LENT] = { "lent", "貸出中（受領待ち）" },
	[LOAN_RECEIVED] = { "received", "受領・教養済" },
	[LOAN_RETURNED_BY_UNIT] = { "returned_by_unit", "返却手続済（本部確認待ち）" },
	[LOAN_CLOSED] = { "closed", "返却完了" },
};

static const struct fsm_name event_names[LOAN_EV__COUNT] = {
	[LOAN_EV_RECEIVE] = { "receive", "受領・教養の記録" },
	[LOAN_EV_EXTEND] = { "extend", "借用期間の延長" },
	[LOAN_EV_SUBMIT_RETURN] = { "submit_return", "返却手続" },
	[LOAN_EV_CLOSE] = { "close", "返却確認" },
};

FSM_TRANSITION(loan, enum loan_state, enum loan_event, edges);

int loan_open(enum loan_state state)
{
	return state == LOAN_LENT || state == LOAN_RECEIVED;
}

FSM_NAMES(loan_state, enum loan_state, loan_states);
FSM_NAMES(loan_event, enum loan_event, event_names);

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

int loan_period_limit(const struct policy *p, const struct civil_date *start,
		      struct civil_date *limit)
{
	return civil_add_months(start, p->loan_max_months, limit);
}

/* R-DEV-2, R-DEV-8: "1年を超えない" in principle, from from to to. */
static int check_limit(const struct policy *p, const struct civil_date *from,
		       const struct civil_date *to, const char *reason,
		       const char **why)
{
	struct civil_date limit;

	if (loan_period_limit(p, from, &limit) < 0)
		return fail(why, "日付が正しくありません", MM_EINVAL);
	if (civil_compare(to, &limit) <= 0 || text_present(reason))
		return 0;
	return fail(why, "借用期間が原則の上限を超えています。"
		    "超える場合は例外とする理由を記録してください", MM_ERULE);
}

int loan_check_period(const struct policy *p, const struct civil_date *start,
		      const struct civil_date *due,
		      const char *exception_reason, const char **why)
{
	if (!civil_valid(start) || !civil_valid(due))
		return fail(why, "日付が正しくありません", MM_EINVAL);
	if (civil_compare(due, start) < 0)
		return fail(why, "返却期限は借用開始日以降の日付を入力してください",
			    MM_EINVAL);
	return check_limit(p, start, due, exception_reason, why); /* R-DEV-2 */
}

int loan_check_extension(const struct policy *p,
			 const struct civil_date *current_due,
			 const struct civil_date *new_due,
			 const char *exception_reason, const char **why)
{
	if (!civil_valid(current_due) || !civil_valid(new_due))
		return fail(why, "日付が正しくありません", MM_EINVAL);
	if (civil_compare(new_due, current_due) <= 0)
		return fail(why, "延長後の返却期限は現在の返却期限より後の日付を入力してください",
			    MM_EINVAL);
	/* R-DEV-8: the same rule as R-DEV-2, counted from the current due. */
	return check_limit(p, current_due, new_due, exception_reason, why);
}

int loan_due_status(const struct policy *p, enum loan_state s,
		    const struct civil_date *due,
		    const struct civil_date *today, enum loan_due *out)
{
	int64_t days;

	if (civil_days_between(today, due, &days) < 0)
		return MM_EINVAL;
	if (!loan_open(s))
		*out = LOAN_DUE_NONE;
	else if (days < 0)
		*out = LOAN_DUE_OVERDUE;
	else if (days <= p->loan_due_soon_days)
		*out = LOAN_DUE_SOON;
	else
		*out = LOAN_DUE_OK;
	return 0;
}

static const struct fsm_name due_names[] = {
	[LOAN_DUE_OK] = { "ok", "期限内" },
	[LOAN_DUE_SOON] = { "due_soon", "返却期限間近" },
	[LOAN_DUE_OVERDUE] = { "overdue", "返却期限超過" },
};

FSM_NAMES(loan_due, enum loan_due, due_names);

/* A listed name; NULL only in a malformed listing. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Records where the confirmation failed; returns rc. */
static int fault(struct return_fault *f, const char *field,
		 const struct return_checklist *c, size_t account,
		 int64_t service_id, const char *msg, int rc)
{
	if (!f)
		return rc;
	f->field = field;
	f->account = account;
	f->service_id = service_id;
	if (c && account < c->n_accounts)
		snprintf(f->message, sizeof f->message, "アカウント「%s %s」%s",
			 or_empty(c->accounts[account].service),
			 or_empty(c->accounts[account].account), msg);
	else if (service_id > 0)
		snprintf(f->message, sizeof f->message, "%s（ID %lld）", msg,
			 (long long)service_id);
	else
		snprintf(f->message, sizeof f->message, "%s", msg);
	return rc;
}

/* The index of service_id among the listed accounts, or n_accounts. */
static size_t listed_index(const struct return_checklist *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->n_accounts; i++)
		if (c->accounts[i].service_id == id)
			break;
	return i;
}

/* The server's own listing is sound: named, distinct, positive ids. */
static int listing_sound(const struct return_checklist *c)
{
	if (c->n_accounts > RETURN_ACCOUNTS_MAX)
		return 0;
	for (size_t i = 0; i < c->n_accounts; i++) {
		const struct return_account *a = &c->accounts[i];
		if (a->service_id <= 0 || listed_index(c, a->service_id) != i ||
		    !a->service || !a->account ||
		    !text_present(a->service) || !text_present(a->account))
			return 0;
	}
	return 1;
}

/*
 * Every confirmation names a listed account once; seen[i] is set for the
 * listed account i confirmed deleted.
 */
static int check_confirmations(const struct return_checklist *c,
			       const struct return_confirmation *in,
			       int seen[RETURN_ACCOUNTS_MAX],
			       struct return_fault *f)
{
	const size_t none = RETURN_ACCOUNTS_MAX;

	for (size_t k = 0; k < in->n; k++) {
		int64_t id = in->items[k].service_id;
		size_t i = listed_index(c, id);

		if (id <= 0)
			return fault(f, "accounts", NULL, none, 0,
				     "アカウントの指定が正しくありません",
				     MM_EINVAL);
		if (i == c->n_accounts) /* R-DEV-9: only this device's accounts */
			return fault(f, "accounts", NULL, none, id,
				     "この端末に登録されていないアカウントが指定されています",
				     MM_EINVAL);
		if (seen[i])
			return fault(f, "accounts", c, i, id,
				     "が重複して指定されています", MM_EINVAL);
		seen[i] = in->items[k].deleted ? 1 : -1;
	}
	return 0;
}

int return_checklist_confirm(struct return_checklist *c,
			     const struct return_confirmation *in,
			     struct return_fault *f)
{
	const size_t none = RETURN_ACCOUNTS_MAX;
	int seen[RETURN_ACCOUNTS_MAX] = { 0 };
	int rc;

	if (!c || !in || in->n > RETURN_ACCOUNTS_MAX || !listing_sound(c))
		return fault(f, "accounts", NULL, none, 0,
			     "入力が正しくありません", MM_EINVAL);
	if ((rc = check_confirmations(c, in, seen, f)) < 0)
		return rc;
	/* R-DEV-9, R-SVC-4: every account the register lists is deleted. */
	for (size_t i = 0; i < c->n_accounts; i++)
		if (seen[i] != 1)
			return fault(f, "accounts", c, i,
				     c->accounts[i].service_id,
				     "の削除が確認されていません", MM_ERULE);
	if (!in->apps_uninstalled)
		return fault(f, "apps_uninstalled", NULL, none, 0,
			     "アプリをアンインストールしてください", MM_ERULE);
	if (!in->device_restored)
		return fault(f, "device_restored", NULL, none, 0,
			     "端末を借用前の状態に戻してください", MM_ERULE);
	if (!in->accessories_present)
		return fault(f, "accessories_present", NULL, none, 0,
			     "付属品をそろえてください", MM_ERULE);
	for (size_t i = 0; i < c->n_accounts; i++)
		c->accounts[i].deleted = 1;
	c->apps_uninstalled = 1;
	c->device_restored = 1;
	c->accessories_present = 1;
	return 0;
}

int loan_check_training(const struct training_record *t,
			const struct civil_date *today, const char **why)
{
	if (!civil_valid(&t->trained_on) || !civil_valid(today))
		return fail(why, "日付が正しくありません", MM_EINVAL);
	if (civil_compare(&t->trained_on, today) > 0) /* R-DEV-4 */
		return fail(why, "研修日に未来の日付は指定できません", MM_EINVAL);
	return 0;
}
