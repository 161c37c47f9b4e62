/*
 * The staff PIN's files in the state folder: staff.pin (the Argon2 hash) and staff-pin.state
 * (tries and locks, rewritten after every try; a power cut may leave anything). The input is
 * split at the first NUL byte into the two; the first part is also tried as the [staff] pin
 * value of location.conf when staff.pin is left out (second byte of the input odd). No PIN is
 * checked: Argon2 would take the whole time.
 */
#include "fuzz.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "staff/pin.h"

static const char *dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    dir = fuzz_workdir("staffpin");
    return 0;
}

static void put(const char *name, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

static void drop(const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t first = nul ? (size_t)(nul - data) : size;
    bool in_config = size > 1 && (data[1] & 1);
    char *hash = fuzz_cstr(data, first);
    if (!in_config)
        put("staff.pin", data, first);
    put("staff-pin.state", nul ? nul + 1 : data, nul ? size - first - 1 : 0);
    struct pin *p = pin_new(in_config ? hash : NULL, NULL, dir, 1000);
    if (p != NULL) {
        pin_is_set(p);
        pin_tries_left(p, 2000);
        pin_locked_ms(p, 2000);
        pin_check(p, "", 2000); /* empty: no try, no Argon2 */
    }
    pin_destroy(p);
    drop("staff.pin");
    drop("staff-pin.state");
    free(hash);
    return 0;
}
