/*
 * textlayout: the kiosk's text engine on the command line, for conformance tests and for
 * looking at the output. Reads UTF-8 paragraphs, one per line, from standard input.
 *
 *   textlayout --bidi [--dir ltr|rtl|auto]    "level;visual order" per line (as field 4 of
 *                                             BidiCharacterTest.txt, code point indices)
 *   textlayout --breaks                       code point indices where a line may break
 *   textlayout --shape [--size PX] [--dir D] [--lang TAG]
 *                                             glyphs per line: [font:gid=cluster@x,y+adv|...]
 *   textlayout --render OUT.png --width PX --size PT [--dir D] [--lang TAG]
 *                                             the paragraphs wrapped to PX as the kiosk draws
 *                                             them (PT is the em size in pixels, as in the
 *                                             kiosk's styles)
 * --fonts FILE picks the font list (default assets/fonts.txt); --shape and --render also take
 * --lines N (max_lines), --fit wrap|ellipsis|shrink, --align start|center|end and --bold.
 */
#define LOG_TAG "textlayout"
#include "core/image.h"
#include "core/log.h"

#include "text/text.h"
#include "text/text_inspect.h"
#include "text/text_unicode.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { MODE_NONE, MODE_BIDI, MODE_BREAKS, MODE_SHAPE, MODE_RENDER };

struct opts {
    enum mode mode;
    enum text_dir dir;
    const char *out, *lang, *fonts;
    int width, size, lines;
    enum text_fit fit;
    enum text_align align;
    bool bold;
};

static int usage(void)
{
    fprintf(stderr, "usage: textlayout --bidi [--dir ltr|rtl|auto]\n"
                    "       textlayout --breaks\n"
                    "       textlayout --shape [--size PX] [--dir D] [--lang TAG]\n"
                    "       textlayout --render OUT.png --width PX --size PT [--dir D] "
                    "[--lang TAG]\n"
                    "       (any of them: --fonts FILE, default assets/fonts.txt; --shape and\n"
                    "       --render: --lines N --fit wrap|ellipsis|shrink --align start|center|end"
                    " --bold)\n");
    return 2;
}

/* cp[i] = the code point index of UTF-16 unit i. */
static int32_t *code_point_indices(const UChar *u, int32_t n)
{
    int32_t *cp = malloc((size_t)(n + 1) * sizeof(*cp));
    if (!cp)
        return NULL;
    int32_t k = -1;
    for (int32_t i = 0; i < n; i++) {
        if (!(U16_IS_TRAIL(u[i]) && i > 0 && U16_IS_LEAD(u[i - 1])))
            k++;
        cp[i] = k;
    }
    cp[n] = k + 1;
    return cp;
}

static int do_bidi(const char *line, size_t len, enum text_dir dir, UBiDi *bidi)
{
    int rc = 1;
    int32_t n = 0, count = 0;
    UChar *u = text_utf16_from_utf8(line, len, &n);
    uint8_t *levels = malloc((size_t)n + 1);
    int32_t *order = malloc((size_t)(n + 1) * sizeof(int32_t));
    if (!u || !levels || !order)
        goto out;
    int para = text_bidi_line_order(bidi, u, n, dir, true, levels, order, &count);
    printf("%d;", para);
    for (int32_t v = 0; v < count; v++)
        printf(v ? " %d" : "%d", (int)order[v]);
    putchar('\n');
    rc = 0;
out:
    free(u);
    free(levels);
    free(order);
    return rc;
}

