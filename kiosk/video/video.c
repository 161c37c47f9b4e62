#define LOG_TAG "video"
#include "core/log.h"

#include "video/video.h"

#include <assert.h>
#include <dlfcn.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vlc/vlc.h>

#include "video/probe.h"

/* An end more than this before the announced length is a file that ends early. */
enum { EARLY_END_SLACK_MS = 1500 };
/* How long the position must stay near a seek's target before the seek counts as done. */
enum { SEEK_SETTLE_MS = 200 };
/* Faster than real time (options.rate) only up to this many 1080p pictures a real second:
 * beyond it VLC drops pictures, or all of them before a short video ends. */
enum { FAST_PICTURES_PER_S = 40 };
/* libvlc 3 updates the position it reports every 250 ms (real time); a little more for the
 * main thread to see the change. */
enum { VLC_TIME_STEP_MS = 300 };

/*
 * Two picture buffers (a 1080p picture is 8 MB): VLC writes into `back`, the newest finished
 * picture is `ready`, and the main thread uploads straight from `ready`. A picture VLC
 * finishes during an upload is published right after it (swap_pending); only if VLC wants to
 * start the next one before that does it wait, for the rest of one upload (~2 ms).
 */
enum { NBUF = 2 };

struct video_player {
    struct video_options opts;

    /* libvlc, started by init_thread; vlc and mp are read only after the join. */
    pthread_t init_thread;
    bool init_running;
    libvlc_instance_t *vlc;
    libvlc_media_player_t *mp;

    pthread_mutex_t lock;
    pthread_cond_t cond;
    /* Shared with VLC's threads, under lock. */
    uint8_t *buf[NBUF]; /* (re)made only by the main thread while VLC is stopped */
    int back, ready;
    bool have_ready;   /* `ready` holds a picture the main thread has not taken */
    bool locked;       /* VLC is writing into `back` */
    bool reading;      /* the main thread is uploading `ready` */
    bool swap_pending; /* `back` holds a finished picture to publish after the upload */
    int fw, fh, pitch;
    size_t buf_size;
    uint64_t delivered, dropped, since_mark;
    struct timespec opened_at_shared, first_at; /* when playing was asked for; first picture */
    bool ev_playing, ev_ended, ev_error;

    /* Main thread only (sound: also read by init_main before the main thread waits). */
    bool sound; /* sound was playable at the last check */
    enum video_state state;
    bool opened; /* a media is set and started */
    char path[PATH_MAX];
    char error[256];
    struct timespec opened_at;
    int64_t max_time_ms;
    bool seek_pending; /* VLC has not reached seek_target yet: report the target */
    int64_t seek_target;
    struct timespec seek_at, seek_near_since;
    /* VLC's position in steps of 250 ms real time, filled in from the rate and the time since
     * it last changed; never going back between two opens or seeks. */
    int64_t clock_raw, clock_base, clock_shown;
    struct timespec clock_at;
    bool clock_running; /* playing at the last look: clock_at counts */
    int64_t length_ms;
    double rate; /* of the media playing: options.rate, lower for large or fast pictures */
    uint64_t shown;
    int luma;
    SDL_Texture *tex;
    SDL_Renderer *tex_renderer;
    int tw, th;
};

static int64_t ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* A PulseAudio (or PipeWire) socket that a server answers on; a socket file whose server is
 * gone refuses the connection at once. */
static bool pulse_answers(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(a.sun_path))
        return false;
    memcpy(a.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return false;
    bool ok = connect(fd, (const struct sockaddr *)&a, sizeof(a)) == 0 || errno == EINPROGRESS ||
              errno == EAGAIN;
    close(fd);
    return ok;
}

/*
 * Whether sound can play, and if not why: no ALSA PCM device and no sound server, or a sound
 * server that is configured but gone. Without sound VLC would spend time (and log lines)
 * failing to open outputs at every video, so the audio goes to VLC's dummy output instead.
 * Takes well under a millisecond: it runs at every open.
 */
