#define LOG_TAG "audio"
#include "audio/audio.h"

#include <SDL.h>
#include <opusfile.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/wav.h"
#include "core/log.h"

enum {
    PAUSE_MS = 300,  /* between two prompts of one utterance */
    MAX_CLIP_S = 60, /* a longer file is cut: a prompt is a sentence or two */
    DEVICE_SAMPLES = 1024,
};
#define DUCK_GAIN 0.35f /* under a playing video the voice is still heard, not on top */

struct audio {
    bool headless;
    SDL_AudioDeviceID device; /* 0: no device (headless, or none could be opened) */
    struct wav_writer *out;
    int64_t written; /* samples of output written, from app time 0 */

    /* The utterance; the SDL callback reads these under the device lock. Headless without
     * an output file only its length counts: buf stays NULL. */
    int16_t *buf;
    size_t len, pos; /* pos: next sample the device plays */
    float gain;
    int64_t start_ms; /* app time the utterance started */
    double decode_ms;
};

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void callback(void *ud, Uint8 *stream, int bytes)
{
    struct audio *a = ud;
    int16_t *out = (int16_t *)(void *)stream;
    size_t n = (size_t)bytes / 2, i = 0;
    for (; i < n && a->pos < a->len; i++, a->pos++)
        out[i] = (int16_t)((float)a->buf[a->pos] * a->gain);
    memset(out + i, 0, (n - i) * 2);
}

static void lock(struct audio *a)
{
    if (a->device)
        SDL_LockAudioDevice(a->device);
}

static void unlock(struct audio *a)
{
    if (a->device)
        SDL_UnlockAudioDevice(a->device);
}

