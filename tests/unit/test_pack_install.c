/*
 * pack install, list, rollback, downgrade, pending/confirm/fall back, recovery of leftovers,
 * the inbox scan and pack_create, through the library the kiosk uses.
 */
#include "check.h"
#include "test_pack_util.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <utime.h>

struct ctx {
    char dir[64];
    char keys[128], key[128], state[128];
};

static struct ctx T;

/* Makes <dir>/src-v<n>/fr/{kiosk.po,topics.po} and packs it as id "fr" version n. */
static const char *make_pack(uint64_t v, const char *compress)
{
    static char outs[16][256];
    char *out = outs[v % 16];
    char src[256], lang[300];
    snprintf(src, sizeof(src), "%s/src-v%llu", T.dir, (unsigned long long)v);
    snprintf(lang, sizeof(lang), "%s/fr", src);
    mkdir(src, 0755);
    mkdir(lang, 0755);
    char text[128];
    snprintf(text, sizeof(text), "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n# v%llu\n",
             (unsigned long long)v);
    tp_write_file(tp_path(lang, "kiosk.po"), text, strlen(text));
    tp_write_file(tp_path(lang, "topics.po"), "msgid \"\"\nmsgstr \"\"\n", 20);
    snprintf(out, sizeof(outs[0]), "%s/fr-%llu%s.pack", T.dir, (unsigned long long)v,
             compress ? compress : "");
    struct pack_create_opts o = {.version = v, .sign_key = T.key, .compress = compress};
    if (pack_create(lang, out, &o, NULL) != 0)
        return NULL;
    return out;
}

static bool setup(void)
{
    snprintf(T.dir, sizeof(T.dir), "/tmp/test_pack_install_XXXXXX");
    if (mkdtemp(T.dir) == NULL || sodium_init() < 0)
        return false;
    snprintf(T.keys, sizeof(T.keys), "%s/keys", T.dir);
    snprintf(T.key, sizeof(T.key), "%s/test.key", T.dir);
    snprintf(T.state, sizeof(T.state), "%s/state", T.dir);
    mkdir(T.keys, 0755);
    return minisig_keypair_write(tp_path(T.keys, "test.pub"), T.key, NULL, 0, 0) == 0;
}

static char *root_file(const struct pack_info *i, const char *rel)
{
    size_t len;
    char p[4400];
    snprintf(p, sizeof(p), "%s/%s", i->root, rel);
    return tp_read_file(p, &len);
}

static void test_install_list_rollback(void)
{
    struct pack_store *s = pack_store_new(T.state, T.keys);
    struct pack_info *v = NULL;
    size_t n;
    CHECK(s != NULL);
    const char *p1 = make_pack(1, NULL);
    CHECK(p1 != NULL);
    CHECK_INT_EQ(pack_install(s, p1, 0, NULL, NULL), PACK_INSTALLED);
    CHECK_INT_EQ(pack_install(s, p1, 0, NULL, NULL), PACK_UNCHANGED);
    /* The same version mends an installed copy that lost its files. */
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf %s/packs/fr/v1/content", T.state);
    CHECK(system(cmd) == 0);
    CHECK_INT_EQ(pack_install(s, p1, 0, NULL, NULL), PACK_INSTALLED);
    struct stat st;
    CHECK(stat(tp_path(T.state, "packs/fr/v1/content/fr/kiosk.po"), &st) == 0);
    const char *p2 = make_pack(2, "gzip");
    CHECK(p2 != NULL);
    CHECK_INT_EQ(pack_install(s, p2, 0, NULL, NULL), PACK_INSTALLED);
    CHECK(pack_list(s, &v, &n) == 0);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(v[0].id, "fr");
    CHECK_INT_EQ(v[0].version, 2);
    CHECK_INT_EQ(v[0].previous, 1);
    CHECK_INT_EQ(v[0].highest, 2);
    CHECK(v[0].pending);
    CHECK_STR_EQ(v[0].languages, "fr");
    CHECK_INT_EQ(v[0].n_files, 2);
    char *po = root_file(&v[0], "fr/kiosk.po");
    CHECK(po != NULL && strstr(po, "# v2") != NULL);
    free(po);
    free(v);

    /* Lower than the highest ever installed: refused, unless on purpose. */
    CHECK_INT_EQ(pack_install(s, p1, 0, NULL, NULL), PACK_REFUSED);
    CHECK(strstr(pack_store_error(s), "lower than version 2") != NULL);

    CHECK_INT_EQ(pack_rollback(s, "fr"), 0);
    CHECK(pack_list(s, &v, &n) == 0 && n == 1);
    CHECK_INT_EQ(v[0].version, 1);
    CHECK_INT_EQ(v[0].previous, 0);
    CHECK_INT_EQ(v[0].highest, 2);
    po = root_file(&v[0], "fr/kiosk.po");
    CHECK(po != NULL && strstr(po, "# v1") != NULL);
    free(po);
    free(v);
    CHECK_INT_EQ(pack_rollback(s, "fr"), -1);
    CHECK(strstr(pack_store_error(s), "no earlier version") != NULL);
    CHECK_INT_EQ(pack_rollback(s, "nl"), -1);

    /* After a rollback the newer version may come back. */
    CHECK_INT_EQ(pack_install(s, p2, 0, NULL, NULL), PACK_INSTALLED);
    /* A downgrade on purpose, to the version kept for rollback. */
    CHECK_INT_EQ(pack_install(s, p1, PACK_ALLOW_DOWNGRADE, NULL, NULL), PACK_INSTALLED);
    CHECK(pack_list(s, &v, &n) == 0 && n == 1);
    CHECK_INT_EQ(v[0].version, 1);
    CHECK_INT_EQ(v[0].previous, 2);
    free(v);
    pack_store_destroy(s);
}

