/*
 * records.c - the descriptors of the directive's records.  Limits are in
 * characters (what people count), never bytes; the members are sized to
 * hold that many four-byte characters, which record_desc_check() proves.
 */
#include "records.h"

#include <stddef.h>
#include <string.h>

#include "application.h"
#include "breach.h"
#include "case.h"
#include "designation.h"
#include "device.h"
#include "exception.h"
#include "loan.h"
#include "msgcheck.h"
#include "meeting.h"
#include "photo.h"
#include "policy.h"
#include "roles.h"
#include "service.h"
#include "takeout.h"
#include "text.h"
#include "validate.h"
#include "wareki.h"
#include "lib/err.h"
#include "lib/banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Fields every stored record has, set by the server. */
#define ID_FIELD(T) { .key = "id", .label = "番号", .type = FIELD_INT, \
	.flags = FIELD_SERVER | FIELD_LISTED, .min = 1, .max = INT64_MAX, \
	RECORD_MEMBER(T, id) }
#define VERSION_FIELD(T) { .key = "version", .label = "版", \
	.type = FIELD_INT, .flags = FIELD_SERVER, .min = 1, \
	.max = INT64_MAX, RECORD_MEMBER(T, version) }
/*
 * R-META-1: the version of the directive's rules in force when the
 * record was made, set by the database on insert (store_policy.h); 0
 * until then.
 */
#define POLICY_VERSION_FIELD(T) { .key = "policy_version", \
	.label = "通達版", .type = FIELD_INT, .flags = FIELD_SERVER, \
	.min = 0, .max = INT64_MAX, RECORD_MEMBER(T, policy_version) }
/* Who took a step of a record's chain, and when: set by the server. */
#define BY_FIELD(T, k, l, m) { .key = k, .label = l, .type = FIELD_REF, \
	.flags = FIELD_SERVER, RECORD_MEMBER(T, m) }
#define AT_FIELD(T, k, l, m) { .key = k, .label = l, .type = FIELD_MOMENT, \
	.flags = FIELD_SERVER, RECORD_MEMBER(T, m) }

/* ---- devices (R-DEV-1) ---- */

static const struct field_desc device_fields[] = {
	ID_FIELD(struct device),
	{ .key = "model", .label = "機種", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64, .hint = "例：AQUOS sense8",
	  RECORD_MEMBER(struct device, model) },
	{ .key = "phone", .label = "電話番号", .type = FIELD_TEXT,
	  .flags = FIELD_LISTED | FIELD_ASCII,
	  .max_chars = DEVICE_PHONE_MAX - 1,
	  .rule = device_import_check_phone, .pattern = "^\\+?[0-9-]*$",
	  .hint = "例：090-1234-5678",
	  RECORD_MEMBER(struct device, phone) },
	{ .key = "serial", .label = "製造番号・IMEI", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_ASCII,
	  .max_chars = DEVICE_SERIAL_MAX - 1,
	  .rule = device_import_check_serial,
	  .pattern = "^[A-Za-z0-9-]{1,63}$", .hint = "半角英数字とハイフン",
	  RECORD_MEMBER(struct device, serial) },
	{ .key = "contract_ref", .label = "契約番号", .type = FIELD_TEXT,
	  .flags = FIELD_POOLED, .max_chars = 64,
	  RECORD_MEMBER(struct device, contract_ref) },
	{ .key = "remarks", .label = "備考", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = DEVICE_REMARKS_CHARS,
	  RECORD_MEMBER(struct device, remarks) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = device_states, .n_names = COUNT(device_states),
	  RECORD_MEMBER(struct device, state) },
	{ .key = "unit_id", .label = "貸出先", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct device, unit_id) },
	{ .key = "loan_id", .label = "貸出", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct device, loan_id) },
	VERSION_FIELD(struct device),
};

const struct record_desc device_record = {
	.kind = "device", .label = "端末",
	.fields = device_fields, .n_fields = COUNT(device_fields),
};

/* ---- breach reports (R-CMP-6) ---- */

