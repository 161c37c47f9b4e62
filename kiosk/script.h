/*
 * script: the headless test harness. Runs the kiosk from a script instead of a screen and
 * fingers, on a virtual clock, and writes screenshots and element dumps.
 *
 * One step per line, '#' starts a comment:
 *   size W H                 the virtual screen size (default 1920 1080)
 *   tap X Y | tap-id ID [P]  tap a point, or the centre of the element with that id (P: that
 *                            many per mille of its width from its left edge instead)
 *   tap-hold X Y MS          press, hold MS milliseconds of virtual time, release
 *   tap-hold-id ID MS        the same on the centre of the element with that id
 *   swipe X1 Y1 X2 Y2 MS     drag from one point to another over MS
 *   key NAME                 an SDL key name, with modifiers: "Escape", "Alt+F4", "Ctrl+Q"
 *   clock YYYY-MM-DD HH:MM   set the virtual wall clock (local time; the screen schedule)
 *   wait MS                  advance the kiosk's own clock
 *   shot NAME                NAME.png of the screen (and NAME.json with --dump-ui)
 *   dump NAME                NAME.json only (the element dump), no picture
 *   language TAG             a session in that language (offered or not), on the topics screen
 *   reset                    forget the session, back to the attract screen
 *   expect-screen NAME       attract, languages, topics, video, contact, staff
 *   expect-text ID TEXT      the element's text contains TEXT
 *   expect-no-element ID     no visible element has that id
 *   expect-speech yes|no     the kiosk is (not) speaking a prompt
 *   mark NAME                prints "MARK NAME <ms>" (the virtual time) on standard output
 *   remember-place ID        notes where the element is on screen now (the centre of what
 *   expect-same-place ID     shows of it); expect-same-place: it is still there
 * A failed expectation or a bad line stops the run: script_run() returns false after one
 * line saying what was expected and what was there.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct app;

/* Runs the script at path; false after a failed step, or when SIGTERM/SIGINT stopped it. */
bool script_run(struct app *app, const char *path);
/* Checks every line of a script without running it (the fuzz target's entry): false at the
 * first line that is not a well-formed step. Needs no app and no display. */
bool script_check(const char *text, size_t len);
