/*
 * video: the topic's explainer, played by kiosk/video/video.h with the kiosk's own controls
 * and subtitles drawn over it.
 *
 * Which file and which subtitles: kiosk/video/choice.h (own audio; else another language's
 * video with subtitles in the resident's language, Dutch first; else Dutch with a notice).
 * A topic without any video shows its summary and the way to the contact card instead.
 *
 * Views: playing (the picture in its display aspect, letterboxed; controls that hide after
 * 4 s without a touch and come back on a tap), ended (watch again, contact card, other
 * topics), failed (a calm message in the resident's language that stays until a tap, then
 * the topic's text), text only (summary and contact button).
 *
 * A tap shows the video's poster (kiosk/video/poster.h) in the next frame; the video's first
 * picture replaces it in place. A file that fails is followed by the other variant of the
 * same video (choice.alt) before the failure view.
 *
 * Time. In a window the main loop wakes on every picture (the player pushes app->wake_event)
 * and shows it. In headless mode the kiosk's clock is virtual while VLC plays on its own
 * clock, --video-rate times faster than real time (default 8, so tests do not wait):
 * while a video plays this screen asks for a tick every 40 ms of virtual time and, in each,
 * waits (real time, at most SYNC_BOUND_MS) until the player has reached the position the
 * virtual clock says it should be at; a player that ran ahead (a slow step such as a resize
 * or a screenshot, or drawing a frame slower than the rate allows) is held (paused) until
 * the clock catches up. So `wait 2000` in a script plays two seconds of video, taking about
 * a quarter of a real second at 8x (more when drawing is slower), and what a shot or the dump
 * shows (picture, subtitle, time) matches the virtual time to within HOLD_SLACK_MS.
 */
#define LOG_TAG "video"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "text/text.h"
#include "ui/ui.h"
#include "video/choice.h"
#include "video/poster.h"
#include "video/video.h"
#include "video/vtt.h"

enum {
    CONTROLS_HIDE_MS = 4000, /* controls hide after this long without a touch */
    HEADLESS_TICK_MS = 40,   /* virtual-time step while playing headless */
    SYNC_BOUND_MS = 3000,    /* longest real wait for the player in one headless step */
    HOLD_SLACK_MS = 150,     /* headless: a player this far ahead of the clock is held */
    POLL_MS = 250,           /* in a window: how often to look at the clock while playing */
    BACK_STEP_MS = 10000,
};

enum view { VIEW_PLAYING, VIEW_ENDED, VIEW_FAILED, VIEW_TEXT };

struct video_screen {
    struct video_player *player;
    struct vtt *subs;
    struct choice choice;
    enum view view;
    bool controls;       /* controls visible */
    bool subs_on;        /* the resident's choice, kept for the session's next videos */
    bool paused;         /* the resident paused */
    bool held;           /* headless: the player is paused because it ran ahead of the clock */
    int64_t touch_ms;    /* last touch on this screen (app clock) */
    bool tried_alt;      /* the fallback variant (choice.alt) was tried */
    SDL_Texture *poster; /* shown until the video's first picture; NULL = none */
    int poster_w, poster_h;
    unsigned poster_generation;
    const char *cue;  /* subtitle text on screen now (owned by subs), NULL = none */
    int64_t shown_s;  /* whole seconds shown in the time label */
    int64_t pos0, t0; /* headless: position at app clock t0 */
    unsigned generation;
    SDL_Rect vrect, seek; /* picture and seek bar, screen pixels */
    bool seek_rtl;        /* the seek bar fills from the right (a right-to-left session) */
};

static void wake_main_loop(void *userdata)
{
    const struct app *app = userdata;
    SDL_Event ev = {.type = app->wake_event};
    SDL_PushEvent(&ev); /* thread-safe; a full queue only drops a wake-up */
}

static void *video_create(struct app *app)
{
    struct video_screen *v = calloc(1, sizeof(*v));
    if (v == NULL)
        return NULL;
    /* libvlc starts now on its own thread, so the first tap on a topic does not wait for it
     * and the attract screen's first frame does not either. */
    v->player = video_new(&(struct video_options){
        .silent = app->opts.headless,
        .rate = app->opts.headless ? app->opts.video_rate : 1,
        .wake = app->opts.headless ? NULL : wake_main_loop,
        .userdata = app,
    });
    v->subs_on = true;
    return v;
}