/* The highest version is kept apart: deleting the pack's folder does not reset it. */
static void test_highest_survives_deletion(void)
{
    struct pack_store *s = pack_store_new(T.state, T.keys);
    CHECK(s != NULL);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s/packs/fr", T.state);
    CHECK(system(cmd) == 0);
    struct pack_info *v;
    size_t n;
    CHECK(pack_list(s, &v, &n) == 0);
    CHECK_INT_EQ(n, 0);
    free(v);
    const char *p1 = make_pack(1, NULL);
    CHECK_INT_EQ(pack_install(s, p1, 0, NULL, NULL), PACK_REFUSED);
    const char *p3 = make_pack(3, NULL);
    CHECK_INT_EQ(pack_install(s, p3, 0, NULL, NULL), PACK_INSTALLED);
    pack_store_destroy(s);
}

/* Pending until confirmed; a pending version handed out and never confirmed falls back. */
static void test_pending_and_fall_back(void)
{
    struct pack_store *s = pack_store_new(T.state, T.keys);
    struct pack_info *v;
    size_t n;
    CHECK(s != NULL);
    CHECK(pack_roots(s, &v, &n) == 0 && n == 1);
    CHECK_INT_EQ(v[0].version, 3);
    free(v);
    CHECK_INT_EQ(pack_confirm(s, "fr"), 0);
    CHECK(pack_list(s, &v, &n) == 0 && n == 1);
    CHECK(!v[0].pending);
    free(v);

    const char *p4 = make_pack(4, NULL);
    CHECK_INT_EQ(pack_install(s, p4, 0, NULL, NULL), PACK_INSTALLED);
    CHECK(pack_roots(s, &v, &n) == 0 && n == 1);
    CHECK_INT_EQ(v[0].version, 4);
    CHECK(v[0].pending);
    free(v);
    pack_store_destroy(s);
    /* "Restart" without a confirm: the kiosk died loading v4. */
    s = pack_store_new(T.state, T.keys);
    CHECK(s != NULL);
    CHECK(pack_roots(s, &v, &n) == 0 && n == 1);
    CHECK_INT_EQ(v[0].version, 3);
    CHECK(!v[0].pending);
    free(v);

    /* An explicit fall back after a load error. */
    const char *p5 = make_pack(5, NULL);
    CHECK_INT_EQ(pack_install(s, p5, 0, NULL, NULL), PACK_INSTALLED);
    CHECK(pack_roots(s, &v, &n) == 0 && n == 1 && v[0].version == 5);
    free(v);
    CHECK_INT_EQ(pack_fall_back(s, "fr", "topics.po: syntax error"), 0);
    CHECK(pack_roots(s, &v, &n) == 0 && n == 1);
    CHECK_INT_EQ(v[0].version, 3);
    free(v);
    pack_store_destroy(s);
}

