/*
 * Hostile text cannot freeze the screen (found by fuzzing the text layout): a cluster of
 * thousands of combining marks, a megabyte of paragraphs of which two lines are shown, a
 * text longer than anything the kiosk shows. Each is bounded by a cap checked here; make bench
 * (tests/bench/text_layout.c) times them.
 */
#include "check.h"

#include <stdlib.h>
#include <time.h>
#include <unicode/uchar.h>

#include "text/text.h"
#include "text/text_inspect.h"
#include "text/text_unicode.h"

#define FONTS "assets/fonts.txt"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* "a" and n times U+0301 COMBINING ACUTE ACCENT, then " b". */
static char *marks(int n)
{
    char *s = malloc((size_t)n * 2 + 8);
    char *p = s;
    *p++ = 'a';
    for (int i = 0; i < n; i++) {
        *p++ = (char)0xCC;
        *p++ = (char)0x81;
    }
    memcpy(p, " b", 3);
    return s;
}

static void test_stream_safe_cap(void)
{
    UChar u[100];
    u[0] = 'a';
    for (int i = 1; i <= 40; i++)
        u[i] = 0x0301;
    u[41] = 'b';
    u[42] = 0x0308;
    int32_t dropped = 0;
    int32_t n = text_stream_safe(u, 43, &dropped);
    CHECK_INT_EQ(dropped, 10);
    CHECK_INT_EQ(n, 33);
    CHECK(u[0] == 'a' && u[30] == 0x0301 && u[31] == 'b' && u[32] == 0x0308);
    /* A real text is untouched: Vietnamese with two marks, Arabic with harakat. */
    UChar v[] = {'a', 0x0302, 0x0301, 0x0628, 0x064E, 0x0651};
    CHECK_INT_EQ(text_stream_safe(v, 6, &dropped), 6);
    CHECK_INT_EQ(dropped, 0);
}

static void test_mark_stack_fast(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e != NULL);
    char *s = marks(16000);
    struct text_style st = {.size_px = 40, .max_width = 800, .max_lines = 2};
    double t0 = now_ms();
    const struct text_layout *l = text_engine_layout(e, s, &st);
    double ms = now_ms() - t0;
    /* Before the cap: 0.6 s in one hb_shape at -O2. */
    printf("    16000 marks laid out in %.1f ms\n", ms);
    int glyphs = text_layout_glyph_count(l);
    free(s);
    text_engine_destroy(e);
    CHECK(glyphs <= 2 + TEXT_MAX_NONSTARTERS + 2);
}

static void test_many_paragraphs_two_lines(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e != NULL);
    size_t n = 1 << 20;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i += 4)
        memcpy(s + i, "ab\n\n", 4);
    s[n] = '\0';
    struct text_style st = {.size_px = 40, .max_width = 800, .max_lines = 2};
    struct text_engine_stats before, after;
    text_engine_stats(e, &before);
    double t0 = now_ms();
    const struct text_layout *l = text_engine_layout(e, s, &st);
    double ms = now_ms() - t0;
    text_engine_stats(e, &after);
    printf("    1 MB of paragraphs, 2 lines shown: %.1f ms, %lu hb_shape calls\n", ms,
           after.shape_calls - before.shape_calls);
    CHECK_INT_EQ(text_layout_line_count(l), 2);
    CHECK(text_layout_truncated(l));
    free(s);
    text_engine_destroy(e);
    CHECK(after.shape_calls - before.shape_calls <= 8);
}

