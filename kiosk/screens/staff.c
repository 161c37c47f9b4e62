/*
 * staff: staff mode. Reached by holding a corner for 5 s (app.c), opened with the staff PIN
 * on an on-screen keypad, closed by itself after 2 minutes without a touch. Speaks Dutch
 * (locales/nl/staff.po). Four tabs: installed packs with rollback, new packs from a USB stick
 * or the inbox with an install and its progress bar, every installed video to check it, and
 * the usage figures with an export to the stick.
 *
 * Element ids, for the scripted tests: staff:close, staff:key:0..9, staff:key:del,
 * staff:key:ok, staff:pin, staff:message, staff:tab:{content,new,videos,figures},
 * staff:pack:<id>, staff:rollback:<id>, staff:offer:<n>, staff:install:<n>, staff:progress,
 * staff:play:<lang>:<slug>, staff:fig:<lang|total>:{sessions,started,finished,contacts},
 * staff:export.
 */
#define LOG_TAG "staff"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "staff/pin.h"
#include "staff/staff.h"
#include "stats/stats.h"
#include "ui/ui.h"
#include "update/update.h"

enum {
    STAFF_IDLE_MS = 2 * 60 * 1000, /* staff mode closes itself */
    STAFF_RESCAN_MS = 2000,        /* looks for sticks coming and going */
    STAFF_PIN_POLL_MS = 16,        /* while the PIN is checked: a frame */
    STAFF_PROGRESS_MS = 100,       /* redraws the progress bar */
    STAFF_FIGURE_DAYS = 30,
    STAFF_MAX_PACKS = 64,
};

enum staff_phase { PHASE_PIN, PHASE_MAIN };
enum staff_tab { TAB_CONTENT, TAB_NEW, TAB_VIDEOS, TAB_FIGURES, TAB_COUNT };

static const char *const tab_names[TAB_COUNT] = {"content", "new", "videos", "figures"};

struct staff_screen;

/* What a done callback needs; lives in the screen's state, which lives as long as the app. */
struct staff_job {
    struct staff_screen *st;
    struct app *app;
};

struct staff_screen {
    enum staff_phase phase;
    enum staff_tab tab;
    char digits[PIN_MAX_DIGITS + 1];
    bool pin_checking; /* a PIN is being checked on the PIN's thread */
    char message[512];
    bool checking_video;   /* went to the video screen from here: come back unlocked */
    uint64_t locked_shown; /* seconds of lockout left, as last laid out */

    unsigned offers_shown, packs_shown; /* snapshot generations last laid out */
    int64_t next_rescan;

    /* The running job (install or rollback) started here. */
    bool job_running;
    int shown_permille;
    struct staff_job job;
};

static struct staff *staff_of(struct app *app)
{
    return app->staff;
}

static const char *S(struct app *app, const char *key)
{
    return staff_str(staff_of(app), key);
}

static void *staff_create(struct app *app)
{
    struct staff_screen *st = calloc(1, sizeof(*st));
    if (st != NULL) {
        st->job.st = st;
        st->job.app = app;
    }
    return st;
}

/*
 * Fills the first "%d" or "%s" of a text from staff.po with arg. The text comes from a file,
 * so it is never used as a printf format.
 */
static void fill(char *out, size_t len, const char *text, const char *arg)
{
    const char *p = strstr(text, "%d");
    const char *q = strstr(text, "%s");
    if (p == NULL || (q != NULL && q < p))
        p = q;
    if (p == NULL)
        snprintf(out, len, "%s", text);
    else
        snprintf(out, len, "%.*s%s%s", (int)(p - text), text, arg, p + 2);
}

static void fill_int(char *out, size_t len, const char *text, long v)
{
    char num[24];
    snprintf(num, sizeof(num), "%ld", v);
    fill(out, len, text, num);
}

/* "%s: versie %s van %s": fills the placeholders in order. */
static void fill3(char *out, size_t len, const char *text, const char *a, const char *b,
                  const char *c)
{
    char one[512], two[512];
    fill(one, sizeof(one), text, a);
    fill(two, sizeof(two), one, b);
    fill(out, len, two, c);
}

static void staff_destroy_screen(void *self)
{
    free(self);
}

/*
 * Asks for a fresh look at USB sticks and the inbox; the glob and the folder reads run on the
 * update worker, and the tick lays out again when the offers changed.
 */
static void staff_refresh(struct staff_screen *st, struct app *app)
{
    (void)st;
    update_scan_offers(app->update, staff_usb_patterns(staff_of(app)));
    update_poll(app->update); /* an inline worker (headless tests) has finished already */
}

