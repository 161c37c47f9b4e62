#define LOG_TAG "script"
#include "script.h"

#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "core/log.h"
#include "schedule/schedule.h"
#include "display.h"
#include "text/text_inspect.h"
#include "ui/ui.h"

enum { FRAME_MS = 16 };
/* Bounds that keep every step's arithmetic far from int overflow: a point at most a million
 * pixels off the screen, a wait or hold of at most a day of virtual time. */
enum { COORD_MAX = 1000000, MS_MAX = 24 * 3600 * 1000 };

static bool coord_ok(int v)
{
    return v >= -COORD_MAX && v <= COORD_MAX;
}

static bool ms_ok(int v)
{
    return v >= 0 && v <= MS_MAX;
}

struct run {
    struct app *app;
    const char *path;
    bool quiet; /* script_check() from the fuzz target: no line per refused step */
    int line;
    int frames_at_step; /* frames drawn before the previous step */
    struct {
        char id[128]; /* remember-place: which element, and its centre then */
        int x, y;
    } places[8];
};

/* The remembered place of an element, or a free slot for it (-1 when all are taken). */
static int place_slot(struct run *r, const char *id, bool add)
{
    for (int i = 0; i < 8; i++)
        if (strcmp(r->places[i].id, id) == 0)
            return i;
    for (int i = 0; add && i < 8; i++)
        if (r->places[i].id[0] == '\0') {
            snprintf(r->places[i].id, sizeof(r->places[i].id), "%s", id);
            return i;
        }
    return -1;
}

static bool fail(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(const struct run *r, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!r->quiet)
        fprintf(stderr, "%s:%d: %s\n", r->path, r->line, msg);
    return false;
}

