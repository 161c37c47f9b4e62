/* The update worker: jobs off the main loop in order, progress, one result each, inline mode. */
#include "check.h"
#include "update/worker.h"

#include <pthread.h>
#include <stdatomic.h>
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

static const struct check_case cases[] = {
    {"worker_threaded", test_threaded},
    {"worker_queue_order", test_queue_order},
    {"worker_inline", test_inline},
    {"worker_destroy_drops_queue", test_destroy_drops_queue},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
