#define LOG_TAG "text"
#include "core/log.h"

#include "text/text_unicode.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

UChar *text_utf16_from_utf8(const char *utf8, size_t len, int32_t *out_len)
{
    UChar *out = NULL;
    *out_len = 0;
    if (len > INT32_MAX / 2)
        len = INT32_MAX / 2; /* ICU counts in int32_t; nothing on a kiosk comes near this */
    /* UTF-16 never needs more units than UTF-8 has bytes. */
    out = malloc(((size_t)len + 1) * sizeof(UChar));
    if (!out)
        return NULL;
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8WithSub(out, (int32_t)len + 1, &n, utf8, (int32_t)len, 0xFFFD, NULL, &err);
    if (U_FAILURE(err)) {
        LOG_WARN("UTF-8 conversion failed: %s", u_errorName(err));
        n = 0;
    }
    out[n] = 0;
    *out_len = n;
    return out;
}

int32_t text_stream_safe(UChar *text, int32_t len, int32_t *dropped)
{
    int32_t out = 0, run = 0, gone = 0;
    for (int32_t i = 0; i < len;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(text, i, len, c);
        run = u_getCombiningClass(c) != 0 ? run + 1 : 0;
        if (run > TEXT_MAX_NONSTARTERS) {
            gone++;
            continue;
        }
        while (at < i)
            text[out++] = text[at++];
    }
    if (out < len)
        text[out] = 0;
    if (dropped)
        *dropped = gone;
    return out;
}

int text_bidi_levels(UBiDi *bidi, const UChar *text, int32_t len, enum text_dir dir,
                     uint8_t *levels)
{
    UBiDiLevel para = dir == TEXT_DIR_RTL ? 1 : dir == TEXT_DIR_LTR ? 0 : UBIDI_DEFAULT_LTR;
    UErrorCode err = U_ZERO_ERROR;
    if (len == 0)
        return para == 1 ? 1 : 0;
    ubidi_setPara(bidi, text, len, para, NULL, &err);
    if (U_FAILURE(err))
        goto fail;
    const UBiDiLevel *lv = ubidi_getLevels(bidi, &err);
    if (U_FAILURE(err))
        goto fail;
    memcpy(levels, lv, (size_t)len);
    return ubidi_getParaLevel(bidi);
fail:
    LOG_WARN("bidi resolution failed: %s; showing the text left to right", u_errorName(err));
    memset(levels, para == 1 ? 1 : 0, (size_t)len);
    return para == 1 ? 1 : 0;
}

static bool is_digit_class(UChar32 c)
{
    UCharDirection d = u_charDirection(c);
    return d == U_EUROPEAN_NUMBER || d == U_ARABIC_NUMBER;
}

void text_bidi_join_number_groups(const UChar *text, int32_t len, UChar *out)
{
    if (out != text) /* in place is allowed */
        memcpy(out, text, (size_t)len * sizeof(*out));
    for (int32_t i = 1; i + 1 < len; i++) {
        if (text[i] != 0x20)
            continue;
        /* Digits are in the BMP except for a few rare scripts; those keep the bare rules. */
        if (is_digit_class(text[i - 1]) && is_digit_class(text[i + 1]))
            out[i] = 0xA0;
    }
}

enum text_dir text_bidi_auto_dir(const UChar *text, int32_t len)
{
    return ubidi_getBaseDirection(text, len) == UBIDI_RTL ? TEXT_DIR_RTL : TEXT_DIR_LTR;
}

bool text_bidi_x9_removed(UChar32 c)
{
    switch (u_charDirection(c)) {
    case U_LEFT_TO_RIGHT_EMBEDDING:
    case U_RIGHT_TO_LEFT_EMBEDDING:
    case U_LEFT_TO_RIGHT_OVERRIDE:
    case U_RIGHT_TO_LEFT_OVERRIDE:
    case U_POP_DIRECTIONAL_FORMAT:
    case U_BOUNDARY_NEUTRAL:
        return true;
    default:
        return false;
    }
}

int32_t text_bidi_trailing_ws(const UChar *text, int32_t start, int32_t end)
{
    int32_t i = end;
    while (i > start) {
        int32_t j = i;
        UChar32 c;
        U16_PREV(text, start, j, c);
        UCharDirection d = u_charDirection(c);
        bool trailing = d == U_WHITE_SPACE_NEUTRAL || d == U_FIRST_STRONG_ISOLATE ||
                        d == U_LEFT_TO_RIGHT_ISOLATE || d == U_RIGHT_TO_LEFT_ISOLATE ||
                        d == U_POP_DIRECTIONAL_ISOLATE || text_bidi_x9_removed(c);
        if (!trailing)
            break;
        i = j;
    }
    return i;
}

void text_bidi_line_l1(const UChar *text, int32_t start, int32_t end, int para_level,
                       uint8_t *levels)
{
    int32_t ws = text_bidi_trailing_ws(text, start, end);
    memset(levels + ws, para_level, (size_t)(end - ws));
}

void text_bidi_reorder(const uint8_t *levels, int32_t n, int32_t *visual)
{
    if (n <= 0)
        return;
    ubidi_reorderVisual(levels, n, visual);
}

UBreakIterator *text_breaks_open(void)
{
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *brk = ubrk_open(UBRK_LINE, "", NULL, 0, &err);
    if (U_FAILURE(err)) {
        LOG_ERR("ICU line break iterator unavailable: %s", u_errorName(err));
        return NULL;
    }
    return brk;
}

int32_t text_breaks(UBreakIterator *brk, const UChar *text, int32_t len, int32_t *breaks)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    if (len == 0)
        return 0;
    ubrk_setText(brk, text, len, &err);
    if (U_FAILURE(err)) {
        LOG_WARN("line breaking failed: %s", u_errorName(err));
        breaks[0] = len;
        return 1;
    }
    for (int32_t p = ubrk_following(brk, 0); p != UBRK_DONE; p = ubrk_next(brk))
        breaks[n++] = p;
    if (n == 0 || breaks[n - 1] != len)
        breaks[n++] = len;
    return n;
}

int text_bidi_line_order(UBiDi *bidi, const UChar *text, int32_t len, enum text_dir dir,
                         bool number_groups, uint8_t *levels, int32_t *order, int32_t *count)
{
    int para = 0;
    *count = 0;
    int32_t *cp = malloc(((size_t)len + 1) * sizeof(*cp));
    uint8_t *lv = malloc((size_t)len + 1);
    int32_t *visual = malloc(((size_t)len + 1) * sizeof(*visual));
    UChar *joined = malloc(((size_t)len + 1) * sizeof(*joined));
    if (!cp || !lv || !visual || !joined) {
        LOG_WARN("out of memory reordering a line of %d units", (int)len);
        goto out;
    }
    if (number_groups)
        text_bidi_join_number_groups(text, len, joined);
    else
        memcpy(joined, text, (size_t)len * sizeof(*joined));
    para = text_bidi_levels(bidi, joined, len, dir, levels);
    text_bidi_line_l1(text, 0, len, para, levels);
    /* One item per code point that survives rule X9, then rule L2 over their levels. */
    int32_t n = 0, k = 0;
    for (int32_t i = 0; i < len; k++) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(text, i, len, c);
        if (text_bidi_x9_removed(c))
            continue;
        cp[n] = k;
        lv[n++] = levels[at];
    }
    text_bidi_reorder(lv, n, visual);
    for (int32_t v = 0; v < n; v++)
        order[v] = cp[visual[v]];
    *count = n;
out:
    free(cp);
    free(lv);
    free(visual);
    free(joined);
    return para;
}
