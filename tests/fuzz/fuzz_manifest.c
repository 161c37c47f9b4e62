/* A pack's MANIFEST: parsed before anything else of the pack is trusted. */
#include "fuzz.h"

#include "pack/manifest.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[256];
    struct manifest *m = manifest_parse((const char *)data, size, why, sizeof(why));
    if (m != NULL) {
        char *text = manifest_format(m);
        /* What the kiosk writes it must read back the same. */
        if (text != NULL) {
            struct manifest *again = manifest_parse(text, strlen(text), why, sizeof(why));
            if (again == NULL)
                abort();
            char *text2 = manifest_format(again);
            if (text2 == NULL || strcmp(text, text2) != 0)
                abort();
            free(text2);
            manifest_destroy(again);
        }
        free(text);
        manifest_find(m, "topics.conf");
    }
    manifest_destroy(m);
    return 0;
}
