/* pack_create: the maker's side of pack.h (packtool create). */
#define LOG_TAG "pack"
#include "core/log.h"

#include "pack/pack.h"

#include "core/files.h"
#include "core/grow.h"
#include "pack/minisig.h"
#include "video/ready.h"

#include <archive.h>
#include <archive_entry.h>
#include <nettle/sha2.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1u << 20)

struct source {
    char *src;  /* where the file is now */
    char *path; /* where it goes in the pack */
};

struct sources {
    struct source *v;
    size_t n, cap;
};

static int sources_add(struct sources *s, const char *src, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].path, path) == 0)
            return 0; /* the language folder's own file wins over a generated one */
    struct source *v = grow_array(s->v, &s->cap, s->n + 1, sizeof(*v), 64);
    if (v == NULL)
        return -1;
    s->v = v;
    s->v[s->n].src = strdup(src);
    s->v[s->n].path = strdup(path);
    if (s->v[s->n].src == NULL || s->v[s->n].path == NULL) {
        free(s->v[s->n].src);
        free(s->v[s->n].path);
        return -1;
    }
    s->n++;
    return 0;
}

static void sources_free(struct sources *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].src);
        free(s->v[i].path);
    }
    free(s->v);
}

/* Walks dir, adding regular files as prefix/<relative path>. */
static int walk(struct sources *s, const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        LOG_ERR("%s: cannot read: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char src[4096], path[2048];
        snprintf(src, sizeof(src), "%s/%s", dir, de->d_name);
        if (prefix[0])
            snprintf(path, sizeof(path), "%s/%s", prefix, de->d_name);
        else
            snprintf(path, sizeof(path), "%s", de->d_name);
        struct stat st;
        if (lstat(src, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk(s, src, path);
        } else if (S_ISREG(st.st_mode)) {
            if (!manifest_path_ok(path))
                LOG_WARN("%s: left out (not a content file: %s)", src, path);
            else
                rc = sources_add(s, src, path);
        } else {
            LOG_WARN("%s: left out (not a regular file)", src);
        }
    }
    closedir(d);
    return rc;
}

static bool add_ready(void *ud, const char *src, const char *path)
{
    return sources_add(ud, src, path) == 0;
}

/*
 * Replaces the files under <lang>/videos/ by what kiosk/video/ready.h makes of them: videos
 * first, then the rest (subtitles are checked against their video's length). The converted
 * files live in r's work folder until r is destroyed.
 */
static int ready_videos(struct sources *s, struct ready *r)
{
    struct sources out = {0};
    bool ok = true;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < s->n; i++) {
            const char *path = s->v[i].path;
            size_t n = strlen(path);
            bool vid = ready_in_videos(path), vtt = n > 4 && strcmp(path + n - 4, ".vtt") == 0;
            if (pass == 0 && !vid)
                ok = sources_add(&out, s->v[i].src, path) == 0 && ok;
            else if ((pass == 1 && vid && !vtt) || (pass == 2 && vid && vtt))
                ok = ready_file(r, s->v[i].src, path, add_ready, &out) && ok;
        }
    sources_free(s);
    *s = out;
    return ok ? 0 : -1;
}

static int cmp_source(const void *a, const void *b)
{
    return strcmp(((const struct source *)a)->path, ((const struct source *)b)->path);
}

static bool is_file(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int hash_file(const char *path, uint64_t *size, uint8_t sha[32])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    uint8_t *buf = malloc(CHUNK);
    int rc = -1;
    struct sha256_ctx st;
    sha256_init(&st);
    *size = 0;
    if (buf == NULL)
        goto out;
    for (;;) {
        ssize_t r = read(fd, buf, CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        sha256_update(&st, (size_t)r, buf);
        *size += (uint64_t)r;
    }
    sha256_digest(&st, 32, sha);
    rc = 0;
out:
    free(buf);
    close(fd);
    return rc;
}

/* Copies src into the archive, checking it is still what the manifest says. */
static int write_member(struct archive *a, const struct manifest_file *f, const char *src,
                        time_t mtime)
{
    int rc = -1, fd = open(src, O_RDONLY | O_CLOEXEC);
    uint8_t *buf = malloc(CHUNK);
    struct archive_entry *e = archive_entry_new();
    if (fd < 0 || buf == NULL || e == NULL)
        goto out;
    archive_entry_set_pathname(e, f->path);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)f->size);
    archive_entry_set_mtime(e, mtime, 0);
    if (archive_write_header(a, e) != ARCHIVE_OK) {
        LOG_ERR("%s: %s", f->path, archive_error_string(a));
        goto out;
    }
    struct sha256_ctx st;
    sha256_init(&st);
    uint64_t total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        if (total + (uint64_t)r > f->size)
            break;
        sha256_update(&st, (size_t)r, buf);
        if (archive_write_data(a, buf, (size_t)r) != r) {
            LOG_ERR("%s: %s", f->path, archive_error_string(a));
            goto out;
        }
        total += (uint64_t)r;
    }
    uint8_t sha[32];
    sha256_digest(&st, 32, sha);
    if (total != f->size || memcmp(sha, f->sha256, 32) != 0) {
        LOG_ERR("%s: changed while it was being packed", src);
        goto out;
    }
    rc = 0;
