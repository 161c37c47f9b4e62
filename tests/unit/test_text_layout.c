/* The text engine's public face: layout, cache, fitting, direction, drawing. */
#include "check.h"

#include "text/text.h"
#include "text/text_inspect.h"

#include <stdlib.h>

#define FONTS "assets/fonts.txt"

static struct text_style style(int size, int width)
{
    return (struct text_style){.size_px = size, .max_width = width};
}

static void test_cache_hit_does_no_shaping(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 300);
    const struct text_layout *a = text_engine_layout(e, "Tik op het scherm", &st);
    struct text_engine_stats s1, s2;
    text_engine_stats(e, &s1);
    CHECK(s1.shape_calls > 0);
    text_engine_trim(e);
    const struct text_layout *b = text_engine_layout(e, "Tik op het scherm", &st);
    text_engine_stats(e, &s2);
    CHECK(a == b);
    CHECK_INT_EQ(s2.shape_calls, s1.shape_calls);
    /* A different style is a different layout. */
    st.size_px = 30;
    const struct text_layout *c = text_engine_layout(e, "Tik op het scherm", &st);
    CHECK(c != b);
    text_engine_destroy(e);
}

static void test_trim_frees_unused(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 0);
    text_engine_layout(e, "een", &st);
    text_engine_layout(e, "twee", &st);
    text_engine_trim(e);
    text_engine_layout(e, "een", &st);
    text_engine_trim(e);
    struct text_engine_stats s;
    text_engine_stats(e, &s);
    CHECK_INT_EQ(s.cached_layouts, 1);
    text_engine_destroy(e);
}

static void test_direction_resolved(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 0);
    CHECK_INT_EQ(text_layout_dir(text_engine_layout(e, "المس الشاشة", &st)), TEXT_DIR_RTL);
    CHECK_INT_EQ(text_layout_dir(text_engine_layout(e, "123 المس", &st)), TEXT_DIR_RTL);
    CHECK_INT_EQ(text_layout_dir(text_engine_layout(e, "Ekrana dokunun", &st)), TEXT_DIR_LTR);
    st.dir = TEXT_DIR_RTL;
    CHECK_INT_EQ(text_layout_dir(text_engine_layout(e, "Ekrana dokunun", &st)), TEXT_DIR_RTL);
    text_engine_destroy(e);
}

static void test_wraps_to_width(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(20, 200);
    const struct text_layout *l = text_engine_layout(
        e, "Gratis hulp van de gemeente voor iedereen die in deze gemeente woont.", &st);
    CHECK(text_layout_line_count(l) >= 3);
    CHECK_INT_EQ(text_layout_width(l), 200);
    for (int i = 0; i < text_layout_glyph_count(l); i++) {
        struct text_glyph_info g;
        text_layout_glyph(l, i, &g);
        CHECK(g.x >= -0.5f);
        /* Trailing spaces may hang past the edge; ink may not. */
        if (g.glyph != 3)
            CHECK(g.x + g.advance <= 200.5f);
    }
    CHECK(!text_layout_truncated(l));
    text_engine_destroy(e);
}

static void test_rtl_right_aligned(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 400);
    const struct text_layout *l = text_engine_layout(e, "المس الشاشة", &st);
    float right = 0, left = 1e9f;
    for (int i = 0; i < text_layout_glyph_count(l); i++) {
        struct text_glyph_info g;
        text_layout_glyph(l, i, &g);
        right = g.x + g.advance > right ? g.x + g.advance : right;
        left = g.x < left ? g.x : left;
    }
    CHECK(right > 399.0f && right < 400.5f);
    CHECK(left > 200.0f);
    text_engine_destroy(e);
}

static void test_hard_breaks(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 0);
    CHECK_INT_EQ(text_layout_line_count(text_engine_layout(e, "een\ntwee\r\ndrie", &st)), 3);
    CHECK_INT_EQ(text_layout_line_count(text_engine_layout(e, "", &st)), 1);
    text_engine_destroy(e);
}

static void test_ellipsis_at_max_lines(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 160);
    st.max_lines = 1;
    st.fit = TEXT_FIT_ELLIPSIS;
    const struct text_layout *l =
        text_engine_layout(e, "Cliëntondersteuning is gratis en onafhankelijk", &st);
    CHECK_INT_EQ(text_layout_line_count(l), 1);
    CHECK(text_layout_truncated(l));
    int n = text_layout_glyph_count(l);
    CHECK(n > 1);
    struct text_glyph_info last;
    text_layout_glyph(l, n - 1, &last);
    CHECK(last.x + last.advance <= 160.5f);
    text_engine_destroy(e);
}

