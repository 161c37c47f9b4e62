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
 * not an element (it runs before the elements are drawn on top); leave() when another
 * screen takes over. Every function but name may be NULL.
 */
#pragma once

#include <stdbool.h>
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
    /* True while the idle timeout must not reset the session (a playing video). */
    bool (*busy)(void *self, struct app *app);
};
