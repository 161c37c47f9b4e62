/* The update worker: jobs off the main loop in order, progress, one result each, inline mode. */
#include "check.h"
#include "update/worker.h"

#include <linux/ioprio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct job {
    int steps;
    atomic_bool release; /* the job waits for this, so the test sees it running */
    atomic_int wakes;
    pthread_t thread;
    int done_calls;
    int result;
    pthread_t done_thread;
    int *order; /* where done writes its number */
    int *order_len;
    int number;
};

static int job_fn(struct worker *w, void *ud)
{
    struct job *j = ud;
    j->thread = pthread_self();
    for (int i = 0; i <= j->steps; i++)
        worker_report(w, (uint64_t)i, (uint64_t)j->steps);
    while (!atomic_load(&j->release))
        usleep(1000);
    return 42 + j->number;
}

static void done_fn(void *ud, int result)
{
    struct job *j = ud;
    j->done_calls++;
    j->result = result;
    j->done_thread = pthread_self();
    if (j->order != NULL)
        j->order[(*j->order_len)++] = j->number;
}

static void wake_fn(void *ud)
{
    struct job *j = ud;
    atomic_fetch_add(&j->wakes, 1);
}

static void test_threaded(void)
{
    struct job j = {.steps = 1000};
    struct worker *w = worker_new(false, wake_fn, &j);
    CHECK(!worker_busy(w));
    CHECK(worker_progress(w) == -1);
    CHECK(worker_submit(w, "install fr.pack", job_fn, done_fn, &j));
    CHECK(worker_busy(w));
    for (int i = 0; i < 2000 && worker_progress(w) != 1000; i++)
        usleep(1000);
    CHECK_INT_EQ(worker_progress(w), 1000);
    char what[64];
    worker_what(w, what, sizeof(what));
    CHECK_STR_EQ(what, "install fr.pack");
    CHECK_INT_EQ(worker_poll(w), 0);  /* still running */
    CHECK(atomic_load(&j.wakes) > 0); /* progress woke the main loop */
    atomic_store(&j.release, true);
    int polled = 0;
    for (int i = 0; i < 2000 && (polled = worker_poll(w)) == 0; i++)
        usleep(1000);
    CHECK_INT_EQ(polled, 1);
    CHECK_INT_EQ(j.done_calls, 1);
    CHECK_INT_EQ(j.result, 42);
    CHECK(pthread_equal(j.done_thread, pthread_self())); /* done runs on the polling thread */
    CHECK(!pthread_equal(j.thread, pthread_self()));     /* the job did not */
    CHECK(!worker_busy(w));
    CHECK_INT_EQ(worker_poll(w), 0); /* a result is handed out once */
    worker_destroy(w);
}

/* Jobs queued behind a running one run after it, in order, each done called once. */
static void test_queue_order(void)
{
    int order[3], len = 0;
    struct job j[3];
    for (int i = 0; i < 3; i++)
        j[i] = (struct job){.steps = 1, .order = order, .order_len = &len, .number = i};
    struct worker *w = worker_new(false, NULL, NULL);
    for (int i = 0; i < 3; i++)
        CHECK(worker_submit(w, "job", job_fn, done_fn, &j[i]));
    atomic_store(&j[2].release, true);
    atomic_store(&j[1].release, true);
    usleep(20000);
    CHECK_INT_EQ(worker_poll(w), 0); /* the first still holds the queue */
    atomic_store(&j[0].release, true);
    worker_wait_idle(w);
    CHECK_INT_EQ(worker_poll(w), 3);
    CHECK_INT_EQ(len, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_INT_EQ(order[i], i);
        CHECK_INT_EQ(j[i].result, 42 + i);
    }
    worker_destroy(w);
}

