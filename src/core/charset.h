/*
 * charset.h - text files as Excel saves them in a Japanese office: UTF-8
 * (with or without a byte order mark) or CP932 (Windows Shift_JIS),
 * converted to UTF-8 for the rest of Mamori.  CP932 goes through ICU's
 * "windows-31j" converter (ibm-943_P15A-2003), which maps the NEC and IBM
 * extensions (①, ㈱, 髙 ...) as Windows does.  A byte sequence that does
 * not convert is reported, never dropped or replaced: an import must not
 * silently change a serial number or a name.  No file I/O.
 */
#ifndef MM_CORE_CHARSET_H
#define MM_CORE_CHARSET_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

#include "../lib/buf.h"

enum charset {
	CHARSET_NONE = 0,
	CHARSET_UTF8 = 1,
	CHARSET_CP932 = 2,
};

/* charset_from_key - "utf-8" or "cp932" (also "shift_jis"); NONE otherwise. */
enum charset charset_from_key(const char *key);

/* Where a conversion failed: byte offset and 1-based line of the input. */
struct charset_fault {
	size_t offset;
	size_t line;
	unsigned char bytes[4];   /* the bytes that did not convert */
	size_t n_bytes;
};

/*
 * charset_to_utf8 - appends the UTF-8 form of len bytes of in, encoded in
 * cs, to out.  Returns 0; MM_EINVAL when a byte sequence is invalid or
 * has no Unicode mapping (fault, may be NULL, says where; nothing is
 * appended), a NUL byte included; MM_ENOMEM when ICU cannot be set up;
 * or out's error.  A UTF-8 byte order mark is kept (csv_parse skips it).
 * Thread-safe.
 */
int charset_to_utf8(enum charset cs, const char *in, size_t len,
		    struct buf *out, struct charset_fault *fault);

/*
 * charset_from_utf8 - appends len bytes of UTF-8 text in, encoded in cs,
 * to out (an export for Excel, issue 11).  CP932 through the same
 * windows-31j table, so ～ and － convert as Windows writes them.  A
 * character cs cannot hold (𠮷, ㋿) is reported, never dropped or
 * replaced: MM_EINVAL with fault (may be NULL) naming its UTF-8 bytes,
 * their offset and line; nothing is appended.  MM_EINVAL also for
 * invalid UTF-8; MM_ENOMEM; or out's error.  Thread-safe.
 */
int charset_from_utf8(enum charset cs, const char *in, size_t len,
		      struct buf *out, struct charset_fault *fault);

#endif
