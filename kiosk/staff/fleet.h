/*
 * fleet: what a kiosk does without staff when a municipality runs many of them over a sync
 * engine such as Syncthing. It installs packs that arrive in the inbox folder and writes each
 * finished day's usage figures as CSV into the outbox folder.
 *
 * Both happen only between sessions (the attract screen), never while a resident uses the
 * kiosk: the inbox is scanned every few seconds of the kiosk's clock, the scan and any
 * install run on the worker (so frames keep coming), and new content is switched in only when
 * the attract screen shows. A half-synced file is left alone (pack_inbox_scan() installs only
 * files whose size and time did not change since the previous scan).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct fleet;
struct pack_store;
struct stats;
struct worker;

#define FLEET_SCAN_MS   (10 * 1000)      /* inbox scans, between sessions */
#define FLEET_OUTBOX_MS (10 * 60 * 1000) /* looks for a finished day to write out */

struct fleet_options {
    const char *inbox_dir;  /* NULL or "": no inbox */
    const char *outbox_dir; /* NULL or "": no outbox */
    const char *kiosk_name; /* part of the outbox file names */
};

/* store, stats and worker stay owned by the caller and must outlive the fleet. */
struct fleet *fleet_new(const struct fleet_options *opts, struct pack_store *store,
                        struct stats *stats, struct worker *worker);
void fleet_destroy(struct fleet *f); /* accepts NULL */

enum fleet_outcome {
    FLEET_NOTHING,
    FLEET_RELOAD, /* packs were installed: load the content again now (between sessions) */
};

/*
 * Runs what is due at now_ms. between_sessions: the attract screen shows and no video plays.
 * The caller polls the shared worker (worker_poll) on every tick before this.
 */
enum fleet_outcome fleet_tick(struct fleet *f, int64_t now_ms, bool between_sessions);

/* The next time fleet_tick() has work, or -1; nothing is due outside the attract screen. */
int64_t fleet_deadline(struct fleet *f, int64_t now_ms, bool between_sessions);

/* True while an inbox job runs (staff mode waits for it). */
bool fleet_busy(struct fleet *f);

/* Packs installed from the inbox since start (for the staff screen and tests). */
int fleet_installed_count(const struct fleet *f);
