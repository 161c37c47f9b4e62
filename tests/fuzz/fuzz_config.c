/* location.conf: the operator's file, read at every start and by staff mode; with it the
 * opening hours as the schedule reads them (dark_outside_hours). */
#include "fuzz.h"

#include <time.h>

#include "config/config.h"
#include "schedule/schedule.h"

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
        struct schedule *s = schedule_new(cfg);
        /* A Monday, 2026-12-07 12:00 UTC, and the week after it in 12-hour steps. */
        for (int i = 0; i < 14; i++)
            schedule_open_at(s, (time_t)1796644800 + (time_t)i * 43200);
        if (schedule_enabled(s))
            schedule_next_change(s, (time_t)1796644800);
        schedule_destroy(s);
    }
    config_destroy(cfg);
    free(text);
    return 0;
}
