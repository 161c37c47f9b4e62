/*
 * vtt: WebVTT subtitle files of the explainers, one cue per narrated segment.
 *
 * A file starts with "WEBVTT", then a NOTE line "mkexplainer <hash>" naming the inputs it was
 * made from (so an unchanged topic is not built again), then the cues. vtt_read reads back
 * the times (to time another language's subtitles to the same video) and the hash.
 */
#pragma once

#include <stddef.h>

struct vtt_cues {
    size_t count;
    double *start, *end;
    char hash[129]; /* "" when the file has no mkexplainer note */
};

/* Writes texts[i] shown from start[i] to end[i]. Returns 0 or -1 (logged). */
int vtt_write(const char *path, const char *hash, const char *const *texts, const double *start,
              const double *end, size_t count);

/* Reads a WebVTT file's cue times and mkexplainer hash. Returns 0, or -1 with a log line
 * naming the file and line when it is not WebVTT. */
int vtt_read(const char *path, struct vtt_cues *out);
void vtt_cues_free(struct vtt_cues *cues);
