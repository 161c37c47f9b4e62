#define LOG_TAG "sources"
#include "core/log.h"

#include "staff/sources.h"

#include "core/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int sources_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t sources_mounts(const char *patterns, char **out, size_t max)
{
    size_t n = 0;
    char *copy = strdup(patterns ? patterns : "");
    if (copy == NULL)
        return 0;
    char *save = NULL;
    for (char *pat = strtok_r(copy, " \t", &save); pat != NULL && n < max;
         pat = strtok_r(NULL, " \t", &save)) {
        glob_t g;
        if (glob(pat, GLOB_ONLYDIR | GLOB_NOSORT, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc && n < max; i++) {
            struct stat st;
            /* GLOB_ONLYDIR is only a hint; check, and skip duplicates of another pattern. */
            if (stat(g.gl_pathv[i], &st) != 0 || !S_ISDIR(st.st_mode))
                continue;
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(out[j], g.gl_pathv[i]) == 0;
            if (!dup && (out[n] = strdup(g.gl_pathv[i])) != NULL)
                n++;
        }
        globfree(&g);
    }
    free(copy);
    qsort(out, n, sizeof(*out), sources_cmp_str);
    return n;
}

/* A mount point lies on another device than the folder above it. */
static bool sources_is_mount(const char *dir)
{
    char parent[PATH_MAX];
    struct stat a, b;
    if (snprintf(parent, sizeof(parent), "%s/..", dir) >= (int)sizeof(parent))
        return false;
    return stat(dir, &a) == 0 && stat(parent, &b) == 0 && a.st_dev != b.st_dev;
}

const char *sources_export_folder(char *const *mounts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (sources_is_mount(mounts[i]))
            return mounts[i];
    return n > 0 ? mounts[0] : NULL;
}

void sources_free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
}

int sources_read_label(const char *sig_path, char *id, size_t id_size, uint64_t *version)
{
    char buf[4096];
    id[0] = '\0';
    *version = 0;
    int fd = open(sig_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t len = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (len <= 0)
        return -1;
    buf[len] = '\0';
    char *tc = strstr(buf, "\ntrusted comment: ");
    if (tc == NULL)
        return -1;
    tc += strlen("\ntrusted comment: ");
    tc[strcspn(tc, "\r\n")] = '\0';
    char *save = NULL;
    for (char *tok = strtok_r(tc, " \t", &save); tok != NULL; tok = strtok_r(NULL, " \t", &save)) {
        if (strncmp(tok, "id=", 3) == 0) {
            const char *v = tok + 3;
            size_t k = 0;
            /* Only what a pack id may hold: this goes on the screen. */
            for (; v[k] != '\0' && k + 1 < id_size; k++) {
                char c = v[k];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '-'))
                    break;
                id[k] = c;
            }
            id[v[k] == '\0' ? k : 0] = '\0';
        } else if (strncmp(tok, "version=", 8) == 0) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(tok + 8, &end, 10);
            if (errno == 0 && *end == '\0' && end != tok + 8 && tok[8] != '-')
                *version = v;
        }
    }
    return id[0] != '\0' && *version > 0 ? 0 : -1;
}

static int sources_cmp_pack(const void *a, const void *b)
{
    const struct sources_pack *x = a, *y = b;
    return strcmp(x->path, y->path);
}

static void sources_scan_dir(const char *folder, bool from_inbox, struct sources_pack *out,
                             size_t *n, size_t max)
{
    DIR *d = opendir(folder);
    if (d == NULL)
        return;
    size_t first = *n;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && *n < max) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".pack") != 0 ||
            files_still_syncing_name(e->d_name))
            continue;
        struct sources_pack *p = &out[*n];
        char sig[PATH_MAX];
        if (snprintf(p->path, sizeof(p->path), "%s/%s", folder, e->d_name) >=
                (int)sizeof(p->path) ||
            snprintf(sig, sizeof(sig), "%s.minisig", p->path) >= (int)sizeof(sig))
            continue;
        struct stat st, sst;
        /* lstat: a link on a stick could point anywhere on the kiosk. */
        if (lstat(p->path, &st) != 0 || !S_ISREG(st.st_mode) || lstat(sig, &sst) != 0 ||
            !S_ISREG(sst.st_mode))
            continue;
        snprintf(p->name, sizeof(p->name), "%s", e->d_name);
        p->size = (uint64_t)st.st_size;
        p->from_inbox = from_inbox;
        sources_read_label(sig, p->id, sizeof(p->id), &p->version);
        (*n)++;
    }
    closedir(d);
    qsort(out + first, *n - first, sizeof(*out), sources_cmp_pack);
}

void sources_find_packs(const char *folder, bool from_inbox, struct sources_pack *out, size_t *n,
                        size_t max)
{
    if (folder == NULL || folder[0] == '\0')
        return;
    sources_scan_dir(folder, from_inbox, out, n, max);
    char sub[PATH_MAX];
    if (snprintf(sub, sizeof(sub), "%s/wegwijs", folder) < (int)sizeof(sub))
        sources_scan_dir(sub, from_inbox, out, n, max);
}