/* Moves the virtual clock forward, stopping at every deadline on the way. */
static void advance(struct app *app, int64_t ms)
{
    int64_t target = app->now_ms + ms;
    for (;;) {
        SDL_FlushEvent(app->wake_event);
        /* What the main loop does with SDL's queue: keys pushed by `key` and a window
         * manager's close request reach the kiosk through its own handler. (No pumping here:
         * quit_requested() pumps SIGTERM's SDL_QUIT in between steps.) */
        SDL_Event ev;
        while (app->running &&
               SDL_PeepEvents(&ev, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 1)
            app_handle_sdl_event(app, &ev);
        app_tick(app);
        app_render(app);
        if (app->now_ms >= target || !app->running)
            break;
        int64_t d = app_next_deadline(app);
        int64_t next = target;
        if (d >= 0 && d <= app->now_ms)
            next = app->now_ms + 1;
        else if (d > app->now_ms && d < target)
            next = d;
        app->now_ms = next;
    }
}

static void tap(struct app *app, int x, int y)
{
    app_pointer_down(app, x, y);
    app_render(app); /* the press is visible for one frame */
    app->now_ms += FRAME_MS / 2;
    app_pointer_up(app, x, y);
    advance(app, FRAME_MS / 2);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* `make bench`: the CPU time of n frames of an unchanged screen, forced to redraw, and of n
 * frames where nothing changed (which the loop skips). Prints BENCH rows on stdout. */
static void bench_frames(struct app *app, int n, const char *name)
{
    double *t = malloc((size_t)n * sizeof(*t));
    if (t == NULL)
        return;
    app_render(app);
    for (int i = 0; i < n; i++) {
        double t0 = thread_cpu_ms();
        app->dirty = true;
        app_render(app);
        t[i] = thread_cpu_ms() - t0;
    }
    qsort(t, (size_t)n, sizeof(*t), cmp_double);
    printf("BENCH\tframe CPU time p99, %s, %dx%d (median %.2f ms)\t< 4 ms\t%.2f ms\n", name,
           app->width, app->height, t[n / 2], t[n * 99 / 100]);
    double t0 = thread_cpu_ms();
    for (int i = 0; i < n; i++) {
        app_tick(app);
        app_render(app);
    }
    printf("BENCH\tunchanged screen, %s: CPU per loop turn (draws nothing)\t-\t%.4f ms\n", name,
           (thread_cpu_ms() - t0) / n);
    fflush(stdout);
    free(t);
}

static bool parse_key(const char *spec, SDL_Keycode *key, Uint16 *mods)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", spec);
    *mods = 0;
    char *p = buf, *plus;
    while ((plus = strchr(p, '+')) != NULL && plus[1] != '\0') {
        *plus = '\0';
        if (strcasecmp(p, "Alt") == 0)
            *mods |= KMOD_LALT;
        else if (strcasecmp(p, "Ctrl") == 0 || strcasecmp(p, "Control") == 0)
            *mods |= KMOD_LCTRL;
        else if (strcasecmp(p, "Shift") == 0)
            *mods |= KMOD_LSHIFT;
        else if (strcasecmp(p, "Super") == 0 || strcasecmp(p, "Gui") == 0)
            *mods |= KMOD_LGUI;
        else
            return false;
        p = plus + 1;
    }
    *key = SDL_GetKeyFromName(p);
    return *key != SDLK_UNKNOWN;
}

static bool shot(struct run *r, const char *name)
{
    struct app *app = r->app;
    char path[4096];
    app->dirty = true;
    app_render(app);
    if (app->opts.shots_dir == NULL)
        return fail(r, "shot %s: no --shots folder given", name);
    snprintf(path, sizeof(path), "%s/%s.png", app->opts.shots_dir, name);
    if (!display_screenshot(app->display, path))
        return fail(r, "shot %s: could not write %s", name, path);
    if (app->opts.dump_ui) {
        snprintf(path, sizeof(path), "%s/%s.json", app->opts.shots_dir, name);
        FILE *f = fopen(path, "w");
        if (f == NULL)
            return fail(r, "shot %s: %s: %s", name, path, strerror(errno));
        bool ok = ui_dump_json(app->ui, f);
        if (fclose(f) != 0 || !ok)
            return fail(r, "shot %s: could not write %s", name, path);
    }
    return true;
}

/* SDL turns SIGTERM and SIGINT into SDL_QUIT; a scripted run stops on it like the loop does. */
static bool quit_requested(void)
{
    SDL_PumpEvents();
    return SDL_HasEvent(SDL_QUIT);
}

/* ---- the monkey: random input for hours of virtual time ---- */

struct monkey {
    uint64_t rng;
    long taps, swipes, holds, keys, waits, idles, staff, fingers;
};

/* xorshift64*: the same seed gives the same run. */
static uint64_t monkey_next(struct monkey *m)
{
    m->rng ^= m->rng >> 12;
    m->rng ^= m->rng << 25;
    m->rng ^= m->rng >> 27;
    return m->rng * 2685821657736338717ull;
}

static int monkey_below(struct monkey *m, int n)
{
    return (int)(monkey_next(m) % (uint64_t)n);
}

/* Resident memory and open descriptors of this process, from /proc. */
static long monkey_rss_kb(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "re");
    if (f != NULL) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
            rss = 0;
        fclose(f);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static long monkey_peak_kb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* Heap handed out by malloc and not freed (all arenas, and the blocks it mapped apart),
 * besides the glyph atlas: a cache that may fill up to its fixed number of pages. 0 under
 * AddressSanitizer, whose allocator glibc's figures do not see. */
static long monkey_heap_kb(struct app *app)
{
    struct mallinfo2 mi = mallinfo2();
    struct text_engine_stats ts = {0};
    if (app->text != NULL)
        text_engine_stats(app->text, &ts);
    size_t used = mi.uordblks + mi.hblkhd;
    return used > ts.atlas_bytes ? (long)((used - ts.atlas_bytes) / 1024) : 0;
}

static int monkey_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -1;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n - 3; /* ".", ".." and the folder's own descriptor */
}

/* Where memory is, at a checkpoint: the process's resident set, the heap malloc has handed
 * out and holds, the glyph atlas and the text layouts held, open descriptors. */
static void monkey_trace(struct app *app, long event)
{
    struct mallinfo2 mi = mallinfo2();
    struct text_engine_stats ts = {0};
    if (app->text != NULL)
        text_engine_stats(app->text, &ts);
    LOG_INFO("monkey at %ld events: rss %.1f MB, heap in use %.1f MB (arena %.1f MB, mmap %.1f "
             "MB, free %.1f MB), atlas %.1f MB, layouts %d, fds %d",
             event, (double)monkey_rss_kb() / 1024, (double)(mi.uordblks + mi.hblkhd) / 1048576.0,
             (double)mi.arena / 1048576.0, (double)mi.hblkhd / 1048576.0,
             (double)mi.fordblks / 1048576.0, (double)ts.atlas_bytes / 1048576.0, ts.cached_layouts,
             monkey_fds());
}

/* A point anywhere on the screen, sometimes off it. */
static void monkey_point(struct monkey *m, struct app *app, int *x, int *y)
{
    if (monkey_below(m, 20) == 0) {
        *x = monkey_below(m, 3 * app->width) - app->width;
        *y = monkey_below(m, 3 * app->height) - app->height;
    } else {
        *x = monkey_below(m, app->width);
        *y = monkey_below(m, app->height);
    }
}

