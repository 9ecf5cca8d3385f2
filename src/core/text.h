/*
 * text.h - small judgements about free text shared by the rules of the
 * directive's objects (reasons, reports, names on checklists).  Pure.
 */
#ifndef MM_CORE_TEXT_H
#define MM_CORE_TEXT_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

/*
 * text_present - 1 when s holds something other than ASCII white space
 * and ideographic spaces (U+3000): a reason of "　" is no reason.  0 for
 * NULL.  Does not check UTF-8 or length (validate_text does).
 */
int text_present(const char *s);

#endif