static void test_long_text_cut(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e != NULL);
    /* 200 KB of "é" (2 bytes each), no breaks, unlimited lines: cut to TEXT_MAX_BYTES at a
     * character, so no U+FFFD at the end. */
    size_t n = 200000;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2) {
        s[i] = (char)0xC3;
        s[i + 1] = (char)0xA9;
    }
    s[n] = '\0';
    struct text_style st = {.size_px = 20};
    double t0 = now_ms();
    const struct text_layout *l = text_engine_layout(e, s, &st);
    double ms = now_ms() - t0;
    printf("    200 KB text laid out in %.1f ms, %d glyphs\n", ms, text_layout_glyph_count(l));
    CHECK(text_layout_glyph_count(l) <= TEXT_MAX_BYTES / 2);
    CHECK(text_layout_glyph_count(l) >= TEXT_MAX_BYTES / 2 - 1);
    free(s);
    text_engine_destroy(e);
}

/* The paragraph cut keeps what is shown: three paragraphs in two lines still end in an
 * ellipsis, two paragraphs do not; CRLF counts as one break. */
static void test_paragraph_cut_keeps_ellipsis(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e != NULL);
    struct text_style st = {.size_px = 20, .max_width = 400, .max_lines = 2};
    const struct text_layout *l = text_engine_layout(e, "a\nb\nc", &st);
    CHECK(text_layout_truncated(l));
    l = text_engine_layout(e, "a\nb", &st);
    CHECK(!text_layout_truncated(l));
    CHECK_INT_EQ(text_layout_line_count(l), 2);
    l = text_engine_layout(e, "a\r\nb", &st);
    CHECK(!text_layout_truncated(l));
    CHECK_INT_EQ(text_layout_line_count(l), 2);
    text_engine_destroy(e);
}

/* The UTF-16 units HarfBuzz shaped for one fresh layout (the cache emptied first): the work
 * done, counted rather than timed, so a loaded machine cannot fail the test. */
static unsigned long layout_units(struct text_engine *e, const char *s, const struct text_style *st)
{
    struct text_engine_stats a, b;
    text_engine_trim(e);
    text_engine_trim(e);
    text_engine_stats(e, &a);
    text_engine_layout(e, s, st);
    text_engine_stats(e, &b);
    return b.shaped_units - a.shaped_units;
}

/* One long paragraph as a two-line title: only what two lines (and one more, for the
 * ellipsis) can hold is shaped, and the lines shown are the same as for the whole text. */
static void test_long_paragraph_two_lines(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e != NULL);
    size_t n = TEXT_MAX_BYTES;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i += 8)
        memcpy(s + i, "Wegwijs ", 8);
    s[n] = '\0';
    char *head = strndup(s, 1024);
    struct text_style st = {.size_px = 40, .max_width = 600, .max_lines = 2};
    unsigned long u_head = layout_units(e, head, &st), u_long = layout_units(e, s, &st);
    const struct text_layout *l = text_engine_layout(e, s, &st);
    char *whole = text_layout_describe(e, l);
    bool cut = text_layout_truncated(l);
    int lines = text_layout_line_count(l);
    l = text_engine_layout(e, head, &st);
    char *first = text_layout_describe(e, l);
    printf("    16 KB paragraph as two lines: %lu UTF-16 units shaped (its first 1 KB: %lu)\n",
           u_long, u_head);
    bool same = whole && first && strcmp(whole, first) == 0;
    free(whole);
    free(first);
    free(head);
    free(s);
    text_engine_destroy(e);
    CHECK(cut);
    CHECK_INT_EQ(lines, 2);
    CHECK(same);
    /* Shaping all 16 KB took 30-40 ms here, the first 1 KB 2-3 ms (make bench times it). */
    CHECK(u_long <= 4 * u_head);
}

static const struct check_case cases[] = {
    {"text_long_paragraph_two_lines", test_long_paragraph_two_lines},
    {"text_stream_safe_cap", test_stream_safe_cap},
    {"text_mark_stack_fast", test_mark_stack_fast},
    {"text_many_paragraphs_two_lines", test_many_paragraphs_two_lines},
    {"text_long_text_cut", test_long_text_cut},
    {"text_paragraph_cut_keeps_ellipsis", test_paragraph_cut_keeps_ellipsis},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
