/*
 * doctype.c - the document types and their retention rules (R-RET-1..3).
 * Contract: doctype.h.
 */
#include "doctype.h"

#include <string.h>

#include "../lib/err.h"
#include "civil.h"
#include "policy.h"
#include "wareki.h"
#include "../lib/banned.h"

/*
 * Which records each type is (the store lists them, ops/disposal.c):
 * form1 designations (交信担当者指定簿), form2 loans (貸出管理簿), form3
 * borrowing applications, form4 photo-use approvals, form5 the results
 * report of a meeting, detail1 take-outs, detail5 the unit's register of
 * issued phones (a copy of the loans: no record of its own), detail6
 * the monthly location checks, detail9 service applications, detail12
 * security exceptions.
 */
const struct doctype doctypes[] = {
	{ "form1", "様式第1号", "交信担当者指定簿", 1 },
	{ "form2", "様式第2号", "貸出管理簿", 1 },
	{ "form3", "様式第3号", "借用申請書", 0 },
	{ "form4", "様式第4号", "警察職員の写真使用承認申請書", 0 },
	{ "form5", "様式第5号", "実施結果報告書", 0 },
	{ "detail1", "細目様式第1号", "モバイル端末・外部記録媒体等利用管理簿", 1 },
	{ "detail5", "細目様式第5号", "貸与携帯電話登録簿", 1 },
	{ "detail6", "細目様式第6号", "外部記録媒体点検表", 1 },
	{ "detail9", "細目様式第9号", "利用規約による外部サービス利用申請書", 0 },
	{ "detail12", "細目様式第12号", "例外措置適用申請書", 0 },
	{ NULL, NULL, NULL, 0 },
};

const struct doctype *doctype_find(const char *key)
{
	for (const struct doctype *t = doctypes; key && t->key; t++)
		if (strcmp(t->key, key) == 0)
			return t;
	return NULL;
}

/*
 * The periods are the directive's (第5), one table per version: form 2
 * three years, forms 1, 3, 4 and 5 one year, all 暦年, in the first; the
 * detail forms follow the detail rules (R-RET-3), policy data too.
 */
int doctype_rule(const struct policy *p, const char *key,
		 struct retention_rule *out)
{
	struct retention_rule r;

	if (!doctype_find(key) ||
	    policy_retention_rule(p ? p : policy_default(), key, &r) < 0)
		return MM_EINVAL;
	*out = r;
	return 0;
}

int doctype_due(const struct policy *p, const char *key,
		const struct civil_date *base,
		const struct civil_date *today, struct civil_date *from)
{
	struct retention_rule r;
	struct civil_date f;
	int rc = doctype_rule(p, key, &r);

	if (rc == 0)
		rc = retention_disposable_from(&r, base, &f);
	if (rc == 0 && !civil_valid(today))
		rc = MM_EINVAL;
	if (rc < 0)
		return rc;
	if (from)
		*from = f;
	return civil_compare(today, &f) >= 0;
}

int doctype_check_disposal(int disposed, int held, int due, const char **why)
{
	const char *w = disposed ? MM_DISPOSAL_DISPOSED_MSG :
			held ? MM_DISPOSAL_HELD_MSG :
			!due ? MM_DISPOSAL_NOT_DUE_MSG : NULL;

	*why = w;
	return w ? MM_ERULE : 0;
}
