/*
 * make bench, staff/fleet: the kiosk keeps drawing frames while a pack from the inbox is
 * verified and installed. The installs (PACKS versions of one pack, one after the other) run
 * on the staff worker thread, as an inbox install does (pack_install with the store the kiosk
 * uses); the main loop meanwhile ticks and redraws the attract screen at 60 Hz. Printed: the
 * frame time p50/p99 with no install (the same run, the same screen) and during the installs,
 * and the time of one install.
 *
 * Every frame is a full redraw (app->dirty), the worst case for the main loop.
 */
#include <SDL.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "config/config.h"
#include "content/content.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "screens/screens.h"
#include "staff/staff.h"
#include "stats/stats.h"
#include "update/update.h"
#include "text/text.h"
#include "display.h"
#include "ui/ui.h"

enum { PACK_MB = 48, PACKS = 4, BASELINE_FRAMES = 300, FRAME_BUDGET_MS = 16 };

static double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, int p)
{
    qsort(v, (size_t)n, sizeof(*v), cmp);
    int i = n * p / 100;
    return v[i < n ? i : n - 1];
}

struct job {
    char path[PACKS][512];
    int current;
    atomic_bool done;
    int result;
};

static void installed(void *ud, int result, const char *text)
{
    (void)text;
    struct job *j = ud;
    j->result = result;
    atomic_store(&j->done, true);
}

/* One paced frame: tick, full redraw; returns the frame's time in ms. */
static double frame(struct app *app)
{
    double t0 = monotonic_ms();
    app->now_ms = (int64_t)SDL_GetTicks64();
    app_tick(app);
    bool relayout = app->relayout;
    app->dirty = true;
    app_render(app);
    double dt = monotonic_ms() - t0;
    if (getenv("BENCH_DEBUG") && dt > 6)
        fprintf(stderr, "slow frame %.1f ms (relayout %d)\n", dt, relayout);
    if (dt < FRAME_BUDGET_MS)
        SDL_Delay((Uint32)(FRAME_BUDGET_MS - dt));
    return dt;
}

