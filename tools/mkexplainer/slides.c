#define LOG_TAG "slides"
#include "core/image.h"
#include "core/log.h"

#include "slides.h"

#include "content/content.h"
#include "text/text.h"
#include "video/vtt.h"

#include <assert.h>
#include <ctype.h>
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

/* ASCII-case-insensitive search: the terms are Dutch, their non-ASCII letters (ë) match as
 * written. */
static bool contains_term(const char *hay, const char *term)
{
    size_t n = strlen(term);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)term[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* The key words of a sentence: the Dutch terms it names, at most three, joined by " · ". */
static void key_words(const struct script *sc, const char *text, char *out, size_t len)
{
    size_t used = 0, found = 0;
    out[0] = '\0';
    for (size_t t = 0; t < sc->n_terms && found < 3; t++) {
        if (!contains_term(text, sc->terms[t]))
            continue;
        int w = snprintf(out + used, len - used, "%s%s", found ? " \xC2\xB7 " : "", sc->terms[t]);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
        found++;
    }
}

static const struct text_layout *layout_line(struct slides *s, const char *text, int px, int lines,
                                             bool bold, const char *lang)
{
    struct text_style st = {
        .size_px = px,
        .max_width = s->w * 82 / 100,
        .max_lines = lines,
        .dir = TEXT_DIR_AUTO,
        .align = TEXT_ALIGN_CENTER,
        .fit = TEXT_FIT_SHRINK,
        .bold = bold,
        .lang = lang,
    };
    return text_engine_layout(s->text, text, &st);
}

/*
 * What a slide shows, beside the subtitle that carries the sentence (never the same sentence
 * twice): the title slide, the topic's title; a sentence's slide, the title as a heading and
 * the Dutch terms the sentence names (the words on the resident's letters); the closing
 * slide, the label of the button to touch next.
 */
int slides_render(struct slides *s, const struct script *sc, size_t first, size_t last, int index,
                  int total, const char *png_path)
{
    assert(first <= last && last < sc->count);
    int u = s->h;
    enum script_kind kind = sc->segs[first].kind;
    fill(s, background, (SDL_Rect){0, 0, s->w, s->h});
    fill(s, accent, (SDL_Rect){0, 0, s->w, u * 14 / 1080});

    char keys[512] = "";
    if (kind == SCRIPT_LINE)
        key_words(sc, sc->segs[first].text, keys, sizeof(keys));
    /* Without key words the pictogram carries the slide: larger. */
    int pict_px = kind == SCRIPT_LINE && !keys[0] ? u * 300 / 1080 : u * 190 / 1080;
    struct text_style pict = {
        .size_px = pict_px, .align = TEXT_ALIGN_CENTER, .max_width = s->w, .dir = TEXT_DIR_LTR};
    /* The closing slide is about where to go: a pin instead of the topic's pictogram. */
    const char *pictogram = kind == SCRIPT_END ? END_PICTOGRAM : sc->pictogram;
    const struct text_layout *pl = text_engine_layout(s->text, pictogram, &pict);
    int pict_y = kind == SCRIPT_LINE ? u * 150 / 1080 : u * 90 / 1080;
    text_engine_draw(s->text, pl, 0, pict_y, ink);
    bool rtl = false;

    const char *title = sc->segs[0].text;
    if (kind == SCRIPT_LINE) {
        /* The topic's title as a small heading above the pictogram. */
        const struct text_layout *h = layout_line(s, title, u * 48 / 1080, 1, true, sc->lang);
        text_engine_draw(s->text, h, (s->w - text_layout_width(h)) / 2, u * 50 / 1080, accent);
        rtl = text_layout_dir(h) == TEXT_DIR_RTL;
    }
    const char *big = kind == SCRIPT_TITLE ? title
                      : kind == SCRIPT_END ? (sc->contact[0] ? sc->contact : sc->segs[first].text)
                                           : keys;
    if (big[0]) {
        int px = kind == SCRIPT_TITLE ? u * 96 / 1080 : u * 84 / 1080;
        const struct text_layout *l = layout_line(s, big, px, 2, true, sc->lang);
        if (text_layout_truncated(l))
            LOG_WARN("%s/%s: slide %d: \"%s\" does not fit", sc->lang, sc->slug, index + 1, big);
        /* Centred between the pictogram and the band kept free of text: below it the kiosk
         * lays its subtitles, over its controls when they show (VIDEO_SLIDE_TEXT_BOTTOM). */
        int top = kind == SCRIPT_LINE ? u * 350 / 1080 : u * 300 / 1080,
            bottom = u * VIDEO_SLIDE_TEXT_BOTTOM / 100;
        int y = top + (bottom - top - text_layout_height(l)) / 2;
        if (y < top)
            y = top;
        int x = (s->w - text_layout_width(l)) / 2;
        if (kind == SCRIPT_END) {
            /* Drawn like the button on the kiosk's screen. */
            int pad = u * 24 / 1080, ink0 = 0, ink1 = text_layout_width(l);
            text_layout_ink(l, &ink0, &ink1); /* the block is as wide as allowed; the ink less */
            fill(s, accent,
                 (SDL_Rect){x + ink0 - 2 * pad, y - pad, ink1 - ink0 + 4 * pad,
                            text_layout_height(l) + 2 * pad});
            text_engine_draw(s->text, l, x, y, background);
        } else {
            text_engine_draw(s->text, l, x, y, kind == SCRIPT_TITLE ? accent : ink);
        }
        rtl = rtl || text_layout_dir(l) == TEXT_DIR_RTL;
    }
    (void)last;

    /* Progress: grows in the reading direction of the language. */
    rtl = rtl || content_language_rtl(sc->lang);
    int bx = s->w / 8, bw = s->w - 2 * bx, by = s->h - u * 40 / 1080, bh = u * 10 / 1080;
    int done = total > 0 ? bw * (index + 1) / total : bw;
    fill(s, track, (SDL_Rect){bx, by, bw, bh});
    fill(s, accent, (SDL_Rect){rtl ? bx + bw - done : bx, by, done, bh});

    SDL_RenderPresent(s->renderer);
    text_engine_trim(s->text);
    return write_png(png_path, s->surface);
}
