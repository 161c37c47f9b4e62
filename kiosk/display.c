#define LOG_TAG "display"
#include "display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/image.h"
#include "core/log.h"

struct display {
    SDL_Window *window;   /* NULL in headless mode */
    SDL_Surface *surface; /* headless mode draws here */
    SDL_Renderer *renderer;
    unsigned generation;
    int width, height;
    bool dim_refused_logged;
};

static bool open_headless(struct display *d, int w, int h)
{
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (surface == NULL) {
        LOG_ERR("off-screen surface %dx%d: %s", w, h, SDL_GetError());
        return false;
    }
    SDL_Renderer *renderer = SDL_CreateSoftwareRenderer(surface);
    if (renderer == NULL) {
        LOG_ERR("software renderer: %s", SDL_GetError());
        SDL_FreeSurface(surface);
        return false;
    }
    if (d->renderer)
        SDL_DestroyRenderer(d->renderer);
    SDL_FreeSurface(d->surface);
    d->surface = surface;
    d->renderer = renderer;
    d->generation++;
    d->width = w;
    d->height = h;
    return true;
}

/*
 * Without a GPU, SDL's OpenGL renderer runs on Mesa's llvmpipe: measured here it adds about
 * 250 ms to start-up and 80 MB of memory before the first frame. SDL's own software renderer
 * draws the same frames in a fraction of both, so that is what a machine without a render
 * node (/dev/dri/renderD*) gets, unless the location's config says otherwise.
 */
static void choose_renderer(const char *want)
{
    bool software = strcmp(want, "software") == 0;
    if (strcmp(want, "auto") == 0) {
        software = true;
        for (int i = 128; i < 136 && software; i++) {
            char node[32];
            snprintf(node, sizeof(node), "/dev/dri/renderD%d", i);
            software = access(node, R_OK | W_OK) != 0;
        }
    }
    if (software) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        LOG_INFO("drawing with SDL's software renderer (%s)",
                 strcmp(want, "auto") == 0 ? "no GPU render node" : "as configured");
    }
}

static bool open_window(struct display *d, const struct display_options *o)
{
    choose_renderer(o->renderer ? o->renderer : "auto");
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->windowed) {
        flags |= SDL_WINDOW_RESIZABLE;
    } else {
        /* Lockdown: no key combination may leave or hide the kiosk. */
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_INPUT_GRABBED;
    }
    d->window = SDL_CreateWindow("Wegwijs", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                 o->width, o->height, flags);
    if (d->window == NULL) {
        LOG_ERR("window: %s", SDL_GetError());
        return false;
    }
    d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_PRESENTVSYNC);
    if (d->renderer == NULL) {
        LOG_WARN("renderer with vsync: %s; trying without", SDL_GetError());
        d->renderer = SDL_CreateRenderer(d->window, -1, 0);
    }
    if (d->renderer == NULL) {
        LOG_ERR("renderer: %s", SDL_GetError());
        return false;
    }
    if (!o->windowed)
        SDL_ShowCursor(SDL_DISABLE);
    d->generation++;
    d->width = o->width;
    d->height = o->height;
    display_update_size(d);
    return true;
}

struct display *display_new(const struct display_options *o)
{
    struct display *d = calloc(1, sizeof(*d));
    if (d == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    if (!(o->headless ? open_headless(d, o->width, o->height) : open_window(d, o))) {
        display_destroy(d);
        return NULL;
    }
    return d;
}

void display_destroy(struct display *d)
{
    if (d == NULL)
        return;
    if (d->renderer)
        SDL_DestroyRenderer(d->renderer);
    SDL_FreeSurface(d->surface);
    if (d->window)
        SDL_DestroyWindow(d->window);
    free(d);
}

SDL_Renderer *display_renderer(const struct display *d)
{
    return d->renderer;
}

unsigned display_generation(const struct display *d)
{
    return d->generation;
}

void display_size(const struct display *d, int *w, int *h)
{
    *w = d->width;
    *h = d->height;
}

void display_to_pixels(const struct display *d, int *x, int *y)
{
    if (d->window == NULL)
        return;
    int ww, wh;
    SDL_GetWindowSize(d->window, &ww, &wh);
    if (ww > 0 && wh > 0) {
        *x = *x * d->width / ww;
        *y = *y * d->height / wh;
    }
}

bool display_resize(struct display *d, int w, int h)
{
    if (d->window != NULL) {
        SDL_SetWindowSize(d->window, w, h);
        display_update_size(d);
        return true;
    }
    return open_headless(d, w, h);
}

bool display_update_size(struct display *d)
{
    int w = d->width, h = d->height;
    if (d->window)
        SDL_GetRendererOutputSize(d->renderer, &w, &h);
    bool changed = w != d->width || h != d->height;
    d->width = w;
    d->height = h;
    return changed;
}

void display_set_power(struct display *d, bool on)
{
    if (d->window == NULL)
        return;
    /* SDL disables the screen saver for a full-screen program; letting it run again allows
     * X's DPMS (Xwayland) to blank the panel. */
    if (on)
        SDL_DisableScreenSaver();
    else
        SDL_EnableScreenSaver();
    if (SDL_SetWindowBrightness(d->window, on ? 1.0f : 0.0f) != 0 && !d->dim_refused_logged) {
        d->dim_refused_logged = true;
        LOG_INFO("the display cannot be dimmed here (%s); the dark screen is black pixels and "
                 "the screen saver may switch the display off",
                 SDL_GetError());
    }
}

bool display_screenshot(const struct display *d, const char *path)
{
    int w = d->width, h = d->height;
    uint8_t *pixels = malloc((size_t)w * (size_t)h * 4);
    bool ok = false;
    if (pixels == NULL) {
        LOG_ERR("%s: out of memory", path);
        return false;
    }
    if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_RGBA32, pixels, w * 4) != 0)
        LOG_ERR("%s: reading pixels: %s", path, SDL_GetError());
    else
        ok = image_write_png(path, w, h, pixels, w * 4);
    free(pixels);
    return ok;
}
