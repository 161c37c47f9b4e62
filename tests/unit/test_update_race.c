/*
 * The update module under load, for `make TSAN=1 test` (and plain `make test`): installs
 * from the inbox and from staff mode, rollbacks and content reloads (roots read on the worker,
 * confirmations sent back to it) run many times while the main thread keeps ticking, and a
 * reader thread keeps reading every STATE file as the kiosk's next start would. No data race
 * (ThreadSanitizer), no torn STATE, every install accounted for, the content loads.
 */
#include "check.h"
#include "content/content.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "update/update.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { VERSIONS = 12 };

struct race {
    char dir[64], state[128], keys[128], key[128], packs[128];
    atomic_bool stop;
    atomic_int torn;
    atomic_long reads;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const char *cmd)
{
    return system(cmd);
}

/* A language folder "<dir>/src/<id>" made from the French texts, for pack_create. */
static bool make_source(const struct race *r, const char *id)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s/src/%s' && cp locales/fr/kiosk.po locales/fr/topics.po '%s/src/%s/' && "
             "sed -i 's/^\"Language: fr/\"Language: %s/' '%s/src/%s/kiosk.po' "
             "'%s/src/%s/topics.po'",
             r->dir, id, r->dir, id, id, r->dir, id, r->dir, id);
    return run(cmd) == 0;
}

/* "<packs>/<id>-<v>.pack" and its signature. */
static bool make_pack(const struct race *r, const char *id, uint64_t v)
{
    char src[256], out[256];
    snprintf(src, sizeof(src), "%s/src/%s", r->dir, id);
    snprintf(out, sizeof(out), "%s/%s-%llu.pack", r->packs, id, (unsigned long long)v);
    struct pack_create_opts o = {.id = id, .version = v, .sign_key = r->key};
    struct pack_info info;
    return pack_create(src, out, &o, &info) == 0;
}

static bool setup(struct race *r)
{
    snprintf(r->dir, sizeof(r->dir), "/tmp/test_update_race.XXXXXX");
    if (mkdtemp(r->dir) == NULL)
        return false;
    snprintf(r->state, sizeof(r->state), "%s/state", r->dir);
    snprintf(r->keys, sizeof(r->keys), "%s/keys", r->dir);
    snprintf(r->key, sizeof(r->key), "%s/test.key", r->dir);
    snprintf(r->packs, sizeof(r->packs), "%s/packs", r->dir);
    char pub[192];
    snprintf(pub, sizeof(pub), "%s/test.pub", r->keys);
    if (mkdir(r->keys, 0755) != 0 || mkdir(r->packs, 0755) != 0 || mkdir(r->state, 0755) != 0 ||
        minisig_keypair_write(pub, r->key, NULL, 0, 0) != 0 || !make_source(r, "sa") ||
        !make_source(r, "ib"))
        return false;
    for (uint64_t v = 1; v <= VERSIONS; v++)
        if (!make_pack(r, "sa", v) || !make_pack(r, "ib", v))
            return false;
    return true;
}

/* A STATE file is whole: three lines, current > 0, nothing else. */
static bool state_whole(const char *path)
{
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return true; /* not there (yet): nothing torn */
    char buf[256];
    size_t len = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[len] = '\0';
    unsigned long long cur, prev;
    unsigned pend;
    char extra;
    return sscanf(buf, "current %llu\nprevious %llu\npending %u\n%c", &cur, &prev, &pend, &extra) ==
               3 &&
           cur > 0 && buf[len - 1] == '\n';
}

static void *reader(void *ud)
{
    struct race *r = ud;
    static const char *const ids[] = {"sa", "ib"};
    while (!atomic_load(&r->stop)) {
        for (int i = 0; i < 2; i++) {
            char path[256];
            snprintf(path, sizeof(path), "%s/packs/%s/STATE", r->state, ids[i]);
            if (!state_whole(path))
                atomic_fetch_add(&r->torn, 1);
            atomic_fetch_add(&r->reads, 1);
        }
        usleep(200);
    }
    return NULL;
}

struct staff_job {
    int done, installed;
};

static void staff_done(void *ud, int result, const char *text)
{
    (void)text;
    struct staff_job *j = ud;
    j->done++;
    if (result == PACK_INSTALLED || result == 0)
        j->installed++;
}

