#define LOG_TAG "narration"
#include "core/log.h"

#include "narration.h"
#include "core/spawn.h"

#include <errno.h>
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

struct pcm {
    int16_t *s;
    size_t n;
};

struct wav_format {
    int rate, channels, bits;
};

static uint32_t le32(const unsigned char *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads 16-bit PCM from a RIFF WAV file. */
static int wav_read(const char *path, struct pcm *pcm, struct wav_format *fmt)
{
    int rc = -1;
    unsigned char *buf = NULL;
    long size = 0;
    const char *why = "not a 16-bit PCM WAV file";
    FILE *f = fopen(path, "rb");
    if (!f) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return -1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 44 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    if (!(buf = malloc((size_t)size)) || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        why = "cannot read";
        goto out;
    }
    if (memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WAVE", 4) != 0)
        goto out;
    bool have_fmt = false;
    for (long pos = 12; pos + 8 <= size;) {
        uint32_t len = le32(buf + pos + 4);
        const unsigned char *body = buf + pos + 8;
        long avail = size - pos - 8;
        if (memcmp(buf + pos, "fmt ", 4) == 0 && len >= 16 && avail >= 16) {
            if ((body[0] | body[1] << 8) != 1)
                goto out;
            fmt->channels = body[2] | body[3] << 8;
            fmt->rate = (int)le32(body + 4);
            fmt->bits = body[14] | body[15] << 8;
            have_fmt = true;
        } else if (memcmp(buf + pos, "data", 4) == 0 && have_fmt) {
            /* espeak-ng may leave the length unset when streaming: take what is there. */
            long n = len > (uint32_t)avail ? avail : (long)len;
            if (fmt->bits != 16 || fmt->channels != 1)
                goto out;
            pcm->n = (size_t)n / 2;
            if (!(pcm->s = malloc(pcm->n * 2 + 2)))
                goto out;
            for (size_t i = 0; i < pcm->n; i++)
                pcm->s[i] = (int16_t)(body[2 * i] | body[2 * i + 1] << 8);
            rc = 0;
            goto out;
        }
        pos += 8 + (long)len + (len & 1);
    }
out:
    if (rc < 0)
        LOG_ERR("%s: %s", path, why);
    free(buf);
    fclose(f);
    return rc;
}

static void put_le(FILE *f, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        fputc((int)((v >> (8 * i)) & 0xff), f);
}

static int wav_write(const char *path, const struct pcm *pcm, int rate)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return -1;
    }
    uint32_t data = (uint32_t)(pcm->n * 2);
    fwrite("RIFF", 1, 4, f);
    put_le(f, 36 + data, 4);
    fwrite("WAVEfmt ", 1, 8, f);
    put_le(f, 16, 4);
    put_le(f, 1, 2); /* PCM */
    put_le(f, 1, 2); /* mono */
    put_le(f, (uint32_t)rate, 4);
    put_le(f, (uint32_t)rate * 2, 4);
    put_le(f, 2, 2);
    put_le(f, 16, 2);
    fwrite("data", 1, 4, f);
    put_le(f, data, 4);
    for (size_t i = 0; i < pcm->n; i++)
        put_le(f, (uint16_t)pcm->s[i], 2);
    if (fclose(f) != 0) {
        LOG_ERR("%s: write failed", path);
        return -1;
    }
    return 0;
}

/* Cuts the silence espeak-ng leaves before and after the speech. */
static void trim(struct pcm *p, int rate)
{
    size_t a = 0, b = p->n, keep = (size_t)rate * KEEP_MS / 1000;
    while (a < b && abs(p->s[a]) < SILENCE)
        a++;
    while (b > a && abs(p->s[b - 1]) < SILENCE)
        b--;
    a = a > keep ? a - keep : 0;
    b = b + keep < p->n ? b + keep : p->n;
    memmove(p->s, p->s + a, (b - a) * 2);
    p->n = b - a;
}

static int speak(const char *text, const char *voice, int speed, const char *tmpdir, size_t i,
                 struct pcm *pcm, struct wav_format *fmt)
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
    if (wav_read(wav, pcm, fmt) < 0)
        return -1;
    trim(pcm, fmt->rate);
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
    struct pcm *segs = calloc(s->count, sizeof(*segs));
    struct pcm all = {0};
    struct wav_format fmt = {0}, first = {0};
    memset(out, 0, sizeof(*out));
    if (!segs)
        goto out;
    double speech = 0, pauses = 0, extra = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        speech = pauses = 0;
        for (size_t i = 0; i < s->count; i++) {
            free(segs[i].s);
            segs[i] = (struct pcm){0};
            if (!o->voice)
                fmt = (struct wav_format){SILENT_RATE, 1, 16}; /* silence: reading time only */
            else {
                char *said = o->spoken ? o->spoken(o->spoken_ud, s->segs[i].text) : NULL;
                int r = speak(said ? said : s->segs[i].text, o->voice, speed, o->tmpdir, i,
                              &segs[i], &fmt);
                free(said);
                if (r < 0)
                    goto out;
            }
            if (i == 0)
                first = fmt;
            else if (fmt.rate != first.rate) {
                LOG_ERR("espeak-ng changed its sample rate (%d, %d)", first.rate, fmt.rate);
                goto out;
            }
            speech += (double)segs[i].n / fmt.rate;
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
        double speech_i = (double)segs[i].n / first.rate;
        double need = narration_reading_time(s->segs[i].text,
                                             o->voice ? NARRATION_MAX_CPS : NARRATION_CALM_CPS);
        if (speech_i + gap[i + 1] < need)
            gap[i + 1] = need - speech_i;
    }
    size_t total_n = 0;
    for (size_t i = 0; i <= s->count; i++)
        total_n += (i < s->count ? segs[i].n : 0) + (size_t)(gap[i] * first.rate) + 1;
    if (!(all.s = calloc(total_n, sizeof(int16_t)))) {
        free(gap);
        goto out;
    }
    for (size_t i = 0; i < s->count; i++) {
        all.n += (size_t)(gap[i] * first.rate);
        out->start[i] = (double)all.n / first.rate;
        if (segs[i].n)
            memcpy(all.s + all.n, segs[i].s, segs[i].n * 2);
        all.n += segs[i].n;
        out->end[i] = (double)all.n / first.rate;
    }
    all.n += (size_t)(gap[s->count] * first.rate);
    free(gap);
    out->duration = (double)all.n / first.rate;
    for (size_t i = 0; i < s->count; i++)
        out->cue_end[i] = i + 1 < s->count ? out->start[i + 1] : out->duration;
    if (wav_write(wav_path, &all, first.rate) < 0)
        goto out;
    rc = 0;
out:
    if (segs)
        for (size_t i = 0; i < s->count; i++)
            free(segs[i].s);
    free(segs);
    free(all.s);
    if (rc < 0)
        narration_free(out);
    return rc;
}