static int do_breaks(const char *line, size_t len, UBreakIterator *brk)
{
    int rc = 1;
    int32_t n = 0;
    UChar *u = text_utf16_from_utf8(line, len, &n);
    int32_t *cp = u ? code_point_indices(u, n) : NULL;
    int32_t *br = malloc((size_t)(n + 1) * sizeof(int32_t));
    if (!u || !cp || !br)
        goto out;
    /* As the layout wraps: a phone number's digit groups are not split (text_unicode.h). */
    text_bidi_join_number_groups(u, n, u);
    int32_t nb = text_breaks(brk, u, n, br);
    bool first = true;
    for (int32_t i = 0; i < nb; i++) {
        if (br[i] >= n)
            continue; /* the end of the text is not before any character */
        printf(first ? "%d" : " %d", (int)cp[br[i]]);
        first = false;
    }
    putchar('\n');
    rc = 0;
out:
    free(u);
    free(cp);
    free(br);
    return rc;
}

static struct text_style style_of(const struct opts *o)
{
    return (struct text_style){.size_px = o->size,
                               .max_width = o->width,
                               .max_lines = o->lines,
                               .dir = o->dir,
                               .align = o->align,
                               .fit = o->fit,
                               .bold = o->bold,
                               .lang = o->lang};
}

static void do_shape(struct text_engine *e, const char *line, const struct opts *o)
{
    struct text_style st = style_of(o);
    const struct text_layout *l = text_engine_layout(e, line, &st);
    char *d = text_layout_describe(e, l);
    if (d)
        puts(d);
    free(d);
    text_engine_trim(e);
}

static char **read_lines(int *count)
{
    char **lines = NULL, *buf = NULL;
    size_t cap = 0;
    int n = 0, lcap = 0;
    ssize_t len;
    while ((len = getline(&buf, &cap, stdin)) >= 0) {
        if (len > 0 && buf[len - 1] == '\n')
            buf[--len] = 0;
        if (n == lcap) {
            lcap = lcap ? lcap * 2 : 16;
            char **v = realloc(lines, (size_t)lcap * sizeof(*v));
            if (!v)
                break;
            lines = v;
        }
        lines[n] = strdup(buf);
        if (!lines[n])
            break;
        n++;
    }
    free(buf);
    *count = n;
    return lines;
}

static int write_png(const char *path, SDL_Surface *s)
{
    return image_write_png(path, s->w, s->h, s->pixels, s->pitch) ? 0 : 1;
}

static int do_render(const struct opts *o)
{
    enum { MARGIN = 16, GAP = 12 };
    int rc = 1, n = 0;
    char **lines = read_lines(&n);
    struct text_engine *measure = text_engine_new(o->fonts, NULL), *draw = NULL;
    SDL_Surface *surf = NULL;
    SDL_Renderer *r = NULL;
    if (!measure)
        goto out;
    struct text_style st = style_of(o);
    int h = MARGIN;
    for (int i = 0; i < n; i++)
        h += text_layout_height(text_engine_layout(measure, lines[i], &st)) + GAP;
    h += MARGIN;
    surf = SDL_CreateRGBSurfaceWithFormat(0, o->width + 2 * MARGIN, h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!surf)
        goto out;
    r = SDL_CreateSoftwareRenderer(surf);
    if (!r)
        goto out;
    draw = text_engine_new(o->fonts, r);
    if (!draw)
        goto out;
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    int y = MARGIN;
    for (int i = 0; i < n; i++) {
        const struct text_layout *l = text_engine_layout(draw, lines[i], &st);
        /* The wrap box, so alignment can be checked by eye. */
        SDL_SetRenderDrawColor(r, 200, 215, 235, 255);
        SDL_RenderDrawRect(r,
                           &(SDL_Rect){MARGIN - 1, y - 1, o->width + 2, text_layout_height(l) + 2});
        text_engine_draw(draw, l, MARGIN, y, (SDL_Color){20, 20, 20, 255});
        y += text_layout_height(l) + GAP;
    }
    SDL_RenderPresent(r);
    rc = write_png(o->out, surf);
out:
    if (rc)
        LOG_ERR("rendering failed: %s", SDL_GetError());
    text_engine_destroy(draw);
    text_engine_destroy(measure);
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return rc;
}