static bool sound_available(char *why, size_t len)
{
    const char *server = getenv("PULSE_SERVER");
    if (server != NULL && server[0]) {
        const char *path = strncmp(server, "unix:", 5) == 0 ? server + 5 : server;
        if (path[0] != '/')
            return true; /* a network server: cannot be checked cheaply, trust it */
        if (pulse_answers(path))
            return true;
        snprintf(why, len, "the sound server %s does not answer", server);
        return false;
    }
    const char *rt = getenv("XDG_RUNTIME_DIR");
    char sock[PATH_MAX];
    struct stat st;
    if (rt != NULL && snprintf(sock, sizeof(sock), "%s/pulse/native", rt) < (int)sizeof(sock) &&
        stat(sock, &st) == 0) {
        if (pulse_answers(sock))
            return true;
        snprintf(why, len, "the sound server at %.150s is gone", sock);
        return false;
    }
    glob_t g;
    bool alsa = glob("/dev/snd/pcmC*", 0, NULL, &g) == 0;
    globfree(&g);
    if (!alsa)
        snprintf(why, len, "no sound card and no sound server");
    return alsa;
}

/* gcc says ASan is on with __SANITIZE_ADDRESS__, clang only through __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define VIDEO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VIDEO_ASAN 1
#endif
#endif

#ifdef VIDEO_ASAN
/*
 * LeakSanitizer (make SANITIZE=1): some of VLC's plugins keep small allocations for the life
 * of the process, and libvlc unloads its plugins on release, which leaves those leaks with no
 * module to judge them by. In sanitizer builds only, the plugins this process loaded are
 * pinned (never unloaded) before the release, and leaks whose stack runs through VLC's plugin
 * folder are suppressed. Leaks in the kiosk, in libvlc's core or anywhere else still fail.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:/vlc/plugins/\n";
}

static void pin_vlc_plugins(void)
{
    glob_t g;
    if (glob("/usr/lib/*/vlc/plugins/*/*.so", 0, NULL, &g) != 0)
        return;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        void *h = dlopen(g.gl_pathv[i], RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
        if (h != NULL)
            dlclose(h);
    }
    globfree(&g);
}
#else
static void pin_vlc_plugins(void)
{
}
#endif

/* ---- VLC's threads: only copy, swap indices and set flags under the lock. ---- */

