/*
 * stats: anonymous usage figures, kept in SQLite (WAL) as <state>/stats.sqlite.
 *
 * Per day, language and topic the kiosk counts sessions, videos started, videos watched to the
 * end and contact cards shown. Nothing finer than a day and nothing about a person is stored:
 * a row is (day, language, topic, four counters). A session is counted when a language is
 * chosen, before any topic, so session rows have the empty topic "".
 *
 * The figures must never stop the kiosk: a database that is corrupt is renamed aside
 * (stats.sqlite.corrupt-YYYYMMDD-HHMMSS) with one log line and started afresh; one that cannot
 * be opened at all leaves the kiosk counting nothing. Every function accepts a NULL handle and
 * then does nothing, so callers never check. Counts wait in memory and are written in one
 * transaction per batch (stats_commit, which the kiosk calls once a minute and whenever a
 * session ends), in WAL mode with synchronous=NORMAL, so counting never waits for the disk: a
 * crash loses at most the counts since the last committed batch, never the file.
 *
 * The CSV (one header line, then one line per row, sorted by day, language, topic):
 *   day,language,topic,sessions,videos_started,videos_finished,contact_cards
 * is what the staff screen exports to a USB stick, what the daily outbox file holds and what
 * `packtool stats --state DIR --csv` prints.
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

struct stats;

enum stats_event {
    STATS_SESSION,        /* a language was chosen */
    STATS_VIDEO_STARTED,  /* an explainer started playing */
    STATS_VIDEO_FINISHED, /* an explainer was watched to the end */
    STATS_CONTACT_SHOWN,  /* the contact card was shown */
};

/* The figures of one row, or the sum of several. */
struct stats_counts {
    long sessions;
    long videos_started;
    long videos_finished;
    long contacts_shown;
};

/* Returns the wall-clock time used to find "today"; the kiosk passes its own clock. */
typedef time_t (*stats_clock_fn)(void *userdata);

/*
 * Opens (or creates) <state_dir>/stats.sqlite. Returns NULL only when out of memory; a
 * database that cannot be used gives a handle that counts nothing (see stats_ok()).
 */
struct stats *stats_open(const char *state_dir);

/* Opens an existing database for reading only (tools); NULL with a log line if it cannot. */
struct stats *stats_open_readonly(const char *state_dir);

void stats_destroy(struct stats *st);

/*
 * For the main loop's connection: its commits never copy the write-ahead log into the
 * database. That copy fsyncs, and on ext4 an fsync may wait until other files' dirty pages are
 * written (a 200 MB pack being installed); stats_checkpoint() on a worker's connection does it.
 */
void stats_no_autocheckpoint(struct stats *st);
/* Copies what it can of the log into the database without waiting; frames copied, or -1. */
int stats_checkpoint(struct stats *st);

/* True when counts are being stored. */
bool stats_ok(const struct stats *st);

/* Replaces time(NULL) as the source of "today" (the kiosk's clock; tests). */
void stats_set_clock(struct stats *st, stats_clock_fn fn, void *userdata);

/*
 * While paused nothing is counted: staff playing a video to check it is not a resident's use.
 * The kiosk lifts the pause when the attract screen shows again.
 */
void stats_set_paused(struct stats *st, bool paused);
bool stats_paused(const struct stats *st);

/*
 * Counts one event today (in memory until stats_commit). lang is a language tag ("nl", "ar",
 * "pt-BR"); topic is a topic slug or NULL/"" (sessions, a contact card shown outside a topic).
 * Malformed tags or slugs are not stored (one log line): they come from content and end up in a
 * CSV. Returns 0 when stored, -1 otherwise.
 */
int stats_add(struct stats *st, enum stats_event ev, const char *lang, const char *topic);

/*
 * Writes the counts made since the last commit in one transaction. Returns how many events
 * were written (0: nothing waited), or -1 (logged; they wait for the next try). Reading
 * functions commit first, so they see every count made.
 */
int stats_commit(struct stats *st);
/* How many counted events wait for stats_commit(). */
size_t stats_pending(const struct stats *st);

/* The same on the given day ("YYYY-MM-DD"); for tests and tools. */
int stats_add_on(struct stats *st, const char *day, enum stats_event ev, const char *lang,
                 const char *topic);

/*
 * Calls fn once per row with day in [from_day, to_day] (either may be NULL for open), sorted
 * by day, language, topic. Returns the number of rows, or -1 on a database error.
 */
typedef void (*stats_row_fn)(void *userdata, const char *day, const char *lang, const char *topic,
                             const struct stats_counts *c);
int stats_each(struct stats *st, const char *from_day, const char *to_day, stats_row_fn fn,
               void *userdata);

/*
 * Sums per language over the days in [from_day, to_day], languages sorted by tag; lang is
 * "" for the grand total, which comes last. Returns the number of calls or -1.
 */
int stats_by_language(struct stats *st, const char *from_day, const char *to_day, stats_row_fn fn,
                      void *userdata);

/* Writes the CSV of the days in [from_day, to_day] (NULL = open) to out. 0 or -1. */
int stats_write_csv(struct stats *st, FILE *out, const char *from_day, const char *to_day);

/*
 * Writes the CSV to path as a whole: a temporary file beside it, fsync, rename, fsync of the
 * folder, so a USB stick pulled out or a sync engine reading the folder never sees half a
 * file. 0 or -1 with a log line naming the path.
 */
int stats_export_file(struct stats *st, const char *path, const char *from_day, const char *to_day);

/*
 * The daily outbox: for every finished day (before today) that has figures and has not been
 * written yet, writes <outbox_dir>/wegwijs-<kiosk_name>-<day>.csv and remembers it in the
 * database. kiosk_name is made file-safe. Returns the number of files written, -1 on error.
 * Cheap when there is nothing to do; the kiosk calls it now and then.
 */
int stats_write_outbox(struct stats *st, const char *outbox_dir, const char *kiosk_name);

/* "YYYY-MM-DD" of t in local time, into buf of at least 11 bytes. Returns buf. */
char *stats_day(time_t t, char *buf);

/* Today per the handle's clock, into buf of at least 11 bytes. */
char *stats_today(const struct stats *st, char *buf);

/* The day `days` days before today per the handle's clock (calendar days, DST-proof). */
char *stats_days_ago(const struct stats *st, int days, char *buf);

/* For `packtool stats --state DIR --csv`: the whole CSV of DIR's figures to out. 0 or -1. */
int stats_csv_from_state(const char *state_dir, FILE *out);
