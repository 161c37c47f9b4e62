#define LOG_TAG "wav"
#include "audio/wav.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

enum { WAV_MAX_BYTES = 64 << 20 };

struct wav_writer {
    FILE *f;
    char *path;
    uint32_t bytes;
    int rate;
    bool failed;
};

static uint32_t le32(const unsigned char *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

bool wav_read(const char *path, struct wav_pcm *out)
{
    bool ok = false, have_fmt = false;
    unsigned char *buf = NULL;
    long size = 0;
    const char *why = "not a 16-bit mono PCM WAV file";
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return false;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 44 || size > WAV_MAX_BYTES ||
        fseek(f, 0, SEEK_SET) != 0)
        goto out;
    if ((buf = malloc((size_t)size)) == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        why = "cannot read";
        goto out;
    }
    if (memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WAVE", 4) != 0)
        goto out;
    for (long pos = 12; pos + 8 <= size;) {
        uint32_t len = le32(buf + pos + 4);
        const unsigned char *body = buf + pos + 8;
        long avail = size - pos - 8;
        if (memcmp(buf + pos, "fmt ", 4) == 0 && len >= 16 && avail >= 16) {
            if (le16(body) != 1 || le16(body + 2) != 1 || le16(body + 14) != 16)
                goto out;
            out->rate = (int)le32(body + 4);
            have_fmt = out->rate > 0;
        } else if (memcmp(buf + pos, "data", 4) == 0 && have_fmt) {
            /* espeak-ng leaves the length unset when it streams: take what is there. */
            long n = len > (uint32_t)avail ? avail : (long)len;
            out->count = (size_t)n / 2;
            if ((out->samples = malloc(out->count * 2 + 2)) == NULL) {
                why = "out of memory";
                goto out;
            }
            for (size_t i = 0; i < out->count; i++)
                out->samples[i] = (int16_t)le16(body + 2 * i);
            ok = true;
            goto out;
        }
        if (len > (uint32_t)avail)
            break;
        pos += 8 + (long)len + (len & 1);
    }
out:
    if (!ok) {
        LOG_ERR("%s: %s", path, why);
        wav_pcm_free(out);
    }
    free(buf);
    fclose(f);
    return ok;
}

void wav_pcm_free(struct wav_pcm *pcm)
{
    free(pcm->samples);
    memset(pcm, 0, sizeof(*pcm));
}

void wav_trim(struct wav_pcm *p, int threshold, int keep_ms)
{
    size_t a = 0, b = p->count, keep = (size_t)p->rate * (size_t)keep_ms / 1000;
    while (a < b && abs(p->samples[a]) < threshold)
        a++;
    while (b > a && abs(p->samples[b - 1]) < threshold)
        b--;
    a = a > keep ? a - keep : 0;
    b = b + keep < p->count ? b + keep : p->count;
    memmove(p->samples, p->samples + a, (b - a) * 2);
    p->count = b - a;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void header(unsigned char h[44], int rate, uint32_t data)
{
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);
    put_le(h + 20, 1, 2); /* PCM */
    put_le(h + 22, 1, 2); /* mono */
    put_le(h + 24, (uint32_t)rate, 4);
    put_le(h + 28, (uint32_t)rate * 2, 4);
    put_le(h + 32, 2, 2);
    put_le(h + 34, 16, 2);
    memcpy(h + 36, "data", 4);
    put_le(h + 40, data, 4);
}

struct wav_writer *wav_writer_open(const char *path, int rate)
{
    unsigned char h[44];
    struct wav_writer *w = calloc(1, sizeof(*w));
    if (w == NULL || (w->path = strdup(path)) == NULL)
        goto fail;
    if ((w->f = fopen(path, "wb")) == NULL) {
        LOG_ERR("%s: %s", path, strerror(errno));
        goto fail;
    }
    header(h, rate, 0);
    if (fwrite(h, 1, sizeof(h), w->f) != sizeof(h)) {
        LOG_ERR("%s: cannot write", path);
        goto fail;
    }
    w->rate = rate;
    return w;
fail:
    if (w && w->f)
        fclose(w->f);
    if (w)
        free(w->path);
    free(w);
    return NULL;
}

bool wav_writer_write(struct wav_writer *w, const int16_t *samples, size_t count)
{
    unsigned char buf[4096];
    while (!w->failed && count > 0) {
        size_t n = count < sizeof(buf) / 2 ? count : sizeof(buf) / 2;
        for (size_t i = 0; i < n; i++)
            put_le(buf + 2 * i, (uint16_t)samples[i], 2);
        if (fwrite(buf, 2, n, w->f) != n || w->bytes > UINT32_MAX - 2 * n - 44) {
            LOG_ERR("%s: cannot write", w->path);
            w->failed = true;
        }
        w->bytes += (uint32_t)(2 * n);
        samples += n;
        count -= n;
    }
    return !w->failed;
}

bool wav_writer_close(struct wav_writer *w)
{
    if (w == NULL)
        return true;
    unsigned char h[44];
    header(h, w->rate, w->bytes);
    bool ok =
        !w->failed && fseek(w->f, 0, SEEK_SET) == 0 && fwrite(h, 1, sizeof(h), w->f) == sizeof(h);
    if (fclose(w->f) != 0)
        ok = false;
    if (!ok)
        LOG_ERR("%s: cannot write", w->path);
    free(w->path);
    free(w);
    return ok;
}
