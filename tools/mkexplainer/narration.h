/*
 * narration: the spoken track of an explainer and the time of every segment in it.
 *
 * Each segment is spoken on its own by espeak-ng (-w, one WAV per segment), trimmed of the
 * silence espeak puts around it, then all are joined with short pauses into one WAV. Because
 * every segment's samples are counted, the start and end of each spoken sentence are exact:
 * they become the WebVTT cues. A video must last 30 to 90 s: too long and the speech is made
 * a little faster, too short and the pauses grow.
 */
#pragma once

#include "script.h"

#include <stdbool.h>

struct narration_opts {
    const char *voice;   /* espeak-ng voice (a language code such as "nl") */
    int speed;           /* words per minute */
    double min_s, max_s; /* wanted length of the whole video; min_s 0 = no minimum */
    const char *tmpdir;  /* where the per-segment files go */
};

struct narration {
    size_t count;
    double *start, *end; /* seconds, per segment */
    double duration;     /* of the whole track, seconds */
};

/* True when espeak-ng has a voice for lang ("espeak-ng --voices=<lang>" lists one). */
bool narration_has_voice(const char *lang);

/* Speaks the script into wav_path. Returns 0, or -1 with a log line. */
int narration_make(const struct script *script, const struct narration_opts *opts,
                   const char *wav_path, struct narration *out);
void narration_free(struct narration *n);