static const struct field_desc breach_fields[] = {
	ID_FIELD(struct breach),
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct breach, unit_id) },
	{ .key = "rule", .label = "違反した遵守事項", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .names = breach_rules, .n_names = COUNT(breach_rules),
	  RECORD_MEMBER(struct breach, rule) },
	{ .key = "what", .label = "違反の内容", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(struct breach, what) },
	{ .key = "who", .label = "違反をした者", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL | FIELD_POOLED,
	  .max_chars = 64, RECORD_MEMBER(struct breach, who) },
	{ .key = "occurred_at", .label = "発生日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T09:00",
	  RECORD_MEMBER(struct breach, occurred_at) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = breach_states, .n_names = COUNT(breach_states),
	  RECORD_MEMBER(struct breach, state) },
	{ .key = "incident", .label = "情報セキュリティインシデント",
	  .type = FIELD_BOOL, .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct breach, incident) },
	{ .key = "reported_by", .label = "報告者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct breach, reported_by) },
	{ .key = "reported_at", .label = "報告日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct breach, reported_at) },
	VERSION_FIELD(struct breach),
	POLICY_VERSION_FIELD(struct breach),
};

/* R-CMP-6: it happened before it is reported (breach_check_time). */
static int breach_report_rules(const void *rec, int64_t now, const char **field,
			const char **why)
{
	const struct breach *b = rec;

	*field = "occurred_at";
	return breach_check_time(b->occurred_at, now, why);
}

const struct record_desc breach_record = {
	.kind = "breach", .label = "違反報告",
	.fields = breach_fields, .n_fields = COUNT(breach_fields),
	.rules = breach_report_rules,
};

/* ---- protective-contact cases (R-CASE-1, R-CASE-2) ---- */

#define CASE struct protect_case

static const struct field_desc case_fields[] = {
	ID_FIELD(CASE),
	{ .key = "unit_id", .label = "報告所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(CASE, unit_id) },
	{ .key = "found_at", .label = "発見日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T21:30", RECORD_MEMBER(CASE, found_at) },
	{ .key = "service", .label = "サービス名", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64, .hint = "例：X（旧Twitter）",
	  RECORD_MEMBER(CASE, service) },
	{ .key = "post_ref", .label = "書き込みのURL・ID", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(CASE, post_ref) },
	{ .key = "post_text", .label = "書き込みの内容", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL | FIELD_POOLED,
	  .max_chars = 2000, RECORD_MEMBER(CASE, post_text) },
	{ .key = "risk_signals", .label = "危険性をうかがわせる点",
	  .type = FIELD_NOTE, .flags = FIELD_REQUIRED | FIELD_POOLED,
	  .max_chars = 1000, RECORD_MEMBER(CASE, risk_signals) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = case_states, .n_names = COUNT(case_states),
	  RECORD_MEMBER(CASE, state) },
	BY_FIELD(CASE, "reported_by", "報告者", reported_by),
	AT_FIELD(CASE, "reported_at", "報告日時", reported_at),
	{ .key = "crime", .label = "巻き込まれるおそれのある犯罪",
	  .type = FIELD_ENUM, .flags = FIELD_SERVER | FIELD_LISTED,
	  .names = case_crimes, .n_names = COUNT(case_crimes),
	  RECORD_MEMBER(CASE, crime) },
	{ .key = "crime_other", .label = "その他の犯罪の名称",
	  .type = FIELD_TEXT, .flags = FIELD_SERVER | FIELD_POOLED,
	  .max_chars = 100, RECORD_MEMBER(CASE, crime_other) },
	{ .key = "need", .label = "保護等の必要性", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER, .names = case_needs,
	  .n_names = COUNT(case_needs), RECORD_MEMBER(CASE, need) },
	{ .key = "triage_reason", .label = "判断の理由", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(CASE, triage_reason) },
	BY_FIELD(CASE, "triaged_by", "判断者", triaged_by),
	AT_FIELD(CASE, "triaged_at", "判断日時", triaged_at),
	{ .key = "assigned_unit_id", .label = "交信所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(CASE, assigned_unit_id) },
	{ .key = "officer_id", .label = "交信担当者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(CASE, officer_id) },
	{ .key = "device_id", .label = "使用端末", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(CASE, device_id) },
	{ .key = "loan_id", .label = "貸出", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(CASE, loan_id) },
	BY_FIELD(CASE, "assigned_by", "割当者", assigned_by),
	AT_FIELD(CASE, "assigned_at", "割当日時", assigned_at),
	VERSION_FIELD(CASE),
	POLICY_VERSION_FIELD(CASE),
};

/* R-CASE-1: the post was found before it is reported. */
static int case_report_rules(const void *rec, int64_t now, const char **field,
			     const char **why)
{
	*field = "found_at";
	return case_check_found(((const CASE *)rec)->found_at, now, why);
}

const struct record_desc case_record = {
	.kind = "case", .label = "事案",
	.fields = case_fields, .n_fields = COUNT(case_fields),
	.rules = case_report_rules,
};

#undef CASE

static const struct field_desc case_triage_fields[] = {
	{ .key = "crime", .label = "巻き込まれるおそれのある犯罪",
	  .type = FIELD_ENUM, .flags = FIELD_REQUIRED,
	  .names = case_crimes, .n_names = COUNT(case_crimes),
	  .schema = "CaseCrime", RECORD_MEMBER(struct case_triage, crime) },
	{ .key = "crime_other", .label = "その他の犯罪の名称",
	  .type = FIELD_TEXT, .flags = FIELD_POOLED, .max_chars = 100,
	  RECORD_MEMBER(struct case_triage, crime_other) },
	{ .key = "need", .label = "保護等の必要性", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED, .names = case_needs,
	  .n_names = COUNT(case_needs), .schema = "CaseNeed",
	  RECORD_MEMBER(struct case_triage, need) },
	{ .key = "reason", .label = "判断の理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(struct case_triage, reason) },
};

/* R-CASE-1: a crime "other" is named. */
static int case_triage_rules(const void *rec, int64_t now, const char **field,
			     const char **why)
{
	const struct case_triage *t = rec;

	(void)now;
	return case_check_triage(t->crime, t->crime_other, field, why);
}

const struct record_desc case_triage_record = {
	.kind = "case_triage", .label = "少年課の判断",
	.fields = case_triage_fields, .n_fields = COUNT(case_triage_fields),
	.rules = case_triage_rules,
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "CaseTriage",
};

static const struct field_desc case_assignment_fields[] = {
	{ .key = "unit_id", .label = "交信所属", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct case_assignment, unit_id) },
	{ .key = "officer_id", .label = "交信担当者", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct case_assignment, officer_id) },
	{ .key = "device_id", .label = "使用端末", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct case_assignment, device_id) },
};

const struct record_desc case_assignment_record = {
	.kind = "case_assignment", .label = "割当て",
	.fields = case_assignment_fields,
	.n_fields = COUNT(case_assignment_fields),
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "CaseAssignment",
};

#define MSG struct case_message

static const struct field_desc case_message_fields[] = {
	ID_FIELD(MSG),
	{ .key = "case_id", .label = "事案", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(MSG, case_id) },
	{ .key = "at", .label = "送受信日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T21:45", RECORD_MEMBER(MSG, at) },
	{ .key = "direction", .label = "送受信の別", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .names = case_directions,
	  .n_names = COUNT(case_directions),
	  RECORD_MEMBER(MSG, direction) },
	/* R-CASE-2: whatever was really sent: never refused for content */
	{ .key = "text", .label = "内容", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL | FIELD_POOLED,
	  .max_chars = 4000, RECORD_MEMBER(MSG, text) },
	{ .key = "screenshot_ref", .label = "スクリーンショット",
	  .type = FIELD_TEXT, .flags = FIELD_POOLED, .max_chars = 200,
	  .hint = "例：スクリーンショット記録の番号、捜査用携帯パソコン上のファイル名",
	  RECORD_MEMBER(MSG, screenshot_ref) },
	BY_FIELD(MSG, "recorded_by", "記録者", recorded_by),
	AT_FIELD(MSG, "recorded_at", "記録日時", recorded_at),
	{ .key = "flagged", .label = "送信内容の確認対象", .type = FIELD_BOOL,
	  .flags = FIELD_SERVER, RECORD_MEMBER(MSG, flagged) },
	{ .key = "flag_detail", .label = "該当した分類・語", .type = FIELD_TEXT,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(MSG, flag_detail) },
	{ .key = "review", .label = "確認", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER, .names = case_reviews,
	  .n_names = COUNT(case_reviews), RECORD_MEMBER(MSG, review) },
	{ .key = "review_note", .label = "確認の所見", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(MSG, review_note) },
	BY_FIELD(MSG, "reviewed_by", "確認者", reviewed_by),
	AT_FIELD(MSG, "reviewed_at", "確認日時", reviewed_at),
};

/* A message was sent or received before it is logged. */
static int case_message_rules(const void *rec, int64_t now, const char **field,
			      const char **why)
{
	*field = "at";
	return case_check_logged_at(((const MSG *)rec)->at, now, why);
}

const struct record_desc case_message_record = {
	.kind = "case_message", .label = "交信記録",
	.fields = case_message_fields, .n_fields = COUNT(case_message_fields),
	.rules = case_message_rules,
};

#undef MSG

static const struct field_desc case_review_fields[] = {
	{ .key = "message_id", .label = "確認する交信記録", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct case_review_note, message_id) },
	{ .key = "note", .label = "確認の所見", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(struct case_review_note, note) },
};

const struct record_desc case_review_record = {
	.kind = "case_review", .label = "送信内容の確認",
	.fields = case_review_fields, .n_fields = COUNT(case_review_fields),
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "CaseReview",
};

/* ---- borrowing applications, form 3 (R-DEV-2, R-DEV-8) ---- */

/*
 * The prior consultation with the general manager (事前協議): the same
 * fields in a new application and in an extension.
 */
#define CONSULTATION_FIELDS \
	{ .key = "consulted_on", .label = "協議した日", .type = FIELD_DATE, \
	  .flags = FIELD_REQUIRED, \
	  RECORD_MEMBER(struct borrow_application, consulted_on) }, \
	{ .key = "consulted_with", .label = "協議の相手", .type = FIELD_TEXT, \
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL | FIELD_POOLED, \
	  .max_chars = 64, \
	  RECORD_MEMBER(struct borrow_application, consulted_with) }, \
	{ .key = "consultation", .label = "協議で合意した内容", \
	  .type = FIELD_NOTE, .flags = FIELD_REQUIRED | FIELD_POOLED, \
	  .max_chars = 500, \
	  RECORD_MEMBER(struct borrow_application, consultation) }

/*
 * A new application as sent, and every application as answered.  What
 * it is about - its kind, the unit, the loan an extension extends - the
 * server reads before it authorizes (the API's selectors, the web's
 * path): those fields are the server's here.
 */
static const struct field_desc application_fields[] = {
	ID_FIELD(struct borrow_application),
	{ .key = "kind", .label = "区分", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = application_kinds,
	  .n_names = COUNT(application_kinds),
	  RECORD_MEMBER(struct borrow_application, kind) },
	{ .key = "unit_id", .label = "申請所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct borrow_application, unit_id) },
	{ .key = "loan_id", .label = "延長する貸出", .type = FIELD_REF,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct borrow_application, loan_id) },
	{ .key = "device_id", .label = "希望する端末", .type = FIELD_REF,
	  RECORD_MEMBER(struct borrow_application, device_id) },
	CONSULTATION_FIELDS,
	{ .key = "start", .label = "借用の開始日", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED, .column = "start_on",
	  RECORD_MEMBER(struct borrow_application, start) },
	{ .key = "due", .label = "返却期限", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .column = "due_on",
	  RECORD_MEMBER(struct borrow_application, due) },
	{ .key = "purpose", .label = "使用目的", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, purpose) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = application_states,
	  .n_names = COUNT(application_states),
	  RECORD_MEMBER(struct borrow_application, state) },
	{ .key = "applicant_id", .label = "申請者", .type = FIELD_REF,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct borrow_application, applicant_id) },
	{ .key = "applied_at", .label = "申請日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct borrow_application, applied_at) },
	{ .key = "decided_by", .label = "決定者", .type = FIELD_REF,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct borrow_application, decided_by) },
	{ .key = "decided_at", .label = "決定日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct borrow_application, decided_at) },
	{ .key = "decision_reason", .label = "決定の理由", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, decision_reason) },
	{ .key = "exception_reason", .label = "期間が原則を超える理由",
	  .type = FIELD_NOTE, .flags = FIELD_SERVER | FIELD_POOLED,
	  .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, exception_reason) },
	{ .key = "policy_id", .label = "運用要領", .type = FIELD_TEXT,
	  .flags = FIELD_SERVER | FIELD_ASCII, .max_chars = POLICY_ID_MAX - 1,
	  RECORD_MEMBER(struct borrow_application, policy_id) },
	VERSION_FIELD(struct borrow_application),
	POLICY_VERSION_FIELD(struct borrow_application),
};

/*
 * R-DEV-2, R-DEV-8: the consultation comes first (on or before today),
 * and the period is one: due on or after the start, an extension's due
 * after the loan's current due (in start, set by the server).  A period
 * over the limit is the general manager's to allow, with a reason, when
 * approving (application_decision_record): not refused here.
 */
static int application_rules(const void *rec, int64_t now, const char **field,
			     const char **why)
{
	const struct borrow_application *a = rec;
	const struct policy *p = policy_current();
	struct civil_date today = {0};
	int rc;

	*field = "consulted_on";
	if (civil_from_unix(now, &today) < 0)
		memset(&today, 0, sizeof(today));
	rc = application_check_consultation(&a->consulted_on, &today, why);
	if (rc < 0)
		return rc;
	*field = "due";
	rc = a->kind == APPLICATION_KIND_EXTENSION ?
		loan_check_extension(p, &a->start, &a->due, NULL, why) :
		loan_check_period(p, &a->start, &a->due, NULL, why);
	return rc == MM_ERULE ? 0 : rc;
}

const struct record_desc application_record = {
	.kind = "application", .label = "借用申請書",
	.fields = application_fields, .n_fields = COUNT(application_fields),
	.rules = application_rules,
};

/*
 * An extension as sent (R-DEV-8): the consultation, the new due date and
 * why.  Its start and device are the loan's, set by the server; it is
 * answered as an application.
 */
static const struct field_desc extension_fields[] = {
	CONSULTATION_FIELDS,
	{ .key = "due", .label = "延長後の返却期限", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct borrow_application, due) },
	{ .key = "purpose", .label = "延長の理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, purpose) },
};

const struct record_desc extension_record = {
	.kind = "extension", .label = "延長の申請（借用申請書）",
	.fields = extension_fields, .n_fields = COUNT(extension_fields),
	.rules = application_rules,
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ApplicationExtension",
};

static const struct field_desc application_decision_fields[] = {
	{ .key = "reason", .label = "決定の理由", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct application_decision, reason) },
	{ .key = "exception_reason", .label = "期間が原則を超える理由",
	  .type = FIELD_NOTE, .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct application_decision, exception_reason) },
};

/*
 * R-DEV-2, R-DEV-8: only an approval records a reason for a period over
 * the limit, a refusal says why, and an approval over the limit needs
 * that reason (MM_ERULE) - counted from an extension's current due date.
 */
static int application_decision_rules(const void *rec, int64_t now,
				      const char **field, const char **why)
{
	const struct application_decision *d = rec;
	const struct policy *p = policy_current();
	int rc;

	(void)now;
	*field = "exception_reason";
	rc = application_check_exception_reason(d->event, d->exception_reason,
						why);
	if (rc < 0 || d->event == APPLICATION_EV_WITHDRAW)
		return rc;
	*field = "reason";
	rc = application_check_decision(d->event, d->reason, why);
	if (rc < 0 || d->event != APPLICATION_EV_APPROVE)
		return rc;
	rc = d->kind == APPLICATION_KIND_EXTENSION ?
		loan_check_extension(p, &d->from, &d->due, d->exception_reason,
				     why) :
		loan_check_period(p, &d->from, &d->due, d->exception_reason, why);
	*field = rc == MM_ERULE ? "exception_reason" : "due";
	return rc;
}

