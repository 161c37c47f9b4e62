/*
 * slides: the pictures of an explainer, drawn with the kiosk's own text engine.
 *
 * A slide is the topic's pictogram with a few large words, never the sentence the subtitle
 * already shows: the title on the first slide; the title as a heading and the Dutch terms the
 * sentence names on each following one; the contact button's label on the last.
 * Text goes through kiosk/text (bidi, HarfBuzz shaping, fallback fonts, colour emoji), drawn
 * by an SDL software renderer on a surface and saved as PNG with libpng, so Arabic, Farsi and
 * Tigrinya slides look exactly as they do on the kiosk. The lower part of the picture stays
 * free for the player's subtitles.
 */
#pragma once

#include "script.h"

#include <stddef.h>

struct slides;

/* Slides of height px (16:9) with the fonts of fonts_list (assets/fonts.txt). NULL + log. */
struct slides *slides_new(const char *fonts_list, int height);
void slides_destroy(struct slides *slides); /* accepts NULL */

/* Slide number index of total (for the progress bar) showing the segments [first, last] of
 * script, written to png_path. Returns 0 or -1 (logged). */
int slides_render(struct slides *slides, const struct script *script, size_t first, size_t last,
                  int index, int total, const char *png_path);
