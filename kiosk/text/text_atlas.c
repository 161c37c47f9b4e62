#define LOG_TAG "text"
#include "core/log.h"

#include "text/text_atlas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include FT_BITMAP_H

enum {
    PAGE_SIZE = TEXT_ATLAS_PAGE_SIZE,
    MAX_PAGES = 6, /* 24 MB at most; when full, the atlas starts again */
    PAD = 1,
    BLOCK = 256,
};

struct entry {
    uint64_t key;
    struct text_atlas_glyph g;
};

struct shelf {
    int y, h, x;
};

struct page {
    SDL_Texture *tex;
    struct shelf *shelves;
    int nshelves, cap;
    int bottom; /* first free row below the last shelf */
};

struct text_atlas {
    SDL_Renderer *renderer;
    struct text_fonts *fonts;
    struct page pages[MAX_PAGES];
    int npages;
    /* Entries live in fixed blocks so that pointers handed out never move. */
    struct entry **blocks;
    int nblocks, used_in_block;
    struct entry **table; /* open addressing, power of two */
    size_t table_size, count;
    unsigned generation;
    unsigned long rasterised;
    uint32_t *scratch;
    size_t scratch_size;
    struct text_atlas_glyph nothing;
};

static uint64_t make_key(int font, uint32_t glyph, int size_px)
{
    return ((uint64_t)(uint8_t)font << 56) | ((uint64_t)(uint16_t)size_px << 40) | glyph;
}

