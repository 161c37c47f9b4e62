#define LOG_TAG "app"
#include "app.h"

#include <assert.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "schedule/schedule.h"
#include "stats/stats.h"
#include "text/text.h"
#include "update/update.h"
#include "display.h"
#include "ui/ui.h"

enum {
    COUNTS_COMMIT_MS = 60 * 1000, /* usage counts are written at least this often */
    STAFF_HOLD_MS = 5000,         /* holding a corner this long opens staff mode */
    HOLD_STEP_MS = 100,           /* the hold's progress bar grows this often */
    LONG_PRESS_MS = 600,          /* holding a topic tile this long reads it aloud */
    LARGE_TEXT_PERCENT = 135,
    IDLE_WARNING_MS = 15000, /* "are you still there?" this long before the reset */
};

static void *state(struct app *app)
{
    return app->screen_state[app->screen];
}

static const struct screen_ops *ops(const struct app *app)
{
    return app->screens[app->screen];
}

const char *app_screen_name(const struct app *app)
{
    if (app->dark)
        return "dark";
    return ops(app)->name;
}

void app_invalidate(struct app *app)
{
    app->dirty = true;
}

static void switch_to(struct app *app, enum screen_id id)
{
    const struct screen_ops *from = ops(app);
    if (from->leave)
        from->leave(state(app), app);
    ui_reset_view(app->ui);
    /* The resident moved on: what the last screen said is no longer theirs. */
    app_stop_speaking(app);
    app->screen = id;
    const struct screen_ops *to = ops(app);
    LOG_DBG("screen %s", to->name);
    if (to->enter)
        to->enter(state(app), app);
    app->relayout = true;
    app->dirty = true;
}

void app_go(struct app *app, enum screen_id id)
{
    assert(id < SCREEN_COUNT);
    if (id == app->screen) {
        app->relayout = true;
        app->dirty = true;
        return;
    }
    if (id == SCREEN_ATTRACT) {
        app->history_len = 0;
    } else if (app->history_len < APP_HISTORY_MAX) {
        app->history[app->history_len++] = app->screen;
    } else {
        memmove(app->history, app->history + 1, (APP_HISTORY_MAX - 1) * sizeof(app->history[0]));
        app->history[APP_HISTORY_MAX - 1] = app->screen;
    }
    switch_to(app, id);
}

void app_back(struct app *app)
{
    enum screen_id to = app->history_len > 0 ? app->history[--app->history_len] : SCREEN_LANGUAGES;
    if (to == app->screen)
        to = SCREEN_ATTRACT;
    switch_to(app, to);
}

void app_reset_session(struct app *app)
{
    app_stop_speaking(app);
    memset(&app->session, 0, sizeof(app->session));
    app->history_len = 0;
    if (app->screen != SCREEN_ATTRACT)
        switch_to(app, SCREEN_ATTRACT);
    app->relayout = true;
    app->dirty = true;
}

void app_set_language(struct app *app, const char *lang)
{
    snprintf(app->session.lang, sizeof(app->session.lang), "%s", lang ? lang : "");
    app->relayout = true;
    app->dirty = true;
}

bool app_rtl(const struct app *app)
{
    return content_language_rtl(app->session.lang);
}

const char *app_str(const struct app *app, const char *key)
{
    const char *lang = app->session.lang[0] ? app->session.lang : "nl";
    return content_string(app->content, lang, key);
}

static const char *say_lang(const struct app *app, const char *lang)
{
    return lang ? lang : app->session.lang[0] ? app->session.lang : "nl";
}

bool app_can_say(const struct app *app, const char *lang, const char *key)
{
    char rel[160];
    snprintf(rel, sizeof(rel), "audio/%s.opus", key);
    const char *in = strncmp(key, "location.", 9) == 0 ? "nl" : say_lang(app, lang);
    char *path = app->audio ? content_find_file(app->content, in, rel) : NULL;
    free(path);
    return path != NULL;
}

