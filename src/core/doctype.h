/*
 * doctype.h - the types of document the system keeps and disposes of
 * (R-RET-1..3): a stable ASCII key, the form's label and name, whether
 * it is a register (its base date is its last entry, R-RET-1), and its
 * retention rule through ONE function, doctype_rule(), which reads it
 * from the directive version in force (core/policy.h, R-META-1): a
 * revised directive changes the periods without a code change.  Pure;
 * no I/O.
 */
#ifndef MM_CORE_DOCTYPE_H
#define MM_CORE_DOCTYPE_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "retention.h"

struct policy;

struct doctype {
	const char *key;      /* "form2", "detail5": ASCII, stored */
	const char *form;     /* 様式第2号 / 細目様式第5号 */
	const char *name;     /* 貸出管理簿 */
	int is_register;      /* counted from its last entry (R-RET-1) */
};

/*
 * doctypes - every type, ending with a NULL key; a static table.
 * doctype_find - the type of key, or NULL (also for NULL).
 */
extern const struct doctype doctypes[];
const struct doctype *doctype_find(const char *key);

/*
 * doctype_rule - the retention rule of the type key under policy p (the
 * version in force; NULL: the first directive, policy_default) into
 * *out (R-RET-1, R-RET-3).  Returns 0, or MM_EINVAL for an unknown key
 * (out untouched).  Every rule lookup goes through here.
 */
int doctype_rule(const struct policy *p, const char *key,
		 struct retention_rule *out);

/*
 * doctype_due - whether a document of type key with base date `base`
 * (made, or a register's last entry) may be disposed of on `today`
 * under policy p (as doctype_rule) (R-RET-2): 1 due, 0 not yet; *from
 * (may be NULL) receives the first day it may be.  MM_EINVAL for an
 * unknown key or an invalid date.
 */
int doctype_due(const struct policy *p, const char *key,
		const struct civil_date *base,
		const struct civil_date *today, struct civil_date *from);

#define MM_DISPOSAL_DISPOSED_MSG "この文書はすでに廃棄されています"
#define MM_DISPOSAL_HELD_MSG \
	"廃棄保留（捜査・照会等）中の文書は廃棄できません。保留を解除してから廃棄してください"
#define MM_DISPOSAL_NOT_DUE_MSG "保存期間が満了していない文書は廃棄できません"

/*
 * doctype_check_disposal - whether a listed document may be disposed of
 * (R-RET-2): not disposed already, under no hold, past its period.
 * Returns 0, or MM_ERULE with *why the Japanese message (static).
 */
int doctype_check_disposal(int disposed, int held, int due, const char **why);

#endif
