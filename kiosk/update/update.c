#define LOG_TAG "update"
#include "core/log.h"

#include "update/update.h"

#include "config/config.h"
#include "core/files.h"
#include "stats/stats.h"
#include "update/worker.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum update_kind {
    JOB_INSTALL,
    JOB_ROLLBACK,
    JOB_ROOTS,
    JOB_CONFIRM,
    JOB_FALL_BACK,
    JOB_INBOX,
    JOB_OFFERS,
    JOB_EXPORT,
    JOB_OUTBOX,
};

/* One queued request: its input, filled in on the main thread, and its output, filled in on the
 * worker; handed back to the main thread by worker_poll, which frees it. */
struct update_job {
    struct update *u;
    enum update_kind kind;
    char arg[PATH_MAX]; /* pack path, pack id or USB patterns */
    update_done_fn done;
    void *done_ud;

    int result;
    char text[256];
    struct pack_info *packs; /* pack_roots or pack_list after the job, when it used the store */
    size_t n_packs;
    bool have_packs;
    struct sources_pack *offers;
    size_t n_offers;
};

struct update {
    /* Set by update_new, read-only afterwards (both threads). */
    char *state_dir, *inbox_dir, *outbox_dir;
    char kiosk_name[128];
    struct worker *worker;

    /* Worker thread only (inside jobs), besides update_new before any job. */
    struct pack_store *store;
    struct pack_inbox *inbox;
    struct stats *stats; /* its own connection, for the outbox and exports */

    /* Main thread only. */
    struct pack_info *roots; /* the snapshot a content load uses */
    size_t n_roots;
    struct pack_info *packs; /* the installed packs, for staff mode */
    size_t n_packs;
    unsigned packs_generation;
    struct sources_pack *offers;
    size_t n_offers;
    unsigned offers_generation;
    bool offers_queued;
    int store_jobs;     /* store-changing jobs queued or running */
    bool reload_wanted; /* packs changed: a roots job and a reload are due */
    bool reload_urgent; /* staff changed them: reload outside the attract screen too */
    bool roots_queued;  /* a roots job is on its way */
    bool roots_ready;   /* ... and it came back: UPDATE_RELOAD */
    bool inbox_queued;
    bool outbox_queued;
    int64_t next_scan, next_outbox; /* -1 before the first tick */
    int inbox_installed;
};

static char *update_folder(const struct config *cfg, const char *key, const char *state_dir)
{
    const char *v = cfg ? config_get(cfg, "packs", key) : NULL;
    if (v != NULL && v[0] != '\0')
        return strdup(v);
    char def[PATH_MAX];
    if (snprintf(def, sizeof(def), "%s/%s", state_dir, key) >= (int)sizeof(def))
        return NULL;
    return strdup(def);
}

/* The host name: every kiosk of a fleet has its own, so its outbox files never collide. */
static void update_make_kiosk_name(struct update *u)
{
    char host[64] = "";
    if (gethostname(host, sizeof(host) - 1) != 0)
        host[0] = '\0';
    host[sizeof(host) - 1] = '\0';
    files_safe_name(host, u->kiosk_name, sizeof(u->kiosk_name), false, "kiosk");
}

struct update *update_new(const struct update_options *o)
{
    struct update *u = calloc(1, sizeof(*u));
    if (u == NULL)
        return NULL;
    const struct config *cfg = o->config;
    const char *keys = o->keys_dir ? o->keys_dir : cfg ? config_get(cfg, "packs", "keys") : NULL;
    if (keys == NULL || keys[0] == '\0')
        keys = "/etc/wegwijs/keys";
    u->state_dir = strdup(o->state_dir);
    u->inbox_dir = update_folder(cfg, "inbox", o->state_dir);
    u->outbox_dir = update_folder(cfg, "outbox", o->state_dir);
    u->worker = worker_new(o->inline_jobs, o->wake, o->wake_ud);
    u->next_scan = u->next_outbox = -1;
    update_make_kiosk_name(u);
    if (u->state_dir == NULL || u->inbox_dir == NULL || u->outbox_dir == NULL ||
        u->worker == NULL) {
        update_destroy(u);
        return NULL;
    }
    /* No job runs yet: the first roots are read here, so the first frame has its content. */
    u->store = pack_store_new(o->state_dir, keys);
    if (u->store != NULL && pack_roots(u->store, &u->roots, &u->n_roots) != 0) {
        u->roots = NULL;
        u->n_roots = 0;
    }
    /* An empty inbox to share, so a sync tool has its folder from the first start. */
    if (mkdir(u->inbox_dir, 0755) != 0 && errno != EEXIST)
        LOG_WARN("%s: cannot create the inbox folder: %s", u->inbox_dir, strerror(errno));
    if (u->store != NULL) {
        u->inbox = pack_inbox_new(u->inbox_dir);
        if (u->inbox == NULL)
            LOG_WARN("%s: inbox cannot be watched; packs there are not installed", u->inbox_dir);
        else
            LOG_INFO("watching the inbox %s for packs", u->inbox_dir);
    }
    return u;
}

