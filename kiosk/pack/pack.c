#define LOG_TAG "pack"
#include "core/log.h"
#include "core/grow.h"

#include "pack/pack.h"
#include "pack/pack_fs.h"
#include "pack/minisig.h"

#include <archive.h>
#include <assert.h>
#include <archive_entry.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define COPY_BUF     (1u << 20)
#define SPACE_MARGIN (1u << 20)

struct pack_store {
    struct pack_fs fs; /* state folder handles, crash hook, free-space hook */
    char *keys;
    bool strict_keys; /* trust no key this process could have written */
    char error[512];
};

/* The per-pack switch: which version is current, which is kept for rollback. */
struct pack_state {
    uint64_t current;
    uint64_t previous;
    unsigned pending; /* 0 confirmed, 1 installed, 2 handed to the kiosk once */
};

static void refuse(struct pack_store *s, const char *pack, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void refuse(struct pack_store *s, const char *pack, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof(s->error), fmt, ap);
    va_end(ap);
    LOG_WARN("%s: refused: %s", pack, s->error);
}

void pack_store_require_readonly_keys(struct pack_store *s)
{
    s->strict_keys = true;
}

/* Root can write everywhere, so only another user can be kept from the keys. */
static bool writable_by_us(const struct pack_store *s, const char *path)
{
    return s->strict_keys && geteuid() != 0 && access(path, W_OK) == 0;
}

const char *pack_store_error(const struct pack_store *s)
{
    return s->error;
}

/* ---- STATE and HIGHEST ---------------------------------------------------------------- */

static int state_read(int id_fd, struct pack_state *st)
{
    char buf[256];
    size_t len;
    memset(st, 0, sizeof(*st));
    int rc = pack_fs_read_small(id_fd, "STATE", buf, sizeof(buf), &len);
    if (rc != 0)
        return rc; /* -1 missing, -2 unreadable */
    unsigned long long cur, prev;
    unsigned pend;
    char extra;
    if (sscanf(buf, "current %llu\nprevious %llu\npending %u\n%c", &cur, &prev, &pend, &extra) !=
            3 ||
        pend > 2)
        return -2;
    st->current = cur;
    st->previous = prev;
    st->pending = pend;
    return 0;
}

static int state_write(struct pack_store *s, int id_fd, const struct pack_state *st)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "current %" PRIu64 "\nprevious %" PRIu64 "\npending %u\n",
             st->current, st->previous, st->pending);
    return pack_fs_write_atomic(&s->fs, id_fd, "STATE", buf);
}

static uint64_t highest_read(struct pack_store *s, const char *id)
{
    size_t len;
    uint64_t best = 0;
    char *buf = pack_fs_read_alloc(s->fs.dir_fd, "HIGHEST", 1 << 20, &len);
    if (buf == NULL)
        goto out;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *sp = strchr(line, ' ');
        uint64_t v;
        if (sp == NULL)
            continue;
        *sp = '\0';
        if (strcmp(line, id) == 0 && manifest_version_parse(sp + 1, &v) && v > best)
            best = v;
    }
out:
    free(buf);
    return best;
}

static int highest_write(struct pack_store *s, const char *id, uint64_t version)
{
    size_t cap = 1 << 20, len = 0, n = 0;
    char *old = malloc(cap), *out = malloc(cap + 128);
    int rc = -1;
    if (old == NULL || out == NULL)
        goto out;
    if (pack_fs_read_small(s->fs.dir_fd, "HIGHEST", old, cap, &len) != 0)
        old[0] = '\0';
    for (char *line = strtok(old, "\n"); line; line = strtok(NULL, "\n")) {
        char *sp = strchr(line, ' ');
        if (sp == NULL || ((size_t)(sp - line) == strlen(id) && strncmp(line, id, strlen(id)) == 0))
            continue;
        n += (size_t)snprintf(out + n, cap - n, "%s\n", line);
        if (n >= cap - 100)
            goto out;
    }
    snprintf(out + n, cap + 128 - n, "%s %" PRIu64 "\n", id, version);
    rc = pack_fs_write_atomic(&s->fs, s->fs.dir_fd, "HIGHEST", out);
out:
    free(old);
    free(out);
    return rc;
}

/* ---- store ----------------------------------------------------------------------------- */

static bool is_version_dir(const char *name, uint64_t *v)
{
    return name[0] == 'v' && manifest_version_parse(name + 1, v);
}

/* Drops what an interrupted install or rollback left: staging, temporary files, versions
 * that no STATE names. Runs under the lock. */
