#define LOG_TAG "slides"
#include "core/image.h"
#include "core/log.h"

#include "slides.h"

#include "text/text.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct slides {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    struct text_engine *text;
    int w, h;
};

#define END_PICTOGRAM "\xF0\x9F\x93\x8D" /* U+1F4CD round pushpin */

static const SDL_Color background = {246, 243, 238, 255};
static const SDL_Color accent = {27, 74, 114, 255};
static const SDL_Color ink = {28, 28, 30, 255};
static const SDL_Color track = {220, 214, 205, 255};

void slides_destroy(struct slides *s)
{
    if (!s)
        return;
    text_engine_destroy(s->text);
    if (s->renderer)
        SDL_DestroyRenderer(s->renderer);
    SDL_FreeSurface(s->surface);
    free(s);
}

struct slides *slides_new(const char *fonts_list, int height)
{
    struct slides *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->h = height;
    s->w = (height * 16 / 9 + 1) & ~1; /* even, as H.264 in 4:2:0 wants */
    s->surface = SDL_CreateRGBSurfaceWithFormat(0, s->w, s->h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s->surface || !(s->renderer = SDL_CreateSoftwareRenderer(s->surface))) {
        LOG_ERR("cannot make a %dx%d software renderer: %s", s->w, s->h, SDL_GetError());
        goto fail;
    }
    if (!(s->text = text_engine_new(fonts_list, s->renderer))) {
        LOG_ERR("%s: no usable fonts for the slides", fonts_list);
        goto fail;
    }
    return s;
fail:
    slides_destroy(s);
    return NULL;
}

static void fill(struct slides *s, SDL_Color c, SDL_Rect r)
{
    SDL_SetRenderDrawColor(s->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(s->renderer, &r);
}

static int write_png(const char *path, SDL_Surface *surf)
{
    return image_write_png(path, surf->w, surf->h, surf->pixels, surf->pitch) ? 0 : -1;
}

/* Lays out the text block of the slide: one paragraph per segment in [first, last]. */
static int layout_block(struct slides *s, const struct script *sc, size_t first, size_t last,
                        const struct text_layout **lays, int *total_h, int gap)
{
    int u = s->h; /* sizes are fractions of the height, so every resolution looks the same */
    *total_h = 0;
    for (size_t i = first; i <= last; i++) {
        enum script_kind k = sc->segs[i].kind;
        struct text_style st = {
            .size_px = k == SCRIPT_TITLE  ? u * 96 / 1080
                       : k == SCRIPT_LINE ? u * 74 / 1080
                                          : u * 62 / 1080,
            .max_width = s->w * 82 / 100,
            .max_lines = k == SCRIPT_END ? 2 : 4,
            .dir = TEXT_DIR_AUTO,
            .align = TEXT_ALIGN_CENTER,
            .fit = TEXT_FIT_SHRINK,
            .bold = k == SCRIPT_TITLE || (k == SCRIPT_END && i == first),
            .lang = sc->lang,
        };
        lays[i - first] = text_engine_layout(s->text, sc->segs[i].text, &st);
        if (text_layout_truncated(lays[i - first]))
            LOG_WARN("%s/%s: segment %zu does not fit on its slide: \"%s\"", sc->lang, sc->slug,
                     i + 1, sc->segs[i].text);
        *total_h += text_layout_height(lays[i - first]) + (i > first ? gap : 0);
    }
    return 0;
}

int slides_render(struct slides *s, const struct script *sc, size_t first, size_t last, int index,
                  int total, const char *png_path)
{
    assert(first <= last && last < sc->count);
    const struct text_layout *lays[16];
    if (last - first + 1 > sizeof(lays) / sizeof(lays[0])) {
        LOG_ERR("%s/%s: too many lines on one slide", sc->lang, sc->slug);
        return -1;
    }
    int u = s->h, gap = u * 28 / 1080;
    fill(s, background, (SDL_Rect){0, 0, s->w, s->h});
    fill(s, accent, (SDL_Rect){0, 0, s->w, u * 14 / 1080});

    struct text_style pict = {.size_px = u * 190 / 1080,
                              .align = TEXT_ALIGN_CENTER,
                              .max_width = s->w,
                              .dir = TEXT_DIR_LTR};
    /* The closing slide is about where to go: a pin instead of the topic's pictogram. */
    const char *pictogram = sc->segs[first].kind == SCRIPT_END ? END_PICTOGRAM : sc->pictogram;
    const struct text_layout *pl = text_engine_layout(s->text, pictogram, &pict);
    text_engine_draw(s->text, pl, 0, u * 90 / 1080, ink);

    int block_h;
    layout_block(s, sc, first, last, lays, &block_h, gap);
    /* Centred between the pictogram and the band kept free for subtitles. */
    int top = u * 380 / 1080, bottom = u * 850 / 1080;
    int y = top + (bottom - top - block_h) / 2;
    if (y < top)
        y = top;
    bool rtl = false;
    for (size_t i = first; i <= last; i++) {
        const struct text_layout *l = lays[i - first];
        enum script_kind k = sc->segs[i].kind;
        text_engine_draw(s->text, l, (s->w - text_layout_width(l)) / 2, y,
                         k == SCRIPT_TITLE || (k == SCRIPT_END && i == first) ? accent : ink);
        rtl = rtl || text_layout_dir(l) == TEXT_DIR_RTL;
        y += text_layout_height(l) + gap;
    }

    /* Progress: grows in the reading direction of the language. */
    int bx = s->w / 8, bw = s->w - 2 * bx, by = s->h - u * 40 / 1080, bh = u * 10 / 1080;
    int done = total > 0 ? bw * (index + 1) / total : bw;
    fill(s, track, (SDL_Rect){bx, by, bw, bh});
    fill(s, accent, (SDL_Rect){rtl ? bx + bw - done : bx, by, done, bh});

    SDL_RenderPresent(s->renderer);
    text_engine_trim(s->text);
    return write_png(png_path, s->surface);
}
