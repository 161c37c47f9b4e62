/*
 * Paragraph layout: UTF-8 -> UTF-16 -> hard-break paragraphs -> bidi levels (ubidi) ->
 * runs of one level, one script, one font -> HarfBuzz shaping of each run with the whole
 * paragraph as context -> UAX #14 break opportunities (ubrk) -> greedy wrapping on shaped
 * advances -> per line, rule L1 and then rule L2 over the shaped run pieces (the glyphs of a
 * right-to-left run are already in visual order from HarfBuzz and are never reversed).
 */
#define LOG_TAG "text"
#include "core/log.h"
#include "core/utf8.h"

#include "text/text.h"
#include "text/text_atlas.h"
#include "text/text_font.h"
#include "text/text_inspect.h"
#include "text/text_unicode.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#define ELLIPSIS 0x2026

/* Bits of para.cluster_start: a glyph cluster starts here (a place for emergency breaks), and
 * HarfBuzz says shaping changes when the text is cut here (the line is shaped again). */
enum { CLUSTER_START = 1, UNSAFE_TO_BREAK = 2 };

struct text_glyph {
    uint32_t id;
    uint16_t font;
    int32_t line;
    int32_t cluster;
    int32_t para;
    float x, y, advance;
};

struct text_layout {
    struct text_layout *next; /* hash chain */
    uint64_t hash;
    char *text;
    size_t text_len;
    struct text_style style;
    char *lang;
    bool used;

    struct text_glyph *glyphs;
    int nglyphs;
    int width, height, lines, size_px;
    enum text_dir dir;
    bool truncated;
    bool word_split;      /* a word wider than max_width was broken inside */
    float ink_x0, ink_x1; /* horizontal span of the glyphs drawn, pixels */

    /* Filled on first draw: each glyph's atlas entry, valid for one atlas generation. */
    const struct text_atlas_glyph **atlas;
    unsigned atlas_gen;
};

/* A run: one bidi level, one script, one font; its glyphs in HarfBuzz's (visual) order. */
struct run {
    int32_t start, end;
    int g0, g1;
    uint8_t level;
    int font;
    hb_script_t script;
};

/* One paragraph shaped, independent of size: advances in em. */
struct para {
    UChar *text; /* points into the layout's UTF-16 text */
    int32_t len;
    int index;
    int level;
    uint8_t *levels;
    struct run *runs;
    int nruns;
    uint32_t *gid;
    int32_t *cluster;
    float *adv, *xoff, *yoff; /* em */
    int nglyphs;
    double *prefix;         /* prefix[i] = sum of advances of clusters before offset i, em */
    uint8_t *cluster_start; /* per offset: CLUSTER_START, UNSAFE_TO_BREAK */
    int32_t *breaks;
    int32_t nbreaks;
    int ellipsis_font;
    uint32_t ellipsis_gid;
    float ellipsis_adv;
};

/* A line: a range of one paragraph; the ellipsis flag adds "…" at its logical end. */
struct line {
    int para;
    int32_t start, end, vis_end; /* vis_end: end without trailing white space */
    bool ellipsis;
};

struct text_engine {
    struct text_fonts *fonts;
    SDL_Renderer *renderer;
    struct text_atlas *atlas;
    UBiDi *bidi;
    UBreakIterator *brk;
    hb_buffer_t *buf;

    struct text_layout **buckets;
    size_t nbuckets, nlayouts;
    struct text_layout empty;

    SDL_Vertex *verts;
    int *indices;
    size_t vcap;

    unsigned long shape_calls, shaped_units, layouts_made, cache_hits;
    bool draw_failed;
};

/* ---- engine ---- */

struct text_engine *text_engine_new(const char *fonts_list, SDL_Renderer *renderer)
{
    struct text_engine *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->fonts = text_fonts_load(fonts_list);
    if (!e->fonts)
        goto fail;
    e->bidi = ubidi_open();
    e->brk = text_breaks_open();
    e->buf = hb_buffer_create();
    if (!e->bidi || !e->brk || !hb_buffer_allocation_successful(e->buf)) {
        LOG_ERR("cannot start the text engine: out of memory for ICU or HarfBuzz objects");
        goto fail;
    }
    e->nbuckets = 256;
    e->buckets = calloc(e->nbuckets, sizeof(*e->buckets));
    if (!e->buckets)
        goto fail;
    e->renderer = renderer;
    if (renderer) {
        e->atlas = text_atlas_new(renderer, e->fonts);
        if (!e->atlas)
            goto fail;
    }
    e->empty.dir = TEXT_DIR_LTR;
    e->empty.used = true;
    return e;
fail:
    text_engine_destroy(e);
    return NULL;
}

static void layout_free(struct text_layout *l)
{
    free(l->text);
    free(l->lang);
    free(l->glyphs);
    free(l->atlas);
    free(l);
}

void text_engine_destroy(struct text_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nbuckets; i++) {
        struct text_layout *l = e->buckets[i], *next;
        for (; l; l = next) {
            next = l->next;
            layout_free(l);
        }
    }
    free(e->buckets);
    free(e->verts);
    free(e->indices);
    text_atlas_destroy(e->atlas);
    if (e->buf)
        hb_buffer_destroy(e->buf);
    if (e->brk)
        ubrk_close(e->brk);
    if (e->bidi)
        ubidi_close(e->bidi);
    text_fonts_destroy(e->fonts);
    free(e);
}

/* ---- shaping one paragraph ---- */

static void para_free(struct para *p)
{
    free(p->levels);
    free(p->runs);
    free(p->gid);
    free(p->cluster);
    free(p->adv);
    free(p->xoff);
    free(p->yoff);
    free(p->prefix);
    free(p->cluster_start);
    free(p->breaks);
}

