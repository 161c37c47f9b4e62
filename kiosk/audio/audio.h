/*
 * audio: the kiosk's own voice. Plays the spoken prompts that tools/mkspeech made (Opus
 * files, a few seconds each) one after another, lowered while a video plays, and stops the
 * moment the resident moves on.
 *
 * A prompt is decoded whole with opusfile on the main thread when it is asked for (a
 * sentence takes a few milliseconds); an SDL audio device then only copies samples. Headless
 * there is no device: the kiosk's virtual clock says what was heard when, and with an output
 * file (--audio-out) every sample goes into a WAV file on that timeline, silence between
 * prompts, so tests can check what was said and when; without one a prompt's length is read
 * from the file (opusfile's op_pcm_total), not decoded (a third of the monkey's CPU time).
 *
 * Main thread only; the SDL callback touches only the playing buffer, under the device lock.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { AUDIO_RATE = 48000 };

struct audio;

struct audio_options {
    bool headless;       /* no device; time is the caller's virtual clock */
    const char *out_wav; /* headless: write everything played here; NULL = nowhere */
};

/* NULL only when memory runs out or the output file cannot be written; without a sound
 * device the kiosk stays silent (logged once). */
struct audio *audio_new(const struct audio_options *opts);
/* Writes the rest of the output up to now_ms and closes it; accepts NULL. */
void audio_destroy(struct audio *audio, int64_t now_ms);

/*
 * Plays the files in order with a short pause between them, replacing whatever was playing.
 * Files that cannot be read are logged and skipped; false when none could be.
 */
bool audio_play(struct audio *audio, const char *const *paths, size_t n, int64_t now_ms);
void audio_stop(struct audio *audio, int64_t now_ms);
bool audio_playing(const struct audio *audio, int64_t now_ms);
/* When the speech that plays ends (app clock), or -1 when none plays. */
int64_t audio_end_ms(const struct audio *audio, int64_t now_ms);
/* Lowers the voice (a video plays) or brings it back. */
void audio_duck(struct audio *audio, bool duck, int64_t now_ms);
/* Headless: writes the output up to now_ms. Call whenever the clock moved. */
void audio_sync(struct audio *audio, int64_t now_ms);
/* Milliseconds the last audio_play() took to decode (the part of tap-to-sound we cause). */
double audio_last_decode_ms(const struct audio *audio);
