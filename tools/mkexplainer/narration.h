/*
 * narration: the spoken track of an explainer and the time of every segment in it.
 *
 * Each segment is spoken on its own by espeak-ng (-w, one WAV per segment), trimmed of the
 * silence espeak puts around it, then all are joined with short pauses into one WAV. Because
 * every segment's samples are counted, the start and end of each spoken sentence are exact:
 * they become the WebVTT cues. A video must last 30 to 90 s: too long and the speech is made
 * a little faster, too short and the pauses grow.
 *
 * Subtitles must be readable at B1 speed: a cue is shown from the start of its sentence until
 * the next sentence starts (no empty gaps), and that is never shorter than its text at
 * NARRATION_MAX_CPS characters a second; where the voice is quicker, the pause after the
 * sentence grows. So a video may run past max_s: reading time wins over length.
 */
#pragma once

#include "script.h"

#include <stdbool.h>

/* Characters a second a B1 reader can follow (issue 13). */
#define NARRATION_MAX_CPS 15.0
/* No cue is shown for less than this, however short its text. */
#define NARRATION_MIN_CUE 1.5

/* A silent version (no voice to follow) is read at this calmer pace. */
#define NARRATION_CALM_CPS 10.0

/* The least time text needs on screen: its characters (code points) at cps, at least
 * NARRATION_MIN_CUE. */
double narration_reading_time(const char *text, double cps);

struct narration_opts {
    const char *voice;   /* espeak-ng voice ("nl"); NULL: a silent track paced by reading time */
    int speed;           /* words per minute */
    double min_s, max_s; /* wanted length of the whole video; min_s 0 = no minimum */
    const char *tmpdir;  /* where the per-segment files go */
    /* The text as espeak-ng should read it, malloc'd, or NULL to read it as written: the hook
     * for the language's pronunciation list (issue 12, <root>/<lang>/pronounce*), so that the
     * narration says words the way read-aloud does. Subtitles always show the text itself. */
    char *(*spoken)(void *ud, const char *text);
    void *spoken_ud;
};

struct narration {
    size_t count;
    double *start, *end; /* seconds, per segment: the speech itself */
    double *cue_end;     /* when the segment's cue ends: the next start, or the end */
    double duration;     /* of the whole track, seconds */
};

/* Speaks the script into wav_path (or, without a voice, writes the silence a reader needs). Returns
 * 0, or -1 with a log line. */
int narration_make(const struct script *script, const struct narration_opts *opts,
                   const char *wav_path, struct narration *out);
void narration_free(struct narration *n);