/* Leftovers of an interrupted install disappear when a store opens. */
static void test_recovery(void)
{
    char p[400];
    snprintf(p, sizeof(p), "%s/packs/.staging/fr-v9-123", T.state);
    mkdir(p, 0755);
    tp_write_file(tp_path(p, "half.mp4"), "xx", 2);
    snprintf(p, sizeof(p), "%s/packs/fr/v99", T.state);
    mkdir(p, 0755);
    tp_write_file(tp_path(p, "MANIFEST"), "x", 1);
    snprintf(p, sizeof(p), "%s/packs/fr/STATE.tmp", T.state);
    tp_write_file(p, "garbage", 7);
    snprintf(p, sizeof(p), "%s/packs/nl", T.state); /* a first install that never switched */
    mkdir(p, 0755);
    mkdir(tp_path(p, "v1"), 0755);
    struct pack_store *s = pack_store_new(T.state, T.keys);
    CHECK(s != NULL);
    CHECK_INT_EQ(tp_count_entries(tp_path(T.state, "packs/.staging")), 0);
    struct stat st;
    CHECK(stat(tp_path(T.state, "packs/fr/v99"), &st) != 0);
    CHECK(stat(tp_path(T.state, "packs/fr/STATE.tmp"), &st) != 0);
    CHECK(stat(tp_path(T.state, "packs/nl"), &st) != 0);
    CHECK(stat(tp_path(T.state, "packs/fr/v3/content/fr/kiosk.po"), &st) == 0);
    pack_store_destroy(s);
}

static void test_verify(void)
{
    struct pack_store *s = pack_store_new(NULL, T.keys);
    struct pack_info info;
    CHECK(s != NULL);
    const char *p = make_pack(6, "zstd");
    CHECK(p != NULL);
    CHECK_INT_EQ(pack_verify(s, p, &info), 0);
    CHECK_STR_EQ(info.id, "fr");
    CHECK_INT_EQ(info.version, 6);
    struct pack_store *nokeys = pack_store_new(NULL, tp_path(T.dir, "nokeys"));
    CHECK_INT_EQ(pack_verify(nokeys, p, &info), -1);
    pack_store_destroy(nokeys);
    pack_store_destroy(s);
}

/* The inbox installs only what stood still between two looks. */
static void test_inbox(void)
{
    char inbox[200], tmpname[300], final[300];
    snprintf(inbox, sizeof(inbox), "%s/inbox", T.dir);
    mkdir(inbox, 0755);
    struct pack_store *s = pack_store_new(T.state, T.keys);
    struct pack_inbox *in = pack_inbox_new(inbox);
    CHECK(s != NULL && in != NULL);
    const char *p = make_pack(7, NULL);
    size_t len = 0, slen = 0;
    char *data = tp_read_file(p, &len);
    char sigp[300];
    snprintf(sigp, sizeof(sigp), "%s.minisig", p);
    char *sig = tp_read_file(sigp, &slen);
    CHECK(data != NULL && sig != NULL);
    /* Syncthing writes under a temporary name, then renames. */
    snprintf(tmpname, sizeof(tmpname), "%s/.syncthing.fr-7.pack.tmp", inbox);
    tp_write_file(tmpname, data, len / 2);
    snprintf(final, sizeof(final), "%s/~syncthing~fr-7.pack.tmp", inbox);
    tp_write_file(final, data, len / 2);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    unlink(tmpname);
    unlink(final);
    /* Half there, still growing between looks. */
    snprintf(final, sizeof(final), "%s/fr-7.pack", inbox);
    tp_write_file(final, data, len / 2);
    char fsig[400];
    snprintf(fsig, sizeof(fsig), "%s.minisig", final);
    tp_write_file(fsig, sig, slen);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    tp_write_file(final, data, len * 3 / 4);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    tp_write_file(final, data, len);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0); /* first look at the whole file */
    CHECK_INT_EQ(pack_inbox_scan(in, s), 1); /* unchanged since: installed */
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0); /* handled, not again */
    struct pack_info *v;
    size_t n;
    CHECK(pack_list(s, &v, &n) == 0 && n == 1 && v[0].version == 7);
    free(v);
    /* A bad pack is tried once, then left alone (and never deleted from the inbox). */
    char bad[330];
    snprintf(bad, sizeof(bad), "%s/bad.pack", inbox);
    tp_write_file(bad, "not a pack", 10);
    snprintf(fsig, sizeof(fsig), "%s.minisig", bad);
    tp_write_file(fsig, sig, slen);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    CHECK(strstr(pack_store_error(s), "signature does not match") != NULL);
    CHECK_INT_EQ(pack_rollback(s, "no-such-pack"), -1); /* sets another error... */
    CHECK_INT_EQ(pack_inbox_scan(in, s), 0);
    /* ...which stays: the bad pack was not tried again. */
    CHECK(strstr(pack_store_error(s), "no such pack installed") != NULL);
    struct stat st;
    CHECK(stat(bad, &st) == 0);
    free(data);
    free(sig);
    pack_inbox_destroy(in);
    pack_store_destroy(s);
}

