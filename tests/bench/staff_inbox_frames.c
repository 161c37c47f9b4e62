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
#include <dirent.h>
#include <math.h>
#include <linux/ioprio.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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
#include "update/worker.h"
#include "text/text.h"
#include "display.h"
#include "ui/ui.h"

enum {
    PACK_MB = 48,
    PACKS = 4,
    INBOX_MB = 200,
    INBOX_PACKS = 6, /* one per condition of the matrix below */
    EXPORTS = 5,     /* per condition */
    IDLE_FRAMES = 120,
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
    char path[PACKS + INBOX_PACKS][512]; /* after the staff packs: the inbox packs */
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
    for (int i = 0; i < INBOX_PACKS; i++) {
        char *p = job->path[PACKS + i];
        snprintf(p, sizeof(job->path[0]), "%s/packs/yy-%d.pack", dir, i + 1);
        struct pack_create_opts o = {.id = "yy", .version = (uint64_t)i + 1, .sign_key = key};
        struct pack_info info;
        if (pack_create(src, p, &o, &info) != 0)
            return -1;
    }
    return 0;
}

/* ---- The matrix: idle, a bare copy, an inbox install, USB exports; with and without a
 * competing load; worker at the kiosk's priorities ("after") and at the process's ("before"). */

enum { SERIES_CAP = 6000 };

/* A run's frames by wall time, and the worst frame split up (see sched_now). */
struct series {
    double wall[SERIES_CAP];
    int n;
    double worst, worst_run, worst_wait;
    double load; /* 1-minute load average when the run started */
};

/*
 * This thread's CPU time (exact) and the time it spent runnable but waiting for a CPU
 * (schedstat's run_delay, brought up to date each time the thread gets a CPU), in ms.
 */
struct sched_sample {
    double run, wait;
};

static struct sched_sample sched_now(void)
{
    struct sched_sample s = {0, 0};
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    s.run = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
    FILE *f = fopen("/proc/thread-self/schedstat", "r");
    unsigned long long run = 0, wait = 0;
    if (f == NULL)
        return s;
    if (fscanf(f, "%llu %llu", &run, &wait) == 2)
        s.wait = (double)wait / 1e6;
    fclose(f);
    return s;
}

static double loadavg(void)
{
    double l = 0;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fscanf(f, "%lf", &l) != 1)
            l = 0;
        fclose(f);
    }
    return l;
}

struct bench {
    struct app *app;
    int64_t skip_ms; /* added to the clock: the inbox's 10 s between looks is not waited out */
};

/*
 * One paced frame as the kiosk's main loop draws it. Its wall time is split into the main
 * thread's own CPU time, the time it was runnable while others had the CPUs, and the rest:
 * the time it was blocked (a lock, a page fault waiting for the disk, a system call).
 */
static double frame_in(struct bench *b, struct series *s, double extra_ms)
{
    struct sched_sample s0 = sched_now();
    double t0 = monotonic_ms();
    b->app->now_ms = (int64_t)SDL_GetTicks64() + b->skip_ms;
    app_tick(b->app);
    b->app->dirty = true;
    app_render(b->app);
    double dt = monotonic_ms() - t0;
    struct sched_sample s1 = sched_now();
    double wall = dt + extra_ms;
    if (s != NULL && s->n < SERIES_CAP) {
        s->wall[s->n++] = wall;
        if (wall > s->worst) {
            s->worst = wall;
            s->worst_run = s1.run - s0.run;
            s->worst_wait = s1.wait - s0.wait;
        }
    }
    if (getenv("BENCH_DEBUG") && (wall > 33 || s1.run - s0.run > 8))
        fprintf(stderr, "slow frame %.1f ms: run %.1f, runnable %.1f\n", wall, s1.run - s0.run,
                s1.wait - s0.wait);
    if (dt < FRAME_BUDGET_MS)
        SDL_Delay((Uint32)(FRAME_BUDGET_MS - dt));
    return wall;
}

