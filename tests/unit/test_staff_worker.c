/* The worker: jobs off the main loop, progress, one result each, inline mode, busy refusal. */
#include "check.h"
#include "staff/worker.h"

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
};

static int job_fn(struct worker *w, void *ud)
{
    struct job *j = ud;
    j->thread = pthread_self();
    for (int i = 0; i <= j->steps; i++)
        worker_report(w, (uint64_t)i, (uint64_t)j->steps);
    while (!atomic_load(&j->release))
        usleep(1000);
    return 42;
}

static void done_fn(void *ud, int result)
{
    struct job *j = ud;
    j->done_calls++;
    j->result = result;
    j->done_thread = pthread_self();
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
    CHECK(worker_start(w, "install fr.pack", job_fn, done_fn, &j));
    CHECK(worker_busy(w));
    CHECK(!worker_start(w, "second", job_fn, done_fn, &j)); /* one job at a time */
    for (int i = 0; i < 2000 && worker_progress(w) != 1000; i++)
        usleep(1000);
    CHECK_INT_EQ(worker_progress(w), 1000);
    char what[32];
    worker_what(w, what, sizeof(what));
    CHECK_STR_EQ(what, "install fr.pack");
    CHECK(!worker_poll(w)); /* still running */
    CHECK_INT_EQ(j.done_calls, 0);
    atomic_store(&j.release, true);
    for (int i = 0; i < 2000 && !worker_poll(w); i++)
        usleep(1000);
    CHECK_INT_EQ(j.done_calls, 1);
    CHECK_INT_EQ(j.result, 42);
    CHECK(!pthread_equal(j.thread, pthread_self()));
    CHECK(pthread_equal(j.done_thread, pthread_self())); /* results come back to the loop */
    /* Progress woke the loop in visible steps (200 of 5 thousandths), plus the end. */
    CHECK(atomic_load(&j.wakes) >= 2 && atomic_load(&j.wakes) <= 202);
    CHECK(!worker_busy(w));
    CHECK(!worker_poll(w)); /* a result is handed out once */
    CHECK_INT_EQ(j.done_calls, 1);
    /* And the next job runs. */
    CHECK(worker_start(w, "again", job_fn, done_fn, &j));
    worker_destroy(w); /* waits for it */
}

static void test_inline(void)
{
    struct job j = {.steps = 3, .release = true};
    struct worker *w = worker_new(true, NULL, NULL);
    CHECK(worker_start(w, "inline", job_fn, done_fn, &j));
    CHECK(pthread_equal(j.thread, pthread_self()));
    CHECK(worker_busy(w)); /* until the result is handed out */
    CHECK_INT_EQ(j.done_calls, 0);
    CHECK(worker_poll(w));
    CHECK_INT_EQ(j.done_calls, 1);
    CHECK_INT_EQ(j.result, 42);
    CHECK(!worker_busy(w));
    worker_destroy(w);
    worker_destroy(NULL);
}

static const struct check_case cases[] = {
    {"worker_threaded", test_threaded},
    {"worker_inline", test_inline},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
