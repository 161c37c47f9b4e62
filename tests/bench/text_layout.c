/*
 * Text engine figures, measured side by side in one run (make bench):
 *  - cold layout (shape + break + reorder) of a 500-character Arabic paragraph;
 *  - cached redraw: the layout lookup (must make no HarfBuzz call) and the whole redraw;
 *  - SDL_ttf's TTF_RenderUTF8_Blended_Wrapped on the same paragraph and font, and ratios;
 *  - atlas memory after drawing every string of every language (locales/) at two sizes;
 *  - hostile text (a stack of 16,000 accents, 1 MB of short paragraphs, 200 KB without a
 *    break): what one cold layout costs the main thread (tests/unit/test_text_hostile.c checks
 *    the caps themselves, without a clock).
 * Drawing goes to a software renderer on an ARGB8888 surface, as in the kiosk's headless mode.
 */
#include "content/po.h"
#include "text/text.h"
#include "text/text_inspect.h"

#include <SDL_ttf.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FONTS       "assets/fonts.txt"
#define ARABIC_FONT "/usr/share/fonts/truetype/noto/NotoNaskhArabicUI-Regular.ttf"
#define SIZE        24
#define WIDTH       800

/* 500 characters of plain Arabic about the municipality's free support, with a phone number. */
static const char *const sentence =
    "تقدم البلدية دعماً مجانياً ومستقلاً لكل سكان المدينة. يمكنكم الاتصال بالرقم 14 0123 أو "
    "زيارة مكتب الفريق في المكتبة من الاثنين إلى الجمعة. ";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return v[n / 2];
}

static void row(const char *figure, const char *target, const char *fmt, double value)
{
    printf("BENCH\t%s\t%s\t", figure, target);
    printf(fmt, value);
    printf("\n");
}

/* Exactly 500 code points of the sentence repeated. */
static char *arabic_paragraph(void)
{
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    int cps = 0;
    for (const char *p = sentence; cps < 500; p = *p ? p : sentence) {
        unsigned char c = (unsigned char)*p;
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        memcpy(s + len, p, (size_t)n);
        len += (size_t)n;
        p += n;
        cps++;
        if (!*p)
            p = sentence;
    }
    s[len] = 0;
    return s;
}

struct strings {
    char **v;
    int n, cap;
};

static bool collect(void *ctx, const struct po_entry *e)
{
    struct strings *s = ctx;
    if (!e->msgstr || !e->msgstr[0] || !e->msgid[0])
        return true;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, (size_t)s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = strdup(e->msgstr);
    return true;
}

static void all_strings(struct strings *s)
{
    DIR *d = opendir("locales");
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof(path), "locales/%s/kiosk.po", de->d_name);
        po_read_file(path, collect, s);
        snprintf(path, sizeof(path), "locales/%s/topics.po", de->d_name);
        po_read_file(path, collect, s);
    }
    closedir(d);
}