static size_t hash_key(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

struct text_atlas *text_atlas_new(SDL_Renderer *renderer, struct text_fonts *fonts)
{
    struct text_atlas *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->renderer = renderer;
    a->fonts = fonts;
    a->nothing.page = -1;
    return a;
}

static void atlas_clear(struct text_atlas *a)
{
    for (int i = 0; i < a->npages; i++) {
        SDL_DestroyTexture(a->pages[i].tex);
        free(a->pages[i].shelves);
    }
    memset(a->pages, 0, sizeof(a->pages));
    a->npages = 0;
    for (int i = 0; i < a->nblocks; i++)
        free(a->blocks[i]);
    free(a->blocks);
    a->blocks = NULL;
    a->nblocks = 0;
    a->used_in_block = 0;
    free(a->table);
    a->table = NULL;
    a->table_size = a->count = 0;
    a->generation++;
}

void text_atlas_destroy(struct text_atlas *a)
{
    if (!a)
        return;
    atlas_clear(a);
    free(a->scratch);
    free(a);
}

unsigned text_atlas_generation(const struct text_atlas *a)
{
    return a->generation;
}

SDL_Texture *text_atlas_page(const struct text_atlas *a, int page)
{
    return page >= 0 && page < a->npages ? a->pages[page].tex : NULL;
}

int text_atlas_page_count(const struct text_atlas *a)
{
    return a->npages;
}

size_t text_atlas_bytes(const struct text_atlas *a)
{
    return (size_t)a->npages * PAGE_SIZE * PAGE_SIZE * 4;
}

unsigned long text_atlas_rasterised(const struct text_atlas *a)
{
    return a->rasterised;
}

static bool page_add(struct text_atlas *a)
{
    if (a->npages >= MAX_PAGES)
        return false;
    struct page *p = &a->pages[a->npages];
    p->tex = SDL_CreateTexture(a->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                               PAGE_SIZE, PAGE_SIZE);
    if (!p->tex) {
        LOG_ERR("cannot create glyph atlas texture: %s", SDL_GetError());
        return false;
    }
    SDL_SetTextureBlendMode(p->tex, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(p->tex, SDL_ScaleModeNearest);
    a->npages++;
    return true;
}

/* Shelf packing: a glyph goes on the first shelf of about its height with room left. */
static bool page_place(struct page *p, int w, int h, int *x, int *y)
{
    for (int i = 0; i < p->nshelves; i++) {
        struct shelf *s = &p->shelves[i];
        if (h <= s->h && h * 4 >= s->h * 3 && s->x + w <= PAGE_SIZE) {
            *x = s->x;
            *y = s->y;
            s->x += w;
            return true;
        }
    }
    if (p->bottom + h > PAGE_SIZE || w > PAGE_SIZE)
        return false;
    if (p->nshelves == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        struct shelf *s = realloc(p->shelves, (size_t)cap * sizeof(*s));
        if (!s)
            return false;
        p->shelves = s;
        p->cap = cap;
    }
    p->shelves[p->nshelves++] = (struct shelf){.y = p->bottom, .h = h, .x = w};
    *x = 0;
    *y = p->bottom;
    p->bottom += h;
    return true;
}

static uint32_t *scratch(struct text_atlas *a, size_t pixels)
{
    if (pixels > a->scratch_size) {
        uint32_t *s = realloc(a->scratch, pixels * sizeof(*s));
        if (!s)
            return NULL;
        a->scratch = s;
        a->scratch_size = pixels;
    }
    return a->scratch;
}

static uint32_t unpremultiply(unsigned b, unsigned g, unsigned r, unsigned al)
{
    if (al == 0)
        return 0;
    unsigned r8 = r * 255 / al, g8 = g * 255 / al, b8 = b * 255 / al;
    r8 = r8 > 255 ? 255 : r8;
    g8 = g8 > 255 ? 255 : g8;
    b8 = b8 > 255 ? 255 : b8;
    return (uint32_t)al << 24 | r8 << 16 | g8 << 8 | b8;
}

/* Scales a premultiplied BGRA bitmap (FreeType's colour glyphs) to dw x dh and writes
 * straight-alpha ARGB8888, which is what SDL's BLEND mode expects. Shrinking averages the
 * source pixels each target pixel covers; enlarging interpolates bilinearly, so a pictogram
 * drawn larger than the font's strike stays smooth. */
static void scale_bgra(const FT_Bitmap *bm, uint32_t *dst, int dw, int dh)
{
    int sw = (int)bm->width, sh = (int)bm->rows;
    if (dw > sw || dh > sh) {
        for (int dy = 0; dy < dh; dy++) {
            float fy = ((float)dy + 0.5f) * (float)sh / (float)dh - 0.5f;
            int y0 = fy < 0 ? 0 : (int)fy, y1 = y0 + 1 < sh ? y0 + 1 : sh - 1;
            float wy = fy < 0 ? 0 : fy - (float)y0;
            for (int dx = 0; dx < dw; dx++) {
                float fx = ((float)dx + 0.5f) * (float)sw / (float)dw - 0.5f;
                int x0 = fx < 0 ? 0 : (int)fx, x1 = x0 + 1 < sw ? x0 + 1 : sw - 1;
                float wx = fx < 0 ? 0 : fx - (float)x0;
                const uint8_t *r0 = bm->buffer + (ptrdiff_t)y0 * bm->pitch;
                const uint8_t *r1 = bm->buffer + (ptrdiff_t)y1 * bm->pitch;
                unsigned c[4];
                for (int k = 0; k < 4; k++) {
                    float top = r0[x0 * 4 + k] * (1 - wx) + r0[x1 * 4 + k] * wx;
                    float bot = r1[x0 * 4 + k] * (1 - wx) + r1[x1 * 4 + k] * wx;
                    c[k] = (unsigned)(top * (1 - wy) + bot * wy + 0.5f);
                }
                dst[(size_t)dy * dw + dx] = unpremultiply(c[0], c[1], c[2], c[3]);
            }
        }
        return;
    }
    for (int dy = 0; dy < dh; dy++) {
        int y0 = dy * sh / dh, y1 = (dy + 1) * sh / dh;
        if (y1 <= y0)
            y1 = y0 + 1;
        for (int dx = 0; dx < dw; dx++) {
            int x0 = dx * sw / dw, x1 = (dx + 1) * sw / dw;
            if (x1 <= x0)
                x1 = x0 + 1;
            unsigned b = 0, g = 0, r = 0, al = 0, n = 0;
            for (int y = y0; y < y1 && y < sh; y++) {
                const uint8_t *row = bm->buffer + (ptrdiff_t)y * bm->pitch;
                for (int x = x0; x < x1 && x < sw; x++) {
                    b += row[x * 4];
                    g += row[x * 4 + 1];
                    r += row[x * 4 + 2];
                    al += row[x * 4 + 3];
                    n++;
                }
            }
            /* Colour sums divided by the alpha sum undo premultiplication and averaging at
             * once; alpha itself is the average. */
            dst[(size_t)dy * dw + dx] =
                n ? (unpremultiply(b, g, r, al) & 0xFFFFFF) | (uint32_t)(al / n) << 24 : 0;
        }
    }
}

/* Rasterises into the scratch buffer as ARGB8888; fills w, h, left, top, color. */
static uint32_t *rasterise(struct text_atlas *a, int font, uint32_t glyph, int size_px,
                           struct text_atlas_glyph *g)
{
    struct text_font *f = &a->fonts->fonts[font];
    FT_Face face = f->face;
    uint32_t *out = NULL;
    size_px = (int)lroundf((float)size_px * f->scale);
    if (size_px < 1)
        size_px = 1;
    if (f->color) {
        if (FT_Load_Glyph(face, glyph, FT_LOAD_COLOR) != 0)
            return NULL;
        FT_Bitmap *bm = &face->glyph->bitmap;
        if (bm->pixel_mode != FT_PIXEL_MODE_BGRA || bm->width == 0 || bm->rows == 0)
            return NULL;
        float s = (float)size_px / f->strike_ppem;
        int w = (int)ceilf((float)bm->width * s), h = (int)ceilf((float)bm->rows * s);
        if (w <= 0 || h <= 0 || w > PAGE_SIZE - 2 * PAD || h > PAGE_SIZE - 2 * PAD)
            return NULL;
        out = scratch(a, (size_t)w * h);
        if (!out)
            return NULL;
        scale_bgra(bm, out, w, h);
        g->w = (int16_t)w;
        g->h = (int16_t)h;
        g->left = (int16_t)lroundf((float)face->glyph->bitmap_left * s);
        g->top = (int16_t)lroundf((float)face->glyph->bitmap_top * s);
        g->color = true;
        return out;
    }
    if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)size_px) != 0)
        return NULL;
    if (FT_Load_Glyph(face, glyph, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) != 0)
        return NULL;
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0)
        return NULL;
    FT_Bitmap *bm = &face->glyph->bitmap;
    int w = (int)bm->width, h = (int)bm->rows;
    if (bm->pixel_mode != FT_PIXEL_MODE_GRAY || w == 0 || h == 0 || w > PAGE_SIZE - 2 * PAD ||
        h > PAGE_SIZE - 2 * PAD)
        return NULL;
    out = scratch(a, (size_t)w * h);
    if (!out)
        return NULL;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = bm->buffer + (ptrdiff_t)y * bm->pitch;
        uint32_t *o = out + (size_t)y * w;
        for (int x = 0; x < w; x++)
            o[x] = (uint32_t)row[x] << 24 | 0xFFFFFF;
    }
    g->w = (int16_t)w;
    g->h = (int16_t)h;
    g->left = (int16_t)face->glyph->bitmap_left;
    g->top = (int16_t)face->glyph->bitmap_top;
    g->color = false;
    return out;
}