out:
    archive_entry_free(e);
    free(buf);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int set_filter(struct archive *a, const char *compress)
{
    if (compress == NULL || strcmp(compress, "none") == 0)
        return ARCHIVE_OK;
    if (strcmp(compress, "gzip") == 0)
        return archive_write_add_filter_gzip(a);
    if (strcmp(compress, "xz") == 0)
        return archive_write_add_filter_xz(a);
    if (strcmp(compress, "zstd") == 0)
        return archive_write_add_filter_zstd(a);
    return ARCHIVE_FATAL;
}

static bool ask_none(void *ud, char *buf, size_t size)
{
    (void)ud;
    (void)buf;
    (void)size;
    return false;
}

/* What write_archive() needs: the manifest text and the files to pack after it. */
struct pack_archive {
    const char *mtext;
    const struct manifest *m;
    const struct sources *src;
    time_t now;
    const char *out;
    const char *compress;
};

/* The pack's tar: MANIFEST first, then every file; into f, which core/files replaces whole. */
static bool write_archive(FILE *f, void *ud)
{
    const struct pack_archive *p = ud;
    bool ok = false;
    struct archive *a = archive_write_new();
    struct archive_entry *e = NULL;
    /* No padding of the last block with zeros (what open_filename does for a regular file):
     * a zstd reader takes trailing zeros for a broken frame. */
    if (a == NULL || archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
        set_filter(a, p->compress) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
        archive_write_open_FILE(a, f) != ARCHIVE_OK) {
        LOG_ERR("%s: cannot write: %s", p->out,
                a && archive_error_string(a) ? archive_error_string(a) : "unknown compression");
        goto out;
    }
    e = archive_entry_new();
    if (e == NULL)
        goto out;
    size_t mlen = strlen(p->mtext);
    archive_entry_set_pathname(e, MANIFEST_NAME);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)mlen);
    archive_entry_set_mtime(e, p->now, 0);
    if (archive_write_header(a, e) != ARCHIVE_OK ||
        archive_write_data(a, p->mtext, mlen) != (la_ssize_t)mlen) {
        LOG_ERR("%s: cannot write: %s", p->out, archive_error_string(a));
        goto out;
    }
    for (size_t i = 0; i < p->m->n_files; i++)
        if (write_member(a, &p->m->files[i], p->src->v[i].src, p->now) != 0)
            goto out;
    if (archive_write_close(a) != ARCHIVE_OK) {
        LOG_ERR("%s: cannot write: %s", p->out, archive_error_string(a));
        goto out;
    }
    ok = true;
out:
    archive_entry_free(e);
    if (a != NULL)
        archive_write_free(a);
    return ok;
}

int pack_create(const char *dir_in, const char *out, const struct pack_create_opts *opts,
                struct pack_info *info)
{
    int rc = -1;
    struct sources src = {0};
    struct manifest m;
    struct ready *ready = NULL;
    char *mtext = NULL;
    char dir[4096];
    memset(&m, 0, sizeof(m));