static void staff_enter(void *self, struct app *app)
{
    struct staff_screen *st = self;
    app->last_input_ms = app->now_ms;
    if (st->checking_video) {
        /* Back from checking a video: still the same staff member. */
        st->checking_video = false;
        memset(&app->session, 0, sizeof(app->session));
        return;
    }
    st->phase = PHASE_PIN;
    st->tab = TAB_CONTENT;
    st->digits[0] = '\0';
    st->message[0] = '\0';
    if (!pin_is_set(staff_pin(staff_of(app))))
        snprintf(st->message, sizeof(st->message), "%s", S(app, "staff.pin.not_set"));
    else if (pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms) > 0)
        fill_int(st->message, sizeof(st->message), S(app, "staff.pin.locked"),
                 (long)((pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms) + 59999) /
                        60000));
}

static void staff_leave(void *self, struct app *app)
{
    /* counting resumes when the attract screen shows (app_tick) */
    struct staff_screen *st = self;
    if (!st->checking_video) {
        st->phase = PHASE_PIN;
        st->digits[0] = '\0';
        /* A check still running belongs to whoever walked away: its result is dropped. */
        if (st->pin_checking)
            pin_wait(staff_pin(staff_of(app)));
        st->pin_checking = false;
    }
}

/* ---- layout ---- */

static void add_label(struct ui *ui, const char *id, SDL_Rect r, const char *text, int px,
                      int lines)
{
    ui_add(ui, &(struct ui_element){.id = id,
                                    .role = UI_LABEL,
                                    .rect = r,
                                    .text = text,
                                    .lang = "nl",
                                    .text_px = px,
                                    .max_lines = lines});
}

static void add_button(struct ui *ui, const char *id, SDL_Rect r, const char *text, bool primary,
                       bool scroll)
{
    ui_add(ui, &(struct ui_element){.id = id,
                                    .role = UI_BUTTON,
                                    .rect = r,
                                    .text = text,
                                    .lang = "nl",
                                    .primary = primary,
                                    .scroll = scroll,
                                    .max_lines = 2,
                                    .align = TEXT_ALIGN_CENTER});
}

static void layout_pin(struct staff_screen *st, struct app *app, struct ui *ui, int top)
{
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    bool wide = w > h;
    /* Portrait screens have room below the text: larger keys there. */
    int margin = s / 25, key = wide ? ui_min_target(ui) * 13 / 10 : w * 18 / 100, gap = margin / 2;
    int pad_w = 3 * key + 2 * gap, pad_h = 4 * key + 3 * gap;
    int text_x = margin, text_w = wide ? w - pad_w - 3 * margin : w - 2 * margin;
    int pad_x = wide ? w - margin - pad_w : (w - pad_w) / 2;
    int pad_y = wide ? top + (h - top - pad_h) / 2 : h - margin - pad_h;

    ui_add(ui, &(struct ui_element){.id = "title",
                                    .role = UI_TITLE,
                                    .rect = {text_x, top, text_w, s / 9},
                                    .text = S(app, "staff.pin.title"),
                                    .lang = "nl",
                                    .max_lines = 2});
    int y = top + s / 9 + gap;
    add_label(ui, "staff:hint", (SDL_Rect){text_x, y, text_w, s / 14}, S(app, "staff.pin.hint"), 0,
              2);
    y += s / 14 + gap;
    /* The digits typed show as dots; one per digit, never the digit itself. */
    char dots[4 * PIN_MAX_DIGITS + 1] = "";
    for (size_t i = 0; i < strlen(st->digits); i++)
        strcat(dots, i ? " \xE2\x80\xA2" : "\xE2\x80\xA2"); /* U+2022 BULLET */
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = {text_x, y, text_w, key}});
    ui_add(ui, &(struct ui_element){.id = "staff:pin",
                                    .role = UI_LABEL,
                                    .rect = {text_x + gap, y, text_w - 2 * gap, key},
                                    .text = dots,
                                    .lang = "nl",
                                    .text_px = key / 2,
                                    .align = TEXT_ALIGN_CENTER,
                                    .max_lines = 1});
    int field_y = y;
    y += key + gap;
    /* Locked after too many wrong PINs: the message counts down with the clock, a large m:ss
     * shows how long still in the PIN field (no digit can be typed), and the keypad is greyed out
     * and takes no presses. */
    int64_t locked = (int64_t)pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms);
    if (locked > 0)
        fill_int(st->message, sizeof(st->message), S(app, "staff.pin.locked"),
                 (long)((locked + 59999) / 60000));
    if (st->message[0]) {
        struct ui_element msg = {.id = "staff:message",
                                 .role = UI_LABEL,
                                 .rect = {text_x, y, text_w, key * 3 / 2},
                                 .text = st->message,
                                 .lang = "nl"};
        int need = ui_text_height(ui, &msg);
        if (need > msg.rect.h)
            msg.rect.h = need;
        ui_add(ui, &msg);
        y += msg.rect.h + gap;
    }
    if (locked > 0) {
        char left[48];
        long secs = (long)((locked + 999) / 1000);
        snprintf(left, sizeof(left), "%ld:%02ld", secs / 60, secs % 60);
        ui_add(ui, &(struct ui_element){.id = "staff:countdown",
                                        .role = UI_TITLE,
                                        .rect = {text_x + gap, field_y, text_w - 2 * gap, key},
                                        .text = left,
                                        .lang = "nl",
                                        .text_px = key * 6 / 10,
                                        .align = TEXT_ALIGN_CENTER,
                                        .max_lines = 1});
    }

    static const char *const keys[12] = {"1", "2", "3", "4",   "5", "6",
                                         "7", "8", "9", "del", "0", "ok"};
    for (int i = 0; i < 12; i++) {
        char id[32];
        snprintf(id, sizeof(id), "staff:key:%s", keys[i]);
        const char *text = i == 9    ? S(app, "staff.pin.delete")
                           : i == 11 ? S(app, "staff.pin.ok")
                                     : keys[i];
        SDL_Rect r = {pad_x + (i % 3) * (key + gap), pad_y + (i / 3) * (key + gap), key, key};
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_BUTTON,
                                        .rect = r,
                                        .text = text,
                                        .lang = "nl",
                                        .primary = i == 11,
                                        .no_mirror = true,
                                        .text_px = i == 9 ? key * 22 / 100 : key * 2 / 5,
                                        .disabled = locked > 0,
                                        .align = TEXT_ALIGN_CENTER,
                                        .max_lines = 1});
    }
}

