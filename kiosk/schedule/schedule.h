/*
 * schedule: the screen schedule. Outside the location's opening hours ([hours] in
 * location.conf) the kiosk shows a dark screen and asks the platform to switch the display
 * off; a touch wakes it for the idle timeout, then it goes dark again.
 *
 * Only with `dark_outside_hours = yes` in [kiosk] (default no: a kiosk is never dark by
 * surprise). The schedule reads the wall clock (local time); in headless runs the script sets
 * a virtual wall clock (`clock YYYY-MM-DD HH:MM`) that advances with the kiosk's own clock,
 * so a test can pass closing time in milliseconds.
 *
 * The module only answers questions about time (open now? dark now? when to look again?);
 * app.c keeps app->dark and acts on the answers (ends the session, dims the display, draws
 * the dark screen), so the schedule never reaches back into the app.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct config;
struct schedule;

/* From [kiosk] dark_outside_hours and [hours]; NULL only when out of memory. */
struct schedule *schedule_new(const struct config *cfg);
void schedule_destroy(struct schedule *s);

/* True when dark_outside_hours is on. */
bool schedule_enabled(const struct schedule *s);
/* True when the location is open at local time t (always true when not enabled). */
bool schedule_open_at(const struct schedule *s, time_t t);
/* The first time after t at which open/closed changes (within 8 days), or (time_t)-1. */
time_t schedule_next_change(const struct schedule *s, time_t t);

/* The virtual wall clock of a headless run: at app clock now_ms it is wall. */
void schedule_set_clock(struct schedule *s, time_t wall, int64_t now_ms);

/* The wall clock at app clock now_ms: the virtual one once set, else time(NULL). */
time_t schedule_now(const struct schedule *s, int64_t now_ms);
/* True when the screen should be dark at app clock now_ms: enabled, outside the hours, and
 * nobody has used the kiosk since in_use_until_ms (last touch plus the idle timeout). */
bool schedule_dark(const struct schedule *s, int64_t now_ms, int64_t in_use_until_ms);
/* When the answer of schedule_dark may change next (app clock), or -1. */
int64_t schedule_deadline(const struct schedule *s, int64_t now_ms, bool dark,
                          int64_t in_use_until_ms);
