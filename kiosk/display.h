/*
 * display: the surface the kiosk draws on. In kiosk mode a full-screen window with the
 * keyboard grabbed and no cursor; with --windowed a normal window; in headless mode an
 * off-screen surface with a software renderer, so tests need no display and no GPU.
 *
 * The display owns the window, the surface and the renderer. Others draw with the renderer it
 * hands out; its generation changes when the renderer is replaced (a headless resize), so
 * textures made with the old one are known to be gone.
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>

struct display_options {
    bool headless;
    bool windowed;        /* development mode: a resizable window */
    int width, height;    /* window or virtual screen size */
    const char *renderer; /* "auto", "software" or "accelerated"; NULL: auto */
};

struct display;

/* Creates the window or surface and renderer; NULL (logged) on failure. */
struct display *display_new(const struct display_options *o);
void display_destroy(struct display *d);

SDL_Renderer *display_renderer(const struct display *d);
/* Bumped each time the renderer is replaced. */
unsigned display_generation(const struct display *d);
/* The drawable size in pixels. */
void display_size(const struct display *d, int *w, int *h);
/* Window coordinates (mouse events) to drawable pixels, for high-density screens. */
void display_to_pixels(const struct display *d, int *x, int *y);

/* Headless only: a new virtual screen size, with a new renderer. False (logged) on failure. */
bool display_resize(struct display *d, int w, int h);
/* Rereads the drawable size after a window event; true when it changed. */
bool display_update_size(struct display *d);
/* Asks the platform to switch the display off or on (the dark screen outside opening hours);
 * where it cannot, says so once and the dark screen is black pixels. */
void display_set_power(struct display *d, bool on);
/* Writes the last drawn frame as a PNG file. */
bool display_screenshot(const struct display *d, const char *path);
