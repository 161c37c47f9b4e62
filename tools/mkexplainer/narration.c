#define LOG_TAG "narration"
#include "core/log.h"

#include "narration.h"
#include "audio/wav.h"
#include "core/spawn.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEAD_IN     0.5
#define AFTER_TITLE 1.0
#define BETWEEN     0.6
#define BEFORE_END  0.9
#define TAIL        1.5
#define SILENCE     400 /* |sample| below this counts as silence when trimming */
#define KEEP_MS     40  /* kept around the speech after trimming */
#define MAX_SPEED   230
#define SILENT_RATE 22050 /* sample rate of a track without a voice */

/* Writes the whole track in one go: the kiosk's stream writer does the header. */
static bool write_track(const char *path, const struct wav_pcm *pcm)
{
    struct wav_writer *w = wav_writer_open(path, pcm->rate);
    if (w == NULL)
        return false;
    bool ok = wav_writer_write(w, pcm->samples, pcm->count);
    return wav_writer_close(w) && ok;
}

static int speak(const char *text, const char *voice, int speed, const char *tmpdir, size_t i,
                 struct wav_pcm *pcm)
{
    char txt[4096], wav[4096], spd[16];
    snprintf(txt, sizeof(txt), "%s/seg%03zu.txt", tmpdir, i);
    snprintf(wav, sizeof(wav), "%s/seg%03zu.wav", tmpdir, i);
    snprintf(spd, sizeof(spd), "%d", speed);
    FILE *f = fopen(txt, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        LOG_ERR("%s: cannot write", txt);
        return -1;
    }
    /* From a file: text beginning with '-' is never taken for an option. */
    char *argv[] = {"espeak-ng", "-v", (char *)voice, "-s", spd, "-b",
                    "1",         "-w", wav,           "-f", txt, NULL};
    if (spawn_run(argv, NULL) != 0)
        return -1;
    if (!wav_read(wav, pcm))
        return -1;
    /* Cuts the silence espeak-ng leaves before and after the speech. */
    wav_trim(pcm, SILENCE, KEEP_MS);
    return 0;
}

double narration_reading_time(const char *text, double cps)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    double t = (double)chars / cps;
    return t < NARRATION_MIN_CUE ? NARRATION_MIN_CUE : t;
}

void narration_free(struct narration *n)
{
    free(n->start);
    free(n->end);
    free(n->cue_end);
    memset(n, 0, sizeof(*n));
}

static double gap_before(const struct script *s, size_t i)
{
    if (i == 0)
        return LEAD_IN;
    if (s->segs[i - 1].kind == SCRIPT_TITLE)
        return AFTER_TITLE;
    if (s->segs[i].kind == SCRIPT_END && s->segs[i - 1].kind != SCRIPT_END)
        return BEFORE_END;
    return BETWEEN;
}

int narration_make(const struct script *s, const struct narration_opts *o, const char *wav_path,
                   struct narration *out)
{
    int rc = -1, speed = o->speed;
    struct wav_pcm *segs = calloc(s->count, sizeof(*segs));
    struct wav_pcm all = {0};
    memset(out, 0, sizeof(*out));
    if (!segs)
        goto out;
    double speech = 0, pauses = 0, extra = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        speech = pauses = 0;
        for (size_t i = 0; i < s->count; i++) {
            wav_pcm_free(&segs[i]);
            if (!o->voice)
                segs[i].rate = SILENT_RATE; /* silence: reading time only */
            else {
                char *said = o->spoken ? o->spoken(o->spoken_ud, s->segs[i].text) : NULL;
                int r =
                    speak(said ? said : s->segs[i].text, o->voice, speed, o->tmpdir, i, &segs[i]);
                free(said);
                if (r < 0)
                    goto out;
            }
            if (i == 0)
                all.rate = segs[i].rate;
            else if (segs[i].rate != all.rate) {
                LOG_ERR("espeak-ng changed its sample rate (%d, %d)", all.rate, segs[i].rate);
                goto out;
            }
            speech += (double)segs[i].count / segs[i].rate;
            pauses += gap_before(s, i);
        }
        double total = speech + pauses + TAIL;
        if (!o->voice || o->max_s <= 0 || total <= o->max_s || speed >= MAX_SPEED)
            break;
        /* Faster speech by the ratio needed, plus a margin for espeak's rounding. */
        int faster = (int)(speed * speech / (o->max_s - pauses - TAIL) * 1.03) + 1;
        LOG_INFO("%s/%s: %.1f s is too long; speaking at %d instead of %d words a minute", s->lang,
                 s->slug, total, faster, speed);
        speed = faster > MAX_SPEED ? MAX_SPEED : faster;
    }
    if (o->min_s > 0 && speech + pauses + TAIL < o->min_s)
        extra = (o->min_s - speech - pauses - TAIL) / (double)s->count;

    out->start = calloc(s->count, sizeof(double));
    out->end = calloc(s->count, sizeof(double));
    out->cue_end = calloc(s->count, sizeof(double));
    double *gap =
        calloc(s->count + 1, sizeof(double)); /* silence before segment i; [count]: tail */
    if (!out->start || !out->end || !out->cue_end || !gap) {
        free(gap);
        goto out;
    }
    out->count = s->count;
    for (size_t i = 0; i <= s->count; i++)
        gap[i] = i < s->count ? gap_before(s, i) + extra : TAIL;
    /* Reading time: the cue of segment i lasts its speech plus the next gap. */
    for (size_t i = 0; i < s->count; i++) {
        double speech_i = (double)segs[i].count / all.rate;
        double need = narration_reading_time(s->segs[i].text,
                                             o->voice ? NARRATION_MAX_CPS : NARRATION_CALM_CPS);
        if (speech_i + gap[i + 1] < need)
            gap[i + 1] = need - speech_i;
    }
    size_t total_n = 0;
    for (size_t i = 0; i <= s->count; i++)
        total_n += (i < s->count ? segs[i].count : 0) + (size_t)(gap[i] * all.rate) + 1;
    if (!(all.samples = calloc(total_n, sizeof(int16_t)))) {
        free(gap);
        goto out;
    }
    for (size_t i = 0; i < s->count; i++) {
        all.count += (size_t)(gap[i] * all.rate);
        out->start[i] = (double)all.count / all.rate;
        if (segs[i].count)
            memcpy(all.samples + all.count, segs[i].samples, segs[i].count * 2);
        all.count += segs[i].count;
        out->end[i] = (double)all.count / all.rate;
    }
    all.count += (size_t)(gap[s->count] * all.rate);
    free(gap);
    out->duration = (double)all.count / all.rate;
    for (size_t i = 0; i < s->count; i++)
        out->cue_end[i] = i + 1 < s->count ? out->start[i + 1] : out->duration;
    if (!write_track(wav_path, &all))
        goto out;
    rc = 0;
out:
    if (segs)
        for (size_t i = 0; i < s->count; i++)
            wav_pcm_free(&segs[i]);
    free(segs);
    wav_pcm_free(&all);
    if (rc < 0)
        narration_free(out);
    return rc;
}
