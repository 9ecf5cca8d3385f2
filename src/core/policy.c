#include "policy.h"

#include <ini.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "../lib/embed.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "../lib/banned.h"

extern const struct embedded_file core_policy_files[];

#define DEFAULT_NAME "directive-1.ini"

const char *const policy_doctype_keys[POLICY_DOCTYPES] = {
	"form1", "form2", "form3", "form4", "form5",
	"detail1", "detail5", "detail6", "detail9", "detail12",
};

static struct policy first_version;
static pthread_once_t first_once = PTHREAD_ONCE_INIT;

static void parse_first(void)
{
	const struct embedded_file *f =
		embedded_find(core_policy_files, DEFAULT_NAME);
	struct policy_error err;

	/* a bad compiled-in file is a build error the unit tests catch */
	if (!f || policy_parse((const char *)f->data, f->len, &first_version,
			       &err) < 0)
		abort();
}

const struct policy *policy_default(void)
{
	pthread_once(&first_once, parse_first);
	return &first_version;
}

/* Per thread: each request runs on one thread of the server's pool. */
static _Thread_local const struct policy_source *in_use;

void policy_use(const struct policy_source *src)
{
	in_use = src;
}

const struct policy_source *policy_in_use(void)
{
	return in_use;
}

const struct policy *policy_current(void)
{
	return in_use ? in_use->get(in_use->arg) : policy_default();
}