bool app_say(struct app *app, const char *lang, const char *const *keys, size_t n)
{
    enum { MAX_PROMPTS = 24 };
    char *paths[MAX_PROMPTS];
    size_t got = 0;
    lang = say_lang(app, lang);
    for (size_t i = 0; i < n && got < MAX_PROMPTS && app->audio; i++) {
        char rel[160];
        snprintf(rel, sizeof(rel), "audio/%s.opus", keys[i]);
        /* The location's own names (its address) are Dutch, spoken by the Dutch voice in
         * every language (tools/mkspeech --location). */
        const char *in = strncmp(keys[i], "location.", 9) == 0 ? "nl" : lang;
        if ((paths[got] = content_find_file(app->content, in, rel)) != NULL) {
            got++;
            LOG_DBG("says %s/%s", in, rel);
        }
    }
    bool ok = got > 0 && audio_play(app->audio, (const char *const *)paths, got, app->now_ms);
    if (ok)
        LOG_INFO("says (%s): %s%s", lang, keys[0], n > 1 ? " ..." : "");
    for (size_t i = 0; i < got; i++)
        free(paths[i]);
    return ok;
}

void app_speech_add(struct screen_speech *sp, const char *key)
{
    if (sp->n < SCREEN_SPEECH_MAX)
        snprintf(sp->keys[sp->n++], sizeof(sp->keys[0]), "%s", key);
}

/* A screen the resident uses (not the attract screen, not staff mode): it gets the row of
 * speaker, large-text and contrast controls. */
static bool resident_screen(const struct app *app)
{
    return app->screen != SCREEN_ATTRACT && ops(app)->lang == NULL;
}

static bool screen_speech(struct app *app, struct screen_speech *sp)
{
    const struct screen_ops *o = ops(app);
    memset(sp, 0, sizeof(*sp));
    if (o->speech)
        o->speech(state(app), app, sp);
    return sp->n > 0 && app_can_say(app, sp->lang[0] ? sp->lang : NULL, sp->keys[0]);
}

static bool say_speech(struct app *app, const struct screen_speech *sp)
{
    const char *keys[SCREEN_SPEECH_MAX];
    for (size_t i = 0; i < sp->n; i++)
        keys[i] = sp->keys[i];
    return app_say(app, sp->lang[0] ? sp->lang : NULL, keys, sp->n);
}

bool app_speaking(const struct app *app)
{
    return audio_playing(app->audio, app->now_ms);
}

void app_stop_speaking(struct app *app)
{
    audio_stop(app->audio, app->now_ms);
}

void app_load_content(struct app *app)
{
    struct content *fresh = content_new();
    if (fresh == NULL) {
        LOG_ERR("out of memory loading the content; keeping what is shown");
        return;
    }
    content_destroy(app->content);
    app->content = fresh;
    for (int i = 0; i < app->opts.content_count; i++)
        content_add_root(app->content, app->opts.content[i]);
    /* Installed packs on top, in the order update hands them (a patch pack after its base). */
    size_t n_roots = 0;
    const struct pack_info *roots = update_roots(app->update, &n_roots);
    for (size_t i = 0; i < n_roots; i++) {
        bool ok = content_add_root(app->content, roots[i].root);
        if (roots[i].pending)
            update_root_loaded(app->update, roots[i].id, ok);
    }
    const char *langs[32];
    size_t n = config_languages(app->config, langs, 32);
    for (size_t i = 0; i < n; i++)
        if (!content_has_language(app->content, langs[i]))
            LOG_WARN("%s: [kiosk] languages: \"%s\" has no content installed; not shown",
                     config_path(app->config), langs[i]);
    if (content_language_count(app->content) == 0)
        LOG_WARN("no content at all: the kiosk shows only its attract screen");
    app->relayout = true;
    app->dirty = true;
}

_Static_assert((int)APP_COUNT_SESSION == (int)STATS_SESSION &&
                   (int)APP_COUNT_VIDEO_STARTED == (int)STATS_VIDEO_STARTED &&
                   (int)APP_COUNT_VIDEO_FINISHED == (int)STATS_VIDEO_FINISHED &&
                   (int)APP_COUNT_CONTACT_SHOWN == (int)STATS_CONTACT_SHOWN,
               "app_count and stats count the same events");

