/*
 * make bench, update: the kiosk keeps drawing frames while packs are installed and figures
 * exported. Three runs, each on the update module's worker exactly as the kiosk does it:
 * staff installs (PACKS versions of a PACK_MB pack, update_install), one INBOX_MB pack that
 * arrives in the inbox (found by update_tick's scans between sessions, installed, content
 * reloaded), and EXPORTS exports of the usage figures to a "USB stick" folder (update_export,
 * with fsync), each after a session's counts. The main loop meanwhile ticks and redraws the
 * attract screen at 60 Hz. Printed: frame time p50/p99 with no job, p99 during the staff
 * installs, and the longest frame (the main thread's longest stall) in each run.
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

enum {
    PACK_MB = 48,
    PACKS = 4,
    INBOX_MB = 200,
    EXPORTS = 20,
    BASELINE_FRAMES = 300,
    FRAME_BUDGET_MS = 16,
};

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
    char path[PACKS + 1][512]; /* the last: the inbox pack */
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

/*
 * Nanoseconds this thread waited on a run queue so far (/proc schedstat, field 2): time the
 * CPU was given to other processes. The bench machine is shared, so a frame's wall time is
 * also reported without it: the main thread's own work plus any time it was blocked.
 */
static double runqueue_wait_ms(void)
{
    FILE *f = fopen("/proc/thread-self/schedstat", "r");
    unsigned long long run = 0, wait = 0;
    if (f == NULL)
        return 0;
    if (fscanf(f, "%llu %llu", &run, &wait) != 2)
        wait = 0;
    fclose(f);
    return (double)wait / 1e6;
}

/* The longest frame of a run, by wall time and by the main thread's own time (see above). */
struct stall {
    double wall, own;
};

static void stall_add(struct stall *s, double wall, double own)
{
    s->wall = wall > s->wall ? wall : s->wall;
    s->own = own > s->own ? own : s->own;
}

/* One paced frame: tick, full redraw; returns the frame's time in ms. */
static double frame_own(struct app *app, struct stall *stall)
{
    double w0 = runqueue_wait_ms();
    double t0 = monotonic_ms();
    app->now_ms = (int64_t)SDL_GetTicks64();
    app_tick(app);
    bool relayout = app->relayout;
    app->dirty = true;
    app_render(app);
    double dt = monotonic_ms() - t0;
    double own = dt - (runqueue_wait_ms() - w0);
    if (getenv("BENCH_DEBUG") && dt > 6)
        fprintf(stderr, "slow frame %.1f ms, own %.1f ms (relayout %d)\n", dt, own, relayout);
    if (stall != NULL)
        stall_add(stall, dt, own);
    if (dt < FRAME_BUDGET_MS)
        SDL_Delay((Uint32)(FRAME_BUDGET_MS - dt));
    return dt;
}

