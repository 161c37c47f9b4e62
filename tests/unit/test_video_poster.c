/*
 * poster: a JPEG's header says how big the picture is, and a small file can say a lot: 375 KB
 * of one colour at 8000x8000 took 700 MB and 2.4 s (a crafted file run through fuzz_poster).
 * Posters of more than 3840x2160 pixels are refused with one log line; ordinary ones still load.
 */
#include "check.h"

#include <SDL.h>
#include <stdlib.h>

#include "video/poster.h"

#define DIR "build/test-poster"

static SDL_Renderer *renderer;

/* A JPEG of one colour, made by ffmpeg (a build dependency). */
static bool make_jpeg(const char *name, int w, int h)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p " DIR " && ffmpeg -loglevel error -y -f lavfi -i color=c=blue:s=%dx%d "
             "-frames:v 1 -q:v 31 " DIR "/%s",
             w, h, name);
    return system(cmd) == 0;
}

static void test_ordinary_poster_loads(void)
{
    CHECK(make_jpeg("hd.jpg", 1280, 720));
    int w = 0, h = 0;
    SDL_Texture *t = poster_load(renderer, DIR "/hd.jpg", &w, &h);
    CHECK(t != NULL);
    SDL_DestroyTexture(t);
    CHECK_INT_EQ(w, 1280);
    CHECK_INT_EQ(h, 720);
}

static void test_huge_poster_refused(void)
{
    CHECK(make_jpeg("huge.jpg", 8000, 8000));
    SDL_Texture *t = poster_load(renderer, DIR "/huge.jpg", NULL, NULL);
    CHECK(t == NULL);
    /* 4K itself is still taken. */
    CHECK(make_jpeg("uhd.jpg", 3840, 2160));
    t = poster_load(renderer, DIR "/uhd.jpg", NULL, NULL);
    CHECK(t != NULL);
    SDL_DestroyTexture(t);
}

static const struct check_case cases[] = {
    {"poster_ordinary_loads", test_ordinary_poster_loads},
    {"poster_huge_refused", test_huge_poster_refused},
};

int main(int argc, char **argv)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    renderer = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (renderer == NULL) {
        printf("FAIL poster_renderer: %s\n", SDL_GetError());
        return 1;
    }
    int rc = CHECK_MAIN(cases, argc, argv);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(s);
    return rc;
}