int main(void)
{
    enum { RUNS = 200 };
    static double t[RUNS];
    char *para = arabic_paragraph();
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    struct text_engine *e = r ? text_engine_new(FONTS, r) : NULL;
    if (!e || TTF_Init() != 0) {
        fprintf(stderr, "bench set-up failed: %s\n", SDL_GetError());
        return 1;
    }
    struct text_style st = {.size_px = SIZE, .max_width = WIDTH, .lang = "ar"};
    SDL_Color black = {0, 0, 0, 255};

    /* Warm the atlas and the code paths once. */
    text_engine_draw(e, text_engine_layout(e, para, &st), 0, 0, black);
    text_engine_trim(e);
    text_engine_trim(e);

    /* Cold layout: the cache is emptied (two trims) before each run. */
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        const struct text_layout *l = text_engine_layout(e, para, &st);
        t[i] = now_ms() - t0;
        (void)l;
        text_engine_trim(e);
        text_engine_trim(e);
    }
    double cold = median(t, RUNS);
    row("text: cold layout, 500-char Arabic paragraph (ms)", "< 1", "%.3f", cold);

    /* Cold layout + draw, the equivalent of what SDL_ttf does below. */
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        text_engine_draw(e, text_engine_layout(e, para, &st), 0, 0, black);
        t[i] = now_ms() - t0;
        text_engine_trim(e);
        text_engine_trim(e);
    }
    double cold_draw = median(t, RUNS);
    row("text: cold layout + draw, same paragraph (ms)", "<= SDL_ttf", "%.3f", cold_draw);

    /* Cached redraw: the lookup alone is the layout work; no HarfBuzz call is allowed. */
    const struct text_layout *l = text_engine_layout(e, para, &st);
    text_engine_draw(e, l, 0, 0, black);
    struct text_engine_stats s0, s1;
    text_engine_stats(e, &s0);
    static double td[RUNS];
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        l = text_engine_layout(e, para, &st);
        double t1 = now_ms();
        text_engine_draw(e, l, 0, 0, black);
        td[i] = now_ms() - t0;
        t[i] = t1 - t0;
        text_engine_trim(e);
    }
    text_engine_stats(e, &s1);
    double hit = median(t, RUNS), redraw = median(td, RUNS);
    row("text: cached redraw, layout work (ms)", "< 0.1", "%.4f", hit);
    row("text: cached redraw, HarfBuzz calls", "0", "%.0f",
        (double)(s1.shape_calls - s0.shape_calls));
    row("text: cached redraw incl. drawing quads (ms)", "-", "%.3f", redraw);

    /* SDL_ttf on the same paragraph, font and size. */
    /* At the pixel size our glyphs have: fonts.txt may draw Naskh larger than the em size. */
    struct text_glyph_info first;
    text_layout_glyph(l, 0, &first);
    int ttf_px = (int)lroundf(SIZE * text_engine_font_scale(e, first.font));
    printf("SDL_ttf at %d px, the size our Arabic glyphs are drawn at\n", ttf_px);
    TTF_Font *font = TTF_OpenFont(ARABIC_FONT, ttf_px);
    double ttf = 0;
    if (font) {
        TTF_SetFontDirection(font, TTF_DIRECTION_RTL);
        TTF_SetFontScriptName(font, "Arab");
        for (int i = 0; i < RUNS / 4; i++) {
            double t0 = now_ms();
            SDL_Surface *out = TTF_RenderUTF8_Blended_Wrapped(font, para, black, WIDTH);
            t[i] = now_ms() - t0;
            SDL_FreeSurface(out);
        }
        ttf = median(t, RUNS / 4);
        TTF_CloseFont(font);
        row("SDL_ttf: TTF_RenderUTF8_Blended_Wrapped, same paragraph (ms)", "-", "%.3f", ttf);
        row("ratio: SDL_ttf time / our cold layout + draw", ">= 1", "%.1fx", ttf / cold_draw);
        row("ratio: SDL_ttf time / our cached redraw incl. drawing", ">= 10", "%.1fx",
            ttf / redraw);
        row("ratio: SDL_ttf time / our cached redraw, layout work", ">= 10", "%.0fx", ttf / hit);
    } else {
        row("SDL_ttf: could not open font", "-", "%.0f", 0);
    }

    /* Atlas memory: every string of every language at two sizes, drawn once. */
    struct text_engine *fresh = text_engine_new(FONTS, r);
    struct strings strs = {0};
    all_strings(&strs);
    static const int sizes[] = {38, 64};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < strs.n; i++) {
            struct text_style s = {.size_px = sizes[k], .max_width = 1700};
            text_engine_draw(fresh, text_engine_layout(fresh, strs.v[i], &s), 0, 0, black);
            text_engine_trim(fresh);
        }
    struct text_engine_stats fs;
    text_engine_stats(fresh, &fs);
    printf("strings: %d, glyphs rasterised: %lu\n", strs.n, fs.rasterised);
    row("text: atlas memory, all languages' UI text at 38 and 64 px (MB)", "< 16", "%.1f",
        (double)fs.atlas_bytes / (1024.0 * 1024.0));
    for (int i = 0; i < strs.n; i++)
        free(strs.v[i]);
    free(strs.v);
    text_engine_destroy(fresh);

    /* Hostile text, each laid out cold once (a page or a config value is laid out once, then
     * cached): the caps must keep each within about a frame. */
    size_t n = 1 << 20;
    char *h = malloc(n + 1);
    if (h != NULL) {
        struct text_style two = {.size_px = 40, .max_width = 800, .max_lines = 2};
        memcpy(h, "a", 1);
        for (size_t i = 1; i < 1 + 2 * 16000; i += 2)
            memcpy(h + i, "\xCC\x81", 2);
        h[1 + 2 * 16000] = '\0';
        double t0 = now_ms();
        text_engine_layout(e, h, &two);
        row("text: 16,000 stacked accents as a two-line title, cold (ms)", "< 33", "%.1f",
            now_ms() - t0);
        for (size_t i = 0; i < n; i += 4)
            memcpy(h + i, "ab\n\n", 4);
        h[n] = '\0';
        t0 = now_ms();
        text_engine_layout(e, h, &two);
        row("text: 1 MB of short paragraphs as a two-line title, cold (ms)", "< 33", "%.1f",
            now_ms() - t0);
        for (size_t i = 0; i + 1 < 200000; i += 2)
            memcpy(h + i, "\xC3\xA9", 2);
        h[200000] = '\0';
        struct text_style all = {.size_px = 20};
        t0 = now_ms();
        text_engine_layout(e, h, &all);
        row("text: 200 KB without a break, no line limit, cold (ms)", "-", "%.1f", now_ms() - t0);
        free(h);
    }

    text_engine_destroy(e);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    TTF_Quit();
    free(para);
    return 0;
}