static void test_shrink_to_fit(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(40, 300);
    st.max_lines = 1;
    st.fit = TEXT_FIT_SHRINK;
    const struct text_layout *l = text_engine_layout(e, "Wijkteam en WMO-loket", &st);
    CHECK(text_layout_size_px(l) < 40);
    CHECK(text_layout_size_px(l) >= 20);
    CHECK_INT_EQ(text_layout_line_count(l), 1);
    CHECK(!text_layout_truncated(l));
    text_engine_destroy(e);
}

static void test_draws_on_software_renderer(void)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 60, 32, SDL_PIXELFORMAT_RGBA32);
    CHECK(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    CHECK(r);
    struct text_engine *e = text_engine_new(FONTS, r);
    CHECK(e);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    struct text_style st = style(32, 0);
    text_engine_draw(e, text_engine_layout(e, "Hallo", &st), 4, 4, (SDL_Color){0, 0, 0, 255});
    int dark = 0;
    const uint8_t *px = s->pixels;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            dark += px[y * s->pitch + x * 4] < 128;
    struct text_engine_stats st1;
    text_engine_stats(e, &st1);
    text_engine_destroy(e);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    CHECK(dark > 100);
    CHECK(st1.rasterised >= 4); /* H, a, l, o */
}

/* A pictogram drawn with black text colour keeps its own colours (the handshake is yellow),
 * at a size far from the colour font's strike, larger and smaller. */
static void test_emoji_keeps_colours(void)
{
    static const int sizes[] = {24, 160};
    for (size_t k = 0; k < 2; k++) {
        int size = sizes[k];
        SDL_Surface *s =
            SDL_CreateRGBSurfaceWithFormat(0, size * 2, size * 2, 32, SDL_PIXELFORMAT_RGBA32);
        CHECK(s);
        SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
        CHECK(r);
        struct text_engine *e = text_engine_new(FONTS, r);
        CHECK(e);
        SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
        SDL_RenderClear(r);
        struct text_style st = style(size, 0);
        const struct text_layout *l = text_engine_layout(e, "\xf0\x9f\xa4\x9d", &st);
        CHECK_INT_EQ(text_layout_glyph_count(l), 1);
        text_engine_draw(e, l, 0, 0, (SDL_Color){0, 0, 0, 255});
        int yellow = 0, dark = 0;
        const uint8_t *px = s->pixels;
        for (int y = 0; y < s->h; y++)
            for (int x = 0; x < s->w; x++) {
                const uint8_t *p = px + y * s->pitch + x * 4;
                yellow += p[0] > 200 && p[1] > 150 && p[2] < 100;
                dark += p[0] < 60 && p[1] < 60 && p[2] < 60;
            }
        text_engine_destroy(e);
        SDL_DestroyRenderer(r);
        SDL_FreeSurface(s);
        CHECK(yellow > size * size / 8);
        CHECK(dark < yellow / 4);
    }
}

/* Text takes the colour it is drawn with. */
static void test_text_takes_colour(void)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 60, 32, SDL_PIXELFORMAT_RGBA32);
    CHECK(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    CHECK(r);
    struct text_engine *e = text_engine_new(FONTS, r);
    CHECK(e);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    struct text_style st = style(32, 0);
    text_engine_draw(e, text_engine_layout(e, "Hallo", &st), 4, 4, (SDL_Color){200, 0, 0, 255});
    int red = 0, other = 0;
    const uint8_t *px = s->pixels;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            const uint8_t *p = px + y * s->pitch + x * 4;
            red += p[0] > 150 && p[1] < 40 && p[2] < 40;
            /* ink that is not a shade of red on white */
            other += p[1] < 200 && (p[0] < p[1] + 30 || abs(p[1] - p[2]) > 10);
        }
    text_engine_destroy(e);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    CHECK(red > 100);
    CHECK(other == 0);
}

/* Digits at the start of a paragraph take the font of the paragraph's language. */
static void test_language_picks_digit_font(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 0);
    struct text_glyph_info arabic, digit_ar, digit_nl;
    text_layout_glyph(text_engine_layout(e, "\xd8\xa8", &st), 0, &arabic);
    st.lang = "ar";
    text_layout_glyph(text_engine_layout(e, "14", &st), 0, &digit_ar);
    st.lang = "nl";
    text_layout_glyph(text_engine_layout(e, "14", &st), 0, &digit_nl);
    text_engine_destroy(e);
    CHECK_INT_EQ(digit_ar.font, arabic.font);
    CHECK(digit_nl.font != arabic.font);
}