static void format_version(uint64_t v, char *buf, size_t len)
{
    snprintf(buf, len, "%llu", (unsigned long long)v);
}

static void layout_progress(struct staff_screen *st, struct app *app, struct ui *ui, SDL_Rect r)
{
    int permille = update_progress(app->update);
    if (permille < 0)
        permille = 0;
    st->shown_permille = permille;
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = r, .no_mirror = true});
    SDL_Rect fill = {r.x, r.y, r.w * permille / 1000, r.h};
    if (fill.w > 0)
        ui_add(ui, &(struct ui_element){
                       .role = UI_PANEL, .rect = fill, .no_mirror = true, .bg = ui_color_accent()});
    char text[256];
    snprintf(text, sizeof(text), "%s %d%%", S(app, "staff.new.busy"), permille / 10);
    ui_add(ui, &(struct ui_element){.id = "staff:progress",
                                    .role = UI_LABEL,
                                    .rect = r,
                                    .text = text,
                                    .lang = "nl",
                                    .align = TEXT_ALIGN_CENTER,
                                    .max_lines = 1,
                                    .no_mirror = true});
}

/* Under the packs: how far each language's texts were checked (issue 13). An unreviewed,
 * machine-made translation is a draft, and staff should know before they point a resident
 * to it. Rows scroll with the packs; returns the next y. */
static int layout_review(struct app *app, struct ui *ui, SDL_Rect area, int y, int row, int gap)
{
    static const char *const state_keys[] = {"staff.review.none", "staff.review.second",
                                             "staff.review.native"};
    ui_add(ui, &(struct ui_element){.id = "staff:review",
                                    .role = UI_LABEL,
                                    .rect = {area.x, y, area.w, row},
                                    .text = S(app, "staff.review.title"),
                                    .lang = "nl",
                                    .max_lines = 1,
                                    .scroll = true});
    y += row;
    for (size_t l = 0; l < content_language_count(app->content); l++) {
        const char *lang = content_language(app->content, l);
        struct content_review_info r;
        if (!content_language_review(app->content, lang, &r))
            continue;
        char id[48], text[512];
        snprintf(id, sizeof(id), "staff:review:%s", lang);
        snprintf(text, sizeof(text), "%s (%s): %s%s%s", content_language_name(app->content, lang),
                 lang, S(app, state_keys[r.state]), r.date[0] ? ", " : "", r.date);
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_LABEL,
                                        .rect = {area.x, y, area.w, row},
                                        .text = text,
                                        .max_lines = 2,
                                        .scroll = true});
        y += row + gap;
    }
    return y;
}