const struct record_desc application_decision_record = {
	.kind = "application_decision", .label = "借用申請の決定",
	.fields = application_decision_fields,
	.n_fields = COUNT(application_decision_fields),
	.rules = application_decision_rules,
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ApplicationDecision",
};

/* ---- loans: the lending register, form 2 (R-DEV-1, 3, 4, 9) ---- */

/*
 * A loan as the register answers it, and what lends it (R-DEV-3): the
 * device, on the approved application that the request is about (the
 * API's selector, the web's path), read before it is authorized.  The
 * training, the return checklist and whether it was extended are
 * answered beside these fields.
 */
static const struct field_desc loan_fields[] = {
	ID_FIELD(struct loan),
	{ .key = "device_id", .label = "貸し出す端末", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(struct loan, device_id) },
	{ .key = "unit_id", .label = "借用所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct loan, unit_id) },
	{ .key = "application_id", .label = "借用申請", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, application_id) },
	{ .key = "start", .label = "貸出日", .type = FIELD_DATE,
	  .flags = FIELD_SERVER | FIELD_LISTED, .column = "start_on",
	  RECORD_MEMBER(struct loan, start) },
	{ .key = "due", .label = "返却期限", .type = FIELD_DATE,
	  .flags = FIELD_SERVER | FIELD_LISTED, .column = "due_on",
	  RECORD_MEMBER(struct loan, due) },
	{ .key = "original_due", .label = "当初の返却期限", .type = FIELD_DATE,
	  .flags = FIELD_SERVER, .column = "original_due_on",
	  RECORD_MEMBER(struct loan, original_due) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = loan_states,
	  .n_names = COUNT(loan_states), RECORD_MEMBER(struct loan, state) },
	{ .key = "lent_by", .label = "貸出者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, lent_by) },
	{ .key = "lent_at", .label = "貸出日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, lent_at) },
	{ .key = "received_by", .label = "受領者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, received_by) },
	{ .key = "received_at", .label = "受領日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, received_at) },
	{ .key = "returned_by", .label = "返却手続者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, returned_by) },
	{ .key = "returned_at", .label = "返却手続日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, returned_at) },
	{ .key = "closed_by", .label = "点検者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, closed_by) },
	{ .key = "closed_at", .label = "点検日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, closed_at) },
	{ .key = "anomaly", .label = "異常あり", .type = FIELD_BOOL,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, anomaly) },
	{ .key = "anomaly_text", .label = "異常の内容", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct loan, anomaly_text) },
	{ .key = "policy_id", .label = "運用要領", .type = FIELD_TEXT,
	  .flags = FIELD_SERVER | FIELD_ASCII, .max_chars = POLICY_ID_MAX - 1,
	  RECORD_MEMBER(struct loan, policy_id) },
	VERSION_FIELD(struct loan),
	POLICY_VERSION_FIELD(struct loan),
};

const struct record_desc loan_record = {
	.kind = "loan", .label = "貸出",
	.fields = loan_fields, .n_fields = COUNT(loan_fields),
	.input_schema = "LendRequest",
};

/* The training recorded with the receipt (R-DEV-4), sent and answered. */
static const struct field_desc training_fields[] = {
	{ .key = "trained_on", .label = "研修の実施日", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct training_record, trained_on) },
	{ .key = "trainer", .label = "研修の講師", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL | FIELD_POOLED,
	  .max_chars = 64, .hint = "統括運用管理者が指名した少年課の職員",
	  RECORD_MEMBER(struct training_record, trainer) },
	{ .key = "topics", .label = "研修の内容", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct training_record, topics) },
};

/* R-DEV-4: the training has taken place (not after today). */
static int training_rules(const void *rec, int64_t now, const char **field,
			  const char **why)
{
	struct civil_date today = {0};

	*field = "trained_on";
	if (civil_from_unix(now, &today) < 0)
		memset(&today, 0, sizeof(today));
	return loan_check_training(rec, &today, why);
}

const struct record_desc loan_training_record = {
	.kind = "training", .label = "研修の記録",
	.fields = training_fields, .n_fields = COUNT(training_fields),
	.rules = training_rules,
	.input_schema = "ReceiveRequest",
};

/* ---- take-outs, detail form 1 (R-DEV-6, R-DEV-7) ---- */

/*
 * A take-out as asked (the loan it is of is the request's selector, the
 * web's path) and as answered.  Whether nothing was lost or damaged is
 * answered beside these fields: null until the officer reports.
 */
static const struct field_desc takeout_fields[] = {
	ID_FIELD(struct takeout),
	{ .key = "loan_id", .label = "貸出", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct takeout, loan_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct takeout, unit_id) },
	{ .key = "officer_id", .label = "申請者（交信担当者）",
	  .type = FIELD_REF, .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct takeout, officer_id) },
	{ .key = "out_at", .label = "持出し日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T09:00",
	  RECORD_MEMBER(struct takeout, out_at) },
	{ .key = "expected_back", .label = "帰庁予定日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T17:00",
	  RECORD_MEMBER(struct takeout, expected_back) },
	{ .key = "destination", .label = "行き先", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64,
	  RECORD_MEMBER(struct takeout, destination) },
	{ .key = "reason", .label = "持出しの理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, reason) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = takeout_states,
	  .n_names = COUNT(takeout_states),
	  RECORD_MEMBER(struct takeout, state) },
	{ .key = "requested_at", .label = "申請日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct takeout, requested_at) },
	{ .key = "decided_by", .label = "許可・不許可をした者",
	  .type = FIELD_REF, .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct takeout, decided_by) },
	{ .key = "decided_at", .label = "決定日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct takeout, decided_at) },
	{ .key = "decision_reason", .label = "決定の理由", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, decision_reason) },
	{ .key = "returned_at", .label = "帰庁日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct takeout, returned_at) },
	{ .key = "incident", .label = "紛失・破損等の状況", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, incident) },
	{ .key = "results", .label = "実施結果", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, results) },
	VERSION_FIELD(struct takeout),
	POLICY_VERSION_FIELD(struct takeout),
};

/* The planned return is after the departure (takeout_check_request). */
static int takeout_rules(const void *rec, int64_t now, const char **field,
			 const char **why)
{
	const struct takeout *t = rec;

	(void)now;
	*field = "expected_back";
	return takeout_check_request(t->out_at, t->expected_back, why);
}

const struct record_desc takeout_record = {
	.kind = "takeout", .label = "持出し",
	.fields = takeout_fields, .n_fields = COUNT(takeout_fields),
	.rules = takeout_rules,
};

static const struct field_desc takeout_decision_fields[] = {
	{ .key = "reason", .label = "決定の理由", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct takeout_decision, reason) },
};

/* A refusal tells the officer why (takeout_check_decision). */
static int takeout_decision_rules(const void *rec, int64_t now,
				  const char **field, const char **why)
{
	const struct takeout_decision *d = rec;

	(void)now;
	*field = "reason";
	return takeout_check_decision(d->event, d->reason, why);
}

const struct record_desc takeout_decision_record = {
	.kind = "takeout_decision", .label = "持出しの許可・不許可",
	.fields = takeout_decision_fields,
	.n_fields = COUNT(takeout_decision_fields),
	.rules = takeout_decision_rules,
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "TakeoutDecision",
};

/*
 * The report after use (R-DEV-7): the results, a required field with
 * R-DEV-7's message, and, when something was lost or damaged, what
 * happened - a rule (takeout_check_incident).
 */
static const struct field_desc takeout_report_fields[] = {
	{ .key = "no_loss_or_damage", .label = "紛失・破損はなかった",
	  .type = FIELD_BOOL,
	  RECORD_MEMBER(struct takeout_report, no_loss_or_damage) },
	{ .key = "incident", .label = "紛失・破損等の状況", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  .hint = "紛失・破損があった場合に入力してください",
	  RECORD_MEMBER(struct takeout_report, incident) },
	{ .key = "results", .label = "実施結果", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  .why_missing = "実施結果を入力してください", /* R-DEV-7 */
	  RECORD_MEMBER(struct takeout_report, results) },
};

/* R-DEV-7: what happened, unless nothing was lost or damaged. */
static int takeout_report_rules(const void *rec, int64_t now,
				const char **field, const char **why)
{
	const struct takeout_report *r = rec;

	(void)now;
	*field = "incident";
	return takeout_check_incident(r->no_loss_or_damage, r->incident, why);
}

const struct record_desc takeout_report_record = {
	.kind = "takeout_report", .label = "持出しの報告",
	.fields = takeout_report_fields,
	.n_fields = COUNT(takeout_report_fields),
	.rules = takeout_report_rules,
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "TakeoutReport",
};

/* ---- monthly location checks, detail form 6 (R-DEV-5) ---- */

/* A check of a loan's device (the loan is the path's), as recorded and answered. */
static const struct field_desc location_check_fields[] = {
	ID_FIELD(struct location_check_entry),
	{ .key = "loan_id", .label = "貸出", .type = FIELD_REF,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct location_check_entry, loan_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct location_check_entry, unit_id) },
	{ .key = "checked_on", .label = "確認日", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(struct location_check_entry, checked_on) },
	{ .key = "in_cabinet", .label = "施錠できる保管庫に保管されていた",
	  .type = FIELD_BOOL, .flags = FIELD_LISTED,
	  RECORD_MEMBER(struct location_check_entry, in_cabinet) },
	{ .key = "remarks", .label = "備考", .type = FIELD_NOTE,
	  .flags = FIELD_LISTED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct location_check_entry, remarks) },
	{ .key = "checked_by", .label = "確認者", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct location_check_entry, checked_by) },
	{ .key = "recorded_at", .label = "記録日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct location_check_entry, recorded_at) },
	POLICY_VERSION_FIELD(struct location_check_entry),
};

