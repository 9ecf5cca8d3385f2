/*
 * disposal.h - what both front ends share of retention (issue 11,
 * R-RET-1..3): the documents due for disposal today with their rule and
 * holds, the reading of a document reference, and disposal with the
 * refusals answered alike (409 under R-RET-2 for a held, disposed or
 * not yet due document; 422 for a type or id that names no document).
 * The store (store_disposal.h) checks everything again in its
 * transaction; the client's list is never trusted.
 */
#ifndef MM_APP_DISPOSAL_H
#define MM_APP_DISPOSAL_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "../core/doctype.h"
#include "../store/store_disposal.h"
#include "app.h"

#define DISPOSAL_MAX_ITEMS 100  /* documents of one request */
#define DISPOSAL_TYPE_MSG "文書の種類が正しくありません"
#define DISPOSAL_ID_MSG "文書の番号が正しくありません"
#define DISPOSAL_NONE_MSG "廃棄する文書を選んでください"
#define DISPOSAL_NO_DOC_MSG "廃棄の対象となる文書ではありません"
#define DISPOSAL_TOO_MANY_MSG "一度に廃棄できる文書は100件までです"
#define HOLD_KIND_MSG "保留の種別を選んでください"
#define HOLD_REASON_MSG "保留の理由を入力してください"
#define HOLD_HELD_MSG "この文書はすでに廃棄保留中です"
#define HOLD_LIFTED_MSG "この保留はすでに解除されています"

/* A document due (or held) today, as the pages and the API show it. */
struct due_doc {
	struct disposal_doc doc;
	const struct doctype *type;
	char rule[MM_DISPOSAL_RULE_MAX];   /* 「1年（暦年）」 */
	struct civil_date from;            /* disposable from */
};

struct due_list {
	struct due_doc *items;
	size_t n, cap;
};
void due_list_release(struct due_list *l);

/*
 * disposal_today - today's civil date in Asia/Tokyo.  0 or MM_EINVAL.
 */
int disposal_today(struct civil_date *out);

/*
 * disposal_due_read - every document of every type that is due on
 * today (held ones too, with their hold_id), by type then id.  Returns 0
 * or the store's error.
 */
int disposal_due_read(struct ctx *c, const struct civil_date *today,
		      struct due_list *out);

/*
 * disposal_ref - reads a document reference: type a key of doctypes[]
 * and id a positive decimal.  0, or MM_EINVAL with *why and *field set.
 */
int disposal_ref(const char *type, const char *id_text, int64_t *id,
		 const char **why, const char **field);

/*
 * disposal_run - disposes of the n documents after the caller was
 * authorised (g): the store's answer; a refusal is answered here through
 * the front end's error writer (409 R-RET-2 or 422), noted for the
 * central audit (request.refused).  Returns 0 or the error answered.
 */
int disposal_run(struct ctx *c, const struct authz_grant *g,
		 const struct dispose_item *items, size_t n);

/*
 * disposal_hold_kind - "investigation" / "request" (API and forms) to
 * the kind; hold_kind_key, hold_kind_label - back, and 捜査 / 照会等.
 */
int disposal_hold_kind(const char *key, enum hold_kind *out);
const char *hold_kind_key(enum hold_kind k);
const char *hold_kind_label(enum hold_kind k);

/*
 * disposal_reason_ok - 1 when a hold's reason is given (not only
 * spaces) and at most 1000 characters: the same test on both front ends.
 */
int disposal_reason_ok(const char *reason);

/*
 * disposal_hold_place - places a hold after the caller was authorised;
 * answers the refusals (404/422 no document, 409 held already).
 * Returns 0 or the error answered.
 */
int disposal_hold_place(struct ctx *c, const struct authz_grant *g,
			const char *type, int64_t id, enum hold_kind kind,
			const char *reason, struct hold *out);

/*
 * disposal_hold_lift - lifts hold id after authorisation; answers
 * 404 / 409 (lifted already).  Returns 0 or the error answered.
 */
int disposal_hold_lift(struct ctx *c, const struct authz_grant *g,
		       int64_t id);

/*
 * disposal_register_read - the disposal register for GET /disposal/register
 * and its API: authorises ACT_DISPOSAL_VIEW and reads every entry into l
 * (released by the caller with disposal_list_release, also on error).  A
 * refusal or the store's error is answered here.  0, or the error
 * answered.
 */
int disposal_register_read(struct ctx *c, struct disposal_list *l);

/*
 * disposal_export_table - the disposal register as export_table() gives
 * a register (app/exports.h: export_disposals): a header and one line
 * per entry, newest first; cells malloc'd (free()), text in c's pool.
 */
int disposal_export_table(struct ctx *c, const char ***cells,
			  size_t *n_rows, size_t *n_cols);

#endif
