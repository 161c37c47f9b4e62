/*
 * Pronunciation lists (<lang>/pronounce.txt, read by mkspeech and mkexplainer): the input is
 * split at the first NUL byte into the list and a text the rules are applied to (without a
 * NUL, a fixed sentence). Rules apply to each other's results, so a list can make a text grow.
 */
#include "fuzz.h"

#include "content/pronounce.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t list_len = nul ? (size_t)(nul - data) : size;
    char *text = nul ? fuzz_cstr(nul + 1, size - list_len - 1)
                     : fuzz_cstr((const uint8_t *)"Welkom in de bibliotheek, 14 0123.", 34);
    struct pronounce *p = pronounce_parse("fuzz.txt", (const char *)data, list_len);
    if (p != NULL) {
        pronounce_count(p);
        free(pronounce_apply(p, text));
    }
    pronounce_destroy(p);
    free(text);
    return 0;
}