/* R-DEV-5: dated on a day the unit held the device (loan_start: the server's). */
static int location_check_rules(const void *rec, int64_t now,
				const char **field, const char **why)
{
	const struct location_check_entry *c = rec;
	struct civil_date today = {0};

	*field = "checked_on";
	if (civil_from_unix(now, &today) < 0)
		memset(&today, 0, sizeof(today));
	return location_check_date(&c->checked_on, &c->loan_start, &today, why);
}

const struct record_desc location_check_record = {
	.kind = "location_check", .label = "所在確認",
	.fields = location_check_fields,
	.n_fields = COUNT(location_check_fields),
	.rules = location_check_rules,
};

/* ---- applications to use an external service, detail form 9 (R-SVC) ---- */

#define SVC struct service_application

static const struct field_desc service_fields[] = {
	ID_FIELD(SVC),
	{ .key = "account_id", .label = "最初の申請", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(SVC, account_id) },
	{ .key = "replaces_id", .label = "変更前の申請", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(SVC, replaces_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(SVC, unit_id) },
	{ .key = "service", .label = "外部サービスの名称", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64, .hint = "例：X、LINE", RECORD_MEMBER(SVC, service) },
	{ .key = "handle", .label = "アカウント", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64, RECORD_MEMBER(SVC, handle) },
	{ .key = "device_id", .label = "端末", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(SVC, device_id) },
	{ .key = "purpose", .label = "利用目的", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(SVC, purpose) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = service_states,
	  .n_names = COUNT(service_states), RECORD_MEMBER(SVC, state) },
	BY_FIELD(SVC, "applied_by", "申請者", applied_by),
	AT_FIELD(SVC, "applied_at", "申請日時", applied_at),
	BY_FIELD(SVC, "decided_by", "許可・不許可をした運用管理者", decided_by),
	AT_FIELD(SVC, "decided_at", "許可・不許可の日時", decided_at),
	{ .key = "refusal_reason", .label = "不許可の理由", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(SVC, refusal_reason) },
	BY_FIELD(SVC, "forwarded_by", "送付した統括運用管理者", forwarded_by),
	AT_FIELD(SVC, "forwarded_at", "送付の日時", forwarded_at),
	{ .key = "measures", .label = "講ずべき対策", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(SVC, measures) },
	{ .key = "agreed_with_manager", .label = "運用管理者と協議した",
	  .type = FIELD_BOOL, .flags = FIELD_SERVER,
	  RECORD_MEMBER(SVC, agreed_with_manager) },
	{ .key = "agreed_with_general_manager",
	  .label = "統括運用管理者と協議した", .type = FIELD_BOOL,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(SVC, agreed_with_general_manager) },
	BY_FIELD(SVC, "measures_by", "対策を決定した情報セキュリティ管理者",
		 measures_by),
	AT_FIELD(SVC, "measures_at", "対策の決定日時", measures_at),
	BY_FIELD(SVC, "ended_by", "終了させた者", ended_by),
	AT_FIELD(SVC, "ended_at", "終了の日時", ended_at),
	{ .key = "deletion_note", .label = "削除の内容", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(SVC, deletion_note) },
	{ .key = "deletion_acknowledged_by",
	  .label = "削除報告を確認した運用管理者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, .column = "deletion_ack_by",
	  RECORD_MEMBER(SVC, deletion_ack_by) },
	{ .key = "deletion_acknowledged_at", .label = "削除報告の確認日時",
	  .type = FIELD_MOMENT, .flags = FIELD_SERVER,
	  .column = "deletion_ack_at", RECORD_MEMBER(SVC, deletion_ack_at) },
	VERSION_FIELD(SVC),
	POLICY_VERSION_FIELD(SVC),
};

const struct record_desc service_record = {
	.kind = "service", .label = "外部サービスの利用申請",
	.fields = service_fields, .n_fields = COUNT(service_fields),
	.update_schema = "ServiceChange",
};

static const struct field_desc service_refusal_fields[] = {
	{ .key = "reason", .label = "不許可の理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct service_refusal, reason) },
};

const struct record_desc service_refusal_record = {
	.kind = "service_refusal", .label = "不許可",
	.fields = service_refusal_fields,
	.n_fields = COUNT(service_refusal_fields),
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "ServiceRefusal",
};

static const struct field_desc service_deletion_fields[] = {
	{ .key = "note", .label = "削除の内容", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct service_deletion, note) },
};

const struct record_desc service_deletion_record = {
	.kind = "service_deletion", .label = "アカウント削除の届出",
	.fields = service_deletion_fields,
	.n_fields = COUNT(service_deletion_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ServiceDeletion",
};

#define MEASURES struct service_measures

static const struct field_desc service_measures_fields[] = {
	{ .key = "measures", .label = "講ずべき対策", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(MEASURES, measures) },
	{ .key = "agreed_with_manager", .label = "運用管理者と協議した",
	  .type = FIELD_BOOL, .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(MEASURES, agreed_with_manager) },
	{ .key = "agreed_with_general_manager",
	  .label = "統括運用管理者と協議した", .type = FIELD_BOOL,
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(MEASURES, agreed_with_general_manager) },
};

/* R-SVC-2: agreed with both (service_check_agreement), blaming who not. */
static int service_measures_rules(const void *rec, int64_t now,
				  const char **field, const char **why)
{
	const MEASURES *m = rec;

	(void)now;
	*field = !m->agreed_with_manager ? "agreed_with_manager" :
		 "agreed_with_general_manager";
	return service_check_agreement(m->agreed_with_manager,
				       m->agreed_with_general_manager, why);
}

const struct record_desc service_measures_record = {
	.kind = "service_measures", .label = "講ずべき対策の決定",
	.fields = service_measures_fields,
	.n_fields = COUNT(service_measures_fields),
	.rules = service_measures_rules, .output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ServiceMeasures",
};

#undef MEASURES
#undef SVC

/* ---- security exceptions, detail form 12 (R-EXC-1..3) ---- */

#define EXC struct security_exception

static const struct field_desc exception_fields[] = {
	ID_FIELD(EXC),
	{ .key = "kind", .label = "例外措置の種別", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .names = exception_kinds,
	  .n_names = COUNT(exception_kinds), RECORD_MEMBER(EXC, kind) },
	{ .key = "scope", .label = "適用範囲", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 500,
	  .hint = "例：熊本北警察署の端末2台、サイバーパトロールの証拠保全に限る",
	  RECORD_MEMBER(EXC, scope) },
	{ .key = "purpose", .label = "申請の理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(EXC, purpose) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = exception_states,
	  .n_names = COUNT(exception_states), RECORD_MEMBER(EXC, state) },
	BY_FIELD(EXC, "applicant_id", "申請者", applicant_id),
	AT_FIELD(EXC, "applied_at", "申請日時", applied_at),
	{ .key = "approved_scope", .label = "承認した適用範囲",
	  .type = FIELD_NOTE, .flags = FIELD_SERVER | FIELD_POOLED,
	  .max_chars = 500, RECORD_MEMBER(EXC, approved_scope) },
	{ .key = "valid_from", .label = "適用期間の初日", .type = FIELD_DATE,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(EXC, valid_from) },
	{ .key = "valid_until", .label = "適用期間の末日", .type = FIELD_DATE,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(EXC, valid_until) },
	BY_FIELD(EXC, "decided_by", "承認・不承認をした者", decided_by),
	AT_FIELD(EXC, "decided_at", "承認・不承認の日時", decided_at),
	BY_FIELD(EXC, "ended_by", "取下げ・取消しをした者", ended_by),
	AT_FIELD(EXC, "ended_at", "取下げ・取消しの日時", ended_at),
	{ .key = "reason", .label = "不承認・取下げ・取消しの理由",
	  .type = FIELD_NOTE, .flags = FIELD_SERVER | FIELD_POOLED,
	  .max_chars = 500, RECORD_MEMBER(EXC, reason) },
	VERSION_FIELD(EXC),
	POLICY_VERSION_FIELD(EXC),
};

const struct record_desc exception_record = {
	.kind = "exception", .label = "例外措置の適用申請",
	.fields = exception_fields, .n_fields = COUNT(exception_fields),
};

#define APPROVAL struct exception_approval

static const struct field_desc exception_approval_fields[] = {
	{ .key = "scope", .label = "承認する適用範囲", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(APPROVAL, scope) },
	{ .key = "valid_from", .label = "適用期間の初日", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED, RECORD_MEMBER(APPROVAL, valid_from) },
	{ .key = "valid_until", .label = "適用期間の末日", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED, RECORD_MEMBER(APPROVAL, valid_until) },
};

/* R-EXC-1..3: the period runs forward (exception_check_period). */
static int exception_approval_rules(const void *rec, int64_t now,
				    const char **field, const char **why)
{
	const APPROVAL *a = rec;

	(void)now;
	*field = "valid_until";
	return exception_check_period(&a->valid_from, &a->valid_until, why);
}

const struct record_desc exception_approval_record = {
	.kind = "exception_approval", .label = "例外措置の承認",
	.fields = exception_approval_fields,
	.n_fields = COUNT(exception_approval_fields),
	.rules = exception_approval_rules, .output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ExceptionApproval",
};

/*
 * R-EXC: a refusal and a revocation say why (exception_check_end()); a
 * withdrawal need not.  One struct, two requests.
 */
static const struct field_desc exception_end_fields[] = {
	{ .key = "reason", .label = "理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  .why_missing = "理由を入力してください",
	  RECORD_MEMBER(struct exception_end, reason) },
};

/* exception_check_end() on the step the server set (event). */
static int exception_end_rules(const void *rec, int64_t now,
			       const char **field, const char **why)
{
	const struct exception_end *e = rec;

	(void)now;
	*field = "reason";
	return exception_check_end(e->event, e->reason, why);
}

const struct record_desc exception_end_record = {
	.kind = "exception_end", .label = "不承認・取消し",
	.fields = exception_end_fields,
	.n_fields = COUNT(exception_end_fields),
	.rules = exception_end_rules,
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "ExceptionEnd",
};

static const struct field_desc exception_withdrawal_fields[] = {
	{ .key = "reason", .label = "理由", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct exception_end, reason) },
};

const struct record_desc exception_withdrawal_record = {
	.kind = "exception_withdrawal", .label = "取下げ",
	.fields = exception_withdrawal_fields,
	.n_fields = COUNT(exception_withdrawal_fields),
	.rules = exception_end_rules,
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ExceptionWithdrawal",
};

#undef APPROVAL
#undef EXC

/* ---- staff face photos: form 4 and the processed photos (R-PHOTO-*) ---- */

#define PA struct photo_approval

static const struct field_desc photo_approval_fields[] = {
	ID_FIELD(PA),
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(PA, unit_id) },
	{ .key = "staff_id", .label = "写真の本人（職員）", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED, RECORD_MEMBER(PA, staff_id) },
	/* R-PHOTO-1: the server's copy of the staff member's name */
	{ .key = "staff_name", .label = "写真の本人", .type = FIELD_TEXT,
	  .flags = FIELD_SERVER | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64, RECORD_MEMBER(PA, staff_name) },
	{ .key = "consent", .label = "本人の同意", .type = FIELD_BOOL,
	  .flags = FIELD_REQUIRED, RECORD_MEMBER(PA, consent) },
	{ .key = "purpose", .label = "使用目的", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(PA, purpose) },
	{ .key = "device_id", .label = "端末", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(PA, device_id) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = photo_approval_states,
	  .n_names = COUNT(photo_approval_states),
	  RECORD_MEMBER(PA, state) },
	BY_FIELD(PA, "applied_by", "申請者", applied_by),
	AT_FIELD(PA, "applied_at", "申請日時", applied_at),
	BY_FIELD(PA, "decided_by", "決裁者", decided_by),
	AT_FIELD(PA, "decided_at", "決裁日時", decided_at),
	VERSION_FIELD(PA),
	POLICY_VERSION_FIELD(PA),
};