    snprintf(dir, sizeof(dir), "%s", dir_in);
    for (size_t l = strlen(dir); l > 1 && dir[l - 1] == '/'; l--)
        dir[l - 1] = '\0';
    if (!is_dir(dir)) {
        LOG_ERR("%s: not a folder", dir);
        goto out;
    }
    char base_buf[4096], parent_buf[4096];
    snprintf(base_buf, sizeof(base_buf), "%s", dir);
    snprintf(parent_buf, sizeof(parent_buf), "%s", dir);
    const char *base = basename(base_buf);
    const char *parent = dirname(parent_buf);
    char videos_sub[4200];
    snprintf(videos_sub, sizeof(videos_sub), "%s/videos", dir);
    /* A folder with only new videos for one language is a language folder too. */
    bool lang_folder = is_file(dir, "kiosk.po") || is_file(dir, "topics.po") || is_dir(videos_sub);
    const char *id = opts->id;
    if (lang_folder) {
        char probe[300];
        snprintf(probe, sizeof(probe), "%s/x", base);
        if (!manifest_path_ok(probe)) {
            LOG_ERR("%s: \"%s\" is not usable as a language code", dir, base);
            goto out;
        }
        if (walk(&src, dir, base) != 0)
            goto out;
        /* The repository's generated videos belong to locales/<lang> only; any other folder
         * says what it holds, or names its videos with --videos. */
        char videos[4096] = "", pbase_buf[4096];
        snprintf(pbase_buf, sizeof(pbase_buf), "%s", parent);
        if (opts->videos)
            snprintf(videos, sizeof(videos), "%s", opts->videos);
        else if (strcmp(basename(pbase_buf), "locales") == 0)
            snprintf(videos, sizeof(videos), "%s/../build/content/%s/videos", parent, base);
        char prefix[300];
        snprintf(prefix, sizeof(prefix), "%s/videos", base);
        if (videos[0] && is_dir(videos) && walk(&src, videos, prefix) != 0)
            goto out;
        /* Its spoken prompts (tools/mkspeech) come along from the same place. */
        char audio[4200];
        snprintf(audio, sizeof(audio), "%s/../build/content/%s/audio", parent, base);
        snprintf(prefix, sizeof(prefix), "%s/audio", base);
        if (strcmp(basename(pbase_buf), "locales") == 0 && is_dir(audio) &&
            walk(&src, audio, prefix) != 0)
            goto out;
        if (id == NULL)
            id = base;
    } else {
        if (walk(&src, dir, "") != 0)
            goto out;
        if (id == NULL)
            id = base;
    }
    if (opts->videos_ready != NULL) {
        ready = ready_new(opts->videos_ready);
        if (ready == NULL || ready_videos(&src, ready) != 0) {
            LOG_ERR("%s: not packed: a video was refused (see above)", dir);
            goto out;
        }
    }
    if (!manifest_id_ok(id)) {
        LOG_ERR("%s: \"%s\" is not a valid pack id; give one with --id", dir, id);
        goto out;
    }
    if (src.n == 0) {
        LOG_ERR("%s: no content files found", dir);
        goto out;
    }
    qsort(src.v, src.n, sizeof(src.v[0]), cmp_source);

    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(m.id, sizeof(m.id), "%s", id);
    m.version = opts->version;
    if (m.version == 0)
        m.version = (uint64_t)(tm.tm_year + 1900) * 100000000ULL +
                    (uint64_t)(tm.tm_mon + 1) * 1000000ULL + (uint64_t)tm.tm_mday * 10000ULL +
                    (uint64_t)tm.tm_hour * 100ULL + (uint64_t)tm.tm_min;
    strftime(m.date, sizeof(m.date), "%Y-%m-%d", &tm);
    m.files = calloc(src.n, sizeof(*m.files));
    if (m.files == NULL)
        goto out;
    size_t lang_len = 0;
    for (size_t i = 0; i < src.n; i++) {
        struct manifest_file *f = &m.files[i];
        f->path = src.v[i].path;
        if (hash_file(src.v[i].src, &f->size, f->sha256) != 0) {
            LOG_ERR("%s: cannot read: %s", src.v[i].src, strerror(errno));
            goto out;
        }
        m.n_files++;
        m.total_size += f->size;
        const char *slash = strchr(f->path, '/');
        if (slash == NULL)
            continue;
        size_t l = (size_t)(slash - f->path);
        char lang[256];
        if (l >= sizeof(lang))
            continue;
        memcpy(lang, f->path, l);
        lang[l] = '\0';
        /* Sorted paths: a language is new when it differs from the last one listed. */
        const char *last = lang_len ? strrchr(m.languages, ' ') : NULL;
        last = last ? last + 1 : m.languages;
        if (lang_len == 0 || strcmp(last, lang) != 0) {
            if (lang_len + l + 2 >= sizeof(m.languages)) {
                LOG_ERR("%s: too many languages for one pack", dir);
                goto out;
            }
            lang_len += (size_t)snprintf(m.languages + lang_len, sizeof(m.languages) - lang_len,
                                         "%s%s", lang_len ? " " : "", lang);
        }
    }
    if (lang_len == 0) {
        LOG_ERR("%s: no language folders", dir);
        goto out;
    }
    mtext = manifest_format(&m);
    if (mtext == NULL)
        goto out;

    struct pack_archive job = {mtext, &m, &src, now, out, opts->compress};
    if (!files_write_atomic(out, 0644, write_archive, &job))
        goto out;

    if (opts->sign_key != NULL) {
        struct minisig_seckey key;
        const char *why;
        uint8_t hash[64];
        char sig_path[4200], tc[200];
        if (minisig_seckey_load(opts->sign_key, opts->password ? opts->password : ask_none,
                                opts->password_ud, &key, &why) != 0) {
            LOG_ERR("%s: %s", opts->sign_key, why);
            goto out;
        }
        snprintf(sig_path, sizeof(sig_path), "%s.minisig", out);
        snprintf(tc, sizeof(tc), "id=%s version=%" PRIu64, m.id, m.version);
        int src_rc = minisig_prehash_file(out, hash) == 0
                         ? minisig_sign_write(&key, hash, tc, sig_path)
                         : -1;
        sodium_memzero(&key, sizeof(key));
        if (src_rc != 0) {
            LOG_ERR("%s: cannot sign: %s", out, strerror(errno));
            goto out;
        }
    }
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
        snprintf(info->id, sizeof(info->id), "%s", m.id);
        info->version = m.version;
        snprintf(info->date, sizeof(info->date), "%s", m.date);
        snprintf(info->languages, sizeof(info->languages), "%s", m.languages);
        info->n_files = m.n_files;
        info->size = m.total_size;
    }
    rc = 0;
out:
    free(mtext);
    free(m.files); /* the paths belong to src */
    sources_free(&src);
    ready_destroy(ready);
    return rc;
}
