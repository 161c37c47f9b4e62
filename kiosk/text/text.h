/*
 * text: every word on the kiosk goes through here. Paragraph layout for any mix of scripts
 * (UAX #9 bidi, HarfBuzz shaping per run, UAX #14 line breaking, per-character font fallback)
 * and drawing of laid-out text from a glyph atlas.
 *
 * A text_engine owns the fonts, a cache of laid-out paragraphs and the atlas. Asking for the
 * same (text, style) twice returns the cached layout without shaping again, so an unchanged
 * screen costs no HarfBuzz call. Layout pointers stay valid until the next text_engine_trim(),
 * which the main loop calls between frames.
 *
 * Other headers in kiosk/text/ expose the steps (bidi, breaks, shaping) to the conformance
 * tests and to build/textlayout; the kiosk itself uses only this one.
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>

struct text_engine;
struct text_layout;

enum text_dir { TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_DIR_RTL };

/* START is left for a left-to-right paragraph and right for a right-to-left one. */
enum text_align { TEXT_ALIGN_START, TEXT_ALIGN_CENTER, TEXT_ALIGN_END };

/* What happens when the text does not fit max_width x max_lines. */
enum text_fit {
    TEXT_FIT_WRAP,     /* wrap; with max_lines > 0, lines past it are dropped and the last
                          kept line ends in an ellipsis */
    TEXT_FIT_ELLIPSIS, /* like WRAP, spelled out for titles */
    TEXT_FIT_SHRINK,   /* reduce size_px (down to half) until it fits, then ellipsis */
};

struct text_style {
    int size_px;   /* em size in pixels */
    int max_width; /* wrap width in pixels; 0 = no wrapping */
    int max_lines; /* 0 = unlimited */
    enum text_dir dir;
    enum text_align align;
    enum text_fit fit;
    bool bold;
    const char *lang; /* BCP 47 tag such as "ar" or "fa"; NULL = none. Picks shaping
                         language and font preferences (Farsi digits, Naskh for Arabic). */
};

/*
 * fonts_list: path of the ordered font list (assets/fonts.txt). renderer may be NULL for
 * layout-only use (tools, conformance tests); text_engine_draw then does nothing.
 * Returns NULL and logs the reason when no font at all can be loaded.
 */
struct text_engine *text_engine_new(const char *fonts_list, SDL_Renderer *renderer);
void text_engine_destroy(struct text_engine *engine); /* accepts NULL */

/*
 * Hostile text is bounded, so no text can freeze the screen: at most TEXT_MAX_BYTES are laid
 * out (cut at a character, one log line), at most 30 combining marks in a row
 * (TEXT_MAX_NONSTARTERS), and with max_lines only the paragraphs that can be shown.
 */
#define TEXT_MAX_BYTES 16384

/* Lays out utf8 (invalid bytes become U+FFFD) or returns the cached layout. Never NULL. */
const struct text_layout *text_engine_layout(struct text_engine *engine, const char *utf8,
                                             const struct text_style *style);

/* Draws the layout with its top-left corner at (x, y). Alignment inside max_width is already
 * part of the layout: a right-aligned line is drawn flush with x + max_width. */
void text_engine_draw(struct text_engine *engine, const struct text_layout *layout, int x, int y,
                      SDL_Color color);

/* Frees cached layouts not used since the last trim. Call once per frame, after drawing. */
void text_engine_trim(struct text_engine *engine);

/* Size of the laid-out block: width is max_width when wrapping, else the widest line. */
int text_layout_width(const struct text_layout *layout);
int text_layout_height(const struct text_layout *layout);
int text_layout_line_count(const struct text_layout *layout);
/* The resolved paragraph direction (never TEXT_DIR_AUTO). */
enum text_dir text_layout_dir(const struct text_layout *layout);
/* True when the text was cut (ellipsis) to fit. */
bool text_layout_truncated(const struct text_layout *layout);
/* True when a word wider than max_width had to be broken inside (no break opportunity). */
bool text_layout_word_split(const struct text_layout *layout);
/* Horizontal span of the glyphs (pen positions and advances) from the block's left edge:
 * where the ink is, for the ui's element dump and its fit checks. */
void text_layout_ink(const struct text_layout *layout, int *x0, int *x1);
/* The size actually used, smaller than style->size_px after TEXT_FIT_SHRINK. */
int text_layout_size_px(const struct text_layout *layout);
