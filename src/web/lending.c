#include "lending.h"

#include <stdio.h>
#include <string.h>

#include "../core/civil.h"
#include "../core/text.h"
#include "../lib/err.h"
#include "../lib/util.h"
#include "common.h"
#include "../core/record.h"
#include "../lib/banned.h"

#define ID_MAX 64

int today_civil(struct civil_date *out)
{
	return civil_from_unix(now_unix(), out);
}

void page_civil(struct page *p, const struct civil_date *d)
{
	struct buf tmp;

	buf_init(&tmp, 256);
	if (!d || !civil_valid(d) || wareki_format(d, &tmp) < 0)
		html_text(&p->h, "—");
	else
		html_text(&p->h, buf_cstr(&tmp));
	buf_release(&tmp);
}

const char *civil_iso(const struct civil_date *d, char out[16])
{
	if (!d || !civil_valid(d) || civil_format_iso(d, out, 16) < 0)
		out[0] = '\0';
	return out;
}

void read_date(const struct form *f, const char *name, const char *label,
	       int required, struct civil_date *out, struct form_errors *e)
{
	const char *v = form_value(f, name);

	memset(out, 0, sizeof(*out));
	if (!*v) {
		if (required)
			form_errors_add(e, name, label, "日付を入力してください。");
		return;
	}
	if (civil_parse_iso(v, out) < 0) {
		memset(out, 0, sizeof(*out));
		form_errors_add(e, name, label,
				"日付は「2025-04-01」の形で入力してください。");
	}
}

void read_text(const struct form *f, const char *name, const char *label,
	       int required, char *dst, size_t size, struct form_errors *e)
{
	const char *v = form_value(f, name);
	size_t n = strlen(v);

	/* memcpy, not snprintf: GCC's ASan build cannot see v is non-NULL. */
	if (n < size)
		memcpy(dst, v, n + 1);
	else
		dst[0] = '\0';
	if (n >= size)
		form_errors_add(e, name, label, "入力が長すぎます。");
	else if (required && !text_present(v))
		form_errors_add(e, name, label, "入力してください。");
}

int read_version(const struct form *f, int64_t *out)
{
	return parse_int64(form_value(f, "version"), 1, INT64_MAX, out);
}

int step_form_read(struct ctx *c, struct form *f, const char *const *allowed,
		   int64_t *version)
{
	int rc = form_read(c, f, allowed);

	if (rc < 0)
		return rc;
	rc = read_version(f, version);
	if (rc < 0)
		ctx_fail(c, MM_EINVAL, "送信された内容を読み取れませんでした。", NULL);
	return rc;
}

/* Opens a field's wrapper with its label, hint and message. */
static const char *field_open(struct html *h, const struct form_errors *e,
			      const char *name, const char *label,
			      const char *hint, char id[ID_MAX],
			      char desc[ID_MAX])
{
	const char *msg = form_errors_for(e, name);
	char hint_id[ID_MAX];

	snprintf(id, ID_MAX, "f-%s", name);
	snprintf(hint_id, ID_MAX, "f-%s-hint", name);
	html_open(h, "div", "class", msg ? "field has-error" : "field", NULL);
	html_elem(h, "label", "for", id, NULL, label);
	if (hint)
		html_elem(h, "span", "class", "hint", "id", hint_id, NULL, hint);
	desc[0] = '\0';
	if (msg) {
		snprintf(desc, ID_MAX, "f-%s-error", name);
		html_elem(h, "span", "class", "field-error", "id", desc, NULL,
			  msg);
	} else if (hint) {
		snprintf(desc, ID_MAX, "%s", hint_id);
	}
	return msg;
}

/*
 * A date or date-time input holding value, and beside it, when wareki is
 * not empty, the 和暦 of the value entered ("令和8年12月6日"), which the
 * input names among its descriptions so a screen reader reads it too.
 */
static void dated_input(struct html *h, const struct form_errors *e,
			const char *name, const char *label, const char *type,
			const char *value, const char *hint, const char *wareki)
{
	char id[ID_MAX], desc[ID_MAX], wid[ID_MAX], both[2 * ID_MAX + 2];
	const char *msg = field_open(h, e, name, label, hint, id, desc);

	snprintf(wid, sizeof(wid), "f-%s-wareki", name);
	if (*wareki)
		snprintf(both, sizeof(both), "%s%s%s", desc, *desc ? " " : "", wid);
	else
		snprintf(both, sizeof(both), "%s", desc);
	html_void(h, "input", "type", type, "id", id, "name", name,
		  "value", value, "autocomplete", "off",
		  "aria-invalid", msg ? "true" : NULL,
		  "aria-describedby", *both ? both : NULL, NULL);
	if (*wareki)
		html_elem(h, "span", "class", "wareki", "id", wid, NULL, wareki);
	html_close(h, "div");
}

void field_date(struct html *h, const struct form_errors *e,
		const char *name, const char *label,
		const struct civil_date *d)
{
	char iso[16];
	struct buf w;

	buf_init(&w, 64);
	if (d && civil_valid(d) && wareki_format(d, &w) < 0)
		buf_reset(&w);
	dated_input(h, e, name, label, "date", civil_iso(d, iso),
		    "例：2025-04-01", buf_cstr(&w));
	buf_release(&w);
}

