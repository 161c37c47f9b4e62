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
    CHECK(worker_start(w, "install fr.pack", job_fn, &j));
    CHECK(worker_busy(w));
    CHECK(!worker_start(w, "second", job_fn, &j)); /* one job at a time */
    for (int i = 0; i < 2000 && worker_progress(w) != 1000; i++)
        usleep(1000);
    CHECK_INT_EQ(worker_progress(w), 1000);
    char what[32];
    worker_what(w, what, sizeof(what));
    CHECK_STR_EQ(what, "install fr.pack");
    int result = 0;
    void *ud = NULL;
    CHECK(!worker_take_result(w, &result, &ud)); /* still running */
    atomic_store(&j.release, true);
    for (int i = 0; i < 2000 && !worker_take_result(w, &result, &ud); i++)
        usleep(1000);
    CHECK_INT_EQ(result, 42);
    CHECK(ud == &j);
    CHECK(!pthread_equal(j.thread, pthread_self()));
    /* Progress woke the loop in visible steps (200 of 5 thousandths), plus the end. */
    CHECK(atomic_load(&j.wakes) >= 2 && atomic_load(&j.wakes) <= 202);
    CHECK(!worker_busy(w));
    CHECK(!worker_take_result(w, &result, &ud)); /* a result is handed out once */
    /* And the next job runs. */
    j.release = true;
    CHECK(worker_start(w, "again", job_fn, &j));
    worker_destroy(w); /* waits for it */
}

static void test_inline(void)
{
    struct job j = {.steps = 3, .release = true};
    struct worker *w = worker_new(true, NULL, NULL);
    CHECK(worker_start(w, "inline", job_fn, &j));
    CHECK(pthread_equal(j.thread, pthread_self()));
    CHECK(worker_busy(w)); /* until the result is taken */
    int result = 0;
    CHECK(worker_take_result(w, &result, NULL));
    CHECK_INT_EQ(result, 42);
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
