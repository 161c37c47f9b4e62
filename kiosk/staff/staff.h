/*
 * staff: what staff mode needs for as long as the kiosk runs: the staff PIN, where USB sticks
 * are looked for ([staff] usb) and staff mode's Dutch strings (locales/nl/staff.po).
 *
 * The app owns one (app->staff), made after the config is read. Installed content, the
 * worker, the inbox and the outbox belong to kiosk/update/; usage figures to the app.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct config;
struct pin;

struct staff;

struct staff_options {
    const char *state_dir;
    const struct config *config; /* [staff] pin, usb */
    const char *const *po_roots; /* content roots to look for nl/staff.po in, lowest first */
    int po_root_count;
    int64_t now_ms;
};

/* Never NULL unless memory runs out; what cannot be set up is logged and left out. */
struct staff *staff_new(const struct staff_options *opts);
void staff_destroy(struct staff *s); /* accepts NULL */

struct pin *staff_pin(struct staff *s);
const char *staff_usb_patterns(const struct staff *s);

/* A staff mode string by key ("staff.title"), never NULL (the key itself when missing). */
const char *staff_str(const struct staff *s, const char *key);
