/*
 * Unicode conformance of the layout steps, with Unicode's own test files (Debian package
 * unicode-data): BidiCharacterTest.txt through text_bidi_line_order() (the levels and L2
 * reordering the layout uses, with its number-group protocol) and LineBreakTest.txt through
 * text_breaks() (the break opportunities the layout wraps at, digit groups kept together). Both go
 * through text_utf16_from_utf8() first, as all kiosk text does. A case fails below 99.9% (bidi)
 * or 99.5% (line breaks); failing lines are listed with the reason.
 */
#include "check.h"

#include "text/text_unicode.h"

#include <stdlib.h>
#include <unicode/utf8.h>

#define BIDI_FILE  "/usr/share/unicode/BidiCharacterTest.txt"
#define BREAK_FILE "/usr/share/unicode/auxiliary/LineBreakTest.txt"
#define MAX_LISTED 50

/* Parses hex code points separated by spaces (and, for line breaks, the marks between) into
 * UTF-8. Returns the number of code points. */
static int cps_to_utf8(const unsigned *cps, int n, char *out, size_t cap)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        UBool err = false;
        U8_APPEND((uint8_t *)out, len, (int32_t)cap - 1, (UChar32)cps[i], err);
        if (err)
            break;
    }
    out[len] = 0;
    return (int)len;
}

static void list_failure(int *listed, int line, const char *what, const char *exp, const char *got)
{
    if ((*listed)++ < MAX_LISTED)
        printf("  line %d: %s\n    expected %s\n    got      %s\n", line, what, exp, got);
}

/* Runs one case; returns NULL when it passes, else what differs, with the expected and the
 * actual text of that field in exp and got. */
static const char *bidi_case(UBiDi *bidi, const UChar *u, int32_t ulen, const unsigned *cps, int n,
                             char **f, bool number_groups, char *exp, char *got, size_t cap)
{
    static uint8_t levels[1024];
    static int32_t order[1024];
    int dir = atoi(f[1]);
    enum text_dir d = dir == 0 ? TEXT_DIR_LTR : dir == 1 ? TEXT_DIR_RTL : TEXT_DIR_AUTO;
    int32_t count = 0;
    int para = text_bidi_line_order(bidi, u, ulen, d, number_groups, levels, order, &count);
    /* Field 3: levels per code point, x for removed ones; field 4: visual order. */
    size_t gl = 0;
    int32_t ui = 0;
    for (int i = 0; i < n; i++) {
        bool removed = text_bidi_x9_removed((UChar32)cps[i]);
        gl += (size_t)snprintf(got + gl, cap - gl, i ? " %s" : "%s", removed ? "x" : "");
        if (!removed)
            gl += (size_t)snprintf(got + gl, cap - gl, "%d", levels[ui]);
        ui += cps[i] > 0xFFFF ? 2 : 1;
    }
    snprintf(exp, cap, "%s", f[3]);
    if (para != atoi(f[2]))
        return "paragraph level";
    if (strcmp(exp, got) != 0)
        return "levels";
    size_t ol = 0;
    for (int32_t v = 0; v < count; v++)
        ol += (size_t)snprintf(got + ol, cap - ol, v ? " %d" : "%d", (int)order[v]);
    got[ol] = 0;
    snprintf(exp, cap, "%s", f[4]);
    return strcmp(exp, got) != 0 ? "order" : NULL;
}

/* Measured as the kiosk draws (with the number-group protocol of text_unicode.h); a failing
 * case is run again by the bare algorithm to tell our deliberate deviation from ICU's. */
static void test_bidi_character_test(void)
{
    FILE *fp = fopen(BIDI_FILE, "r");
    CHECK(fp != NULL);
    UBiDi *bidi = ubidi_open();
    static char line[8192], utf8[8192], got[8192], exp[8192], bexp[8192], bgot[8192];
    unsigned cps[512];
    int total = 0, failed = 0, bare_failed = 0, listed = 0, lineno = 0;
    while (fgets(line, sizeof(line), fp)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *f[5], *save = NULL;
        int nf = 0;
        for (char *t = strtok_r(line, ";\n", &save); t && nf < 5; t = strtok_r(NULL, ";\n", &save))
            f[nf++] = t;
        if (nf < 5)
            continue;
        int n = 0;
        for (char *p = f[0], *end; n < 512; p = end) {
            unsigned long v = strtoul(p, &end, 16);
            if (end == p)
                break;
            cps[n++] = (unsigned)v;
        }
        int len = cps_to_utf8(cps, n, utf8, sizeof(utf8));
        int32_t ulen = 0;
        UChar *u = text_utf16_from_utf8(utf8, (size_t)len, &ulen);
        CHECK(u && ulen < 1024);
        total++;
        const char *what = bidi_case(bidi, u, ulen, cps, n, f, true, exp, got, sizeof(exp));
        if (what) {
            failed++;
            const char *bare = bidi_case(bidi, u, ulen, cps, n, f, false, bexp, bgot, sizeof(bexp));
            bare_failed += bare != NULL;
            char reason[8400];
            snprintf(reason, sizeof(reason), "%s (dir %s): %s; %s", f[0], f[1], what,
                     bare ? "ICU 72 differs from the reference"
                          : "number groups kept together (text_bidi_join_number_groups)");
            list_failure(&listed, lineno, reason, exp, got);
        }
        free(u);
    }
    fclose(fp);
    ubidi_close(bidi);
    double pct = total ? 100.0 * (total - failed) / total : 0;
    printf("  BidiCharacterTest.txt as the kiosk draws: %d of %d cases pass (%.3f%%)\n",
           total - failed, total, pct);
    printf("  BidiCharacterTest.txt by the bare algorithm (ICU ubidi): %d of %d (%.3f%%)\n",
           total - bare_failed, total, total ? 100.0 * (total - bare_failed) / total : 0);
    CHECK(total > 90000);
    CHECK(pct >= 99.9);
}