static void layout_content(struct staff_screen *st, struct app *app, struct ui *ui, SDL_Rect area)
{
    int row = ui_min_target(ui), gap = row / 5;
    int y = area.y;
    add_label(ui, "staff:heading", (SDL_Rect){area.x, y, area.w, row},
              S(app, "staff.content.title"), 0, 1);
    y += row;
    if (st->job_running) {
        layout_progress(st, app, ui, (SDL_Rect){area.x, y, area.w, row});
        y += row + gap;
    } else if (st->message[0]) {
        add_label(ui, "staff:message", (SDL_Rect){area.x, y, area.w, row}, st->message, 0, 2);
        y += row + gap;
    }
    int list_top = y;
    size_t n_packs = 0;
    const struct pack_info *packs = update_packs(app->update, &n_packs, NULL);
    if (n_packs == 0)
        add_label(ui, "staff:empty", (SDL_Rect){area.x, y, area.w, row},
                  S(app, "staff.content.none"), 0, 2);
    int button_w = area.w / 4;
    for (size_t i = 0; i < n_packs && i < STAFF_MAX_PACKS; i++) {
        const struct pack_info *p = &packs[i];
        char id[96], text[512], version[32];
        format_version(p->version, version, sizeof(version));
        fill3(text, sizeof(text), S(app, "staff.content.row"),
              p->languages[0] ? p->languages : p->id, version, p->date);
        if (p->pending) {
            strncat(text, " ", sizeof(text) - strlen(text) - 1);
            strncat(text, S(app, "staff.content.pending"), sizeof(text) - strlen(text) - 1);
        }
        snprintf(id, sizeof(id), "staff:pack:%s", p->id);
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_LABEL,
                                        .rect = {area.x, y, area.w - button_w - gap, row},
                                        .text = text,
                                        .lang = "nl",
                                        .max_lines = 2,
                                        .scroll = true});
        if (p->previous != 0) {
            snprintf(id, sizeof(id), "staff:rollback:%s", p->id);
            add_button(ui, id, (SDL_Rect){area.x + area.w - button_w, y, button_w, row},
                       S(app, "staff.content.rollback"), false, true);
        }
        y += row + gap;
    }
    y = layout_review(app, ui, area, y, row, gap);
    ui_set_scroll_area(ui, (SDL_Rect){area.x, list_top, area.w, area.y + area.h - list_top});
}

static void layout_new(struct staff_screen *st, struct app *app, struct ui *ui, SDL_Rect area)
{
    int row = ui_min_target(ui), gap = row / 5;
    int y = area.y;
    add_label(ui, "staff:heading", (SDL_Rect){area.x, y, area.w, row}, S(app, "staff.new.title"), 0,
              1);
    y += row;
    if (st->job_running) {
        layout_progress(st, app, ui, (SDL_Rect){area.x, y, area.w, row});
        y += row + gap;
    } else if (st->message[0]) {
        add_label(ui, "staff:message", (SDL_Rect){area.x, y, area.w, row}, st->message, 0, 2);
        y += row + gap;
    }
    size_t n_offers = 0;
    const struct sources_pack *offers = update_offers(app->update, &n_offers, NULL);
    if (n_offers == 0)
        add_label(ui, "staff:empty", (SDL_Rect){area.x, y, area.w, row}, S(app, "staff.new.none"),
                  0, 2);
    int button_w = area.w / 4;
    int list_top = y;
    for (size_t i = 0; i < n_offers; i++) {
        const struct sources_pack *o = &offers[i];
        char id[48], text[512], version[32], label[256];
        format_version(o->version, version, sizeof(version));
        if (o->id[0])
            fill3(label, sizeof(label), S(app, "staff.new.row"), o->id, version, "");
        else
            snprintf(label, sizeof(label), "%s", o->name);
        /* Sizes the Dutch way: a decimal comma. */
        char size[32];
        if (o->size < 1000000)
            snprintf(size, sizeof(size), "%llu kB", (unsigned long long)(o->size + 999) / 1000);
        else
            snprintf(size, sizeof(size), "%llu,%llu MB", (unsigned long long)o->size / 1000000,
                     (unsigned long long)(o->size / 100000) % 10);
        snprintf(text, sizeof(text), "%s \xE2\x80\x94 %s (%s, %s)",
                 S(app, o->from_inbox ? "staff.new.inbox" : "staff.new.usb"), label, o->name, size);
        snprintf(id, sizeof(id), "staff:offer:%zu", i);
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_LABEL,
                                        .rect = {area.x, y, area.w - button_w - gap, row},
                                        .text = text,
                                        .lang = "nl",
                                        .max_lines = 2,
                                        .scroll = true});
        snprintf(id, sizeof(id), "staff:install:%zu", i);
        if (!st->job_running)
            add_button(ui, id, (SDL_Rect){area.x + area.w - button_w, y, button_w, row},
                       S(app, "staff.new.install"), true, true);
        y += row + gap;
    }
    ui_set_scroll_area(ui, (SDL_Rect){area.x, list_top, area.w, area.y + area.h - list_top});
}