void update_destroy(struct update *u)
{
    if (u == NULL)
        return;
    /* The worker first: a job may still use the store. Queued jobs' records are dropped with
     * it; what they own is only their own memory. */
    worker_destroy(u->worker);
    pack_inbox_destroy(u->inbox);
    pack_store_destroy(u->store);
    stats_destroy(u->stats);
    free(u->roots);
    free(u->packs);
    free(u->offers);
    free(u->state_dir);
    free(u->inbox_dir);
    free(u->outbox_dir);
    free(u);
}

/* ---- jobs (worker thread) ---- */

static void update_progress_cb(void *ud, uint64_t done, uint64_t total)
{
    worker_report(ud, done, total);
}

static struct stats *update_stats(struct update *u)
{
    if (u->stats == NULL)
        u->stats = stats_open(u->state_dir);
    return u->stats;
}

static int update_export_job(struct update_job *j)
{
    char *mounts[8];
    size_t n = sources_mounts(j->arg, mounts, 8);
    if (n == 0)
        return UPDATE_NO_STICK;
    char today[11], name[200], path[PATH_MAX];
    struct stats *st = update_stats(j->u);
    stats_today(st, today);
    snprintf(name, sizeof(name), "wegwijs-%s-%s.csv", j->u->kiosk_name, today);
    files_safe_name(name, j->text, sizeof(j->text), true, "wegwijs.csv");
    const char *folder = sources_export_folder(mounts, n);
    if (folder == NULL) {
        LOG_WARN("%s: no mount point among the %zu folder(s) found; not exported", j->arg, n);
        sources_free_list(mounts, n);
        return UPDATE_NO_STICK;
    }
    int len = snprintf(path, sizeof(path), "%s/%s", folder, j->text);
    sources_free_list(mounts, n);
    if (len >= (int)sizeof(path))
        return UPDATE_EXPORT_FAILED;
    if (stats_export_file(st, path, NULL, NULL) != 0)
        return UPDATE_EXPORT_FAILED;
    LOG_INFO("usage figures exported to %s", path);
    return UPDATE_EXPORTED;
}

static int update_offers_job(struct update_job *j)
{
    j->offers = calloc(SOURCES_MAX_ITEMS, sizeof(*j->offers));
    if (j->offers == NULL)
        return -1;
    char *mounts[8];
    size_t nm = sources_mounts(j->arg, mounts, 8);
    for (size_t i = 0; i < nm; i++)
        sources_find_packs(mounts[i], false, j->offers, &j->n_offers, SOURCES_MAX_ITEMS);
    sources_free_list(mounts, nm);
    sources_find_packs(j->u->inbox_dir, true, j->offers, &j->n_offers, SOURCES_MAX_ITEMS);
    return 0;
}

static int update_job_run(struct worker *w, void *ud)
{
    struct update_job *j = ud;
    struct update *u = j->u;
    int r = -1;
    bool store = false;
    switch (j->kind) {
    case JOB_INSTALL:
        r = u->store ? pack_install(u->store, j->arg, 0, update_progress_cb, w) : PACK_REFUSED;
        store = true;
        break;
    case JOB_ROLLBACK:
        r = u->store ? pack_rollback(u->store, j->arg) : -1;
        store = true;
        break;
    case JOB_ROOTS:
        if (u->store != NULL && pack_roots(u->store, &j->packs, &j->n_packs) == 0)
            j->have_packs = true;
        return 0;
    case JOB_CONFIRM:
        r = u->store ? pack_confirm(u->store, j->arg) : -1;
        store = true;
        break;
    case JOB_FALL_BACK:
        r = u->store ? pack_fall_back(u->store, j->arg, "its content folder cannot be read") : -1;
        store = true;
        break;
    case JOB_INBOX:
        r = (u->store && u->inbox) ? pack_inbox_scan(u->inbox, u->store) : 0;
        store = true;
        break;
    case JOB_OFFERS:
        return update_offers_job(j);
    case JOB_EXPORT:
        return update_export_job(j);
    case JOB_OUTBOX:
        /* The main loop's commits leave the checkpoint (an fsync) to this thread. */
        r = stats_write_outbox(update_stats(u), u->outbox_dir, u->kiosk_name);
        stats_checkpoint(update_stats(u));
        return r;
    }
    /* Staff mode shows what is installed now: the list comes back with the result. */
    if (store && u->store != NULL && pack_list(u->store, &j->packs, &j->n_packs) == 0)
        j->have_packs = true;
    return r;
}

