#define LOG_TAG "fleet"
#include "core/log.h"

#include "staff/fleet.h"

#include "pack/pack.h"
#include "staff/worker.h"
#include "stats/stats.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct fleet {
    char *inbox_dir, *outbox_dir, *kiosk_name;
    struct pack_store *store;
    struct stats *stats;
    struct worker *worker;
    struct pack_inbox *inbox;

    int64_t next_scan;   /* -1 before the first tick */
    int64_t next_outbox; /* likewise */
    bool job_running;    /* the worker runs our scan */
    bool reload_due;     /* packs came in; switch when between sessions */
    int installed;
};

static char *fleet_strdup_or_null(const char *s)
{
    return (s != NULL && s[0] != '\0') ? strdup(s) : NULL;
}

struct fleet *fleet_new(const struct fleet_options *opts, struct pack_store *store,
                        struct stats *stats, struct worker *worker)
{
    assert(opts != NULL && worker != NULL);
    struct fleet *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return NULL;
    f->inbox_dir = fleet_strdup_or_null(opts->inbox_dir);
    f->outbox_dir = fleet_strdup_or_null(opts->outbox_dir);
    f->kiosk_name = fleet_strdup_or_null(opts->kiosk_name);
    f->store = store;
    f->stats = stats;
    f->worker = worker;
    f->next_scan = f->next_outbox = -1;
    if (f->inbox_dir != NULL && store != NULL) {
        f->inbox = pack_inbox_new(f->inbox_dir);
        if (f->inbox == NULL)
            LOG_WARN("%s: inbox cannot be watched; packs there are not installed", f->inbox_dir);
        else
            LOG_INFO("watching the inbox %s for packs", f->inbox_dir);
    }
    return f;
}

void fleet_destroy(struct fleet *f)
{
    if (f == NULL)
        return;
    pack_inbox_destroy(f->inbox);
    free(f->inbox_dir);
    free(f->outbox_dir);
    free(f->kiosk_name);
    free(f);
}

static int fleet_scan_job(struct worker *w, void *ud)
{
    (void)w;
    struct fleet *f = ud;
    return pack_inbox_scan(f->inbox, f->store);
}

static void fleet_scan_done(void *ud, int result)
{
    struct fleet *f = ud;
    f->job_running = false;
    if (result > 0) {
        f->installed += result;
        f->reload_due = true;
        LOG_INFO("%d pack%s from the inbox installed", result, result == 1 ? "" : "s");
    }
}

enum fleet_outcome fleet_tick(struct fleet *f, int64_t now_ms, bool between_sessions)
{
    if (f == NULL)
        return FLEET_NOTHING;
    if (f->next_scan < 0) {
        /* The first scan a little after start: the first frame comes first. */
        f->next_scan = now_ms + 1000;
        f->next_outbox = now_ms + 1000;
    }
    if (!between_sessions)
        return FLEET_NOTHING;
    if (f->inbox != NULL && !f->job_running && now_ms >= f->next_scan) {
        f->next_scan = now_ms + FLEET_SCAN_MS;
        /* A busy worker is staff at work: try again at the next scan. */
        if (worker_start(f->worker, "inbox", fleet_scan_job, fleet_scan_done, f)) {
            f->job_running = true;
            worker_poll(f->worker); /* an inline worker (tests) has finished already */
        }
    }
    if (f->outbox_dir != NULL && now_ms >= f->next_outbox) {
        f->next_outbox = now_ms + FLEET_OUTBOX_MS;
        stats_write_outbox(f->stats, f->outbox_dir, f->kiosk_name);
    }
    if (f->reload_due) {
        f->reload_due = false;
        return FLEET_RELOAD;
    }
    return FLEET_NOTHING;
}

int64_t fleet_deadline(struct fleet *f, int64_t now_ms, bool between_sessions)
{
    if (f == NULL || !between_sessions)
        return -1;
    if (f->next_scan < 0)
        return now_ms;
    int64_t d = -1;
    if (f->inbox != NULL)
        d = f->next_scan;
    if (f->outbox_dir != NULL && (d < 0 || f->next_outbox < d))
        d = f->next_outbox;
    return d;
}

bool fleet_busy(struct fleet *f)
{
    return f != NULL && f->job_running;
}

int fleet_installed_count(const struct fleet *f)
{
    return f != NULL ? f->installed : 0;
}