static void recover(struct pack_store *s)
{
    pack_fs_empty_dir(s->fs.dir_fd, ".staging");
    DIR *d = pack_fs_opendir(s->fs.dir_fd, ".");
    if (d == NULL)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, "HIGHEST.tmp", 11) == 0) {
            unlinkat(s->fs.dir_fd, de->d_name, 0);
            continue;
        }
        if (de->d_name[0] == '.' || !manifest_id_ok(de->d_name))
            continue;
        int id_fd = openat(s->fs.dir_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (id_fd < 0)
            continue;
        struct pack_state st;
        int rc = state_read(id_fd, &st);
        if (rc == -2) {
            LOG_WARN("%s/%s/STATE: unreadable, pack left alone", s->fs.dir, de->d_name);
            close(id_fd);
            continue;
        }
        DIR *vd = pack_fs_opendir(id_fd, ".");
        struct dirent *ve;
        while (vd != NULL && (ve = readdir(vd)) != NULL) {
            uint64_t v;
            if (strncmp(ve->d_name, "STATE.tmp", 9) == 0) {
                unlinkat(id_fd, ve->d_name, 0);
            } else if (is_version_dir(ve->d_name, &v) &&
                       (rc != 0 || (v != st.current && v != st.previous))) {
                LOG_INFO("%s/%s/%s: removing an unfinished or dropped version", s->fs.dir,
                         de->d_name, ve->d_name);
                pack_fs_rm_tree(id_fd, ve->d_name);
            }
        }
        if (vd != NULL)
            closedir(vd);
        if (rc == -1 || (rc == 0 && st.current == 0 && st.previous == 0))
            unlinkat(s->fs.dir_fd, de->d_name, AT_REMOVEDIR); /* fails harmlessly if not empty */
        close(id_fd);
    }
    closedir(d);
}

struct pack_store *pack_store_new(const char *state_dir, const char *keys_dir)
{
    if (sodium_init() < 0) {
        LOG_ERR("libsodium cannot start");
        return NULL;
    }
    struct pack_store *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->fs.dir_fd = s->fs.staging_fd = s->fs.lock_fd = -1;
    if (state_dir != NULL && pack_fs_open(&s->fs, state_dir) != 0)
        goto fail;
    if (keys_dir != NULL) {
        s->keys = strdup(keys_dir);
        if (s->keys == NULL)
            goto fail;
        if (geteuid() != 0 && access(keys_dir, W_OK) == 0)
            LOG_WARN("%s: the keys folder is writable by this user; whoever runs as it can add "
                     "keys",
                     keys_dir);
    }
    if (state_dir != NULL && pack_fs_lock(&s->fs) == 0) {
        recover(s);
        pack_fs_unlock(&s->fs);
    }
    return s;
fail:
    pack_store_destroy(s);
    return NULL;
}

void pack_store_destroy(struct pack_store *s)
{
    if (s == NULL)
        return;
    pack_fs_close(&s->fs);
    free(s->keys);
    free(s);
}

/* ---- signature ------------------------------------------------------------------------- */

/* Finds the key that made sig among the keys folder's *.pub files and checks both
 * signatures. Returns NULL or the reason it failed. */
static const char *check_signature(struct pack_store *s, const struct minisig_sig *sig, int fd,
                                   const void *map, uint64_t size, const uint8_t *prehash,
                                   char *why_buf, size_t why_size)
{
    const char *why = NULL;
    struct minisig_pubkey key;
    bool found = false;
    if (s->keys == NULL)
        return "no keys folder configured";
    if (writable_by_us(s, s->keys))
        return "the keys folder is writable by the kiosk's user, so no key in it is trusted";
    DIR *d = opendir(s->keys);
    if (d == NULL)
        return "the keys folder cannot be read";
    struct dirent *de;
    while (!found && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 5 || strcmp(de->d_name + n - 4, ".pub") != 0)
            continue;
        char path[4096];
        const char *kwhy;
        snprintf(path, sizeof(path), "%s/%s", s->keys, de->d_name);
        if (writable_by_us(s, path)) {
            LOG_WARN("%s: not used: writable by the kiosk's user", path);
            continue;
        }
        if (minisig_pubkey_load(path, &key, &kwhy) != 0) {
            LOG_WARN("%s: not used: %s", path, kwhy);
            continue;
        }
        found = sodium_memcmp(key.keynum, sig->keynum, MINISIG_KEYNUM_BYTES) == 0;
    }
    closedir(d);
    if (!found)
        return "signed with a key that is not in the keys folder (untrusted)";

    if (sig->prehashed) {
        uint8_t hash[64];
        if (prehash != NULL)
            memcpy(hash, prehash, sizeof(hash));
        else if (minisig_prehash_fd(fd, size, hash) != 0)
            return "cannot read the pack";
        if (minisig_verify(sig, &key, hash, sizeof(hash), &why) != 0)
            goto fail;
        return NULL;
    }
    /* Legacy "Ed" signs the file itself, so it has to be in memory at once. */
    if (size > SIZE_MAX / 2)
        return "too large for a legacy signature";
    const void *whole = map;
    void *own = NULL;
    if (whole == NULL) {
        own = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (own == MAP_FAILED)
            return "cannot map the pack for a legacy signature";
        whole = own;
    }
    int rc = minisig_verify(sig, &key, whole, (size_t)size, &why);
    if (own != NULL)
        munmap(own, (size_t)size);
    if (rc == 0)
        return NULL;
fail:
    snprintf(why_buf, why_size, "bad signature: %s", why);
    return why_buf;
}