static bool table_grow(struct text_atlas *a)
{
    size_t size = a->table_size ? a->table_size * 2 : 1024;
    struct entry **t = calloc(size, sizeof(*t));
    if (!t)
        return false;
    for (size_t i = 0; i < a->table_size; i++) {
        struct entry *e = a->table[i];
        if (!e)
            continue;
        size_t h = hash_key(e->key) & (size - 1);
        while (t[h])
            h = (h + 1) & (size - 1);
        t[h] = e;
    }
    free(a->table);
    a->table = t;
    a->table_size = size;
    return true;
}

static struct entry *entry_new(struct text_atlas *a)
{
    if (a->nblocks == 0 || a->used_in_block == BLOCK) {
        struct entry **b = realloc(a->blocks, (size_t)(a->nblocks + 1) * sizeof(*b));
        if (!b)
            return NULL;
        a->blocks = b;
        b[a->nblocks] = malloc(BLOCK * sizeof(struct entry));
        if (!b[a->nblocks])
            return NULL;
        a->nblocks++;
        a->used_in_block = 0;
    }
    return &a->blocks[a->nblocks - 1][a->used_in_block++];
}

/* Places a rasterised bitmap into some page; false when every page is full. */
static bool upload(struct text_atlas *a, struct text_atlas_glyph *g, const uint32_t *px)
{
    int x, y;
    for (int i = 0;; i++) {
        if (i == a->npages && !page_add(a))
            return false;
        if (page_place(&a->pages[i], g->w + PAD, g->h + PAD, &x, &y)) {
            g->page = (int16_t)i;
            g->x = (int16_t)x;
            g->y = (int16_t)y;
            SDL_Rect r = {x, y, g->w, g->h};
            if (SDL_UpdateTexture(a->pages[i].tex, &r, px, g->w * 4) != 0)
                LOG_WARN("glyph upload failed: %s", SDL_GetError());
            return true;
        }
    }
}

const struct text_atlas_glyph *text_atlas_get(struct text_atlas *a, int font, uint32_t glyph,
                                              int size_px)
{
    uint64_t key = make_key(font, glyph, size_px);
    if (a->table_size) {
        size_t h = hash_key(key) & (a->table_size - 1);
        for (struct entry *e; (e = a->table[h]); h = (h + 1) & (a->table_size - 1))
            if (e->key == key)
                return &e->g;
    }
    if ((a->count + 1) * 2 > a->table_size && !table_grow(a))
        return &a->nothing;
    struct text_atlas_glyph g = {.page = -1};
    const uint32_t *px = rasterise(a, font, glyph, size_px, &g);
    a->rasterised++;
    if (px && !upload(a, &g, px)) {
        /* Full: start again. Layouts notice the new generation and look glyphs up anew. */
        LOG_INFO("glyph atlas full (%d pages); starting it again", a->npages);
        atlas_clear(a);
        if (!table_grow(a))
            return &a->nothing;
        if (!upload(a, &g, px))
            g.page = -1;
    }
    if (!px)
        g.page = -1;
    struct entry *e = entry_new(a);
    if (!e)
        return &a->nothing;
    e->key = key;
    e->g = g;
    size_t h = hash_key(key) & (a->table_size - 1);
    while (a->table[h])
        h = (h + 1) & (a->table_size - 1);
    a->table[h] = e;
    a->count++;
    return &e->g;
}
