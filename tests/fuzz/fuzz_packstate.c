/*
 * The pack store's own files, as a power cut or a damaged disk may leave them: the input is
 * split at NUL bytes into packs/nl/STATE, packs/HIGHEST, packs/nl/v1/MANIFEST and
 * packs/nl/v2/MANIFEST. The store is opened (which recovers), listed, its roots handed out
 * (which may fall back), confirmed and rolled back, as the kiosk and staff mode do.
 */
#include "fuzz.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack/pack.h"

static const char *dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    dir = fuzz_workdir("packstate");
    return 0;
}

static void put(const char *rel, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/packs/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

static void mk(const char *rel)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/packs/%s", dir, rel);
    mkdir(path, 0700);
}

/* The next NUL-separated part of the input. */
static const uint8_t *part(const uint8_t **at, const uint8_t *end, size_t *len)
{
    const uint8_t *p = *at;
    if (p >= end) {
        *len = 0;
        return p;
    }
    const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
    *len = nul ? (size_t)(nul - p) : (size_t)(end - p);
    *at = nul ? nul + 1 : end;
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *at = data, *end = data + size;
    size_t len;
    mk("");
    mk("nl");
    mk("nl/v1");
    mk("nl/v1/content");
    mk("nl/v2");
    mk("nl/v2/content");
    const uint8_t *p = part(&at, end, &len);
    put("nl/STATE", p, len);
    p = part(&at, end, &len);
    put("HIGHEST", p, len);
    p = part(&at, end, &len);
    put("nl/v1/MANIFEST", p, len);
    p = part(&at, end, &len);
    put("nl/v2/MANIFEST", p, len);

    struct pack_store *s = pack_store_new(dir, NULL);
    if (s != NULL) {
        struct pack_info *infos = NULL;
        size_t n = 0;
        if (pack_roots(s, &infos, &n) == 0)
            for (size_t i = 0; i < n; i++)
                if (infos[i].pending)
                    pack_confirm(s, infos[i].id);
        free(infos);
        pack_rollback(s, "nl");
        if (pack_list(s, &infos, &n) == 0)
            free(infos);
    }
    pack_store_destroy(s);
    fuzz_empty_dir(dir);
    return 0;
}
