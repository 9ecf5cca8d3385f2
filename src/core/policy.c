#include "policy.h"

#include <string.h>

#include "civil.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

/*
 * 熊少第121号: 第3-2(2) 借用期間は原則として1年を超えない; 第3-2(5)
 * 月に1回以上 所在を点検.  The 30-day reminder is the choice; the
 * directive sets no take-out grace.  第3-3(3) keeps screenshots only
 * 一時的に and deletes them 速やかに without a number of days: 7 is ours.
 */
static const struct policy kumasho_121 = {
	.id = "kumasho-121-2020",
	.number = "熊少第121号",
	.title = "サイバーパトロール用スマートフォンの運用管理要領",
	.issued = { 2020, 3, 25 },
	.expires = { 2024, 3, 31 },
	.loan_max_months = 12,
	.location_check_months = 1,
	.loan_due_soon_days = 30,
	.takeout_grace_minutes = 0,
	.screenshot_max_days = 7,
};

const struct policy *policy_default(void)
{
	return &kumasho_121;
}

static int fail(const char **field, const char *name, const char **why,
		const char *msg)
{
	if (field)
		*field = name;
	if (why)
		*why = msg;
	return MM_EINVAL;
}

#define TERMINATED(arr) (memchr((arr), '\0', sizeof(arr)) != NULL)

static int id_valid(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		char c = *s;

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && !strchr("._-", c))
			return 0;
	}
	return 1;
}

static int text_valid(const char *s)
{
	return *s && utf8_valid(s, strlen(s));
}

static int in_range(int v, int lo, int hi)
{
	return v >= lo && v <= hi;
}

static int check_texts(const struct policy *p, const char **field,
		       const char **why)
{
	if (!TERMINATED(p->id) || !id_valid(p->id))
		return fail(field, "id", why, "版の識別子が正しくありません");
	if (!TERMINATED(p->number) || !text_valid(p->number))
		return fail(field, "number", why, "通達番号を入力してください");
	if (!TERMINATED(p->title) || !text_valid(p->title))
		return fail(field, "title", why, "通達の名称を入力してください");
	return 0;
}

static int check_dates(const struct policy *p, const char **field,
		       const char **why)
{
	if (!civil_valid(&p->issued))
		return fail(field, "issued", why, "発出日が正しくありません");
	if (!civil_valid(&p->expires) ||
	    civil_compare(&p->issued, &p->expires) > 0)
		return fail(field, "expires", why,
			    "有効期間満了日が正しくありません");
	return 0;
}

static int check_numbers(const struct policy *p, const char **field,
			 const char **why)
{
	if (!in_range(p->loan_max_months, 1, 120))
		return fail(field, "loan_max_months", why,
			    "借用期間の上限が正しくありません");
	if (!in_range(p->location_check_months, 1, 12) ||
	    12 % p->location_check_months != 0)
		return fail(field, "location_check_months", why,
			    "所在点検の間隔が正しくありません");
	if (!in_range(p->loan_due_soon_days, 0, 366))
		return fail(field, "loan_due_soon_days", why,
			    "返却期限の事前通知日数が正しくありません");
	if (!in_range(p->takeout_grace_minutes, 0, 7 * 24 * 60))
		return fail(field, "takeout_grace_minutes", why,
			    "持出しの猶予時間が正しくありません");
	if (!in_range(p->screenshot_max_days, 0, 366))
		return fail(field, "screenshot_max_days", why,
			    "スクリーンショットの保存日数が正しくありません");
	return 0;
}

int policy_check(const struct policy *p, const char **field,
		 const char **why)
{
	int rc;

	if (!p)
		return fail(field, "", why, "入力が正しくありません");
	if ((rc = check_texts(p, field, why)) < 0)
		return rc;
	if ((rc = check_dates(p, field, why)) < 0)
		return rc;
	return check_numbers(p, field, why);
}

int policy_in_force(const struct policy *p, const struct civil_date *d)
{
	if (!civil_valid(d))
		return 0;
	return civil_compare(&p->issued, d) <= 0 &&
	       civil_compare(d, &p->expires) <= 0;
}
