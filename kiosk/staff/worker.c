#define LOG_TAG "worker"
#include "core/log.h"

#include "staff/worker.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum worker_state { WORKER_IDLE, WORKER_RUNNING, WORKER_DONE };

struct worker {
    bool run_inline;
    worker_wake_fn wake;
    void *wake_ud;

    pthread_mutex_t lock; /* guards everything below */
    enum worker_state state;
    bool joinable;
    pthread_t thread;
    char what[128];
    worker_job_fn fn;
    worker_done_fn done;
    void *job_ud;
    int result;
    int permille; /* -1: unknown */
};

struct worker *worker_new(bool run_inline, worker_wake_fn wake, void *wake_ud)
{
    struct worker *w = calloc(1, sizeof(*w));
    if (w == NULL)
        return NULL;
    if (pthread_mutex_init(&w->lock, NULL) != 0) {
        free(w);
        return NULL;
    }
    w->run_inline = run_inline;
    w->wake = wake;
    w->wake_ud = wake_ud;
    w->permille = -1;
    return w;
}

static void worker_join(struct worker *w)
{
    if (w->joinable) {
        pthread_join(w->thread, NULL);
        w->joinable = false;
    }
}

void worker_destroy(struct worker *w)
{
    if (w == NULL)
        return;
    worker_join(w);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    int result = w->fn(w, w->job_ud);
    pthread_mutex_lock(&w->lock);
    w->result = result;
    w->state = WORKER_DONE;
    pthread_mutex_unlock(&w->lock);
    if (w->wake != NULL)
        w->wake(w->wake_ud);
    return NULL;
}

bool worker_start(struct worker *w, const char *what, worker_job_fn fn, worker_done_fn done,
                  void *job_ud)
{
    assert(w != NULL && fn != NULL);
    pthread_mutex_lock(&w->lock);
    if (w->state != WORKER_IDLE) {
        pthread_mutex_unlock(&w->lock);
        return false;
    }
    worker_join(w); /* the last job's thread has ended; reap it */
    snprintf(w->what, sizeof(w->what), "%s", what ? what : "");
    w->fn = fn;
    w->done = done;
    w->job_ud = job_ud;
    w->permille = -1;
    w->state = WORKER_RUNNING;
    pthread_mutex_unlock(&w->lock);

    if (w->run_inline) {
        worker_main(w);
        return true;
    }
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        /* No thread to be had: do the work here rather than not at all. */
        LOG_WARN("no worker thread (%s); %s runs on the main loop", strerror(rc), w->what);
        worker_main(w);
        return true;
    }
    w->joinable = true;
    return true;
}

bool worker_busy(struct worker *w)
{
    if (w == NULL)
        return false;
    pthread_mutex_lock(&w->lock);
    bool busy = w->state != WORKER_IDLE;
    pthread_mutex_unlock(&w->lock);
    return busy;
}

void worker_report(struct worker *w, uint64_t done, uint64_t total)
{
    int p = total == 0 ? -1 : (int)(done >= total ? 1000 : done * 1000 / total);
    pthread_mutex_lock(&w->lock);
    /* Wake the main loop only for a step a progress bar can show. */
    bool moved = p / 5 != w->permille / 5;
    w->permille = p;
    pthread_mutex_unlock(&w->lock);
    if (moved && w->wake != NULL && !w->run_inline)
        w->wake(w->wake_ud);
}

int worker_progress(struct worker *w)
{
    pthread_mutex_lock(&w->lock);
    int p = w->state == WORKER_IDLE ? -1 : w->permille;
    pthread_mutex_unlock(&w->lock);
    return p;
}

void worker_what(struct worker *w, char *buf, int size)
{
    pthread_mutex_lock(&w->lock);
    snprintf(buf, (size_t)size, "%s", w->what);
    pthread_mutex_unlock(&w->lock);
}

bool worker_poll(struct worker *w)
{
    if (w == NULL)
        return false;
    pthread_mutex_lock(&w->lock);
    bool ended = w->state == WORKER_DONE;
    worker_done_fn done = w->done;
    void *ud = w->job_ud;
    int result = w->result;
    if (ended)
        w->state = WORKER_IDLE;
    pthread_mutex_unlock(&w->lock);
    if (!ended)
        return false;
    worker_join(w);
    /* After freeing the worker, so done may start the next job. */
    if (done != NULL)
        done(ud, result);
    return true;
}
