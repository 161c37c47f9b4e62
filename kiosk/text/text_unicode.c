#define LOG_TAG "text"
#include "core/log.h"

#include "text/text_unicode.h"

#include <stdlib.h>
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

void text_bidi_line_l1(const UChar *text, int32_t start, int32_t end, int para_level,
                       uint8_t *levels)
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
        memset(levels + j, para_level, (size_t)(i - j));
        i = j;
    }
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
