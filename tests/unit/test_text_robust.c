/* No input crashes the text engine, and bad input degrades visibly but safely. */
#include "check.h"

#include "text/text.h"
#include "text/text_inspect.h"
#include "text/text_unicode.h"

#include <stdlib.h>

#define FONTS "assets/fonts.txt"

static struct text_engine *engine(void)
{
    return text_engine_new(FONTS, NULL);
}

/* Every ill-formed UTF-8 sequence becomes U+FFFD, including encoded surrogates. */
static void test_invalid_utf8_becomes_fffd(void)
{
    static const struct {
        const char *in;
        int units;
        int fffd;
    } cases[] = {
        {"a\xff"
         "b",
         3, 1},
        {"\xc3", 1, 1},         /* truncated */
        {"\xe2\x82", 1, 1},     /* truncated 3-byte */
        {"\xc0\xaf", 2, 2},     /* overlong */
        {"\xed\xa0\x80", 3, 3}, /* lone high surrogate, encoded */
        {"\xed\xbf\xbf"
         "x",
         4, 3},                     /* lone low surrogate, encoded */
        {"\xf4\x90\x80\x80", 4, 4}, /* above U+10FFFF */
        {"ok \xe2\x82\xac", 4, 0},  /* well-formed euro sign */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int32_t n = 0;
        UChar *u = text_utf16_from_utf8(cases[i].in, strlen(cases[i].in), &n);
        CHECK(u);
        int fffd = 0;
        for (int32_t k = 0; k < n; k++)
            fffd += u[k] == 0xFFFD;
        free(u);
        CHECK_INT_EQ(n, cases[i].units);
        CHECK_INT_EQ(fffd, cases[i].fffd);
    }
}

/* The layout draws U+FFFD's glyph where the bad byte was. */
static void test_layout_shows_replacement(void)
{
    struct text_engine *e = engine();
    CHECK(e);
    struct text_style st = {.size_px = 20};
    const struct text_layout *bad = text_engine_layout(e,
                                                       "a\xff"
                                                       "b",
                                                       &st);
    const struct text_layout *good = text_engine_layout(e,
                                                        "a\xef\xbf\xbd"
                                                        "b",
                                                        &st);
    CHECK_INT_EQ(text_layout_glyph_count(bad), 3);
    CHECK_INT_EQ(text_layout_glyph_count(good), 3);
    struct text_glyph_info gb, gg;
    text_layout_glyph(bad, 1, &gb);
    text_layout_glyph(good, 1, &gg);
    CHECK_INT_EQ(gb.glyph, gg.glyph);
    CHECK(gb.glyph != 0);
    text_engine_destroy(e);
}

static void test_unassigned_and_noncharacters(void)
{
    struct text_engine *e = engine();
    CHECK(e);
    struct text_style st = {.size_px = 20, .max_width = 100};
    /* U+0378 unassigned, U+E01F0 unassigned, U+FFFF and U+10FFFF noncharacters, U+E000 PUA */
    const struct text_layout *l = text_engine_layout(
        e, "x\xcd\xb8 \xf3\xa0\x87\xb0 \xef\xbf\xbf \xf4\x8f\xbf\xbf \xee\x80\x80 y", &st);
    CHECK(text_layout_glyph_count(l) >= 7);
    CHECK(text_layout_line_count(l) >= 1);
    text_engine_destroy(e);
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(ul * times + tl + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * ul, unit, ul);
    memcpy(s + ul * times, tail, tl + 1);
    return s;
}

/* 10,000 nested embeddings and isolates: past depth 125 the UBA ignores them (overflow). */
static void test_nested_bidi_controls(void)
{
    static const char *const units[] = {
        "\xe2\x80\xab", /* RLE */
        "\xe2\x81\xa7", /* RLI */
        "\xe2\x80\xad"
        "a",                    /* LRO a */
        "\xe2\x81\xa6\xd8\xa8", /* LRI beh */
        "\xe2\x80\xac",         /* PDF without opener */
    };
    struct text_engine *e = engine();
    CHECK(e);
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        char *s = repeat(units[i], 10000, "abc \xd8\xa7\xd9\x84 123");
        CHECK(s);
        struct text_style st = {.size_px = 16, .max_width = 300};
        const struct text_layout *l = text_engine_layout(e, s, &st);
        free(s);
        CHECK(text_layout_line_count(l) >= 1);
        CHECK(text_layout_glyph_count(l) > 0);
    }
    text_engine_destroy(e);
}