/* A process group running sh -c cmd; -1 when it cannot be started. */
static pid_t spawn(const char *cmd)
{
    pid_t pid = fork();
    if (pid == 0) {
        /* Its own group, to be stopped whole; and gone with the bench, however it ends. */
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void stop(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/*
 * The competing load: what a kiosk PC may run beside the kiosk (a sync engine receiving, an
 * update): two busy loops at nice 0 (one per core here) and a writer of 256 MB files with
 * fdatasync, again and again.
 */
struct load {
    pid_t pid[3];
};

static void load_start(struct load *l, const char *dir)
{
    char cmd[1024];
    for (int i = 0; i < 2; i++) {
        l->pid[i] = fork();
        if (l->pid[i] == 0) {
            setpgid(0, 0);
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            for (volatile unsigned long x = 0;; x++)
                ;
        }
    }
    snprintf(cmd, sizeof(cmd),
             "while :; do dd if=/dev/zero of='%s/dd.out' bs=1M count=256 conv=fdatasync "
             "status=none; done",
             dir);
    l->pid[2] = spawn(cmd);
}

static void load_stop(struct load *l, const char *dir)
{
    char path[700];
    for (int i = 0; i < 3; i++)
        stop(l->pid[i]);
    snprintf(path, sizeof(path), "%s/dd.out", dir);
    unlink(path);
}

/* The worker thread, found by name; 0 when it does not run. */
static pid_t worker_tid(void)
{
    DIR *d = opendir("/proc/self/task");
    pid_t tid = 0;
    struct dirent *e;
    while (d != NULL && tid == 0 && (e = readdir(d)) != NULL) {
        char path[300], comm[64] = "";
        snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        if (fgets(comm, sizeof(comm), f) != NULL && strcmp(comm, WORKER_THREAD_NAME "\n") == 0)
            tid = (pid_t)atoi(e->d_name);
        fclose(f);
    }
    if (d != NULL)
        closedir(d);
    return tid;
}

struct prio {
    int nice;
    long ioprio;
};

static struct prio prio_get(pid_t tid)
{
    return (struct prio){getpriority(PRIO_PROCESS, (id_t)tid),
                         syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, tid)};
}

static void prio_set(pid_t tid, struct prio p)
{
    if (setpriority(PRIO_PROCESS, (id_t)tid, p.nice) != 0 ||
        syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, tid, p.ioprio) != 0)
        fprintf(stderr, "cannot set the worker's priority to %d/%ld\n", p.nice, p.ioprio);
}

enum { PH_IDLE, PH_COPY, PH_INBOX, PH_EXPORT, PHASES };
static const char *const phase_name[PHASES] = {
    "no job",
    "bare `cp` + `sync` of the 200 MB pack (another process)",
    "inbox installs a 200 MB pack + content reload",
    "USB export x5 (ext4 loop mount, fsync, counts committed)",
};

static bool phase_idle(struct bench *b, struct series *s)
{
    for (int i = 0; i < IDLE_FRAMES; i++)
        frame_in(b, s, 0);
    return true;
}

static bool phase_copy(struct bench *b, struct series *s, const char *pack, const char *dir)
{
    char cmd[2048], copy[700];
    snprintf(copy, sizeof(copy), "%s/copy.pack", dir);
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && sync '%s'", pack, copy, copy);
    pid_t pid = spawn(cmd);
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, WNOHANG) == 0)
        frame_in(b, s, 0);
    unlink(copy);
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Moved in as a sync engine would; update_tick finds it (two looks, see the size stay). */
static bool phase_inbox(struct bench *b, struct series *s, const char *pack, const char *state)
{
    char cmd[4096];
    const char *name = strrchr(pack, '/') + 1;
    snprintf(cmd, sizeof(cmd), "mv '%s' '%s/inbox/%s' && mv '%s.minisig' '%s/inbox/%s.minisig'",
             pack, state, name, pack, state, name);
    if (system(cmd) != 0)
        return false;
    struct update *u = b->app->update;
    int before = update_inbox_installed(u);
    while (update_inbox_installed(u) == before && s->n < SERIES_CAP - 60) {
        if (!update_busy(u))
            b->skip_ms += UPDATE_SCAN_MS;
        frame_in(b, s, 0);
    }
    for (int i = 0; i < 30; i++) /* the reload that follows */
        frame_in(b, s, 0);
    return update_inbox_installed(u) != before;
}

