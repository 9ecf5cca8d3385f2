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
#include "device.h"
#include "loan.h"
#include "policy.h"
#include "takeout.h"
#include "text.h"
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

/* ---- devices (R-DEV-1) ---- */

static const struct field_desc device_fields[] = {
	ID_FIELD(struct device),
	{ .key = "model", .label = "機種", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .max_chars = 64,
	  .hint = "例：AQUOS sense8", RECORD_MEMBER(struct device, model) },
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
	  .max_chars = 64, RECORD_MEMBER(struct device, contract_ref) },
	{ .key = "remarks", .label = "備考", .type = FIELD_NOTE,
	  .max_chars = DEVICE_REMARKS_CHARS,
	  RECORD_MEMBER(struct device, remarks) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = device_states,
	  .n_names = COUNT(device_states),
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
	  .flags = FIELD_REQUIRED, .max_chars = 1000,
	  RECORD_MEMBER(struct breach, what) },
	{ .key = "who", .label = "違反をした者", .type = FIELD_TEXT,
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL, .max_chars = 64,
	  RECORD_MEMBER(struct breach, who) },
	{ .key = "occurred_at", .label = "発生日時", .type = FIELD_MOMENT,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  .hint = "例：2026-04-01T09:00",
	  RECORD_MEMBER(struct breach, occurred_at) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = breach_states,
	  .n_names = COUNT(breach_states),
	  RECORD_MEMBER(struct breach, state) },
	{ .key = "incident", .label = "情報セキュリティインシデント",
	  .type = FIELD_BOOL, .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct breach, incident) },
	{ .key = "reported_by", .label = "報告者", .type = FIELD_REF,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct breach, reported_by) },
	{ .key = "reported_at", .label = "報告日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct breach, reported_at) },
	VERSION_FIELD(struct breach),
};

/* R-CMP-6: breach_check_report() on the record (the time is to blame). */
static int breach_report_rules(const void *rec, int64_t now, const char **field,
			const char **why)
{
	const struct breach *b = rec;
	struct breach_report r = { b->rule, b->what, b->who, b->occurred_at };

	*field = "occurred_at";
	return breach_check_report(&r, now, why);
}

