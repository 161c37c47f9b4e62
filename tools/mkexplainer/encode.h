/*
 * encode: slides plus narration into H.264/AAC MP4 with ffmpeg, several heights in one run.
 *
 * The slides are PNG files shown for given durations (ffmpeg's concat demuxer), the
 * narration a WAV file. ffmpeg reads them once and writes every requested height (the first
 * from the slides' own size, the others scaled), with the index at the front of the file
 * (+faststart) so the kiosk starts playing at once.
 */
#pragma once

#include <stddef.h>

struct encode_output {
    int height;       /* 0 = the slides' own size */
    const char *path; /* .mp4 */
};

struct encode_job {
    const char *const *slides; /* PNG paths */
    const double *seconds;     /* how long each slide shows */
    size_t count;
    const char *wav;
    double duration; /* of the whole video */
    int fps;
    const char *tmpdir; /* for the concat list */
    const struct encode_output *outputs;
    size_t noutputs;
};

/* Returns 0, or -1 with a log line. */
int encode_run(const struct encode_job *job);
