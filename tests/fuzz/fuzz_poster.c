/*
 * Video posters (<slug>.poster.jpg in a pack): decoded by libavcodec's MJPEG decoder, then
 * converted and uploaded by our code. A software renderer stands in for the screen. The
 * decoder is a library fuzzed upstream; what matters here is what a JPEG's header can make
 * our side allocate and draw.
 */
#include "fuzz.h"

#include <SDL.h>

#include "video/poster.h"

static struct fuzz_memfile file;
static SDL_Surface *surface;
static SDL_Renderer *renderer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    fuzz_memfile_open(&file, "fuzz.jpg");
    surface = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (renderer == NULL)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile_fill(&file, data, size);
    int w = 0, h = 0;
    SDL_Texture *t = poster_load(renderer, path, &w, &h);
    if (t != NULL)
        SDL_DestroyTexture(t);
    return 0;
}