/* What app_load_content does: a fresh content with every root, pending ones reported. */
static int load_content(struct update *u)
{
    struct content *c = content_new();
    size_t n = 0;
    const struct pack_info *roots = update_roots(u, &n);
    int loaded = 0;
    for (size_t i = 0; i < n; i++) {
        bool ok = content_add_root(c, roots[i].root);
        loaded += ok;
        if (roots[i].pending)
            update_root_loaded(u, roots[i].id, ok);
    }
    content_destroy(c);
    return loaded;
}

static void test_race(void)
{
    struct race r = {0};
    CHECK(setup(&r));
    struct update *u =
        update_new(&(struct update_options){.state_dir = r.state, .keys_dir = r.keys});
    CHECK(u != NULL);
    pthread_t th;
    CHECK(pthread_create(&th, NULL, reader, &r) == 0);

    struct staff_job staff = {0};
    int64_t now = 0;
    int reloads = 0, queued = 0;
    for (uint64_t v = 1; v <= VERSIONS; v++) {
        /* The sync tool drops the next inbox version (rename: whole files only). */
        char cmd[1024];
        snprintf(cmd, sizeof(cmd),
                 "cp '%s/ib-%llu.pack' '%s/inbox/.ib.tmp' && cp '%s/ib-%llu.pack.minisig' "
                 "'%s/inbox/ib.pack.minisig' && mv '%s/inbox/.ib.tmp' '%s/inbox/ib.pack'",
                 r.packs, (unsigned long long)v, r.state, r.packs, (unsigned long long)v, r.state,
                 r.state, r.state);
        CHECK(run(cmd) == 0);
        /* Staff install the next version meanwhile, and roll back every third. */
        char pack[256];
        snprintf(pack, sizeof(pack), "%s/sa-%llu.pack", r.packs, (unsigned long long)v);
        CHECK(update_install(u, pack, staff_done, &staff));
        queued++;
        if (v % 3 == 0) {
            CHECK(update_rollback(u, "sa", staff_done, &staff));
            queued++;
        }
        /* The main loop: ticks on the attract screen (the inbox's two looks are 10 s apart on
         * the kiosk's clock) and now and then in a session; reloads when told. */
        /* Bounded by real time: the worker's jobs take what the (shared) machine gives them. */
        double until = now_s() + 60;
        for (int t = 0; now_s() < until && (staff.done < queued || update_busy(u) ||
                                            update_inbox_installed(u) < (int)v);
             t++) {
            now += 500;
            bool between = (t / 10) % 4 != 3;
            if (update_tick(u, now, between) == UPDATE_RELOAD) {
                CHECK(load_content(u) >= 1);
                reloads++;
            }
            usleep(1000);
        }
        CHECK_INT_EQ(update_inbox_installed(u), v);
    }
    /* Let the last inbox version be found and everything settle: at least 200 ticks, then
     * until no confirmation is pending (bounded by real time, as above: on a loaded machine
     * the worker's confirm jobs may need more than the ticks' tenth of a second). */
    double until = now_s() + 60;
    for (int t = 0;; t++) {
        now += 500;
        if (update_tick(u, now, true) == UPDATE_RELOAD) {
            load_content(u);
            reloads++;
        }
        size_t np = 0;
        const struct pack_info *ps = update_packs(u, &np, NULL);
        bool pending = false;
        for (size_t i = 0; i < np; i++)
            pending = pending || ps[i].pending;
        if ((t >= 200 && !pending && !update_busy(u)) || now_s() >= until)
            break;
        usleep(500);
    }
    update_flush(u);
    atomic_store(&r.stop, true);
    pthread_join(th, NULL);

    CHECK_INT_EQ(staff.done, queued);
    CHECK(staff.installed >= VERSIONS); /* installs and rollbacks that succeeded */
    CHECK_INT_EQ(update_inbox_installed(u), VERSIONS);
    CHECK(reloads >= VERSIONS);
    CHECK_INT_EQ(atomic_load(&r.torn), 0);
    CHECK(atomic_load(&r.reads) > 100);
    /* Everything confirmed: nothing pending, the newest inbox version current. */
    size_t n = 0;
    const struct pack_info *packs = update_packs(u, &n, NULL);
    CHECK_INT_EQ(n, 2);
    for (size_t i = 0; i < n; i++) {
        CHECK(!packs[i].pending);
        if (strcmp(packs[i].id, "ib") == 0)
            CHECK_INT_EQ(packs[i].version, VERSIONS);
    }
    update_destroy(u);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r.dir);
    run(cmd);
}

static const struct check_case cases[] = {
    {"update_race_installs_reloads", test_race},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
