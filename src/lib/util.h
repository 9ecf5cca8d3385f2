/*
 * util.h - small helpers with no better home: strict number parsing,
 * UTF-8 validation, time.  No allocation; no ownership transfers.
 */
#ifndef MM_UTIL_H
#define MM_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * parse_int64 - parses a whole string as a decimal integer in [min, max].
 * No sign other than a leading '-', no spaces, no trailing bytes.
 * Returns 0 and sets *out, or MM_EINVAL (and *out is untouched).
 */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/*
 * utf8_valid - whether n bytes at p are well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF) with no NUL byte and no
 * C0 control other than tab, LF and CR.  Returns 1 or 0.
 */
int utf8_valid(const char *p, size_t n);

/*
 * utf8_seq_len - the length of the well-formed UTF-8 sequence starting
 * at p within n bytes (1 for ASCII; no overlong form, no surrogate,
 * nothing past U+10FFFF), or 0 when malformed or cut at n.  A string
 * ending in NUL may pass n = 4: a cut sequence meets the NUL, which is no
 * continuation byte, and nothing past it is read.
 */
size_t utf8_seq_len(const unsigned char *p, size_t n);

/* utf8_chars - the number of code points in a valid UTF-8 string. */
size_t utf8_chars(const char *s);

/* now_unix - current time in seconds since the epoch (UTC). */
int64_t now_unix(void);

/*
 * format_iso8601 - writes t (UTC) as "2026-04-01T09:00:00Z" into out,
 * which must hold at least 21 bytes.  Returns out.
 */
char *format_iso8601(int64_t t, char *out, size_t outlen);

/*
 * streq_const - compares two NUL-terminated secrets in time that depends
 * only on their lengths.  Returns 1 when equal.
 */
int streq_const(const char *a, const char *b);

/*
 * temp_dir - the directory SQLite puts its temporary files in: the first
 * usable (a writable, searchable directory) of the ones its unix VFS
 * tries, in its order ($SQLITE_TMPDIR, $TMPDIR, /var/tmp, /usr/tmp, /tmp;
 * sqlite3.c, unixTempFileDir).  The server's sandbox leaves exactly this
 * one writable (cli/serve.c), so every temporary file of the server goes
 * there.  Writes it into dir (len bytes), or "" when none is usable.
 */
void temp_dir(char *dir, size_t len);

/* str_empty - 1 when s is NULL or "". */
static inline int str_empty(const char *s) { return !s || !*s; }

/* str_or_empty - s, or "" when NULL (a pooled text not given). */
static inline const char *str_or_empty(const char *s) { return s ? s : ""; }

#endif