static void video_screen_destroy(void *self)
{
    struct video_screen *v = self;
    if (v == NULL)
        return;
    video_destroy(v->player);
    if (v->poster != NULL)
        SDL_DestroyTexture(v->poster);
    vtt_destroy(v->subs);
    free(v);
}

/* choice.h asks for "<lang>/<relpath>"; the content module resolves it over its roots. */
static bool resolve(void *userdata, const char *relpath, char *out, size_t len)
{
    const struct content *content = userdata;
    const char *slash = strchr(relpath, '/');
    char lang[16];
    if (slash == NULL || (size_t)(slash - relpath) >= sizeof(lang))
        return false;
    memcpy(lang, relpath, (size_t)(slash - relpath));
    lang[slash - relpath] = '\0';
    char *path = content_find_file(content, lang, slash + 1);
    bool ok = path != NULL && snprintf(out, len, "%s", path) < (int)len;
    free(path);
    return ok;
}

static const char *session_lang(const struct app *app)
{
    return app->session.lang[0] ? app->session.lang : "nl";
}

static void restart_clock(struct video_screen *v, struct app *app, int64_t pos)
{
    v->pos0 = pos;
    v->t0 = app->now_ms;
}

static void show_controls(struct video_screen *v, struct app *app)
{
    v->touch_ms = app->now_ms;
    if (!v->controls) {
        v->controls = true;
        app->relayout = true;
    }
}

/*
 * The chosen file could not be played (the player logged why): the other variant of the same
 * video (720p or full size, another container) gets its turn before the resident sees a
 * failure. The failure's message stays until a tap, which shows the topic's text.
 */
static void fail_view(struct video_screen *v, struct app *app)
{
    if (!v->tried_alt && v->choice.alt[0] && v->player != NULL) {
        v->tried_alt = true;
        LOG_INFO("topic \"%s\": falling back to %s", app->session.topic, v->choice.alt);
        restart_clock(v, app, 0);
        if (video_open(v->player, v->choice.alt))
            return;
    }
    v->view = VIEW_FAILED;
    app->relayout = true;
}

static void drop_poster(struct video_screen *v)
{
    if (v->poster != NULL)
        SDL_DestroyTexture(v->poster);
    v->poster = NULL;
    v->poster_w = v->poster_h = 0;
}

/* Files in a videos folder under a name the kiosk does not play would otherwise be a silent
 * text-only topic: one line says which file and what to do. */
static void log_unused_video(struct app *app, const char *lang)
{
    static const char *const others[] = {".avi", ".mpg", ".mpeg", ".wmv", ".flv", ".3gp",
                                         ".ts",  ".ogv", ".MP4",  ".MOV", ".mts", ".m2ts"};
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        char rel[200];
        snprintf(rel, sizeof(rel), "videos/%s%s", app->session.topic, others[i]);
        char *path = content_find_file(app->content, lang, rel);
        if (path != NULL) {
            LOG_WARN("%s: not used: the kiosk plays .mp4 .m4v .mov .mkv .webm (packtool create "
                     "converts it)",
                     path);
            free(path);
            return;
        }
    }
}

static void video_enter(void *self, struct app *app)
{
    struct video_screen *v = self;
    vtt_destroy(v->subs);
    v->subs = NULL;
    v->cue = NULL;
    v->tried_alt = false;
    drop_poster(v);
    v->shown_s = -1;
    v->controls = true;
    v->paused = v->held = false;
    v->touch_ms = app->now_ms;
    restart_clock(v, app, 0);

    const char *langs[32];
    size_t n = screens_languages(app, langs, 32);
    /* 720p where the screen is smaller than 1080p: less to decode, nothing lost. */
    bool small = (app->width < app->height ? app->width : app->height) < 1000;
    if (!choice_pick(resolve, app->content, app->session.topic, session_lang(app), langs, (int)n,
                     small, &v->choice)) {
        LOG_INFO("topic \"%s\" has no video; showing its text", app->session.topic);
        log_unused_video(app, session_lang(app));
        if (strcmp(session_lang(app), "nl") != 0)
            log_unused_video(app, "nl");
        v->view = VIEW_TEXT;
        return;
    }
    /* The poster first: it is on screen in the frame after the tap, long before libvlc's
     * first picture, and the video takes its place without a black frame between. */
    if (v->choice.poster[0] && app->renderer != NULL) {
        v->poster = poster_load(app->renderer, v->choice.poster, &v->poster_w, &v->poster_h);
        v->poster_generation = app->renderer_generation;
    }
    if (v->choice.subs[0])
        v->subs = vtt_load(v->choice.subs); /* a bad file logs itself; the video still plays */
    v->view = VIEW_PLAYING;
    if (v->player == NULL || !video_open(v->player, v->choice.video))
        fail_view(v, app);
    if (v->view == VIEW_FAILED)
        return;
    app_count(app, APP_COUNT_VIDEO_STARTED); /* anonymous usage figures */
}

