/*
 * Wegwijs: an offline, multilingual information kiosk about client support.
 *
 * main() makes the one struct app, sets everything up in a straight line, runs either the
 * event loop (a window) or the headless script, and tears down in reverse order.
 */
#define LOG_TAG "main"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "audio/audio.h"
#include "config/config.h"
#include "content/content.h"
#include "core/datadir.h"
#include "core/log.h"
#include "notify/notify.h"
#include "schedule/schedule.h"
#include "staff/staff.h"
#include "stats/stats.h"
#include "update/update.h"
#include "text/text.h"
#include "display.h"
#include "screens/screens.h"
#include "script.h"
#include "ui/ui.h"

static void usage(FILE *out)
{
    fputs("usage: kiosk [--windowed WxH] [--state DIR] [--content DIR]... [--keys DIR]\n"
          "             [--fonts FILE] [--headless --script FILE --shots DIR [--dump-ui]]\n"
          "\n"
          "  --windowed WxH  development mode in a window; Escape quits\n"
          "  --state DIR     writable home: location.conf, installed packs, statistics\n"
          "                  (default $XDG_STATE_HOME/wegwijs)\n"
          "  --content DIR   also show the content root DIR (repeatable, lowest first)\n"
          "  --keys DIR      trusted pack signing keys (default from location.conf)\n"
          "  --fonts FILE    the font list (default fonts.txt in the data folder)\n"
          "  --headless      no display, no sound; run --script on a virtual clock\n"
          "  --script FILE   drive the kiosk from FILE (see kiosk/script.h); without\n"
          "                  --headless in a real window\n"
          "  --shots DIR     where the script's shots go; --dump-ui adds NAME.json\n"
          "  --audio-out FILE  headless: write everything spoken to FILE (WAV, 48 kHz\n"
          "                  mono) on the virtual clock's timeline\n"
          "  --video-rate R  headless: videos play R times faster than real time\n"
          "                  (default 8; 1 where a test needs real time)\n",
          out);
}

static bool parse_size(const char *s, int *w, int *h)
{
    return sscanf(s, "%dx%d", w, h) == 2 && *w >= 64 && *h >= 64 && *w <= 8192 && *h <= 8192;
}

static bool parse_args(int argc, char **argv, struct app_options *o)
{
    o->width = 1920;
    o->height = 1080;
    o->video_rate = 8;
    static const struct option longopts[] = {
        {"headless", no_argument, NULL, 'H'},
        {"dump-ui", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {"windowed", required_argument, NULL, 'w'},
        {"state", required_argument, NULL, 's'},
        {"content", required_argument, NULL, 'c'},
        {"keys", required_argument, NULL, 'k'},
        {"fonts", required_argument, NULL, 'f'},
        {"script", required_argument, NULL, 'S'},
        {"shots", required_argument, NULL, 'o'},
        {"audio-out", required_argument, NULL, 'a'},
        {"video-rate", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int c;
    /* "+": stop at the first word that is not an option, which is then an error. */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'H':
            o->headless = true;
            break;
        case 'D':
            o->dump_ui = true;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case 'w':
            o->windowed = true;
            if (!parse_size(optarg, &o->width, &o->height)) {
                fprintf(stderr, "kiosk: --windowed takes WxH, such as 1280x720\n");
                return false;
            }
            break;
        case 's':
            o->state_dir = optarg;
            break;
        case 'c':
            if (o->content_count == (int)(sizeof(o->content) / sizeof(o->content[0]))) {
                fprintf(stderr, "kiosk: too many --content folders\n");
                return false;
            }
            o->content[o->content_count++] = optarg;
            break;
        case 'k':
            o->keys_dir = optarg;
            break;
        case 'f':
            o->fonts_list = optarg;
            break;
        case 'S':
            o->script = optarg;
            break;
        case 'o':
            o->shots_dir = optarg;
            break;
        case 'a':
            o->audio_out = optarg;
            break;
        case 'r': {
            char *end;
            o->video_rate = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(o->video_rate >= 0.25 && o->video_rate <= 32)) {
                fprintf(stderr, "kiosk: --video-rate takes a number from 0.25 to 32\n");
                return false;
            }
            break;
        }
        default:
            return false; /* getopt named the option */
        }
    }
    if (optind < argc) {
        fprintf(stderr, "kiosk: unknown argument %s\n", argv[optind]);
        return false;
    }
    if (o->headless && o->script == NULL) {
        fprintf(stderr, "kiosk: --headless needs a --script\n");
        return false;
    }
    return true;
}

static bool make_dirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(buf, 0755) == 0 || errno == EEXIST;
}