static double frame(struct app *app)
{
    return frame_own(app, NULL);
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
    /* The inbox pack: its own id, INBOX_MB of video. */
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s/src/yy/videos' && cp '%s/../kiosk.po' '%s/../topics.po' "
             "'%s/src/yy/' && sed -i 's/^\"Language: xx/\"Language: yy/' '%s/src/yy/kiosk.po' "
             "'%s/src/yy/topics.po' && head -c %dM /dev/urandom > '%s/src/yy/videos/wijkteam.mp4'",
             dir, path, path, dir, dir, dir, INBOX_MB, dir);
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
    snprintf(src, sizeof(src), "%s/src/yy", dir);
    snprintf(job->path[PACKS], sizeof(job->path[PACKS]), "%s/packs/yy.pack", dir);
    struct pack_create_opts o = {.id = "yy", .version = 1, .sign_key = key};
    struct pack_info info;
    return pack_create(src, job->path[PACKS], &o, &info);
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
    if (app.staff == NULL || !app_open_display(&app) ||
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
    struct stall st_idle = {0}, st_busy = {0}, st_inbox = {0}, st_exp = {0};
    for (int i = 0; i < 30; i++) /* warm the glyph atlas and caches */
        frame(&app);
    for (int i = 0; i < BASELINE_FRAMES; i++)
        idle[i] = frame_own(&app, &st_idle);

    int n = 0;
    double install_ms[PACKS];
    for (job.current = 0; job.current < PACKS; job.current++) {
        atomic_store(&job.done, false);
        double t0 = monotonic_ms();
        if (!update_install(app.update, job.path[job.current], installed, &job))
            return 1;
        while (!atomic_load(&job.done) && n < (int)(sizeof(busy) / sizeof(busy[0])))
            busy[n++] = frame_own(&app, &st_busy);
        install_ms[job.current] = monotonic_ms() - t0;
        if (job.result != PACK_INSTALLED) {
            fprintf(stderr, "install %d: result %d\n", job.current + 1, job.result);
            return 1;
        }
    }

    /* The inbox: the pack is moved in as a sync tool would; update_tick finds it (two looks,
     * 10 s apart, see the size stay the same), installs it and the content is loaded again. */
    char inbox_pack[700], cmd[4096];
    snprintf(inbox_pack, sizeof(inbox_pack), "%s/inbox/yy.pack", state);
    snprintf(cmd, sizeof(cmd), "mv '%s' '%s' && mv '%s.minisig' '%s.minisig'", job.path[PACKS],
             inbox_pack, job.path[PACKS], inbox_pack);
    if (system(cmd) != 0)
        return 1;
    static double inbox[40000];
    int n_inbox = 0;
    double t_inbox = monotonic_ms();
    int before = update_inbox_installed(app.update);
    while (update_inbox_installed(app.update) == before &&
           n_inbox < (int)(sizeof(inbox) / sizeof(inbox[0])))
        inbox[n_inbox++] = frame_own(&app, &st_inbox);
    for (int i = 0; i < 30; i++) /* the reload that follows */
        inbox[n_inbox++] = frame_own(&app, &st_inbox);
    t_inbox = monotonic_ms() - t_inbox;
    if (update_inbox_installed(app.update) == before) {
        fprintf(stderr, "the inbox pack was not installed\n");
        return 1;
    }

    /* Exports to a "stick": a folder matched by the USB pattern, after a session's counts. */
    char stick[700];
    snprintf(stick, sizeof(stick), "%s/stick", dir);
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", stick);
    if (system(cmd) != 0)
        return 1;
    static double exp_frames[20000];
    int n_exp = 0;
    for (int e = 0; e < EXPORTS; e++) {
        snprintf(app.session.lang, sizeof(app.session.lang), "%s", e % 2 ? "ar" : "tr");
        app_count(&app, APP_COUNT_SESSION);
        app_count(&app, APP_COUNT_VIDEO_STARTED);
        atomic_store(&job.done, false);
        double t0 = monotonic_ms(), w0 = runqueue_wait_ms();
        app_count_commit(&app);
        if (!update_export(app.update, stick, installed, &job))
            return 1;
        double dt = monotonic_ms() - t0;
        double wall = frame_own(&app, &st_exp) + dt;
        stall_add(&st_exp, wall, wall - (runqueue_wait_ms() - w0));
        exp_frames[n_exp++] = wall;
        while (!atomic_load(&job.done) && n_exp < (int)(sizeof(exp_frames) / sizeof(exp_frames[0])))
            exp_frames[n_exp++] = frame_own(&app, &st_exp);
        if (job.result != UPDATE_EXPORTED) {
            fprintf(stderr, "export %d: result %d\n", e, job.result);
            return 1;
        }
    }
    memset(&app.session, 0, sizeof(app.session));

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
    printf("BENCH\tupdate: longest main-thread frame, no job (%d frames; own time %.1f ms)\t<= "
           "33 ms\t%.1f ms\n",
           BASELINE_FRAMES, st_idle.own, st_idle.wall);
    printf("BENCH\tupdate: longest main-thread frame during %d staff installs of %d MB (own time "
           "%.1f ms)\t<= 33 ms\t%.1f ms\n",
           PACKS, PACK_MB, st_busy.own, st_busy.wall);
    printf("BENCH\tupdate: longest main-thread frame while the inbox installs a %d MB pack and "
           "the content reloads (%d frames, %.1f s; own time %.1f ms)\t<= 33 ms\t%.1f ms\n",
           INBOX_MB, n_inbox, t_inbox / 1000, st_inbox.own, st_inbox.wall);
    printf("BENCH\tupdate: longest main-thread frame during %d USB exports with fsync (commit "
           "of the counts included, %d frames; own time %.1f ms)\t<= 33 ms\t%.1f ms\n",
           EXPORTS, n_exp, st_exp.own, st_exp.wall);
    printf("BENCH\tupdate: (own time = wall time less the time the main thread waited for a "
           "CPU taken by other processes; load average when run: see uptime)\t-\t-\n");

    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen_ops *o = screens_table[i];
        if (o->destroy)
            o->destroy(app.screen_state[i]);
    }
    update_destroy(app.update);
    staff_destroy(app.staff);
    stats_destroy(app.stats);
    text_engine_destroy(app.text);
    display_destroy(app.display);
    ui_destroy(app.ui);
    content_destroy(app.content);
    config_destroy(app.config);
    SDL_Quit();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