/* ---- results (main thread) ---- */

static void update_job_done(void *ud, int result)
{
    struct update_job *j = ud;
    struct update *u = j->u;
    j->result = result;
    switch (j->kind) {
    case JOB_INSTALL:
        if (result == PACK_INSTALLED) {
            LOG_INFO("%s installed by staff", j->arg);
            u->reload_wanted = u->reload_urgent = true;
        }
        break;
    case JOB_ROLLBACK:
        if (result == 0) {
            LOG_INFO("%s rolled back by staff", j->arg);
            u->reload_wanted = u->reload_urgent = true;
        }
        break;
    case JOB_ROOTS:
        u->roots_queued = false;
        u->roots_ready = true;
        free(u->roots);
        u->roots = j->have_packs ? j->packs : NULL;
        u->n_roots = j->have_packs ? j->n_packs : 0;
        /* The roots are the list too; staff mode gets its own copy. */
        if (j->have_packs) {
            struct pack_info *copy = malloc(j->n_packs * sizeof(*copy) + 1);
            if (copy != NULL) {
                memcpy(copy, j->packs, j->n_packs * sizeof(*copy));
                free(u->packs);
                u->packs = copy;
                u->n_packs = j->n_packs;
                u->packs_generation++;
            }
        }
        j->packs = NULL;
        j->have_packs = false;
        break;
    case JOB_FALL_BACK:
        /* The previous version takes its place at once. */
        u->reload_wanted = u->reload_urgent = true;
        break;
    case JOB_INBOX:
        u->inbox_queued = false;
        if (result > 0) {
            u->inbox_installed += result;
            u->reload_wanted = true;
            LOG_INFO("%d pack%s from the inbox installed", result, result == 1 ? "" : "s");
        }
        break;
    case JOB_OFFERS:
        u->offers_queued = false;
        if (result == 0) {
            bool same = j->n_offers == u->n_offers &&
                        (j->n_offers == 0 ||
                         memcmp(j->offers, u->offers, j->n_offers * sizeof(*j->offers)) == 0);
            free(u->offers);
            u->offers = j->offers;
            u->n_offers = j->n_offers;
            j->offers = NULL;
            if (!same)
                u->offers_generation++;
        }
        break;
    case JOB_OUTBOX:
        u->outbox_queued = false;
        break;
    case JOB_CONFIRM:
    case JOB_EXPORT:
        break;
    }
    if (j->kind == JOB_INSTALL || j->kind == JOB_ROLLBACK || j->kind == JOB_INBOX ||
        j->kind == JOB_CONFIRM || j->kind == JOB_FALL_BACK)
        u->store_jobs--;
    if (j->have_packs) {
        free(u->packs);
        u->packs = j->packs;
        u->n_packs = j->n_packs;
        u->packs_generation++;
        j->packs = NULL;
    }
    if (j->done != NULL)
        j->done(j->done_ud, result, j->text[0] ? j->text : j->arg);
    free(j->packs);
    free(j->offers);
    free(j);
}

static bool update_queue(struct update *u, enum update_kind kind, const char *what, const char *arg,
                         update_done_fn done, void *done_ud)
{
    struct update_job *j = calloc(1, sizeof(*j));
    if (j == NULL) {
        LOG_ERR("out of memory queueing %s", what);
        return false;
    }
    j->u = u;
    j->kind = kind;
    j->done = done;
    j->done_ud = done_ud;
    if (arg != NULL && snprintf(j->arg, sizeof(j->arg), "%s", arg) >= (int)sizeof(j->arg)) {
        LOG_WARN("%s: %.80s...: too long", what, arg);
        free(j);
        return false;
    }
    bool store = kind == JOB_INSTALL || kind == JOB_ROLLBACK || kind == JOB_INBOX ||
                 kind == JOB_CONFIRM || kind == JOB_FALL_BACK;
    if (store)
        u->store_jobs++;
    if (!worker_submit(u->worker, what, update_job_run, update_job_done, j)) {
        if (store)
            u->store_jobs--;
        free(j);
        return false;
    }
    return true;
}

bool update_install(struct update *u, const char *pack_path, update_done_fn done, void *ud)
{
    if (u == NULL || u->store == NULL)
        return false;
    const char *slash = strrchr(pack_path, '/');
    return update_queue(u, JOB_INSTALL, slash ? slash + 1 : pack_path, pack_path, done, ud);
}

bool update_rollback(struct update *u, const char *id, update_done_fn done, void *ud)
{
    if (u == NULL || u->store == NULL)
        return false;
    return update_queue(u, JOB_ROLLBACK, id, id, done, ud);
}