static void layout_videos(struct staff_screen *st, struct app *app, struct ui *ui, SDL_Rect area)
{
    (void)st;
    int row = ui_min_target(ui), gap = row / 5;
    int y = area.y;
    add_label(ui, "staff:heading", (SDL_Rect){area.x, y, area.w, row}, S(app, "staff.videos.title"),
              0, 1);
    y += row;
    int list_top = y, cols = ui_width(ui) > ui_height(ui) ? 2 : 1;
    int col_w = (area.w - (cols - 1) * gap) / cols, index = 0;
    for (size_t l = 0; l < content_language_count(app->content); l++) {
        const char *lang = content_language(app->content, l);
        struct content_topic topics[64];
        size_t nt = content_topics(app->content, lang, topics, 64);
        for (size_t t = 0; t < nt; t++) {
            char rel[128];
            snprintf(rel, sizeof(rel), "videos/%s.mp4", topics[t].slug);
            char *path = content_find_file(app->content, lang, rel);
            if (path == NULL)
                continue;
            free(path);
            char id[128], text[512];
            snprintf(id, sizeof(id), "staff:play:%s:%s", lang, topics[t].slug);
            /* The language's own name and the topic's own title: staff see what residents see. */
            snprintf(text, sizeof(text), "%s (%s): %s", content_language_name(app->content, lang),
                     lang, topics[t].title);
            SDL_Rect r = {area.x + (index % cols) * (col_w + gap),
                          list_top + (index / cols) * (row + gap), col_w, row};
            ui_add(ui, &(struct ui_element){.id = id,
                                            .role = UI_BUTTON,
                                            .rect = r,
                                            .text = text,
                                            .lang = lang,
                                            .scroll = true,
                                            .max_lines = 2,
                                            .align = TEXT_ALIGN_START});
            index++;
        }
    }
    if (index == 0)
        add_label(ui, "staff:empty", (SDL_Rect){area.x, y, area.w, row},
                  S(app, "staff.videos.none"), 0, 2);
    ui_set_scroll_area(ui, (SDL_Rect){area.x, list_top, area.w, area.y + area.h - list_top});
}

struct figure_rows {
    struct ui *ui;
    struct app *app;
    SDL_Rect area;
    int row, y, col_w, first_w;
    int count;
};

static const char *const figure_cols[4] = {"sessions", "started", "finished", "contacts"};

static void figure_row(void *ud, const char *day, const char *lang, const char *topic,
                       const struct stats_counts *c)
{
    (void)day;
    (void)topic;
    struct figure_rows *fr = ud;
    bool total = lang[0] == '\0';
    const char *name =
        total ? S(fr->app, "staff.figures.total") : content_language_name(fr->app->content, lang);
    char id[64], text[160];
    snprintf(id, sizeof(id), "staff:fig:%s:lang", total ? "total" : lang);
    if (total)
        snprintf(text, sizeof(text), "%s", name);
    else
        snprintf(text, sizeof(text), "%s (%s)", name, lang);
    ui_add(fr->ui, &(struct ui_element){.id = id,
                                        .role = UI_LABEL,
                                        .rect = {fr->area.x, fr->y, fr->first_w, fr->row},
                                        .text = text,
                                        .lang = total ? "nl" : lang,
                                        .max_lines = 1,
                                        .scroll = true});
    long v[4] = {c->sessions, c->videos_started, c->videos_finished, c->contacts_shown};
    for (int i = 0; i < 4; i++) {
        snprintf(id, sizeof(id), "staff:fig:%s:%s", total ? "total" : lang, figure_cols[i]);
        snprintf(text, sizeof(text), "%ld", v[i]);
        ui_add(fr->ui, &(struct ui_element){.id = id,
                                            .role = UI_LABEL,
                                            .rect = {fr->area.x + fr->first_w + i * fr->col_w,
                                                     fr->y, fr->col_w, fr->row},
                                            .text = text,
                                            .lang = "nl",
                                            .max_lines = 1,
                                            .align = TEXT_ALIGN_CENTER,
                                            .scroll = true});
    }
    fr->y += fr->row;
    fr->count++;
}

static void layout_figures(struct staff_screen *st, struct app *app, struct ui *ui, SDL_Rect area)
{
    int row = ui_min_target(ui), gap = row / 5;
    int y = area.y;
    struct ui_element export = {.id = "staff:export",
                                .role = UI_BUTTON,
                                .rect = {0, y, row, row},
                                .text = S(app, "staff.figures.export"),
                                .lang = "nl",
                                .primary = true,
                                .align = TEXT_ALIGN_CENTER,
                                .max_lines = 1};
    int button_w = ui_text_width(ui, &export);
    if (button_w > area.w / 2) { /* the heading above, the button on a row of its own */
        add_label(ui, "staff:heading", (SDL_Rect){area.x, y, area.w, row},
                  S(app, "staff.figures.title"), 0, 1);
        y += row + gap;
        button_w = area.w;
    } else {
        add_label(ui, "staff:heading", (SDL_Rect){area.x, y, area.w - button_w - gap, row},
                  S(app, "staff.figures.title"), 0, 1);
    }
    export.rect = (SDL_Rect){area.x + area.w - button_w, y, button_w, row};
    ui_add(ui, &export);
    y += row + gap;
    if (st->message[0]) {
        add_label(ui, "staff:message", (SDL_Rect){area.x, y, area.w, row}, st->message, 0, 2);
        y += row + gap;
    }
    int first_w = area.w * 28 / 100, col_w = (area.w - first_w) / 4;
    static const char *const heads[4] = {"staff.figures.sessions", "staff.figures.started",
                                         "staff.figures.finished", "staff.figures.contacts"};
    /* Column heads: as many lines as the narrowest column needs. */
    int head_h = row;
    struct ui_element head[4];
    for (int i = 0; i < 4; i++) {
        head[i] = (struct ui_element){.role = UI_LABEL,
                                      .rect = {area.x + first_w + i * col_w, y, col_w, row},
                                      .text = S(app, heads[i]),
                                      .lang = "nl",
                                      .text_px = ui_min_target(ui) * 3 / 10,
                                      .align = TEXT_ALIGN_CENTER};
        int need = ui_text_height(ui, &head[i]);
        head_h = need > head_h ? need : head_h;
    }
    add_label(ui, NULL, (SDL_Rect){area.x, y, first_w, head_h}, S(app, "staff.figures.language"), 0,
              2);
    for (int i = 0; i < 4; i++) {
        head[i].rect.h = head_h;
        ui_add(ui, &head[i]);
    }
    y += head_h;
    int note_h = row;
    add_label(ui, "staff:note", (SDL_Rect){area.x, area.y + area.h - note_h, area.w, note_h},
              S(app, "staff.figures.note"), 0, 2);
    char from[11], today[11];
    struct stats *stats = app->stats;
    stats_today(stats, today);
    stats_days_ago(stats, STAFF_FIGURE_DAYS - 1, from);
    struct figure_rows fr = {ui, app, area, row * 3 / 4, y, col_w, first_w, 0};
    stats_by_language(stats, from, today, figure_row, &fr);
    ui_set_scroll_area(ui, (SDL_Rect){area.x, y, area.w, area.y + area.h - note_h - y});
}

