/*
 * screen: one screen of the kiosk as a small table of functions.
 *
 * A new screen is a new file in kiosk/screens/ defining one `const struct screen_ops`, an
 * entry in enum screen_id and a line in screens_table (kiosk/screens/screens.c), which main()
 * hands to the app. Each screen
 * keeps its private state in an opaque struct made once by create().
 *
 * Life cycle: enter() when shown; layout() whenever elements must be placed again (entering,
 * a new size or orientation, a new language); event() for a tap on one of its elements or a
 * gesture; tick() when the clock passed the deadline() it asked for; draw() paints what is
 * not an element (it runs before the elements are drawn on top, draw_over() after them);
 * leave() when another
 * screen takes over. Every function but name may be NULL.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct ui;
struct ui_event;

enum screen_id {
    SCREEN_ATTRACT,
    SCREEN_LANGUAGES,
    SCREEN_TOPICS,
    SCREEN_VIDEO,
    SCREEN_CONTACT,
    SCREEN_STAFF,
    SCREEN_COUNT
};

/* What a screen's speaker button reads: message keys of <lang>/audio/ (tools/mkspeech). */
enum { SCREEN_SPEECH_MAX = 24 };
struct screen_speech {
    char keys[SCREEN_SPEECH_MAX][64];
    size_t n;
    char lang[16]; /* "" = the session's language */
};

struct screen_ops {
    const char *name; /* as in the script's expect-screen */
    const char *lang; /* a fixed language (staff mode speaks Dutch); NULL = the session's */
    void *(*create)(struct app *app);
    void (*destroy)(void *self);
    void (*enter)(void *self, struct app *app);
    void (*leave)(void *self, struct app *app);
    void (*layout)(void *self, struct app *app, struct ui *ui);
    void (*event)(void *self, struct app *app, const struct ui_event *ev);
    void (*tick)(void *self, struct app *app);
    /* Next time (app clock, ms) the screen needs tick(), or -1 for none. */
    int64_t (*deadline)(void *self, struct app *app);
    void (*draw)(void *self, struct app *app);
    /* Paints over the elements, after them (the contact card's QR code on its panel). */
    void (*draw_over)(void *self, struct app *app);
    /* True while the idle timeout must not reset the session (a playing video). */
    bool (*busy)(void *self, struct app *app);
    /* What the speaker button reads now; NULL or nothing added = no speaker button. */
    void (*speech)(void *self, struct app *app, struct screen_speech *out);
};
