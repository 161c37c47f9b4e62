#define LOG_TAG "datadir"
#include "datadir.h"

#include <SDL.h>
#include <stdio.h>
#include <unistd.h>

#include "core/log.h"

#ifndef WEGWIJS_DATADIR
#define WEGWIJS_DATADIR "/usr/local/share/wegwijs"
#endif

const char *datadir_compiled(void)
{
    return WEGWIJS_DATADIR;
}

static bool has_fonts_list(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/fonts.txt", dir);
    return access(path, R_OK) == 0;
}

bool datadir_find(char *out, size_t n)
{
    /* Relative to the program first: an install under DESTDIR, or a copied tree, must use
     * its own data and not whatever an older install left in the compiled-in folder. */
    char *base = SDL_GetBasePath();
    if (base != NULL) {
        static const char *const rel[] = {"../share/wegwijs", "../assets"};
        for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
            snprintf(out, n, "%s%s", base, rel[i]);
            if (has_fonts_list(out)) {
                SDL_free(base);
                return true;
            }
        }
        SDL_free(base);
    }
    snprintf(out, n, "%s", WEGWIJS_DATADIR);
    if (has_fonts_list(out))
        return true;
    snprintf(out, n, "assets");
    if (has_fonts_list(out))
        return true;
    LOG_WARN("no data folder with fonts.txt beside the program, in %s or in ./assets",
             WEGWIJS_DATADIR);
    return false;
}
