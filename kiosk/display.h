/*
 * display: the surface the kiosk draws on. In kiosk mode a full-screen window with the
 * keyboard grabbed and no cursor; with --windowed a normal window; in headless mode an
 * off-screen surface with a software renderer, so tests need no display and no GPU.
 */
#pragma once

#include <stdbool.h>

struct app;

/* Creates the window or surface and renderer at app->opts size; false (logged) on failure. */
bool display_open(struct app *app);
/* Headless only: a new virtual screen size. Replaces the renderer (renderer_generation). */
bool display_resize(struct app *app, int w, int h);
/* Rereads the drawable size after a window event; true when it changed. */
bool display_update_size(struct app *app);
void display_close(struct app *app);
/* Writes the last drawn frame as a PNG file. */
bool display_screenshot(struct app *app, const char *path);
