/* pack_inbox: installs packs that a sync engine drops into a folder (see pack.h). */
#define LOG_TAG "pack"
#include "core/log.h"

#include "pack/pack.h"

#include "core/files.h"
#include "core/grow.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct inbox_entry {
    char *name;
    struct stat pack, sig; /* as seen at the last scan */
    bool handled;          /* installed or refused: not again until it changes */
    bool present;
};

struct pack_inbox {
    char *dir;
    struct inbox_entry *v;
    size_t n, cap;
};

struct pack_inbox *pack_inbox_new(const char *dir)
{
    struct pack_inbox *in = calloc(1, sizeof(*in));
    if (in == NULL)
        return NULL;
    in->dir = strdup(dir);
    if (in->dir == NULL) {
        free(in);
        return NULL;
    }
    return in;
}

void pack_inbox_destroy(struct pack_inbox *in)
{
    if (in == NULL)
        return;
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i].name);
    free(in->v);
    free(in->dir);
    free(in);
}

static bool same(const struct stat *a, const struct stat *b)
{
    return a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ino == b->st_ino;
}

static struct inbox_entry *find_or_add(struct pack_inbox *in, const char *name, bool *added)
{
    *added = false;
    for (size_t i = 0; i < in->n; i++)
        if (strcmp(in->v[i].name, name) == 0)
            return &in->v[i];
    struct inbox_entry *v = grow_array(in->v, &in->cap, in->n + 1, sizeof(*v), 16);
    if (v == NULL)
        return NULL;
    in->v = v;
    struct inbox_entry *e = &in->v[in->n];
    memset(e, 0, sizeof(*e));
    e->name = strdup(name);
    if (e->name == NULL)
        return NULL;
    in->n++;
    *added = true;
    return e;
}

int pack_inbox_scan(struct pack_inbox *in, struct pack_store *s)
{
    int installed = 0;
    DIR *d = opendir(in->dir);
    if (d == NULL)
        return 0; /* no inbox (yet): nothing to do, nothing to say every scan */
    for (size_t i = 0; i < in->n; i++)
        in->v[i].present = false;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (files_still_syncing_name(de->d_name) || l < 6 ||
            strcmp(de->d_name + l - 5, ".pack") != 0)
            continue;
        char path[4096], sig_path[4200];
        snprintf(path, sizeof(path), "%s/%s", in->dir, de->d_name);
        snprintf(sig_path, sizeof(sig_path), "%s.minisig", path);
        struct stat pst, sst;
        if (stat(path, &pst) != 0 || !S_ISREG(pst.st_mode) || stat(sig_path, &sst) != 0 ||
            !S_ISREG(sst.st_mode))
            continue; /* the signature may still be on its way */
        bool added;
        struct inbox_entry *e = find_or_add(in, de->d_name, &added);
        if (e == NULL)
            break;
        e->present = true;
        if (added || !same(&e->pack, &pst) || !same(&e->sig, &sst)) {
            /* New or still changing: look again next time. */
            e->pack = pst;
            e->sig = sst;
            e->handled = false;
            continue;
        }
        if (e->handled)
            continue;
        e->handled = true;
        if (pack_install(s, path, 0, NULL, NULL) == PACK_INSTALLED)
            installed++;
    }
    closedir(d);
    /* Forget files that went away, so a pack put back later is looked at again. */
    size_t j = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (in->v[i].present)
            in->v[j++] = in->v[i];
        else
            free(in->v[i].name);
    }
    in->n = j;
    return installed;
}