void app_count(struct app *app, enum app_count_what what)
{
    const char *lang = app->session.lang[0] ? app->session.lang : "nl";
    bool first = stats_pending(app->stats) == 0;
    if (stats_add(app->stats, (enum stats_event)what, lang, app->session.topic) == 0 && first)
        app->counts_since_ms = app->now_ms;
}

void app_count_pause(struct app *app)
{
    stats_set_paused(app->stats, true);
}

void app_count_commit(struct app *app)
{
    if (stats_pending(app->stats) > 0)
        stats_commit(app->stats);
    /* A failed commit keeps its counts; it is tried again a minute later, not every tick. */
    app->counts_failed = stats_pending(app->stats) > 0;
    app->counts_since_ms = app->now_ms;
}

/* ---- the dark screen outside opening hours (the schedule decides, the app acts) ---- */

static int64_t in_use_until(const struct app *app)
{
    return app->last_input_ms + app->idle_timeout_ms;
}

/* Goes dark or light as the hours and the last touch say. */
static void follow_schedule(struct app *app)
{
    bool dark = schedule_dark(app->schedule, app->now_ms, in_use_until(app));
    if (dark == app->dark)
        return;
    app->dark = dark;
    if (dark) {
        LOG_INFO("outside opening hours: the screen goes dark until a touch or opening time");
        app_reset_session(app);
    } else {
        LOG_INFO("screen on (%s)",
                 schedule_open_at(app->schedule, schedule_now(app->schedule, app->now_ms))
                     ? "opening time"
                     : "woken by a touch");
    }
    display_set_power(app->display, !dark);
    app->relayout = true;
    app->dirty = true;
}

/* A touch on a dark screen wakes it; true when the touch was used up for that. */
static bool wake_dark_screen(struct app *app)
{
    if (!app->dark)
        return false;
    app->last_input_ms = app->now_ms;
    follow_schedule(app);
    return true;
}

static void draw_dark(struct app *app)
{
    /* No element is left to press or to show in a dump while dark. */
    ui_begin(app->ui, app->width, app->height, false, "nl");
    ui_reset_view(app->ui);
    SDL_SetRenderDrawColor(app->renderer, 0, 0, 0, 255);
    SDL_RenderClear(app->renderer);
    SDL_RenderPresent(app->renderer);
}

/* ---- input ---- */

/* The staff corner: a square of 6% of the short side in any corner. */
static bool in_corner(const struct app *app, int x, int y)
{
    int s = (app->width < app->height ? app->width : app->height) * 6 / 100;
    bool left = x < s, right = x >= app->width - s, top = y < s, bottom = y >= app->height - s;
    return (left || right) && (top || bottom);
}

void app_pointer_down(struct app *app, int x, int y)
{
    if (wake_dark_screen(app))
        return; /* the touch that wakes a dark screen presses nothing */
    app->last_input_ms = app->now_ms;
    if (ui_pointer_is_down(app->ui))
        return; /* a second finger */
    ui_pointer_down(app->ui, x, y);
    app->press_since = app->now_ms;
    app->long_press_done = false;
    app->hold_active = in_corner(app, x, y) && app->screen != SCREEN_STAFF;
    app->hold_since = app->now_ms;
    app->hold_x = x;
    app->hold_y = y;
    app->dirty = true; /* the press shows in the next frame */
}

void app_pointer_move(struct app *app, int x, int y)
{
    if (!ui_pointer_is_down(app->ui))
        return;
    app->last_input_ms = app->now_ms;
    if (app->hold_active && !in_corner(app, x, y))
        app->hold_active = false;
    ui_pointer_move(app->ui, x, y);
    app->dirty = true;
}