static bool is_emoji_at(const UChar *s, int32_t len, int32_t i, UChar32 c)
{
    if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION))
        return true;
    if (u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR))
        return true;
    int32_t j = i + U16_LENGTH(c);
    return j < len && s[j] == 0xFE0F && u_hasBinaryProperty(c, UCHAR_EMOJI);
}

static hb_script_t hb_script_of(UScriptCode sc)
{
    const char *name = uscript_getShortName(sc);
    return name ? hb_script_from_string(name, -1) : HB_SCRIPT_COMMON;
}

/* Splits the paragraph into runs of one level, one script and one font. */
static bool itemize(struct text_engine *e, struct para *p, bool bold, const char *lang,
                    UScriptCode *scripts, int *fonts)
{
    const UChar *s = p->text;
    int32_t n = p->len;
    UScriptCode last = USCRIPT_COMMON;
    int base_font = text_fonts_for_lang(e->fonts, lang), prev_font = -1;
    /* Common and inherited characters (spaces, digits, marks) take the script around them:
     * first from before, and at the start of the paragraph from the first real script. */
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        int32_t at = i;
        U16_NEXT(s, i, n, c);
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &err);
        if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED && sc != USCRIPT_UNKNOWN)
            last = sc;
        for (int32_t k = at; k < i; k++)
            scripts[k] = (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN)
                             ? (last == USCRIPT_COMMON ? USCRIPT_INVALID_CODE : last)
                             : sc;
        bool emoji = is_emoji_at(s, n, at, c);
        int f = text_fonts_pick(e->fonts, c, prev_font, base_font, emoji);
        for (int32_t k = at; k < i; k++)
            fonts[k] = f;
        prev_font = f;
        if (!emoji && !e->fonts->fonts[f].color && !text_fonts_neutral(c))
            base_font = f;
    }
    UScriptCode first = USCRIPT_COMMON;
    for (int32_t i = 0; i < n; i++)
        if (scripts[i] != USCRIPT_INVALID_CODE) {
            first = scripts[i];
            break;
        }
    for (int32_t i = 0; i < n && scripts[i] == USCRIPT_INVALID_CODE; i++)
        scripts[i] = first;

    int cap = 8;
    p->runs = malloc((size_t)cap * sizeof(*p->runs));
    if (!p->runs)
        return false;
    for (int32_t i = 0; i < n;) {
        int32_t j = i + 1;
        while (j < n && p->levels[j] == p->levels[i] && scripts[j] == scripts[i] &&
               fonts[j] == fonts[i])
            j++;
        /* Never split a surrogate pair. */
        if (j < n && U16_IS_TRAIL(s[j]))
            j++;
        if (p->nruns == cap) {
            cap *= 2;
            struct run *r = realloc(p->runs, (size_t)cap * sizeof(*r));
            if (!r)
                return false;
            p->runs = r;
        }
        int f = fonts[i];
        if (bold)
            f = e->fonts->fonts[f].bold;
        p->runs[p->nruns++] = (struct run){.start = i, .end = j, .level = p->levels[i], .font = f};
        i = j;
    }
    return true;
}

static bool glyphs_reserve(struct para *p, int need, int *cap)
{
    if (need <= *cap)
        return true;
    int c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    uint32_t *gid = realloc(p->gid, (size_t)c * sizeof(*gid));
    if (gid)
        p->gid = gid;
    int32_t *cl = realloc(p->cluster, (size_t)c * sizeof(*cl));
    if (cl)
        p->cluster = cl;
    float *adv = realloc(p->adv, (size_t)c * sizeof(*adv));
    if (adv)
        p->adv = adv;
    float *xo = realloc(p->xoff, (size_t)c * sizeof(*xo));
    if (xo)
        p->xoff = xo;
    float *yo = realloc(p->yoff, (size_t)c * sizeof(*yo));
    if (yo)
        p->yoff = yo;
    if (!gid || !cl || !adv || !xo || !yo)
        return false;
    *cap = c;
    return true;
}

static void shape_setup(struct text_engine *e, hb_direction_t dir, hb_script_t script,
                        const char *lang)
{
    hb_buffer_clear_contents(e->buf);
    hb_buffer_set_direction(e->buf, dir);
    hb_buffer_set_script(e->buf, script);
    hb_buffer_set_language(e->buf, lang ? hb_language_from_string(lang, -1) : HB_LANGUAGE_INVALID);
}

