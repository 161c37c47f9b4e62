/*
 * text_atlas: every (font, glyph, pixel size) rasterised once by FreeType into a page of an
 * ARGB8888 SDL texture (the format of the kiosk's software screen, so blits need no conversion).
 * Outline glyphs are stored white with coverage as alpha, so vertex colour tints them; colour
 * glyphs (emoji) keep their own colours and are drawn with white vertices.
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "text/text_font.h"

struct text_atlas;

/* Pages are square textures of this many pixels a side. */
#define TEXT_ATLAS_PAGE_SIZE 1024

struct text_atlas_glyph {
    int16_t page;       /* -1: nothing to draw (space, or rasterising failed) */
    bool color;         /* draw with white vertices: the bitmap has its own colours */
    int16_t x, y, w, h; /* rectangle in the page */
    int16_t left, top;  /* bitmap offset from the pen position: right, and up */
};

struct text_atlas *text_atlas_new(SDL_Renderer *renderer, struct text_fonts *fonts);
void text_atlas_destroy(struct text_atlas *atlas); /* accepts NULL */

/* The glyph's place in the atlas, rasterising and uploading it on first use. The pointer
 * stays valid until the atlas is reset (see text_atlas_generation). Never NULL. */
const struct text_atlas_glyph *text_atlas_get(struct text_atlas *atlas, int font, uint32_t glyph,
                                              int size_px);

/* Changes when the atlas was full and started again: cached glyph pointers are stale. */
unsigned text_atlas_generation(const struct text_atlas *atlas);

SDL_Texture *text_atlas_page(const struct text_atlas *atlas, int page);
int text_atlas_page_count(const struct text_atlas *atlas);
/* Bytes of texture memory held (pages x width x height x 4). */
size_t text_atlas_bytes(const struct text_atlas *atlas);
/* Glyphs rasterised since the atlas was made (for tests and benchmarks). */
unsigned long text_atlas_rasterised(const struct text_atlas *atlas);
