/*
 * image: the one PNG writer, for the kiosk's screenshots (script `shot`), textlayout --render
 * and mkexplainer's slides: an RGBA image in memory (R, G, B, A bytes per pixel, as
 * SDL_PIXELFORMAT_RGBA32 lays them out) to a PNG file.
 */
#pragma once

#include <stdbool.h>

/* pitch: bytes from one row to the next. false with one log line naming path. */
bool image_write_png(const char *path, int width, int height, const void *rgba, int pitch);