static void test_inline(void)
{
    struct job j = {.steps = 3};
    atomic_store(&j.release, true);
    struct worker *w = worker_new(true, NULL, NULL);
    CHECK(worker_submit(w, "inline", job_fn, done_fn, &j));
    CHECK(pthread_equal(j.thread, pthread_self()));
    CHECK(worker_busy(w)); /* until the result is handed out */
    CHECK_INT_EQ(j.done_calls, 0);
    CHECK_INT_EQ(worker_poll(w), 1);
    CHECK_INT_EQ(j.done_calls, 1);
    CHECK_INT_EQ(j.result, 42);
    CHECK(!worker_busy(w));
    worker_destroy(w);
    worker_destroy(NULL);
}

/* Destroying the worker lets the running job end and drops the queued ones without a call. */
static void test_destroy_drops_queue(void)
{
    struct job a = {.steps = 1}, b = {.steps = 1, .number = 1};
    atomic_store(&b.release, true);
    struct worker *w = worker_new(false, NULL, NULL);
    CHECK(worker_submit(w, "a", job_fn, done_fn, &a));
    CHECK(worker_submit(w, "b", job_fn, done_fn, &b));
    for (int i = 0; i < 2000 && worker_progress(w) < 0; i++)
        usleep(1000);
    atomic_store(&a.release, true);
    worker_destroy(w);
    CHECK_INT_EQ(a.done_calls, 0);
    CHECK_INT_EQ(b.done_calls, 0);
}

struct prio_job {
    atomic_int tid;
    atomic_bool release;
};

static int prio_job_fn(struct worker *w, void *ud)
{
    (void)w;
    struct prio_job *j = ud;
    atomic_store(&j->tid, (int)gettid());
    while (!atomic_load(&j->release))
        usleep(1000);
    return 0;
}

/* Field 19 of /proc/self/task/<tid>/stat: the thread's nice value; -100 when unreadable. */
static int thread_nice(int tid, char *comm, size_t comm_size)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -100;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (open == NULL || close == NULL)
        return -100;
    snprintf(comm, comm_size, "%.*s", (int)(close - open - 1), open + 1);
    /* After the name: state (3), ppid ... priority (18), nice (19). */
    char *p = close + 2;
    for (int field = 3; field < 19 && p != NULL; field++) {
        p = strchr(p, ' ');
        if (p != NULL)
            p++;
    }
    return p != NULL ? atoi(p) : -100;
}

/* The jobs run in the background: nice 10, idle I/O class; the caller's thread keeps its own. */
static void test_background_priority(void)
{
    int main_nice = getpriority(PRIO_PROCESS, (id_t)gettid());
    long main_io = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, gettid());
    struct prio_job j = {0};
    struct worker *w = worker_new(false, NULL, NULL);
    CHECK(worker_submit(w, "prio", prio_job_fn, NULL, &j));
    for (int i = 0; i < 2000 && atomic_load(&j.tid) == 0; i++)
        usleep(1000);
    int tid = atomic_load(&j.tid);
    char comm[32] = "";
    int nice = thread_nice(tid, comm, sizeof(comm));
    long io = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, tid);
    atomic_store(&j.release, true);
    worker_destroy(w);
    CHECK(tid != 0 && tid != (int)gettid());
    CHECK_STR_EQ(comm, WORKER_THREAD_NAME);
    /* Without privileges a thread cannot go back up: a kiosk started at nice 15 stays there. */
    CHECK_INT_EQ(nice, main_nice > WORKER_NICE ? main_nice : WORKER_NICE);
    CHECK_INT_EQ(IOPRIO_PRIO_CLASS(io), IOPRIO_CLASS_IDLE);
    CHECK_INT_EQ(getpriority(PRIO_PROCESS, (id_t)gettid()), main_nice);
    CHECK_INT_EQ(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, gettid()), main_io);
}

static const struct check_case cases[] = {
    {"worker_threaded", test_threaded},
    {"worker_queue_order", test_queue_order},
    {"worker_inline", test_inline},
    {"worker_destroy_drops_queue", test_destroy_drops_queue},
    {"worker_background_priority", test_background_priority},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