static void layout_main(struct staff_screen *st, struct app *app, struct ui *ui, int top)
{
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 25, gap = margin / 2, tab_h = ui_min_target(ui);
    static const char *const tab_keys[TAB_COUNT] = {"staff.tab.content", "staff.tab.new",
                                                    "staff.tab.videos", "staff.tab.figures"};
    /* One row of tabs when their names fit, else two by two (the ui's row rule). */
    struct ui_element tabs[TAB_COUNT];
    char ids[TAB_COUNT][32];
    for (int i = 0; i < TAB_COUNT; i++) {
        snprintf(ids[i], sizeof(ids[i]), "staff:tab:%s", tab_names[i]);
        tabs[i] = (struct ui_element){.id = ids[i],
                                      .role = UI_BUTTON,
                                      .rect = {0, 0, tab_h, tab_h},
                                      .text = S(app, tab_keys[i]),
                                      .lang = "nl",
                                      .primary = (int)st->tab == i,
                                      .align = TEXT_ALIGN_CENTER,
                                      .max_lines = 1};
    }
    int tabs_h =
        ui_add_row(ui, tabs, TAB_COUNT, (SDL_Rect){margin, top, w - 2 * margin, tab_h}, gap);
    SDL_Rect area = {margin, top + tabs_h + margin, w - 2 * margin, h - top - tabs_h - 2 * margin};
    switch (st->tab) {
    case TAB_CONTENT:
        layout_content(st, app, ui, area);
        break;
    case TAB_NEW:
        layout_new(st, app, ui, area);
        break;
    case TAB_VIDEOS:
        layout_videos(st, app, ui, area);
        break;
    case TAB_FIGURES:
    default:
        layout_figures(st, app, ui, area);
        break;
    }
}

static void staff_layout(void *self, struct app *app, struct ui *ui)
{
    struct staff_screen *st = self;
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 25, target = ui_min_target(ui);
    add_button(ui, "staff:close", (SDL_Rect){margin, margin, s / 3, target}, S(app, "staff.close"),
               false, false);
    ui_add(ui, &(struct ui_element){
                   .id = "staff:title",
                   .role = UI_TITLE,
                   .rect = {margin * 2 + s / 3, margin, w - s / 3 - 3 * margin, target},
                   .text = S(app, "staff.title"),
                   .lang = "nl",
                   .align = TEXT_ALIGN_END,
                   .max_lines = 1});
    int top = margin * 2 + target;
    if (st->phase == PHASE_PIN)
        layout_pin(st, app, ui, top);
    else
        layout_main(st, app, ui, top);
}

/* ---- actions ---- */

static void pin_result_shown(struct staff_screen *st, struct app *app, enum pin_result r)
{
    struct pin *pin = staff_pin(staff_of(app));
    st->pin_checking = r == PIN_CHECKING;
    switch (r) {
    case PIN_CHECKING:
    case PIN_EMPTY:
        break;
    case PIN_OK:
        LOG_INFO("staff mode opened");
        st->phase = PHASE_MAIN;
        st->tab = TAB_CONTENT;
        st->message[0] = '\0';
        staff_refresh(st, app);
        st->next_rescan = app->now_ms + STAFF_RESCAN_MS;
        break;
    case PIN_WRONG:
        fill_int(st->message, sizeof(st->message), S(app, "staff.pin.wrong"),
                 pin_tries_left(pin, (uint64_t)app->now_ms));
        break;
    case PIN_LOCKED:
        fill_int(st->message, sizeof(st->message), S(app, "staff.pin.locked"),
                 (long)((pin_locked_ms(pin, (uint64_t)app->now_ms) + 59999) / 60000));
        break;
    case PIN_NOT_SET:
    default:
        snprintf(st->message, sizeof(st->message), "%s", S(app, "staff.pin.not_set"));
        break;
    }
    app->relayout = true;
}

