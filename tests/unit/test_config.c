/* The location config: values, defaults, and one clear line for every mistake. */
#include "check.h"
#include "config/config.h"

static const char sample[] = "# a comment\n"
                             "[location]\n"
                             "municipality = Gemeente Voorbeeld\n"
                             "\n"
                             "[kiosk]\n"
                             "languages = nl, ar tr,  fa\n"
                             "idle_timeout = 120\n"
                             "[hours]\n"
                             "monday = 09:00-12:00, 13:00-16:00\n"
                             "tuesday = closed\n"
                             "wednesday = 9 tot 12\n"
                             "thursday = 12:00-09:00\n";

static void test_values(void)
{
    struct config *c = config_parse("t.conf", sample);
    CHECK(c != NULL);
    CHECK_STR_EQ(config_get(c, "location", "municipality"), "Gemeente Voorbeeld");
    CHECK_INT_EQ(config_int(c, "kiosk", "idle_timeout", 10, 3600, 90), 120);
    const char *langs[8];
    CHECK_INT_EQ(config_languages(c, langs, 8), 4);
    CHECK_STR_EQ(langs[0], "nl");
    CHECK_STR_EQ(langs[1], "ar");
    CHECK_STR_EQ(langs[2], "tr");
    CHECK_STR_EQ(langs[3], "fa");
    config_destroy(c);
}

static void test_hours(void)
{
    struct config *c = config_parse("t.conf", sample);
    CHECK(c != NULL);
    CHECK_STR_EQ(config_hours(c, 0), "09:00-12:00, 13:00-16:00");
    CHECK(config_hours(c, 1) == NULL); /* closed */
    CHECK(config_hours(c, 2) == NULL); /* not a time span: shown as closed */
    CHECK(config_hours(c, 3) == NULL); /* ends before it starts */
    CHECK(config_hours(c, 6) == NULL); /* absent */
    CHECK(config_hours(c, 7) == NULL); /* no such day */
    config_destroy(c);
}

static void test_bad_values_fall_back(void)
{
    static const struct {
        const char *text;
        int want;
    } cases[] = {
        {"[kiosk]\nidle_timeout = 5\n", 90},    /* below the minimum */
        {"[kiosk]\nidle_timeout = lang\n", 90}, /* not a number */
        {"[kiosk]\nidle_timeout = 30s\n", 90},  /* trailing junk */
        {"[kiosk]\nidle_timeout = 99999999999999\n", 90},
        {"[kiosk]\nidle_timeout =  45 \n", 45},
        {"idle_timeout = 45\n", 90},                             /* outside a section */
        {"[kiosk\nidle_timeout = 45\n", 90},                     /* broken section line */
        {"[kiosk]\nidle-timeout = 45\n", 90},                    /* unknown key (typo) */
        {"[kiosk]\nidle_timeout = 45\nidle_timeout = 60\n", 60}, /* the last wins */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct config *c = config_parse("t.conf", cases[i].text);
        CHECK(c != NULL);
        int got = config_int(c, "kiosk", "idle_timeout", 10, 3600, 90);
        config_destroy(c);
        CHECK_INT_EQ(got, cases[i].want);
    }
}

static void test_bad_languages(void)
{
    struct config *c = config_parse("t.conf", "[kiosk]\nlanguages = nl, ../x, ar\n");
    const char *langs[8];
    CHECK_INT_EQ(config_languages(c, langs, 8), 2);
    CHECK_STR_EQ(langs[1], "ar");
    config_destroy(c);
}

static void test_missing_and_binary_files(void)
{
    struct config *c = config_load("/nonexistent/location.conf");
    CHECK(c != NULL);
    CHECK(config_get(c, "location", "municipality") == NULL);
    CHECK_STR_EQ(config_string(c, "location", "municipality", "X"), "X");
    config_destroy(c);
    FILE *f = fopen("build/test-config.bin", "wb");
    CHECK(f != NULL);
    fwrite("[kiosk]\0idle_timeout=45\n", 1, 24, f);
    fclose(f);
    c = config_load("build/test-config.bin");
    CHECK(c != NULL);
    CHECK_INT_EQ(config_int(c, "kiosk", "idle_timeout", 10, 3600, 90), 90);
    config_destroy(c);
    remove("build/test-config.bin");
}

static const struct check_case cases[] = {
    {"config_values", test_values},
    {"config_hours", test_hours},
    {"config_bad_values_fall_back", test_bad_values_fall_back},
    {"config_bad_languages", test_bad_languages},
    {"config_missing_and_binary_files", test_missing_and_binary_files},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
