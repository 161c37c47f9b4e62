/*
 * Golden layouts per script (the .tests files in tests/golden/text: glyph ids, clusters, positions
 * with the bundled fonts), and a rendered Arabic sentence with a phone number whose digits must
 * land on screen left to right, after (left of) the Arabic words.
 */
#include "check.h"

#include "text/text.h"
#include "text/text_inspect.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>

#define FONTS      "assets/fonts.txt"
#define GOLDEN_DIR "tests/golden/text"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks (or, with WEGWIJS_GOLDEN_UPDATE set, rewrites) one .tests file; returns failures. */
static int golden_file(struct text_engine *e, const char *path, int *cases)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        printf("  %s: cannot open\n", path);
        return 1;
    }
    bool update = getenv("WEGWIJS_GOLDEN_UPDATE") != NULL;
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem = update ? open_memstream(&out, &out_len) : NULL;
    char *line = NULL;
    size_t cap = 0;
    int failed = 0, lineno = 0;
    while (getline(&line, &cap, fp) >= 0) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        if (line[0] == '#' || line[0] == 0) {
            if (mem)
                fprintf(mem, "%s\n", line);
            continue;
        }
        char *f[7] = {0};
        int nf = 0;
        for (char *p = line; nf < 7; nf++) {
            f[nf] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                nf++;
                break;
            }
            *tab = 0;
            p = tab + 1;
        }
        if (nf < 6) {
            printf("  %s:%d: needs 7 tab-separated fields\n", path, lineno);
            failed++;
            continue;
        }
        struct text_style st = {
            .lang = f[0],
            .dir = !strcmp(f[1], "rtl")   ? TEXT_DIR_RTL
                   : !strcmp(f[1], "ltr") ? TEXT_DIR_LTR
                                          : TEXT_DIR_AUTO,
            .size_px = atoi(f[2]),
            .max_width = atoi(f[3]),
            .bold = atoi(f[4]) != 0,
        };
        char *got = text_layout_describe(e, text_engine_layout(e, f[5], &st));
        const char *exp = nf > 6 && f[6] ? f[6] : "";
        (*cases)++;
        if (mem) {
            fprintf(mem, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f[0], f[1], f[2], f[3], f[4], f[5],
                    got ? got : "");
        } else if (!got || strcmp(got, exp) != 0) {
            failed++;
            printf("  %s:%d: %s \"%s\"\n    expected %s\n    got      %s\n", path, lineno, f[0],
                   f[5], exp, got ? got : "(null)");
        }
        free(got);
        text_engine_trim(e);
    }
    free(line);
    fclose(fp);
    if (mem) {
        fclose(mem);
        FILE *w = fopen(path, "w");
        if (w) {
            fwrite(out, 1, out_len, w);
            fclose(w);
            printf("  %s: rewritten\n", path);
        }
        free(out);
    }
    return failed;
}

static void test_golden_layouts(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    DIR *d = opendir(GOLDEN_DIR);
    CHECK(d);
    char *names[64];
    int n = 0;
    for (struct dirent *de; (de = readdir(d)) && n < 64;) {
        size_t len = strlen(de->d_name);
        if (len > 6 && !strcmp(de->d_name + len - 6, ".tests"))
            names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(*names), cmp_str);
    int failed = 0, cases = 0;
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, names[i]);
        failed += golden_file(e, path, &cases);
        free(names[i]);
    }
    text_engine_destroy(e);
    printf("  %d golden layouts in %d files, %d differ\n", cases, n, failed);
    CHECK(n >= 5);
    CHECK(cases >= 20);
    CHECK_INT_EQ(failed, 0);
}

/* Glyph properties that hold whatever the font version: Arabic letters join (no isolated
 * forms inside a word), and the glyph order of a right-to-left run is the reverse of the
 * logical order. */
static void test_arabic_joins_and_runs_rtl(void)
{
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = {.size_px = 32, .lang = "ar"};
    /* The same letter beh alone and inside a word must be different glyphs (joined). */
    const struct text_layout *alone = text_engine_layout(e, "\xd8\xa8", &st);
    const struct text_layout *word = text_engine_layout(e, "\xd8\xa8\xd8\xa8\xd8\xa8", &st);
    CHECK_INT_EQ(text_layout_glyph_count(word), 3);
    struct text_glyph_info iso, g[3];
    text_layout_glyph(alone, 0, &iso);
    for (int i = 0; i < 3; i++)
        text_layout_glyph(word, i, &g[i]);
    /* visual left to right: final, medial, initial (logical 2, 1, 0) */
    CHECK_INT_EQ(g[0].cluster, 2);
    CHECK_INT_EQ(g[1].cluster, 1);
    CHECK_INT_EQ(g[2].cluster, 0);
    CHECK(g[0].glyph != iso.glyph && g[1].glyph != iso.glyph && g[2].glyph != iso.glyph);
    CHECK(g[0].glyph != g[1].glyph && g[1].glyph != g[2].glyph);
    text_engine_destroy(e);
}

/* A word too long for the line is cut between letters; the letters at each cut take the
 * forms they have at the end and start of a word, exactly as if each line were shaped on its
 * own, instead of keeping the joined forms of the whole word. */