/* The trusted comment must say which pack it vouches for: "id=<id> version=<n>". */
static bool trusted_comment_matches(const char *tc, const struct manifest *m, char *why,
                                    size_t why_size)
{
    char buf[MINISIG_TRUSTED_MAX];
    char id[MANIFEST_ID_MAX + 1] = "";
    uint64_t version = 0;
    snprintf(buf, sizeof(buf), "%s", tc);
    for (char *tok = strtok(buf, " \t"); tok; tok = strtok(NULL, " \t")) {
        if (strncmp(tok, "id=", 3) == 0 && strlen(tok + 3) <= MANIFEST_ID_MAX)
            snprintf(id, sizeof(id), "%s", tok + 3);
        else if (strncmp(tok, "version=", 8) == 0 && !manifest_version_parse(tok + 8, &version))
            version = 0;
    }
    if (id[0] == '\0' || version == 0) {
        snprintf(why, why_size, "trusted comment \"%.200s\" has no id=... version=...", tc);
        return false;
    }
    if (strcmp(id, m->id) != 0 || version != m->version) {
        snprintf(why, why_size,
                 "trusted comment says id=%s version=%" PRIu64 " but the pack is %s version "
                 "%" PRIu64,
                 id, version, m->id, m->version);
        return false;
    }
    return true;
}

static void hash_sha256(void *state, const uint8_t *buf, size_t len)
{
    sha256_update(state, len, buf);
}

/* ---- reading the archive --------------------------------------------------------------- */