/* PACKS versions of a pack "xx" of PACK_MB, signed with a fresh key, into <dir>/packs. */
static int make_packs(const char *dir, struct job *job)
{
    char path[512], cmd[4096];
    snprintf(path, sizeof(path), "%s/src/xx/videos", dir);
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s' '%s/keys' '%s/packs' && cp locales/fr/kiosk.po locales/fr/topics.po "
             "'%s/..' && sed -i 's/^\"Language: fr/\"Language: xx/' '%s/../kiosk.po' "
             "'%s/../topics.po' && head -c %dM /dev/urandom > '%s/wijkteam.mp4'",
             path, dir, dir, path, path, path, PACK_MB, path);
    if (system(cmd) != 0)
        return -1;
    char pub[512], key[512], src[512];
    snprintf(pub, sizeof(pub), "%s/keys/bench.pub", dir);
    snprintf(key, sizeof(key), "%s/bench.key", dir);
    snprintf(src, sizeof(src), "%s/src/xx", dir);
    if (minisig_keypair_write(pub, key, NULL, 0, 0) != 0)
        return -1;
    for (int i = 0; i < PACKS; i++) {
        snprintf(job->path[i], sizeof(job->path[i]), "%s/packs/xx%d.pack", dir, i + 1);
        struct pack_create_opts o = {.id = "xx", .version = (uint64_t)i + 1, .sign_key = key};
        struct pack_info info;
        if (pack_create(src, job->path[i], &o, &info) != 0)
            return -1;
    }
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/wegwijs-staff-bench-XXXXXX";
    if (mkdtemp(dir) == NULL || SDL_Init(SDL_INIT_EVENTS) != 0)
        return 1;
    struct job job = {0};
    if (make_packs(dir, &job) != 0) {
        fprintf(stderr, "cannot make the bench pack\n");
        return 1;
    }
    char state[600], keys[600];
    snprintf(state, sizeof(state), "%s/state", dir);
    snprintf(keys, sizeof(keys), "%s/keys", dir);

    struct app app = {.running = true, .screens = screens_table};
    app.opts.headless = true;
    app.opts.width = 1920;
    app.opts.height = 1080;
    app.opts.state_dir = state;
    app.opts.keys_dir = keys;
    app.opts.content[0] = "locales";
    app.opts.content_count = 1;
    app.opts.assets_dir = "assets";
    app.opts.fonts_list = "assets/fonts.txt";
    app.config = config_parse("bench.conf", "[kiosk]\nlanguages = nl, tr, ar, fr\n");
    app.ui = ui_new();
    app.staff = staff_new(&(struct staff_options){.state_dir = state,
                                                  .config = app.config,
                                                  .po_roots = app.opts.content,
                                                  .po_root_count = 1});
    app.stats = stats_open(state);
    app.update = update_new(
        &(struct update_options){.state_dir = state, .keys_dir = keys, .config = app.config});
    app_load_content(&app);
    if (app.staff == NULL || !display_open(&app) ||
        (app.text = text_engine_new(app.opts.fonts_list, app.renderer)) == NULL)
        return 1;
    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen_ops *o = screens_table[i];
        app.screen_state[i] = o->create ? o->create(&app) : NULL;
    }
    app.screen = SCREEN_ATTRACT;
    app.now_ms = app.last_input_ms = (int64_t)SDL_GetTicks64();
    if (screens_table[SCREEN_ATTRACT]->enter)
        screens_table[SCREEN_ATTRACT]->enter(app.screen_state[SCREEN_ATTRACT], &app);
    app.relayout = true;

    static double idle[BASELINE_FRAMES], busy[20000];
    for (int i = 0; i < 30; i++) /* warm the glyph atlas and caches */
        frame(&app);
    for (int i = 0; i < BASELINE_FRAMES; i++)
        idle[i] = frame(&app);

    int n = 0;
    double install_ms[PACKS];
    for (job.current = 0; job.current < PACKS; job.current++) {
        atomic_store(&job.done, false);
        double t0 = monotonic_ms();
        if (!update_install(app.update, job.path[job.current], installed, &job))
            return 1;
        while (!atomic_load(&job.done) && n < (int)(sizeof(busy) / sizeof(busy[0])))
            busy[n++] = frame(&app);
        install_ms[job.current] = monotonic_ms() - t0;
        if (job.result != PACK_INSTALLED) {
            fprintf(stderr, "install %d: result %d\n", job.current + 1, job.result);
            return 1;
        }
    }
    double idle50 = pct(idle, BASELINE_FRAMES, 50), idle99 = pct(idle, BASELINE_FRAMES, 99);
    double busy50 = pct(busy, n, 50), busy99 = pct(busy, n, 99);
    printf("BENCH\tstaff: frame time p99, attract screen redrawn, no install (p50 %.1f ms)\t"
           "-\t%.1f ms\n",
           idle50, idle99);
    printf("BENCH\tstaff: frame time p99 during %d inbox installs of %d MB (p50 %.1f ms, %d "
           "frames)\t<= 16.7 ms\t%.1f ms\n",
           PACKS, PACK_MB, busy50, n, busy99);
    printf("BENCH\tstaff: one %d MB install on the worker thread (verify + unpack)\t-\t%.0f ms\n",
           PACK_MB, pct(install_ms, PACKS, 50));

    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen_ops *o = screens_table[i];
        if (o->destroy)
            o->destroy(app.screen_state[i]);
    }
    update_destroy(app.update);
    staff_destroy(app.staff);
    stats_destroy(app.stats);
    text_engine_destroy(app.text);
    display_close(&app);
    ui_destroy(app.ui);
    content_destroy(app.content);
    config_destroy(app.config);
    SDL_Quit();
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