/* Taps a random visible element (so the monkey gets past the first screen), else a point. */
static void monkey_tap(struct monkey *m, struct app *app)
{
    size_t n = ui_element_count(app->ui);
    int x, y;
    const char *id = n ? ui_element_id(app->ui, (size_t)monkey_below(m, (int)n)) : NULL;
    if (id == NULL || !ui_element_center(app->ui, id, &x, &y))
        monkey_point(m, app, &x, &y);
    tap(app, x, y);
    m->taps++;
}

static void monkey_finger(struct monkey *m, struct app *app)
{
    /* Raw touch as a driver may send it: normal, far outside 0..1, or NaN. */
    static const float odd[] = {-1e30f, 1e30f, -2.5f, 7.0f, 0.0f, 1.0f};
    SDL_Event ev = {0};
    int kind = monkey_below(m, 3);
    ev.type = kind == 0 ? SDL_FINGERDOWN : kind == 1 ? SDL_FINGERMOTION : SDL_FINGERUP;
    ev.tfinger.fingerId = monkey_below(m, 3);
    int pick = monkey_below(m, 10);
    ev.tfinger.x = pick < 6   ? (float)monkey_below(m, 1000) / 1000.0f
                   : pick < 9 ? odd[monkey_below(m, 6)]
                              : NAN;
    ev.tfinger.y = (float)monkey_below(m, 1000) / 1000.0f;
    app_handle_sdl_event(app, &ev);
    advance(app, FRAME_MS);
    m->fingers++;
}

static void monkey_key(struct monkey *m, struct app *app)
{
    static const SDL_Keycode keys[] = {SDLK_ESCAPE, SDLK_F4, SDLK_q,      SDLK_w,     SDLK_TAB,
                                       SDLK_F11,    SDLK_d,  SDLK_RETURN, SDLK_SPACE, SDLK_1};
    static const Uint16 mods[] = {0, KMOD_LALT, KMOD_LCTRL, KMOD_LGUI, KMOD_LSHIFT};
    SDL_Event ev = {.type = SDL_KEYDOWN};
    ev.key.keysym.sym = keys[monkey_below(m, (int)(sizeof(keys) / sizeof(keys[0])))];
    ev.key.keysym.mod = mods[monkey_below(m, (int)(sizeof(mods) / sizeof(mods[0])))];
    app_handle_sdl_event(app, &ev);
    advance(app, FRAME_MS);
    m->keys++;
}

/* Opens staff mode through a corner and types a few (wrong) digits or nothing. */
static void monkey_staff(struct monkey *m, struct app *app)
{
    int x = monkey_below(m, 2) ? app->width - 3 : 3, y = monkey_below(m, 2) ? app->height - 3 : 3;
    app_pointer_down(app, x, y);
    advance(app, 5100);
    app_pointer_up(app, x, y);
    advance(app, FRAME_MS);
    for (int i = monkey_below(m, 8); i > 0; i--)
        monkey_tap(m, app);
    m->staff++;
}

/* Nobody touches the kiosk for longer than every idle timeout: it must be on attract. */
static bool monkey_idle(struct run *r, struct monkey *m, int64_t seed, long event)
{
    struct app *app = r->app;
    int64_t quiet = (app->idle_timeout_ms > 120000 ? app->idle_timeout_ms : 120000) + 180000;
    advance(app, quiet);
    m->idles++;
    if (strcmp(app_screen_name(app), "attract") != 0)
        return fail(r, "monkey seed %lld, event %ld: stuck on %s after %lld s without a touch",
                    (long long)seed, event, app_screen_name(app), (long long)(quiet / 1000));
    return true;
}

static double monkey_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * "monkey N SEED [RSS_MB [FDS]]": N random events. After warm-up (the first 1000 events, or a
 * tenth of a longer run) resident memory may grow by at most RSS_MB (default 8), the heap in
 * use (a leak) by at most HEAP_SLACK_KB and open descriptors by at most FDS (default 2) by the
 * end; both ends are measured on attract after a quiet spell. Prints one MONKEY line.
 */