/* pack_create from a language folder takes the generated videos beside it. */
static void test_create_language_folder(void)
{
    char base[200], p[400];
    snprintf(base, sizeof(base), "%s/repo", T.dir);
    mkdir(base, 0755);
    snprintf(p, sizeof(p), "%s/locales", base);
    mkdir(p, 0755);
    snprintf(p, sizeof(p), "%s/locales/ar", base);
    mkdir(p, 0755);
    tp_write_file(tp_path(p, "kiosk.po"), "msgid \"\"\n", 9);
    tp_write_file(tp_path(p, ".hidden"), "x", 1);
    snprintf(p, sizeof(p), "%s/build", base);
    mkdir(p, 0755);
    snprintf(p, sizeof(p), "%s/build/content", base);
    mkdir(p, 0755);
    snprintf(p, sizeof(p), "%s/build/content/ar", base);
    mkdir(p, 0755);
    snprintf(p, sizeof(p), "%s/build/content/ar/videos", base);
    mkdir(p, 0755);
    tp_write_file(tp_path(p, "intro.mp4"), "video", 5);
    tp_write_file(tp_path(p, "intro.ar.vtt"), "WEBVTT\n", 7);
    snprintf(p, sizeof(p), "%s/locales/ar", base);
    struct pack_create_opts o = {.version = 1, .sign_key = T.key};
    struct pack_info info;
    char out[300];
    snprintf(out, sizeof(out), "%s/ar.pack", T.dir);
    CHECK_INT_EQ(pack_create(p, out, &o, &info), 0);
    CHECK_STR_EQ(info.id, "ar");
    CHECK_STR_EQ(info.languages, "ar");
    CHECK_INT_EQ(info.n_files, 3);
    struct pack_store *s = pack_store_new(T.state, T.keys);
    CHECK(s != NULL);
    CHECK_INT_EQ(pack_install(s, out, 0, NULL, NULL), PACK_INSTALLED);
    struct stat st;
    CHECK(stat(tp_path(T.state, "packs/ar/v1/content/ar/videos/intro.ar.vtt"), &st) == 0);
    CHECK(stat(tp_path(T.state, "packs/ar/v1/content/ar/.hidden"), &st) != 0);

    /* A whole content root with topics.conf and two languages. */
    snprintf(p, sizeof(p), "%s/root", T.dir);
    mkdir(p, 0755);
    tp_write_file(tp_path(p, "topics.conf"), "help 1 1f91d\n", 13);
    mkdir(tp_path(p, "tr"), 0755);
    mkdir(tp_path(p, "fa"), 0755);
    tp_write_file(tp_path(p, "tr/topics.po"), "x", 1);
    tp_write_file(tp_path(p, "fa/topics.po"), "y", 1);
    struct pack_create_opts o2 = {.id = "topic-help", .version = 1, .sign_key = T.key};
    snprintf(out, sizeof(out), "%s/help.pack", T.dir);
    CHECK_INT_EQ(pack_create(p, out, &o2, &info), 0);
    CHECK_STR_EQ(info.languages, "fa tr");
    CHECK_INT_EQ(pack_install(s, out, 0, NULL, NULL), PACK_INSTALLED);
    CHECK(stat(tp_path(T.state, "packs/topic-help/v1/content/topics.conf"), &st) == 0);
    struct pack_info *v;
    size_t n;
    CHECK(pack_list(s, &v, &n) == 0);
    CHECK_INT_EQ(n, 3);
    CHECK_STR_EQ(v[0].id, "ar");
    CHECK_STR_EQ(v[2].id, "topic-help");
    free(v);
    pack_store_destroy(s);
}