static bool parse_dir(const char *s, enum text_dir *dir)
{
    if (!strcmp(s, "ltr"))
        *dir = TEXT_DIR_LTR;
    else if (!strcmp(s, "rtl"))
        *dir = TEXT_DIR_RTL;
    else if (!strcmp(s, "auto"))
        *dir = TEXT_DIR_AUTO;
    else
        return false;
    return true;
}

int main(int argc, char **argv)
{
    struct opts o = {.dir = TEXT_DIR_AUTO, .fonts = "assets/fonts.txt", .size = 32};
    static const struct option longopts[] = {
        {"bidi", no_argument, NULL, 'B'},        {"breaks", no_argument, NULL, 'K'},
        {"shape", no_argument, NULL, 'S'},       {"render", required_argument, NULL, 'r'},
        {"dir", required_argument, NULL, 'd'},   {"width", required_argument, NULL, 'w'},
        {"size", required_argument, NULL, 's'},  {"lang", required_argument, NULL, 'l'},
        {"fonts", required_argument, NULL, 'f'}, {"lines", required_argument, NULL, 'n'},
        {"bold", no_argument, NULL, 'b'},        {"fit", required_argument, NULL, 'F'},
        {"align", required_argument, NULL, 'a'}, {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'B':
            o.mode = MODE_BIDI;
            break;
        case 'K':
            o.mode = MODE_BREAKS;
            break;
        case 'S':
            o.mode = MODE_SHAPE;
            break;
        case 'r':
            o.mode = MODE_RENDER;
            o.out = optarg;
            break;
        case 'd':
            if (!parse_dir(optarg, &o.dir))
                return usage();
            break;
        case 'w':
            o.width = atoi(optarg);
            break;
        case 's':
            o.size = atoi(optarg);
            break;
        case 'l':
            o.lang = optarg;
            break;
        case 'f':
            o.fonts = optarg;
            break;
        case 'n':
            o.lines = atoi(optarg);
            break;
        case 'b':
            o.bold = true;
            break;
        case 'F':
            o.fit = !strcmp(optarg, "shrink")     ? TEXT_FIT_SHRINK
                    : !strcmp(optarg, "ellipsis") ? TEXT_FIT_ELLIPSIS
                                                  : TEXT_FIT_WRAP;
            break;
        case 'a':
            o.align = !strcmp(optarg, "center") ? TEXT_ALIGN_CENTER
                      : !strcmp(optarg, "end")  ? TEXT_ALIGN_END
                                                : TEXT_ALIGN_START;
            break;
        default:
            return usage();
        }
    }
    if (optind != argc)
        return usage();
    if (o.mode == MODE_NONE || (o.mode == MODE_RENDER && (o.width <= 0 || o.size <= 0)))
        return usage();
    if (o.size <= 0 || o.size > 2000 || o.width > 20000) {
        LOG_ERR("--size must be 1..2000 and --width at most 20000");
        return 2;
    }
    if (o.mode == MODE_RENDER)
        return do_render(&o);

    int rc = 0;
    UBiDi *bidi = ubidi_open();
    UBreakIterator *brk = text_breaks_open();
    struct text_engine *e = NULL;
    if (o.mode == MODE_SHAPE) {
        e = text_engine_new(o.fonts, NULL);
        if (!e) {
            rc = 1;
            goto out;
        }
    }
    if (!bidi || !brk) {
        rc = 1;
        goto out;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&buf, &cap, stdin)) >= 0) {
        if (len > 0 && buf[len - 1] == '\n')
            buf[--len] = 0;
        if (o.mode == MODE_BIDI)
            rc |= do_bidi(buf, (size_t)len, o.dir, bidi);
        else if (o.mode == MODE_BREAKS)
            rc |= do_breaks(buf, (size_t)len, brk);
        else
            do_shape(e, buf, &o);
    }
    free(buf);
out:
    text_engine_destroy(e);
    if (brk)
        ubrk_close(brk);
    if (bidi)
        ubidi_close(bidi);
    return rc;
}
