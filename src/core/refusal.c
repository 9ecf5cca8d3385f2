/*
 * refusal.c - the table of refusal messages and their rules (refusal.h).
 * Each entry names the check that returns the message; keep the text
 * identical to it (test_refusal.c calls the check to make sure).
 */
#include "refusal.h"

#include <string.h>

#include "doctype.h"
#include "photo.h"
#include "roles.h"

#include "../lib/banned.h"

static const struct rule_refusal table[] = {
	/* doctype_check_disposal(): a hold stops disposal (R-RET-2) */
	{ "R-RET-2", MM_DISPOSAL_DISPOSED_MSG },
	{ "R-RET-2", MM_DISPOSAL_HELD_MSG },
	{ "R-RET-2", MM_DISPOSAL_NOT_DUE_MSG },
	/* application_check_consultation(): consult first (事前に). */
	{ "R-DEV-2", "統括運用管理者との協議は申請日以前に行ってください" },
	/*
	 * loan_check_period() and loan_check_extension(): one year in
	 * principle; an extension (R-DEV-8) is refused under the same rule.
	 */
	{ "R-DEV-2", "借用期間が原則の上限を超えています。"
		     "超える場合は例外とする理由を記録してください" },
	/* device_usable(): THE decision whether the unit may use a device. */
	{ "R-DEV-6", "貸出中の端末ではないため使用できません" },
	{ "R-DEV-4", "端末の受領が確認されていないため使用できません" },
	{ "R-DEV-4", "教養の記録がないため使用できません" },
	{ "R-DEV-6", "利用の許可を受けていない外部サービスがあるため使用できません" },
	/*
	 * The report after a take-out: takeout_check_incident(), and the
	 * results' message in takeout_report_record.
	 */
	{ "R-DEV-7", "紛失・破損等の状況を入力してください" },
	{ "R-DEV-7", "実施結果を入力してください" },
	/*
	 * return_checklist_confirm(): before a device goes back.  Its
	 * messages about one account begin with the account's name, so they
	 * are matched by their ending.
	 */
	{ "R-DEV-9", "の削除が確認されていません" },
	{ "R-DEV-9", "が重複して指定されています" },
	{ "R-DEV-9", "この端末に登録されていないアカウントが指定されています" },
	{ "R-DEV-9", "アプリをアンインストールしてください" },
	{ "R-DEV-9", "端末を借用前の状態に戻してください" },
	{ "R-DEV-9", "付属品をそろえてください" },
	/* role_check_assignment(): the general manager is HQ's (第2). */
	{ "R-ROLE-1", "統括運用管理者は本部少年課にのみ置くことができます" },
	/*
	 * role_check_direct(): officers are designated only through form 1,
	 * the register of R-ROLE-5 (which also holds R-ROLE-4's designations).
	 */
	{ "R-ROLE-5", MM_ROLE_BY_DESIGNATION_MSG },
	/* designation_check(): who may be designated, and on what grounds. */
	{ "R-ROLE-4", "この職員の階級が登録されていません" },
	{ "R-ROLE-4", "警部補（同相当職を含む。）以外の者を指定する理由を入力してください" },
	{ "R-ROLE-5", "サイバーパトロールの知識を入力してください" },
	{ "R-ROLE-5", "適性を入力してください" },
	/* service_check_agreement(), service_check_supersede(). */
	{ "R-SVC-2", "運用管理者及び統括運用管理者との協議を確認してください" },
	{ "R-SVC-3", "失効させる申請は許可中ではありません" },
	{ "R-SVC-3", "変更後の申請の手続が完了していません" },
	/* photo_check_usable(), photo_check_room(), photo_check_consent() */
	{ "R-PHOTO-2", MM_PHOTO_NO_EXCEPTION_MSG },
	{ "R-PHOTO-2", MM_PHOTO_NOT_APPROVED_MSG },
	{ "R-PHOTO-3", MM_PHOTO_LIMIT_MSG },
	/* photo_check_room_under(): the limit of the version in force */
	{ "R-PHOTO-3", MM_PHOTO_LIMIT_PREFIX },
	{ "R-PHOTO-1", MM_PHOTO_CONSENT_MSG },
	/* photo_check_send(), photo_check_closing(); the store's sends */
	{ "R-PHOTO-1", MM_PHOTO_UNASKED_MSG },
	{ "R-PHOTO-1", MM_PHOTO_TEXT_ONLY_MSG },
	{ "R-PHOTO-1", MM_PHOTO_NOT_STORED_MSG },
	{ "R-PHOTO-5", MM_PHOTO_NO_MEETING_MSG },
	{ "R-PHOTO-5", MM_PHOTO_OUTCOME_MSG },
	/* screenshot_check_taken(): only under an approved exception. */
	{ "R-EXC-3", "スクリーンショットを撮影した理由を入力してください" },
	{ "R-EXC-3", "スクリーンショットの例外措置が承認されていません" },
	/*
	 * A meeting of a protective contact case (core/meeting.c):
	 * meeting_check_before(), meeting_check_notified(),
	 * meeting_check_staff(), meeting_check_outcome() (with
	 * meeting_check_free_call()), meeting_check_close().
	 */
	{ "R-CASE-3", "接触前に報告してください" },
	{ "R-CASE-3", "少年課への連絡を確認してください" },
	/* the store's: a meeting arranged through the case's communication */
	{ "R-CASE-3", "交信中の事案ではないため、接触前の報告はできません" },
	{ "R-CASE-5", "接触には2人以上の職員で対応してください" },
	{ "R-CASE-5", "対象者が女性と思料されるため、女性職員を同行させてください" },
	{ "R-CASE-4", "少年と判明した場合は補導の種別を入力してください" },
	{ "R-CASE-4", "保護者に不良行為の事実を連絡してください" },
	{ "R-CASE-4", "連絡した保護者を入力してください" },
	{ "R-CASE-4", "保護者へ連絡した日時を入力してください" },
	{ "R-CASE-4", "保護者への連絡の方法を入力してください" },
	{ "R-CASE-4", "保護者に必要な監護又は指導上の措置を促してください" },
	{ "R-CASE-7", "不健全性的行為として補導する場合は、認めた事実を入力してください" },
	{ "R-CASE-9", "無料通話アプリは現場接触時に交信相手から連絡があった場合に限り使用できます" },
	{ "R-CASE-10", "応援する場合は派遣する職員を指定してください" },
	{ "R-CASE-10", "派遣する職員は回答する所属の職員を指定してください" },
	{ "R-CASE-10", "この所属は既に回答しています" },
	{ "R-CASE-11", "補導した児童の保護対策を検討してから終結してください" },
	{ "R-CASE-11", "支援が必要と認めた児童の措置を記録してください" },
	/*
	 * The front ends' words for two refusals the store makes with a bare
	 * MM_ERULE (web/ and api/ screenshots and services).
	 */
	{ "R-EXC-3", "この日に有効なスクリーンショットの例外措置がありません" },
	{ "R-SVC-1", "この端末は所属に貸し出されていません" },
	/*
	 * case_check_communicable(): only a case the division judged high
	 * goes on to communication; case_check_triage(): "other" is named.
	 */
	{ "R-CASE-1", "少年課が保護等の必要性が高いと判断した事案ではないため"
		      "交信することはできません" },
	{ "R-CASE-1", "その他の犯罪の名称を入力してください" },
	/*
	 * The store's assignment and log (store/ops/cases.c): a case goes
	 * only to a designated communication officer, who logs while the
	 * designation is in force.
	 */
	{ "R-ROLE-5", "交信担当者に指定されていない職員には事案を割り当てられません" },
	{ "R-ROLE-5", "交信担当者の指定が解除されているため記録できません" },
};

#define COUNT (sizeof(table) / sizeof(table[0]))

/* Whether s, less one final "。", ends with tail. */
static int ends_with(const char *s, const char *tail)
{
	static const char maru[] = "。";
	size_t n = strlen(s), t = strlen(tail);

	if (n >= sizeof(maru) - 1 &&
	    !strcmp(s + n - (sizeof(maru) - 1), maru))
		n -= sizeof(maru) - 1;
	return n >= t && !strncmp(s + n - t, tail, t);
}

const char *refusal_rule(const char *message)
{
	if (!message)
		return "";
	for (size_t i = 0; i < COUNT; i++)
		if (!strncmp(message, table[i].why, strlen(table[i].why)) ||
		    ends_with(message, table[i].why))
			return table[i].rule;
	return "";
}

const struct rule_refusal *refusal_table(size_t *n)
{
	*n = COUNT;
	return table;
}
