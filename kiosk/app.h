/*
 * app: the one context of the kiosk, made in main() and passed down to every screen.
 *
 * It holds the modules (config, content, text engine, ui, ...), the display (a window, or
 * an off-screen surface in headless mode), the kiosk's clock (real, or virtual in headless
 * mode so scripted tests are fast and deterministic), the resident's session and navigation.
 * Screens never keep pointers into each other; they call app_go()/app_back().
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "ui/screen.h"

struct audio;
struct config;
struct content;
struct notify;
struct display;
struct schedule;
struct staff;
struct stats;
struct text_engine;
struct ui;
struct update;

struct app_options {
    const char *state_dir;  /* writable home: config, installed content, statistics */
    const char *content[8]; /* extra read-only content roots (--content), lowest first */
    int content_count;
    const char *keys_dir;   /* trusted pack keys (--keys); NULL = from the config */
    const char *assets_dir; /* fonts list, sample config, pictograms */
    const char *fonts_list; /* assets/fonts.txt */
    const char *renderer;   /* "auto", "software" or "accelerated" ([kiosk] renderer) */
    const char *script;     /* headless script */
    const char *shots_dir;  /* where `shot` writes */
    const char *audio_out;  /* headless: a WAV file of everything spoken (--audio-out) */
    bool headless;
    bool windowed; /* development mode in a window; Escape quits */
    bool dump_ui;
    int width, height; /* window or virtual screen size */
    double video_rate; /* headless: how much faster than real time videos play (--video-rate) */
};

/* The resident's session: forgotten on idle timeout. */
struct app_session {
    char lang[16];    /* chosen language tag, "" before one is chosen */
    char topic[64];   /* current topic slug, "" if none */
    char touched[16]; /* a language touched (and spoken) but not yet confirmed */
    bool large_text, high_contrast;
};

enum { APP_HISTORY_MAX = 16 };

struct app {
    struct app_options opts;

    struct config *config;
    struct content *content;
    struct text_engine *text;
    struct ui *ui;
    struct staff *staff;       /* staff mode: PIN, USB sources, its strings */
    struct update *update;     /* installed content: pack store, worker, inbox, outbox */
    struct stats *stats;       /* usage figures; screens count through app_count() */
    struct notify *notify;     /* systemd: READY=1 and the watchdog (main loop only) */
    struct schedule *schedule; /* dark screen outside opening hours */
    bool dark;                 /* the screen is dark (schedule.h); a touch wakes it */
    struct audio *audio;       /* spoken prompts (kiosk/audio) */

    struct display *display; /* the window or off-screen surface; owns the renderer */
    /* The display's renderer, its generation (bumped when the renderer is replaced: a
     * headless resize) and drawable size, kept here for every screen to draw with. */
    SDL_Renderer *renderer;
    unsigned renderer_generation;
    int width, height;
    uint32_t wake_event; /* SDL user event other threads push to wake the main loop */

    int64_t now_ms;          /* the kiosk's clock; virtual in headless mode */
    int64_t counts_since_ms; /* the oldest usage count not committed yet (or the last try) */
    bool counts_failed;      /* the last commit failed: the next try waits a minute */
    int64_t last_input_ms;   /* for the idle timeout */
    bool hold_active;        /* a finger rests on a staff corner */
    int64_t hold_since;
    int hold_x, hold_y; /* where: the hold's progress shows in that corner */
    int idle_shown_s;   /* seconds left shown by the idle prompt's countdown */
    int idle_timeout_ms;
    bool idle_warning; /* "Are you still there?" shown before the session is forgotten */

    struct app_session session;
    const struct screen_ops *const *screens; /* by enum screen_id (screens_table) */
    enum screen_id screen;
    void *screen_state[SCREEN_COUNT];
    enum screen_id history[APP_HISTORY_MAX];
    int history_len;

    int64_t press_since;  /* when the finger went down, for a long press */
    bool long_press_done; /* this press was a long press: its release taps nothing */
    bool speaking_shown;  /* the speaker button was last drawn for speech playing */
    bool finger_down;     /* the one finger we follow; others are ignored */
    SDL_FingerID finger;
    int64_t close_request_ms; /* a window-manager close (Alt+F4), ignored in kiosk mode */