void app_pointer_up(struct app *app, int x, int y)
{
    struct ui_event ev;
    app->last_input_ms = app->now_ms;
    /* A corner hold given up once its progress showed: staff changed their mind, the release
     * taps nothing under the corner. */
    bool hold_given_up = app->hold_active && app->now_ms - app->hold_since >= HOLD_STEP_MS * 3;
    app->hold_active = false;
    if (hold_given_up) {
        ui_pointer_cancel(app->ui);
        app->dirty = true;
        return;
    }
    if (!ui_pointer_up(app->ui, x, y, &ev))
        return;
    app->dirty = true;
    if (app->idle_warning) {
        /* Any touch answers "yes, I am still here"; it must not also press what is under. */
        app->idle_warning = false;
        app->relayout = true;
        return;
    }
    if (ev.type == UI_EVENT_TAP && ev.id && resident_screen(app) &&
        strncmp(ev.id, "access.", 7) == 0) {
        struct screen_speech sp;
        if (strcmp(ev.id, "access.speak") == 0 && app_speaking(app))
            app_stop_speaking(app);
        else if (strcmp(ev.id, "access.speak") == 0 && screen_speech(app, &sp))
            say_speech(app, &sp);
        else if (strcmp(ev.id, "access.large") == 0)
            app->session.large_text = !app->session.large_text;
        else if (strcmp(ev.id, "access.contrast") == 0)
            app->session.high_contrast = !app->session.high_contrast;
        app->relayout = true;
        return;
    }
    if (ev.type == UI_EVENT_TAP && ev.id && app->screen != SCREEN_ATTRACT &&
        app->screen != SCREEN_STAFF) {
        if (strcmp(ev.id, "back") == 0) {
            app_back(app);
            return;
        }
        if (strcmp(ev.id, "home") == 0) {
            app_go(app, app->screen == SCREEN_LANGUAGES ? SCREEN_ATTRACT : SCREEN_LANGUAGES);
            return;
        }
    }
    const struct screen_ops *o = ops(app);
    if (o->event)
        o->event(state(app), app, &ev);
}

void app_key(struct app *app, SDL_Keycode key, Uint16 mods)
{
    if (app->opts.windowed && key == SDLK_ESCAPE && !(mods & KMOD_ALT)) {
        LOG_INFO("Escape in windowed mode: quitting");
        app->running = false;
        return;
    }
    /* Kiosk mode: nothing from a keyboard may leave or hide the program. */
    LOG_DBG("key %s (mods 0x%x) ignored", SDL_GetKeyName(key), mods);
}

/* ---- time ---- */

