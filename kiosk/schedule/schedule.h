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
 * The pure part (schedule_open_at, schedule_next_change) is about times only; the app part
 * (schedule_tick, _wake, _deadline, _draw) keeps app->dark and is called by app.c.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct app;
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

/* Goes dark or light as the hours and the last touch say; called from app_tick. */
void schedule_tick(struct app *app);
/* A touch on a dark screen wakes it; true when the touch was used up for that. */
bool schedule_wake(struct app *app);
/* When schedule_tick must run next (app clock), or -1. */
int64_t schedule_deadline(struct app *app);
/* Draws the dark screen when dark; true when it did (nothing else is drawn). */
bool schedule_draw(struct app *app);