static bool phase_export(struct bench *b, struct series *s, const char *stick, struct job *job)
{
    struct app *app = b->app;
    for (int e = 0; e < EXPORTS; e++) {
        snprintf(app->session.lang, sizeof(app->session.lang), "%s", e % 2 ? "ar" : "tr");
        app_count(app, APP_COUNT_SESSION);
        app_count(app, APP_COUNT_VIDEO_STARTED);
        atomic_store(&job->done, false);
        /* The staff's tap: the commit and the queueing belong to that frame. */
        double t0 = monotonic_ms();
        app_count_commit(app);
        if (!update_export(app->update, stick, installed, job))
            return false;
        frame_in(b, s, monotonic_ms() - t0);
        while (!atomic_load(&job->done) && s->n < SERIES_CAP)
            frame_in(b, s, 0);
        if (job->result != UPDATE_EXPORTED) {
            fprintf(stderr, "export %d: result %d\n", e, job->result);
            return false;
        }
    }
    memset(&app->session, 0, sizeof(app->session));
    return true;
}

/* A "USB stick": an ext4 image mounted on a loop device (root only), else nothing. */
static bool stick_mount(const char *dir, char *stick, size_t size)
{
    char cmd[4096];
    snprintf(stick, size, "%s/stick", dir);
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s' && truncate -s 64M '%s/stick.img' && mkfs.ext4 -q -F '%s/stick.img' "
             "&& mount -o loop '%s/stick.img' '%s' 2>/dev/null",
             stick, dir, dir, dir, stick);
    return system(cmd) == 0;
}

/* The settings compared, paired under each load. */
enum { SET_BEFORE, SET_WORKER, SET_UNIT, SETS };
static const char *const set_name[SETS] = {
    "worker at nice 0, default I/O class",
    "worker at nice 10, idle I/O class (the kiosk now)",
    "the same, main thread at nice -5 (the unit's Nice=-5, as root only)",
};

static void series_row(const char *phase, const char *load, struct series *s, bool unit_ok)
{
    printf("BENCH\tupdate: frame wall p50/p99/max (frames > 33 ms / all), %s, %s; load avg", phase,
           load);
    for (int i = 0; i < SETS; i++)
        printf(" %.1f", s[i].load);
    printf("\t<= 33 ms\t");
    for (int i = 0; i < SETS; i++) {
        if (i == SET_UNIT && !unit_ok) {
            printf(" | n/a (needs root)");
            continue;
        }
        int late = 0;
        for (int f = 0; f < s[i].n; f++)
            late += s[i].wall[f] > 33.4;
        printf("%s%.1f/%.1f/%.1f (%d/%d)", i ? " | " : "", pct(s[i].wall, s[i].n, 50),
               pct(s[i].wall, s[i].n, 99), s[i].worst, late, s[i].n);
    }
    printf(" ms\n");
    printf("BENCH\tupdate:   longest frame split: main thread CPU / runnable, waiting for a CPU / "
           "blocked\t-\t");
    for (int i = 0; i < SETS; i++)
        printf("%s%.1f/%.1f/%.1f", i ? " | " : "", s[i].worst_run, s[i].worst_wait,
               fmax(0, s[i].worst - s[i].worst_run - s[i].worst_wait));
    printf(" ms\n");
}