/* The archive read from map when there is one (the store's own copy), else from fd. */
static struct archive *archive_open(int fd, const void *map, size_t size, char *why,
                                    size_t why_size)
{
    struct archive *a = archive_read_new();
    if (a == NULL) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    /* Only tar and in-process decompressors: no external programs for exotic filters. */
    archive_read_support_format_tar(a);
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_zstd(a);
    bool opened = map != NULL ? archive_read_open_memory(a, map, size) == ARCHIVE_OK
                              : lseek(fd, 0, SEEK_SET) == 0 &&
                                    archive_read_open_fd(a, fd, COPY_BUF) == ARCHIVE_OK;
    if (!opened) {
        snprintf(why, why_size, "not a pack (corrupt or not a tar file: %s)",
                 archive_error_string(a) ? archive_error_string(a) : "cannot read");
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Reads the first member, which must be the manifest. */
static struct manifest *read_manifest(struct archive *a, char *why, size_t why_size)
{
    struct archive_entry *e;
    struct manifest *m = NULL;
    char *text = NULL;
    int r = archive_read_next_header(a, &e);
    if (r != ARCHIVE_OK) {
        snprintf(why, why_size, "not a pack (truncated, corrupt or not a tar file: %s)",
                 archive_error_string(a) ? archive_error_string(a) : "no entries");
        return NULL;
    }
    const char *name = archive_entry_pathname(e);
    if (name == NULL || strcmp(name, MANIFEST_NAME) != 0 || archive_entry_filetype(e) != AE_IFREG ||
        archive_entry_hardlink(e) != NULL) {
        snprintf(why, why_size, "first member is not %s", MANIFEST_NAME);
        return NULL;
    }
    la_int64_t size = archive_entry_size(e);
    if (size <= 0 || size > (la_int64_t)MANIFEST_MAX_BYTES) {
        snprintf(why, why_size, "%s has an impossible size", MANIFEST_NAME);
        return NULL;
    }
    text = malloc((size_t)size + 1);
    if (text == NULL) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    la_ssize_t got = archive_read_data(a, text, (size_t)size);
    char extra;
    if (got != size || archive_read_data(a, &extra, 1) != 0) {
        snprintf(why, why_size, "%s truncated or corrupt", MANIFEST_NAME);
        goto out;
    }
    m = manifest_parse(text, (size_t)size, why, why_size);
out:
    free(text);
    return m;
}

static const char *unsafe_path_reason(const char *path)
{
    if (path[0] == '/')
        return "absolute path";
    for (const char *p = path; (p = strstr(p, "..")) != NULL; p++)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return "path with ..";
    return "unsafe path";
}

/* A folder entry is welcome when some manifest file lies inside it. */
static bool manifest_has_folder(const struct manifest *m, const char *dir)
{
    size_t l = strlen(dir);
    for (size_t i = 0; i < m->n_files; i++)
        if (strncmp(m->files[i].path, dir, l) == 0 && m->files[i].path[l] == '/')
            return true;
    return false;
}

/*
 * The unpack loop: every member after the manifest must be a folder or a regular file the
 * manifest lists, once, with the listed size and SHA-256. With root_fd < 0 it only checks.
 */
/* The installed copy of the pack, mapped: blocks that lie in it are copied in the kernel. */
struct source {
    int fd;
    const uint8_t *map;
    size_t size;
};

static int unpack(struct pack_store *s, struct archive *a, struct manifest *m, int root_fd,
                  const struct source *src, uint64_t *done, uint64_t total,
                  pack_progress_fn progress, void *ud, char *why, size_t why_size)
{
    int rc = -1, out = -1;
    struct archive_entry *e;
    for (;;) {
        int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK) {
            snprintf(why, why_size, "truncated or corrupt: %s",
                     archive_error_string(a) ? archive_error_string(a) : "bad header");
            goto out;
        }
        const char *raw = archive_entry_pathname(e);
        if (raw == NULL) {
            snprintf(why, why_size, "an entry has an unreadable name");
            goto out;
        }
        char path[1100];
        if (snprintf(path, sizeof(path), "%s", raw) >= (int)sizeof(path)) {
            snprintf(why, why_size, "an entry's name is too long");
            goto out;
        }
        mode_t type = archive_entry_filetype(e);
        if (archive_entry_hardlink(e) != NULL) {
            snprintf(why, why_size, "hard link %.200s", path);
            goto out;
        }
        if (type == AE_IFLNK || archive_entry_symlink(e) != NULL) {
            snprintf(why, why_size, "symbolic link %.200s", path);
            goto out;
        }
        if (type == AE_IFDIR) {
            size_t l = strlen(path);
            while (l > 0 && path[l - 1] == '/')
                path[--l] = '\0';
            char probe[1200];
            snprintf(probe, sizeof(probe), "%s/x", path);
            if (!manifest_path_ok(probe)) {
                snprintf(why, why_size, "%s %.200s", unsafe_path_reason(path), path);
                goto out;
            }
            if (!manifest_has_folder(m, path)) {
                snprintf(why, why_size, "folder not in the manifest: %.200s", path);
                goto out;
            }
            if (root_fd >= 0 && pack_fs_mkdirs(&s->fs, root_fd, probe, false) != 0) {
                snprintf(why, why_size, "cannot make folder %.200s: %s", path, strerror(errno));
                goto out;
            }
            continue;
        }
        if (type == AE_IFCHR || type == AE_IFBLK) {
            snprintf(why, why_size, "device file %.200s", path);
            goto out;
        }
        if (type != AE_IFREG) {
            snprintf(why, why_size, "%.200s is not a regular file or folder", path);
            goto out;
        }
        if (!manifest_path_ok(path)) {
            snprintf(why, why_size, "%s %.200s", unsafe_path_reason(path), path);
            goto out;
        }
        struct manifest_file *f = manifest_find(m, path);
        if (f == NULL) {
            snprintf(why, why_size, "file not in the manifest: %.200s", path);
            goto out;
        }
        if (f->seen) {
            snprintf(why, why_size, "duplicate entry %.200s", path);
            goto out;
        }
        f->seen = true;
        if (archive_entry_sparse_count(e) > 0) {
            snprintf(why, why_size, "sparse file %.200s", path);
            goto out;
        }
        if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)f->size) {
            snprintf(why, why_size, "unpacked size above the manifest: %.200s", path);
            goto out;
        }
        if (root_fd >= 0) {
            out = pack_fs_create(&s->fs, root_fd, path);
            if (out < 0) {
                snprintf(why, why_size, "cannot create %.200s: %s", path, strerror(errno));
                goto out;
            }
        }
        struct sha256_ctx sha;
        sha256_init(&sha);
        uint64_t got = 0;
        for (;;) {
            const void *buf;
            size_t len;
            la_int64_t off;
            r = archive_read_data_block(a, &buf, &len, &off);
            if (r == ARCHIVE_EOF)
                break;
            if (r != ARCHIVE_OK) {
                snprintf(why, why_size, "truncated or corrupt in %.200s: %s", path,
                         archive_error_string(a) ? archive_error_string(a) : "bad data");
                goto out;
            }
            if (off != (la_int64_t)got) {
                snprintf(why, why_size, "%.200s has holes", path);
                goto out;
            }
            if (len > f->size - got) {
                snprintf(why, why_size, "unpacked size above the manifest: %.200s", path);
                goto out;
            }
            const uint8_t *b = buf;
            bool mapped = src != NULL && b >= src->map && b + len <= src->map + src->size;
            if (pack_fs_write_hashed(&s->fs, out, buf, len, hash_sha256, &sha,
                                     mapped ? src->fd : -1,
                                     mapped ? (off_t)(b - src->map) : 0) != 0) {
                snprintf(why, why_size, "cannot write %.200s: %s", path,
                         errno == ENOSPC ? "disk full" : strerror(errno));
                goto out;
            }
            got += len;
            *done += len;
            if (progress)
                progress(ud, *done, total);
        }
        if (got != f->size) {
            snprintf(why, why_size, "size mismatch: %.200s", path);
            goto out;
        }
        uint8_t digest[32];
        sha256_digest(&sha, sizeof(digest), digest);
        if (sodium_memcmp(digest, f->sha256, sizeof(digest)) != 0) {
            snprintf(why, why_size, "SHA-256 mismatch: %.200s", path);
            goto out;
        }
        if (out >= 0) {
            /* Start the write-back now; pack_fs_fsync_tree() waits for it once all are written,
             * so the disk works while the next file is copied. */
            if (pack_fs_start_writeback(&s->fs, out) != 0 || close(out) != 0) {
                out = -1;
                snprintf(why, why_size, "cannot write %.200s: %s", path, strerror(errno));
                goto out;
            }
            out = -1;
        }
    }
    for (size_t i = 0; i < m->n_files; i++) {
        if (!m->files[i].seen) {
            snprintf(why, why_size, "file in the manifest missing from the pack: %.200s",
                     m->files[i].path);
            goto out;
        }
    }
    rc = 0;
out:
    if (out >= 0)
        close(out);
    return rc;
}

