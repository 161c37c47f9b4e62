/*
 * video: plays one video file at a time with libvlc 3, decoding into memory so that the main
 * thread can show the newest frame as an SDL texture with the kiosk's own controls and
 * subtitles drawn over it in the same SDL frame.
 *
 * Threads. libvlc is started on a background thread by video_new(), so the kiosk's first
 * frame never waits for VLC's plugin loading; video_open() waits for it only if it is not
 * ready yet. VLC decodes on its own threads and hands each picture to callbacks that only
 * copy into one of three buffers and swap indices under a mutex; VLC's events (playing, end
 * reached, error) only set flags under the same mutex. Everything else (state changes,
 * stopping, failure decisions, SDL calls) happens on the thread that calls video_poll() or
 * video_update(): the main thread. Nothing is ever stopped or released from a VLC callback.
 *
 * Failures. video_open() first reads the file's headers (kiosk/video/probe.h, any container
 * libavformat reads: missing, empty, cut off, not a video, no picture, unsupported codec).
 * During playback: a VLC error, no picture within
 * frame_timeout_ms, or an end far before the announced length (a file that ends early) make
 * the state VIDEO_FAILED. Each failure logs exactly one warning "PATH: REASON".
 *
 * Sound. With options.silent, or when the machine has no sound (no ALSA PCM device and no
 * sound server, or a configured sound server that does not answer), audio goes to VLC's
 * dummy output: the video plays silently with the same timing, and the log gets one line.
 * This is checked again at every open; a change (server gone, server back) is one more line.
 *
 * Virtual time (headless tests). The kiosk's clock is virtual in headless mode but VLC plays
 * on its own clock, options.rate times faster than real time. video_wait_until() lets the
 * caller block, bounded, until the player has reached a position (or a first frame, an end
 * or a failure), so a script's `wait MS` during playback also waits (real time) for the
 * player: see kiosk/screens/video.c.
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

struct video_player;

enum video_state {
    VIDEO_IDLE,    /* nothing open, or stopped */
    VIDEO_OPENING, /* playing was asked for, no picture yet */
    VIDEO_PLAYING,
    VIDEO_PAUSED,
    VIDEO_ENDED,  /* played to the end */
    VIDEO_FAILED, /* could not play; video_error() says why (already logged) */
};

struct video_options {
    bool silent;          /* no sound even when a sound device exists */
    int max_width;        /* pictures larger than this are scaled down by VLC; 0 = 1920 */
    int max_height;       /* 0 = 1920 (a portrait screen) */
    int frame_timeout_ms; /* no first picture after this long (real time) = failed; 0 = 4000 */
    double rate;          /* playing speed, 1 = real time (0 too); headless tests play faster
                             (audio then goes nowhere, never time-stretched); 1/4 .. 32 */
    void (*wake)(void *userdata); /* called on a VLC thread after each new picture and each
                                     VLC event, e.g. to push an SDL event that wakes the main
                                     loop; it must not call back into the player */
    void *userdata;
};

struct video_stats {
    uint64_t delivered; /* pictures VLC handed over since video_open() */
    uint64_t shown;     /* pictures the main thread took (video_update) */
    uint64_t dropped;   /* pictures replaced by a newer one before the main thread took them */
    int width, height;  /* picture size, 0 before the first picture */
    int luma;           /* mean brightness 0..255 of the last picture taken (sampled grid) */
    int64_t first_picture_us; /* from asking VLC to play to its first picture, -1 if none */
};

/* Never NULL for valid options (libvlc failing to start shows later as VIDEO_FAILED). */
struct video_player *video_new(const struct video_options *options);
void video_destroy(struct video_player *player); /* accepts NULL; stops playback */

/* Stops what is playing and starts the file. False (and VIDEO_FAILED, one log line) when the
 * file is refused before playing; playback failures show later through video_poll(). */
bool video_open(struct video_player *player, const char *path);
void video_play(struct video_player *player); /* resumes, or replays after the end */
void video_pause(struct video_player *player);
void video_seek(struct video_player *player, int64_t ms); /* clamped to [0, length) */
void video_stop(struct video_player *player);             /* back to VIDEO_IDLE */

/* Takes VLC's flags into account and returns the state. Main thread. */
enum video_state video_poll(struct video_player *player);
const char *video_error(const struct video_player *player); /* "" when none */
const char *video_path(const struct video_player *player);  /* "" when none */
int64_t video_time_ms(struct video_player *player);         /* position, 0 if unknown */
int64_t video_length_ms(struct video_player *player);       /* 0 if unknown */

/* Size of the pictures the player makes: the file's display size (sample aspect and rotation
 * applied, so pixels are square), scaled down to the options' maximum; known from
 * video_open() on; 0 x 0 when nothing is open. */
void video_picture_size(struct video_player *player, int *w, int *h);

/*
 * Takes the newest picture, if a new one arrived, and uploads it to the player's texture
 * (renderer may be NULL: the picture is taken and counted but not uploaded). Returns true
 * when there was a new picture. Main thread; calls video_poll() too.
 */
bool video_update(struct video_player *player, SDL_Renderer *renderer);
/* The texture with the last picture, or NULL before the first one; w and h may be NULL. */
SDL_Texture *video_texture(struct video_player *player, int *w, int *h);
/* Forgets the texture without destroying it: its renderer was destroyed, which freed it.
 * video_update() with another renderer than the last one does the same. */
void video_forget_texture(struct video_player *player);

void video_get_stats(struct video_player *player, struct video_stats *stats);

/*
 * Blocks until the player is at position ms or later (with at least one picture since the
 * last open or seek), or has ended or failed, or timeout_ms of real time passed. Returns true
 * when the position was reached. For the headless mode's virtual clock; main thread.
 */
bool video_wait_until(struct video_player *player, int64_t ms, int timeout_ms);