const char *policy_default_text(size_t *len)
{
	const struct embedded_file *f =
		embedded_find(core_policy_files, DEFAULT_NAME);

	if (!f)
		abort();
	*len = f->len;
	return (const char *)f->data;
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
	if (!in_range(p->photo_max, 1, POLICY_PHOTO_MAX))
		return fail(field, "photo_max", why,
			    "端末に保存できる顔写真の枚数が正しくありません");
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

/* ---- the policy file (docs/policy.md) ---- */

/* A key of the file and where its value goes. */
enum key_kind { K_ID, K_TEXT, K_DATE, K_INT };

struct key_def {
	const char *section, *key;
	enum key_kind kind;
	size_t offset, size;  /* into struct policy */
	int lo, hi;           /* K_INT range */
	const char *why;      /* the message for a bad value */
};

#define AT(m) offsetof(struct policy, m), sizeof(((struct policy *)0)->m)

static const struct key_def keys[] = {
	{ "directive", "id", K_ID, AT(id), 0, 0,
	  "版の識別子は英数字と . _ - で入力してください" },
	{ "directive", "number", K_TEXT, AT(number), 0, 0,
	  "通達番号を64文字以内で入力してください" },
	{ "directive", "title", K_TEXT, AT(title), 0, 0,
	  "通達の名称を64文字以内で入力してください" },
	{ "directive", "issued", K_DATE, AT(issued), 0, 0,
	  "発出日は YYYY-MM-DD の正しい日付で入力してください" },
	{ "directive", "effective_from", K_DATE, AT(effective_from), 0, 0,
	  "適用開始日は YYYY-MM-DD の正しい日付で入力してください" },
	{ "directive", "expires", K_DATE, AT(expires), 0, 0,
	  "有効期間満了日は YYYY-MM-DD の正しい日付で入力してください" },
	{ "limits", "loan_max_months", K_INT, AT(loan_max_months), 1, 120,
	  "借用期間の上限（月数）は1から120までの整数で入力してください" },
	{ "limits", "location_check_months", K_INT, AT(location_check_months),
	  1, 12, "所在点検の間隔（月数）は12を割り切る1から12までの整数で"
	  "入力してください" },
	{ "limits", "loan_due_soon_days", K_INT, AT(loan_due_soon_days), 0, 366,
	  "返却期限の事前通知日数は0から366までの整数で入力してください" },
	{ "limits", "takeout_grace_minutes", K_INT, AT(takeout_grace_minutes),
	  0, 7 * 24 * 60, "持出しの猶予時間（分）は0から10080までの整数で"
	  "入力してください" },
	{ "limits", "screenshot_max_days", K_INT, AT(screenshot_max_days),
	  0, 366, "スクリーンショットの保存日数は0から366までの整数で"
	  "入力してください" },
	{ "limits", "photo_max", K_INT, AT(photo_max), 1, POLICY_PHOTO_MAX,
	  "端末に保存できる顔写真の枚数は1から20までの整数で入力してください" },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

struct parse_state {
	struct policy *p;
	struct policy_error *err;
	int failed;
	unsigned char seen[NKEYS];
	unsigned char seen_ret[POLICY_DOCTYPES];
	unsigned char seen_form[POLICY_FORM_NUMBER_MAX + 1];
};

static int set_error(struct parse_state *st, const char *section,
		     const char *key, const char *why)
{
	if (!st->failed) {
		st->failed = 1;
		if (section && key)
			snprintf(st->err->where, sizeof st->err->where,
				 "[%s] %s", section, key);
		else if (section)
			snprintf(st->err->where, sizeof st->err->where, "[%s]",
				 section);
		st->err->why = why;
	}
	return 0; /* inih: the line of the first failure */
}

/* A decimal integer of at most 9 digits, nothing else. */
static int parse_int(const char *v, int *out)
{
	long n = 0;
	size_t i = 0;

	if (!v[0])
		return -1;
	for (; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i >= 9)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	*out = (int)n;
	return 0;
}

/* YYYY-MM-DD exactly (civil_parse_iso), a valid date. */
static int parse_date(const char *v, struct civil_date *out)
{
	if (strlen(v) != 10 || civil_parse_iso(v, out) < 0 ||
	    !civil_valid(out))
		return -1;
	return 0;
}

static int set_key(struct parse_state *st, const struct key_def *k,
		   const char *v)
{
	char *field = (char *)st->p + k->offset;
	int n;

	switch (k->kind) {
	case K_ID:
		if (strlen(v) >= k->size || !id_valid(v))
			return -1;
		memcpy(field, v, strlen(v) + 1);
		return 0;
	case K_TEXT:
		if (strlen(v) >= k->size || !text_valid(v) ||
		    utf8_chars(v) > 64)
			return -1;
		memcpy(field, v, strlen(v) + 1);
		return 0;
	case K_DATE:
		return parse_date(v, (struct civil_date *)(void *)field);
	case K_INT:
		if (parse_int(v, &n) < 0 || !in_range(n, k->lo, k->hi))
			return -1;
		/* R-DEV-5: periods start with a calendar month */
		if (k->offset == offsetof(struct policy, location_check_months) &&
		    12 % n != 0)
			return -1;
		memcpy(field, &n, sizeof n);
		return 0;
	}
	return -1;
}

/* "N calendar|fiscal [assumed]" or "permanent [assumed]". */
static int parse_retention(const char *v, struct policy_retention *r)
{
	char word[16], basis[16], extra[16];
	int years = 0, n;

	memset(&r->rule, 0, sizeof r->rule);
	r->assumed = 0;
	extra[0] = '\0';
	if (strlen(v) > 40)
		return -1;
	n = sscanf(v, "%15s %15s %15s", word, basis, extra);
	if (n >= 1 && !strcmp(word, "permanent")) {
		if (n == 3 || (n == 2 && strcmp(basis, "assumed")))
			return -1;
		r->rule.basis = RETENTION_PERMANENT;
		r->assumed = n == 2;
		return 0;
	}
	if (n < 2 || parse_int(word, &years) < 0)
		return -1;
	if (!strcmp(basis, "calendar"))
		r->rule.basis = RETENTION_CALENDAR;
	else if (!strcmp(basis, "fiscal"))
		r->rule.basis = RETENTION_FISCAL;
	else
		return -1;
	if (n == 3 && strcmp(extra, "assumed"))
		return -1;
	r->assumed = n == 3;
	r->rule.years = years;
	return retention_rule_valid(&r->rule) ? 0 : -1;
}

static int on_retention(struct parse_state *st, const char *key,
			const char *v)
{
	for (size_t i = 0; i < POLICY_DOCTYPES; i++) {
		if (strcmp(key, policy_doctype_keys[i]))
			continue;
		if (st->seen_ret[i])
			return set_error(st, "retention", key,
					 "同じ項目が2回書かれています");
		st->seen_ret[i] = 1;
		snprintf(st->p->retention[i].key,
			 sizeof st->p->retention[i].key, "%s", key);
		if (parse_retention(v, &st->p->retention[i]) < 0)
			return set_error(st, "retention", key,
					 "保存期間は「1 calendar」「3 fiscal」"
					 "「permanent」の形（仮定のものは末尾に"
					 " assumed）で入力してください");
		return 1;
	}
	return set_error(st, "retention", key, "この文書の種類は使えません");
}

static int on_form(struct parse_state *st, const char *key, const char *v)
{
	struct policy_form *f;
	int n;

	if (parse_int(key, &n) < 0 || !in_range(n, 1, POLICY_FORM_NUMBER_MAX))
		return set_error(st, "forms", key,
				 "様式番号は1から99までの整数で入力してください");
	if (st->seen_form[n])
		return set_error(st, "forms", key, "同じ様式番号が2回書かれています");
	if (st->p->nforms >= POLICY_FORMS_MAX)
		return set_error(st, "forms", key, "様式は20件までです");
	if (!text_valid(v) || strlen(v) >= MM_NAME_MAX || utf8_chars(v) > 64)
		return set_error(st, "forms", key,
				 "様式の名称を64文字以内で入力してください");
	st->seen_form[n] = 1;
	f = &st->p->forms[st->p->nforms++];
	f->number = n;
	memcpy(f->name, v, strlen(v) + 1);
	return 1;
}

static int on_entry(void *user, const char *section, const char *key,
		    const char *value)
{
	struct parse_state *st = user;

	if (st->failed)
		return 0;
	if (!strcmp(section, "retention"))
		return on_retention(st, key, value);
	if (!strcmp(section, "forms"))
		return on_form(st, key, value);
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].section, section) || strcmp(keys[i].key, key))
			continue;
		if (st->seen[i])
			return set_error(st, section, key,
					 "同じ項目が2回書かれています");
		st->seen[i] = 1;
		if (set_key(st, &keys[i], value) < 0)
			return set_error(st, section, key, keys[i].why);
		return 1;
	}
	if (strcmp(section, "directive") && strcmp(section, "limits"))
		return set_error(st, section, NULL, "この節は使えません");
	return set_error(st, section, key, "この項目は使えません");
}

