/*
 * test_pack_util: helpers for the pack tests (header only, tests only): a scratch folder,
 * a tar writer over libarchive's write API for crafted packs, a manifest builder, signing
 * with a test key, and a fingerprint of an installed tree.
 */
#pragma once

#include "pack/manifest.h"
#include "pack/minisig.h"
#include "pack/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static inline char *tp_path(const char *dir, const char *name)
{
    static char bufs[8][4096];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
    return b;
}

static inline void tp_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

static inline char *tp_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* A manifest under construction. */
struct tp_manifest {
    char text[65536];
    size_t len;
};

static inline void tp_mf_begin(struct tp_manifest *m, const char *id, uint64_t version)
{
    m->len = (size_t)snprintf(
        m->text, sizeof(m->text),
        "wegwijs-pack 1\nid %s\nversion %" PRIu64 "\ndate 2026-11-23\nlanguages fr\n", id, version);
}

/* Lists a file with the size and hash of data (size may be overridden to lie). */
static inline void tp_mf_file(struct tp_manifest *m, const char *path, const char *data, size_t len,
                              size_t claimed)
{
    uint8_t sha[32];
    crypto_hash_sha256(sha, (const unsigned char *)data, len);
    m->len += (size_t)snprintf(m->text + m->len, sizeof(m->text) - m->len, "file %zu ", claimed);
    for (int i = 0; i < 32; i++)
        m->len += (size_t)snprintf(m->text + m->len, sizeof(m->text) - m->len, "%02x", sha[i]);
    m->len += (size_t)snprintf(m->text + m->len, sizeof(m->text) - m->len, " %s\n", path);
}

static inline void tp_mf_end(struct tp_manifest *m)
{
    m->len += (size_t)snprintf(m->text + m->len, sizeof(m->text) - m->len, "end\n");
}

/* Tar writer: members of every kind, written through libarchive. */
static inline struct archive *tp_tar_open(const char *path, const char *compress)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (compress && strcmp(compress, "gzip") == 0)
        archive_write_add_filter_gzip(a);
    archive_write_open_filename(a, path);
    return a;
}

static inline void tp_tar_member(struct archive *a, const char *name, mode_t type, const char *data,
                                 size_t len, const char *link)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
    archive_entry_set_size(e, type == AE_IFREG ? (la_int64_t)len : 0);
    if (type == AE_IFLNK)
        archive_entry_set_symlink(e, link);
    if (type == AE_IFREG && link != NULL) {
        archive_entry_set_hardlink(e, link);
        archive_entry_set_size(e, 0);
    }
    if (type == AE_IFCHR)
        archive_entry_set_rdev(e, makedev(1, 3));
    archive_write_header(a, e);
    if (type == AE_IFREG && link == NULL && len > 0)
        archive_write_data(a, data, len);
    archive_entry_free(e);
}

static inline void tp_tar_file(struct archive *a, const char *name, const char *data, size_t len)
{
    tp_tar_member(a, name, AE_IFREG, data, len, NULL);
}

static inline void tp_tar_close(struct archive *a)
{
    archive_write_close(a);
    archive_write_free(a);
}

/* Signs path (prehashed, as minisign does) with the given secret key file. */
static inline int tp_sign(const char *path, const char *key_path, const char *trusted)
{
    struct minisig_seckey key;
    const char *why;
    uint8_t hash[64];
    char sig[4200];
    snprintf(sig, sizeof(sig), "%s.minisig", path);
    if (minisig_seckey_load(key_path, NULL, NULL, &key, &why) != 0 ||
        minisig_prehash_file(path, hash) != 0)
        return -1;
    return minisig_sign_write(&key, hash, trusted, sig);
}

/* A fingerprint of a tree (paths, sizes, contents), to prove it did not change. */
static inline void tp_tree_hash_rec(crypto_generichash_state *st, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    closedir(d);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            char p[4096], r[4096];
            snprintf(p, sizeof(p), "%s/%s", dir, name);
            snprintf(r, sizeof(r), "%s/%s", rel, name);
            struct stat st2;
            lstat(p, &st2);
            crypto_generichash_update(st, (const unsigned char *)r, strlen(r) + 1);
            if (S_ISDIR(st2.st_mode)) {
                tp_tree_hash_rec(st, p, r);
            } else {
                size_t len = 0;
                char *data = tp_read_file(p, &len);
                if (data)
                    crypto_generichash_update(st, (const unsigned char *)data, len);
                free(data);
            }
        }
        free(list[i]);
    }
    free(list);
}

static inline void tp_tree_hash(const char *dir, uint8_t out[32])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    tp_tree_hash_rec(&st, dir, "");
    crypto_generichash_final(&st, out, 32);
}

static inline int tp_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}
