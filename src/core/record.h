/*
 * record.h - each record type of the directive described once, as data.
 *
 * A record descriptor lists a record's fields: the key (JSON key, form
 * field name and column), the Japanese label, the type, the limit in
 * characters, whether it is required, whether it identifies a person,
 * where it lives in the record's C struct.  From that one description
 * every front end reads and checks input (web forms, the JSON API, the
 * CLI, CSV import) with the same messages, renders it (forms, lists,
 * JSON) and describes it (OpenAPI).  What is particular to a record -
 * the rules of the directive about it - stays in its own core module
 * and runs after record_read() has done the generic checks.
 *
 * Pure; no I/O.  The descriptors themselves are in records.h.
 */
#ifndef MM_CORE_RECORD_H
#define MM_CORE_RECORD_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>
#include <stdint.h>

#include "fsm.h"

struct pool;

/* What a field holds, and so how its text is read and where it is put. */
enum field_type {
	FIELD_TEXT = 1, /* one line of text: char[size], or FIELD_POOLED */
	FIELD_NOTE,     /* text that may hold line breaks: as FIELD_TEXT */
	FIELD_KANA,     /* a reading in kana (ふりがな): as FIELD_TEXT */
	FIELD_DATE,     /* "YYYY-MM-DD": struct civil_date */
	FIELD_MOMENT,   /* "YYYY-MM-DDTHH:MM[:SS][zone]": int64_t unix time */
	FIELD_INT,      /* a whole number within min..max: int64_t */
	FIELD_ENUM,     /* one of choices, by key: int (a C enum) */
	FIELD_REF,      /* the id of another record, >= 1: int64_t */
	FIELD_BOOL,     /* yes or no: int 0/1 */
};