enum { HEAP_SLACK_KB = 1024 };
static bool monkey_run(struct run *r, long n, int64_t seed, long rss_mb, long fds_slack)
{
    struct app *app = r->app;
    struct monkey m = {.rng = (uint64_t)seed * 0x9E3779B97F4A7C15ull + 1};
    long warm = n / 10 > 1000 ? n / 10 : (n < 1000 ? n : 1000);
    long rss_warm = 0, rss_1k = 0, peak_1k = 0, heap_warm = 0;
    int fds_warm = 0, fds_1k = 0;
    double t0 = monkey_now_ms();
    for (long i = 0; i < n; i++) {
        int what = monkey_below(&m, 1000);
        if (what < 450) {
            monkey_tap(&m, app);
        } else if (what < 570) {
            int x1, y1, x2, y2;
            monkey_point(&m, app, &x1, &y1);
            monkey_point(&m, app, &x2, &y2);
            int ms = monkey_below(&m, 800);
            int steps = ms / FRAME_MS > 1 ? ms / FRAME_MS : 1;
            app_pointer_down(app, x1, y1);
            for (int k = 1; k <= steps; k++) {
                app_pointer_move(app, x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps);
                advance(app, ms / steps);
            }
            app_pointer_up(app, x2, y2);
            advance(app, FRAME_MS);
            m.swipes++;
        } else if (what < 620) {
            int x, y;
            monkey_point(&m, app, &x, &y);
            app_pointer_down(app, x, y);
            advance(app, monkey_below(&m, 3000));
            app_pointer_up(app, x, y);
            advance(app, FRAME_MS);
            m.holds++;
        } else if (what < 700) {
            monkey_key(&m, app);
        } else if (what < 760) {
            monkey_finger(&m, app);
        } else if (what < 990) {
            advance(app, monkey_below(&m, 4000));
            m.waits++;
        } else if (what < 995) {
            monkey_staff(&m, app);
        } else if (!monkey_idle(r, &m, seed, i)) {
            return false;
        }
        if (!app->running)
            return fail(r, "monkey seed %lld, event %ld: the kiosk quit", (long long)seed, i);
        if ((i & 255) == 0 && quit_requested()) {
            LOG_WARN("monkey stopped by a signal after %ld events", i);
            return false;
        }
        if ((i + 1) % (n >= 20 ? n / 20 : 1) == 0 || i + 1 == 1000)
            monkey_trace(app, i + 1);
        if (i + 1 == warm) {
            /* Measured as at the end: after a quiet spell, on attract, where a kiosk spends
             * most of its life (and gives back the free heap it held). */
            if (!monkey_idle(r, &m, seed, i))
                return false;
            rss_warm = monkey_rss_kb();
            heap_warm = monkey_heap_kb(app);
            fds_warm = monkey_fds();
        }
        if (i + 1 == 1000 || (n < 1000 && i + 1 == n)) {
            rss_1k = monkey_rss_kb();
            peak_1k = monkey_peak_kb();
            fds_1k = monkey_fds();
        }
    }
    if (!monkey_idle(r, &m, seed, n))
        return false;
    double secs = (monkey_now_ms() - t0) / 1000.0;
    long rss_end = monkey_rss_kb(), heap_end = monkey_heap_kb(app);
    int fds_end = monkey_fds();
    printf("MONKEY\tevents %ld\tseed %lld\t%.0f events/s\t%.1f s\tvirtual %.1f h\t"
           "rss at 1k %.1f MB\tpeak at 1k %.1f MB\tfds at 1k %d\t"
           "rss after warm-up %.1f MB\trss at end %.1f MB\tpeak at end %.1f MB\tfds at end %d\t"
           "heap after warm-up %.1f MB\theap at end %.1f MB\t"
           "taps %ld swipes %ld holds %ld keys %ld fingers %ld waits %ld idle %ld staff %ld\n",
           n, (long long)seed, (double)n / (secs > 0 ? secs : 1), secs, (double)app->now_ms / 3.6e6,
           (double)rss_1k / 1024, (double)peak_1k / 1024, fds_1k, (double)rss_warm / 1024,
           (double)rss_end / 1024, (double)monkey_peak_kb() / 1024, fds_end,
           (double)heap_warm / 1024, (double)heap_end / 1024, m.taps, m.swipes, m.holds, m.keys,
           m.fingers, m.waits, m.idles, m.staff);
    fflush(stdout);
    if (rss_end - rss_warm > rss_mb * 1024)
        return fail(r, "monkey seed %lld: memory grew from %.1f to %.1f MB after warm-up",
                    (long long)seed, (double)rss_warm / 1024, (double)rss_end / 1024);
    if (heap_end - heap_warm > HEAP_SLACK_KB)
        return fail(r, "monkey seed %lld: heap in use grew from %.1f to %.1f MB after warm-up",
                    (long long)seed, (double)heap_warm / 1024, (double)heap_end / 1024);
    if (fds_end - fds_warm > fds_slack)
        return fail(r, "monkey seed %lld: open descriptors grew from %d to %d after warm-up",
                    (long long)seed, fds_warm, fds_end);
    return true;
}