/* R-PHOTO-1: the staff member agreed to the use of the photo. */
static int photo_approval_rules(const void *rec, int64_t now,
				const char **field, const char **why)
{
	(void)now;
	*field = "consent";
	return photo_check_consent(((const PA *)rec)->consent, why);
}

const struct record_desc photo_approval_record = {
	.kind = "photo_approval", .label = "写真使用承認申請",
	.fields = photo_approval_fields,
	.n_fields = COUNT(photo_approval_fields),
	.rules = photo_approval_rules,
};

#undef PA

static const struct field_desc photo_fields[] = {
	ID_FIELD(struct photo),
	{ .key = "approval_id", .label = "写真使用承認申請", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct photo, approval_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct photo, unit_id) },
	{ .key = "device_id", .label = "端末", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct photo, device_id) },
	{ .key = "effect", .label = "加工の方法", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .names = photo_effects,
	  .n_names = COUNT(photo_effects),
	  RECORD_MEMBER(struct photo, effect) },
	{ .key = "strength", .label = "加工の強さ", .type = FIELD_INT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .min = 1, .max = 10,
	  .hint = "1（弱い）〜10（強い）",
	  RECORD_MEMBER(struct photo, strength) },
	{ .key = "width", .label = "幅", .type = FIELD_INT,
	  .flags = FIELD_SERVER, .min = 0, .max = INT64_MAX,
	  RECORD_MEMBER(struct photo, width) },
	{ .key = "height", .label = "高さ", .type = FIELD_INT,
	  .flags = FIELD_SERVER, .min = 0, .max = INT64_MAX,
	  RECORD_MEMBER(struct photo, height) },
	{ .key = "size", .label = "バイト数", .type = FIELD_INT,
	  .flags = FIELD_SERVER, .min = 0, .max = INT64_MAX,
	  RECORD_MEMBER(struct photo, size) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = photo_states, .n_names = COUNT(photo_states),
	  RECORD_MEMBER(struct photo, state) },
	BY_FIELD(struct photo, "created_by", "加工者", created_by),
	AT_FIELD(struct photo, "created_at", "加工日時", created_at),
	BY_FIELD(struct photo, "removed_by", "削除者", removed_by),
	AT_FIELD(struct photo, "removed_at", "削除日時", removed_at),
	VERSION_FIELD(struct photo),
	POLICY_VERSION_FIELD(struct photo),
};

const struct record_desc photo_record = {
	.kind = "photo", .label = "加工済みの顔写真",
	.fields = photo_fields, .n_fields = COUNT(photo_fields),
};

#define PS struct photo_send