    bool running;
    bool dirty;    /* something changed: draw a frame */
    bool relayout; /* size or language changed: screens place elements again */
    int frames_drawn;
};

/* Goes to a screen, remembering the current one for app_back(). */
void app_go(struct app *app, enum screen_id id);
/* Back to the previous screen (or the language screen if there is none). */
void app_back(struct app *app);
/* Forgets the session and shows the attract screen. */
void app_reset_session(struct app *app);
/* Chooses the resident's language for this session. */
void app_set_language(struct app *app, const char *lang);
/* True when the session's language is written right to left. */
bool app_rtl(const struct app *app);
/* A UI string in the session's language (falls back to Dutch, then to the key). */
const char *app_str(const struct app *app, const char *key);
/*
 * Speaks the prompts <lang>/audio/<key>.opus (made by tools/mkspeech, or recorded) in order,
 * replacing what was spoken; lang NULL = the session's. Keys without a file are skipped;
 * false when none has one. Speech stops on any change of screen and on a reset.
 */
bool app_say(struct app *app, const char *lang, const char *const *keys, size_t n);
/* True when lang (NULL = the session's) has a prompt for key: a speaker button may show. */
bool app_can_say(const struct app *app, const char *lang, const char *key);
bool app_speaking(const struct app *app);
void app_stop_speaking(struct app *app);
/* Adds a key to a speech list (ignored when full). */
void app_speech_add(struct screen_speech *sp, const char *key);
/* Asks for a frame to be drawn. */
void app_invalidate(struct app *app);
/* (Re)loads the content: the --content roots, then every installed pack on top. */
void app_load_content(struct app *app);

/* What the anonymous usage figures count (per day, the session's language and topic). */
enum app_count_what {
    APP_COUNT_SESSION,        /* a language was chosen */
    APP_COUNT_VIDEO_STARTED,  /* an explainer started playing */
    APP_COUNT_VIDEO_FINISHED, /* an explainer was watched to the end */
    APP_COUNT_CONTACT_SHOWN,  /* the contact card was shown */
};
/* Counts one event for the session's language ("nl" before one is chosen) and topic. */
void app_count(struct app *app, enum app_count_what what);
/* Staff checking a video is not a resident's use: nothing is counted until the attract screen. */
void app_count_pause(struct app *app);
/* Writes what was counted so far to the database (before an export reads it). */
void app_count_commit(struct app *app);

/* ---- the main loop's steps, shared by real input and the headless script ---- */

/* Pointer input in screen pixels (touch and mouse). */
void app_pointer_down(struct app *app, int x, int y);
void app_pointer_move(struct app *app, int x, int y);
void app_pointer_up(struct app *app, int x, int y);
/* A key with modifiers; in kiosk mode every key is ignored, --windowed quits on Escape. */
void app_key(struct app *app, SDL_Keycode key, Uint16 mods);
/* The earliest time (app clock) anything needs a tick, or -1. */
int64_t app_next_deadline(struct app *app);
/* Runs what is due at app->now_ms: idle timeout, staff-corner hold, the screen's tick. */
void app_tick(struct app *app);
/* Places elements again if needed and draws a frame if anything changed. */
void app_render(struct app *app);
/* The current screen's name. */
const char *app_screen_name(const struct app *app);
/* A finger's normalised coordinate (SDL: 0..1) in pixels of a size-pixel axis; anything
 * outside -1..2, NaN included, maps to a point just off the screen. */
int app_finger_px(float f, int size);
/* Feeds one SDL event (window, touch, mouse, key, quit) into the kiosk. */
void app_handle_sdl_event(struct app *app, const SDL_Event *ev);
/* Opens the display app->opts asks for (window, or off-screen when headless); false (logged)
 * on failure. */
bool app_open_display(struct app *app);
/* A new screen size (headless: a new virtual screen); false (logged) on failure. */
bool app_set_size(struct app *app, int w, int h);