static void info_from_manifest(struct pack_info *info, const struct manifest *m)
{
    memset(info, 0, sizeof(*info));
    snprintf(info->id, sizeof(info->id), "%s", m->id);
    info->version = m->version;
    snprintf(info->date, sizeof(info->date), "%s", m->date);
    snprintf(info->languages, sizeof(info->languages), "%s", m->languages);
    info->n_files = m->n_files;
    info->size = m->total_size;
}

/* Opens the pack as a non-empty regular file and loads its signature: the descriptor, or -1
 * (refused). */
static int open_pack(struct pack_store *s, const char *pack_path, uint64_t *size,
                     struct minisig_sig *sig)
{
    char sig_path[4200];
    const char *why;
    struct stat st;
    int fd = open(pack_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        refuse(s, pack_path, "cannot be read as a file");
        goto fail;
    }
    if (st.st_size == 0) {
        refuse(s, pack_path, "empty file (0 bytes)");
        goto fail;
    }
    *size = (uint64_t)st.st_size;
    snprintf(sig_path, sizeof(sig_path), "%s.minisig", pack_path);
    if (minisig_sig_load(sig_path, sig, &why) != 0) {
        refuse(s, pack_path, "%s.minisig: %s", pack_path,
               strcmp(why, "file missing") == 0 ? "signature missing" : why);
        goto fail;
    }
    return fd;
fail:
    if (fd >= 0)
        close(fd);
    return -1;
}

/*
 * The checks before anything is unpacked: the signature (of map when given, else of fd), the
 * archive, its manifest, and the signature's trusted comment against the manifest. The
 * manifest with the archive open at the next member in *a, or NULL (refused).
 */
static struct manifest *check_pack(struct pack_store *s, const char *pack_path,
                                   const struct minisig_sig *sig, int fd, const void *map,
                                   uint64_t size, const uint8_t *prehash, struct archive **a)
{
    char why[600];
    struct manifest *m = NULL;
    *a = NULL;
    const char *bad = check_signature(s, sig, fd, map, size, prehash, why, sizeof(why));
    if (bad != NULL) {
        refuse(s, pack_path, "%s", bad);
        goto fail;
    }
    *a = archive_open(fd, map, (size_t)size, why, sizeof(why));
    if (*a == NULL || (m = read_manifest(*a, why, sizeof(why))) == NULL ||
        !trusted_comment_matches(sig->trusted, m, why, sizeof(why))) {
        refuse(s, pack_path, "%s", why);
        goto fail;
    }
    return m;
fail:
    manifest_destroy(m);
    if (*a != NULL)
        archive_read_free(*a);
    *a = NULL;
    return NULL;
}

int pack_verify(struct pack_store *s, const char *pack_path, struct pack_info *info)
{
    int rc = -1;
    struct minisig_sig sig;
    struct archive *a = NULL;
    struct manifest *m = NULL;
    char why[600];
    uint64_t done = 0;
    s->error[0] = '\0';
    uint64_t size = 0;
    int fd = open_pack(s, pack_path, &size, &sig);
    if (fd < 0 || (m = check_pack(s, pack_path, &sig, fd, NULL, size, NULL, &a)) == NULL)
        goto out;
    if (unpack(s, a, m, -1, NULL, &done, done + m->total_size, NULL, NULL, why, sizeof(why)) != 0) {
        refuse(s, pack_path, "%s", why);
        goto out;
    }
    if (info != NULL)
        info_from_manifest(info, m);
    rc = 0;
out:
    if (a != NULL)
        archive_read_free(a);
    manifest_destroy(m);
    if (fd >= 0)
        close(fd);
    return rc;
}

/* ---- install --------------------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct hash_span {
    crypto_generichash_state *h;
    const uint8_t *p;
    size_t len;
};

static void *hash_span_run(void *arg)
{
    struct hash_span *j = arg;
    crypto_generichash_update(j->h, j->p, j->len);
    return NULL;
}

#define COPY_CHUNK (8u << 20)

/*
 * Copies the pack into the state folder (in the kernel, as cp does) and takes the BLAKE2b-512
 * of the copy itself, read back through map while the next chunk is copied: what is verified
 * is the copy, whatever happens to the stick afterwards.
 */
static int copy_in(struct pack_store *s, int src, int dst, const uint8_t *map, uint64_t size,
                   uint8_t prehash[64], uint64_t *done, uint64_t total, pack_progress_fn progress,
                   void *ud)
{
    int rc = -1;
    uint64_t off = 0;
    crypto_generichash_state h;
    struct hash_span job = {&h, NULL, 0};
    crypto_generichash_init(&h, NULL, 0, 64);
    while (off < size) {
        size_t want = size - off < COPY_CHUNK ? (size_t)(size - off) : COPY_CHUNK;
        pthread_t t;
        bool threaded = job.len > 0 && pthread_create(&t, NULL, hash_span_run, &job) == 0;
        if (job.len > 0 && !threaded)
            hash_span_run(&job);
        ssize_t n = pack_fs_copy(&s->fs, src, dst, want);
        int e = errno;
        if (threaded)
            pthread_join(t, NULL);
        job.len = 0;
        if (n <= 0) {
            errno = n == 0 ? EIO : e; /* a file that shrank, or a stick that went away */
            return -1;
        }
        job.p = map + off;
        job.len = (size_t)n;
        off += (uint64_t)n;
        *done += (uint64_t)n;
        if (progress)
            progress(ud, *done, total);
    }
    if (job.len > 0)
        hash_span_run(&job);
    crypto_generichash_final(&h, prehash, 64);
    rc = 0;
    return rc;
}