/* R-PHOTO-1: a send names the case and the message that asked. */
static const struct field_desc photo_send_fields[] = {
	ID_FIELD(PS),
	{ .key = "photo_id", .label = "顔写真", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(PS, photo_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(PS, unit_id) },
	{ .key = "case_id", .label = "事案", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, RECORD_MEMBER(PS, case_id) },
	{ .key = "message_id", .label = "顔写真を求められた受信メッセージ",
	  .type = FIELD_REF, .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(PS, message_id) },
	{ .key = "text_insufficient",
	  .label = "文章だけでは面会に結び付かないことの確認",
	  .type = FIELD_BOOL, .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(PS, text_insufficient) },
	BY_FIELD(PS, "sent_by", "送信者", sent_by),
	AT_FIELD(PS, "sent_at", "送信の記録日時", sent_at),
	{ .key = "outcome", .label = "削除の結果", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = photo_send_outcomes,
	  .n_names = COUNT(photo_send_outcomes),
	  RECORD_MEMBER(PS, outcome) },
	BY_FIELD(PS, "outcome_by", "結果の記録者", outcome_by),
	AT_FIELD(PS, "outcome_at", "結果の記録日時", outcome_at),
	VERSION_FIELD(PS),
};

const struct record_desc photo_send_record = {
	.kind = "photo_send", .label = "顔写真の送信",
	.fields = photo_send_fields, .n_fields = COUNT(photo_send_fields),
};

/* R-PHOTO-5: the outcome, the body of its step. */
static const struct field_desc photo_send_outcome_fields[] = {
	{ .key = "outcome", .label = "削除の結果", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED, .names = photo_send_outcomes,
	  .n_names = COUNT(photo_send_outcomes),
	  RECORD_MEMBER(PS, outcome) },
};

const struct record_desc photo_send_outcome_record = {
	.kind = "photo_send_outcome", .label = "削除の結果",
	.fields = photo_send_outcome_fields,
	.n_fields = COUNT(photo_send_outcome_fields),
	.output_schema = RECORD_NO_SCHEMA, .input_schema = RECORD_NO_SCHEMA,
};

#undef PS

/* ---- screenshots (R-EXC-3) ---- */

#define SHOT struct screenshot

static const struct field_desc screenshot_fields[] = {
	ID_FIELD(SHOT),
	{ .key = "loan_id", .label = "撮影した端末", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED, RECORD_MEMBER(SHOT, loan_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(SHOT, unit_id) },
	{ .key = "device_id", .label = "端末", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(SHOT, device_id) },
	{ .key = "exception_id", .label = "根拠の例外措置", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(SHOT, exception_id) },
	{ .key = "case_ref", .label = "事件（事案名・番号）", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_POOLED,
	  .max_chars = 64, RECORD_MEMBER(SHOT, case_ref) },
	{ .key = "taken_at", .label = "撮影日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T09:00", RECORD_MEMBER(SHOT, taken_at) },
	{ .key = "taken_on", .label = "撮影日", .type = FIELD_DATE,
	  .flags = FIELD_SERVER, RECORD_MEMBER(SHOT, taken_on) },
	{ .key = "reason", .label = "撮影した理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(SHOT, reason) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = screenshot_states,
	  .n_names = COUNT(screenshot_states), RECORD_MEMBER(SHOT, state) },
	BY_FIELD(SHOT, "recorded_by", "記録者", recorded_by),
	AT_FIELD(SHOT, "recorded_at", "記録日時", recorded_at),
	BY_FIELD(SHOT, "disposed_by", "移管・削除をした者", disposed_by),
	AT_FIELD(SHOT, "disposed_at", "移管・削除の日時", disposed_at),
	{ .key = "disposal_note", .label = "処理の記録", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(SHOT, disposal_note) },
	VERSION_FIELD(SHOT),
	POLICY_VERSION_FIELD(SHOT),
};

/* R-EXC-3: a shot is logged after it was taken (screenshot_check_time()). */
static int screenshot_rules(const void *rec, int64_t now, const char **field,
			    const char **why)
{
	*field = "taken_at";
	return screenshot_check_time(((const SHOT *)rec)->taken_at, now, why);
}

const struct record_desc screenshot_record = {
	.kind = "screenshot", .label = "スクリーンショットの記録",
	.fields = screenshot_fields, .n_fields = COUNT(screenshot_fields),
	.rules = screenshot_rules,
};

static const struct field_desc screenshot_disposal_fields[] = {
	{ .key = "note", .label = "処理の記録", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  .hint = "例：捜査用携帯パソコン No.3 へ移管",
	  RECORD_MEMBER(struct screenshot_disposal, note) },
};

const struct record_desc screenshot_disposal_record = {
	.kind = "screenshot_disposal", .label = "移管・削除",
	.fields = screenshot_disposal_fields,
	.n_fields = COUNT(screenshot_disposal_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "ScreenshotDisposal",
};

#undef SHOT

/* ---- designations, form 1 (R-ROLE-4, R-ROLE-5) ---- */

#define DSG struct designation

/* The grounds of a designation or re-designation, one description for both. */
#define GROUNDS_FIELDS \
	{ .key = "exception_reason", \
	  .label = "警部補以外の者を運用担当者に指定する理由", \
	  .type = FIELD_NOTE, .flags = FIELD_POOLED, .max_chars = 500, \
	  .hint = "運用担当者を警部補（同相当職を含む。）以外から指定する場合に入力", \
	  RECORD_MEMBER(DSG, exception_reason) }, \
	{ .key = "knowledge", .label = "サイバーパトロールに関する知識", \
	  .type = FIELD_NOTE, .flags = FIELD_POOLED, .max_chars = 500, \
	  .hint = "交信担当者の指定に必要", \
	  RECORD_MEMBER(DSG, knowledge) }, \
	{ .key = "aptitude", .label = "適性", .type = FIELD_NOTE, \
	  .flags = FIELD_POOLED, .max_chars = 500, .hint = "交信担当者の指定に必要", \
	  RECORD_MEMBER(DSG, aptitude) }

static const struct field_desc designation_fields[] = {
	ID_FIELD(DSG),
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(DSG, unit_id) },
	{ .key = "user_id", .label = "職員", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, RECORD_MEMBER(DSG, user_id) },
	{ .key = "role", .label = "役割", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .names = designated_roles,
	  .n_names = COUNT(designated_roles), RECORD_MEMBER(DSG, role) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = designation_states,
	  .n_names = COUNT(designation_states), RECORD_MEMBER(DSG, state) },
	/* R-ROLE-4: the user's recorded rank, never the client's */
	{ .key = "rank", .label = "階級", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = rank_names,
	  .n_names = COUNT(rank_names), .schema = "Rank",
	  RECORD_MEMBER(DSG, rank) },
	GROUNDS_FIELDS,
	BY_FIELD(DSG, "designated_by", "指定者", designated_by),
	AT_FIELD(DSG, "designated_at", "指定日時", designated_at),
	BY_FIELD(DSG, "revoked_by", "解除した者", revoked_by),
	AT_FIELD(DSG, "revoked_at", "解除日時", revoked_at),
	VERSION_FIELD(DSG),
	POLICY_VERSION_FIELD(DSG),
};

/*
 * R-ROLE-4, R-ROLE-5: designation_check() on the rank the server set;
 * an unrecorded rank is blamed on user_field (NULL: on the whole form).
 */
static int grounds_rules(const DSG *d, const char *user_field,
			 const char **field, const char **why)
{
	struct designation_grounds g = designation_grounds_of(d);
	int rc = designation_check(&g, why);

	if (rc < 0) {
		*field = designation_blame(&g);
		if (!*field)
			*field = user_field;
	}
	return rc;
}

static int designation_rules(const void *rec, int64_t now, const char **field,
			     const char **why)
{
	(void)now;
	return grounds_rules(rec, "user_id", field, why);
}

/* Read with RECORD_FIELDS_ONLY: the rules wait for the user's rank. */
const struct record_desc designation_record = {
	.kind = "designation", .label = "担当者の指定",
	.fields = designation_fields, .n_fields = COUNT(designation_fields),
	.rules = designation_rules,
};

static const struct field_desc designation_grounds_fields[] = {
	GROUNDS_FIELDS,
};

static int designation_grounds_rules(const void *rec, int64_t now,
				     const char **field, const char **why)
{
	(void)now;
	return grounds_rules(rec, NULL, field, why);
}

/* Read over the designation, its role and the user's rank set first. */
const struct record_desc designation_grounds_record = {
	.kind = "designation_grounds", .label = "再指定",
	.fields = designation_grounds_fields,
	.n_fields = COUNT(designation_grounds_fields),
	.rules = designation_grounds_rules, .output_schema = RECORD_NO_SCHEMA,
	.input_schema = "DesignationGrounds",
};

static const struct field_desc designation_revoke_fields[] = {
	{ .key = "reason", .label = "解除の理由", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct designation_revocation, reason) },
};

const struct record_desc designation_revoke_record = {
	.kind = "designation_revoke", .label = "指定の解除",
	.fields = designation_revoke_fields,
	.n_fields = COUNT(designation_revoke_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "DesignationRevoke",
};

#undef GROUNDS_FIELDS
#undef DSG

/* ---- meetings of a protective contact case (R-CASE-3..11) ---- */

#define MTG struct meeting

/* A staff member going: named by the officer, sex and role the server's. */
#define STAFF_FIELDS(n, i, F) \
	{ .key = "staff_" #n, .label = "同行する職員" #n, .type = FIELD_REF, \
	  .flags = (F), .why_missing = (F) ? MEETING_TWO_STAFF_MSG : NULL, \
	  .hint = "所属の職員の番号", RECORD_MEMBER(MTG, staff[i]) }, \
	{ .key = "staff_" #n "_sex", .label = "職員" #n "の性別", \
	  .type = FIELD_ENUM, .flags = FIELD_SERVER, .names = sex_names, \
	  .n_names = COUNT(sex_names), .schema = "Sex", \
	  RECORD_MEMBER(MTG, staff_sex[i]) }, \
	{ .key = "staff_" #n "_role", .label = "職員" #n "の役割", \
	  .type = FIELD_ENUM, .flags = FIELD_SERVER, \
	  .names = meeting_staff_roles, \
	  .n_names = COUNT(meeting_staff_roles), .schema = "StaffRole", \
	  RECORD_MEMBER(MTG, staff_role[i]) }

/*
 * The outcome (R-CASE-4, R-CASE-7, R-CASE-9): input of its step (flags).
 * What identifies the child (name, reading, birth date, contact, school)
 * and the guardians (name, contact) is sealed at rest (FIELD_SEALED,
 * issue 9); the name, reading and birth date are the person look-up's too
 * (FIELD_LOOKUP: the history R-CASE-11 weighs, app/history.h).
 */
#define OUTCOME_FIELDS(F) \
	{ .key = "met", .label = "対象者と接触した", .type = FIELD_BOOL, \
	  .flags = (F), RECORD_MEMBER(MTG, met) }, \
	{ .key = "juvenile", .label = "少年と判明した", .type = FIELD_BOOL, \
	  .flags = (F), RECORD_MEMBER(MTG, juvenile) }, \
	{ .key = "child_name", .label = "少年の氏名", .type = FIELD_TEXT, \
	  .flags = (F) | FIELD_POOLED | FIELD_SEALED | FIELD_LOOKUP | \
		   FIELD_PERSONAL, \
	  .max_chars = 64, .hint = "少年と判明した場合に入力", \
	  RECORD_MEMBER(MTG, child_name) }, \
	{ .key = "child_kana", .label = "少年の氏名（ふりがな）", \
	  .type = FIELD_KANA, \
	  .flags = (F) | FIELD_POOLED | FIELD_SEALED | FIELD_LOOKUP | \
		   FIELD_PERSONAL, \
	  .max_chars = 64, RECORD_MEMBER(MTG, child_kana) }, \
	{ .key = "child_birth", .label = "少年の生年月日", .type = FIELD_DATE, \
	  .flags = (F) | FIELD_SEALED | FIELD_LOOKUP | FIELD_PERSONAL, \
	  RECORD_MEMBER(MTG, child_birth) }, \
	{ .key = "child_contact", .label = "少年の連絡先", .type = FIELD_TEXT, \
	  .flags = (F) | FIELD_POOLED | FIELD_SEALED | FIELD_PERSONAL, \
	  .max_chars = 100, RECORD_MEMBER(MTG, child_contact) }, \
	{ .key = "child_school", .label = "少年の学校・学年", \
	  .type = FIELD_TEXT, \
	  .flags = (F) | FIELD_POOLED | FIELD_SEALED | FIELD_PERSONAL, \
	  .max_chars = 100, RECORD_MEMBER(MTG, child_school) }, \
	{ .key = "guardian_name", .label = "保護者の氏名", .type = FIELD_TEXT, \
	  .flags = (F) | FIELD_POOLED | FIELD_SEALED | FIELD_PERSONAL, \
	  .max_chars = 64, RECORD_MEMBER(MTG, guardian_name) }, \
	{ .key = "guardian_contact", .label = "保護者の連絡先", \
	  .type = FIELD_TEXT, \
	  .flags = (F) | FIELD_POOLED | FIELD_SEALED | FIELD_PERSONAL, \
	  .max_chars = 100, RECORD_MEMBER(MTG, guardian_contact) }, \
	{ .key = "guidance", .label = "補導の種別（不良行為）", \
	  .type = FIELD_ENUM, .flags = (F), .names = guidance_kinds, \
	  .n_names = COUNT(guidance_kinds), \
	  .hint = "不適切な書き込みによる補導は原則として不健全娯楽", \
	  RECORD_MEMBER(MTG, guidance) }, \
	{ .key = "guidance_facts", .label = "不健全性的行為と認めた事実", \
	  .type = FIELD_NOTE, .flags = (F) | FIELD_POOLED, .max_chars = 1000, \
	  .hint = "不健全性的行為として補導する場合に入力", \
	  RECORD_MEMBER(MTG, guidance_facts) }, \
	{ .key = "guidance_note", .label = "補導・保護活動の内容", \
	  .type = FIELD_NOTE, .flags = (F) | FIELD_POOLED, .max_chars = 1000, \
	  RECORD_MEMBER(MTG, guidance_note) }, \
	{ .key = "guardians_told", .label = "保護者に不良行為の事実を連絡した", \
	  .type = FIELD_BOOL, .flags = (F), \
	  RECORD_MEMBER(MTG, guardians_told) }, \
	{ .key = "guardian", .label = "連絡した保護者（続柄）", \
	  .type = FIELD_TEXT, .flags = (F) | FIELD_POOLED, .max_chars = 64, \
	  .hint = "例：母", RECORD_MEMBER(MTG, guardian) }, \
	{ .key = "guardians_told_at", .label = "保護者へ連絡した日時", \
	  .type = FIELD_MOMENT, .flags = (F), \
	  RECORD_MEMBER(MTG, guardians_told_at) }, \
	{ .key = "guardians_told_how", .label = "保護者への連絡の方法", \
	  .type = FIELD_TEXT, .flags = (F) | FIELD_POOLED, .max_chars = 64, \
	  .hint = "例：来署の上で面談", \
	  RECORD_MEMBER(MTG, guardians_told_how) }, \
	{ .key = "guardians_urged", \
	  .label = "保護者に必要な監護・指導上の措置を促した", \
	  .type = FIELD_BOOL, .flags = (F), \
	  RECORD_MEMBER(MTG, guardians_urged) }, \
	{ .key = "free_call_used", .label = "無料通話アプリを使用した", \
	  .type = FIELD_BOOL, .flags = (F), \
	  RECORD_MEMBER(MTG, free_call_used) }, \
	{ .key = "free_call_person_called", \
	  .label = "現場接触時に交信相手から連絡があった", \
	  .type = FIELD_BOOL, .flags = (F), \
	  RECORD_MEMBER(MTG, free_call_person_called) }, \
	{ .key = "outcome_note", .label = "接触の状況", .type = FIELD_NOTE, \
	  .flags = (F) | FIELD_POOLED, .max_chars = 1000, \
	  RECORD_MEMBER(MTG, outcome_note) }

/* The assessment of a guided child (R-CASE-11): input of its step. */
#define ASSESSMENT_FIELDS(F) \
	{ .key = "victim_history", .label = "福祉犯被害歴", .type = FIELD_NOTE, \
	  .flags = (F) | FIELD_POOLED, .max_chars = 500, \
	  RECORD_MEMBER(MTG, victim_history) }, \
	{ .key = "delinquency_history", .label = "非行歴・補導歴", \
	  .type = FIELD_NOTE, .flags = (F) | FIELD_POOLED, .max_chars = 500, \
	  RECORD_MEMBER(MTG, delinquency_history) }, \
	{ .key = "guidance_history", .label = "これまでの補導の状況", \
	  .type = FIELD_NOTE, .flags = (F) | FIELD_POOLED, .max_chars = 500, \
	  RECORD_MEMBER(MTG, guidance_history) }, \
	{ .key = "guardian_capacity", .label = "保護者の監護能力", \
	  .type = FIELD_NOTE, .flags = (F) | FIELD_POOLED, .max_chars = 500, \
	  RECORD_MEMBER(MTG, guardian_capacity) }, \
	{ .key = "friendships", .label = "交友関係", .type = FIELD_NOTE, \
	  .flags = (F) | FIELD_POOLED, .max_chars = 500, \
	  RECORD_MEMBER(MTG, friendships) }, \
	{ .key = "support_needed", .label = "支援が必要と認める", \
	  .type = FIELD_BOOL, .flags = (F) & ~FIELD_REQUIRED, \
	  RECORD_MEMBER(MTG, support_needed) }

static const struct field_desc meeting_fields[] = {
	ID_FIELD(MTG),
	{ .key = "case_id", .label = "事案", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_CREATE_ONLY,
	  RECORD_MEMBER(MTG, case_id) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(MTG, unit_id) },
	{ .key = "place", .label = "接触の場所", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 200,
	  RECORD_MEMBER(MTG, place) },
	{ .key = "meet_at", .label = "接触の日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T15:00", RECORD_MEMBER(MTG, meet_at) },
	{ .key = "person_female", .label = "対象者が女性と思料される",
	  .type = FIELD_BOOL, RECORD_MEMBER(MTG, person_female) },
	/* R-CASE-5: two or more go (the first two named, at least) */
	STAFF_FIELDS(1, 0, FIELD_REQUIRED),
	STAFF_FIELDS(2, 1, FIELD_REQUIRED),
	STAFF_FIELDS(3, 2, 0),
	STAFF_FIELDS(4, 3, 0),
	{ .key = "escape_plan", .label = "逃走を想定した態勢",
	  .type = FIELD_NOTE, .flags = FIELD_REQUIRED | FIELD_POOLED,
	  .max_chars = 500, RECORD_MEMBER(MTG, escape_plan) },
	{ .key = "setup_plan", .label = "美人局等を想定した態勢",
	  .type = FIELD_NOTE, .flags = FIELD_REQUIRED | FIELD_POOLED,
	  .max_chars = 500, RECORD_MEMBER(MTG, setup_plan) },
	/* R-CASE-3: told, or refused (meeting_check_notified) */
	{ .key = "division_notified", .label = "少年課に連絡した",
	  .type = FIELD_BOOL, RECORD_MEMBER(MTG, division_notified) },
	{ .key = "report_note", .label = "現場設定状況等", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(MTG, report_note) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = meeting_states, .n_names = COUNT(meeting_states),
	  RECORD_MEMBER(MTG, state) },
	BY_FIELD(MTG, "reported_by", "報告者", reported_by),
	AT_FIELD(MTG, "reported_at", "報告日時", reported_at),
	BY_FIELD(MTG, "forwarded_by", "運用管理補助者", forwarded_by),
	AT_FIELD(MTG, "forwarded_at", "運用管理者へ報告した日時", forwarded_at),
	BY_FIELD(MTG, "instructed_by", "指揮した者", instructed_by),
	AT_FIELD(MTG, "instructed_at", "指揮の日時", instructed_at),
	{ .key = "instructions", .label = "運用管理者の指揮（差戻しの理由）",
	  .type = FIELD_NOTE, .flags = FIELD_SERVER | FIELD_POOLED,
	  .max_chars = 1000, RECORD_MEMBER(MTG, instructions) },
	OUTCOME_FIELDS(FIELD_SERVER),
	BY_FIELD(MTG, "outcome_by", "接触結果の記録者", outcome_by),
	AT_FIELD(MTG, "outcome_at", "接触結果の記録日時", outcome_at),
	BY_FIELD(MTG, "results_by", "実施結果の報告者", results_by),
	AT_FIELD(MTG, "results_at", "実施結果報告の日時", results_at),
	ASSESSMENT_FIELDS(FIELD_SERVER),
	BY_FIELD(MTG, "assessed_by", "保護対策を検討した者", assessed_by),
	AT_FIELD(MTG, "assessed_at", "保護対策の検討日時", assessed_at),
	BY_FIELD(MTG, "closed_by", "終結した者", closed_by),
	AT_FIELD(MTG, "closed_at", "終結の日時", closed_at),
	{ .key = "closing_note", .label = "終結の所見", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(MTG, closing_note) },
	VERSION_FIELD(MTG),
	POLICY_VERSION_FIELD(MTG),
};

/*
 * R-CASE-3: before the meeting, the juvenile division told; R-CASE-5:
 * the staff (their sexes once the server has read them, staff_known).
 */
static int meeting_rules(const void *rec, int64_t now, const char **field,
			 const char **why)
{
	const MTG *m = rec;
	struct meeting_staff staff[MEETING_STAFF_MAX];
	int rc;

	*field = "meet_at";
	rc = meeting_check_before(m->meet_at, now, why);
	if (rc < 0)
		return rc;
	*field = "division_notified";
	rc = meeting_check_notified(m->division_notified, why);
	if (rc < 0)
		return rc;
	meeting_staff_of(m, staff);
	*field = "staff_2";
	rc = meeting_check_staff(staff, MEETING_STAFF_MAX, m->person_female,
				 m->staff_known, why);
	if (rc < 0 && m->staff_known)
		*field = "staff_1";
	return rc;
}

const struct record_desc meeting_record = {
	.kind = "meeting", .label = "接触（事前報告）",
	.fields = meeting_fields, .n_fields = COUNT(meeting_fields),
	.rules = meeting_rules,
};

static const struct field_desc meeting_instruction_fields[] = {
	{ .key = "instructions", .label = "指揮の内容", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(struct meeting_instruction, text) },
};

/* R-CASE-3: the manager's instructions, recorded. */
const struct record_desc meeting_instruction_record = {
	.kind = "meeting_instruction", .label = "指揮",
	.fields = meeting_instruction_fields,
	.n_fields = COUNT(meeting_instruction_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "MeetingInstruction",
};

static const struct field_desc meeting_send_back_fields[] = {
	{ .key = "reason", .label = "差戻しの理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 1000,
	  .why_missing = "理由を入力してください",
	  RECORD_MEMBER(struct meeting_instruction, text) },
};

const struct record_desc meeting_send_back_record = {
	.kind = "meeting_send_back", .label = "差戻し",
	.fields = meeting_send_back_fields,
	.n_fields = COUNT(meeting_send_back_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "MeetingSendBack",
};

static const struct field_desc meeting_close_fields[] = {
	{ .key = "closing_note", .label = "終結の所見", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 1000,
	  RECORD_MEMBER(struct meeting_instruction, text) },
};

/* R-CASE-11: the close, with what the manager notes. */
const struct record_desc meeting_close_record = {
	.kind = "meeting_close", .label = "終結",
	.fields = meeting_close_fields,
	.n_fields = COUNT(meeting_close_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "MeetingClose",
};

static const struct field_desc meeting_outcome_fields[] = {
	OUTCOME_FIELDS(0),
};

/* meeting_check_outcome(): R-CASE-4, R-CASE-7, R-CASE-9. */
static int meeting_outcome_rules(const void *rec, int64_t now,
				 const char **field, const char **why)
{
	struct meeting_outcome o = meeting_outcome_of(rec);

	return meeting_check_outcome(&o, now, field, why);
}

const struct record_desc meeting_outcome_record = {
	.kind = "meeting_outcome", .label = "接触結果",
	.fields = meeting_outcome_fields,
	.n_fields = COUNT(meeting_outcome_fields),
	.rules = meeting_outcome_rules,
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "MeetingOutcome",
};

static const struct field_desc meeting_assessment_fields[] = {
	ASSESSMENT_FIELDS(FIELD_REQUIRED),
};

const struct record_desc meeting_assessment_record = {
	.kind = "meeting_assessment", .label = "児童の保護対策の検討",
	.fields = meeting_assessment_fields,
	.n_fields = COUNT(meeting_assessment_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "MeetingAssessment",
};

static const struct field_desc meeting_measure_fields[] = {
	{ .key = "kind", .label = "措置", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .names = followup_measures,
	  .n_names = COUNT(followup_measures), .schema = "FollowupMeasure",
	  RECORD_MEMBER(struct meeting_measure, kind) },
	{ .key = "decided_on", .label = "決定した日", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(struct meeting_measure, decided_on) },
	{ .key = "note", .label = "措置の内容", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct meeting_measure, note) },
};

/* R-CASE-11: decided, so not on a day still to come. */
static int meeting_measure_rules(const void *rec, int64_t now,
				 const char **field, const char **why)
{
	const struct meeting_measure *m = rec;
	struct civil_date today = {0};

	if (civil_from_unix(now, &today) < 0)
		memset(&today, 0, sizeof(today));
	return meeting_check_measure(m->kind, &m->decided_on, &today, field,
				     why);
}

const struct record_desc meeting_measure_record = {
	.kind = "meeting_measure", .label = "措置",
	.fields = meeting_measure_fields,
	.n_fields = COUNT(meeting_measure_fields),
	.rules = meeting_measure_rules,
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "MeetingMeasure",
};

/* ---- support requests (R-CASE-10) ---- */

#define SUP struct support_request

static const struct field_desc support_fields[] = {
	ID_FIELD(SUP),
	{ .key = "case_id", .label = "事案", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_CREATE_ONLY,
	  RECORD_MEMBER(SUP, case_id) },
	{ .key = "unit_id", .label = "要請した所属", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(SUP, unit_id) },
	{ .key = "meet_at", .label = "接触の予定日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T15:00", RECORD_MEMBER(SUP, meet_at) },
	{ .key = "need", .label = "不足する態勢", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED, .max_chars = 500,
	  .hint = "例：女性職員1名", RECORD_MEMBER(SUP, need) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_REQUIRED | FIELD_LISTED,
	  .names = support_states, .n_names = COUNT(support_states),
	  RECORD_MEMBER(SUP, state) },
	BY_FIELD(SUP, "requested_by", "依頼した運用管理者", requested_by),
	AT_FIELD(SUP, "requested_at", "依頼日時", requested_at),
	BY_FIELD(SUP, "asked_by", "応援を要請した者", asked_by),
	AT_FIELD(SUP, "asked_at", "応援要請の日時", asked_at),
	{ .key = "ask_note", .label = "統括運用管理者の記録", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER | FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(SUP, ask_note) },
	BY_FIELD(SUP, "closed_by", "調整を終えた者", closed_by),
	AT_FIELD(SUP, "closed_at", "調整終了の日時", closed_at),
	VERSION_FIELD(SUP),
};

const struct record_desc support_record = {
	.kind = "support", .label = "応援の調整依頼",
	.fields = support_fields, .n_fields = COUNT(support_fields),
};

static const struct field_desc support_note_fields[] = {
	{ .key = "note", .label = "記録", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  .hint = "例：八代署・南署に応援を要請",
	  RECORD_MEMBER(struct support_note, text) },
};

const struct record_desc support_note_record = {
	.kind = "support_note", .label = "統括運用管理者の記録",
	.fields = support_note_fields, .n_fields = COUNT(support_note_fields),
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "SupportNote",
};

static const struct field_desc support_answer_fields[] = {
	{ .key = "answer", .label = "回答", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED, .names = support_answers,
	  .n_names = COUNT(support_answers),
	  RECORD_MEMBER(struct support_reply, answer) },
	{ .key = "lent_user_id", .label = "派遣する職員", .type = FIELD_REF,
	  .hint = "所属の職員の番号",
	  RECORD_MEMBER(struct support_reply, lent_user_id) },
	{ .key = "answer_note", .label = "備考", .type = FIELD_NOTE,
	  .flags = FIELD_POOLED, .max_chars = 500,
	  RECORD_MEMBER(struct support_reply, note) },
};

/* R-CASE-10: who is lent goes with the answer (support_check_answer). */
static int support_answer_rules(const void *rec, int64_t now,
				const char **field, const char **why)
{
	const struct support_reply *r = rec;

	(void)now;
	return support_check_answer(r->answer, r->lent_user_id, field, why);
}

const struct record_desc support_answer_record = {
	.kind = "support_answer", .label = "応援の回答",
	.fields = support_answer_fields,
	.n_fields = COUNT(support_answer_fields),
	.rules = support_answer_rules,
	.output_schema = RECORD_NO_SCHEMA, .input_schema = "SupportAnswer",
};

#undef SUP
#undef ASSESSMENT_FIELDS
#undef OUTCOME_FIELDS
#undef STAFF_FIELDS
#undef MTG

/* ---- units and users (第2: HQ and the stations, their staff) ---- */

static const struct field_desc unit_fields[] = {
	ID_FIELD(struct unit),
	{ .key = "code", .label = "所属コード", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_ASCII,
	  .max_chars = 16, .rule = validate_unit_code,
	  .pattern = "^[A-Z0-9-]{1,16}$",
	  .hint = "半角英大文字・数字・ハイフン、16文字以内（例：KITA）",
	  RECORD_MEMBER(struct unit, code) },
	{ .key = "name", .label = "所属名", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .max_chars = 64,
	  .hint = "例：熊本北警察署", RECORD_MEMBER(struct unit, name) },
	{ .key = "kind", .label = "区分", .type = FIELD_ENUM,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .names = unit_kind_names,
	  .n_names = COUNT(unit_kind_names), RECORD_MEMBER(struct unit, kind) },
	/* a unit is made in use; only a change takes it out of use */
	{ .key = "active", .label = "使用中", .type = FIELD_BOOL,
	  .flags = FIELD_UPDATE_ONLY, RECORD_MEMBER(struct unit, active) },
	VERSION_FIELD(struct unit),
};

/* validate_unit(), the rules the store keeps too. */
static int unit_rules(const void *rec, int64_t now, const char **field,
		      const char **why)
{
	(void)now;
	return validate_unit(rec, field, why);
}

const struct record_desc unit_record = {
	.kind = "unit", .label = "所属", .fields = unit_fields,
	.n_fields = COUNT(unit_fields), .rules = unit_rules,
};

static const struct field_desc user_fields[] = {
	ID_FIELD(struct user),
	{ .key = "login", .label = "ログインID", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED | FIELD_ASCII |
		   FIELD_CREATE_ONLY,
	  .max_chars = 32, .rule = validate_login,
	  .pattern = "^[A-Za-z][A-Za-z0-9._-]{1,31}$",
	  .hint = "半角英字で始まる2〜32文字（英数字と . _ -）",
	  RECORD_MEMBER(struct user, login) },
	{ .key = "name", .label = "氏名", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL | FIELD_LISTED,
	  .max_chars = 64, RECORD_MEMBER(struct user, name) },
	{ .key = "name_kana", .label = "ふりがな", .type = FIELD_KANA,
	  .flags = FIELD_PERSONAL | FIELD_LISTED, .max_chars = 64,
	  .hint = "ひらがな・カタカナで入力してください（並び順に使います）",
	  RECORD_MEMBER(struct user, name_kana) },
	/* R-ROLE-4: a designation rests on the rank recorded here */
	{ .key = "rank", .label = "階級", .type = FIELD_ENUM,
	  .flags = FIELD_LISTED, .names = rank_names,
	  .n_names = COUNT(rank_names), .schema = "Rank",
	  RECORD_MEMBER(struct user, rank) },
	{ .key = "sex", .label = "性別", .type = FIELD_ENUM,
	  .names = sex_names, .n_names = COUNT(sex_names), .schema = "Sex",
	  RECORD_MEMBER(struct user, sex) },
	{ .key = "unit_id", .label = "所属", .type = FIELD_REF,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(struct user, unit_id) },
	{ .key = "is_admin", .label = "システム管理者", .type = FIELD_BOOL,
	  RECORD_MEMBER(struct user, is_admin) },
	{ .key = "active", .label = "利用中", .type = FIELD_BOOL,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct user, active) },
	VERSION_FIELD(struct user),
};

/* validate_user(), the rules the store keeps too. */
static int user_rules(const void *rec, int64_t now, const char **field,
		      const char **why)
{
	(void)now;
	return validate_user(rec, field, why);
}

const struct record_desc user_record = {
	.kind = "user", .label = "職員", .fields = user_fields,
	.n_fields = COUNT(user_fields), .rules = user_rules,
};

/* ---- the message check (R-CASE-2) ---- */

static const struct field_desc message_check_fields[] = {
	{ .key = "text", .label = "文面", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED | FIELD_POOLED,
	  .max_chars = MSGCHECK_TEXT_CHARS,
	  RECORD_MEMBER(struct msgcheck_draft, text) },
};

const struct record_desc message_check_record = {
	.kind = "message_check", .label = "送信前の文面チェック",
	.fields = message_check_fields,
	.n_fields = COUNT(message_check_fields),
	.output_schema = RECORD_NO_SCHEMA,
	.input_schema = "MessageCheckRequest",
};

const struct record_desc *const record_descs[] = {
	&device_record,
	&breach_record,
	&case_record,
	&case_triage_record,
	&case_assignment_record,
	&case_message_record,
	&case_review_record,
	&application_record,
	&extension_record,
	&application_decision_record,
	&loan_record,
	&loan_training_record,
	&takeout_record,
	&takeout_decision_record,
	&takeout_report_record,
	&location_check_record,
	&service_record,
	&service_refusal_record,
	&service_deletion_record,
	&service_measures_record,
	&exception_record,
	&exception_approval_record,
	&exception_end_record,
	&exception_withdrawal_record,
	&photo_approval_record,
	&photo_record,
	&photo_send_record,
	&photo_send_outcome_record,
	&screenshot_record,
	&screenshot_disposal_record,
	&designation_record,
	&designation_grounds_record,
	&designation_revoke_record,
	&meeting_record,
	&meeting_instruction_record,
	&meeting_send_back_record,
	&meeting_close_record,
	&meeting_outcome_record,
	&meeting_assessment_record,
	&meeting_measure_record,
	&support_record,
	&support_note_record,
	&support_answer_record,
	&unit_record,
	&user_record,
	&message_check_record,
	NULL,
};
