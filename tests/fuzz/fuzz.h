/*
 * fuzz: what the libFuzzer targets in tests/fuzz/ share. Each fuzz_<reader>.c feeds one reader
 * of outside input arbitrary bytes; `make fuzz` runs them as long as asked, `make test` for a
 * few seconds each (tests/sh/fuzz.sh). Built with clang only (mk/fuzz.mk).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a NUL-terminated string (readers of text files get one); free() it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Log lines would cost more than the parsing; FUZZ_LOG=1 keeps them for a crash's replay. */
static inline void fuzz_quiet(void)
{
    if (getenv("FUZZ_LOG") == NULL)
        log_set_level((enum log_level) - 1);
}
