#include "device.h"

#include <string.h>

#include "civil.h"
#include "fsm.h"
#include "../lib/err.h"
#include "../lib/banned.h"

/*
 * The one transition table of a device.  A device on loan changes state
 * only through its loan: lent with it, returned with it, and checked by
 * HQ before it is in stock (or out of service) again.
 */
static const struct fsm_edge edges[] = {
	{ DEVICE_IN_STOCK, DEVICE_EV_LEND, DEVICE_ON_LOAN },          /* R-DEV-3 */
	{ DEVICE_IN_STOCK, DEVICE_EV_RETIRE, DEVICE_OUT_OF_SERVICE },
	{ DEVICE_ON_LOAN, DEVICE_EV_RETURN, DEVICE_RETURNED_AWAITING_CHECK }, /* R-DEV-9 */
	{ DEVICE_RETURNED_AWAITING_CHECK, DEVICE_EV_ACCEPT, DEVICE_IN_STOCK }, /* R-DEV-9 */
	{ DEVICE_RETURNED_AWAITING_CHECK, DEVICE_EV_RETIRE, DEVICE_OUT_OF_SERVICE },
	{ DEVICE_OUT_OF_SERVICE, DEVICE_EV_REINSTATE, DEVICE_IN_STOCK },
};

const struct fsm_name device_states[DEVICE__COUNT] = {
	[DEVICE_IN_STOCK] = { "in_stock", "在庫" },
	[DEVICE_ON_LOAN] = { "on_loan", "貸出中" },
	[DEVICE_RETURNED_AWAITING_CHECK] = { "returned_awaiting_check",
					     "返却済（本部確認待ち）" },
	[DEVICE_OUT_OF_SERVICE] = { "out_of_service", "使用停止" },
};

static const struct fsm_name event_names[DEVICE_EV__COUNT] = {
	[DEVICE_EV_LEND] = { "lend", "貸出" },
	[DEVICE_EV_RETURN] = { "return", "返却" },
	[DEVICE_EV_ACCEPT] = { "accept", "返却確認（在庫へ）" },
	[DEVICE_EV_RETIRE] = { "retire", "使用停止" },
	[DEVICE_EV_REINSTATE] = { "reinstate", "使用再開" },
};

FSM_TRANSITION(device, enum device_state, enum device_event, edges);
FSM_NAMES(device_state, enum device_state, device_states);
FSM_NAMES(device_event, enum device_event, event_names);

static int refuse(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return MM_ERULE;
}

int device_usable(const struct device_use_facts *f, const char **why)
{
	if (!f) {
		if (why)
			*why = "入力が正しくありません";
		return MM_EINVAL;
	}
	/* R-DEV-4: a lent device not yet received says so, before the
	 * general "not on loan" that would otherwise answer for it. */
	if (f->loan_state == LOAN_LENT ||
	    (f->loan_state == LOAN_RECEIVED && !f->receipt_confirmed))
		return refuse(why, "端末の受領が確認されていないため使用できません");
	if (f->loan_state != LOAN_RECEIVED)
		return refuse(why, "貸出中の端末ではないため使用できません");
	if (!f->training_recorded) /* R-DEV-4 */
		return refuse(why, "教養の記録がないため使用できません");
	if (f->services_without_permission != 0) /* R-DEV-6 */
		return refuse(why, "利用の許可を受けていない外部サービスがあるため使用できません");
	return 0;
}

/* The index of the check period containing d (periods divide the year). */
static int period_of(const struct policy *p, const struct civil_date *d)
{
	return civil_month_index(d) / p->location_check_months;
}

static int dates_consistent(const struct civil_date *since,
			    const struct civil_date *last,
			    const struct civil_date *today)
{
	if (!civil_valid(since) || !civil_valid(today) ||
	    civil_compare(today, since) < 0)
		return 0;
	return !last || (civil_valid(last) && civil_compare(last, today) <= 0);
}

int location_check_status(const struct policy *p,
			  const struct civil_date *since,
			  const struct civil_date *last_check,
			  const struct civil_date *today,
			  enum location_check *out)
{
	int now, first;

	if (!dates_consistent(since, last_check, today))
		return MM_EINVAL;
	now = period_of(p, today);
	first = period_of(p, since);
	if (last_check && period_of(p, last_check) >= now)
		*out = LOCATION_CHECK_OK;
	else if (now > first &&
		 (!last_check || period_of(p, last_check) < now - 1))
		*out = LOCATION_CHECK_OVERDUE; /* R-DEV-5: a period missed */
	else
		*out = LOCATION_CHECK_DUE;
	return 0;
}

int location_check_date(const struct civil_date *checked_on,
			const struct civil_date *loan_start,
			const struct civil_date *today, const char **why)
{
	const char *msg = NULL;

	if (!civil_valid(checked_on) || !civil_valid(today))
		msg = "日付が正しくありません";
	else if (civil_compare(checked_on, today) > 0)
		msg = "確認日に未来の日付は入力できません";
	else if (civil_valid(loan_start) &&
		 civil_compare(checked_on, loan_start) < 0)
		msg = "確認日は貸出日以降の日付を入力してください";
	if (msg && why)
		*why = msg;
	return msg ? MM_EINVAL : 0;
}

static const struct fsm_name check_names[] = {
	[LOCATION_CHECK_OK] = { "ok", "点検済" },
	[LOCATION_CHECK_DUE] = { "due", "点検未実施" },
	[LOCATION_CHECK_OVERDUE] = { "overdue", "点検遅延" },
};

FSM_NAMES(location_check, enum location_check, check_names);

int device_import_check_serial(const char *s, const char **why)
{
	size_t n = strlen(s);

	if (n == 0 || n >= MM_SERIAL_MAX) {
		*why = "製造番号は1〜63文字で入力してください";
		return MM_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z') || c == '-')) {
			*why = "製造番号は半角英数字とハイフンで入力してください";
			return MM_EINVAL;
		}
	}
	return 0;
}

int device_import_check_phone(const char *s, const char **why)
{
	for (size_t i = 0; s[i]; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    (i == 0 && s[i] == '+'))
			continue;
		*why = "電話番号は半角数字とハイフンで入力してください";
		return MM_EINVAL;
	}
	if (strlen(s) >= MM_PHONE_MAX) {
		*why = "電話番号が長すぎます";
		return MM_EINVAL;
	}
	return 0;
}
