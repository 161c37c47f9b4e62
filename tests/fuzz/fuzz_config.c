/* location.conf: the operator's file, read at every start and by staff mode. */
#include "fuzz.h"

#include "config/config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct config *cfg = config_parse("fuzz.conf", text);
    if (cfg != NULL) {
        const char *langs[40];
        config_languages(cfg, langs, 40);
        for (int d = 0; d < 7; d++)
            config_hours(cfg, d);
        config_int(cfg, "kiosk", "idle_timeout", 10, 3600, 90);
        config_get(cfg, "location", "phone");
        config_get(cfg, "location", "name");
    }
    config_destroy(cfg);
    free(text);
    return 0;
}
