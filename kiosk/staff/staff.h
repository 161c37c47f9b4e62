/*
 * staff: what staff mode and the fleet need for as long as the kiosk runs: the staff PIN, the
 * usage figures, the store of installed packs, the worker that installs off the main loop,
 * the fleet (inbox and outbox) and staff mode's Dutch strings (locales/nl/staff.po).
 *
 * The app owns one (app->staff), made after the config is read; the inbox and outbox default
 * to <state>/inbox and <state>/outbox ([packs] inbox, outbox). staff_tick() runs on every
 * tick of the main loop: it hands finished jobs back, runs the fleet between sessions and
 * says when installed content changed, so the app loads its content again.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "staff/worker.h"

struct config;
struct content;
struct pack_store;
struct pin;
struct stats;

struct staff;

struct staff_options {
    const char *state_dir;
    const char *keys_dir;        /* --keys; NULL: [packs] keys from the config */
    const struct config *config; /* [staff] pin, usb; [packs] keys, inbox, outbox */
    const char *const *po_roots; /* content roots to look for nl/staff.po in, lowest first */
    int po_root_count;
    bool inline_jobs;    /* headless: jobs run at once, results are deterministic */
    worker_wake_fn wake; /* wakes the main loop from the worker thread */
    void *wake_ud;
    int64_t now_ms;
};

/* Never NULL unless memory runs out; what cannot be set up is logged and left out. */
struct staff *staff_new(const struct staff_options *opts);
void staff_destroy(struct staff *s); /* accepts NULL */

/*
 * Adds the content root of every installed pack to content, above the roots already there.
 * A pack installed but not yet loaded (pending) is confirmed when its root loads and falls
 * back to its previous version, with a log line, when it does not. Returns how many.
 */
int staff_add_pack_roots(struct staff *s, struct content *content);

struct stats *staff_stats(struct staff *s);
struct pin *staff_pin(struct staff *s);
struct pack_store *staff_store(struct staff *s); /* NULL when the state folder is unusable */
struct worker *staff_worker(struct staff *s);
const char *staff_usb_patterns(const struct staff *s);
const char *staff_inbox_dir(const struct staff *s); /* NULL when none */
const char *staff_kiosk_name(const struct staff *s);

/* A staff mode string by key ("staff.title"), never NULL (the key itself when missing). */
const char *staff_str(const struct staff *s, const char *key);

/*
 * Runs on every tick. between_sessions: the attract screen shows. Returns true when the
 * installed packs changed and the app must load its content again now.
 */
bool staff_tick(struct staff *s, int64_t now_ms, bool between_sessions);
/* The next time staff_tick() has work, or -1. */
int64_t staff_deadline(struct staff *s, int64_t now_ms, bool between_sessions);

/* Staff mode installed or rolled back a pack: content is loaded again at the next tick. */
void staff_content_changed(struct staff *s);