static bool shape_para(struct text_engine *e, struct para *p, const struct text_style *st)
{
    int32_t n = p->len;
    bool ok = false;
    UScriptCode *scripts = malloc((size_t)(n + 1) * sizeof(*scripts));
    int *fonts = malloc((size_t)(n + 1) * sizeof(*fonts));
    UChar *shape_text = malloc((size_t)(n + 1) * sizeof(*shape_text));
    p->levels = malloc((size_t)n + 1);
    p->prefix = calloc((size_t)n + 1, sizeof(*p->prefix));
    p->cluster_start = calloc((size_t)n + 1, 1);
    p->breaks = malloc((size_t)(n + 1) * sizeof(*p->breaks));
    int cap = 0;
    if (!scripts || !fonts || !shape_text || !p->levels || !p->prefix || !p->cluster_start ||
        !p->breaks)
        goto out;

    /* Levels and break opportunities see phone numbers as one unit (see text_unicode.h). */
    text_bidi_join_number_groups(p->text, n, shape_text);
    p->level = text_bidi_levels(e->bidi, shape_text, n, st->dir, p->levels);
    p->nbreaks = text_breaks(e->brk, shape_text, n, p->breaks);
    if (!itemize(e, p, st->bold, st->lang, scripts, fonts))
        goto out;

    /* Controls (tabs) have no glyph in any font: shape them as spaces. */
    for (int32_t i = 0; i < n; i++)
        shape_text[i] =
            (p->text[i] < 0x20 || (p->text[i] >= 0x7F && p->text[i] < 0xA0)) ? 0x20 : p->text[i];

    for (int r = 0; r < p->nruns; r++) {
        struct run *run = &p->runs[r];
        struct text_font *font = &e->fonts->fonts[run->font];
        run->script = hb_script_of(scripts[run->start]);
        shape_setup(e, (run->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR, run->script,
                    st->lang);
        hb_buffer_set_flags(e->buf, (run->start == 0 ? HB_BUFFER_FLAG_BOT : 0) |
                                        (run->end == n ? HB_BUFFER_FLAG_EOT : 0));
        /* The whole paragraph is context, so joining and contextual forms see across runs. */
        hb_buffer_add_utf16(e->buf, (const uint16_t *)shape_text, n, (unsigned)run->start,
                            run->end - run->start);
        hb_shape(font->hb, e->buf, NULL, 0);
        e->shape_calls++;
        e->shaped_units += (unsigned long)(run->end - run->start);
        unsigned count = 0;
        const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(e->buf, &count);
        const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(e->buf, &count);
        if (!glyphs_reserve(p, p->nglyphs + (int)count, &cap))
            goto out;
        float inv = font->scale / (float)font->upem;
        run->g0 = p->nglyphs;
        for (unsigned g = 0; g < count; g++) {
            int k = p->nglyphs++;
            p->gid[k] = info[g].codepoint;
            p->cluster[k] = (int32_t)info[g].cluster;
            p->adv[k] = (float)pos[g].x_advance * inv;
            p->xoff[k] = (float)pos[g].x_offset * inv;
            p->yoff[k] = (float)pos[g].y_offset * inv;
            p->cluster_start[info[g].cluster] |= CLUSTER_START;
            if (hb_glyph_info_get_glyph_flags(&info[g]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK)
                p->cluster_start[info[g].cluster] |= UNSAFE_TO_BREAK;
            p->prefix[info[g].cluster + 1] += p->adv[k];
        }
        run->g1 = p->nglyphs;
    }
    for (int32_t i = 0; i < n; i++)
        p->prefix[i + 1] += p->prefix[i];
    p->cluster_start[n] = CLUSTER_START;

    /* The ellipsis for cut lines, in the paragraph's direction and main font. */
    int last = p->nruns ? p->runs[p->nruns - 1].font : -1;
    if (last >= e->fonts->families)
        last = -1; /* a bold face: look the ellipsis up among the regular families */
    int ef = text_fonts_pick(e->fonts, ELLIPSIS, last, last, false);
    if (st->bold)
        ef = e->fonts->fonts[ef].bold;
    hb_codepoint_t eg = 0;
    hb_font_get_nominal_glyph(e->fonts->fonts[ef].hb, ELLIPSIS, &eg);
    p->ellipsis_font = ef;
    p->ellipsis_gid = eg;
    p->ellipsis_adv = (float)hb_font_get_glyph_h_advance(e->fonts->fonts[ef].hb, eg) *
                      e->fonts->fonts[ef].scale / (float)e->fonts->fonts[ef].upem;
    ok = true;
out:
    if (!ok)
        LOG_WARN("out of memory laying out a paragraph of %d units", (int)n);
    free(scripts);
    free(fonts);
    free(shape_text);
    return ok;
}

/* ---- line breaking ---- */

static int32_t visible_end(const struct para *p, int32_t start, int32_t end)
{
    return text_bidi_trailing_ws(p->text, start, end);
}

static double width_em(const struct para *p, int32_t a, int32_t b)
{
    return p->prefix[b] - p->prefix[a];
}

struct lines {
    struct line *v;
    int n, cap;
    bool overflow; /* a word had to be split or did not fit */
};

static bool lines_push(struct lines *ls, struct line l)
{
    if (ls->n == ls->cap) {
        int cap = ls->cap ? ls->cap * 2 : 16;
        struct line *v = realloc(ls->v, (size_t)cap * sizeof(*v));
        if (!v)
            return false;
        ls->v = v;
        ls->cap = cap;
    }
    ls->v[ls->n++] = l;
    return true;
}

/* Greedy wrapping at break opportunities; max_em <= 0 means no wrapping. */
static bool wrap_para(const struct para *p, double max_em, struct lines *out)
{
    int32_t start = 0;
    int b = 0;
    if (p->len == 0)
        return lines_push(out, (struct line){.para = p->index});
    while (start < p->len) {
        int32_t fit = -1;
        if (max_em <= 0) {
            fit = p->len;
        } else {
            for (; b < p->nbreaks; b++) {
                int32_t at = p->breaks[b];
                if (at <= start)
                    continue;
                if (width_em(p, start, visible_end(p, start, at)) > max_em + 1e-6)
                    break;
                fit = at;
            }
        }
        if (fit < 0) {
            /* One word wider than the line: cut it at cluster boundaries. */
            out->overflow = true;
            int32_t at = start + 1;
            while (at < p->len && !(p->cluster_start[at] & CLUSTER_START))
                at++;
            fit = at;
            for (int32_t q = at + 1; q <= p->len; q++) {
                if (!(p->cluster_start[q] & CLUSTER_START))
                    continue;
                if (width_em(p, start, q) > max_em + 1e-6)
                    break;
                fit = q;
            }
        }
        if (!lines_push(out, (struct line){.para = p->index,
                                           .start = start,
                                           .end = fit,
                                           .vis_end = visible_end(p, start, fit)}))
            return false;
        start = fit;
    }
    return true;
}

/* Cuts the line so that it and an ellipsis fit max_em (<= 0: no limit). A cut between words
 * reads better (and keeps Arabic letters in their word-final forms), so it is preferred as
 * long as it keeps most of the room filled; otherwise the cut falls between clusters. */
static void cut_for_ellipsis(const struct para *p, struct line *l, double max_em)
{
    l->ellipsis = true;
    int32_t end = l->vis_end;
    l->end = end; /* the ellipsis follows the last visible character, not a space */
    double room = max_em - p->ellipsis_adv;
    if (max_em <= 0 || width_em(p, l->start, end) <= room)
        return;
    int32_t word = -1;
    for (int32_t i = 0; i < p->nbreaks && p->breaks[i] <= end; i++) {
        int32_t at = p->breaks[i];
        if (at > l->start && width_em(p, l->start, visible_end(p, l->start, at)) <= room)
            word = at;
    }
    if (word > 0 && width_em(p, l->start, visible_end(p, l->start, word)) >= 0.6 * room) {
        end = word;
    } else {
        while (end > l->start &&
               (!(p->cluster_start[end] & CLUSTER_START) || width_em(p, l->start, end) > room))
            end--;
    }
    /* The ellipsis follows the last visible character, not the space after it. */
    l->end = l->vis_end = visible_end(p, l->start, end);
}

/* ---- placing glyphs ---- */

struct piece {
    int run;
    int32_t start, end;
};

/* The glyphs of run r whose clusters fall in [a, b): a contiguous slice, because clusters
 * are monotonic in HarfBuzz's output (ascending for LTR runs, descending for RTL ones). */
static void run_slice(const struct para *p, const struct run *r, int32_t a, int32_t b, int *g0,
                      int *g1)
{
    bool rtl = r->level & 1;
    int lo = r->g0, hi = r->g1;
    /* First glyph in order that belongs to the range. */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int32_t c = p->cluster[mid];
        bool before = rtl ? c >= b : c < a;
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    *g0 = lo;
    hi = r->g1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int32_t c = p->cluster[mid];
        bool inside = rtl ? c >= a : c < b;
        if (inside)
            lo = mid + 1;
        else
            hi = mid;
    }
    *g1 = lo;
}

/* True when the piece [a, b) of a run starts or ends inside the run where HarfBuzz's shaping
 * depended on the text across the cut. */
static bool cut_unsafely(const struct para *p, const struct run *run, int32_t a, int32_t b)
{
    return (a > run->start && (p->cluster_start[a] & UNSAFE_TO_BREAK)) ||
           (b < run->end && (p->cluster_start[b] & UNSAFE_TO_BREAK));
}

struct placer {
    struct text_engine *e;
    const char *lang;
    struct text_glyph *g;
    int n, cap;
    struct piece *pieces;
    uint8_t *plevels;
    int32_t *order;
    int pcap;
};

static bool placer_glyph(struct placer *pl, struct text_glyph g)
{
    if (pl->n == pl->cap) {
        int cap = pl->cap ? pl->cap * 2 : 64;
        struct text_glyph *v = realloc(pl->g, (size_t)cap * sizeof(*v));
        if (!v)
            return false;
        pl->g = v;
        pl->cap = cap;
    }
    pl->g[pl->n++] = g;
    return true;
}

static bool placer_pieces(struct placer *pl, int need)
{
    if (need <= pl->pcap)
        return true;
    int cap = pl->pcap ? pl->pcap : 16;
    while (cap < need)
        cap *= 2;
    struct piece *pc = realloc(pl->pieces, (size_t)cap * sizeof(*pc));
    if (pc)
        pl->pieces = pc;
    uint8_t *lv = realloc(pl->plevels, (size_t)cap);
    if (lv)
        pl->plevels = lv;
    int32_t *o = realloc(pl->order, (size_t)cap * sizeof(*o));
    if (o)
        pl->order = o;
    if (!pc || !lv || !o)
        return false;
    pl->pcap = cap;
    return true;
}

/* Shapes the piece [a, b) of a run again with only its line as context: the line was cut
 * where HarfBuzz marked the glyphs unsafe to break (inside an Arabic word, say), so the
 * letters at the cut take their final or initial forms. Appends the glyphs at pen *x. */
static bool reshape_piece(struct placer *pl, const struct para *p, const struct run *run,
                          const struct line *l, int32_t a, int32_t b, int line_no, float size,
                          float baseline, float *x)
{
    struct text_engine *e = pl->e;
    const struct text_font *font = &e->fonts->fonts[run->font];
    shape_setup(e, (run->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR, run->script, pl->lang);
    hb_buffer_add_utf16(e->buf, (const uint16_t *)p->text + l->start, l->end - l->start,
                        (unsigned)(a - l->start), b - a);
    hb_shape(font->hb, e->buf, NULL, 0);
    e->shape_calls++;
    e->shaped_units += (unsigned long)(b - a);
    unsigned count = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(e->buf, &count);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(e->buf, &count);
    float k = size * font->scale / (float)font->upem;
    for (unsigned i = 0; i < count; i++) {
        struct text_glyph g = {.id = info[i].codepoint,
                               .font = (uint16_t)run->font,
                               .line = line_no,
                               .cluster = (int32_t)info[i].cluster + l->start,
                               .para = p->index,
                               .x = *x + (float)pos[i].x_offset * k,
                               .y = baseline - (float)pos[i].y_offset * k,
                               .advance = (float)pos[i].x_advance * k};
        if (!placer_glyph(pl, g))
            return false;
        *x += g.advance;
    }
    return true;
}

/* Lays out one line's glyphs, left to right, starting at pen x = 0; returns the width
 * without trailing white space and sets *lead to the width of white space placed before the
 * visible glyphs (trailing white space of a right-to-left line ends up on its left). */
static bool place_line(struct placer *pl, const struct para *p, const struct line *l, int line_no,
                       float size, float baseline, float *width, float *lead)
{
    int first = pl->n;
    /* Pieces: the runs cut to the line; the trailing white space gets the paragraph level
     * (rule L1); the ellipsis is one more piece at the paragraph level. */
    int np = 0;
    int r0 = 0;
    int lo = 0, hi = p->nruns;
    while (lo < hi) { /* first run that ends after l->start */
        int mid = (lo + hi) / 2;
        if (p->runs[mid].end <= l->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    r0 = lo;
    for (int r = r0; r < p->nruns && p->runs[r].start < l->end; r++) {
        const struct run *run = &p->runs[r];
        int32_t a = run->start > l->start ? run->start : l->start;
        int32_t b = run->end < l->end ? run->end : l->end;
        int32_t split[3] = {a, b < l->vis_end ? b : (a > l->vis_end ? a : l->vis_end), b};
        for (int k = 0; k < 2; k++) {
            if (split[k + 1] <= split[k])
                continue;
            if (!placer_pieces(pl, np + 2))
                return false;
            pl->pieces[np] = (struct piece){.run = r, .start = split[k], .end = split[k + 1]};
            pl->plevels[np] = k == 0 ? run->level : (uint8_t)p->level;
            np++;
        }
    }
    if (l->ellipsis) {
        if (!placer_pieces(pl, np + 1))
            return false;
        pl->pieces[np] = (struct piece){.run = -1};
        pl->plevels[np] = (uint8_t)p->level;
        np++;
    }
    text_bidi_reorder(pl->plevels, np, pl->order);

    float x = 0, vis_l = -1, vis_r = 0;
    for (int v = 0; v < np; v++) {
        const struct piece *pc = &pl->pieces[pl->order[v]];
        bool visible = pc->run < 0 || pc->start < l->vis_end;
        if (visible && vis_l < 0)
            vis_l = x;
        if (pc->run < 0) {
            struct text_glyph g = {.id = p->ellipsis_gid,
                                   .font = (uint16_t)p->ellipsis_font,
                                   .line = line_no,
                                   .cluster = l->end,
                                   .para = p->index,
                                   .x = x,
                                   .y = baseline,
                                   .advance = p->ellipsis_adv * size};
            if (!placer_glyph(pl, g))
                return false;
            x += g.advance;
        } else if (cut_unsafely(p, &p->runs[pc->run], pc->start, pc->end)) {
            if (!reshape_piece(pl, p, &p->runs[pc->run], l, pc->start, pc->end, line_no, size,
                               baseline, &x))
                return false;
        } else {
            const struct run *run = &p->runs[pc->run];
            int g0, g1;
            run_slice(p, run, pc->start, pc->end, &g0, &g1);
            for (int k = g0; k < g1; k++) {
                struct text_glyph g = {.id = p->gid[k],
                                       .font = (uint16_t)run->font,
                                       .line = line_no,
                                       .cluster = p->cluster[k],
                                       .para = p->index,
                                       .x = x + p->xoff[k] * size,
                                       .y = baseline - p->yoff[k] * size,
                                       .advance = p->adv[k] * size};
                if (!placer_glyph(pl, g))
                    return false;
                x += g.advance;
            }
        }
        if (visible)
            vis_r = x;
    }
    if (vis_l < 0)
        vis_l = 0;
    *lead = vis_l;
    *width = vis_r - vis_l;
    /* Shift so that the visible glyphs start at 0. */
    for (int k = first; k < pl->n; k++)
        pl->g[k].x -= vis_l;
    return true;
}

/* ---- layout ---- */

static bool is_hard_break(UChar c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
           c == 0x2029;
}

static bool wrap_all(struct para *paras, int np, double max_em, int max_lines, struct lines *ls)
{
    ls->n = 0;
    ls->overflow = false;
    for (int i = 0; i < np; i++) {
        if (!wrap_para(&paras[i], max_em, ls))
            return false;
        if (max_lines > 0 && ls->n > max_lines)
            break;
    }
    return true;
}

/* With max_lines and max_width, no more of a paragraph can be shown than max_lines + 1 lines
 * (one more tells that an ellipsis is due) of its narrowest characters: taken as 1/16 em, far
 * below any letter, space or digit of the fonts. Only zero-width characters are narrower, and
 * a text made of those loses only what it hid. UTF-16 units, so twice for surrogate pairs. */
static int32_t para_shown_max(const struct text_style *st, int min_size)
{
    if (st->max_lines <= 0 || st->max_width <= 0)
        return INT32_MAX;
    int64_t per_line = (int64_t)st->max_width * 16 / (min_size > 0 ? min_size : 1) + 2;
    int64_t n = per_line * ((int64_t)st->max_lines + 1) * 2 + 64;
    return n < INT32_MAX ? (int32_t)n : INT32_MAX;
}

static void layout_build(struct text_engine *e, struct text_layout *lay, const UChar *u,
                         int32_t ulen)
{
    struct text_style st = lay->style;
    struct para *paras = NULL;
    int np = 0;
    struct lines ls = {0};
    struct placer pl = {.e = e, .lang = lay->lang};
    float *widths = NULL, *leads = NULL;

    if (st.size_px < 1)
        st.size_px = 1;
    if (st.size_px > 2000)
        st.size_px = 2000;
    st.lang = lay->lang;
    if (st.dir == TEXT_DIR_AUTO)
        st.dir = text_bidi_auto_dir(u, ulen);
    lay->dir = st.dir;

    /* Every paragraph takes at least one line: with max_lines, the paragraphs past
     * max_lines + 1 can never be shown (one more is enough to know an ellipsis is due). */
    int npmax = 1;
    for (int32_t i = 0; i < ulen; i++) {
        if (is_hard_break(u[i]) && !(u[i] == '\n' && i > 0 && u[i - 1] == '\r')) {
            if (st.max_lines > 0 && npmax == st.max_lines + 1) {
                ulen = i;
                break;
            }
            npmax++;
        }
    }
    int min_size = st.fit == TEXT_FIT_SHRINK ? (st.size_px + 1) / 2 : st.size_px;
    int32_t shown_max = para_shown_max(&st, min_size);
    paras = calloc((size_t)npmax, sizeof(*paras));
    if (!paras)
        goto out;
    for (int32_t i = 0, start = 0; i <= ulen; i++) {
        if (i < ulen && !is_hard_break(u[i]))
            continue;
        struct para *p = &paras[np];
        p->text = (UChar *)u + start;
        p->len = i - start;
        if (p->len > shown_max) {
            /* Shaping what cannot be shown took 30-40 ms for a 16 KB title (-O2). */
            p->len = shown_max;
            if (U16_IS_LEAD(p->text[p->len - 1]))
                p->len--;
        }
        p->index = np++;
        if (!shape_para(e, p, &st))
            goto out;
        if (i < ulen && u[i] == '\r' && i + 1 < ulen && u[i + 1] == '\n')
            i++;
        start = i + 1;
    }

    int size = st.size_px;
    for (;;) {
        double max_em = st.max_width > 0 ? (double)st.max_width / size : 0;
        if (!wrap_all(paras, np, max_em, st.max_lines, &ls))
            goto out;
        bool fits = !ls.overflow && (st.max_lines <= 0 || ls.n <= st.max_lines);
        if (fits || size <= min_size)
            break;
        int step = size / 16 > 1 ? size / 16 : 1;
        size = size - step < min_size ? min_size : size - step;
    }
    lay->size_px = size;
    lay->word_split = ls.overflow;
    if (st.max_lines > 0 && ls.n > st.max_lines) {
        ls.n = st.max_lines;
        struct line *last = &ls.v[ls.n - 1];
        cut_for_ellipsis(&paras[last->para], last,
                         st.max_width > 0 ? (double)st.max_width / size : 0);
        lay->truncated = true;
    }

    /* Vertical metrics: the tallest outline font the text uses, so marks above Arabic and
     * Ethiopic letters are not cut; colour emoji sit inside the em and do not count. */
    float asc = 0, desc = 0;
    bool any = false;
    for (int i = 0; i < np; i++)
        for (int r = 0; r < paras[i].nruns; r++) {
            const struct text_font *f = &e->fonts->fonts[paras[i].runs[r].font];
            if (f->color)
                continue;
            asc = any && asc > f->ascender ? asc : f->ascender;
            desc = any && desc < f->descender ? desc : f->descender;
            any = true;
        }
    if (!any) {
        asc = e->fonts->fonts[0].ascender;
        desc = e->fonts->fonts[0].descender;
    }
    float fs = (float)size;
    int line_h = (int)ceilf((asc - desc) * fs);
    float ascent = roundf(asc * fs);

    widths = calloc((size_t)ls.n + 1, sizeof(*widths));
    leads = calloc((size_t)ls.n + 1, sizeof(*leads));
    if (!widths || !leads)
        goto out;
    int *line_first = calloc((size_t)ls.n + 1, sizeof(int));
    if (!line_first)
        goto out;
    float widest = 0;
    for (int i = 0; i < ls.n; i++) {
        line_first[i] = pl.n;
        if (!place_line(&pl, &paras[ls.v[i].para], &ls.v[i], i, fs, ascent + (float)(i * line_h),
                        &widths[i], &leads[i])) {
            free(line_first);
            goto out;
        }
        if (widths[i] > widest)
            widest = widths[i];
    }
    line_first[ls.n] = pl.n;
    int block_w = st.max_width > 0 ? st.max_width : (int)ceilf(widest);
    bool rtl = st.dir == TEXT_DIR_RTL;
    for (int i = 0; i < ls.n; i++) {
        float room = (float)block_w - widths[i], dx = 0;
        switch (st.align) {
        case TEXT_ALIGN_START:
            dx = rtl ? room : 0;
            break;
        case TEXT_ALIGN_END:
            dx = rtl ? 0 : room;
            break;
        case TEXT_ALIGN_CENTER:
            dx = floorf(room / 2);
            break;
        }
        for (int k = line_first[i]; k < line_first[i + 1]; k++)
            pl.g[k].x += dx;
    }
    lay->ink_x0 = (float)block_w;
    lay->ink_x1 = 0;
    for (int k = 0; k < pl.n; k++) {
        /* Spaces that end a line hang outside it and draw nothing: not ink. */
        const struct para *gp = &paras[pl.g[k].para];
        if (pl.g[k].cluster >= 0 && pl.g[k].cluster < gp->len &&
            u_isUWhiteSpace(gp->text[pl.g[k].cluster]))
            continue;
        float a = pl.g[k].x, b = pl.g[k].x + pl.g[k].advance;
        lay->ink_x0 = fminf(lay->ink_x0, fminf(a, b));
        lay->ink_x1 = fmaxf(lay->ink_x1, fmaxf(a, b));
    }
    if (lay->ink_x1 < lay->ink_x0)
        lay->ink_x0 = lay->ink_x1 = 0;
    free(line_first);
    lay->glyphs = pl.g;
    lay->nglyphs = pl.n;
    pl.g = NULL;
    lay->lines = ls.n;
    lay->width = block_w;
    lay->height = ls.n * line_h;
out:
    for (int i = 0; i < np; i++)
        para_free(&paras[i]);
    free(paras);
    free(ls.v);
    free(pl.g);
    free(pl.pieces);
    free(pl.plevels);
    free(pl.order);
    free(widths);
    free(leads);
}

/* ---- cache ---- */

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t style_hash(const char *text, size_t len, const struct text_style *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, text, len);
    int fields[8] = {s->size_px,    s->max_width, s->max_lines, (int)s->dir,
                     (int)s->align, (int)s->fit,  s->bold,      0};
    h = fnv(h, fields, sizeof(fields));
    if (s->lang)
        h = fnv(h, s->lang, strlen(s->lang));
    return h;
}

static bool same_style(const struct text_style *a, const char *a_lang, const struct text_style *b)
{
    if (a->size_px != b->size_px || a->max_width != b->max_width || a->max_lines != b->max_lines ||
        a->dir != b->dir || a->align != b->align || a->fit != b->fit || a->bold != b->bold)
        return false;
    if (!a_lang || !b->lang)
        return a_lang == b->lang;
    return strcmp(a_lang, b->lang) == 0;
}

static void cache_grow(struct text_engine *e)
{
    size_t n = e->nbuckets * 2;
    struct text_layout **b = calloc(n, sizeof(*b));
    if (!b)
        return; /* longer chains, still correct */
    for (size_t i = 0; i < e->nbuckets; i++) {
        struct text_layout *l = e->buckets[i], *next;
        for (; l; l = next) {
            next = l->next;
            size_t k = l->hash & (n - 1);
            l->next = b[k];
            b[k] = l;
        }
    }
    free(e->buckets);
    e->buckets = b;
    e->nbuckets = n;
}

const struct text_layout *text_engine_layout(struct text_engine *e, const char *utf8,
                                             const struct text_style *style)
{
    assert(e && style);
    if (!utf8)
        utf8 = "";
    size_t len = strlen(utf8);
    uint64_t h = style_hash(utf8, len, style);
    size_t k = h & (e->nbuckets - 1);
    for (struct text_layout *l = e->buckets[k]; l; l = l->next) {
        if (l->hash == h && l->text_len == len && memcmp(l->text, utf8, len) == 0 &&
            same_style(&l->style, l->lang, style)) {
            l->used = true;
            e->cache_hits++;
            return l;
        }
    }
    struct text_layout *l = calloc(1, sizeof(*l));
    UChar *u = NULL;
    if (!l)
        goto fail;
    l->text = malloc(len + 1);
    l->lang = style->lang ? strdup(style->lang) : NULL;
    if (!l->text || (style->lang && !l->lang))
        goto fail;
    memcpy(l->text, utf8, len + 1);
    l->text_len = len;
    l->style = *style;
    l->style.lang = NULL;
    l->hash = h;
    l->used = true;
    l->size_px = style->size_px;
    int32_t ulen = 0;
    size_t shown = len;
    if (shown > TEXT_MAX_BYTES) {
        /* Cut at a character: back up over continuation bytes. */
        shown = TEXT_MAX_BYTES;
        while (shown > 0 && ((unsigned char)utf8[shown] & 0xC0) == 0x80)
            shown--;
        size_t q = utf8_prefix(utf8, 24);
        q = strcspn(utf8, "\r\n") < q ? strcspn(utf8, "\r\n") : q;
        LOG_WARN("a text of %zu bytes (\"%.*s...\") is cut to its first %zu", len, (int)q, utf8,
                 shown);
    }
    u = text_utf16_from_utf8(utf8, shown, &ulen);
    if (!u)
        goto fail;
    int32_t dropped = 0;
    ulen = text_stream_safe(u, ulen, &dropped);
    if (dropped > 0)
        LOG_WARN("a text has more than %d combining marks in a row; %d left out",
                 TEXT_MAX_NONSTARTERS, (int)dropped);
    layout_build(e, l, u, ulen);
    free(u);
    e->layouts_made++;
    l->next = e->buckets[k];
    e->buckets[k] = l;
    if (++e->nlayouts > e->nbuckets)
        cache_grow(e);
    return l;
fail:
    LOG_WARN("out of memory laying out text");
    free(u);
    if (l)
        layout_free(l);
    return &e->empty;
}

void text_engine_trim(struct text_engine *e)
{
    for (size_t i = 0; i < e->nbuckets; i++) {
        struct text_layout **pp = &e->buckets[i];
        while (*pp) {
            struct text_layout *l = *pp;
            if (!l->used) {
                *pp = l->next;
                layout_free(l);
                e->nlayouts--;
            } else {
                l->used = false;
                pp = &l->next;
            }
        }
    }
}

/* ---- drawing ---- */

static bool verts_reserve(struct text_engine *e, size_t glyphs)
{
    if (glyphs <= e->vcap)
        return true;
    size_t cap = e->vcap ? e->vcap : 256;
    while (cap < glyphs)
        cap *= 2;
    SDL_Vertex *v = realloc(e->verts, cap * 4 * sizeof(*v));
    if (v)
        e->verts = v;
    int *ix = realloc(e->indices, cap * 6 * sizeof(*ix));
    if (ix)
        e->indices = ix;
    if (!v || !ix)
        return false;
    e->vcap = cap;
    return true;
}

void text_engine_draw(struct text_engine *e, const struct text_layout *layout, int x, int y,
                      SDL_Color color)
{
    if (!e->renderer || !layout || layout->nglyphs == 0)
        return;
    /* The layout is shared and cached; its atlas lookups are a cache of their own. */
    struct text_layout *l = (struct text_layout *)layout;
    unsigned gen = text_atlas_generation(e->atlas);
    if (!l->atlas || l->atlas_gen != gen) {
        if (!l->atlas)
            l->atlas = malloc((size_t)l->nglyphs * sizeof(*l->atlas));
        if (!l->atlas)
            return;
        for (int i = 0; i < l->nglyphs; i++)
            l->atlas[i] = text_atlas_get(e->atlas, l->glyphs[i].font, l->glyphs[i].id, l->size_px);
        /* Rasterising may have filled the atlas and started it again. */
        if (text_atlas_generation(e->atlas) != gen) {
            gen = text_atlas_generation(e->atlas);
            for (int i = 0; i < l->nglyphs; i++)
                l->atlas[i] =
                    text_atlas_get(e->atlas, l->glyphs[i].font, l->glyphs[i].id, l->size_px);
        }
        l->atlas_gen = text_atlas_generation(e->atlas);
    }
    if (!verts_reserve(e, (size_t)l->nglyphs))
        return;
    SDL_Color white = {255, 255, 255, color.a};
    int pages = text_atlas_page_count(e->atlas);
    const float inv = 1.0f / (float)TEXT_ATLAS_PAGE_SIZE;
    for (int page = 0; page < pages; page++) {
        int nv = 0, ni = 0;
        for (int i = 0; i < l->nglyphs; i++) {
            const struct text_atlas_glyph *a = l->atlas[i];
            if (a->page != page)
                continue;
            const struct text_glyph *g = &l->glyphs[i];
            float x0 = (float)(x + (int)lroundf(g->x) + a->left);
            float y0 = (float)(y + (int)lroundf(g->y) - a->top);
            float x1 = x0 + (float)a->w, y1 = y0 + (float)a->h;
            float u0 = (float)a->x * inv, v0 = (float)a->y * inv;
            float u1 = (float)(a->x + a->w) * inv, v1 = (float)(a->y + a->h) * inv;
            SDL_Color c = a->color ? white : color;
            SDL_Vertex *v = &e->verts[nv];
            v[0] = (SDL_Vertex){{x0, y0}, c, {u0, v0}};
            v[1] = (SDL_Vertex){{x1, y0}, c, {u1, v0}};
            v[2] = (SDL_Vertex){{x1, y1}, c, {u1, v1}};
            v[3] = (SDL_Vertex){{x0, y1}, c, {u0, v1}};
            int *ix = &e->indices[ni];
            ix[0] = nv;
            ix[1] = nv + 1;
            ix[2] = nv + 2;
            ix[3] = nv;
            ix[4] = nv + 2;
            ix[5] = nv + 3;
            nv += 4;
            ni += 6;
        }
        if (ni &&
            SDL_RenderGeometry(e->renderer, text_atlas_page(e->atlas, page), e->verts, nv,
                               e->indices, ni) != 0 &&
            !e->draw_failed) {
            /* Once: a renderer that cannot draw geometry would say so every frame. */
            LOG_WARN("drawing text failed: %s", SDL_GetError());
            e->draw_failed = true;
        }
    }
}

/* ---- queries ---- */

int text_layout_width(const struct text_layout *l)
{
    return l->width;
}

int text_layout_height(const struct text_layout *l)
{
    return l->height;
}

bool text_layout_word_split(const struct text_layout *l)
{
    return l->word_split;
}

void text_layout_ink(const struct text_layout *l, int *x0, int *x1)
{
    *x0 = (int)floorf(l->ink_x0);
    *x1 = (int)ceilf(l->ink_x1);
}

int text_layout_line_count(const struct text_layout *l)
{
    return l->lines;
}

enum text_dir text_layout_dir(const struct text_layout *l)
{
    return l->dir == TEXT_DIR_RTL ? TEXT_DIR_RTL : TEXT_DIR_LTR;
}

bool text_layout_truncated(const struct text_layout *l)
{
    return l->truncated;
}

int text_layout_size_px(const struct text_layout *l)
{
    return l->size_px;
}

int text_layout_glyph_count(const struct text_layout *l)
{
    return l->nglyphs;
}

void text_layout_glyph(const struct text_layout *l, int i, struct text_glyph_info *out)
{
    assert(i >= 0 && i < l->nglyphs);
    const struct text_glyph *g = &l->glyphs[i];
    *out = (struct text_glyph_info){.glyph = g->id,
                                    .font = g->font,
                                    .cluster = g->cluster,
                                    .paragraph = g->para,
                                    .line = g->line,
                                    .x = g->x,
                                    .y = g->y,
                                    .advance = g->advance};
}

void text_engine_stats(const struct text_engine *e, struct text_engine_stats *out)
{
    *out = (struct text_engine_stats){.shape_calls = e->shape_calls,
                                      .shaped_units = e->shaped_units,
                                      .layouts = e->layouts_made,
                                      .cache_hits = e->cache_hits,
                                      .rasterised = e->atlas ? text_atlas_rasterised(e->atlas) : 0,
                                      .atlas_bytes = e->atlas ? text_atlas_bytes(e->atlas) : 0,
                                      .cached_layouts = (int)e->nlayouts};
}

float text_engine_font_scale(const struct text_engine *e, int f)
{
    return f >= 0 && f < e->fonts->count ? e->fonts->fonts[f].scale : 1.0f;
}

const char *text_engine_font_name(const struct text_engine *e, int f)
{
    if (f < 0 || f >= e->fonts->count)
        return NULL;
    const char *slash = strrchr(e->fonts->fonts[f].path, '/');
    return slash ? slash + 1 : e->fonts->fonts[f].path;
}

char *text_layout_describe(const struct text_engine *e, const struct text_layout *l)
{
    size_t cap = 64 + (size_t)l->nglyphs * 96, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    len += (size_t)snprintf(out, cap, "[");
    for (int i = 0; i < l->nglyphs && len < cap; i++) {
        const struct text_glyph *g = &l->glyphs[i];
        const char *name = text_engine_font_name(e, g->font);
        len += (size_t)snprintf(out + len, cap - len, "%s%s:%u=%d@%.0f,%.0f+%.0f", i ? "|" : "",
                                name ? name : "?", g->id, (int)g->cluster, g->x, g->y, g->advance);
    }
    if (len < cap)
        snprintf(out + len, cap - len, "]");
    return out;
}

void text_engine_draw_glyph(struct text_engine *e, int font, uint32_t glyph, int size_px, int x,
                            int y, SDL_Color color)
{
    if (!e->renderer || font < 0 || font >= e->fonts->count)
        return;
    struct text_glyph g = {.id = glyph, .font = (uint16_t)font};
    struct text_layout l = {.glyphs = &g, .nglyphs = 1, .size_px = size_px};
    text_engine_draw(e, &l, x, y, color);
    free(l.atlas);
}
