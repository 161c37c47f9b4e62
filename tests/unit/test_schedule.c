/* The screen schedule's times: open within [hours], closed outside, closed days, the next
 * change, and off unless dark_outside_hours = yes. */
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "config/config.h"
#include "schedule/schedule.h"

static const char *conf_text = "[kiosk]\n"
                               "dark_outside_hours = yes\n"
                               "[hours]\n"
                               "monday = 09:00-12:00, 13:00-16:30\n"
                               "tuesday = closed\n"
                               "wednesday = 09:00-24:00\n";

/* 2026-12-07 is a Monday. */
static time_t at(int mday, int hour, int min)
{
    struct tm tm = {.tm_year = 126,
                    .tm_mon = 11,
                    .tm_mday = mday,
                    .tm_hour = hour,
                    .tm_min = min,
                    .tm_isdst = -1};
    return mktime(&tm);
}

static struct schedule *make(const char *text)
{
    struct config *cfg = config_parse("test.conf", text);
    struct schedule *s = cfg ? schedule_new(cfg) : NULL;
    config_destroy(cfg);
    return s;
}

static void test_open_hours(void)
{
    struct schedule *s = make(conf_text);
    CHECK(s != NULL);
    bool ok = schedule_enabled(s) && !schedule_open_at(s, at(7, 8, 59)) &&
              schedule_open_at(s, at(7, 9, 0)) && schedule_open_at(s, at(7, 11, 59)) &&
              !schedule_open_at(s, at(7, 12, 0)) && !schedule_open_at(s, at(7, 12, 59)) &&
              schedule_open_at(s, at(7, 13, 0)) && schedule_open_at(s, at(7, 16, 29)) &&
              !schedule_open_at(s, at(7, 16, 30)) && !schedule_open_at(s, at(8, 10, 0)) &&
              schedule_open_at(s, at(9, 23, 59)) && !schedule_open_at(s, at(10, 0, 0)) &&
              !schedule_open_at(s, at(13, 12, 0)); /* Sunday: not in [hours] */
    schedule_destroy(s);
    CHECK(ok);
}

static void test_next_change(void)
{
    struct schedule *s = make(conf_text);
    CHECK(s != NULL);
    time_t a = schedule_next_change(s, at(7, 11, 30) + 17); /* -> 12:00 */
    time_t b = schedule_next_change(s, at(7, 16, 45));      /* -> Wednesday 09:00 */
    time_t c = schedule_next_change(s, at(9, 12, 0));       /* -> Thursday 00:00 */
    schedule_destroy(s);
    CHECK_INT_EQ(a, at(7, 12, 0));
    CHECK_INT_EQ(b, at(9, 9, 0));
    CHECK_INT_EQ(c, at(10, 0, 0));
}

static void test_off_by_default(void)
{
    struct schedule *s = make("[hours]\nmonday = 09:00-12:00\n");
    CHECK(s != NULL);
    bool ok = !schedule_enabled(s) && schedule_open_at(s, at(7, 3, 0)) &&
              schedule_next_change(s, at(7, 3, 0)) == (time_t)-1;
    schedule_destroy(s);
    CHECK(ok);
}

/* "ja" is not yes: logged, and the screen stays on; no hours at all: stays on too. */
static void test_bad_values_keep_screen_on(void)
{
    struct schedule *a = make("[kiosk]\ndark_outside_hours = ja\n[hours]\nmonday = 09:00-12:00\n");
    struct schedule *b = make("[kiosk]\ndark_outside_hours = yes\n[hours]\nmonday = closed\n");
    bool ok =
        a && b && !schedule_enabled(a) && !schedule_enabled(b) && schedule_open_at(b, at(7, 3, 0));
    schedule_destroy(a);
    schedule_destroy(b);
    CHECK(ok);
}

/* The decision the app acts on: dark only outside the hours and after the last use, and
 * when to ask again. The virtual clock puts app clock 0 at Monday 12:00 (closed until 13:00). */
static void test_dark_and_deadline(void)
{
    struct schedule *s = make(conf_text);
    CHECK(s != NULL);
    schedule_set_clock(s, at(7, 12, 0), 0);
    int64_t min = 60 * 1000;
    bool in_use = schedule_dark(s, 0, 30 * 1000);         /* touched 30 s from now: stays on */
    bool closed = schedule_dark(s, 30 * 1000, 30 * 1000); /* idle timeout over: dark */
    bool opened = schedule_dark(s, 61 * min, 0);          /* 13:01: open again */
    int64_t light_d = schedule_deadline(s, 0, false, 30 * 1000);      /* look again when idle */
    int64_t dark_d = schedule_deadline(s, 59 * min + 30000, true, 0); /* 12:59:30: at 13:00 */
    int64_t far_d = schedule_deadline(s, 60 * 1000, true, 0); /* an hour off: within a minute */
    time_t wall = schedule_now(s, 90 * 1000);
    schedule_destroy(s);
    CHECK(!in_use);
    CHECK(closed);
    CHECK(!opened);
    CHECK_INT_EQ(light_d, 30 * 1000);
    CHECK_INT_EQ(dark_d, 60 * min);
    CHECK_INT_EQ(far_d, 2 * min);
    CHECK_INT_EQ(wall, at(7, 12, 1) + 30);
}

static void test_never_dark_when_off(void)
{
    struct schedule *s = make("[hours]\nmonday = 09:00-10:00\n");
    CHECK(s != NULL);
    schedule_set_clock(s, at(7, 3, 0), 0);
    bool dark = schedule_dark(s, 1000 * 1000, 0);
    int64_t d = schedule_deadline(s, 0, false, 0);
    schedule_destroy(s);
    CHECK(!dark);
    CHECK_INT_EQ(d, -1);
}

static const struct check_case cases[] = {
    {"schedule_dark_and_deadline", test_dark_and_deadline},
    {"schedule_never_dark_when_off", test_never_dark_when_off},
    {"schedule_open_hours", test_open_hours},
    {"schedule_next_change", test_next_change},
    {"schedule_off_by_default", test_off_by_default},
    {"schedule_bad_values_keep_screen_on", test_bad_values_keep_screen_on},
};

int main(int argc, char **argv)
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    return CHECK_MAIN(cases, argc, argv);
}
