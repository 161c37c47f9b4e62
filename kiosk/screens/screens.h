/*
 * screens: the kiosk's screens, one file each. The table in screens.c maps enum screen_id
 * (ui/screen.h) to these.
 *
 *   attract    idle invitation to touch, cycling through every language
 *   languages  one button per language, its own name in its own script
 *   topics     one button per topic: pictogram and title
 *   video      the topic's explainer
 *   contact    where to go: phone, address, walk-in hours from the location config
 *   staff      staff mode, behind a held corner and a PIN
 */
#pragma once

#include <stddef.h>

#include "ui/screen.h"

extern const struct screen_ops screen_attract;
extern const struct screen_ops screen_languages;
extern const struct screen_ops screen_topics;
extern const struct screen_ops screen_video;
extern const struct screen_ops screen_contact;
extern const struct screen_ops screen_staff;

/* Every screen by enum screen_id; main() gives it to the app. */
extern const struct screen_ops *const screens_table[SCREEN_COUNT];

struct app;

/* The languages to offer, in order: the config's list where content exists, else all. */
size_t screens_languages(const struct app *app, const char **out, size_t max);

/* The state of a screen that shows one language after another (attract, languages): its
 * create, destroy, enter, tick and deadline functions are the ones below. */
struct screens_cycle {
    size_t shown;    /* counts up; the language shown is shown % number of languages */
    int64_t next_ms; /* when the next language is shown */
};
void *screens_cycle_create(struct app *app);
void screens_cycle_destroy(void *self);
void screens_cycle_enter(void *self, struct app *app);
void screens_cycle_tick(void *self, struct app *app);
int64_t screens_cycle_deadline(void *self, struct app *app);