static void test_arabic_cut_word_reshaped(void)
{
    /* seen-lam-seen-beh-yeh-lam, four times: every letter joins on both sides */
    static const char unit[] = "\xd8\xb3\xd9\x84\xd8\xb3\xd8\xa8\xd9\x8a\xd9\x84";
    char word[sizeof(unit) * 4];
    word[0] = 0;
    for (int i = 0; i < 4; i++)
        strcat(word, unit);
    struct text_engine *e = text_engine_new(FONTS, NULL);
    CHECK(e);
    struct text_style st = {.size_px = 36, .max_width = 130};
    const struct text_layout *l = text_engine_layout(e, word, &st);
    CHECK(text_layout_line_count(l) >= 3);
    int n = text_layout_glyph_count(l), checked = 0;
    for (int line = 0; line < text_layout_line_count(l); line++) {
        uint32_t ids[64];
        int count = 0, lo = 1 << 30, hi = -1;
        for (int i = 0; i < n && count < 64; i++) {
            struct text_glyph_info g;
            text_layout_glyph(l, i, &g);
            if (g.line != line)
                continue;
            ids[count++] = g.glyph;
            lo = g.cluster < lo ? g.cluster : lo;
            hi = g.cluster > hi ? g.cluster : hi;
        }
        CHECK(count > 0 && hi - lo < 100);
        /* Each letter is 2 UTF-8 bytes and 1 UTF-16 unit. */
        char part[256];
        int len = (hi - lo + 1) * 2;
        memcpy(part, word + lo * 2, (size_t)len);
        part[len] = 0;
        struct text_style alone = {.size_px = 36};
        const struct text_layout *ref = text_engine_layout(e, part, &alone);
        CHECK_INT_EQ(text_layout_glyph_count(ref), count);
        for (int i = 0; i < count; i++) {
            struct text_glyph_info g;
            text_layout_glyph(ref, i, &g);
            CHECK_INT_EQ(ids[i], g.glyph);
        }
        checked++;
    }
    text_engine_destroy(e);
    CHECK(checked >= 3);
}

static bool ink(const SDL_Surface *s, int x, int y)
{
    const uint8_t *p = (const uint8_t *)s->pixels + y * s->pitch + x * 4;
    return p[0] < 128;
}

/* "اتصل بـ 14 0123": drawn on a software renderer, the digits 1 4 0 1 2 3 must appear left to
 * right, left of the Arabic words, each as the very glyph the layout placed there. */
static void test_arabic_phone_number_rendered_in_order(void)
{
    const char *text = "\xd8\xa7\xd8\xaa\xd8\xb5\xd9\x84 \xd8\xa8\xd9\x80 14 0123";
    enum { W = 400, H = 80 };
    SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGBA32);
    CHECK(a && b);
    SDL_Renderer *ra = SDL_CreateSoftwareRenderer(a), *rb = SDL_CreateSoftwareRenderer(b);
    CHECK(ra && rb);
    struct text_engine *ea = text_engine_new(FONTS, ra), *eb = text_engine_new(FONTS, rb);
    CHECK(ea && eb);
    struct text_style st = {.size_px = 40, .max_width = W - 20, .lang = "ar"};
    const struct text_layout *l = text_engine_layout(ea, text, &st);
    CHECK_INT_EQ(text_layout_dir(l), TEXT_DIR_RTL);
    SDL_SetRenderDrawColor(ra, 255, 255, 255, 255);
    SDL_RenderClear(ra);
    text_engine_draw(ea, l, 10, 10, (SDL_Color){0, 0, 0, 255});

    /* Digits are UTF-16 offsets 8, 9 and 11..14 of the text. */
    static const int digit_cluster[] = {8, 9, 11, 12, 13, 14};
    float digit_x[6] = {0}, min_arabic_x = 1e9f;
    int found = 0, mismatched = 0;
    for (int i = 0; i < text_layout_glyph_count(l); i++) {
        struct text_glyph_info g;
        text_layout_glyph(l, i, &g);
        int d = -1;
        for (int k = 0; k < 6; k++)
            if (g.cluster == digit_cluster[k])
                d = k;
        if (d < 0) {
            if (g.cluster < 7 && g.x < min_arabic_x)
                min_arabic_x = g.x;
            continue;
        }
        digit_x[d] = g.x;
        found++;
        /* Draw just this glyph where the layout put it; the pixels inside its advance box
         * must be the ones the full drawing has there. */
        SDL_SetRenderDrawColor(rb, 255, 255, 255, 255);
        SDL_RenderClear(rb);
        text_engine_draw_glyph(eb, g.font, g.glyph, text_layout_size_px(l), 10 + (int)lroundf(g.x),
                               10 + (int)lroundf(g.y), (SDL_Color){0, 0, 0, 255});
        int x0 = 10 + (int)ceilf(g.x) + 1, x1 = 10 + (int)floorf(g.x + g.advance) - 1;
        int inked = 0;
        for (int y = 0; y < H; y++)
            for (int x = x0; x < x1; x++) {
                inked += ink(b, x, y);
                mismatched += ink(a, x, y) != ink(b, x, y);
            }
        CHECK(inked > 10);
    }
    text_engine_destroy(ea);
    text_engine_destroy(eb);
    SDL_DestroyRenderer(ra);
    SDL_DestroyRenderer(rb);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    CHECK_INT_EQ(found, 6);
    CHECK(mismatched < 8); /* anti-aliased edges may differ by a pixel */
    for (int k = 1; k < 6; k++)
        CHECK(digit_x[k] > digit_x[k - 1]);
    CHECK(digit_x[5] < min_arabic_x);
}

static const struct check_case cases[] = {
    {"golden_layouts", test_golden_layouts},
    {"arabic_joins_and_runs_rtl", test_arabic_joins_and_runs_rtl},
    {"arabic_cut_word_reshaped", test_arabic_cut_word_reshaped},
    {"arabic_phone_number_rendered_in_order", test_arabic_phone_number_rendered_in_order},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
