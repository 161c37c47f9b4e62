/*
 * text_inspect: read access to what the engine decided, for golden tests, benchmarks and
 * build/textlayout. The kiosk does not need it.
 */
#pragma once

#include <SDL.h>
#include <stdint.h>

#include "text/text.h"

struct text_glyph_info {
    uint32_t glyph;  /* glyph id in its font */
    int font;        /* index into the font list (regular faces first, then bold ones) */
    int32_t cluster; /* UTF-16 offset of the glyph's cluster in its paragraph */
    int paragraph;   /* 0-based, paragraphs are split at hard line breaks */
    int line;        /* 0-based line in the layout */
    float x, y;      /* pen position in pixels from the block's top-left; y is the baseline */
    float advance;   /* in pixels */
};

/* Glyphs in visual order, line by line, left to right. */
int text_layout_glyph_count(const struct text_layout *layout);
void text_layout_glyph(const struct text_layout *layout, int i, struct text_glyph_info *out);

struct text_engine_stats {
    unsigned long shape_calls;  /* hb_shape() calls since the engine was made */
    unsigned long shaped_units; /* UTF-16 units those calls shaped (the work they did) */
    unsigned long layouts;      /* layouts made (cache misses) */
    unsigned long cache_hits;
    unsigned long rasterised; /* glyphs rasterised into the atlas */
    size_t atlas_bytes;       /* texture memory of the atlas */
    int cached_layouts;       /* layouts held now */
};
void text_engine_stats(const struct text_engine *engine, struct text_engine_stats *out);

/* The scale fonts.txt gives font f (1 when none), so comparisons can use the same pixels. */
float text_engine_font_scale(const struct text_engine *engine, int f);

/* File name (without folder) of font index f, or NULL. */
const char *text_engine_font_name(const struct text_engine *engine, int f);

/* The glyphs as one line in the spirit of HarfBuzz's hb-shape output and .tests files:
 * "[font:gid=cluster@x,y+advance|...]", pixels rounded, font as its file name. The caller
 * frees the string; NULL when out of memory. */
char *text_layout_describe(const struct text_engine *engine, const struct text_layout *layout);

/* Draws one glyph of one font at pen position (x, y baseline), as text_engine_draw would
 * draw it inside a layout: lets tests check which glyph landed where on screen. */
void text_engine_draw_glyph(struct text_engine *engine, int font, uint32_t glyph, int size_px,
                            int x, int y, SDL_Color color);
