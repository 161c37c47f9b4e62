#define LOG_TAG "schedule"
#include "schedule/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config/config.h"
#include "core/log.h"
#include "ui/ui.h"

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
    bool display_off_logged;
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

static time_t wall_now(const struct app *app)
{
    const struct schedule *s = app->schedule;
    if (s->virtual_clock)
        return s->wall_base + (time_t)(app->now_ms / 1000);
    return time(NULL);
}

/* A video playing or a resident touching within the idle timeout keeps the screen on. */
static bool in_use(const struct app *app)
{
    return app->now_ms - app->last_input_ms < app->idle_timeout_ms;
}

/* Ask the platform to switch the display off or on. SDL disables the screen saver for a
 * full-screen program; letting it run again allows X's DPMS (Xwayland) to blank the panel. */
static void display_power(struct app *app, bool on)
{
    struct schedule *s = app->schedule;
    if (app->window == NULL)
        return;
    if (on)
        SDL_DisableScreenSaver();
    else
        SDL_EnableScreenSaver();
    if (SDL_SetWindowBrightness(app->window, on ? 1.0f : 0.0f) != 0 && !s->display_off_logged) {
        s->display_off_logged = true;
        LOG_INFO("the display cannot be dimmed here (%s); the dark screen is black pixels and "
                 "the screen saver may switch the display off",
                 SDL_GetError());
    }
}

void schedule_tick(struct app *app)
{
    if (!schedule_enabled(app->schedule))
        return;
    bool dark = !schedule_open_at(app->schedule, wall_now(app)) && !in_use(app);
    if (dark == app->dark)
        return;
    app->dark = dark;
    if (dark) {
        LOG_INFO("outside opening hours: the screen goes dark until a touch or opening time");
        app_reset_session(app);
    } else {
        LOG_INFO("screen on (%s)", schedule_open_at(app->schedule, wall_now(app))
                                       ? "opening time"
                                       : "woken by a touch");
    }
    display_power(app, !dark);
    app->relayout = true;
    app->dirty = true;
}

bool schedule_wake(struct app *app)
{
    if (!app->dark)
        return false;
    app->last_input_ms = app->now_ms;
    schedule_tick(app);
    return true;
}

int64_t schedule_deadline(struct app *app)
{
    struct schedule *s = app->schedule;
    if (!schedule_enabled(s))
        return -1;
    time_t now = wall_now(app);
    bool open = schedule_open_at(s, now);
    if (!open && !app->dark)
        return app->last_input_ms + app->idle_timeout_ms;
    time_t next = schedule_next_change(s, now);
    if (next == (time_t)-1)
        return -1;
    /* The wall clock may jump (NTP, daylight saving): look again at least every minute. */
    int64_t in_ms = (int64_t)(next - now) * 1000;
    if (in_ms > 60000)
        in_ms = 60000;
    return app->now_ms + in_ms;
}

bool schedule_draw(struct app *app)
{
    if (!app->dark)
        return false;
    /* No element is left to press or to show in a dump while dark. */
    ui_begin(app->ui, app->width, app->height, false, "nl");
    ui_reset_view(app->ui);
    SDL_SetRenderDrawColor(app->renderer, 0, 0, 0, 255);
    SDL_RenderClear(app->renderer);
    SDL_RenderPresent(app->renderer);
    return true;
}