static int form_cmp(const void *a, const void *b)
{
	const struct policy_form *x = a, *y = b;

	return (x->number > y->number) - (x->number < y->number);
}

/* After the file: what is missing, the dates' order, policy_check(). */
static int check_whole(struct parse_state *st)
{
	const char *field, *why;

	for (size_t i = 0; i < NKEYS; i++)
		if (!st->seen[i])
			return set_error(st, keys[i].section, keys[i].key,
					 "必須の項目がありません");
	for (size_t i = 0; i < POLICY_DOCTYPES; i++)
		if (!st->seen_ret[i])
			return set_error(st, "retention", policy_doctype_keys[i],
					 "必須の項目がありません");
	if (!st->p->nforms)
		return set_error(st, "forms", NULL, "様式を1件以上書いてください");
	if (civil_compare(&st->p->expires, &st->p->issued) <= 0)
		return set_error(st, "directive", "expires",
				 "有効期間満了日は発出日より後の日付にしてください");
	if (civil_compare(&st->p->effective_from, &st->p->issued) < 0 ||
	    civil_compare(&st->p->effective_from, &st->p->expires) > 0)
		return set_error(st, "directive", "effective_from",
				 "適用開始日は発出日から有効期間満了日までの日付に"
				 "してください");
	qsort(st->p->forms, st->p->nforms, sizeof st->p->forms[0], form_cmp);
	if (policy_check(st->p, &field, &why) < 0)
		return set_error(st, "policy", field, why);
	return 1;
}