static int64_t min_deadline(int64_t a, int64_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

static bool screen_busy(struct app *app)
{
    const struct screen_ops *o = ops(app);
    return o->busy && o->busy(state(app), app);
}

static bool idle_applies(struct app *app)
{
    return app->screen != SCREEN_ATTRACT && !screen_busy(app);
}

static int idle_warning_ms(const struct app *app)
{
    return app->idle_timeout_ms > 2 * IDLE_WARNING_MS ? IDLE_WARNING_MS : app->idle_timeout_ms / 3;
}

int64_t app_next_deadline(struct app *app)
{
    int64_t d = -1;
    const struct screen_ops *o = ops(app);
    if (o->deadline)
        d = o->deadline(state(app), app);
    if (idle_applies(app)) {
        int64_t reset = app->last_input_ms + app->idle_timeout_ms;
        d = min_deadline(d, app->idle_warning ? reset : reset - idle_warning_ms(app));
    }
    if (app->hold_active) /* the progress in the corner grows in tenths */
        d = min_deadline(d, app->hold_since + ((app->now_ms - app->hold_since) / HOLD_STEP_MS + 1) *
                                                  HOLD_STEP_MS);
    if (app->idle_warning && idle_applies(app)) { /* the countdown's next second */
        int64_t left = app->last_input_ms + app->idle_timeout_ms - app->now_ms;
        if (left > 0)
            d = min_deadline(d, app->now_ms + (left - 1) % 1000 + 1);
    }
    if (stats_pending(app->stats) > 0)
        d = min_deadline(d, app->screen == SCREEN_ATTRACT && !app->counts_failed
                                ? app->now_ms
                                : app->counts_since_ms + COUNTS_COMMIT_MS);
    d = min_deadline(d, update_deadline(app->update, app->now_ms, app->screen == SCREEN_ATTRACT));
    d = min_deadline(d, audio_end_ms(app->audio, app->now_ms));
    const char *pressed = ui_pressed_id(app->ui);
    if (pressed && strncmp(pressed, "topic:", 6) == 0 && !app->long_press_done)
        d = min_deadline(d, app->press_since + LONG_PRESS_MS);
    if (app->dark) /* nothing moves on a dark screen: only the hours and the inbox */
        d = update_deadline(app->update, app->now_ms, true);
    return min_deadline(
        d, schedule_deadline(app->schedule, app->now_ms, app->dark, in_use_until(app)));
}

void app_tick(struct app *app)
{
    /* Staff jobs, inbox installs and the outbox; new content only between sessions. */
    bool between_sessions = app->screen == SCREEN_ATTRACT;
    if (between_sessions)
        stats_set_paused(app->stats, false);
    /* One transaction per session or per minute, never one per touch. */
    if (stats_pending(app->stats) > 0 && ((between_sessions && !app->counts_failed) ||
                                          app->now_ms - app->counts_since_ms >= COUNTS_COMMIT_MS))
        app_count_commit(app);
    if (update_tick(app->update, app->now_ms, between_sessions) == UPDATE_RELOAD)
        app_load_content(app);
    follow_schedule(app);
    if (app->dark)
        return;
    if (app->hold_active && app->now_ms - app->hold_since >= STAFF_HOLD_MS) {
        app->hold_active = false;
        ui_pointer_cancel(app->ui);
        LOG_INFO("staff corner held for %d s", STAFF_HOLD_MS / 1000);
        app->last_input_ms = app->now_ms;
        app_go(app, SCREEN_STAFF);
        return;
    }
    audio_sync(app->audio, app->now_ms);
    audio_duck(app->audio, app->screen == SCREEN_VIDEO && screen_busy(app), app->now_ms);
    /* A long press on a topic tile reads its title and summary; its release taps nothing. */
    const char *pressed = ui_pressed_id(app->ui);
    if (pressed && strncmp(pressed, "topic:", 6) == 0 && !app->long_press_done &&
        app->now_ms - app->press_since >= LONG_PRESS_MS) {
        char title[96], summary[96];
        snprintf(title, sizeof(title), "%s.title", pressed + 6);
        snprintf(summary, sizeof(summary), "%s.summary", pressed + 6);
        app->long_press_done = true;
        app_say(app, NULL, (const char *const[]){title, summary}, 2);
        ui_pointer_cancel(app->ui);
        app->dirty = true;
    }
    /* The speaker button shows whether speech plays. */
    if (app_speaking(app) != app->speaking_shown) {
        app->speaking_shown = !app->speaking_shown;
        app->relayout = resident_screen(app);
    }
    bool idle = idle_applies(app);
    int64_t quiet = app->now_ms - app->last_input_ms;
    /* Never while speech plays: the resident is listening (the reset waits for its end). */
    if (idle && quiet >= app->idle_timeout_ms && !app_speaking(app)) {
        LOG_INFO("idle for %d s: back to the start, session forgotten",
                 app->idle_timeout_ms / 1000);
        app->idle_warning = false;
        app_reset_session(app);
        /* libvlc decodes on threads of its own, and glibc gives each its own arena, whose
         * freed pages it keeps: after a few videos some 40 MB of free heap stays resident.
         * Nobody waits now, so give the free pages back (about a millisecond). */
        malloc_trim(0);
        return;
    }
    bool warn = idle && quiet >= app->idle_timeout_ms - idle_warning_ms(app);
    if (warn != app->idle_warning) {
        app->idle_warning = warn;
        app->relayout = true;
        /* Heard as well as shown: "Are you still there?" and its answer. */
        if (warn)
            app_say(app, NULL, (const char *const[]){"idle.title", "idle.continue"}, 2);
    }
    if (warn && (app->idle_timeout_ms - quiet + 999) / 1000 != app->idle_shown_s)
        app->relayout = true; /* the countdown moved on */
    if (app->hold_active)
        app->dirty = true; /* the hold's progress grows */
    const struct screen_ops *o = ops(app);
    if (o->tick)
        o->tick(state(app), app);
}

/* A dimmed screen with one question, the seconds left, and one big answer; any touch is
 * the answer. The box grows with the question (the ui's layout rule may wrap it). */
static void add_idle_warning(struct app *app)
{
    int w = app->width, h = app->height, s = w < h ? w : h;
    struct ui *ui = app->ui;
    int64_t left = app->last_input_ms + app->idle_timeout_ms - app->now_ms;
    app->idle_shown_s = left > 0 ? (int)((left + 999) / 1000) : 0;
    ui_add(ui, &(struct ui_element){.id = "idle",
                                    .role = UI_BUTTON,
                                    .rect = {0, 0, w, h},
                                    .bg = {20, 30, 40, 200},
                                    .no_mirror = true});
    int pad = s / 30, bw = s * 9 / 10 < w - 2 * pad ? s * 9 / 10 : w - 2 * pad;
    struct ui_element title = {.id = "idle.title",
                               .role = UI_TITLE,
                               .rect = {0, 0, bw - 2 * pad, s / 8},
                               .text = app_str(app, "idle.title"),
                               .align = TEXT_ALIGN_CENTER,
                               .no_mirror = true};
    int title_h = ui_text_height(ui, &title);
    if (title_h < s / 8)
        title_h = s / 8;
    int count_h = s / 7, button_h = s / 8;
    int box_h = pad + title_h + count_h + button_h + 2 * pad;
    SDL_Rect box = {(w - bw) / 2, (h - box_h) / 2, bw, box_h};
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = box, .no_mirror = true});
    title.rect = (SDL_Rect){box.x + pad, box.y + pad, bw - 2 * pad, title_h};
    ui_add(ui, &title);
    char secs[16];
    snprintf(secs, sizeof(secs), "%d", app->idle_shown_s);
    ui_add(ui, &(struct ui_element){
                   .id = "idle.countdown",
                   .role = UI_LABEL,
                   .rect = {box.x + pad, title.rect.y + title_h, bw - 2 * pad, count_h},
                   .text = secs,
                   .lang = "nl",
                   .text_px = count_h * 6 / 10,
                   .fg = ui_color_accent(),
                   .align = TEXT_ALIGN_CENTER,
                   .max_lines = 1,
                   .no_mirror = true});
    ui_add(ui, &(struct ui_element){
                   .id = "idle.continue",
                   .role = UI_BUTTON,
                   .primary = true,
                   .rect = {box.x + pad, box.y + box.h - pad - button_h, bw - 2 * pad, button_h},
                   .text = app_str(app, "idle.continue"),
                   .icon = UI_ICON_CHECK,
                   .align = TEXT_ALIGN_CENTER,
                   .max_lines = 1,
                   .no_mirror = true});
}

