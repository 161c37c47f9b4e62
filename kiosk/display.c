#define LOG_TAG "display"
#include "display.h"

#include "core/image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "core/log.h"

static bool open_headless(struct app *app, int w, int h)
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
    if (app->renderer)
        SDL_DestroyRenderer(app->renderer);
    SDL_FreeSurface(app->surface);
    app->surface = surface;
    app->renderer = renderer;
    app->renderer_generation++;
    app->width = w;
    app->height = h;
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

bool display_open(struct app *app)
{
    int w = app->opts.width, h = app->opts.height;
    if (app->opts.headless)
        return open_headless(app, w, h);
    choose_renderer(app->opts.renderer ? app->opts.renderer : "auto");

    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (app->opts.windowed) {
        flags |= SDL_WINDOW_RESIZABLE;
    } else {
        /* Lockdown: no key combination may leave or hide the kiosk. */
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_INPUT_GRABBED;
    }
    app->window =
        SDL_CreateWindow("Wegwijs", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (app->window == NULL) {
        LOG_ERR("window: %s", SDL_GetError());
        return false;
    }
    app->renderer = SDL_CreateRenderer(app->window, -1, SDL_RENDERER_PRESENTVSYNC);
    if (app->renderer == NULL) {
        LOG_WARN("renderer with vsync: %s; trying without", SDL_GetError());
        app->renderer = SDL_CreateRenderer(app->window, -1, 0);
    }
    if (app->renderer == NULL) {
        LOG_ERR("renderer: %s", SDL_GetError());
        return false;
    }
    if (!app->opts.windowed)
        SDL_ShowCursor(SDL_DISABLE);
    app->renderer_generation++;
    display_update_size(app);
    return true;
}

bool display_resize(struct app *app, int w, int h)
{
    if (!app->opts.headless) {
        SDL_SetWindowSize(app->window, w, h);
        return display_update_size(app);
    }
    return open_headless(app, w, h);
}

bool display_update_size(struct app *app)
{
    int w = app->width, h = app->height;
    if (app->window)
        SDL_GetRendererOutputSize(app->renderer, &w, &h);
    bool changed = w != app->width || h != app->height;
    app->width = w;
    app->height = h;
    return changed;
}

void display_close(struct app *app)
{
    if (app->renderer)
        SDL_DestroyRenderer(app->renderer);
    app->renderer = NULL;
    SDL_FreeSurface(app->surface);
    app->surface = NULL;
    if (app->window)
        SDL_DestroyWindow(app->window);
    app->window = NULL;
}

bool display_screenshot(struct app *app, const char *path)
{
    int w = app->width, h = app->height;
    uint8_t *pixels = malloc((size_t)w * (size_t)h * 4);
    bool ok = false;
    if (pixels == NULL) {
        LOG_ERR("%s: out of memory", path);
        return false;
    }
    if (SDL_RenderReadPixels(app->renderer, NULL, SDL_PIXELFORMAT_RGBA32, pixels, w * 4) != 0)
        LOG_ERR("%s: reading pixels: %s", path, SDL_GetError());
    else
        ok = image_write_png(path, w, h, pixels, w * 4);
    free(pixels);
    return ok;
}
