/*
 * fold.h - text folded for matching, never for storing (japan-notes,
 * "Spreadsheets and text": normalise for matching and search only).
 *
 * Two spellings a reader takes for the same word fold to the same bytes:
 * full- and half-width forms, katakana and hiragana, upper and lower case,
 * and (on request) spacing and punctuation put between the letters.  Used
 * by the message check (R-CASE-2, core/msgcheck.h) and by anything that
 * compares names a person typed (the seal's folded names).  Pure: no I/O,
 * no global state of its own; thread-safe.
 */
#ifndef MM_CORE_FOLD_H
#define MM_CORE_FOLD_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "../lib/buf.h"

/* Remove white space (ASCII, U+3000 and every other Unicode space). */
#define FOLD_DROP_SPACE 0x1u
/* Remove punctuation and symbols (general categories P* and S*: ・ 、 ★ ♡ -). */
#define FOLD_DROP_PUNCT 0x2u

/*
 * fold_text - appends to out the folded form of the NUL-terminated UTF-8
 * text in, in this order:
 *   1. NFKC with case folding (ICU's NFKC_Casefold): full-width Latin and
 *      digits become ASCII, half-width katakana full-width (ﾊﾟ -> パ,
 *      composed), compatibility characters their plain form (㈱ -> (株),
 *      ① -> 1), upper case lower, and default-ignorable code points
 *      (zero-width space, soft hyphen, variation selectors) vanish;
 *   2. katakana to hiragana by code point, U+30A1..U+30F4 -> U+3041..U+3094
 *      and ヽヾ -> ゝゞ (ア->あ, ヴ->ゔ), ヵ -> か and ヶ -> け (as ICU does).  Why not ICU's
 *      Katakana-Hiragana transliterator: after step 1 every katakana with a
 *      hiragana twin is in this block, where the transliterator maps it to
 *      the same code point (the unit test checks it letter by letter); the
 *      mapping needs no transliterator object (which ICU does not allow to
 *      share between threads) and no rule data at run time.  ヷヸヹヺ and the
 *      long-vowel mark ー have no hiragana twin and stay;
 *   3. with FOLD_DROP_SPACE, white space removed; with FOLD_DROP_PUNCT,
 *      punctuation and symbols removed; when anything was, step 1 again,
 *      so a letter parted from its voicing mark joins it ("ﾊ ﾟ" -> ぱ).
 *      (Steps 2 and 3 commute: no katakana is a space or a symbol.)
 * So "パ パ 活", "ﾊﾟﾊﾟ活", "ぱ・ぱ・活" and "ぱぱ活" fold alike (to "ぱぱ活"),
 * as do "ﾊﾟﾊﾟｶﾂ" and "ぱぱかつ"; kanji are not read (活 is not かつ).
 * Letters, digits and marks are kept; FOLD_DROP_SPACE also drops control
 * characters (a tab or line break between letters is spacing too).  The result is UTF-8 and contains
 * no NUL.
 *
 * Returns 0; MM_EINVAL when in is NULL, not well-formed UTF-8, or holds a
 * code point ICU refuses (nothing appended); MM_ENOMEM; or out's error
 * (MM_EOVERFLOW when the folded text passes out's maximum).
 */
int fold_text(const char *in, struct buf *out, unsigned flags);

#endif