static int access_bar_height(const struct ui *ui)
{
    int s = ui_width(ui) < ui_height(ui) ? ui_width(ui) : ui_height(ui);
    return ui_min_target(ui) + s / 50;
}

/* Speaker (when the screen has something to say in a voice we have), large text, high
 * contrast: one row along the bottom, centred, clear of the staff corners. */
static void add_access_bar(struct app *app, int bar)
{
    struct ui *ui = app->ui;
    int w = ui_width(ui), h = ui_height(ui) + bar, t = ui_min_target(ui);
    int bw = t * 3 / 2, gap = t / 3;
    struct screen_speech sp;
    bool speak = screen_speech(app, &sp);
    int count = speak ? 3 : 2;
    int x = (w - count * bw - (count - 1) * gap) / 2, y = h - bar + (bar - t) / 2;
    if (speak) {
        ui_add(ui, &(struct ui_element){.id = "access.speak",
                                        .role = UI_BUTTON,
                                        .rect = {x, y, bw, t},
                                        .icon = UI_ICON_SPEAKER,
                                        .primary = app_speaking(app)});
        x += bw + gap;
    }
    ui_add(ui, &(struct ui_element){.id = "access.large",
                                    .role = UI_BUTTON,
                                    .rect = {x, y, bw, t},
                                    .text = "A+",
                                    .lang = "nl",
                                    .align = TEXT_ALIGN_CENTER,
                                    .max_lines = 1,
                                    .primary = app->session.large_text});
    x += bw + gap;
    ui_add(ui, &(struct ui_element){.id = "access.contrast",
                                    .role = UI_BUTTON,
                                    .rect = {x, y, bw, t},
                                    .icon = UI_ICON_CONTRAST,
                                    .primary = app->session.high_contrast});
}