/* "دوشنبه: 09:00-12:00": the hyphen comes from another font, the digits after it do not. */
static void test_digits_keep_letters_font(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = style(24, 0);
    const char *text = "\xd8\xaf\xd9\x88\xd8\xb4\xd9\x86\xd8\xa8\xd9\x87: 09:00-12:00";
    const struct text_layout *l = text_engine_layout(e, text, &st);
    struct text_glyph_info first, g;
    text_layout_glyph(l, text_layout_glyph_count(l) - 1, &first); /* the first letter, rightmost */
    CHECK_INT_EQ(first.cluster, 0);
    int digits = 0;
    for (int i = 0; i < text_layout_glyph_count(l); i++) {
        text_layout_glyph(l, i, &g);
        char c = text[12 + (g.cluster - 6)]; /* clusters past the six letters are ASCII */
        if (g.cluster >= 8 && c >= '0' && c <= '9') {
            digits++;
            CHECK_INT_EQ(g.font, first.font);
        }
    }
    text_engine_destroy(e);
    CHECK_INT_EQ(digits, 8);
}

/* The ellipsis goes after a whole word, with no space before it, in both directions. */
static void test_ellipsis_after_whole_word(void)
{
    static const struct {
        const char *text;
        int width;
    } cases[] = {
        {"Gratis hulp van de gemeente voor iedereen", 220},
        {"\xd8\xa7\xd9\x84\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaf\xd8\xa9 "
         "\xd9\x85\xd8\xac\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9 "
         "\xd9\x88\xd9\x85\xd8\xb3\xd8\xaa\xd9\x82\xd9\x84\xd8\xa9",
         200},
    };
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        struct text_style st = style(24, cases[k].width);
        st.max_lines = 1;
        st.fit = TEXT_FIT_ELLIPSIS;
        const struct text_layout *l = text_engine_layout(e, cases[k].text, &st);
        CHECK(text_layout_truncated(l));
        /* The ellipsis is the glyph with the largest cluster; the text before it must end
         * just before a space of the source (a whole word), and no space glyph is drawn. */
        int n = text_layout_glyph_count(l), ell = 0, last_text = -1;
        struct text_glyph_info g;
        for (int i = 0; i < n; i++) {
            text_layout_glyph(l, i, &g);
            struct text_glyph_info best;
            text_layout_glyph(l, ell, &best);
            if (g.cluster > best.cluster)
                ell = i;
        }
        struct text_glyph_info eg;
        text_layout_glyph(l, ell, &eg);
        for (int i = 0; i < n; i++) {
            text_layout_glyph(l, i, &g);
            if (i != ell && g.cluster > last_text)
                last_text = g.cluster;
        }
        /* Clusters are UTF-16 offsets; convert the source to count them. */
        int units = 0, space_at = -1;
        for (const unsigned char *p = (const unsigned char *)cases[k].text; *p; p++) {
            if ((*p & 0xC0) == 0x80)
                continue;
            if (*p == ' ' && units == eg.cluster)
                space_at = units;
            units++;
        }
        CHECK_INT_EQ(space_at, eg.cluster);
        CHECK(last_text < eg.cluster);
    }
    text_engine_destroy(e);
}

static const struct check_case cases[] = {
    {"ellipsis_after_whole_word", test_ellipsis_after_whole_word},
    {"digits_keep_letters_font", test_digits_keep_letters_font},
    {"language_picks_digit_font", test_language_picks_digit_font},
    {"emoji_keeps_colours", test_emoji_keeps_colours},
    {"text_takes_colour", test_text_takes_colour},
    {"cache_hit_does_no_shaping", test_cache_hit_does_no_shaping},
    {"trim_frees_unused", test_trim_frees_unused},
    {"direction_resolved", test_direction_resolved},
    {"wraps_to_width", test_wraps_to_width},
    {"rtl_right_aligned", test_rtl_right_aligned},
    {"hard_breaks", test_hard_breaks},
    {"ellipsis_at_max_lines", test_ellipsis_at_max_lines},
    {"shrink_to_fit", test_shrink_to_fit},
    {"draws_on_software_renderer", test_draws_on_software_renderer},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