/* Default paths: the state under XDG, the data folder as kiosk/core/datadir.h finds it. */
static void default_paths(struct app_options *o, char *state, size_t state_len, char *assets,
                          size_t assets_len, char *fonts, size_t fonts_len, char *sample_content,
                          size_t sample_content_len)
{
    if (o->state_dir == NULL) {
        const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
        if (xdg && xdg[0])
            snprintf(state, state_len, "%s/wegwijs", xdg);
        else
            snprintf(state, state_len, "%s/.local/state/wegwijs", home ? home : "/tmp");
        o->state_dir = state;
    }
    if (o->assets_dir == NULL) {
        datadir_find(assets, assets_len);
        o->assets_dir = assets;
    }
    /* An installed kiosk without --content shows the sample content installed beside its
     * data (the wegwijs-content package), under any packs the location installed. */
    if (o->content_count == 0) {
        snprintf(sample_content, sample_content_len, "%s/content", o->assets_dir);
        if (access(sample_content, R_OK) == 0)
            o->content[o->content_count++] = sample_content;
    }
    if (o->fonts_list == NULL) {
        snprintf(fonts, fonts_len, "%s/fonts.txt", o->assets_dir);
        o->fonts_list = fonts;
    }
}

/* A first start gets the documented sample, so staff find a file to edit. */
static void install_sample_config(const struct app_options *o, const char *conf)
{
    char sample[PATH_MAX];
    if (access(conf, F_OK) == 0)
        return;
    snprintf(sample, sizeof(sample), "%s/location.conf", o->assets_dir);
    FILE *in = fopen(sample, "rb");
    if (in == NULL)
        return;
    FILE *out = fopen(conf, "wx");
    bool ok = out != NULL;
    char buf[4096];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (out && fclose(out) != 0)
        ok = false;
    fclose(in);
    if (ok)
        LOG_INFO("%s: written from the sample %s; edit it for this location", conf, sample);
    else
        LOG_WARN("%s: could not write the sample configuration", conf);
}

static void create_screens(struct app *app)
{
    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen_ops *o = app->screens[i];
        app->screen_state[i] = o->create ? o->create(app) : NULL;
    }
}

static void destroy_screens(struct app *app)
{
    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen_ops *o = app->screens[i];
        if (o->destroy)
            o->destroy(app->screen_state[i]);
        app->screen_state[i] = NULL;
    }
}

/* The worker thread's way to wake the main loop: an SDL event (thread-safe to push). */
static void wake_main_loop(void *ud)
{
    struct app *app = ud;
    SDL_Event ev = {.type = app->wake_event};
    SDL_PushEvent(&ev);
}

static double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void run_loop(struct app *app)
{
    while (app->running) {
        int64_t deadline = app_next_deadline(app);
        int64_t ping = notify_deadline(app->notify);
        if (ping >= 0 && (deadline < 0 || ping < deadline))
            deadline = ping;
        SDL_Event ev;
        int got;
        if (deadline < 0) {
            got = SDL_WaitEvent(&ev);
        } else {
            int64_t wait = deadline - (int64_t)SDL_GetTicks64();
            got = SDL_WaitEventTimeout(&ev, wait < 0 ? 0 : wait > INT_MAX ? INT_MAX : (int)wait);
        }
        app->now_ms = (int64_t)SDL_GetTicks64();
        if (got) {
            do {
                app_handle_sdl_event(app, &ev);
            } while (SDL_PollEvent(&ev));
        }
        app->now_ms = (int64_t)SDL_GetTicks64();
        app_tick(app);
        app_render(app);
        notify_tick(app->notify, app->now_ms);
    }
}