static void video_leave(void *self, struct app *app)
{
    (void)app;
    struct video_screen *v = self;
    if (v->player != NULL)
        video_stop(v->player);
    drop_poster(v);
}

/* Playing as the resident sees it (a headless hold is still playing). */
static bool playing(struct video_screen *v)
{
    enum video_state s = video_poll(v->player);
    return v->view == VIEW_PLAYING && !v->paused &&
           (s == VIDEO_PLAYING || s == VIDEO_OPENING || (s == VIDEO_PAUSED && v->held));
}

static void format_time(char *buf, size_t len, int64_t ms)
{
    int64_t s = ms / 1000;
    snprintf(buf, len, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

/* ---- layout ---- */

/* The picture's display size: the player's once a file is open, the poster's before. */
static void picture_size(struct video_screen *v, int *w, int *h)
{
    video_picture_size(v->player, w, h);
    if ((*w <= 0 || *h <= 0) && v->poster != NULL) {
        *w = v->poster_w;
        *h = v->poster_h;
    }
}

/* The picture's rectangle: letterboxed into the area, keeping the video's aspect ratio. */
static SDL_Rect letterbox(SDL_Rect area, int vw, int vh)
{
    if (vw <= 0 || vh <= 0) {
        vw = 16;
        vh = 9;
    }
    SDL_Rect r = area;
    if ((int64_t)area.w * vh > (int64_t)area.h * vw) {
        r.w = (int)((int64_t)area.h * vw / vh);
        r.x = area.x + (area.w - r.w) / 2;
    } else {
        r.h = (int)((int64_t)area.w * vh / vw);
        r.y = area.y + (area.h - r.h) / 2;
    }
    return r;
}

/* The topic's title: between back and home when it fits there on one line, else on a row
 * of its own under them, up to as many lines as it needs. *el is filled; returns the bottom
 * of the header. */
static int place_title(struct app *app, struct ui *ui, int t, int margin, bool on_black,
                       struct ui_element *el)
{
    struct content_topic topic;
    int w = ui_width(ui);
    int top = t + 2 * margin;
    memset(el, 0, sizeof(*el));
    if (!content_topic(app->content, session_lang(app), app->session.topic, &topic) ||
        topic.title[0] == '\0')
        return top;
    int bw = ui_nav_width(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
    *el =
        (struct ui_element){.id = "title",
                            .role = UI_TITLE,
                            .rect = {t / 4 + bw + margin, t / 4, w - 2 * (t / 4 + bw + margin), t},
                            .text = topic.title,
                            .align = TEXT_ALIGN_CENTER,
                            .max_lines = 1,
                            .text_px = t * 45 / 100};
    if (on_black)
        el->fg = (SDL_Color){255, 255, 255, 255};
    if (el->rect.w > t && ui_text_fits(ui, el))
        return top;
    el->rect = (SDL_Rect){margin, top, w - 2 * margin, t};
    el->max_lines = 0;
    el->rect.h = ui_text_height(ui, el);
    return top + el->rect.h + margin / 2;
}

/* A dark box with one message, centred. */
static void add_message(struct ui *ui, const char *id, const char *text, SDL_Rect box)
{
    int pad = box.h / 8;
    struct ui_element label = {.id = id,
                               .role = UI_LABEL,
                               .rect = {box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad},
                               .text = text,
                               .align = TEXT_ALIGN_CENTER,
                               .no_mirror = true};
    int need = ui_text_height(ui, &label);
    if (need > label.rect.h) { /* the box grows around its text */
        box.h = need + 2 * pad;
        label.rect.h = need;
    }
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = box, .no_mirror = true});
    ui_add(ui, &label);
}

static void layout_text_only(struct app *app, struct ui *ui, int top, int margin)
{
    struct content_topic t;
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    if (!content_topic(app->content, session_lang(app), app->session.topic, &t))
        return;
    ui_add(ui, &(struct ui_element){
                   .id = "summary",
                   .role = UI_LABEL,
                   .rect = {margin, top + margin, w - 2 * margin, h - top - 3 * margin - s / 8},
                   .text = t.summary});
    ui_add(ui, &(struct ui_element){.id = "contact",
                                    .role = UI_BUTTON,
                                    .primary = true,
                                    .rect = {margin, h - margin - s / 8, w - 2 * margin, s / 8},
                                    .text = app_str(app, "contact.button"),
                                    .icon = UI_ICON_CONTACT,
                                    .align = TEXT_ALIGN_CENTER,
                                    .max_lines = 1});
}

/* The end view: the last picture stays, dimmed to black, so none of its words show around
 * the three buttons (one column, as wide as the longest label needs). */
static void layout_ended(struct app *app, struct ui *ui, int top, int margin)
{
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int bh = s / 8, bw = w > h ? w / 2 : w - 2 * margin;
    ui_add(ui, &(struct ui_element){.role = UI_BUTTON,
                                    .rect = {0, 0, w, h},
                                    .bg = {10, 15, 20, 235},
                                    .no_mirror = true});
    static const struct {
        const char *id, *key, *pictogram;
        enum ui_icon icon;
        bool primary;
    } buttons[] = {{"replay", "video.replay", NULL, UI_ICON_PLAY, true},
                   {"contact", "contact.button", NULL, UI_ICON_CONTACT, false},
                   {"other_topics", "video.other_topics", NULL, UI_ICON_BACK, false}};
    struct ui_element els[3];
    for (size_t i = 0; i < 3; i++) {
        els[i] = (struct ui_element){.id = buttons[i].id,
                                     .role = UI_BUTTON,
                                     .rect = {(w - bw) / 2, 0, bw, bh},
                                     .text = app_str(app, buttons[i].key),
                                     .icon = buttons[i].icon,
                                     .primary = buttons[i].primary,
                                     .align = TEXT_ALIGN_CENTER,
                                     .max_lines = 1};
        int need = ui_text_width(ui, &els[i]);
        if (need > bw)
            bw = need < w - 2 * margin ? need : w - 2 * margin;
    }
    int y = top + (h - top - 3 * bh - 2 * margin) / 2;
    for (size_t i = 0; i < 3; i++) {
        els[i].rect = (SDL_Rect){(w - bw) / 2, y, bw, bh};
        if (!ui_text_fits(ui, &els[i])) {
            els[i].max_lines = 0;
            els[i].rect.h = ui_text_height(ui, &els[i]);
        }
        ui_add(ui, &els[i]);
        y += els[i].rect.h + margin;
    }
}

/* The cue, large, on a dark box that hugs the text at the bottom of the picture (above the
 * controls when they cover it); at most two lines. The box sits at the start side of the
 * cue's own direction: an Arabic cue is right-aligned, a Dutch one left-aligned. */
static void add_subtitle(struct video_screen *v, struct app *app, struct ui *ui, int bottom)
{
    int s = ui_width(ui) < ui_height(ui) ? ui_width(ui) : ui_height(ui);
    int px = s * 52 / 1000;
    int pad = s / 60; /* the ui's own padding inside a subtitle box */
    int margin = v->vrect.w / 20;
    int maxw = v->vrect.w - 2 * margin;
    struct text_style st = {.size_px = px,
                            .max_width = 0,
                            .max_lines = 2,
                            .dir = TEXT_DIR_AUTO,
                            .align = TEXT_ALIGN_START,
                            .fit = TEXT_FIT_WRAP,
                            .lang = v->choice.subs_lang};
    int bw = maxw, th = 2 * px * 13 / 10;
    bool rtl = false;
    if (app->text != NULL) {
        const struct text_layout *one = text_engine_layout(app->text, v->cue, &st);
        rtl = text_layout_dir(one) == TEXT_DIR_RTL;
        if (text_layout_width(one) + 2 * pad + 4 <= maxw) {
            bw = text_layout_width(one) + 2 * pad + 4;
            th = text_layout_height(one);
        } else {
            st.max_width = maxw - 2 * pad;
            th = text_layout_height(text_engine_layout(app->text, v->cue, &st));
        }
    }
    int bh = th + pad * 2;
    int x = rtl ? v->vrect.x + v->vrect.w - margin - bw : v->vrect.x + margin;
    ui_add(ui, &(struct ui_element){.id = "subtitle",
                                    .role = UI_SUBTITLE,
                                    .rect = {x, bottom - bh - pad, bw, bh},
                                    .text = v->cue,
                                    .lang = v->choice.subs_lang,
                                    .text_px = px,
                                    .max_lines = 2,
                                    .align = TEXT_ALIGN_START,
                                    .bg = {0, 0, 0, 200},
                                    .no_mirror = true});
}

/* The control buttons of the playing view, their rects still to be placed by ui_add_row. */
static int control_buttons(struct video_screen *v, struct app *app, int t, struct ui_element *els)
{
    bool paused = v->paused;
    int n = 0;
    els[n++] = (struct ui_element){.id = paused ? "play" : "pause",
                                   .role = UI_BUTTON,
                                   .primary = true,
                                   .rect = {0, 0, t, t},
                                   .text = app_str(app, paused ? "video.play" : "video.pause"),
                                   .icon = paused ? UI_ICON_PLAY : UI_ICON_PAUSE,
                                   .align = TEXT_ALIGN_CENTER,
                                   .max_lines = 1};
    els[n++] = (struct ui_element){.id = "back10",
                                   .role = UI_BUTTON,
                                   .rect = {0, 0, t, t},
                                   .text = app_str(app, "video.back10"),
                                   .icon = UI_ICON_REWIND,
                                   .align = TEXT_ALIGN_CENTER,
                                   .max_lines = 1};
    /* Where to go next is never more than one tap away, also while watching. */
    els[n++] = (struct ui_element){.id = "contact",
                                   .role = UI_BUTTON,
                                   .rect = {0, 0, t, t},
                                   .text = app_str(app, "contact.button"),
                                   .icon = UI_ICON_CONTACT,
                                   .align = TEXT_ALIGN_CENTER,
                                   .max_lines = 1};
    if (v->subs != NULL)
        els[n++] = (struct ui_element){.id = "subtitles",
                                       .role = UI_BUTTON,
                                       .primary = v->subs_on,
                                       .rect = {0, 0, t, t},
                                       .text = app_str(app, "video.subtitles"),
                                       .icon = UI_ICON_SUBTITLES,
                                       .align = TEXT_ALIGN_CENTER,
                                       .max_lines = 1};
    return n;
}

static void layout_playing(struct video_screen *v, struct app *app, struct ui *ui, int top, int t,
                           int margin)
{
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    bool wide = w > h;
    int seek_h = t * 7 / 10;
    struct ui_element els[4];
    int n = control_buttons(v, app, t, els);
    SDL_Rect row_area = {margin, 0, w - 2 * margin, t};
    int rows_h = ui_row_height(ui, els, n, row_area, margin / 2);
    int ctrl_h = v->controls ? seek_h + rows_h + 2 * margin : 0;
    /* The notice sits in a band of its own under the header, never over the picture. */
    int notice_h = v->controls && v->choice.notice ? t * 12 / 10 + margin / 2 : 0;
    /* Portrait: subtitles under the picture, so they never cover the slide's own words. */
    int px = s * 52 / 1000, pad = s / 60;
    int sub_h = wide ? 0 : 2 * px * 17 / 10 + 2 * pad + margin;
    int vw, vh;
    picture_size(v, &vw, &vh);
    /* Landscape: the picture takes the whole screen and the controls lie over it. Portrait:
     * the picture sits under the header and the controls under the picture. */
    SDL_Rect area =
        wide ? (SDL_Rect){0, notice_h ? top + notice_h : 0, w, notice_h ? h - top - notice_h : h}
             : (SDL_Rect){0, top + notice_h, w, h - top - notice_h - ctrl_h - sub_h - margin};
    v->vrect = letterbox(area, vw, vh);
    if (!wide) /* picture, subtitles and controls together, centred under the header */
        v->vrect.y =
            top + notice_h + (h - top - notice_h - (v->vrect.h + sub_h + margin + ctrl_h)) / 2;
    ui_add(ui, &(struct ui_element){
                   .id = "video", .role = UI_LABEL, .rect = v->vrect, .no_mirror = true});

    int ctrl_y = wide ? h - ctrl_h : v->vrect.y + v->vrect.h + sub_h + margin;
    int sub_bottom = wide ? v->vrect.y + v->vrect.h : v->vrect.y + v->vrect.h + sub_h;
    if (v->controls) {
        if (wide) { /* dark bands under the header and the controls keep them readable */
            ui_add(ui, &(struct ui_element){.role = UI_PANEL,
                                            .rect = {0, 0, w, top + notice_h},
                                            .bg = {10, 15, 20, 235},
                                            .no_mirror = true});
            ui_add(ui, &(struct ui_element){.role = UI_PANEL,
                                            .rect = {0, ctrl_y, w, ctrl_h},
                                            .bg = {10, 15, 20, 235},
                                            .no_mirror = true});
            if (sub_bottom > ctrl_y)
                sub_bottom = ctrl_y;
        }
        /* Seek bar and time: mirrored with the layout in a right-to-left session, so time
         * runs the way the resident reads. */
        char now[16], len[16], label[40];
        int64_t pos = video_time_ms(v->player);
        format_time(now, sizeof(now), pos);
        format_time(len, sizeof(len), video_length_ms(v->player));
        snprintf(label, sizeof(label), "%s / %s", now, len);
        v->shown_s = pos / 1000;
        struct ui_element time = {.id = "time",
                                  .role = UI_LABEL,
                                  .rect = {0, ctrl_y + margin / 2, t, seek_h},
                                  .text = label,
                                  .lang = "nl",
                                  .fg = {255, 255, 255, 255},
                                  .align = TEXT_ALIGN_CENTER,
                                  .max_lines = 1};
        int tw = ui_text_width(ui, &time) + margin;
        time.rect.x = w - margin - tw;
        time.rect.w = tw;
        SDL_Rect seek = {margin, ctrl_y + margin / 2, w - 3 * margin - tw, seek_h};
        v->seek = seek;
        v->seek_rtl = ui_rtl(ui);
        if (v->seek_rtl)
            v->seek.x = w - seek.x - seek.w;
        ui_add(ui, &(struct ui_element){.id = "seek", .role = UI_PICTOGRAM, .rect = seek});
        ui_add(ui, &time);
        row_area.y = ctrl_y + margin / 2 + seek_h + margin / 2;
        ui_add_row(ui, els, n, row_area, margin / 2);
        if (v->choice.notice)
            add_message(ui, "notice", app_str(app, "video.not_in_language"),
                        (SDL_Rect){margin, top, w - 2 * margin, t * 12 / 10});
    }
    if (v->subs_on && v->cue != NULL)
        add_subtitle(v, app, ui, sub_bottom);
}

static void video_layout(void *self, struct app *app, struct ui *ui)
{
    struct video_screen *v = self;
    int w = ui_width(ui), h = ui_height(ui);
    int t = ui_min_target(ui), margin = t / 4;
    bool on_black = v->view == VIEW_PLAYING || v->view == VIEW_ENDED;
    if (on_black)
        ui_set_background(ui, (SDL_Color){0, 0, 0, 255});
    struct ui_element title;
    int top = place_title(app, ui, t, margin, on_black, &title);
    if (v->view == VIEW_PLAYING) {
        layout_playing(v, app, ui, top, t, margin);
    } else if (v->view == VIEW_ENDED) {
        int vw, vh;
        picture_size(v, &vw, &vh);
        v->vrect = letterbox((SDL_Rect){0, 0, w, h}, vw, vh);
        layout_ended(app, ui, top, margin);
    } else if (v->view == VIEW_FAILED) {
        v->vrect = (SDL_Rect){0, 0, 0, 0};
        int s = w < h ? w : h;
        add_message(
            ui, "message", app_str(app, "video.failed"),
            (SDL_Rect){w / 2 - s * 45 / 100, top + (h - top) / 2 - s / 6, s * 9 / 10, s / 3});
    } else {
        v->vrect = (SDL_Rect){0, 0, 0, 0};
        layout_text_only(app, ui, top, margin);
    }
    /* The header (back, title, home) comes and goes with the controls. */
    if (v->view != VIEW_PLAYING || v->controls) {
        ui_add_nav(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
        if (title.text != NULL)
            ui_add(ui, &title);
    }
}

/* ---- time ---- */

/* Headless: let the real player catch up with the virtual clock (see the top of the file). */
static void sync_headless(struct video_screen *v, struct app *app)
{
    if (!app->opts.headless || !playing(v))
        return;
    int64_t want = v->pos0 + (app->now_ms - v->t0);
    int64_t t = video_time_ms(v->player);
    if (v->held) {
        if (t > want + HOLD_SLACK_MS / 2)
            return; /* still ahead: stay held */
        video_play(v->player);
        v->held = false;
    } else if (t > want + HOLD_SLACK_MS) {
        /* Slow steps (a resize, a screenshot) take real time while the virtual clock stands
         * still, so the player can run ahead: hold it until the clock catches up. */
        video_pause(v->player);
        v->held = true;
        return;
    }
    video_wait_until(v->player, want, SYNC_BOUND_MS);
}

static void video_tick(void *self, struct app *app)
{
    struct video_screen *v = self;
    if (v->view != VIEW_PLAYING)
        return;
    if (app->renderer_generation != v->generation) {
        video_forget_texture(v->player); /* freed with the old renderer */
        v->generation = app->renderer_generation;
    }
    sync_headless(v, app);
    if (video_update(v->player, app->renderer))
        app_invalidate(app);
    enum video_state st = video_poll(v->player);
    if (st == VIDEO_FAILED) {
        fail_view(v, app);
        return;
    }
    if (v->poster != NULL && video_texture(v->player, NULL, NULL) != NULL)
        drop_poster(v); /* the video's own picture has taken over */
    if (st == VIDEO_ENDED) {
        app_count(app, APP_COUNT_VIDEO_FINISHED);
        v->view = VIEW_ENDED;
        v->cue = NULL;
        app->relayout = true;
        return;
    }
    if (playing(v) && st != VIDEO_OPENING) {
        /* Watching is not idling: the idle timeout counts from the end or the pause. */
        app->last_input_ms = app->now_ms;
        if (v->controls && app->now_ms - v->touch_ms >= CONTROLS_HIDE_MS) {
            v->controls = false;
            app->relayout = true;
        }
    }
    int64_t pos = video_time_ms(v->player);
    const char *cue = v->subs != NULL ? vtt_text_at(v->subs, pos) : NULL;
    if (cue != v->cue || (v->controls && pos / 1000 != v->shown_s)) {
        v->cue = cue;
        app->relayout = true;
    }
}

static int64_t video_deadline(void *self, struct app *app)
{
    struct video_screen *v = self;
    if (v->view != VIEW_PLAYING)
        return -1;
    if (app->opts.headless)
        return app->now_ms + HEADLESS_TICK_MS;
    /* In a window every picture wakes the loop; this only keeps the clock and the controls'
     * timeout going. */
    int64_t d = app->now_ms + POLL_MS;
    if (v->controls && playing(v) && v->touch_ms + CONTROLS_HIDE_MS < d)
        d = v->touch_ms + CONTROLS_HIDE_MS;
    return d;
}

static bool video_busy(void *self, struct app *app)
{
    (void)app;
    struct video_screen *v = self;
    return v->player != NULL && playing(v);
}

/* ---- drawing and input ---- */

static void video_draw(void *self, struct app *app)
{
    struct video_screen *v = self;
    SDL_Renderer *r = app->renderer;
    if (v->view != VIEW_PLAYING && v->view != VIEW_ENDED)
        return;
    SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
    SDL_RenderClear(r);
    SDL_Texture *tex = video_texture(v->player, NULL, NULL);
    if (tex != NULL && app->renderer_generation == v->generation)
        SDL_RenderCopy(r, tex, NULL, &v->vrect);
    else if (v->poster != NULL && app->renderer_generation == v->poster_generation)
        SDL_RenderCopy(r, v->poster, NULL, &v->vrect);
    if (v->view != VIEW_PLAYING || !v->controls)
        return;
    /* The seek bar: a track, the part played, and a knob big enough to see under a finger. */
    int64_t len = video_length_ms(v->player), pos = video_time_ms(v->player);
    SDL_Rect track = {v->seek.x, v->seek.y + v->seek.h / 2 - v->seek.h / 10, v->seek.w,
                      v->seek.h / 5};
    ui_fill_rounded(r, track, track.h / 2, (SDL_Color){200, 200, 200, 255});
    int done = len > 0 ? (int)((int64_t)track.w * (pos < len ? pos : len) / len) : 0;
    SDL_Rect played = {v->seek_rtl ? track.x + track.w - done : track.x, track.y, done, track.h};
    ui_fill_rounded(r, played, track.h / 2, ui_color_accent());
    int k = v->seek.h * 6 / 10;
    int knob = v->seek_rtl ? track.x + track.w - done : track.x + done;
    ui_fill_rounded(r, (SDL_Rect){knob - k / 2, v->seek.y + (v->seek.h - k) / 2, k, k}, k / 2,
                    (SDL_Color){255, 255, 255, 255});
}

static void seek_to_x(struct video_screen *v, struct app *app, int x)
{
    int64_t len = video_length_ms(v->player);
    if (len <= 0 || v->seek.w <= 0)
        return;
    int dx = v->seek_rtl ? v->seek.x + v->seek.w - x : x - v->seek.x;
    dx = dx < 0 ? 0 : dx > v->seek.w ? v->seek.w : dx;
    int64_t to = len * dx / v->seek.w;
    video_seek(v->player, to);
    restart_clock(v, app, to);
    v->cue = NULL;
    app->relayout = true;
}

static void video_event(void *self, struct app *app, const struct ui_event *ev)
{
    struct video_screen *v = self;
    if (ev->type == UI_EVENT_SWIPE) {
        /* A drag that started on the seek bar seeks to where the finger left it. */
        SDL_Point start = {ev->x - ev->dx, ev->y - ev->dy};
        if (v->view == VIEW_PLAYING && v->controls && SDL_PointInRect(&start, &v->seek))
            seek_to_x(v, app, ev->x);
        show_controls(v, app);
        return;
    }
    const char *id = ev->id;
    if (v->view == VIEW_FAILED) {
        /* The resident has read the message: the topic's own text, not the topic list. */
        v->view = VIEW_TEXT;
        app->relayout = true;
        return;
    }
    if (id == NULL) { /* the picture or the background: the controls come back */
        show_controls(v, app);
        return;
    }
    show_controls(v, app);
    if (strcmp(id, "contact") == 0) {
        app_go(app, SCREEN_CONTACT);
    } else if (strcmp(id, "other_topics") == 0) {
        app_back(app);
    } else if (strcmp(id, "pause") == 0) {
        video_pause(v->player);
        v->paused = true;
        v->held = false;
        app->relayout = true;
    } else if (strcmp(id, "play") == 0) {
        v->paused = false;
        v->held = false;
        video_play(v->player);
        restart_clock(v, app, video_time_ms(v->player));
        app->relayout = true;
    } else if (strcmp(id, "back10") == 0) {
        int64_t to = video_time_ms(v->player) - BACK_STEP_MS;
        to = to < 0 ? 0 : to;
        video_seek(v->player, to);
        restart_clock(v, app, to);
        app->relayout = true;
    } else if (strcmp(id, "seek") == 0) {
        seek_to_x(v, app, ev->x);
    } else if (strcmp(id, "subtitles") == 0) {
        v->subs_on = !v->subs_on;
        app->relayout = true;
    } else if (strcmp(id, "replay") == 0) {
        v->view = VIEW_PLAYING;
        v->paused = v->held = false;
        v->cue = NULL;
        video_play(v->player); /* after the end: the same file from the start */
        restart_clock(v, app, 0);
        if (video_poll(v->player) == VIDEO_FAILED)
            fail_view(v, app);
        else
            app_count(app, APP_COUNT_VIDEO_STARTED);
        app->relayout = true;
    }
}

/* The speaker button: the end view's three choices, else the topic's title and summary
 * (what the video is about, for someone who does not read the slides). */
static void video_speech(void *self, struct app *app, struct screen_speech *out)
{
    struct video_screen *v = self;
    if (v->view == VIEW_ENDED) {
        app_speech_add(out, "video.replay");
        app_speech_add(out, "contact.button");
        app_speech_add(out, "video.other_topics");
        return;
    }
    char key[96];
    snprintf(key, sizeof(key), "%s.title", app->session.topic);
    app_speech_add(out, key);
    snprintf(key, sizeof(key), "%s.summary", app->session.topic);
    app_speech_add(out, key);
}

const struct screen_ops screen_video = {
    .name = "video",
    .create = video_create,
    .destroy = video_screen_destroy,
    .enter = video_enter,
    .leave = video_leave,
    .layout = video_layout,
    .event = video_event,
    .tick = video_tick,
    .deadline = video_deadline,
    .draw = video_draw,
    .busy = video_busy,
    .speech = video_speech,
};
