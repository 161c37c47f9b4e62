/*
 * text_font: the ordered font list (assets/fonts.txt) and per-character font fallback.
 *
 * Each font is one FreeType face (for rasterising) and one HarfBuzz font at unit scale (for
 * shaping; positions are scaled to pixels afterwards, so one shaping serves every size).
 * Colour bitmap fonts (Noto Color Emoji: CBDT, one fixed strike) are marked and scaled from
 * their strike when rasterised.
 */
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdbool.h>
#include <unicode/utypes.h>

struct text_font {
    char *path;
    FT_Face face;
    hb_font_t *hb;
    int upem;
    float ascender, descender; /* in em, descender negative */
    bool color;                /* colour bitmap font: emoji, never tinted */
    float strike_ppem;         /* colour fonts: the pixel size of the selected strike */
    int bold;                  /* index of the bold face of this family, or itself */
};

struct text_fonts {
    FT_Library ft;
    struct text_font *fonts;
    int count;
    int families; /* fonts[0..families) are the regular faces, in fallback order */
};

/* Reads the font list; lines are "regular.ttf [bold.ttf]", '#' starts a comment. A font
 * that cannot be loaded gets one log line and is skipped. Returns NULL when none loads. */
struct text_fonts *text_fonts_load(const char *list_path);
void text_fonts_destroy(struct text_fonts *fonts); /* accepts NULL */

/* True when font f maps code point c to a glyph. */
bool text_font_has(const struct text_fonts *fonts, int f, UChar32 c);

/* The family that should draw c, given the family of the previous character (-1 at the
 * start) and whether c should look like an emoji (Emoji_Presentation, or followed by
 * U+FE0F). Characters no font has fall back to family 0 (shown as its missing glyph). */
int text_fonts_pick(const struct text_fonts *fonts, UChar32 c, int prev, bool emoji);
