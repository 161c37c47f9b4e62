/*
 * wav: 16-bit mono PCM WAV files, read whole (espeak-ng's output, recordings converted by
 * ffmpeg) and written as a stream (the kiosk's --audio-out record of what it said).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wav_pcm {
    int16_t *samples; /* malloc'd */
    size_t count;
    int rate;
};

/* Reads a RIFF WAV of 16-bit mono PCM; false (logged with the path and why) otherwise. */
bool wav_read(const char *path, struct wav_pcm *out);
void wav_pcm_free(struct wav_pcm *pcm);
/* Cuts what is quieter than threshold (absolute sample value) at both ends, keeping keep_ms. */
void wav_trim(struct wav_pcm *pcm, int threshold, int keep_ms);

struct wav_writer;
/* A writer whose header is completed by wav_writer_close(); NULL (logged) on failure. */
struct wav_writer *wav_writer_open(const char *path, int rate);
bool wav_writer_write(struct wav_writer *w, const int16_t *samples, size_t count);
/* Fixes the header's lengths and closes; false (logged) when anything failed. Accepts NULL. */
bool wav_writer_close(struct wav_writer *w);