int main(int argc, char **argv)
{
    double start_ms = monotonic_ms();
    /* Months of videos: glibc raises its mmap threshold to the size of the largest block
     * freed (a decoded picture, megabytes) and its trim threshold to twice that, so every
     * arena of libvlc's decoder threads kept tens of MB of freed pictures resident. Fixed
     * thresholds: big blocks are mapped apart and unmapped when freed, free heap tops are
     * given back. */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    struct app app = {.running = true, .screens = screens_table};
    char state[PATH_MAX], assets[PATH_MAX], fonts[PATH_MAX], conf[PATH_MAX], sample[PATH_MAX];
    int status = 1;

    if (!parse_args(argc, argv, &app.opts)) {
        usage(stderr);
        return 2;
    }
    if (app.opts.headless)
        SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");
    if (SDL_Init(app.opts.headless ? SDL_INIT_EVENTS : SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        LOG_ERR("SDL: %s", SDL_GetError());
        return 1;
    }
    LOG_DBG("start-up: %.1f ms to SDL", monotonic_ms() - start_ms);
    default_paths(&app.opts, state, sizeof(state), assets, sizeof(assets), fonts, sizeof(fonts),
                  sample, sizeof(sample));
    if (!make_dirs(app.opts.state_dir)) {
        LOG_ERR("%s: cannot create the state folder: %s", app.opts.state_dir, strerror(errno));
        goto out;
    }
    app.wake_event = SDL_RegisterEvents(1);

    snprintf(conf, sizeof(conf), "%s/location.conf", app.opts.state_dir);
    install_sample_config(&app.opts, conf);
    app.config = config_load(conf);
    app.ui = ui_new();
    app.notify = notify_new();
    app.schedule = schedule_new(app.config);
    if (app.config == NULL || app.ui == NULL || app.notify == NULL || app.schedule == NULL)
        goto out;
    app.idle_timeout_ms = config_int(app.config, "kiosk", "idle_timeout", 10, 3600, 90) * 1000;
    app.opts.renderer = config_string(app.config, "kiosk", "renderer", "auto");
    if (strcmp(app.opts.renderer, "auto") != 0 && strcmp(app.opts.renderer, "software") != 0 &&
        strcmp(app.opts.renderer, "accelerated") != 0) {
        LOG_WARN("%s: [kiosk] renderer: \"%s\" is not auto, software or accelerated; using auto",
                 config_path(app.config), app.opts.renderer);
        app.opts.renderer = "auto";
    }
    app.stats = stats_open(app.opts.state_dir);
    stats_no_autocheckpoint(app.stats); /* the update worker checkpoints (outbox job) */
    app.staff = staff_new(&(struct staff_options){
        .state_dir = app.opts.state_dir,
        .config = app.config,
        .po_roots = app.opts.content,
        .po_root_count = app.opts.content_count,
        .now_ms = app.opts.script ? 0 : (int64_t)SDL_GetTicks64(),
    });
    app.update = update_new(&(struct update_options){
        .state_dir = app.opts.state_dir,
        .keys_dir = app.opts.keys_dir,
        .config = app.config,
        /* Headless runs on a virtual clock: jobs finish at once, the same way every run. */
        .inline_jobs = app.opts.headless,
        .wake = wake_main_loop,
        .wake_ud = &app,
    });
    app_load_content(&app);
    if (app.content == NULL)
        goto out;
    LOG_DBG("start-up: %.1f ms to config and content", monotonic_ms() - start_ms);

    if (!app_open_display(&app))
        goto out;
    LOG_DBG("start-up: %.1f ms to the display", monotonic_ms() - start_ms);
    app.text = text_engine_new(app.opts.fonts_list, app.renderer);
    if (app.text == NULL)
        goto out;
    app.audio = audio_new(
        &(struct audio_options){.headless = app.opts.headless, .out_wav = app.opts.audio_out});
    if (app.audio == NULL)
        goto out;
    LOG_DBG("start-up: %.1f ms to the text engine", monotonic_ms() - start_ms);
    app.now_ms = app.opts.script ? 0 : (int64_t)SDL_GetTicks64();
    app.last_input_ms = app.now_ms;
    create_screens(&app);
    app.screen = SCREEN_ATTRACT;
    if (app.screens[SCREEN_ATTRACT]->enter)
        app.screens[SCREEN_ATTRACT]->enter(app.screen_state[SCREEN_ATTRACT], &app);
    app.relayout = true;
    app_render(&app);
    notify_ready(app.notify);
    /* IT and `make bench` read these two lines: start-up time and, at exit, peak memory. */
    double now = monotonic_ms();
    LOG_INFO("first frame %.1f ms after start (monotonic %.3f ms)", now - start_ms, now);

    if (app.opts.script) {
        /* Headless, or a real window driven by the script (for tests under Xvfb). */
        status = script_run(&app, app.opts.script) ? 0 : 1;
    } else {
        run_loop(&app);
        status = 0;
    }

    destroy_screens(&app);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        LOG_INFO("peak memory %.1f MB", (double)ru.ru_maxrss / 1024.0);
out:
    notify_stopping(app.notify);
    notify_destroy(app.notify);
    schedule_destroy(app.schedule);
    audio_destroy(app.audio, app.now_ms);
    text_engine_destroy(app.text);
    display_destroy(app.display);
    ui_destroy(app.ui);
    update_destroy(app.update);
    staff_destroy(app.staff);
    stats_destroy(app.stats);
    content_destroy(app.content);
    config_destroy(app.config);
    SDL_Quit();
    return status;
}