/* The element dump alone, without the picture: the fit test dumps thousands of screens. */
static bool dump(struct run *r, const char *name)
{
    struct app *app = r->app;
    char path[4096];
    app->dirty = true;
    app_render(app);
    if (app->opts.shots_dir == NULL)
        return fail(r, "dump %s: no --shots folder given", name);
    snprintf(path, sizeof(path), "%s/%s.json", app->opts.shots_dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return fail(r, "dump %s: %s: %s", name, path, strerror(errno));
    bool ok = ui_dump_json(app->ui, f);
    if (fclose(f) != 0 || !ok)
        return fail(r, "dump %s: could not write %s", name, path);
    return true;
}

static bool step(struct run *r, char *line)
{
    struct app *app = r->app;
    char cmd[32], arg[512] = "";
    int a, b, c, d, e, n = 0;
    if (sscanf(line, "%31s %n", cmd, &n) != 1)
        return true;
    char *rest = line + n;
    if (strcmp(cmd, "size") == 0) {
        if (sscanf(rest, "%d %d", &a, &b) != 2 || a < 64 || b < 64 || a > 8192 || b > 8192)
            return fail(r, "size takes a width and a height from 64 to 8192");
        if (app == NULL)
            return true;
        if (!app_set_size(app, a, b))
            return fail(r, "size %dx%d: the display could not be made", a, b);
        advance(app, 0);
    } else if (strcmp(cmd, "tap") == 0) {
        if (sscanf(rest, "%d %d", &a, &b) != 2 || !coord_ok(a) || !coord_ok(b))
            return fail(r, "tap takes X Y (at most %d away from the screen)", COORD_MAX);
        if (app == NULL)
            return true;
        tap(app, a, b);
    } else if (strcmp(cmd, "tap-id") == 0) {
        /* An optional per mille of the element's width from its left edge: "tap-id seek 970". */
        int along = -1;
        if (sscanf(rest, "%511s %d", arg, &along) < 1 || along < -1 || along > 1000)
            return fail(r, "tap-id takes an element id and an optional per mille");
        if (app == NULL)
            return true;
        advance(app, 0);
        if (!ui_element_center(app->ui, arg, &a, &b)) {
            char have[1024];
            ui_describe(app->ui, have, sizeof(have));
            return fail(r, "tap-id %s: no such element on screen %s; there are: %s", arg,
                        app_screen_name(app), have);
        }
        int ew = 0;
        if (along >= 0 && ui_element_width(app->ui, arg, &ew))
            a = a - ew / 2 + ew * along / 1000;
        tap(app, a, b);
    } else if (strcmp(cmd, "tap-hold") == 0) {
        if (sscanf(rest, "%d %d %d", &a, &b, &c) != 3 || !coord_ok(a) || !coord_ok(b) || !ms_ok(c))
            return fail(r, "tap-hold takes X Y MS");
        if (app == NULL)
            return true;
        app_pointer_down(app, a, b);
        advance(app, c);
        app_pointer_up(app, a, b);
        advance(app, FRAME_MS);
    } else if (strcmp(cmd, "tap-hold-id") == 0) {
        if (sscanf(rest, "%511s %d", arg, &c) != 2 || !ms_ok(c))
            return fail(r, "tap-hold-id takes an element id and MS");
        if (app == NULL)
            return true;
        advance(app, 0);
        if (!ui_element_center(app->ui, arg, &a, &b))
            return fail(r, "tap-hold-id %s: no such element on screen %s", arg,
                        app_screen_name(app));
        app_pointer_down(app, a, b);
        advance(app, c);
        app_pointer_up(app, a, b);
        advance(app, FRAME_MS);
    } else if (strcmp(cmd, "swipe") == 0) {
        if (sscanf(rest, "%d %d %d %d %d", &a, &b, &c, &d, &e) != 5 || !coord_ok(a) ||
            !coord_ok(b) || !coord_ok(c) || !coord_ok(d) || !ms_ok(e))
            return fail(r, "swipe takes X1 Y1 X2 Y2 MS");
        if (app == NULL)
            return true;
        int steps = e / FRAME_MS > 1 ? e / FRAME_MS : 1;
        app_pointer_down(app, a, b);
        for (int i = 1; i <= steps; i++) {
            app_pointer_move(app, a + (int)((int64_t)(c - a) * i / steps),
                             b + (int)((int64_t)(d - b) * i / steps));
            advance(app, e / steps);
        }
        app_pointer_up(app, c, d);
        advance(app, FRAME_MS);
    } else if (strcmp(cmd, "key") == 0) {
        SDL_Keycode key;
        Uint16 mods;
        if (sscanf(rest, "%511s", arg) != 1 || !parse_key(arg, &key, &mods))
            return fail(r, "key: \"%s\" is not an SDL key name such as Escape or Alt+F4", rest);
        if (app == NULL)
            return true;
        /* Real SDL key events into SDL's queue, taken out by the kiosk's own event handling
         * (advance does what the main loop does), not a call past it. */
        SDL_Event ev = {.type = SDL_KEYDOWN};
        ev.key.state = SDL_PRESSED;
        ev.key.keysym.sym = key;
        ev.key.keysym.scancode = SDL_GetScancodeFromKey(key);
        ev.key.keysym.mod = mods;
        bool pushed = SDL_PushEvent(&ev) == 1;
        ev.type = SDL_KEYUP;
        ev.key.state = SDL_RELEASED;
        pushed = pushed && SDL_PushEvent(&ev) == 1;
        if ((mods & KMOD_ALT) && key == SDLK_F4) {
            /* What the window manager and SDL's video backend make of Alt+F4: a close
             * request for the window, then SDL_QUIT as it was the last window. */
            ev = (SDL_Event){.type = SDL_WINDOWEVENT};
            ev.window.event = SDL_WINDOWEVENT_CLOSE;
            pushed = pushed && SDL_PushEvent(&ev) == 1;
            ev = (SDL_Event){.type = SDL_QUIT};
            pushed = pushed && SDL_PushEvent(&ev) == 1;
        }
        if (!pushed)
            return fail(r, "key %s: SDL_PushEvent: %s", arg, SDL_GetError());
        advance(app, FRAME_MS);
    } else if (strcmp(cmd, "clock") == 0) {
        struct tm tm = {.tm_isdst = -1};
        if (sscanf(rest, "%d-%d-%d %d:%d", &a, &b, &c, &d, &e) != 5 || a < 1970 || a > 9999 ||
            b < 1 || b > 12 || c < 1 || c > 31 || d < 0 || d > 23 || e < 0 || e > 59)
            return fail(r, "clock takes a local date and time, YYYY-MM-DD HH:MM");
        if (app == NULL)
            return true;
        tm.tm_year = a - 1900, tm.tm_mon = b - 1, tm.tm_mday = c, tm.tm_hour = d, tm.tm_min = e;
        schedule_set_clock(app->schedule, mktime(&tm), app->now_ms);
        advance(app, 0);
    } else if (strcmp(cmd, "wait") == 0) {
        if (sscanf(rest, "%d", &a) != 1 || !ms_ok(a))
            return fail(r, "wait takes milliseconds (at most a day)");
        if (app == NULL)
            return true;
        advance(app, a);
    } else if (strcmp(cmd, "shot") == 0) {
        if (sscanf(rest, "%511s", arg) != 1 || strchr(arg, '/'))
            return fail(r, "shot takes a plain name");
        if (app == NULL)
            return true;
        return shot(r, arg);
    } else if (strcmp(cmd, "dump") == 0) {
        if (sscanf(rest, "%511s", arg) != 1 || strchr(arg, '/'))
            return fail(r, "dump takes a plain name");
        if (app == NULL)
            return true;
        return dump(r, arg);
    } else if (strcmp(cmd, "language") == 0) {
        /* A session in any installed language, offered or not (the pseudo-languages). */
        if (sscanf(rest, "%15s", arg) != 1)
            return fail(r, "language takes a language tag");
        if (app == NULL)
            return true;
        app_set_language(app, arg);
        app_go(app, SCREEN_TOPICS);
        advance(app, FRAME_MS);
    } else if (strcmp(cmd, "reset") == 0) {
        if (app == NULL)
            return true;
        app_reset_session(app);
        advance(app, FRAME_MS);
    } else if (strcmp(cmd, "expect-screen") == 0) {
        if (sscanf(rest, "%511s", arg) != 1)
            return fail(r, "expect-screen takes a screen name");
        if (app == NULL)
            return true;
        advance(app, 0);
        if (strcmp(arg, app_screen_name(app)) != 0)
            return fail(r, "expected screen %s, but the screen is %s", arg, app_screen_name(app));
    } else if (strcmp(cmd, "expect-text") == 0) {
        char id[256];
        if (sscanf(rest, "%255s %n", id, &n) != 1)
            return fail(r, "expect-text takes an element id and a text");
        const char *want = rest + n;
        if (app == NULL)
            return true;
        advance(app, 0);
        const char *have = ui_element_text(app->ui, id);
        if (have == NULL) {
            char all[1024];
            ui_describe(app->ui, all, sizeof(all));
            return fail(r,
                        "expected element %s with \"%s\", but there is no %s on screen %s; "
                        "there are: %s",
                        id, want, id, app_screen_name(app), all);
        }
        if (strstr(have, want) == NULL)
            return fail(r, "expected element %s to contain \"%s\", but it says \"%s\"", id, want,
                        have);
    } else if (strcmp(cmd, "expect-no-element") == 0) {
        if (sscanf(rest, "%511s", arg) != 1)
            return fail(r, "expect-no-element takes an element id");
        if (app == NULL)
            return true;
        advance(app, 0);
        if (ui_element_text(app->ui, arg) != NULL)
            return fail(r, "expected no element %s, but it is on screen %s", arg,
                        app_screen_name(app));
    } else if (strcmp(cmd, "expect-speech") == 0) {
        if (sscanf(rest, "%511s", arg) != 1 || (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0))
            return fail(r, "expect-speech takes yes or no");
        if (app == NULL)
            return true;
        advance(app, 0);
        if (app_speaking(app) != (strcmp(arg, "yes") == 0))
            return fail(r, "expected %s on screen %s", arg[0] == 'y' ? "speech" : "silence",
                        app_screen_name(app));
    } else if (strcmp(cmd, "mark") == 0) {
        if (sscanf(rest, "%511s", arg) != 1)
            return fail(r, "mark takes a name");
        if (app == NULL)
            return true;
        /* For tests that read --audio-out: where on its timeline a step happened. */
        printf("MARK %s %lld\n", arg, (long long)app->now_ms);
        fflush(stdout);
    } else if (strcmp(cmd, "bench-frames") == 0) {
        if (sscanf(rest, "%d %511s", &a, arg) != 2 || a < 1 || a > 100000)
            return fail(r, "bench-frames takes a count and a name");
        if (app == NULL)
            return true;
        bench_frames(app, a, arg);
    } else if (strcmp(cmd, "expect-pressed") == 0) {
        if (sscanf(rest, "%511s", arg) != 1)
            return fail(r, "expect-pressed takes an element id, or none");
        if (app == NULL)
            return true;
        const char *have = ui_pressed_id(app->ui);
        bool none = strcmp(arg, "none") == 0;
        if (none ? have != NULL : (have == NULL || strcmp(have, arg) != 0))
            return fail(r, "expected %s pressed, but %s is", arg, have ? have : "nothing");
        if (!none && app->frames_drawn == r->frames_at_step)
            return fail(r, "%s is pressed but no frame was drawn to show it", arg);
    } else if (strcmp(cmd, "expect-side") == 0) {
        char side[16];
        if (sscanf(rest, "%511s %15s", arg, side) != 2 ||
            (strcmp(side, "left") != 0 && strcmp(side, "right") != 0))
            return fail(r, "expect-side takes an element id and left or right");
        if (app == NULL)
            return true;
        advance(app, 0);
        if (!ui_element_center(app->ui, arg, &a, &b))
            return fail(r, "expected element %s on the %s, but it is not on screen %s", arg, side,
                        app_screen_name(app));
        const char *have = a < app->width / 2 ? "left" : "right";
        if (strcmp(have, side) != 0)
            return fail(r, "expected element %s on the %s, but its centre x=%d is on the %s", arg,
                        side, a, have);
    } else if (strcmp(cmd, "remember-place") == 0 || strcmp(cmd, "expect-same-place") == 0) {
        /* Is the element the resident looked at still where it was (a relayout in between)? */
        bool expect = cmd[0] == 'e';
        if (sscanf(rest, "%127s", arg) != 1)
            return fail(r, "%s takes an element id", cmd);
        int slot = place_slot(r, arg, !expect);
        if (slot < 0 && expect)
            return fail(r, "expect-same-place %s: remember-place %s first", arg, arg);
        if (slot < 0)
            return fail(r, "remember-place %s: at most 8 places in a script", arg);
        if (app == NULL)
            return true;
        app->dirty = true;
        advance(app, 0);
        if (!ui_element_center(app->ui, arg, &a, &b)) {
            char have[1024];
            ui_describe(app->ui, have, sizeof(have));
            return fail(r, "%s %s: not on screen %s; there are: %s", cmd, arg, app_screen_name(app),
                        have);
        }
        if (!expect) {
            r->places[slot].x = a;
            r->places[slot].y = b;
        } else if (a != r->places[slot].x || b != r->places[slot].y) {
            return fail(r, "expected %s still at (%d, %d), but it moved to (%d, %d)", arg,
                        r->places[slot].x, r->places[slot].y, a, b);
        }
    } else if (strcmp(cmd, "expect-dir") == 0) {
        char dir[16];
        if (sscanf(rest, "%511s %15s", arg, dir) != 2 ||
            (strcmp(dir, "ltr") != 0 && strcmp(dir, "rtl") != 0))
            return fail(r, "expect-dir takes an element id and ltr or rtl");
        if (app == NULL)
            return true;
        app->dirty = true;
        advance(app, 0);
        int have = ui_element_dir(app->ui, arg);
        if (have < 0)
            return fail(r, "expected element %s, but it is not on screen %s", arg,
                        app_screen_name(app));
        const char *hs = have == TEXT_DIR_RTL ? "rtl" : "ltr";
        if (strcmp(hs, dir) != 0)
            return fail(r, "expected element %s to read %s, but it reads %s", arg, dir, hs);
    } else if (strcmp(cmd, "monkey") == 0) {
        long events, rss_mb = 8, fds = 2;
        long long seed;
        int got = sscanf(rest, "%ld %lld %ld %ld", &events, &seed, &rss_mb, &fds);
        if (got < 2 || events < 1 || events > 100000000 || rss_mb < 0 || fds < 0)
            return fail(r, "monkey takes EVENTS SEED [RSS_MB [FDS]]");
        if (app == NULL)
            return true;
        const char *env = getenv("MONKEY_SEED");
        if (env != NULL && env[0] != '\0')
            seed = strtoll(env, NULL, 10);
        const char *count = getenv("MONKEY_EVENTS");
        if (count != NULL && count[0] != '\0')
            events = strtol(count, NULL, 10);
        if (!monkey_run(r, events, (int64_t)seed, rss_mb, fds))
            return false;
    } else if (strcmp(cmd, "touch") == 0) {
        /* Raw finger events, as SDL delivers them: "touch down|move|up FINGER X Y". */
        char what[8];
        if (sscanf(rest, "%7s %d %d %d", what, &a, &b, &c) != 4 || !coord_ok(b) || !coord_ok(c))
            return fail(r, "touch takes down|move|up, a finger number, X and Y");
        SDL_Event ev = {0};
        ev.type = strcmp(what, "down") == 0   ? SDL_FINGERDOWN
                  : strcmp(what, "move") == 0 ? SDL_FINGERMOTION
                  : strcmp(what, "up") == 0   ? SDL_FINGERUP
                                              : 0;
        if (ev.type == 0)
            return fail(r, "touch takes down, move or up");
        if (app == NULL)
            return true;
        ev.tfinger.fingerId = a;
        ev.tfinger.x = (float)b / (float)app->width;
        ev.tfinger.y = (float)c / (float)app->height;
        app_handle_sdl_event(app, &ev);
        advance(app, FRAME_MS);
    } else {
        return fail(r, "unknown step \"%s\"", cmd);
    }
    if (!app->running)
        return fail(r, "the kiosk quit after \"%s\"", line);
    return true;
}

bool script_run(struct app *app, const char *path)
{
    struct run r = {.app = app, .path = path};
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return false;
    }
    bool ok = true;
    char *line = NULL;
    size_t cap = 0;
    advance(app, 0);
    while (ok && getline(&line, &cap, f) > 0) {
        r.line++;
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '#')
            continue;
        int frames = app->frames_drawn;
        ok = step(&r, p);
        r.frames_at_step = frames;
        if (ok && quit_requested()) {
            LOG_WARN("%s:%d: stopped by a signal", path, r.line);
            ok = false;
        }
    }
    free(line);
    fclose(f);
    return ok;
}

bool script_check(const char *text, size_t len)
{
    struct run r = {.path = "script", .quiet = true};
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    bool ok = true;
    for (char *p = copy, *next; ok && p < copy + len; p = next) {
        char *nl = memchr(p, '\n', (size_t)(copy + len - p));
        next = nl ? nl + 1 : copy + len;
        if (nl)
            *nl = '\0';
        r.line++;
        p[strcspn(p, "\r")] = '\0';
        p += strspn(p, " \t");
        if (*p != '#')
            ok = step(&r, p);
    }
    free(copy);
    return ok;
}
