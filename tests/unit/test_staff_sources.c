/* Finding packs on sticks and in the inbox, and reading their labels. */
#include "check.h"
#include "staff/sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void put(const char *rel, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        abort();
    fputs(text, f);
    fclose(f);
}

static void dir(const char *rel)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    if (mkdir(path, 0755) != 0)
        abort();
}

static const char sig_fr[] = "untrusted comment: signature from minisign secret key\n"
                             "RUQAAAAAAAAAAAAAAAAA\n"
                             "trusted comment: timestamp:1 id=fr version=202611231812\n"
                             "AAAA\n";

static void setup(void)
{
    snprintf(root, sizeof(root), "/tmp/test_staff_sources.XXXXXX");
    if (mkdtemp(root) == NULL)
        abort();
    dir("media");
    dir("media/STICK");
    dir("media/OTHER");
    dir("media/STICK/wegwijs");
    put("media/afile", "not a folder");
    put("media/STICK/fr.pack", "0123456789");
    put("media/STICK/fr.pack.minisig", sig_fr);
    put("media/STICK/nosig.pack", "x");   /* no signature beside it */
    put("media/STICK/.hidden.pack", "x"); /* hidden */
    put("media/STICK/.hidden.pack.minisig", sig_fr);
    put("media/STICK/photo.jpg", "x");
    put("media/STICK/wegwijs/ar.pack", "abc");
    put("media/STICK/wegwijs/ar.pack.minisig", "garbage");
    char target[PATH_MAX], link[PATH_MAX];
    snprintf(target, sizeof(target), "%s/media/STICK/fr.pack", root);
    snprintf(link, sizeof(link), "%s/media/OTHER/link.pack", root);
    if (symlink(target, link) != 0)
        abort();
    put("media/OTHER/link.pack.minisig", sig_fr);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    if (system(cmd) != 0)
        abort();
}

static void test_mounts(void)
{
    setup();
    char pat[256];
    snprintf(pat, sizeof(pat), "%s/media/* %s/media/STICK /nonexistent/*", root, root);
    char *m[8];
    size_t n = sources_mounts(pat, m, 8);
    CHECK_INT_EQ(n, 2);
    CHECK(strstr(m[0], "/media/OTHER") != NULL);
    CHECK(strstr(m[1], "/media/STICK") != NULL); /* listed once though matched twice */
    /* No mount point among plain folders: nowhere (a leftover /media/<user> on the local
     * disk would otherwise receive the figures with no stick inserted). */
    CHECK(sources_export_folder(m, n) == NULL);
    sources_free_list(m, n);
    CHECK(sources_export_folder(m, 0) == NULL);
    /* /proc is a mount point below /: it is chosen over the folder before it. */
    char *mixed[2] = {"/", "/proc"};
    CHECK_STR_EQ(sources_export_folder(mixed, 2), "/proc");
    CHECK_INT_EQ(sources_mounts("", m, 8), 0);
    CHECK_INT_EQ(sources_mounts(NULL, m, 8), 0);
    teardown();
}

static void test_find(void)
{
    setup();
    struct sources_pack p[SOURCES_MAX_ITEMS];
    size_t n = 0;
    char folder[PATH_MAX];
    snprintf(folder, sizeof(folder), "%s/media/STICK", root);
    sources_find_packs(folder, false, p, &n, SOURCES_MAX_ITEMS);
    snprintf(folder, sizeof(folder), "%s/media/OTHER", root);
    sources_find_packs(folder, true, p, &n, SOURCES_MAX_ITEMS);
    sources_find_packs(NULL, true, p, &n, SOURCES_MAX_ITEMS);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(p[0].name, "fr.pack");
    CHECK_STR_EQ(p[0].id, "fr");
    CHECK_INT_EQ(p[0].version, 202611231812ULL);
    CHECK_INT_EQ(p[0].size, 10);
    CHECK(!p[0].from_inbox);
    CHECK_STR_EQ(p[1].name, "ar.pack");
    CHECK_STR_EQ(p[1].id, ""); /* unreadable label: still offered, verified on install */
    CHECK_INT_EQ(p[1].version, 0);
    /* The cap holds. */
    n = 0;
    snprintf(folder, sizeof(folder), "%s/media/STICK", root);
    sources_find_packs(folder, false, p, &n, 1);
    CHECK_INT_EQ(n, 1);
    teardown();
}

static void test_labels(void)
{
    static const struct {
        const char *text;
        int rc;
        const char *id;
        uint64_t version;
    } cases[] = {
        {"u\nx\ntrusted comment: id=tr version=7\ny\n", 0, "tr", 7},
        {"u\nx\ntrusted comment: version=7 id=ti-er\n", 0, "ti-er", 7},
        {"u\nx\ntrusted comment: id=../etc version=7\n", -1, "", 7},
        {"u\nx\ntrusted comment: id=tr version=-7\n", -1, "tr", 0},
        {"u\nx\ntrusted comment: id=tr version=7x\n", -1, "tr", 0},
        {"u\nx\ntrusted comment: id=tr\n", -1, "tr", 0},
        {"u\nx\nid=tr version=7\n", -1, "", 0},
        {"", -1, "", 0},
    };
    setup();
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/x.minisig", root);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        put("x.minisig", cases[i].text);
        char id[65];
        uint64_t v;
        int rc = sources_read_label(path, id, sizeof(id), &v);
        if (rc != cases[i].rc || strcmp(id, cases[i].id) != 0 || v != cases[i].version)
            printf("  case %zu: rc %d id \"%s\" version %llu\n", i, rc, id, (unsigned long long)v);
        CHECK(rc == cases[i].rc && strcmp(id, cases[i].id) == 0 && v == cases[i].version);
    }
    teardown();
}

static const struct check_case cases[] = {
    {"sources_mounts", test_mounts},
    {"sources_find_packs", test_find},
    {"sources_labels", test_labels},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