const struct record_desc breach_record = {
	.kind = "breach", .label = "違反報告",
	.fields = breach_fields, .n_fields = COUNT(breach_fields),
	.rules = breach_report_rules,
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
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL, .max_chars = 64, \
	  RECORD_MEMBER(struct borrow_application, consulted_with) }, \
	{ .key = "consultation", .label = "協議で合意した内容", \
	  .type = FIELD_NOTE, .flags = FIELD_REQUIRED, .max_chars = 500, \
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
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = application_kinds,
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
	  .flags = FIELD_REQUIRED,
	  RECORD_MEMBER(struct borrow_application, start) },
	{ .key = "due", .label = "返却期限", .type = FIELD_DATE,
	  .flags = FIELD_REQUIRED | FIELD_LISTED,
	  RECORD_MEMBER(struct borrow_application, due) },
	{ .key = "purpose", .label = "使用目的", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED, .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, purpose) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = application_states,
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
	  .flags = FIELD_SERVER, .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, decision_reason) },
	{ .key = "exception_reason", .label = "期間が原則を超える理由",
	  .type = FIELD_NOTE, .flags = FIELD_SERVER, .max_chars = 500,
	  RECORD_MEMBER(struct borrow_application, exception_reason) },
	{ .key = "policy_id", .label = "運用要領", .type = FIELD_TEXT,
	  .flags = FIELD_SERVER | FIELD_ASCII, .max_chars = POLICY_ID_MAX - 1,
	  RECORD_MEMBER(struct borrow_application, policy_id) },
	VERSION_FIELD(struct borrow_application),
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
	const struct policy *p = policy_default();
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
	  .flags = FIELD_REQUIRED, .max_chars = 500,
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
	  .max_chars = 500,
	  RECORD_MEMBER(struct application_decision, reason) },
	{ .key = "exception_reason", .label = "期間が原則を超える理由",
	  .type = FIELD_NOTE, .max_chars = 500,
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
	const struct policy *p = policy_default();
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
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(struct loan, start) },
	{ .key = "due", .label = "返却期限", .type = FIELD_DATE,
	  .flags = FIELD_SERVER | FIELD_LISTED, RECORD_MEMBER(struct loan, due) },
	{ .key = "original_due", .label = "当初の返却期限", .type = FIELD_DATE,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct loan, original_due) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = loan_states,
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
	  .flags = FIELD_SERVER, .max_chars = 500,
	  RECORD_MEMBER(struct loan, anomaly_text) },
	{ .key = "policy_id", .label = "運用要領", .type = FIELD_TEXT,
	  .flags = FIELD_SERVER | FIELD_ASCII, .max_chars = POLICY_ID_MAX - 1,
	  RECORD_MEMBER(struct loan, policy_id) },
	VERSION_FIELD(struct loan),
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
	  .flags = FIELD_REQUIRED | FIELD_PERSONAL, .max_chars = 64,
	  .hint = "統括運用管理者が指名した少年課の職員",
	  RECORD_MEMBER(struct training_record, trainer) },
	{ .key = "topics", .label = "研修の内容", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED, .max_chars = 500,
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
	  .flags = FIELD_REQUIRED | FIELD_LISTED, .max_chars = 64,
	  RECORD_MEMBER(struct takeout, destination) },
	{ .key = "reason", .label = "持出しの理由", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, reason) },
	{ .key = "state", .label = "状態", .type = FIELD_ENUM,
	  .flags = FIELD_SERVER | FIELD_LISTED, .names = takeout_states,
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
	  .flags = FIELD_SERVER, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, decision_reason) },
	{ .key = "returned_at", .label = "帰庁日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER, RECORD_MEMBER(struct takeout, returned_at) },
	{ .key = "incident", .label = "紛失・破損等の状況", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, incident) },
	{ .key = "results", .label = "実施結果", .type = FIELD_NOTE,
	  .flags = FIELD_SERVER, .max_chars = 500,
	  RECORD_MEMBER(struct takeout, results) },
	VERSION_FIELD(struct takeout),
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
	  .max_chars = 500,
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
 * The report after use.  The results and, when something was lost or
 * damaged, what happened are R-DEV-7's rule (takeout_check_report, with
 * its own messages), not plain required fields.
 */
static const struct field_desc takeout_report_fields[] = {
	{ .key = "no_loss_or_damage", .label = "紛失・破損はなかった",
	  .type = FIELD_BOOL,
	  RECORD_MEMBER(struct takeout_report, no_loss_or_damage) },
	{ .key = "incident", .label = "紛失・破損等の状況", .type = FIELD_NOTE,
	  .max_chars = 500, .hint = "紛失・破損があった場合に入力してください",
	  RECORD_MEMBER(struct takeout_report, incident) },
	{ .key = "results", .label = "実施結果", .type = FIELD_NOTE,
	  .flags = FIELD_REQUIRED, .max_chars = 500,
	  .why_missing = "実施結果を入力してください", /* R-DEV-7 */
	  RECORD_MEMBER(struct takeout_report, results) },
};

/* R-DEV-7: the blame goes to what is missing, the incident first. */
static int takeout_report_rules(const void *rec, int64_t now,
				const char **field, const char **why)
{
	const struct takeout_report *r = rec;
	int rc = takeout_check_report(r->no_loss_or_damage, r->incident,
				      r->results, why);

	(void)now;
	*field = !r->no_loss_or_damage && !text_present(r->incident) ?
		"incident" : "results";
	return rc;
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
	  .flags = FIELD_LISTED, .max_chars = 500,
	  RECORD_MEMBER(struct location_check_entry, remarks) },
	{ .key = "checked_by", .label = "確認者", .type = FIELD_REF,
	  .flags = FIELD_SERVER | FIELD_LISTED,
	  RECORD_MEMBER(struct location_check_entry, checked_by) },
	{ .key = "recorded_at", .label = "記録日時", .type = FIELD_MOMENT,
	  .flags = FIELD_SERVER,
	  RECORD_MEMBER(struct location_check_entry, recorded_at) },
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

const struct record_desc *const record_descs[] = {
	&device_record,
	&breach_record,
	&application_record,
	&extension_record,
	&application_decision_record,
	&loan_record,
	&loan_training_record,
	&takeout_record,
	&takeout_decision_record,
	&takeout_report_record,
	&location_check_record,
	NULL,
};
