/*
 * worker: runs one slow job (a pack install, an inbox scan, a rollback) off the main loop, so
 * the kiosk keeps drawing frames, and hands progress and the result back to the main loop.
 *
 * The main loop starts a job, reads worker_progress() when it draws and calls worker_poll()
 * on every tick, which hands a finished job's result to the job's done function on the main
 * loop's thread; the job calls worker_report() as it goes. A wake
 * function (the kiosk pushes an SDL event) is called from the worker thread when the job
 * ends or its progress moved by a visible step, so an idle main loop wakes up.
 *
 * An inline worker runs each job at once on the caller's thread: the headless test harness
 * uses it, since its clock is virtual and a script must see the same result every run.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct worker;

/* Runs on the worker thread; returns the job's result code. */
typedef int (*worker_job_fn)(struct worker *w, void *job_ud);

/* Runs on the main loop's thread (in worker_poll) with the job's result. May be NULL. */
typedef void (*worker_done_fn)(void *job_ud, int result);

/* Called from the worker thread: something changed for the main loop. May be NULL. */
typedef void (*worker_wake_fn)(void *wake_ud);

struct worker *worker_new(bool run_inline, worker_wake_fn wake, void *wake_ud);
/* Waits for a running job to end; accepts NULL. */
void worker_destroy(struct worker *w);

/*
 * Starts fn(w, job_ud) unless a job is running or its result was not handed out yet (false).
 * what names the job for progress displays and log lines; it is copied.
 */
bool worker_start(struct worker *w, const char *what, worker_job_fn fn, worker_done_fn done,
                  void *job_ud);

/* True from worker_start() until worker_poll() has handed out the result. */
bool worker_busy(struct worker *w);

/* For the job: done of total units. Cheap; call it as often as you like. */
void worker_report(struct worker *w, uint64_t done, uint64_t total);

/* Progress of the current job in thousandths (0..1000), -1 when unknown. */
int worker_progress(struct worker *w);

/* The name given to worker_start for the current or last job. */
void worker_what(struct worker *w, char *buf, int size);

/*
 * When the job has ended: calls its done function with the result, frees the worker for the
 * next job and returns true (once per job). Cheap; the main loop calls it on every tick.
 */
bool worker_poll(struct worker *w);
