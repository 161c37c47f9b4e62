/*
 * update: the one owner of installed content. It alone holds the pack store, the worker
 * thread and the inbox; every store operation (install, rollback, the roots and confirmations
 * of a content reload, the inbox scan) and every slow file job (the USB scan and export, the
 * daily outbox files) is a job on its worker, run one after the other. The main thread only
 * queues requests, reads snapshots (installed packs, packs on offer, progress) and gets done
 * callbacks from update_tick(); it never touches the store.
 *
 * A content reload, when packs changed: update_tick() returns UPDATE_RELOAD once a fresh
 * snapshot of the content roots is ready (a roots job ran pack_roots on the worker); the app
 * loads its content from update_roots() and reports each pending pack with
 * update_root_loaded(), which queues its confirmation (or its fall-back and another reload).
 * Installs from the inbox are switched in only between sessions (the attract screen);
 * staff's installs and rollbacks at once.
 *
 *   app -> update -> worker -> pack store, pack inbox, stats (own connection), sources
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pack/pack.h"
#include "staff/sources.h"

struct config;
struct update;

#define UPDATE_SCAN_MS   (10 * 1000)      /* inbox scans, between sessions */
#define UPDATE_OUTBOX_MS (10 * 60 * 1000) /* looks for a finished day to write out */

/* Called from the worker thread: wake the main loop. */
typedef void (*update_wake_fn)(void *wake_ud);

struct update_options {
    const char *state_dir;
    const char *keys_dir;        /* --keys; NULL: [packs] keys, else /etc/wegwijs/keys */
    const struct config *config; /* [packs] keys, inbox, outbox; may be NULL */
    bool inline_jobs;            /* headless: jobs run at once, results are deterministic */
    update_wake_fn wake;
    void *wake_ud;
};

/* NULL only when out of memory; a store that cannot be opened leaves no packs (logged). */
struct update *update_new(const struct update_options *opts);
/* Lets a running job end, drops queued ones; accepts NULL. */
void update_destroy(struct update *u);

enum update_event {
    UPDATE_NOTHING,
    UPDATE_RELOAD, /* new content roots are ready: load the content from update_roots() now */
};

/*
 * On every tick of the main loop: hands finished jobs back (their done callbacks run here),
 * starts inbox scans and outbox writes when due (between_sessions: the attract screen shows).
 */
enum update_event update_tick(struct update *u, int64_t now_ms, bool between_sessions);
/* The next time update_tick() has work, or -1. */
int64_t update_deadline(struct update *u, int64_t now_ms, bool between_sessions);

/* The installed packs' content roots for a content load, in load order (main thread). */
const struct pack_info *update_roots(const struct update *u, size_t *n);
/* The app loaded (ok) or could not load a pending pack's root: confirm it or fall back. */
void update_root_loaded(struct update *u, const char *id, bool ok);

/* ---- for staff mode ---- */

/* result: an enum pack_result (install), 0 or -1 (rollback), an update_export_result. */
typedef void (*update_done_fn)(void *ud, int result, const char *text);

/* Queue an install of a pack file (its .minisig beside it) or a rollback of pack id. */
bool update_install(struct update *u, const char *pack_path, update_done_fn done, void *ud);
bool update_rollback(struct update *u, const char *id, update_done_fn done, void *ud);

enum update_export_result { UPDATE_EXPORTED = 0, UPDATE_NO_STICK = 1, UPDATE_EXPORT_FAILED = -1 };
/*
 * Writes all usage figures as wegwijs-<host>-<today>.csv onto the first USB stick found with
 * the glob patterns; done gets an update_export_result and the file name. The figures counted
 * on the main thread must be committed first (app_count_commit).
 */
bool update_export(struct update *u, const char *usb_patterns, update_done_fn done, void *ud);

/* Looks for packs on USB sticks (usb_patterns) and in the inbox; the offers follow. */
void update_scan_offers(struct update *u, const char *usb_patterns);
/* Snapshots, main thread: packs on offer; changes bump *generation. */
const struct sources_pack *update_offers(const struct update *u, size_t *n, unsigned *generation);
/* The installed packs (pack_list), refreshed after every store job. */
const struct pack_info *update_packs(const struct update *u, size_t *n, unsigned *generation);

/* Progress of the running job in thousandths, -1 when unknown or idle. */
int update_progress(struct update *u);
/* True while a store job (install, rollback, inbox) is queued or runs. */
bool update_busy(struct update *u);
/* Packs installed from the inbox since start. */
int update_inbox_installed(const struct update *u);
/* The host name used in export and outbox file names. */
const char *update_kiosk_name(const struct update *u);
/* Hands out finished jobs now (an inline worker's job has finished already). */
void update_poll(struct update *u);
/* Tests and shutdown: waits until every queued job ran and hands their results out. */
void update_flush(struct update *u);