/* A megabyte in one paragraph: wrapped, unwrapped, and one endless word. */
static void test_megabyte_paragraph(void)
{
    struct text_engine *e = engine();
    CHECK(e);
    char *mixed = repeat("Bel 14 0123 \xd8\xa7\xd8\xaa\xd8\xb5\xd9\x84 ", 1 << 20 >> 4, "");
    char *word = repeat("w", 1 << 20, "");
    CHECK(mixed && word);
    struct text_style wrap = {.size_px = 16, .max_width = 800};
    const struct text_layout *l = text_engine_layout(e, mixed, &wrap);
    /* Only the first TEXT_MAX_BYTES are laid out (no text on a kiosk comes near). */
    CHECK(text_layout_line_count(l) > 100);
    CHECK(text_layout_line_count(l) < 1000);
    struct text_style one = {.size_px = 16};
    l = text_engine_layout(e, mixed, &one);
    CHECK_INT_EQ(text_layout_line_count(l), 1);
    struct text_style cut = {.size_px = 16, .max_width = 400, .max_lines = 2};
    l = text_engine_layout(e, word, &cut);
    CHECK_INT_EQ(text_layout_line_count(l), 2);
    CHECK(text_layout_truncated(l));
    free(mixed);
    free(word);
    text_engine_destroy(e);
}

static void test_bad_font_list(void)
{
    CHECK(text_engine_new("/nonexistent/fonts.txt", NULL) == NULL);
    char path[] = "/tmp/text_fonts_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    CHECK(fp);
    /* One missing font, one garbage line, a bad option, one good font and one named relative
     * to the list's folder (/tmp): the good ones are used. */
    fprintf(fp, "# test\n/nonexistent.ttf\n\n/etc/hostname\n"
                "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf scale=9\n"
                "../usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf\n");
    fclose(fp);
    struct text_engine *e = text_engine_new(path, NULL);
    remove(path);
    CHECK(e);
    struct text_style st = {.size_px = 20};
    CHECK(text_layout_glyph_count(text_engine_layout(e, "Hallo \xd8\xa7", &st)) == 7);
    struct text_glyph_info g;
    text_layout_glyph(text_engine_layout(e, "\xe1\x88\x80", &st), 0, &g); /* U+1200 */
    CHECK_INT_EQ(g.font, 1);
    CHECK(g.glyph != 0);
    text_engine_destroy(e);
}

static void test_null_and_empty(void)
{
    struct text_engine *e = engine();
    CHECK(e);
    struct text_style st = {.size_px = 0, .max_width = -5, .max_lines = -1};
    const struct text_layout *l = text_engine_layout(e, NULL, &st);
    CHECK(l);
    CHECK_INT_EQ(text_layout_glyph_count(l), 0);
    l = text_engine_layout(e, "\n\n\n", &st);
    CHECK_INT_EQ(text_layout_line_count(l), 4);
    text_engine_draw(e, l, 0, 0, (SDL_Color){0, 0, 0, 255}); /* no renderer: nothing */
    text_engine_trim(e);
    text_engine_destroy(e);
    text_engine_destroy(NULL);
}

static const struct check_case cases[] = {
    {"invalid_utf8_becomes_fffd", test_invalid_utf8_becomes_fffd},
    {"layout_shows_replacement", test_layout_shows_replacement},
    {"unassigned_and_noncharacters", test_unassigned_and_noncharacters},
    {"nested_bidi_controls", test_nested_bidi_controls},
    {"megabyte_paragraph", test_megabyte_paragraph},
    {"bad_font_list", test_bad_font_list},
    {"null_and_empty", test_null_and_empty},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
