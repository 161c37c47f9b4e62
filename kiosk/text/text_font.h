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
    float scale;               /* drawn at scale x the em size (fonts.txt "scale=") */
    float ascender, descender; /* in em of the requested size (scale applied), descender < 0 */
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

/* Reads the font list; lines are "regular.ttf [bold.ttf] [scale=F]", '#' starts a comment.
 * scale (0.5 to 2) evens out scripts whose letters look small at the same em size. A font
 * that cannot be loaded, or a bad option, gets one log line and is skipped or ignored.
 * A relative file name is taken from the list's own folder. Returns NULL when no font
 * loads. */
struct text_fonts *text_fonts_load(const char *list_path);
void text_fonts_destroy(struct text_fonts *fonts); /* accepts NULL */

/* The family that writes the script of a BCP 47 language tag ("fa" -> Naskh), or -1. Digits
 * and punctuation at the start of a paragraph in that language take this font, so an
 * Arabic line that starts with a number looks like the rest of it. */
int text_fonts_for_lang(const struct text_fonts *fonts, const char *lang);

/* True when font f maps code point c to a glyph. */
bool text_font_has(const struct text_fonts *fonts, int f, UChar32 c);

/* The family that should draw c, given the family of the previous character and the family
 * of the last letter before it (the text's own font; -1 when none), and whether c should
 * look like an emoji (Emoji_Presentation, or followed by U+FE0F). Marks and joiners stay with
 * the previous character; digits, spaces and punctuation take the letters' font when it has
 * them, so "09:00-12:00" in Farsi is all in one font even though the hyphen comes from
 * another. Characters no font has fall back to family 0 (shown as its missing glyph). */
int text_fonts_pick(const struct text_fonts *fonts, UChar32 c, int prev, int base, bool emoji);

/* True for characters that take the font of the letters around them (script Common or
 * Inherited), which do not change the base font passed to text_fonts_pick. */
bool text_fonts_neutral(UChar32 c);
