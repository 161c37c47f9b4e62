#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

size_t utf8_prefix(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n <= max)
        return n;
    n = max;
    /* s[n] is the first byte left out: back up while it continues a character. */
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void utf8_copy(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return;
    size_t n = utf8_prefix(src, size - 1);
    memmove(dst, src, n);
    dst[n] = '\0';
}

size_t utf8_strip_bidi_controls(char *s)
{
    size_t removed = 0;
    char *out = s;
    for (const char *p = s; *p;) {
        const unsigned char *b = (const unsigned char *)p;
        /* U+202A..U+202E are E2 80 AA..AE; U+2066..U+2069 are E2 81 A6..A9. */
        if (b[0] == 0xE2 && ((b[1] == 0x80 && b[2] >= 0xAA && b[2] <= 0xAE) ||
                             (b[1] == 0x81 && b[2] >= 0xA6 && b[2] <= 0xA9))) {
            p += 3;
            removed++;
            continue;
        }
        *out++ = *p++;
    }
    *out = '\0';
    return removed;
}
