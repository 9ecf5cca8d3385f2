/*
 * common.h - small helpers the screens share: reading a POST form,
 * parsing ids, and turning store errors into Japanese answers.
 */
#ifndef MM_WEB_COMMON_H
#define MM_WEB_COMMON_H
#ifndef MM_SEES_WEB /* the layers: HACKING.md */
#error "layer: web/ is seen only by web/ and the dispatcher app/app.c"
#endif

#include <stdint.h>
#include "../app/app.h"
#include "../http/form.h"
#include "../store/store.h"

/* The message for MM_ESTALE (another user saved first): shown with 409. */
#define MSG_STALE MM_MSG_STALE

/*
 * form_read - parses the request body into f and refuses fields not in
 * allowed (NULL-terminated; "csrf" is always allowed).  On error the
 * response is already a 400 page and the error is returned; f must be
 * released with form_release() in every case.
 */
int form_read(struct ctx *c, struct form *f, const char *const *allowed);

/* form_value - the field's value, or "" when absent. */
const char *form_value(const struct form *f, const char *name);

/* parse_id - a positive decimal id; 0 or MM_EINVAL. */
int parse_id(const char *s, int64_t *out);

/* store_message - a Japanese message for a store error code. */
const char *store_message(int rc);

/*
 * web_store_fail - answers a store error with ctx_fail() and
 * store_message() (404 for MM_ENOTFOUND, 409 for MM_ESTALE, ...).
 */
void web_store_fail(struct ctx *c, int rc);

/* web_unit_name - the name of unit id in l, "—" when l has none. */
const char *web_unit_name(const struct unit_list *l, int64_t id);

#endif
