/*
 * subs: the WebVTT files mkexplainer writes, and the check that they are readable at B1 speed.
 *
 * A file starts with "WEBVTT", then a NOTE line "mkexplainer <hash>" naming the inputs it was
 * made from (so an unchanged topic is not built again), then one cue per narrated segment.
 * Reading goes through the kiosk's own WebVTT parser (kiosk/video/vtt.h): what is checked is
 * what the kiosk will show.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Writes texts[i] shown from start[i] to end[i]. Returns 0 or -1 (logged). */
int subs_write(const char *path, const char *hash, const char *const *texts, const double *start,
               const double *end, size_t count);

/* The mkexplainer hash of a file written by subs_write; false when the file or note is absent. */
bool subs_hash(const char *path, char out[129]);

struct subs_report {
    size_t cues;
    double max_cps;     /* characters a second of the fastest cue */
    size_t fastest;     /* its number, from 1 */
    double largest_gap; /* seconds between one cue's end and the next one's start */
    size_t overlaps;    /* cues that start before the previous one ends */
    double last_end;    /* end of the last cue, seconds */
};

/* Reads path with the kiosk's parser and measures it. False (logged) when it is not WebVTT. */
bool subs_measure(const char *path, struct subs_report *out);
