#define LOG_TAG "encode"
#include "core/log.h"

#include "encode.h"
#include "core/spawn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OUTPUTS 4

int encode_run(const struct encode_job *j)
{
    char list[4096], filter[512], dur[32], fps[16], gop[16];
    char maps[MAX_OUTPUTS][32];
    int rc = -1;
    if (j->noutputs == 0 || j->noutputs > MAX_OUTPUTS || j->count == 0) {
        LOG_ERR("nothing to encode");
        return -1;
    }
    snprintf(list, sizeof(list), "%s/slides.ffconcat", j->tmpdir);
    FILE *f = fopen(list, "w");
    if (!f) {
        LOG_ERR("%s: cannot write", list);
        return -1;
    }
    fputs("ffconcat version 1.0\n", f);
    for (size_t i = 0; i < j->count; i++)
        fprintf(f, "file '%s'\nduration %.3f\n", j->slides[i], j->seconds[i]);
    /* The concat demuxer needs the last file again for the last duration to count. */
    fprintf(f, "file '%s'\n", j->slides[j->count - 1]);
    if (fclose(f) != 0) {
        LOG_ERR("%s: write failed", list);
        return -1;
    }

    /* One decode, split into every height. Conversion and scaling come before fps, which
     * only repeats frames: each slide is converted once, not once per frame. */
    int n = snprintf(filter, sizeof(filter), "[0:v]format=yuv420p,split=%zu", j->noutputs);
    for (size_t i = 0; i < j->noutputs; i++)
        n += snprintf(filter + n, sizeof(filter) - (size_t)n, "[s%zu]", i);
    for (size_t i = 0; i < j->noutputs; i++) {
        if (j->outputs[i].height > 0)
            n += snprintf(filter + n, sizeof(filter) - (size_t)n,
                          ";[s%zu]scale=-2:%d:flags=lanczos,fps=%d[o%zu]", i, j->outputs[i].height,
                          j->fps, i);
        else
            n += snprintf(filter + n, sizeof(filter) - (size_t)n, ";[s%zu]fps=%d[o%zu]", i, j->fps,
                          i);
        snprintf(maps[i], sizeof(maps[i]), "[o%zu]", i);
    }
    snprintf(dur, sizeof(dur), "%.3f", j->duration);
    snprintf(fps, sizeof(fps), "%d", j->fps);
    snprintf(gop, sizeof(gop), "%d", j->fps * 2); /* a keyframe every 2 s: quick seeking */

    const char *head[] = {"ffmpeg", "-hide_banner", "-nostdin",        "-loglevel", "error", "-y",
                          "-f",     "concat",       "-safe",           "0",         "-i",    list,
                          "-i",     j->wav,         "-filter_complex", filter};
    const char *per[] = {
        "-map",       NULL,   "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-tune",
        "stillimage", "-crf", "23",   "-g",  gop,    "-r",      fps,       "-pix_fmt", "yuv420p",
        "-c:a",       "aac",  "-b:a", "96k", "-ar",  "44100",   "-ac",     "1",        "-movflags",
        "+faststart", "-t",   dur,    NULL};
    size_t nhead = sizeof(head) / sizeof(head[0]), nper = sizeof(per) / sizeof(per[0]);
    char **argv = calloc(nhead + j->noutputs * nper + 1, sizeof(char *));
    if (!argv)
        return -1;
    size_t a = 0;
    for (size_t i = 0; i < nhead; i++)
        argv[a++] = (char *)head[i];
    for (size_t o = 0; o < j->noutputs; o++) {
        for (size_t i = 0; i < nper; i++) {
            const char *v = per[i];
            if (i == 1)
                v = maps[o];
            if (!v)
                v = j->outputs[o].path; /* the last slot: the output file */
            argv[a++] = (char *)v;
        }
    }
    argv[a] = NULL;
    rc = spawn_run(argv, NULL) == 0 ? 0 : -1;
    free(argv);
    return rc;
}
