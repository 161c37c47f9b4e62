/*
 * worker: the one thread that runs the update module's slow jobs (pack installs, rollbacks,
 * inbox and USB scans, exports, outbox files) off the main loop, one after the other in the
 * order they were queued, so the kiosk keeps drawing frames.
 *
 * Only kiosk/update/ uses it. The main loop queues jobs (worker_submit), reads
 * worker_progress() when it draws and calls worker_poll() on every tick, which hands each
 * finished job's result to the job's done function on the main loop's thread. A wake function
 * (the kiosk pushes an SDL event) is called from the worker thread when a job ends or its
 * progress moved by a visible step, so an idle main loop wakes up.
 *
 * An inline worker runs each job at once on the caller's thread: the headless test harness
 * uses it, since its clock is virtual and a script must see the same result every run.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct worker;

/* The worker thread runs at this nice value in the idle I/O class (see worker.c), named so. */
#define WORKER_NICE        10
#define WORKER_THREAD_NAME "update-worker"

/* Runs on the worker thread; returns the job's result code. */
typedef int (*worker_job_fn)(struct worker *w, void *job_ud);

/* Runs on the main loop's thread (in worker_poll) with the job's result. May be NULL. */
typedef void (*worker_done_fn)(void *job_ud, int result);

/* Called from the worker thread: something changed for the main loop. May be NULL. */
typedef void (*worker_wake_fn)(void *wake_ud);

struct worker *worker_new(bool run_inline, worker_wake_fn wake, void *wake_ud);
/*
 * Lets the running job end and drops the queued ones (their done functions are not called;
 * the caller frees what they own); accepts NULL.
 */
void worker_destroy(struct worker *w);

/*
 * Queues fn(w, job_ud) behind the jobs already queued. what names the job for progress
 * displays and log lines; it is copied. False (logged) only when out of memory.
 */
bool worker_submit(struct worker *w, const char *what, worker_job_fn fn, worker_done_fn done,
                   void *job_ud);

/* True while a job is queued, runs, or its result was not handed out yet. */
bool worker_busy(struct worker *w);

/* For the job: done of total units. Cheap; call it as often as you like. */
void worker_report(struct worker *w, uint64_t done, uint64_t total);

/* Progress of the running job in thousandths (0..1000), -1 when unknown or none runs. */
int worker_progress(struct worker *w);

/* The name given to worker_submit for the running or last job. */
void worker_what(struct worker *w, char *buf, int size);

/*
 * Calls the done function of every job that has ended, in order, and returns how many.
 * Cheap; the main loop calls it on every tick. A done function may submit new jobs.
 */
int worker_poll(struct worker *w);

/* Waits (blocking) until every job queued so far has ended; for tests and shutdown. */
void worker_wait_idle(struct worker *w);