/* Progress reaches its total and never runs backwards. */
struct progress {
    uint64_t last, total;
    bool backwards;
};

static void on_progress(void *ud, uint64_t done, uint64_t total)
{
    struct progress *p = ud;
    if (done < p->last)
        p->backwards = true;
    p->last = done;
    p->total = total;
}

static void test_progress(void)
{
    struct pack_store *s = pack_store_new(T.state, T.keys);
    struct progress pr = {0};
    CHECK(s != NULL);
    const char *p = make_pack(8, NULL);
    CHECK_INT_EQ(pack_install(s, p, 0, on_progress, &pr), PACK_INSTALLED);
    CHECK(!pr.backwards);
    CHECK(pr.last > 0 && pr.last == pr.total);
    pack_store_destroy(s);
}

/* A kiosk store trusts no key its own user could have written (checked as another user). */
static void test_readonly_keys(void)
{
    if (geteuid() != 0) {
        /* As an ordinary user: our own writable folder must be refused... */
        struct pack_store *s = pack_store_new(NULL, T.keys);
        CHECK(s != NULL);
        pack_store_require_readonly_keys(s);
        const char *p = make_pack(9, NULL);
        CHECK(p != NULL);
        CHECK_INT_EQ(pack_verify(s, p, NULL), -1);
        CHECK(strstr(pack_store_error(s), "writable by the kiosk's user") != NULL);
        /* ...and a read-only one accepted. */
        chmod(tp_path(T.keys, "test.pub"), 0444);
        chmod(T.keys, 0555);
        int rc = pack_verify(s, p, NULL);
        chmod(T.keys, 0755);
        CHECK_INT_EQ(rc, 0);
        pack_store_destroy(s);
        return;
    }
    /* As root, run the same case as nobody in a child (setuid cannot be undone). */
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char ro[300], rw[300];
        snprintf(ro, sizeof(ro), "%s/ro-keys", T.dir);
        snprintf(rw, sizeof(rw), "%s/rw-keys", T.dir);
        mkdir(ro, 0755);
        mkdir(rw, 0755);
        chmod(rw, 0777); /* past the umask */
        char cmd[2048];
        snprintf(cmd, sizeof(cmd),
                 "cp %s/test.pub %s/ && cp %s/test.pub %s/ && chmod 666 %s/test.pub", T.keys, ro,
                 T.keys, rw, rw);
        if (system(cmd) != 0)
            _exit(2);
        const char *p = make_pack(9, NULL);
        chmod(T.dir, 0755);
        if (p == NULL || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(3);
        struct pack_store *s = pack_store_new(NULL, ro);
        pack_store_require_readonly_keys(s);
        int ok_ro = pack_verify(s, p, NULL) == 0;
        pack_store_destroy(s);
        s = pack_store_new(NULL, rw);
        pack_store_require_readonly_keys(s);
        int refused_rw = pack_verify(s, p, NULL) == -1 &&
                         strstr(pack_store_error(s), "writable by the kiosk's user") != NULL;
        pack_store_destroy(s);
        _exit(ok_ro && refused_rw ? 0 : 4);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st));
    CHECK_INT_EQ(WEXITSTATUS(st), 0);
}

static const struct check_case cases[] = {
    {"install_list_rollback", test_install_list_rollback},
    {"highest_survives_deletion", test_highest_survives_deletion},
    {"pending_and_fall_back", test_pending_and_fall_back},
    {"recovery_of_leftovers", test_recovery},
    {"verify", test_verify},
    {"inbox", test_inbox},
    {"create_language_folder_and_root", test_create_language_folder},
    {"progress", test_progress},
    {"readonly_keys", test_readonly_keys},
};

int main(int argc, char **argv)
{
    if (!setup()) {
        printf("FAIL setup: cannot make %s\n", T.dir);
        return 1;
    }
    int rc = CHECK_MAIN(cases, argc, argv);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", T.dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