/* Argon2 takes a moment: the PIN's own thread checks, the tick shows the result. */
static void pin_entered(struct staff_screen *st, struct app *app)
{
    struct pin *pin = staff_pin(staff_of(app));
    enum pin_result r = pin_submit(pin, st->digits, (uint64_t)app->now_ms);
    memset(st->digits, 0, sizeof(st->digits));
    /* Headless runs on a virtual clock: the check finishes at once, the same way every run. */
    if (r == PIN_CHECKING && app->opts.headless)
        r = pin_wait(pin);
    pin_result_shown(st, app, r);
}

static void key_pressed(struct staff_screen *st, struct app *app, const char *k)
{
    if (pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms) > 0)
        return; /* the keypad is greyed out while locked */
    size_t n = strlen(st->digits);
    if (strcmp(k, "del") == 0) {
        if (n > 0)
            st->digits[n - 1] = '\0';
    } else if (strcmp(k, "ok") == 0) {
        pin_entered(st, app);
    } else if (k[0] >= '0' && k[0] <= '9' && k[1] == '\0' && n < PIN_MAX_DIGITS) {
        st->digits[n] = k[0];
        st->digits[n + 1] = '\0';
    }
}

static void job_done(struct staff_screen *st, struct app *app, const char *key)
{
    st->job_running = false;
    snprintf(st->message, sizeof(st->message), "%s", S(app, key));
    staff_refresh(st, app);
    app->relayout = true;
}

static void install_done(void *ud, int result, const char *text)
{
    (void)text;
    struct staff_job *j = ud;
    job_done(j->st, j->app,
             result == PACK_INSTALLED   ? "staff.new.done"
             : result == PACK_UNCHANGED ? "staff.new.same"
                                        : "staff.new.refused");
}

static void rollback_done(void *ud, int result, const char *text)
{
    (void)text;
    struct staff_job *j = ud;
    job_done(j->st, j->app, result == 0 ? "staff.rollback.done" : "staff.rollback.failed");
}

static void export_done(void *ud, int result, const char *name)
{
    struct staff_job *j = ud;
    struct staff_screen *st = j->st;
    if (result == UPDATE_EXPORTED)
        fill(st->message, sizeof(st->message), S(j->app, "staff.figures.exported"), name);
    else
        snprintf(st->message, sizeof(st->message), "%s",
                 S(j->app,
                   result == UPDATE_NO_STICK ? "staff.figures.no_stick" : "staff.figures.failed"));
    j->app->relayout = true;
}

/* Installs and rollbacks queue on the update worker; the screen shows their progress. */
static void start_install(struct staff_screen *st, struct app *app, const char *path)
{
    st->job_running = true;
    st->message[0] = '\0';
    st->shown_permille = -1;
    if (!update_install(app->update, path, install_done, &st->job)) {
        st->job_running = false;
        snprintf(st->message, sizeof(st->message), "%s", S(app, "staff.new.wait"));
        return;
    }
    update_poll(app->update); /* an inline worker (headless tests) has finished already */
}

static void start_rollback(struct staff_screen *st, struct app *app, const char *id)
{
    st->job_running = true;
    st->message[0] = '\0';
    st->shown_permille = -1;
    if (!update_rollback(app->update, id, rollback_done, &st->job)) {
        st->job_running = false;
        snprintf(st->message, sizeof(st->message), "%s", S(app, "staff.new.wait"));
        return;
    }
    update_poll(app->update);
}

/* The glob, the CSV and its fsync on a slow stick run on the update worker, not here. */
static void export_figures(struct staff_screen *st, struct app *app)
{
    app_count_commit(app);
    if (!update_export(app->update, staff_usb_patterns(staff_of(app)), export_done, &st->job))
        snprintf(st->message, sizeof(st->message), "%s", S(app, "staff.figures.failed"));
    update_poll(app->update);
}

static void play_video(struct staff_screen *st, struct app *app, const char *spec)
{
    char lang[16], slug[64];
    const char *colon = strchr(spec, ':');
    if (colon == NULL || (size_t)(colon - spec) >= sizeof(lang))
        return;
    snprintf(lang, sizeof(lang), "%.*s", (int)(colon - spec), spec);
    snprintf(slug, sizeof(slug), "%s", colon + 1);
    st->checking_video = true;
    app_count_pause(app);
    app_set_language(app, lang);
    snprintf(app->session.topic, sizeof(app->session.topic), "%s", slug);
    LOG_INFO("staff checks the video %s in %s", slug, lang);
    app_go(app, SCREEN_VIDEO);
}