void field_datetime(struct html *h, const struct form_errors *e,
		    const char *name, const char *label, const char *value,
		    const char *hint)
{
	struct buf w;
	int64_t t;

	buf_init(&w, 64);
	if (value && parse_local_time(value, &t) == 0 &&
	    wareki_format_unix(t, 1, &w) < 0)
		buf_reset(&w);
	dated_input(h, e, name, label, "datetime-local", value ? value : "",
		    hint, buf_cstr(&w));
	buf_release(&w);
}

void field_textarea(struct html *h, const struct form_errors *e,
		    const char *name, const char *label, const char *value,
		    const char *hint)
{
	char id[ID_MAX], desc[ID_MAX];
	const char *msg = field_open(h, e, name, label, hint, id, desc);

	html_open(h, "textarea", "id", id, "name", name, "rows", "3",
		  "aria-invalid", msg ? "true" : NULL,
		  "aria-describedby", *desc ? desc : NULL, NULL);
	html_text(h, value ? value : "");
	html_close(h, "textarea");
	html_close(h, "div");
}

void post_button(struct page *p, const char *action, int64_t version,
		 const char *label, const char *cls)
{
	char v[24];

	form_begin(&p->h, p->c, action, NULL);
	if (version > 0)
		form_hidden(&p->h, "version", i64s(v, version));
	html_elem(&p->h, "button", "type", "submit", "class",
		  cls ? cls : "button", NULL, label);
	form_end(&p->h);
}

void version_form_begin(struct page *p, const char *kind, int64_t id,
			const char *suffix, int64_t version)
{
	char action[80], v[24];

	form_begin(&p->h, p->c, href_of(action, kind, id, suffix), "stack");
	form_hidden(&p->h, "version", i64s(v, version));
}

const char *href_of(char out[80], const char *kind, int64_t id,
		    const char *suffix)
{
	char n[24];

	snprintf(out, 80, "/%s/%s%s", kind, i64s(n, id), suffix ? suffix : "");
	return out;
}

void print_link(struct page *p, const char *kind, int64_t id)
{
	char href[80];

	html_open(&p->h, "p", "class", "print", NULL);
	html_elem(&p->h, "a", "class", "button button-secondary", "href",
		  href_of(href, kind, id, "/pdf"), "target", "_blank", "rel",
		  "noopener", NULL, "印刷（PDF）");
	html_close(&p->h, "p");
}

void unit_name_of(struct store *s, int64_t id, char *out, size_t size)
{
	struct unit u;

	if (id > 0 && store_unit_get(s, id, &u) == 0)
		snprintf(out, size, "%s", u.name);
	else
		snprintf(out, size, "%s", "—");
}

void user_name_of(struct store *s, int64_t id, char *out, size_t size)
{
	struct user u;

	if (id > 0 && store_user_get(s, id, &u) == 0)
		snprintf(out, size, "%s", u.name);
	else
		snprintf(out, size, "%s", "—");
}

void dl_row(struct page *p, const char *label, const char *value)
{
	html_elem(&p->h, "dt", NULL, label);
	html_elem(&p->h, "dd", NULL, value && *value ? value : "—");
}

void dl_policy_version(struct page *p, int64_t version)
{
	char v[48];

	snprintf(v, sizeof v, "第%lld版", (long long)version);
	html_elem(&p->h, "dt", NULL, "通達版");
	html_open(&p->h, "dd", NULL);
	html_elem(&p->h, "a", "href", "/rules", NULL, v);
	html_close(&p->h, "dd");
}

void td_policy_version(struct page *p, int64_t version)
{
	char v[48];

	snprintf(v, sizeof v, "第%lld版", (long long)version);
	html_open(&p->h, "td", NULL);
	html_elem(&p->h, "a", "href", "/rules", NULL, v);
	html_close(&p->h, "td");
}

void lending_fail(struct ctx *c, int rc, const char *why)
{
	if (rc == MM_ESTATE)
		ctx_fail(c, rc, MSG_STATE, NULL);
	else if (rc == MM_ESTALE)
		ctx_fail(c, rc, MSG_STALE, NULL);
	else if (rc == MM_ERULE)
		ctx_fail(c, rc, why ? why : store_message(rc), NULL);
	else
		web_store_fail(c, rc);
}





void dl_who_when(struct page *p, const char *label, int64_t user,
		 int64_t at)
{
	char who[MM_NAME_MAX];

	if (!at)
		return;
	user_name_of(p->c->app->store, user, who, sizeof(who));
	html_elem(&p->h, "dt", NULL, label);
	html_open(&p->h, "dd", NULL);
	html_text(&p->h, who);
	html_text(&p->h, "　");
	page_wareki(p, at, 1);
	html_close(&p->h, "dd");
}

void device_label_of(struct store *st, int64_t id, char *out, size_t n)
{
	struct pool pool = POOL_INIT_MAX(0); /* the device's text, for here */
	struct device d;

	if (store_device_get(st, id, &pool, &d) == 0)
		snprintf(out, n, "%s（%s）", str_or_empty(d.model), d.serial);
	else
		snprintf(out, n, "%s", "—");
	pool_release(&pool);
}

int parse_local_time(const char *s, int64_t *out)
{
	/* what a datetime-local input sends: no seconds, no zone */
	if (strlen(s) != 16)
		return MM_EINVAL;
	return moment_parse(s, out);
}
