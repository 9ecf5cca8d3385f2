/*
 * lending.h - helpers the device-lending screens share (devices.c,
 * applications.c, loans.c, takeouts.c, reminders.c): civil dates in
 * forms and on pages (和暦), reading text fields with their limits,
 * one-button POST forms, names of units and users, and the answers to
 * the store's state, rule and stale errors (R-DEV-1..9).
 */
#ifndef MM_WEB_LENDING_H
#define MM_WEB_LENDING_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stddef.h>
#include <stdint.h>

#include "../http/form.h"
#include "../store/store_devices.h"
#include "fields.h"
#include "layout.h"
#include "../app/objects.h"

/* The message for MM_ESTATE: the object's state does not allow it (409). */
#define MSG_STATE "現在の状態ではこの操作はできません。画面を更新して状態を確認してください。"

/* today_civil - today's Asia/Tokyo civil date; 0 or the error. */
int today_civil(struct civil_date *out);

/* page_civil - writes d in 和暦, or "—" for an unset or invalid date. */
void page_civil(struct page *p, const struct civil_date *d);

/* civil_iso - "YYYY-MM-DD" of d into out, "" for an unset date. */
const char *civil_iso(const struct civil_date *d, char out[16]);

/*
 * read_date - the form's "YYYY-MM-DD" field name into *out; an empty or
 * malformed value adds a Japanese message under label to e (required),
 * or leaves *out zeroed when empty and optional.
 */
void read_date(const struct form *f, const char *name, const char *label,
	       int required, struct civil_date *out, struct form_errors *e);

/*
 * read_text - copies the form's field name into dst (size bytes); too
 * long, or empty when required, adds a message under label to e.
 */
void read_text(const struct form *f, const char *name, const char *label,
	       int required, char *dst, size_t size, struct form_errors *e);

/* read_version - the form's positive "version"; 0 or MM_EINVAL. */
int read_version(const struct form *f, int64_t *out);

/*
 * step_form_read - a step's POST form into f (allowed fields, as
 * form_read) and its positive "version" into *version.  An unreadable
 * form or a missing version is answered (400) and the error returned;
 * f must be released with form_release() in every case.
 */
int step_form_read(struct ctx *c, struct form *f, const char *const *allowed,
		   int64_t *version);

/*
 * field_date - a labelled date input holding d (may be unset); a valid d
 * is also shown beside it in 和暦 ("令和8年12月6日").
 */
void field_date(struct html *h, const struct form_errors *e,
		const char *name, const char *label,
		const struct civil_date *d);

/*
 * field_datetime - a labelled datetime-local input holding value
 * ("YYYY-MM-DDTHH:MM", Asia/Tokyo; may be NULL), shown beside it in 和暦
 * with the time when it is a valid one; hint may be NULL.
 */
void field_datetime(struct html *h, const struct form_errors *e,
		    const char *name, const char *label, const char *value,
		    const char *hint);

/* field_textarea - a labelled <textarea>; value may be NULL. */
void field_textarea(struct html *h, const struct form_errors *e,
		    const char *name, const char *label, const char *value,
		    const char *hint);

/*
 * post_button - a form of one button POSTing to action with the csrf
 * field and, when version > 0, the version read.  cls may be NULL.
 */
void post_button(struct page *p, const char *action, int64_t version,
		 const char *label, const char *cls);

/*
 * version_form_begin - <form method="post" class="stack"> to
 * /KIND/ID + suffix with the csrf field and the hidden version read: a
 * step's form with fields; close it with form_end().
 */
void version_form_begin(struct page *p, const char *kind, int64_t id,
			const char *suffix, int64_t version);

/* href_of - "/KIND/ID" + suffix into out (80 bytes); returns out. */
const char *href_of(char out[80], const char *kind, int64_t id,
		    const char *suffix);

/*
 * print_link - the link 印刷（PDF） to /KIND/ID/pdf, the record's printed
 * form (issue 11; app/documents.h), opening in a new tab.
 */
void print_link(struct page *p, const char *kind, int64_t id);

/* unit_name_of, user_name_of - the name, or "—" when unknown. */
void unit_name_of(struct store *s, int64_t id, char *out, size_t size);
void user_name_of(struct store *s, int64_t id, char *out, size_t size);

/* dl_row - <dt>label</dt><dd>value</dd>. */
void dl_row(struct page *p, const char *label, const char *value);

/*
 * dl_policy_version - the 「通達版」 row of a record (R-META-1): the
 * version of the rules in force when it was made, linked to /rules.
 */
void dl_policy_version(struct page *p, int64_t version);

/*
 * td_policy_version - the same version as a table cell, for a record
 * shown as a row of a table under the column 「通達版」 (a location
 * check on its loan's page, R-META-1).
 */
void td_policy_version(struct page *p, int64_t version);

/*
 * dl_who_when - <dt>label</dt><dd>user's name　和暦 date and time</dd>;
 * writes nothing when at is 0 (the step was not taken).
 */
void dl_who_when(struct page *p, const char *label, int64_t user,
		 int64_t at);

/* device_label_of - "model（serial）" of device id, or "—" when unknown. */
void device_label_of(struct store *st, int64_t id, char *out, size_t n);

/*
 * parse_local_time - a datetime-local value "YYYY-MM-DDTHH:MM" (Asia/
 * Tokyo) to unix seconds; 0 or MM_EINVAL.
 */
int parse_local_time(const char *s, int64_t *out);

/*
 * lending_fail - answers a store error of a lending step: MM_ESTATE 409
 * with MSG_STATE, MM_ESTALE 409 with MSG_STALE, MM_ERULE 422 with why
 * (or the standard message), else web_store_fail().
 */
void lending_fail(struct ctx *c, int rc, const char *why);


#endif