static void staff_event(void *self, struct app *app, const struct ui_event *ev)
{
    struct staff_screen *st = self;
    if (ev->type != UI_EVENT_TAP || ev->id == NULL)
        return;
    const char *id = ev->id;
    if (strcmp(id, "staff:close") == 0) {
        LOG_INFO("staff mode closed");
        app_reset_session(app);
        return;
    }
    if (st->phase == PHASE_PIN) {
        if (strncmp(id, "staff:key:", 10) == 0)
            key_pressed(st, app, id + 10);
        app->relayout = true;
        return;
    }
    enum staff_tab tab = st->tab;
    if (strncmp(id, "staff:tab:", 10) == 0) {
        for (int i = 0; i < TAB_COUNT; i++)
            if (strcmp(id + 10, tab_names[i]) == 0)
                st->tab = (enum staff_tab)i;
        if (!st->job_running)
            st->message[0] = '\0';
        staff_refresh(st, app);
    } else if (strncmp(id, "staff:install:", 14) == 0) {
        size_t i = strtoul(id + 14, NULL, 10), n_offers = 0;
        const struct sources_pack *offers = update_offers(app->update, &n_offers, NULL);
        if (i < n_offers && !st->job_running)
            start_install(st, app, offers[i].path);
    } else if (strncmp(id, "staff:rollback:", 15) == 0 && !st->job_running) {
        st->tab = TAB_CONTENT;
        start_rollback(st, app, id + 15);
    } else if (strcmp(id, "staff:export") == 0) {
        export_figures(st, app);
    } else if (strncmp(id, "staff:play:", 11) == 0) {
        play_video(st, app, id + 11);
        return;
    }
    if (st->tab != tab) /* another list: it starts at its top */
        ui_reset_view(app->ui);
    app->relayout = true;
}

/* ---- time ---- */

static int64_t staff_deadline_fn(void *self, struct app *app)
{
    struct staff_screen *st = self;
    int64_t d = app->last_input_ms + STAFF_IDLE_MS;
    uint64_t locked = pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms);
    if (st->phase == PHASE_PIN && locked > 0) {
        /* The countdown's next second (and the moment the keypad opens again). */
        int64_t next = app->now_ms + (int64_t)((locked - 1) % 1000) + 1;
        d = next < d ? next : d;
    }
    if (st->phase == PHASE_MAIN && st->next_rescan < d)
        d = st->next_rescan;
    if (st->job_running && app->now_ms + STAFF_PROGRESS_MS < d)
        d = app->now_ms + STAFF_PROGRESS_MS;
    if (st->pin_checking && app->now_ms + STAFF_PIN_POLL_MS < d)
        d = app->now_ms + STAFF_PIN_POLL_MS;
    return d;
}

static void staff_tick_fn(void *self, struct app *app)
{
    struct staff_screen *st = self;
    if (st->phase == PHASE_PIN &&
        st->locked_shown !=
            (pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms) + 999) / 1000) {
        st->locked_shown =
            (pin_locked_ms(staff_pin(staff_of(app)), (uint64_t)app->now_ms) + 999) / 1000;
        if (st->locked_shown == 0)
            st->message[0] = '\0'; /* open again */
        app->relayout = true;
    }
    if (app->now_ms - app->last_input_ms >= STAFF_IDLE_MS) {
        LOG_INFO("staff mode closed after %d minutes without a touch", STAFF_IDLE_MS / 60000);
        app_reset_session(app);
        return;
    }
    if (st->pin_checking) {
        enum pin_result r = pin_poll(staff_pin(staff_of(app)));
        if (r != PIN_CHECKING)
            pin_result_shown(st, app, r);
    }
    if (st->phase == PHASE_MAIN && app->now_ms >= st->next_rescan) {
        st->next_rescan = app->now_ms + STAFF_RESCAN_MS;
        if (st->tab == TAB_NEW)
            staff_refresh(st, app);
    }
    if (st->job_running) {
        int p = update_progress(app->update);
        if (p / 10 != st->shown_permille / 10)
            app->relayout = true;
    }
    /* New snapshots from the update worker: a stick came or went, a job changed the packs. */
    unsigned offers_gen = 0, packs_gen = 0;
    size_t n;
    update_offers(app->update, &n, &offers_gen);
    update_packs(app->update, &n, &packs_gen);
    if (offers_gen != st->offers_shown || packs_gen != st->packs_shown) {
        st->offers_shown = offers_gen;
        st->packs_shown = packs_gen;
        app->relayout = true;
    }
}

/* Staff mode keeps its own idle time (2 minutes), not the residents' one. */
static bool staff_busy(void *self, struct app *app)
{
    (void)self;
    (void)app;
    return true;
}

const struct screen_ops screen_staff = {
    .name = "staff",
    .lang = "nl",
    .create = staff_create,
    .destroy = staff_destroy_screen,
    .enter = staff_enter,
    .leave = staff_leave,
    .layout = staff_layout,
    .event = staff_event,
    .tick = staff_tick_fn,
    .deadline = staff_deadline_fn,
    .busy = staff_busy,
};