/* Lines inih would split (INI_MAX_LINE) are refused with their number. */
static int long_line(const char *text, size_t len)
{
	size_t start = 0;
	int line = 1;

	for (size_t i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			if (i - start >= INI_MAX_LINE - 2)
				return line;
			start = i + 1;
			line++;
		}
	}
	return 0;
}

int policy_parse(const char *text, size_t len, struct policy *out,
		 struct policy_error *err)
{
	struct parse_state st = { .p = out, .err = err };
	int rc, line;

	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	if (!text || len == 0 || len > POLICY_TEXT_MAX ||
	    memchr(text, '\0', len) || text[len] != '\0') {
		err->why = len > POLICY_TEXT_MAX ?
			"ファイルが大きすぎます（64KiBまで）" :
			"ファイルが空か、文字以外のデータを含んでいます";
		return MM_EINVAL;
	}
	if (!utf8_valid(text, len)) {
		err->why = "ファイルの文字コードはUTF-8にしてください";
		return MM_EINVAL;
	}
	if ((line = long_line(text, len)) > 0) {
		err->line = line;
		err->why = "1行が長すぎます";
		memset(out, 0, sizeof *out);
		return MM_EINVAL;
	}
	rc = ini_parse_string(text, on_entry, &st);
	if (rc == -2) {
		/* inih could not allocate its line buffer: not the file's fault */
		memset(out, 0, sizeof *out);
		err->why = "メモリが不足しています";
		return MM_ENOMEM;
	}
	if (rc != 0) {
		err->line = rc > 0 ? rc : 0;
		if (!st.failed)
			err->why = "書式が正しくありません（「項目 = 値」または"
				   "「[節]」で書いてください）";
	} else {
		check_whole(&st);
	}
	if (st.failed || rc != 0) {
		memset(out, 0, sizeof *out);
		return MM_EINVAL;
	}
	return 0;
}

void policy_error_format(const struct policy_error *err, char *out,
			 size_t size)
{
	char line[32] = "";

	if (!size)
		return;
	if (err->line > 0)
		snprintf(line, sizeof line, "%d行目: ", err->line);
	snprintf(out, size, "%s%s%s%s", line, err->where,
		 err->where[0] ? ": " : "",
		 err->why ? err->why : "ファイルが正しくありません");
}

static const struct policy_retention *find_retention(const struct policy *p,
						     const char *key)
{
	for (size_t i = 0; i < POLICY_DOCTYPES; i++)
		if (!strcmp(p->retention[i].key, key))
			return &p->retention[i];
	return NULL;
}

int policy_retention_rule(const struct policy *p, const char *doctype_key,
			  struct retention_rule *out)
{
	const struct policy_retention *r;

	if (!p || !doctype_key || !out)
		return MM_EINVAL;
	if (!(r = find_retention(p, doctype_key)))
		return MM_ENOTFOUND;
	*out = r->rule;
	return 0;
}

int policy_retention_assumed(const struct policy *p, const char *doctype_key)
{
	const struct policy_retention *r =
		p && doctype_key ? find_retention(p, doctype_key) : NULL;

	return r ? r->assumed : 0;
}

int policy_expiry_warning(const struct policy *p,
			  const struct civil_date *today, int64_t *days)
{
	int64_t n;

	if (!p || !today || !civil_valid(today) || !civil_valid(&p->expires))
		return 0;
	n = civil_to_days(&p->expires) - civil_to_days(today);
	if (n > POLICY_EXPIRY_WARN_DAYS)
		return 0;
	if (days)
		*days = n;
	return 1;
}
