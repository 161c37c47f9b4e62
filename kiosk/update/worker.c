#define LOG_TAG "worker"
#include "core/log.h"

#include "update/worker.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ioprio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct worker_job {
    struct worker_job *next;
    char what[128];
    worker_job_fn fn;
    worker_done_fn done;
    void *ud;
    int result;
};

struct worker {
    bool run_inline;
    worker_wake_fn wake;
    void *wake_ud;

    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t cond;  /* a job was queued or ended, or the worker stops */
    bool started, stopping;
    pthread_t thread;
    struct worker_job *queue, *queue_tail;       /* waiting to run */
    struct worker_job *finished, *finished_tail; /* ran; done not called yet */
    bool running;
    char what[128];
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
    if (pthread_cond_init(&w->cond, NULL) != 0) {
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    w->run_inline = run_inline;
    w->wake = wake;
    w->wake_ud = wake_ud;
    w->permille = -1;
    return w;
}

static void worker_free_list(struct worker_job *j)
{
    while (j != NULL) {
        struct worker_job *next = j->next;
        free(j);
        j = next;
    }
}

void worker_destroy(struct worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    if (w->started)
        pthread_join(w->thread, NULL);
    worker_free_list(w->queue);
    worker_free_list(w->finished);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* Runs one job taken off the queue; called with the lock held, returns with it held. */
static void worker_run_one(struct worker *w, struct worker_job *j)
{
    w->running = true;
    w->permille = -1;
    snprintf(w->what, sizeof(w->what), "%s", j->what);
    pthread_mutex_unlock(&w->lock);
    j->result = j->fn(w, j->ud);
    pthread_mutex_lock(&w->lock);
    w->running = false;
    j->next = NULL;
    if (w->finished_tail != NULL)
        w->finished_tail->next = j;
    else
        w->finished = j;
    w->finished_tail = j;
    pthread_cond_broadcast(&w->cond);
}

static struct worker_job *worker_take(struct worker *w)
{
    struct worker_job *j = w->queue;
    if (j != NULL) {
        w->queue = j->next;
        if (w->queue == NULL)
            w->queue_tail = NULL;
    }
    return j;
}

/*
 * The resident's frame comes first: the jobs take the CPU and the disk only when the main loop
 * and libvlc's threads leave them. Both are per thread on Linux, so only this thread (and the
 * hash threads it starts, which inherit both) is lowered. The idle I/O class matters for the
 * page-cache write-back and fsync of a 200 MB install: the default class would queue the
 * kiosk's own video reads behind it. mq-deadline still serves idle requests within seconds,
 * so an install never starves. The name shows in top -H and lets tests find the thread.
 */
static void worker_background(void)
{
    pthread_setname_np(pthread_self(), WORKER_THREAD_NAME);
    if (setpriority(PRIO_PROCESS, (id_t)gettid(), WORKER_NICE) != 0)
        LOG_DBG("cannot lower the worker's CPU priority: %s", strerror(errno));
    if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, gettid(),
                IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)) != 0)
        LOG_DBG("cannot lower the worker's I/O priority: %s", strerror(errno));
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    worker_background();
    pthread_mutex_lock(&w->lock);
    for (;;) {
        struct worker_job *j = NULL;
        while (!w->stopping && (j = worker_take(w)) == NULL)
            pthread_cond_wait(&w->cond, &w->lock);
        if (j == NULL)
            break;
        worker_run_one(w, j);
        pthread_mutex_unlock(&w->lock);
        if (w->wake != NULL)
            w->wake(w->wake_ud);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

bool worker_submit(struct worker *w, const char *what, worker_job_fn fn, worker_done_fn done,
                   void *job_ud)
{
    assert(w != NULL && fn != NULL);
    struct worker_job *j = calloc(1, sizeof(*j));
    if (j == NULL) {
        LOG_ERR("out of memory queueing %s", what ? what : "a job");
        return false;
    }
    snprintf(j->what, sizeof(j->what), "%s", what ? what : "");
    j->fn = fn;
    j->done = done;
    j->ud = job_ud;
    pthread_mutex_lock(&w->lock);
    if (w->run_inline) {
        worker_run_one(w, j);
        pthread_mutex_unlock(&w->lock);
        return true;
    }
    if (w->queue_tail != NULL)
        w->queue_tail->next = j;
    else
        w->queue = j;
    w->queue_tail = j;
    if (!w->started) {
        int rc = pthread_create(&w->thread, NULL, worker_main, w);
        if (rc != 0) {
            /* No thread to be had: do the work here rather than not at all. */
            LOG_WARN("no worker thread (%s); %s runs on the main loop", strerror(rc), j->what);
            worker_run_one(w, worker_take(w));
            pthread_mutex_unlock(&w->lock);
            return true;
        }
        w->started = true;
    }
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    return true;
}

bool worker_busy(struct worker *w)
{
    if (w == NULL)
        return false;
    pthread_mutex_lock(&w->lock);
    bool busy = w->running || w->queue != NULL || w->finished != NULL;
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
    int p = w->running ? w->permille : -1;
    pthread_mutex_unlock(&w->lock);
    return p;
}

void worker_what(struct worker *w, char *buf, int size)
{
    pthread_mutex_lock(&w->lock);
    snprintf(buf, (size_t)size, "%s", w->what);
    pthread_mutex_unlock(&w->lock);
}

int worker_poll(struct worker *w)
{
    if (w == NULL)
        return 0;
    int n = 0;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        struct worker_job *j = w->finished;
        if (j != NULL) {
            w->finished = j->next;
            if (w->finished == NULL)
                w->finished_tail = NULL;
        }
        pthread_mutex_unlock(&w->lock);
        if (j == NULL)
            return n;
        /* Outside the lock: done may queue the next job. */
        if (j->done != NULL)
            j->done(j->ud, j->result);
        free(j);
        n++;
    }
}

void worker_wait_idle(struct worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    while (w->running || w->queue != NULL)
        pthread_cond_wait(&w->cond, &w->lock);
    pthread_mutex_unlock(&w->lock);
}
