#define LOG_TAG "schedule"
#include "schedule/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/log.h"

enum { SPANS_MAX = 8 };

struct span {
    int from, to; /* minutes since midnight, from < to */
};

struct schedule {
    bool enabled;
    struct span days[CONFIG_DAYS][SPANS_MAX]; /* 0 = Monday */
    int count[CONFIG_DAYS];
    bool virtual_clock;
    time_t wall_base; /* the wall clock at app clock 0 (virtual clock only) */
};

/* "09:00-12:00, 13:00-16:00"; config.c has already refused any other form. */
static void parse_day(struct schedule *s, int day, const char *v)
{
    for (const char *p = v; p && *p && s->count[day] < SPANS_MAX;) {
        int h1, m1, h2, m2;
        if (sscanf(p, " %d:%d - %d:%d", &h1, &m1, &h2, &m2) == 4)
            s->days[day][s->count[day]++] = (struct span){h1 * 60 + m1, h2 * 60 + m2};
        p = strchr(p, ',');
        if (p)
            p++;
    }
}

struct schedule *schedule_new(const struct config *cfg)
{
    struct schedule *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    const char *v = config_string(cfg, "kiosk", "dark_outside_hours", "no");
    if (strcmp(v, "yes") == 0) {
        s->enabled = true;
    } else if (strcmp(v, "no") != 0) {
        LOG_WARN("%s: [kiosk] dark_outside_hours: \"%s\" is not yes or no; using no",
                 config_path(cfg), v);
    }
    int open_days = 0;
    for (int day = 0; day < CONFIG_DAYS; day++) {
        const char *h = config_hours(cfg, day);
        if (h)
            parse_day(s, day, h);
        open_days += s->count[day] > 0;
    }
    if (s->enabled && open_days == 0) {
        LOG_WARN("%s: [kiosk] dark_outside_hours = yes but [hours] has no opening hours; "
                 "the screen stays on",
                 config_path(cfg));
        s->enabled = false;
    }
    return s;
}

void schedule_destroy(struct schedule *s)
{
    free(s);
}

bool schedule_enabled(const struct schedule *s)
{
    return s != NULL && s->enabled;
}

bool schedule_open_at(const struct schedule *s, time_t t)
{
    if (!schedule_enabled(s))
        return true;
    struct tm tm;
    localtime_r(&t, &tm);
    int day = (tm.tm_wday + 6) % 7, minute = tm.tm_hour * 60 + tm.tm_min;
    for (int i = 0; i < s->count[day]; i++)
        if (minute >= s->days[day][i].from && minute < s->days[day][i].to)
            return true;
    return false;
}

time_t schedule_next_change(const struct schedule *s, time_t t)
{
    if (!schedule_enabled(s))
        return (time_t)-1;
    bool now = schedule_open_at(s, t);
    /* Changes happen on whole minutes: step to the next minute boundary, then by minutes.
     * 8 days of minutes is 11,520 localtime calls at most, done once per change. */
    time_t m = t - (t % 60) + 60;
    for (int i = 0; i < 8 * 24 * 60; i++, m += 60)
        if (schedule_open_at(s, m) != now)
            return m;
    return (time_t)-1;
}

void schedule_set_clock(struct schedule *s, time_t wall, int64_t now_ms)
{
    if (s == NULL)
        return;
    s->virtual_clock = true;
    s->wall_base = wall - (time_t)(now_ms / 1000);
}

time_t schedule_now(const struct schedule *s, int64_t now_ms)
{
    if (s != NULL && s->virtual_clock)
        return s->wall_base + (time_t)(now_ms / 1000);
    return time(NULL);
}

bool schedule_dark(const struct schedule *s, int64_t now_ms, int64_t in_use_until_ms)
{
    if (!schedule_enabled(s))
        return false;
    /* A video playing or a resident touching within the idle timeout keeps the screen on. */
    return now_ms >= in_use_until_ms && !schedule_open_at(s, schedule_now(s, now_ms));
}

int64_t schedule_deadline(const struct schedule *s, int64_t now_ms, bool dark,
                          int64_t in_use_until_ms)
{
    if (!schedule_enabled(s))
        return -1;
    time_t now = schedule_now(s, now_ms);
    bool open = schedule_open_at(s, now);
    if (!open && !dark)
        return in_use_until_ms;
    time_t next = schedule_next_change(s, now);
    if (next == (time_t)-1)
        return -1;
    /* The wall clock may jump (NTP, daylight saving): look again at least every minute. */
    int64_t in_ms = (int64_t)(next - now) * 1000;
    if (in_ms > 60000)
        in_ms = 60000;
    return now_ms + in_ms;
}