static void test_line_break_test(void)
{
    FILE *fp = fopen(BREAK_FILE, "r");
    CHECK(fp != NULL);
    UBreakIterator *brk = text_breaks_open();
    CHECK(brk);
    static char line[8192], utf8[8192], exp[4096], got[4096];
    unsigned cps[512];
    int32_t breaks[2048];
    int total = 0, failed = 0, listed = 0, lineno = 0;
    while (fgets(line, sizeof(line), fp)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        /* "× 0023 ÷ 0020 ÷": a mark before each code point and one at the end. */
        int n = 0;
        size_t el = 0;
        exp[0] = 0;
        char *save = NULL;
        for (char *t = strtok_r(line, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
            if (!strcmp(t, "÷")) {
                if (n > 0)
                    el += (size_t)snprintf(exp + el, sizeof(exp) - el, " %d", n);
            } else if (strcmp(t, "×") != 0 && n < 512) {
                cps[n++] = (unsigned)strtoul(t, NULL, 16);
            }
        }
        if (n == 0)
            continue;
        int len = cps_to_utf8(cps, n, utf8, sizeof(utf8));
        int32_t ulen = 0;
        UChar *u = text_utf16_from_utf8(utf8, (size_t)len, &ulen);
        CHECK(u && ulen < 2048);
        text_bidi_join_number_groups(u, ulen, u); /* as the layout wraps */
        int32_t nb = text_breaks(brk, u, ulen, breaks);
        /* UTF-16 offsets to code point indices. */
        size_t gl = 0;
        got[0] = 0;
        int32_t cp = 0, ui = 0;
        for (int32_t b = 0; b < nb; b++) {
            while (ui < breaks[b]) {
                ui += U16_IS_LEAD(u[ui]) && ui + 1 < ulen && U16_IS_TRAIL(u[ui + 1]) ? 2 : 1;
                cp++;
            }
            gl += (size_t)snprintf(got + gl, sizeof(got) - gl, " %d", (int)cp);
        }
        total++;
        if (strcmp(exp, got) != 0) {
            failed++;
            char what[800];
            size_t wl = 0;
            for (int i = 0; i < n && wl < 500; i++)
                wl += (size_t)snprintf(what + wl, sizeof(what) - wl, "%04X ", cps[i]);
            /* The reason: which positions differ, as "break before code point k". */
            char padded_exp[4100], padded_got[4100];
            snprintf(padded_exp, sizeof(padded_exp), "%s ", exp);
            snprintf(padded_got, sizeof(padded_got), "%s ", got);
            for (int k = 1; k <= n && wl < sizeof(what) - 40; k++) {
                char pos[16];
                snprintf(pos, sizeof(pos), " %d ", k);
                bool in_exp = strstr(padded_exp, pos) != NULL;
                bool in_got = strstr(padded_got, pos) != NULL;
                if (in_exp != in_got)
                    wl += (size_t)snprintf(what + wl, sizeof(what) - wl, "- %s break at %d ",
                                           in_exp ? "missing" : "extra", k);
            }
            list_failure(&listed, lineno, what, exp, got);
        }
        free(u);
    }
    fclose(fp);
    ubrk_close(brk);
    double pct = total ? 100.0 * (total - failed) / total : 0;
    printf("  LineBreakTest.txt: %d of %d cases pass (%.3f%%)\n", total - failed, total, pct);
    CHECK(total > 7000);
    CHECK(pct >= 99.5);
}

static const struct check_case cases[] = {
    {"bidi_character_test", test_bidi_character_test},
    {"line_break_test", test_line_break_test},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