static void *cb_lock(void *opaque, void **planes)
{
    struct video_player *p = opaque;
    pthread_mutex_lock(&p->lock);
    while (p->swap_pending) /* `back` still holds the newest picture */
        pthread_cond_wait(&p->cond, &p->lock);
    p->locked = true;
    planes[0] = p->buf[p->back];
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void cb_unlock(void *opaque, void *picture, void *const *planes)
{
    (void)opaque;
    (void)picture;
    (void)planes;
}

static void cb_display(void *opaque, void *picture)
{
    struct video_player *p = opaque;
    (void)picture;
    pthread_mutex_lock(&p->lock);
    /* VLC may show a picture again without writing it anew (when paused): nothing new. */
    bool fresh = p->locked;
    if (fresh) {
        p->locked = false;
        if (p->reading) {
            p->swap_pending = true;
        } else {
            if (p->have_ready)
                p->dropped++;
            int t = p->ready;
            p->ready = p->back;
            p->back = t;
            p->have_ready = true;
        }
        if (p->delivered++ == 0)
            clock_gettime(CLOCK_MONOTONIC, &p->first_at);
        p->since_mark++;
        pthread_cond_broadcast(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
    if (fresh && p->opts.wake != NULL)
        p->opts.wake(p->opts.userdata);
}

/*
 * Sizes the output for a video of w x h and makes the buffers. Main thread, with VLC stopped,
 * so no VLC thread holds a buffer. The size comes from the file's track header, so VLC can be
 * given a fixed format (libvlc_video_set_format): with a format callback instead VLC sets its
 * output up several times per file, which costs about 100 ms before the first picture.
 */
static bool prepare_output(struct video_player *p, int w, int h)
{
    int mw = p->opts.max_width, mh = p->opts.max_height;
    if (w <= 0 || h <= 0) { /* no size in the header: a sane default, VLC scales to it */
        w = 1280;
        h = 720;
    }
    /* Scale down to fit, keeping the aspect ratio; even sizes keep the chroma planes whole. */
    if (w > mw || h > mh) {
        double s = (double)mw / w < (double)mh / h ? (double)mw / w : (double)mh / h;
        w = (int)(w * s);
        h = (int)(h * s);
    }
    w &= ~1;
    h &= ~1;
    if (w < 2 || h < 2)
        return false;
    int pitch = w * 4;
    /* Room for a few lines more than asked: decoders write whole macroblock rows. */
    size_t need = (size_t)pitch * (size_t)(h + 16);
    bool ok = true;
    pthread_mutex_lock(&p->lock);
    /* Buffers of the right size stay from the last video: no allocation, no page faults. */
    if (p->buf[0] == NULL || p->buf_size != need) {
        for (int i = 0; i < NBUF; i++) {
            free(p->buf[i]);
            p->buf[i] = aligned_alloc(64, (need + 63) & ~(size_t)63);
            ok = ok && p->buf[i] != NULL;
        }
        p->buf_size = ok ? need : 0;
    }
    p->have_ready = false;
    p->locked = false;
    p->fw = w;
    p->fh = h;
    p->pitch = pitch;
    p->back = 0;
    p->ready = 1;
    p->swap_pending = false;
    pthread_mutex_unlock(&p->lock);
    if (ok) /* RV32 is B,G,R,X in memory: SDL_PIXELFORMAT_RGB888 on little-endian machines */
        libvlc_video_set_format(p->mp, "RV32", (unsigned)w, (unsigned)h, (unsigned)pitch);
    return ok;
}

static void cb_event(const struct libvlc_event_t *ev, void *opaque)
{
    struct video_player *p = opaque;
    pthread_mutex_lock(&p->lock);
    switch (ev->type) {
    case libvlc_MediaPlayerPlaying:
        p->ev_playing = true;
        break;
    case libvlc_MediaPlayerEndReached:
        p->ev_ended = true;
        break;
    case libvlc_MediaPlayerEncounteredError:
        p->ev_error = true;
        break;
    default:
        break;
    }
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    if (p->opts.wake != NULL)
        p->opts.wake(p->opts.userdata);
}

/* ---- Start-up of libvlc, off the main thread. ---- */

static void *init_main(void *arg)
{
    struct video_player *p = arg;
    const char *argv[20];
    int argc = 0;
    argv[argc++] = "--quiet";
    argv[argc++] = "--ignore-config";
    argv[argc++] = "--no-video-title-show";
    argv[argc++] = "--no-osd";
    argv[argc++] = "--no-spu"; /* the kiosk draws subtitles itself */
    argv[argc++] = "--no-sub-autodetect-file";
    argv[argc++] = "--no-stats";
    argv[argc++] = "--no-lua";
    argv[argc++] = "--no-xlib";
    argv[argc++] = "--avcodec-hw=none"; /* kiosks have no reliable GPU decoder; probing costs */
    /* Local files need little read-ahead; VLC's defaults (1 s, a decoder thread per core
     * plus one) hold some 40 MB more decoded 1080p pictures than a kiosk can spare. */
    argv[argc++] = "--file-caching=100";
    argv[argc++] = "--avcodec-threads=2";
    if (p->opts.silent || !p->sound)
        argv[argc++] = "--aout=adummy";
    /* Faster than real time (headless tests): the audio is not stretched to the new speed
     * (VLC's output drops it above 4x anyway), so no time goes into a filter nobody hears. */
    if (p->opts.rate != 1) {
        argv[argc++] = "--no-audio-time-stretch";
        /* Every picture is shown, late or not: a test sees pictures, never a skipped run. */
        argv[argc++] = "--no-drop-late-frames";
        argv[argc++] = "--no-skip-frames";
    }

    libvlc_instance_t *vlc = libvlc_new(argc, argv);
    libvlc_media_player_t *mp = NULL;
    if (vlc == NULL)
        goto out;
    mp = libvlc_media_player_new(vlc);
    if (mp == NULL)
        goto out;
    libvlc_video_set_callbacks(mp, cb_lock, cb_unlock, cb_display, p);
    libvlc_event_manager_t *em = libvlc_media_player_event_manager(mp);
    static const libvlc_event_type_t types[] = {libvlc_MediaPlayerPlaying,
                                                libvlc_MediaPlayerEndReached,
                                                libvlc_MediaPlayerEncounteredError};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (libvlc_event_attach(em, types[i], cb_event, p) != 0) {
            libvlc_media_player_release(mp);
            mp = NULL;
            goto out;
        }
    }
out:
    if (mp == NULL && vlc != NULL) {
        libvlc_release(vlc);
        vlc = NULL;
    }
    p->vlc = vlc;
    p->mp = mp;
    return NULL;
}

/* Waits for libvlc's start-up; true when it is usable. */
static bool ensure_vlc(struct video_player *p)
{
    if (p->init_running) {
        pthread_join(p->init_thread, NULL);
        p->init_running = false;
        if (p->mp == NULL)
            LOG_ERR("libvlc could not start (are vlc-plugin-base and its plugins installed?)");
    }
    return p->mp != NULL;
}

struct video_player *video_new(const struct video_options *options)
{
    struct video_player *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    if (options != NULL)
        p->opts = *options;
    if (p->opts.max_width <= 0)
        p->opts.max_width = 1920;
    if (p->opts.max_height <= 0)
        p->opts.max_height = 1920;
    if (p->opts.frame_timeout_ms <= 0)
        p->opts.frame_timeout_ms = 4000;
    if (!(p->opts.rate > 0))
        p->opts.rate = 1;
    if (p->opts.rate < 0.25)
        p->opts.rate = 0.25;
    if (p->opts.rate > 32)
        p->opts.rate = 32;
    p->rate = 1;
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cond, &ca);
    pthread_condattr_destroy(&ca);
    p->state = VIDEO_IDLE;
    p->clock_raw = p->clock_base = p->clock_shown = -1;
    if (!p->opts.silent) {
        char why[200];
        p->sound = sound_available(why, sizeof(why));
        if (!p->sound)
            LOG_WARN("no sound: %s; videos play without sound", why);
    }
    p->init_running = pthread_create(&p->init_thread, NULL, init_main, p) == 0;
    if (!p->init_running)
        init_main(p); /* no thread to spare: start libvlc here, later is no better */
    return p;
}

static void stop_player(struct video_player *p)
{
    if (p->opened && ensure_vlc(p))
        libvlc_media_player_stop(p->mp); /* synchronous: VLC's threads are gone after it */
    p->opened = false;
    p->seek_pending = false;
    p->clock_raw = p->clock_base = p->clock_shown = -1;
    p->clock_running = false;
    pthread_mutex_lock(&p->lock);
    p->have_ready = p->swap_pending = p->locked = false;
    p->ev_playing = p->ev_ended = p->ev_error = false;
    pthread_mutex_unlock(&p->lock);
}

void video_destroy(struct video_player *p)
{
    if (p == NULL)
        return;
    stop_player(p);
    ensure_vlc(p);
    if (p->mp != NULL)
        libvlc_media_player_release(p->mp);
    if (p->vlc != NULL) {
        pin_vlc_plugins();
        libvlc_release(p->vlc);
    }
    if (p->tex != NULL)
        SDL_DestroyTexture(p->tex);
    for (int i = 0; i < NBUF; i++)
        free(p->buf[i]);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

static void fail(struct video_player *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The one place a failure is decided: one log line, playback stopped, state FAILED. */
static void fail(struct video_player *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof(p->error), fmt, ap);
    va_end(ap);
    LOG_WARN("%s: %s", p->path, p->error);
    stop_player(p);
    p->state = VIDEO_FAILED;
}

bool video_open(struct video_player *p, const char *path)
{
    assert(p != NULL && path != NULL);
    stop_player(p);
    snprintf(p->path, sizeof(p->path), "%s", path);
    p->error[0] = '\0';
    p->max_time_ms = 0;
    p->length_ms = 0;
    p->shown = 0;
    p->luma = 0;
    pthread_mutex_lock(&p->lock);
    p->delivered = p->dropped = p->since_mark = 0;
    pthread_mutex_unlock(&p->lock);

    char reason[300];
    struct probe_info info;
    if (!probe_file(path, PROBE_QUICK, &info, reason, sizeof(reason))) {
        fail(p, "%s", reason);
        return false;
    }
    p->length_ms = info.duration_ms;
    /* A file that did not go through packtool (copied in by hand): it is tried, but the log
     * says why it may stutter and what fixes it. */
    char why[300];
    if (probe_needs(&info, path, why, sizeof(why)) & PROBE_NEEDS_CONVERT)
        LOG_WARN("%s: beyond the kiosk's profile (%s); packtool create converts it", path, why);
    if (!ensure_vlc(p)) {
        fail(p, "libvlc is not available");
        return false;
    }
    /* The display size (sample aspect and rotation applied): VLC turns the picture upright
     * and scales it to exactly this size, so the pixels the kiosk gets are square. */
    if (!prepare_output(p, info.display_w, info.display_h)) {
        fail(p, "no memory for %dx%d pictures", info.display_w, info.display_h);
        return false;
    }
    /* A sound server can go away (or come back) while the kiosk runs: one line when that
     * changes, and the dummy output while it is gone, so a video starts as fast as ever. */
    if (!p->opts.silent) {
        char why[200];
        bool sound = sound_available(why, sizeof(why));
        if (sound != p->sound) {
            if (sound)
                LOG_INFO("sound is back; videos play with sound again");
            else
                LOG_WARN("no sound: %s; videos play without sound", why);
            libvlc_audio_output_set(p->mp, sound ? "any" : "adummy");
            p->sound = sound;
        }
    }
    libvlc_media_t *m = libvlc_media_new_path(p->vlc, path);
    if (m == NULL) {
        fail(p, "libvlc cannot make a media of it");
        return false;
    }
    libvlc_media_player_set_media(p->mp, m);
    libvlc_media_release(m); /* the player holds its own reference */
    p->rate = 1;
    if (p->opts.rate != 1) {
        double fps = info.fps > 0 ? info.fps : 30;
        double px = (double)p->fw * p->fh * fps, budget = 1920.0 * 1080 * FAST_PICTURES_PER_S;
        p->rate = p->opts.rate < 1 || px * p->opts.rate <= budget
                      ? p->opts.rate
                      : (budget / px > 1 ? budget / px : 1);
        libvlc_media_player_set_rate(p->mp, (float)p->rate);
    }
    clock_gettime(CLOCK_MONOTONIC, &p->opened_at);
    pthread_mutex_lock(&p->lock);
    p->opened_at_shared = p->opened_at;
    pthread_mutex_unlock(&p->lock);
    if (libvlc_media_player_play(p->mp) != 0) {
        fail(p, "libvlc refused to play it");
        return false;
    }
    p->opened = true;
    p->state = VIDEO_OPENING;
    return true;
}

void video_play(struct video_player *p)
{
    enum video_state s = video_poll(p);
    if (s == VIDEO_PAUSED) {
        libvlc_media_player_set_pause(p->mp, 0);
        p->state = VIDEO_PLAYING;
    } else if (s == VIDEO_ENDED && p->path[0] != '\0') {
        /* After the end VLC's input is finished: a replay is a fresh start of the same file. */
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s", p->path);
        video_open(p, path);
    }
}

void video_pause(struct video_player *p)
{
    enum video_state s = video_poll(p);
    if (s == VIDEO_PLAYING || s == VIDEO_OPENING) {
        libvlc_media_player_set_pause(p->mp, 1);
        p->state = VIDEO_PAUSED;
    }
}

void video_seek(struct video_player *p, int64_t ms)
{
    enum video_state s = video_poll(p);
    if (s != VIDEO_PLAYING && s != VIDEO_PAUSED && s != VIDEO_OPENING)
        return;
    int64_t len = video_length_ms(p);
    if (ms < 0)
        ms = 0;
    if (len > 0 && ms > len - 100)
        ms = len - 100;
    pthread_mutex_lock(&p->lock);
    p->since_mark = 0;
    pthread_mutex_unlock(&p->lock);
    libvlc_media_player_set_time(p->mp, ms);
    p->max_time_ms = ms; /* a seek backwards must not hide a later early end */
    p->seek_pending = true;
    p->clock_raw = p->clock_base = p->clock_shown = -1;
    p->clock_running = false;
    p->seek_target = ms;
    clock_gettime(CLOCK_MONOTONIC, &p->seek_at);
    p->seek_near_since.tv_sec = 0;
}

/*
 * Between two of VLC's position updates the position moves on at the rate while playing;
 * at most one update's worth, so a player that stalls is not reported far ahead. At 8x (the
 * headless tests) an update is two seconds of video: without this a picture could be shown
 * with the subtitle of two seconds before, and a wait for a position would wait for the
 * next update.
 */
static int64_t interpolate(struct video_player *p, int64_t raw)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    bool running = p->state == VIDEO_PLAYING && raw >= 0;
    if (raw != p->clock_raw) { /* a fresh report */
        p->clock_raw = p->clock_base = raw;
        p->clock_at = now;
    } else if (running != p->clock_running) { /* paused or resumed: on from what was shown */
        p->clock_base = p->clock_shown > raw ? p->clock_shown : raw;
        p->clock_at = now;
    }
    p->clock_running = running;
    int64_t t = p->clock_base;
    if (running) {
        int64_t real = (int64_t)(now.tv_sec - p->clock_at.tv_sec) * 1000 +
                       (now.tv_nsec - p->clock_at.tv_nsec) / 1000000;
        if (real > VLC_TIME_STEP_MS)
            real = VLC_TIME_STEP_MS;
        t += (int64_t)((double)real * p->rate);
    }
    if (p->length_ms > 0 && t > p->length_ms)
        t = p->length_ms;
    if (t < p->clock_shown) /* a report behind the guess: stand still until it catches up */
        t = p->clock_shown;
    p->clock_shown = t;
    return t;
}

/*
 * VLC's position, except right after a seek. VLC applies a seek on its own thread; until then
 * it may report the target (libvlc sets the variable at once), then the old position again
 * (the clock of pictures from before the seek), then the new one. A seek counts as done when
 * the position has stayed near the target for SEEK_SETTLE_MS; until then the target is
 * reported, and pictures count anew from then on.
 */
static int64_t current_time(struct video_player *p)
{
    int64_t t = libvlc_media_player_get_time(p->mp);
    if (!p->seek_pending)
        return interpolate(p, t);
    /* Near: the new position, which moves on while it settles (faster at a higher rate). */
    bool near = t >= p->seek_target - 300 &&
                t <= p->seek_target + 1500 + (int64_t)(SEEK_SETTLE_MS * p->rate);
    if (!near)
        p->seek_near_since.tv_sec = 0;
    else if (p->seek_near_since.tv_sec == 0)
        clock_gettime(CLOCK_MONOTONIC, &p->seek_near_since);
    if ((near && ms_since(&p->seek_near_since) >= SEEK_SETTLE_MS) || ms_since(&p->seek_at) > 3000) {
        p->seek_pending = false;
        pthread_mutex_lock(&p->lock);
        p->since_mark = 0;
        pthread_mutex_unlock(&p->lock);
        return interpolate(p, t);
    }
    return p->seek_target;
}

void video_stop(struct video_player *p)
{
    stop_player(p);
    p->state = VIDEO_IDLE;
}

enum video_state video_poll(struct video_player *p)
{
    if (!p->opened || p->state == VIDEO_FAILED)
        return p->state;
    pthread_mutex_lock(&p->lock);
    bool ended = p->ev_ended, error = p->ev_error;
    uint64_t delivered = p->delivered;
    pthread_mutex_unlock(&p->lock);

    int64_t len = libvlc_media_player_get_length(p->mp);
    if (len > 0)
        p->length_ms = len;
    int64_t t = current_time(p);
    if (t > p->max_time_ms)
        p->max_time_ms = t;

    if (error) {
        fail(p, "libvlc could not play it (corrupt or unsupported stream)");
    } else if (ended) {
        if (delivered == 0)
            fail(p, "no picture could be decoded (corrupt or unsupported video)");
        else if (p->length_ms > 0 && p->max_time_ms + EARLY_END_SLACK_MS < p->length_ms)
            fail(p, "ends early: stopped at %.1f s of %.1f s", p->max_time_ms / 1000.0,
                 p->length_ms / 1000.0);
        else if (p->state != VIDEO_ENDED) {
            p->state = VIDEO_ENDED;
            p->max_time_ms = p->length_ms;
        }
    } else if (delivered == 0 && p->state == VIDEO_OPENING &&
               ms_since(&p->opened_at) > p->opts.frame_timeout_ms) {
        fail(p, "no picture after %d ms (undecodable video)", p->opts.frame_timeout_ms);
    } else if (delivered > 0 && p->state == VIDEO_OPENING) {
        p->state = VIDEO_PLAYING;
    }
    return p->state;
}

const char *video_error(const struct video_player *p)
{
    return p->error;
}

const char *video_path(const struct video_player *p)
{
    return p->path;
}

int64_t video_time_ms(struct video_player *p)
{
    if (p->state == VIDEO_ENDED)
        return p->length_ms;
    if (!p->opened)
        return 0;
    int64_t t = current_time(p);
    return t > 0 ? t : 0;
}

int64_t video_length_ms(struct video_player *p)
{
    if (p->opened) {
        int64_t len = libvlc_media_player_get_length(p->mp);
        if (len > 0)
            p->length_ms = len;
    }
    return p->length_ms;
}

/* Mean brightness over a 16x9 grid of pixels: enough to tell a picture from black. */
static int sample_luma(const uint8_t *px, int w, int h, int pitch)
{
    long sum = 0;
    int n = 0;
    for (int gy = 0; gy < 9; gy++)
        for (int gx = 0; gx < 16; gx++) {
            const uint8_t *q =
                px + (size_t)((2 * gy + 1) * h / 18) * pitch + (size_t)((2 * gx + 1) * w / 32) * 4;
            sum += (q[2] * 299 + q[1] * 587 + q[0] * 114) / 1000;
            n++;
        }
    return (int)(sum / n);
}

bool video_update(struct video_player *p, SDL_Renderer *renderer)
{
    video_poll(p);
    if (p->tex != NULL && renderer != p->tex_renderer)
        video_forget_texture(p);
    pthread_mutex_lock(&p->lock);
    if (!p->have_ready || p->buf[p->ready] == NULL) {
        pthread_mutex_unlock(&p->lock);
        return false;
    }
    p->reading = true;
    const uint8_t *px = p->buf[p->ready];
    int w = p->fw, h = p->fh, pitch = p->pitch;
    pthread_mutex_unlock(&p->lock);

    p->shown++;
    p->luma = sample_luma(px, w, h, pitch);
    if (renderer != NULL) {
        if (p->tex == NULL || p->tw != w || p->th != h) {
            if (p->tex != NULL)
                SDL_DestroyTexture(p->tex);
            p->tex = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGB888,
                                       SDL_TEXTUREACCESS_STREAMING, w, h);
            p->tex_renderer = renderer;
            p->tw = w;
            p->th = h;
            if (p->tex == NULL)
                LOG_ERR("cannot make a %dx%d video texture: %s", w, h, SDL_GetError());
        }
        if (p->tex != NULL && SDL_UpdateTexture(p->tex, NULL, px, pitch) != 0)
            LOG_ERR("cannot upload a video picture: %s", SDL_GetError());
    }
    pthread_mutex_lock(&p->lock);
    p->reading = false;
    p->have_ready = false;
    if (p->swap_pending) {
        int t = p->ready;
        p->ready = p->back;
        p->back = t;
        p->have_ready = true;
        p->swap_pending = false;
        pthread_cond_broadcast(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);

    if (p->state == VIDEO_OPENING)
        p->state = VIDEO_PLAYING;
    return true;
}

SDL_Texture *video_texture(struct video_player *p, int *w, int *h)
{
    if (w != NULL)
        *w = p->tex != NULL ? p->tw : 0;
    if (h != NULL)
        *h = p->tex != NULL ? p->th : 0;
    return p->tex;
}

void video_forget_texture(struct video_player *p)
{
    p->tex = NULL;
    p->tex_renderer = NULL;
}

void video_picture_size(struct video_player *p, int *w, int *h)
{
    pthread_mutex_lock(&p->lock);
    *w = p->path[0] ? p->fw : 0;
    *h = p->path[0] ? p->fh : 0;
    pthread_mutex_unlock(&p->lock);
}

void video_get_stats(struct video_player *p, struct video_stats *s)
{
    pthread_mutex_lock(&p->lock);
    s->delivered = p->delivered;
    s->dropped = p->dropped;
    s->width = p->delivered > 0 ? p->fw : 0;
    s->height = p->delivered > 0 ? p->fh : 0;
    s->first_picture_us = p->delivered > 0
                              ? (p->first_at.tv_sec - p->opened_at_shared.tv_sec) * 1000000 +
                                    (p->first_at.tv_nsec - p->opened_at_shared.tv_nsec) / 1000
                              : -1;
    pthread_mutex_unlock(&p->lock);
    s->shown = p->shown;
    s->luma = p->luma;
}

bool video_wait_until(struct video_player *p, int64_t ms, int timeout_ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        enum video_state s = video_poll(p);
        if (s == VIDEO_ENDED || s == VIDEO_FAILED || s == VIDEO_IDLE)
            return false;
        int64_t t = video_time_ms(p); /* first: it may settle a pending seek */
        pthread_mutex_lock(&p->lock);
        bool pictured = p->since_mark > 0 && !p->seek_pending;
        pthread_mutex_unlock(&p->lock);
        if (pictured && (s == VIDEO_PAUSED || t >= ms))
            return true;
        int64_t left = timeout_ms - ms_since(&t0);
        if (left <= 0)
            return false;
        /* Woken by each picture or event; a short cap keeps the clock check going. */
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        int64_t step = left < 20 ? left : 20;
        until.tv_nsec += step * 1000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_mutex_lock(&p->lock);
        pthread_cond_timedwait(&p->cond, &p->lock, &until);
        pthread_mutex_unlock(&p->lock);
    }
}