bool update_export(struct update *u, const char *usb_patterns, update_done_fn done, void *ud)
{
    return u != NULL && update_queue(u, JOB_EXPORT, "export", usb_patterns, done, ud);
}

void update_scan_offers(struct update *u, const char *usb_patterns)
{
    if (u == NULL || u->offers_queued)
        return;
    u->offers_queued = update_queue(u, JOB_OFFERS, "offers", usb_patterns, NULL, NULL);
}

void update_root_loaded(struct update *u, const char *id, bool ok)
{
    if (u == NULL || u->store == NULL)
        return;
    update_queue(u, ok ? JOB_CONFIRM : JOB_FALL_BACK, id, id, NULL, NULL);
}

const struct pack_info *update_roots(const struct update *u, size_t *n)
{
    *n = u ? u->n_roots : 0;
    return u ? u->roots : NULL;
}

const struct sources_pack *update_offers(const struct update *u, size_t *n, unsigned *generation)
{
    *n = u ? u->n_offers : 0;
    if (generation != NULL)
        *generation = u ? u->offers_generation : 0;
    return u ? u->offers : NULL;
}

const struct pack_info *update_packs(const struct update *u, size_t *n, unsigned *generation)
{
    *n = u ? u->n_packs : 0;
    if (generation != NULL)
        *generation = u ? u->packs_generation : 0;
    return u ? u->packs : NULL;
}

int update_progress(struct update *u)
{
    return u ? worker_progress(u->worker) : -1;
}

bool update_busy(struct update *u)
{
    return u != NULL && u->store_jobs > 0;
}

int update_inbox_installed(const struct update *u)
{
    return u ? u->inbox_installed : 0;
}

const char *update_kiosk_name(const struct update *u)
{
    return u ? u->kiosk_name : "kiosk";
}

void update_poll(struct update *u)
{
    if (u != NULL)
        worker_poll(u->worker);
}

void update_flush(struct update *u)
{
    if (u == NULL)
        return;
    do {
        worker_wait_idle(u->worker);
    } while (worker_poll(u->worker) > 0);
}

/* ---- the main loop's tick ---- */

enum update_event update_tick(struct update *u, int64_t now_ms, bool between_sessions)
{
    if (u == NULL)
        return UPDATE_NOTHING;
    worker_poll(u->worker);
    if (u->next_scan < 0) {
        /* The first scan a little after start: the first frame comes first. */
        u->next_scan = now_ms + 1000;
        u->next_outbox = now_ms + 1000;
    }
    /*
     * The roots are read only when nothing else changes the store and the load follows at
     * once: pack_roots() counts a hand-out that the load must confirm.
     */
    if (u->reload_wanted && !u->roots_queued && u->store_jobs == 0 &&
        (between_sessions || u->reload_urgent)) {
        u->reload_wanted = u->reload_urgent = false;
        u->roots_queued = update_queue(u, JOB_ROOTS, "roots", NULL, NULL, NULL);
        worker_poll(u->worker); /* an inline worker (tests) has finished already */
    }
    if (u->roots_ready) {
        u->roots_ready = false;
        return UPDATE_RELOAD;
    }
    if (!between_sessions)
        return UPDATE_NOTHING;
    if (u->inbox != NULL && !u->inbox_queued && !u->reload_wanted && !u->roots_queued &&
        u->store_jobs == 0 && now_ms >= u->next_scan) {
        u->next_scan = now_ms + UPDATE_SCAN_MS;
        u->inbox_queued = update_queue(u, JOB_INBOX, "inbox", NULL, NULL, NULL);
        worker_poll(u->worker);
    }
    if (!u->outbox_queued && now_ms >= u->next_outbox) {
        u->next_outbox = now_ms + UPDATE_OUTBOX_MS;
        u->outbox_queued = update_queue(u, JOB_OUTBOX, "outbox", NULL, NULL, NULL);
        worker_poll(u->worker);
    }
    return UPDATE_NOTHING;
}

int64_t update_deadline(struct update *u, int64_t now_ms, bool between_sessions)
{
    if (u == NULL)
        return -1;
    /* A reload waiting for a store job is woken by that job's end, not by the clock. */
    bool reload_can_start = u->reload_wanted && !u->roots_queued && u->store_jobs == 0;
    if (u->roots_ready || (reload_can_start && u->reload_urgent))
        return now_ms;
    if (!between_sessions)
        return -1;
    if (u->next_scan < 0 || reload_can_start)
        return now_ms;
    int64_t d = u->next_outbox;
    if (u->inbox != NULL && u->next_scan < d)
        d = u->next_scan;
    return d;
}
