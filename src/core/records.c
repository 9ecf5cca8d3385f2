/*
 * records.c - the descriptors of the directive's records.  Limits are in
 * characters (what people count), never bytes; the members are sized to
 * hold that many four-byte characters, which record_desc_check() proves.
 */
#include "records.h"

#include <stddef.h>

#include "breach.h"
#include "device.h"
#include "device_import.h"
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
	.kind = "device", .label = "端末", .fields = device_fields,
	.n_fields = COUNT(device_fields),
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
	.kind = "breach", .label = "違反報告", .fields = breach_fields,
	.n_fields = COUNT(breach_fields), .rules = breach_report_rules,
};

const struct record_desc *const record_descs[] = {
	&device_record,
	&breach_record,
	NULL,
};