/* Field flags. */
#define FIELD_REQUIRED 0x01u /* must be given and not blank; with
				FIELD_SERVER: always set (a record's state) */
/*
 * Identifies a person (a staff member's name, a contact): a marker for
 * readers and reviews of what a record discloses.  It does NOT encrypt:
 * staff names are stored in clear; FIELD_SEALED encrypts.
 */
#define FIELD_PERSONAL 0x02u
#define FIELD_LISTED   0x04u /* a column of the record's list pages */
#define FIELD_SERVER   0x08u /* set by the server: never read from input */
#define FIELD_ASCII    0x10u /* half-width ASCII only (serials, phone numbers) */
#define FIELD_CREATE_ONLY 0x20u /* given when created, never changed (a login) */
#define FIELD_UPDATE_ONLY 0x40u /* only changed, never given when created
				   (whether a unit is in use) */
/*
 * A text field whose member is a `const char *` (size sizeof(char *))
 * pointing into a pool owned by whoever holds the record for the moment
 * (the request, a list page) instead of a char array sized for the
 * longest text allowed; NULL stands for "" (field_text()).  The limit is
 * still max_chars characters, checked when read.
 */
#define FIELD_POOLED 0x80u
/*
 * Sealed at rest (issue 9: a child's name, contact, school, guardians):
 * the store writes the value only sealed under the field key
 * (core/seal.h, bound to "table.column") and opens it when it reads the
 * row; a value that does not open is MM_ECORRUPT, never "".  The audit
 * trail and history show it only as SEAL_HIDDEN.  Text types and
 * FIELD_DATE only.  The column cannot be searched, sorted or compared in
 * SQL (use FIELD_LOOKUP to find a person), and its stored text is longer
 * than the value (seal_text_len()).  An empty value is stored as "".
 */
#define FIELD_SEALED 0x100u
/*
 * A part of a person's identity by which earlier records of the same
 * person are found (R-CASE-11's history): a FIELD_TEXT is the name, a
 * FIELD_KANA its reading, a FIELD_DATE the birth date - at most one of
 * each per record.  The store keeps keyed hashes of them
 * (core/person.h) in person_keys when it inserts the record, so
 * store_find_person() finds the record by hash lookup only.  Usually
 * together with FIELD_SEALED.
 */
#define FIELD_LOOKUP 0x200u

/*
 * An extra rule about a field's text beyond its type (a serial's
 * alphabet, a phone number's digits): 0, or MM_EINVAL with *why a static
 * Japanese message.
 */
typedef int (*field_rule_fn)(const char *text, const char **why);

struct field_desc {
	const char *key;
	const char *label;
	enum field_type type;
	unsigned flags;
	size_t max_chars;   /* text types: the limit in characters */
	int64_t min, max;   /* FIELD_INT: the range */
	/*
	 * FIELD_ENUM: the names of its values, indexed by value (index 0,
	 * "none", is never a choice): the same table as the object's own
	 * *_key() and *_label() functions, so there is one list of names.
	 */
	const struct fsm_name *names;
	size_t n_names;
	field_rule_fn rule; /* may be NULL */
	/*
	 * The rule as a regular expression, for the OpenAPI document (the
	 * server checks with rule, not with this); may be NULL.
	 */
	const char *pattern;
	const char *hint;   /* an example shown beside the input; may be NULL */
	/*
	 * The message when a required field is not given, where the
	 * directive's own words say more than "入力してください" (and the
	 * refusal table, core/refusal.c, knows them); may be NULL.
	 */
	const char *why_missing;
	/*
	 * FIELD_ENUM: the OpenAPI schema of its choices when other records
	 * share it ("Rank"); NULL: the record's own, Kind<Key>.
	 */
	const char *schema;
	/*
	 * The store's column of the field when it is not called key
	 * ("start_on" for "start"); NULL: key.  Only the store reads it.
	 */
	const char *column;
	size_t offset;      /* of the member in the record's struct */
	size_t size;        /* of that member, in bytes */
};

/*
 * The rules of a record that concern more than one field or the clock
 * (a breach cannot have happened after it is reported): 0, or MM_EINVAL
 * / MM_ERULE with *field the key to blame and *why a static Japanese
 * message.  now is unix time.  Pure.
 */
typedef int (*record_rules_fn)(const void *rec, int64_t now,
			       const char **field, const char **why);

/* An OpenAPI schema name meaning "no schema" (record_desc). */
#define RECORD_NO_SCHEMA ""

struct record_desc {
	const char *kind;   /* "device": the API's and audit trail's name */
	const char *label;  /* 端末 */
	const struct field_desc *fields;
	size_t n_fields;
	record_rules_fn rules; /* may be NULL */
	/*
	 * Its schemas in the OpenAPI document (tools/openapi_gen.c): the
	 * record as the API answers it, and the request that creates it or
	 * takes a step of it.  NULL: "<Kind>" and "<Kind>Create" (Kind in
	 * CamelCase); RECORD_NO_SCHEMA: none - the input of a step is no
	 * record the API answers, and one struct read by two descriptors is
	 * answered by one of them.  A loan is made by a "LendRequest".
	 */
	const char *output_schema;
	const char *input_schema;
	/* A record's change request when not NameUpdate ("ServiceChange"). */
	const char *update_schema;
};

/* The offset and size of member m of struct type T, for a field_desc. */
#define RECORD_MEMBER(T, m) .offset = offsetof(T, m), \
	.size = sizeof(((T *)0)->m)

/*
 * Where record_read() takes its input from: get() gives the text of
 * field f when present (0, *text borrowed until the next call),
 * MM_ENOTFOUND when the input does not hold it, or MM_EINVAL with *why
 * when it holds something no text can stand for (a JSON array where a
 * string belongs).  A JSON integer or boolean is given as its text
 * ("12", "1"/"0"); a form's unticked checkbox is absent.
 */
struct field_source {
	int (*get)(void *src, const struct field_desc *f, const char **text,
		   const char **why);
	void *src;
	/*
	 * Where the text of FIELD_POOLED fields is copied to (the request's
	 * pool, the CLI's): it must outlive the record.  NULL: a pooled
	 * field given in the input is a fault.
	 */
	struct pool *pool;
};

/* Faults found in one input: at most RECORD_FAULTS_MAX are kept. */
#define RECORD_FAULTS_MAX 16

struct record_fault {
	const char *key;   /* the field's key */
	const char *label; /* the field's label */
	const char *why;   /* static Japanese message */
};

struct record_faults {
	size_t n;
	struct record_fault items[RECORD_FAULTS_MAX];
};

/* record_faults_add - appends a fault (dropped past the maximum). */
void record_faults_add(struct record_faults *e, const char *key,
		       const char *label, const char *why);

/* What record_read() reads. */
enum record_mode {
	RECORD_CREATE = 0, /* every field; required ones must be there */
	RECORD_UPDATE = 1, /* only the fields present; the rest untouched */
	/*
	 * A change posted whole (a web form): every field but those given
	 * only at creation; an absent one is not given (an unticked box is
	 * "no"), as for RECORD_CREATE.
	 */
	RECORD_EDIT = 2,
	/*
	 * Or-ed with one of the above: read the fields without the record's
	 * rules, because they weigh something the server sets only once it
	 * has read them (a designation's rank is the rank recorded for the
	 * user named); the caller then runs the rules (record_check()).
	 */
	RECORD_FIELDS_ONLY = 0x10,
};

/*
 * record_read - reads every input field of d (not FIELD_SERVER, nor
 * FIELD_CREATE_ONLY unless mode is RECORD_CREATE, nor FIELD_UPDATE_ONLY
 * when it is) from src into the struct at rec, checking each against its type, limit and rule,
 * and appends one fault per bad field to *faults (not cleared first).
 * A field with a fault leaves its member as it was.  Returns 0 when no
 * fault was added, MM_EINVAL otherwise, or MM_ENOMEM (or another error
 * of src->get but MM_EINVAL) at once, no fault added, when memory ran
 * out: the server's fault, which the caller answers as such (503), never
 * as a fault of the input (issue 14).  The messages are the same
 * whatever the source, so web, API, CLI and import answer alike.
 */
int record_read(const struct record_desc *d, const struct field_source *src,
		void *rec, enum record_mode mode, struct record_faults *faults);

/*
 * record_input - record_read(), then, when every field was good and mode
 * has no RECORD_FIELDS_ONLY, record_check() at time now.  What every
 * front end calls.  Returns 0 or the error of the first
 * fault (MM_EINVAL, or MM_ERULE for a broken rule), or record_read()'s
 * MM_ENOMEM with no fault added.
 */
int record_input(const struct record_desc *d, const struct field_source *src,
		 void *rec, enum record_mode mode, int64_t now,
		 struct record_faults *faults);

/*
 * record_check - the record's rules (d->rules) on the struct at rec at
 * time now; a broken rule is appended to *faults as one fault under the
 * field the rule blames.  Returns 0 (also without rules) or the rule's
 * error (MM_EINVAL or MM_ERULE).
 */
int record_check(const struct record_desc *d, const void *rec, int64_t now,
		 struct record_faults *faults);

/*
 * record_valid - the store's last line: every field of d that the input
 * gives (all but FIELD_SERVER) holds, in the struct at rec, a value its
 * descriptor accepts (the check record_read() made of its text: type,
 * limit in characters, required, choices, rule), and then the record's
 * rules at time now.  For a record that reaches the store without a
 * front end (the demo, the CLI) or was changed after it was read.
 * Returns 0 or the first fault's error (MM_EINVAL, MM_ERULE) with *why
 * (may be NULL) its static Japanese message and *field (may be NULL) the
 * key to blame.
 */
int record_valid(const struct record_desc *d, const void *rec, int64_t now,
		 const char **field, const char **why);

/*
 * field_parse - checks text as the value of f and, when good and rec is
 * not NULL, stores it in the struct at rec.  Returns 0 or MM_EINVAL with
 * *why a static Japanese message.  An empty text is "not given": it is
 * MM_EINVAL for a required field, and clears an optional one.
 */
int field_parse(const struct field_desc *f, const char *text, void *rec,
		const char **why);

/*
 * field_parse_in - field_parse() that copies the text of a FIELD_POOLED
 * field into pool (which must outlive rec).  Also MM_ENOMEM with *why a
 * static Japanese message when pool is NULL or at its maximum, and with
 * *why NULL when malloc failed it (rec unchanged).
 */
int field_parse_in(const struct field_desc *f, const char *text, void *rec,
		   struct pool *pool, const char **why);

/*
 * field_format - the value of f in the struct at rec as the text input
 * would carry it ("2026-04-01", "purpose", "12", "1"), written into out
 * (size bytes; at least 32).  Text fields are copied (cut to fit).
 */
void field_format(const struct field_desc *f, const void *rec, char *out,
		  size_t size);

/*
 * field_text - the text of a text field (TEXT, NOTE, KANA) in rec: its
 * array, or what its pooled pointer points to ("" when NULL).
 */
const char *field_text(const struct field_desc *f, const void *rec);

/* field_int - the member of an INT, REF, ENUM, BOOL or MOMENT field. */
int64_t field_int(const struct field_desc *f, const void *rec);

/*
 * field_set_int - sets the member of an INT, REF, ENUM, BOOL or MOMENT
 * field (an int or an int64_t, by its size) to v.
 */
void field_set_int(const struct field_desc *f, void *rec, int64_t v);

/*
 * field_set_pooled - points the member of a FIELD_POOLED field at p
 * (NULL: not given), which must outlive rec.
 */
void field_set_pooled(const struct field_desc *f, void *rec, const char *p);

/*
 * field_choice_label - the label of value v of an enum field, "" when v
 * is not one of its choices.
 */
const char *field_choice_label(const struct field_desc *f, int v);

/* field_choice_key - the key of value v, NULL when not a choice. */
const char *field_choice_key(const struct field_desc *f, int v);

/* record_field - the field of d called key, NULL when none. */
const struct field_desc *record_field(const struct record_desc *d,
				      const char *key);

/*
 * record_desc_check - whether d is well formed: keys unique, every text
 * member can hold max_chars characters of four bytes, every member's
 * size fits its type, enum fields have choices, only enums name a
 * schema, no field is both create-only and update-only, only text fields
 * are pooled and a pooled member is a pointer, only texts and dates
 * are sealed, and FIELD_LOOKUP marks at most one name (FIELD_TEXT), one
 * reading (FIELD_KANA) and one birth date (FIELD_DATE).  0 or MM_EINVAL with
 * *bad the offending key.  For the unit test over every descriptor.
 */
int record_desc_check(const struct record_desc *d, const char **bad);

/*
 * moment_parse - "YYYY-MM-DDTHH:MM" with optional ":SS" and an optional
 * zone ("Z", "+09:00"); without a zone the time is Asia/Tokyo's, as a
 * browser's datetime-local input sends it.  0 or MM_EINVAL.
 */
int moment_parse(const char *s, int64_t *out);

/*
 * moment_format - t as Asia/Tokyo "YYYY-MM-DDTHH:MM" (what a datetime-local
 * input shows) into out (at least 17 bytes); "" when out of range.
 */
void moment_format(int64_t t, char *out, size_t size);

#endif