/* The staff corner's hold: a bar that fills towards 5 s next to the finger's corner, so a
 * member of staff sees that holding works (residents rarely hold a corner that long). */
static void draw_hold_progress(struct app *app)
{
    int64_t held = app->now_ms - app->hold_since;
    if (!app->hold_active || held < HOLD_STEP_MS * 3)
        return;
    int s = app->width < app->height ? app->width : app->height;
    int bw = s / 4, bh = s / 40, m = s * 8 / 100;
    int x = app->hold_x < app->width / 2 ? m : app->width - m - bw;
    int y = app->hold_y < app->height / 2 ? m : app->height - m - bh;
    SDL_Rect track = {x, y, bw, bh};
    ui_fill_rounded(app->renderer, (SDL_Rect){x - 4, y - 4, bw + 8, bh + 8}, bh / 2 + 4,
                    (SDL_Color){255, 255, 255, 255});
    ui_fill_rounded(app->renderer, track, bh / 2, (SDL_Color){200, 196, 188, 255});
    int done = (int)(bw * (held < STAFF_HOLD_MS ? held : STAFF_HOLD_MS) / STAFF_HOLD_MS);
    if (app->hold_x >= app->width / 2) /* fills from the corner's side */
        track.x += bw - done;
    track.w = done;
    ui_fill_rounded(app->renderer, track, bh / 2, ui_color_accent());
}

