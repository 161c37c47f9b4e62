/* The headless script reader (tests and `make bench` scripts; a mistyped file must not crash). */
#include "fuzz.h"

#include "script.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    script_check((const char *)data, size);
    return 0;
}