static bool matrix(struct app *app, const char *dir, struct job *job)
{
    static struct series s[2][PHASES][SETS]; /* [load][phase][settings] */
    struct bench b = {.app = app};
    char stick[700];
    bool have_stick = stick_mount(dir, stick, sizeof(stick));
    pid_t tid = worker_tid(), main_tid = gettid();
    if (tid == 0) {
        fprintf(stderr, "no thread named %s\n", WORKER_THREAD_NAME);
        return false;
    }
    struct prio kiosk = prio_get(tid), plain = {0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0)};
    int main_nice = getpriority(PRIO_PROCESS, (id_t)main_tid);
    /* assets/wegwijs.service's Nice=; BENCH_UNIT_NICE tries another. */
    int unit_nice = getenv("BENCH_UNIT_NICE") ? atoi(getenv("BENCH_UNIT_NICE")) : -5;
    bool ok = true, unit_ok = true;
    int k = 0;
    for (int load = 0; load < 2 && ok; load++) {
        struct load l = {{0, 0, 0}};
        if (load) {
            load_start(&l, dir);
            SDL_Delay(1000);
        }
        /* Paired: every setting under the same load, one after the other. */
        for (int set = 0; set < SETS && ok; set++, k++) {
            prio_set(tid, set == SET_BEFORE ? plain : kiosk);
            if (set == SET_UNIT && setpriority(PRIO_PROCESS, (id_t)main_tid, unit_nice) != 0)
                unit_ok = false;
            const char *pack = job->path[PACKS + k];
            for (int p = 0; p < PHASES && ok; p++) {
                struct series *ph = &s[load][p][set];
                ph->load = loadavg();
                switch (p) {
                case PH_IDLE:
                    ok = phase_idle(&b, ph);
                    break;
                case PH_COPY:
                    ok = phase_copy(&b, ph, pack, dir);
                    break;
                case PH_INBOX:
                    ok = phase_inbox(&b, ph, pack, app->opts.state_dir);
                    break;
                case PH_EXPORT:
                    ok = !have_stick || phase_export(&b, ph, stick, job);
                    break;
                }
                if (!ok)
                    fprintf(stderr, "%s failed\n", phase_name[p]);
            }
            setpriority(PRIO_PROCESS, (id_t)main_tid, main_nice);
        }
        if (load)
            load_stop(&l, dir);
    }
    prio_set(tid, kiosk);
    char cmd[1000];
    snprintf(cmd, sizeof(cmd), "umount '%s' 2>/dev/null", stick);
    if (have_stick && system(cmd) != 0)
        fprintf(stderr, "cannot unmount %s\n", stick);
    if (!ok)
        return false;
    printf("BENCH\tupdate: frame wall time (tick + full redraw of the attract screen), three "
           "settings, each run paired under the same load:\t-\t-\n");
    for (int i = 0; i < SETS; i++)
        printf("BENCH\tupdate:   %d. %s\t-\t-\n", i + 1, set_name[i]);
    if (unit_nice != -5)
        printf("BENCH\tupdate:   (3. with the main thread at nice %d)\t-\t-\n", unit_nice);
    for (int load = 0; load < 2; load++)
        for (int p = 0; p < PHASES; p++) {
            if (p == PH_EXPORT && !have_stick) {
                printf("BENCH\tupdate: USB export not measured (mounting a stick image needs "
                       "root)\t-\t-\n");
                continue;
            }
            series_row(phase_name[p], load ? "2 busy loops + dd writer" : "no extra load",
                       s[load][p], unit_ok);
        }
    return true;
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
    stats_no_autocheckpoint(app.stats); /* as kiosk/main.c */
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
    struct stall st_idle = {0}, st_busy = {0};
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

    double idle50 = pct(idle, BASELINE_FRAMES, 50), idle99 = pct(idle, BASELINE_FRAMES, 99);
    double busy50 = pct(busy, n, 50), busy99 = pct(busy, n, 99);
    printf("BENCH\tstaff: frame time p99, attract screen redrawn, no install (p50 %.1f ms)\t"
           "-\t%.1f ms\n",
           idle50, idle99);
    printf("BENCH\tstaff: frame time p99 during %d staff installs of %d MB (p50 %.1f ms, %d "
           "frames)\t<= 16.7 ms\t%.1f ms\n",
           PACKS, PACK_MB, busy50, n, busy99);
    printf("BENCH\tstaff: one %d MB install on the worker thread (verify + unpack)\t-\t%.0f ms\n",
           PACK_MB, pct(install_ms, PACKS, 50));
    printf("BENCH\tupdate: longest main-thread frame during %d staff installs of %d MB (own time "
           "%.1f ms)\t<= 33 ms\t%.1f ms\n",
           PACKS, PACK_MB, st_busy.own, st_busy.wall);
    fflush(stdout);

    if (!matrix(&app, dir, &job))
        return 1;

    /* What a content reload (after every install) costs the main thread by itself. */
    double reload_wall[5], reload_cpu[5];
    for (int i = 0; i < 5; i++) {
        struct sched_sample s0 = sched_now();
        double t0 = monotonic_ms();
        app_load_content(&app);
        reload_wall[i] = monotonic_ms() - t0;
        reload_cpu[i] = sched_now().run - s0.run;
    }
    printf("BENCH\tupdate: one content reload on the main thread, CPU time (wall time; median of "
           "5; load avg %.1f)\t< 33 ms\t%.1f ms (%.1f ms)\n",
           loadavg(), pct(reload_cpu, 5, 50), pct(reload_wall, 5, 50));
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
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
