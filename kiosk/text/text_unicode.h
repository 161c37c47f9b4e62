/*
 * text_unicode: the Unicode steps of paragraph layout, each done by ICU, exposed on their own
 * so the conformance tests and build/textlayout run exactly the code the kiosk draws with.
 *
 *  - text_utf16_from_utf8: outside text to UTF-16 (ICU's native form); every ill-formed
 *    UTF-8 subsequence (including encoded surrogates) becomes U+FFFD.
 *  - text_bidi_*: UAX #9 through ICU ubidi: paragraph and character levels (rules P2-I2 and
 *    L1), and rule L2 over any sequence of levels (characters or shaped runs).
 *  - text_breaks: UAX #14 line break opportunities through ICU ubrk.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include "text/text.h"

/* Converts len bytes of utf8 into a new UTF-16 string (caller frees). Never fails except on
 * memory exhaustion (NULL). *out_len gets the length in UTF-16 units. */
UChar *text_utf16_from_utf8(const char *utf8, size_t len, int32_t *out_len);

/*
 * Unicode's stream-safe limit (UAX #15): at most this many non-starters (combining marks)
 * in a row. Shaping cost grows with the square of a cluster's length; 16 k marks on one
 * letter took 0.6 s in one hb_shape. No real text comes near 30.
 */
#define TEXT_MAX_NONSTARTERS 30

/* Drops every non-starter past TEXT_MAX_NONSTARTERS in a row, in place; returns the new
 * length. *dropped (may be NULL) gets how many code points were dropped. */
int32_t text_stream_safe(UChar *text, int32_t len, int32_t *dropped);

/* Resolves the bidi levels of one or more paragraphs. levels gets one level per UTF-16 unit
 * (rule L1 applied at the end of each paragraph and before separators). Returns the level
 * of the first paragraph, or -1 when ICU refused (logged). bidi is a reusable ICU object. */
int text_bidi_levels(UBiDi *bidi, const UChar *text, int32_t len, enum text_dir dir,
                     uint8_t *levels);

/*
 * A higher-level protocol (UAX #9 section 4.3, HL2) for numbers written in groups, such as
 * the phone number in "اتصل بـ 14 0123": by the bare algorithm the space between two digit
 * groups takes the paragraph's direction, so a right-to-left paragraph shows "0123 14". The
 * layout resolves levels and line breaks on a copy where a single space between two digits
 * is a no-break space (a common separator, and glue for UAX #14), so the number stays one
 * left-to-right unit on one line. out gets len units (it may be text itself); offsets are
 * unchanged. build/textlayout and the conformance tests apply it too, as the kiosk draws.
 */
void text_bidi_join_number_groups(const UChar *text, int32_t len, UChar *out);

/* The base direction of text by its first strong character (rule P2/P3), or LTR. */
enum text_dir text_bidi_auto_dir(const UChar *text, int32_t len);

/* Rule L1 for a line that ends at end (exclusive) and starts at start: trailing white space
 * and isolate formatters (and X9-removed characters among them) get the paragraph level. */
/* Where the trailing white space (and isolate formatters, X9-removed characters) of the
 * line [start, end) begins: rule L1 gives them the paragraph level, and they take no room. */
int32_t text_bidi_trailing_ws(const UChar *text, int32_t start, int32_t end);
void text_bidi_line_l1(const UChar *text, int32_t start, int32_t end, int para_level,
                       uint8_t *levels);

/* Rule L2: visual[i] = the index of the item shown at visual position i, for n items with
 * the given levels (characters or shaped runs). */
void text_bidi_reorder(const uint8_t *levels, int32_t n, int32_t *visual);

/* The whole of text as one line: levels (per UTF-16 unit, rule L1 applied) and the visual
 * order as code point indices, leaving out the characters rule X9 removes (the form of
 * BidiCharacterTest.txt). order needs len entries; *count gets how many were written.
 * Returns the paragraph level. The same calls the layout makes, with each character as a run
 * of its own; number_groups applies the layout's number protocol first (as the kiosk draws),
 * false gives the bare algorithm. */
int text_bidi_line_order(UBiDi *bidi, const UChar *text, int32_t len, enum text_dir dir,
                         bool number_groups, uint8_t *levels, int32_t *order, int32_t *count);

/* True for the characters rule X9 removes (embeddings, overrides, PDF, boundary neutrals). */
bool text_bidi_x9_removed(UChar32 c);

/* Line break opportunities by UAX #14: fills breaks with the UTF-16 offsets (ascending,
 * excluding 0, including len) at which a line may start; returns their count, -1 on error.
 * breaks must hold len + 1 entries. brk is a reusable ICU line break iterator. */
int32_t text_breaks(UBreakIterator *brk, const UChar *text, int32_t len, int32_t *breaks);
/* Opens a line break iterator for text_breaks (NULL and a log line on failure). */
UBreakIterator *text_breaks_open(void);