struct audio *audio_new(const struct audio_options *opts)
{
    struct audio *a = calloc(1, sizeof(*a));
    if (a == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    a->headless = opts->headless;
    a->gain = 1.0f;
    if (opts->headless) {
        if (opts->out_wav && (a->out = wav_writer_open(opts->out_wav, AUDIO_RATE)) == NULL) {
            free(a);
            return NULL;
        }
        return a;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        LOG_WARN("no sound: %s; the kiosk stays silent", SDL_GetError());
        return a;
    }
    SDL_AudioSpec want = {.freq = AUDIO_RATE,
                          .format = AUDIO_S16SYS,
                          .channels = 1,
                          .samples = DEVICE_SAMPLES,
                          .callback = callback,
                          .userdata = a};
    a->device = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (a->device == 0)
        LOG_WARN("no sound device: %s; the kiosk stays silent", SDL_GetError());
    else
        SDL_PauseAudioDevice(a->device, 0);
    return a;
}

void audio_destroy(struct audio *a, int64_t now_ms)
{
    if (a == NULL)
        return;
    audio_sync(a, now_ms);
    if (a->device) {
        SDL_CloseAudioDevice(a->device);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    wav_writer_close(a->out);
    free(a->buf);
    free(a);
}

/* Makes room for need samples in *buf. */
static bool grow(int16_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t c = need * 2;
    int16_t *b = realloc(*buf, c * sizeof(*b));
    if (b == NULL)
        return false;
    *buf = b;
    *cap = c;
    return true;
}

/* Appends one Opus file, decoded to 48 kHz mono, to *buf. Outside input: logged, false. */
static bool decode(const char *path, int16_t **buf, size_t *len, size_t *cap)
{
    int err = 0;
    bool ok = false;
    OggOpusFile *of = op_open_file(path, &err);
    if (of == NULL) {
        LOG_WARN("%s: not a readable Opus file (opusfile error %d); not spoken", path, err);
        return false;
    }
    size_t limit = *len + (size_t)MAX_CLIP_S * AUDIO_RATE;
    for (;;) {
        int16_t pcm[5760 * 2];
        int n = op_read_stereo(of, pcm, (int)(sizeof(pcm) / sizeof(pcm[0])));
        if (n < 0) {
            LOG_WARN("%s: damaged Opus data (opusfile error %d); not spoken", path, n);
            goto out;
        }
        if (n == 0 || *len >= limit)
            break;
        if (!grow(buf, cap, *len + (size_t)n)) {
            LOG_ERR("%s: out of memory", path);
            goto out;
        }
        /* The prompts are mono; op_read_stereo gives every file the same layout. */
        for (int i = 0; i < n; i++)
            (*buf)[(*len)++] = (int16_t)(((int)pcm[2 * i] + pcm[2 * i + 1]) / 2);
    }
    ok = true;
out:
    op_free(of);
    return ok;
}

/* Adds the length of one Opus file (48 kHz samples) to *len without decoding it: headless
 * without an output file nobody hears the samples, only when the speech ends counts. The
 * header and the index are read (a broken file is still logged and skipped); a file whose
 * length cannot be told this way is decoded. */
static bool measure(const char *path, size_t *len)
{
    int err = 0;
    OggOpusFile *of = op_open_file(path, &err);
    if (of == NULL) {
        LOG_WARN("%s: not a readable Opus file (opusfile error %d); not spoken", path, err);
        return false;
    }
    ogg_int64_t total = op_pcm_total(of, -1);
    op_free(of);
    if (total < 0) {
        int16_t *buf = NULL;
        size_t n = 0, cap = 0;
        bool ok = decode(path, &buf, &n, &cap);
        free(buf);
        *len += n;
        return ok;
    }
    *len += (size_t)(total < (ogg_int64_t)MAX_CLIP_S * AUDIO_RATE
                         ? total
                         : (ogg_int64_t)MAX_CLIP_S * AUDIO_RATE);
    return true;
}

bool audio_play(struct audio *a, const char *const *paths, size_t n, int64_t now_ms)
{
    if (a == NULL || (!a->headless && a->device == 0))
        return false; /* no sound device: silent, and never "playing" */
    double t0 = mono_ms();
    int16_t *buf = NULL;
    size_t len = 0, cap = 0, got = 0;
    bool length_only = a->headless && a->out == NULL;
    for (size_t i = 0; i < n; i++) {
        size_t before = len;
        if (got > 0 && length_only) {
            len += (size_t)PAUSE_MS * AUDIO_RATE / 1000;
        } else if (got > 0) {
            size_t pause = (size_t)PAUSE_MS * AUDIO_RATE / 1000;
            if (!grow(&buf, &cap, len + pause)) {
                LOG_ERR("out of memory");
                break;
            }
            memset(buf + len, 0, pause * sizeof(*buf));
            len += pause;
        }
        if (length_only) {
            if (measure(paths[i], &len))
                got++;
            else
                len = before;
            continue;
        }
        if (decode(paths[i], &buf, &len, &cap))
            got++;
        else
            len = before;
    }
    audio_sync(a, now_ms);
    lock(a);
    free(a->buf);
    a->buf = got ? buf : NULL;
    a->len = got ? len : 0;
    a->pos = 0;
    a->start_ms = now_ms;
    unlock(a);
    if (!got)
        free(buf);
    a->decode_ms = mono_ms() - t0;
    if (got)
        LOG_DBG("speaking %zu prompt(s), %.1f s, decoded in %.1f ms", got, (double)len / AUDIO_RATE,
                a->decode_ms);
    return got > 0;
}

void audio_stop(struct audio *a, int64_t now_ms)
{
    if (a == NULL)
        return;
    audio_sync(a, now_ms);
    lock(a);
    free(a->buf);
    a->buf = NULL;
    a->len = a->pos = 0;
    unlock(a);
}

int64_t audio_end_ms(const struct audio *a, int64_t now_ms)
{
    if (a == NULL || a->len == 0)
        return -1;
    int64_t end = a->start_ms + (int64_t)(a->len * 1000 / AUDIO_RATE) + 1;
    if (a->headless)
        return end > now_ms ? end : -1;
    SDL_LockAudioDevice(a->device);
    size_t left = a->len - a->pos;
    SDL_UnlockAudioDevice(a->device);
    return left ? now_ms + (int64_t)(left * 1000 / AUDIO_RATE) + 1 : -1;
}

bool audio_playing(const struct audio *a, int64_t now_ms)
{
    return audio_end_ms(a, now_ms) >= 0;
}

void audio_duck(struct audio *a, bool duck, int64_t now_ms)
{
    float g = duck ? DUCK_GAIN : 1.0f;
    if (a == NULL || a->gain == g)
        return;
    audio_sync(a, now_ms);
    lock(a);
    a->gain = g;
    unlock(a);
}

void audio_sync(struct audio *a, int64_t now_ms)
{
    if (a == NULL || a->out == NULL)
        return;
    int64_t target = now_ms * AUDIO_RATE / 1000;
    int16_t chunk[4096];
    while (a->written < target) {
        size_t n = (size_t)(target - a->written);
        n = n < sizeof(chunk) / sizeof(chunk[0]) ? n : sizeof(chunk) / sizeof(chunk[0]);
        for (size_t i = 0; i < n; i++) {
            int64_t t = a->written + (int64_t)i;
            int64_t at = t - a->start_ms * AUDIO_RATE / 1000;
            chunk[i] = a->buf && at >= 0 && (size_t)at < a->len
                           ? (int16_t)((float)a->buf[at] * a->gain)
                           : 0;
        }
        if (!wav_writer_write(a->out, chunk, n)) {
            wav_writer_close(a->out);
            a->out = NULL;
            return;
        }
        a->written += (int64_t)n;
    }
}

double audio_last_decode_ms(const struct audio *a)
{
    return a ? a->decode_ms : 0;
}