int pack_install(struct pack_store *s, const char *pack_path, unsigned flags,
                 pack_progress_fn progress, void *ud)
{
    assert(s->fs.dir != NULL && "a store opened without a state folder");
    int rc = PACK_REFUSED;
    int src = -1, copy = -1, id_fd = -1, stage_fd = -1, root_fd = -1;
    struct archive *a = NULL;
    struct manifest *m = NULL;
    struct minisig_sig sig;
    char why[600], copy_name[64], stage_name[128] = "";
    uint8_t *map = NULL;
    uint64_t size = 0;
    bool locked = false;
    uint64_t done = 0;
    s->error[0] = '\0';
    s->fs.written = 0;
    double t_start = now_s(), t_copied = 0, t_unpacked = 0, t_synced = 0;
    copy_name[0] = '\0';

    if (pack_fs_lock(&s->fs) != 0) {
        refuse(s, pack_path, "another install is under way");
        goto out;
    }
    locked = true;
    src = open_pack(s, pack_path, &size, &sig);
    if (src < 0)
        goto out;
    if (pack_fs_free_bytes(&s->fs) < size + SPACE_MARGIN) {
        refuse(s, pack_path, "not enough free space to copy it (%" PRIu64 " MB needed)",
               (size + SPACE_MARGIN) >> 20);
        goto out;
    }

    /* Work on our own copy: the stick may change or vanish between check and use. */
    uint64_t total = size * 2;
    uint8_t prehash[64];
    snprintf(copy_name, sizeof(copy_name), "copy-%ld.pack", (long)getpid());
    copy = pack_fs_create(&s->fs, s->fs.staging_fd, copy_name);
    if (copy >= 0) {
        map = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, copy, 0);
        if (map == MAP_FAILED)
            map = NULL;
    }
    if (map == NULL || copy_in(s, src, copy, map, size, prehash, &done, total, progress, ud) != 0) {
        refuse(s, pack_path, "copying into the state folder failed: %s",
               errno == ENOSPC ? "disk full" : "read or write error");
        goto out;
    }
    close(src);
    src = -1;
    t_copied = now_s();
    m = check_pack(s, pack_path, &sig, copy, map, size, prehash, &a);
    if (m == NULL)
        goto out;

    /* Which version is there now, and was a higher one ever installed? */
    struct pack_state ps = {0};
    id_fd = openat(s->fs.dir_fd, m->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (id_fd >= 0 && state_read(id_fd, &ps) == -2) {
        refuse(s, pack_path, "the installed %s has an unreadable STATE", m->id);
        goto out;
    }
    uint64_t highest = highest_read(s, m->id);
    bool repair = false;
    if (ps.current == m->version) {
        char mpath[64], cpath[64];
        snprintf(mpath, sizeof(mpath), "v%" PRIu64 "/MANIFEST", m->version);
        snprintf(cpath, sizeof(cpath), "v%" PRIu64 "/content", m->version);
        if (faccessat(id_fd, mpath, F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
            faccessat(id_fd, cpath, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
            LOG_INFO("%s: %s version %" PRIu64 " is already installed", pack_path, m->id,
                     m->version);
            rc = PACK_UNCHANGED;
            goto out;
        }
        /* Someone removed part of it: the same version again mends it. */
        LOG_WARN("%s: installed %s version %" PRIu64 " is damaged; installing it again", pack_path,
                 m->id, m->version);
        repair = true;
    }
    if (m->version < highest && !(flags & PACK_ALLOW_DOWNGRADE)) {
        refuse(s, pack_path,
               "version %" PRIu64 " of %s is lower than version %" PRIu64
               " installed before (staff can roll back)",
               m->version, m->id, highest);
        goto out;
    }
    if (pack_fs_free_bytes(&s->fs) < m->total_size + SPACE_MARGIN) {
        refuse(s, pack_path, "would fill the disk (%" PRIu64 " MB to unpack)",
               (m->total_size + SPACE_MARGIN) >> 20);
        goto out;
    }

    /* Unpack into staging: v<n>/MANIFEST and v<n>/content/. */
    total = done + m->total_size;
    snprintf(stage_name, sizeof(stage_name), "%s-v%" PRIu64 "-%ld", m->id, m->version,
             (long)getpid());
    if (pack_fs_mkdirs(&s->fs, s->fs.staging_fd, stage_name, true) != 0 ||
        (stage_fd = openat(s->fs.staging_fd, stage_name,
                           O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
        pack_fs_mkdirs(&s->fs, stage_fd, "content", true) != 0 ||
        (root_fd = openat(stage_fd, "content", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
            0) {
        refuse(s, pack_path, "cannot make a staging folder: %s", strerror(errno));
        goto out;
    }
    struct source source = {copy, map, (size_t)size};
    if (unpack(s, a, m, root_fd, &source, &done, total, progress, ud, why, sizeof(why)) != 0) {
        refuse(s, pack_path, "%s", why);
        goto out;
    }
    t_unpacked = now_s();
    char *mtext = manifest_format(m);
    int mrc = mtext ? pack_fs_write_atomic(&s->fs, stage_fd, "MANIFEST", mtext) : -1;
    free(mtext);
    if (mrc != 0 || pack_fs_fsync_tree(&s->fs, root_fd) != 0 ||
        pack_fs_fsync(&s->fs, stage_fd) != 0 || pack_fs_fsync(&s->fs, s->fs.staging_fd) != 0) {
        refuse(s, pack_path, "cannot write to the state folder: %s", strerror(errno));
        goto out;
    }

    t_synced = now_s();
    /* Move into place. Nothing shows until STATE switches; recover() drops strays. */
    if (id_fd < 0) {
        if (pack_fs_mkdirs(&s->fs, s->fs.dir_fd, m->id, true) != 0 ||
            (id_fd = openat(s->fs.dir_fd, m->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
                0) {
            refuse(s, pack_path, "cannot make %s/%s: %s", s->fs.dir, m->id, strerror(errno));
            goto out;
        }
    }
    char vname[32];
    snprintf(vname, sizeof(vname), "v%" PRIu64, m->version);
    if (ps.previous == m->version) {
        /* A downgrade to the version kept for rollback: forget it first, then replace. */
        struct pack_state tmp = {ps.current, 0, ps.pending};
        if (state_write(s, id_fd, &tmp) != 0) {
            refuse(s, pack_path, "cannot write STATE: %s", strerror(errno));
            goto out;
        }
        ps = tmp;
    }
    pack_fs_rm_tree(id_fd, vname);
    if (m->version > highest && highest_write(s, m->id, m->version) != 0) {
        refuse(s, pack_path, "cannot record the version: %s", strerror(errno));
        goto out;
    }
    if (pack_fs_rename(&s->fs, s->fs.staging_fd, stage_name, id_fd, vname) != 0 ||
        pack_fs_fsync(&s->fs, id_fd) != 0) {
        refuse(s, pack_path, "cannot move the new version into place: %s", strerror(errno));
        goto out;
    }
    stage_name[0] = '\0';
    struct pack_state next = {m->version, repair ? ps.previous : ps.current, 1};
    if (state_write(s, id_fd, &next) != 0) {
        refuse(s, pack_path, "cannot switch to the new version: %s", strerror(errno));
        pack_fs_rm_tree(id_fd, vname);
        goto out;
    }
    /* The switch is done: from here on only tidying up. */
    if (!repair && ps.previous != 0 && ps.previous != m->version) {
        char old[32];
        snprintf(old, sizeof(old), "v%" PRIu64, ps.previous);
        pack_fs_rm_tree(id_fd, old);
    }
    LOG_INFO("%s: installed %s version %" PRIu64 " (%zu files, %" PRIu64 " bytes)%s", pack_path,
             m->id, m->version, m->n_files, m->total_size,
             ps.current ? "; the previous version is kept for rollback" : "");
    /* Where the time went, for `make bench` and perf work (WEGWIJS_LOG=debug). */
    LOG_DBG("%s: copy+BLAKE2b %.2f s, unpack+SHA-256 %.2f s, fsync %.2f s, switch %.2f s",
            pack_path, t_copied - t_start, t_unpacked - t_copied, t_synced - t_unpacked,
            now_s() - t_synced);
    rc = PACK_INSTALLED;
out:
    if (a != NULL)
        archive_read_free(a);
    if (root_fd >= 0)
        close(root_fd);
    if (stage_fd >= 0)
        close(stage_fd);
    if (stage_name[0])
        pack_fs_rm_tree(s->fs.staging_fd, stage_name);
    if (map != NULL)
        munmap(map, (size_t)size);
    if (copy >= 0)
        close(copy);
    if (copy_name[0])
        unlinkat(s->fs.staging_fd, copy_name, 0);
    if (id_fd >= 0)
        close(id_fd);
    if (src >= 0)
        close(src);
    manifest_destroy(m);
    if (locked)
        pack_fs_unlock(&s->fs);
    return rc;
}

/* ---- switching versions ---------------------------------------------------------------- */

/* Makes previous current and drops the version that was current. */
static int step_back(struct pack_store *s, const char *id, bool need_previous, const char *why)
{
    assert(s->fs.dir != NULL && "a store opened without a state folder");
    int rc = -1;
    struct pack_state st;
    bool locked = false;
    int id_fd = -1;
    s->error[0] = '\0';
    if (!manifest_id_ok(id)) {
        refuse(s, id, "not a pack id");
        goto out;
    }
    if (pack_fs_lock(&s->fs) != 0) {
        refuse(s, id, "another install is under way");
        goto out;
    }
    locked = true;
    id_fd = openat(s->fs.dir_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (id_fd < 0 || state_read(id_fd, &st) != 0 || st.current == 0) {
        refuse(s, id, "no such pack installed");
        goto out;
    }
    if (st.previous == 0 && need_previous) {
        refuse(s, id, "no earlier version is kept to roll back to");
        goto out;
    }
    uint64_t dropped = st.current;
    struct pack_state next = {st.previous, 0, 0};
    if (state_write(s, id_fd, &next) != 0) {
        refuse(s, id, "cannot write STATE: %s", strerror(errno));
        goto out;
    }
    char vname[32];
    snprintf(vname, sizeof(vname), "v%" PRIu64, dropped);
    pack_fs_rm_tree(id_fd, vname);
    if (why != NULL)
        LOG_WARN("pack %s version %" PRIu64 " did not load (%s); %s", id, dropped, why,
                 st.previous ? "back to the previous version" : "no earlier version, left out");
    else
        LOG_INFO("pack %s: rolled back from version %" PRIu64 " to %" PRIu64, id, dropped,
                 st.previous);
    rc = 0;
out:
    if (id_fd >= 0)
        close(id_fd);
    if (locked)
        pack_fs_unlock(&s->fs);
    return rc;
}

int pack_rollback(struct pack_store *s, const char *id)
{
    return step_back(s, id, true, NULL);
}

int pack_fall_back(struct pack_store *s, const char *id, const char *why)
{
    return step_back(s, id, false, why ? why : "unknown reason");
}

static int set_pending(struct pack_store *s, const char *id, unsigned pending)
{
    int rc = -1;
    struct pack_state st;
    int id_fd = openat(s->fs.dir_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (id_fd >= 0 && state_read(id_fd, &st) == 0 && st.current != 0) {
        if (st.pending == pending || st.pending == 0) {
            rc = 0;
        } else {
            st.pending = pending;
            rc = state_write(s, id_fd, &st);
        }
    }
    if (id_fd >= 0)
        close(id_fd);
    return rc;
}

int pack_confirm(struct pack_store *s, const char *id)
{
    assert(s->fs.dir != NULL && "a store opened without a state folder");
    s->error[0] = '\0';
    if (!manifest_id_ok(id) || pack_fs_lock(&s->fs) != 0)
        return -1;
    int rc = set_pending(s, id, 0);
    pack_fs_unlock(&s->fs);
    return rc;
}

/* ---- listing --------------------------------------------------------------------------- */

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const struct pack_info *)a)->id, ((const struct pack_info *)b)->id);
}

static int list(struct pack_store *s, struct pack_info **out, size_t *n)
{
    assert(s->fs.dir != NULL && "a store opened without a state folder");
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    DIR *d = pack_fs_opendir(s->fs.dir_fd, ".");
    if (d == NULL)
        return -1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !manifest_id_ok(de->d_name))
            continue;
        int id_fd = openat(s->fs.dir_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (id_fd < 0)
            continue;
        struct pack_state st;
        int rc = state_read(id_fd, &st);
        char mpath[64], text_buf[1];
        (void)text_buf;
        snprintf(mpath, sizeof(mpath), "v%" PRIu64 "/MANIFEST", st.current);
        size_t len = 0;
        char *text = rc == 0 && st.current
                         ? pack_fs_read_alloc(id_fd, mpath, MANIFEST_MAX_BYTES, &len)
                         : NULL;
        struct manifest *m = NULL;
        char why[300];
        if (text != NULL)
            m = manifest_parse(text, len, why, sizeof(why));
        free(text);
        close(id_fd);
        if (m == NULL) {
            if (rc == 0 && st.current)
                LOG_WARN("%s/%s/v%" PRIu64 ": missing or damaged, not shown", s->fs.dir, de->d_name,
                         st.current);
            continue;
        }
        struct pack_info *ni = grow_array(*out, &cap, *n + 1, sizeof(*ni), 8);
        if (ni == NULL) {
            manifest_destroy(m);
            break;
        }
        *out = ni;
        struct pack_info *info = &(*out)[(*n)++];
        info_from_manifest(info, m);
        manifest_destroy(m);
        info->previous = st.previous;
        info->pending = st.pending != 0;
        info->highest = highest_read(s, info->id);
        snprintf(info->root, sizeof(info->root), "%s/%s/v%" PRIu64 "/content", s->fs.dir, info->id,
                 info->version);
    }
    closedir(d);
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), cmp_info);
    return 0;
}

int pack_list(struct pack_store *s, struct pack_info **out, size_t *n)
{
    return list(s, out, n);
}

int pack_roots(struct pack_store *s, struct pack_info **out, size_t *n)
{
    struct pack_info *infos;
    size_t count;
    if (list(s, &infos, &count) != 0)
        return -1;
    bool changed = false;
    for (size_t i = 0; i < count; i++) {
        int id_fd = openat(s->fs.dir_fd, infos[i].id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        struct pack_state st;
        bool failed_before = id_fd >= 0 && state_read(id_fd, &st) == 0 && st.pending == 2;
        if (id_fd >= 0)
            close(id_fd);
        if (failed_before) {
            pack_fall_back(s, infos[i].id, "the kiosk stopped while loading it last time");
            changed = true;
        } else if (infos[i].pending && pack_fs_lock(&s->fs) == 0) {
            set_pending(s, infos[i].id, 2);
            pack_fs_unlock(&s->fs);
        }
    }
    if (changed) {
        free(infos);
        return list(s, out, n);
    }
    *out = infos;
    *n = count;
    return 0;
}