void app_render(struct app *app)
{
    if (app->dark) {
        if (app->dirty) {
            draw_dark(app);
            app->frames_drawn++;
        }
        app->dirty = false;
        return;
    }
    const struct screen_ops *o = ops(app);
    if (app->relayout) {
        const char *lang = o->lang ? o->lang : app->session.lang[0] ? app->session.lang : "nl";
        bool resident = resident_screen(app);
        ui_set_theme(app->ui, resident && app->session.high_contrast,
                     resident && app->session.large_text ? LARGE_TEXT_PERCENT : 100);
        ui_begin(app->ui, app->width, app->height, content_language_rtl(lang), lang);
        ui_set_text_engine(app->ui, app->text);
        int bar = resident ? access_bar_height(app->ui) : 0;
        ui_set_footer(app->ui, bar);
        if (o->layout)
            o->layout(state(app), app, app->ui);
        if (resident)
            add_access_bar(app, bar);
        if (app->idle_warning)
            add_idle_warning(app);
        ui_end(app->ui);
        app->relayout = false;
        app->dirty = true;
    }
    if (!app->dirty)
        return;
    SDL_Color bg = ui_background(app->ui);
    SDL_SetRenderDrawColor(app->renderer, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(app->renderer);
    if (o->draw)
        o->draw(state(app), app);
    ui_draw(app->ui, app->renderer, app->text);
    if (o->draw_over)
        o->draw_over(state(app), app);
    draw_hold_progress(app);
    SDL_RenderPresent(app->renderer);
    text_engine_trim(app->text);
    app->dirty = false;
    app->frames_drawn++;
}

/* The renderer and size others draw with are the display's. */
static void take_display(struct app *app)
{
    app->renderer = display_renderer(app->display);
    app->renderer_generation = display_generation(app->display);
    display_size(app->display, &app->width, &app->height);
}

bool app_open_display(struct app *app)
{
    app->display = display_new(&(struct display_options){.headless = app->opts.headless,
                                                         .windowed = app->opts.windowed,
                                                         .width = app->opts.width,
                                                         .height = app->opts.height,
                                                         .renderer = app->opts.renderer});
    if (app->display == NULL)
        return false;
    take_display(app);
    return true;
}

bool app_set_size(struct app *app, int w, int h)
{
    unsigned gen = app->renderer_generation;
    bool ok = display_resize(app->display, w, h);
    take_display(app);
    if (!ok)
        return false;
    if (gen != app->renderer_generation) {
        /* The atlas lives in the old renderer's textures: start the text engine afresh. */
        text_engine_destroy(app->text);
        app->text = text_engine_new(app->opts.fonts_list, app->renderer);
        if (app->text == NULL)
            return false;
    }
    app->relayout = true;
    app->dirty = true;
    return true;
}

int app_finger_px(float f, int size)
{
    /* A touch driver may report a finger far outside 0..1, or NaN; converting such a float
     * to int is undefined. Off the screen is all either can mean, so one pixel off it. */
    if (!(f >= -1.0f && f <= 2.0f))
        return f > 2.0f ? 2 * size : -1;
    return (int)(f * (float)size);
}

void app_handle_sdl_event(struct app *app, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        /* SDL_QUIT comes from a signal (SIGTERM from systemd: stop) or right after a
         * window-manager close (Alt+F4: ignored in kiosk mode). */
        if (app->opts.windowed || app->now_ms - app->close_request_ms > 1000 ||
            app->close_request_ms == 0) {
            LOG_INFO("asked to quit");
            app->running = false;
        } else {
            LOG_INFO("window close request ignored in kiosk mode");
        }
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_CLOSE) {
            app->close_request_ms = app->now_ms ? app->now_ms : 1;
        } else if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            if (display_update_size(app->display))
                app->relayout = true;
            take_display(app);
            app->dirty = true;
        } else if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
            app->dirty = true;
        }
        break;
    case SDL_FINGERDOWN:
        if (!app->finger_down) {
            app->finger_down = true;
            app->finger = ev->tfinger.fingerId;
            app_pointer_down(app, app_finger_px(ev->tfinger.x, app->width),
                             app_finger_px(ev->tfinger.y, app->height));
        }
        break;
    case SDL_FINGERMOTION:
        if (app->finger_down && ev->tfinger.fingerId == app->finger)
            app_pointer_move(app, app_finger_px(ev->tfinger.x, app->width),
                             app_finger_px(ev->tfinger.y, app->height));
        break;
    case SDL_FINGERUP:
        if (app->finger_down && ev->tfinger.fingerId == app->finger) {
            app->finger_down = false;
            app_pointer_up(app, app_finger_px(ev->tfinger.x, app->width),
                           app_finger_px(ev->tfinger.y, app->height));
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_MOUSEMOTION: {
        /* Touch also arrives as synthetic mouse events; the finger events carry it. */
        if (ev->button.which == SDL_TOUCH_MOUSEID)
            break;
        int x = ev->type == SDL_MOUSEMOTION ? ev->motion.x : ev->button.x;
        int y = ev->type == SDL_MOUSEMOTION ? ev->motion.y : ev->button.y;
        /* Window coordinates to pixels on high-density screens. */
        display_to_pixels(app->display, &x, &y);
        if (ev->type == SDL_MOUSEMOTION)
            app_pointer_move(app, x, y);
        else if (ev->button.button != SDL_BUTTON_LEFT)
            break;
        else if (ev->type == SDL_MOUSEBUTTONDOWN)
            app_pointer_down(app, x, y);
        else
            app_pointer_up(app, x, y);
        break;
    }
    case SDL_KEYDOWN:
        app_key(app, ev->key.keysym.sym, ev->key.keysym.mod);
        break;
    default:
        break;
    }
}
