#define LOG_TAG "files"
#include "core/log.h"

#include "core/files.h"
#include "core/grow.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void files_sync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    /* Some file systems (vfat on sticks) refuse fsync on a folder; the data is synced. */
    if (fsync(fd) != 0 && errno != EINVAL)
        LOG_DBG("%s: fsync: %s", dir, strerror(errno));
    close(fd);
}

/*
 * The one way a file is replaced: tmp in dir_fd (made anew), written, fsynced, renamed over
 * name, the folder fsynced. step (optional) runs before the write, the fsync, the rename and
 * the folder's fsync. 0, or -1 with errno set and why (a static text or strerror) filled in.
 */
static int files_replace_at(int dir_fd, const char *name, const char *tmp, mode_t mode,
                            files_write_fn write, void *ud, void (*step)(void *), void *step_ud,
                            const char **why)
{
    int e = 0;
    FILE *f = NULL;
    unlinkat(dir_fd, tmp, 0);
    int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        goto fail;
    /* openat's mode passed the umask; the caller's mode is what it asked for (0600 stays). */
    if (fchmod(fd, mode) != 0)
        goto fail;
    f = fdopen(fd, "w");
    if (f == NULL)
        goto fail;
    fd = -1;
    if (step)
        step(step_ud);
    errno = 0;
    if (!write(f, ud) || fflush(f) != 0 || ferror(f)) {
        if (errno == 0)
            errno = EIO;
        goto fail;
    }
    if (step)
        step(step_ud);
    if (fsync(fileno(f)) != 0)
        goto fail;
    int rc = fclose(f);
    f = NULL;
    if (rc != 0)
        goto fail;
    if (step)
        step(step_ud);
    if (renameat(dir_fd, tmp, dir_fd, name) != 0)
        goto fail;
    if (step)
        step(step_ud);
    /* Some file systems (vfat on sticks) refuse fsync on a folder; the data is synced. */
    if (fsync(dir_fd) != 0 && errno != EINVAL)
        LOG_DBG("%s: fsync of its folder: %s", name, strerror(errno));
    return 0;
fail:
    e = errno ? errno : EIO;
    *why = strerror(e);
    if (f != NULL)
        fclose(f);
    if (fd >= 0)
        close(fd);
    unlinkat(dir_fd, tmp, 0);
    errno = e;
    return -1;
}

bool files_write_atomic(const char *path, mode_t mode, files_write_fn write, void *ud)
{
    char dir[PATH_MAX], tmp[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *why = "path too long";
    if (slash == NULL)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else if (snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path) >= (int)sizeof(dir))
        goto fail;
    /* A dot name, so a sync engine scanning the folder skips the half-written file. */
    if (name[0] == '\0' ||
        snprintf(tmp, sizeof(tmp), ".%s.tmp-%ld", name, (long)getpid()) >= (int)sizeof(tmp))
        goto fail;
    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) {
        why = strerror(errno);
        goto fail;
    }
    int rc = files_replace_at(dir_fd, name, tmp, mode, write, ud, NULL, NULL, &why);
    close(dir_fd);
    if (rc == 0)
        return true;
fail:
    LOG_WARN("%s: not written: %s", path, why);
    return false;
}

struct files_buf {
    const void *data;
    size_t len;
};

static bool files_write_buf(FILE *f, void *ud)
{
    const struct files_buf *b = ud;
    return b->len == 0 || fwrite(b->data, 1, b->len, f) == b->len;
}

bool files_write_atomic_buf(const char *path, mode_t mode, const void *data, size_t len)
{
    struct files_buf b = {data, len};
    return files_write_atomic(path, mode, files_write_buf, &b);
}

int files_write_atomic_at(int dir_fd, const char *name, mode_t mode, const void *data, size_t len,
                          void (*step)(void *ud), void *ud)
{
    char tmp[256];
    const char *why = NULL;
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", name) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    struct files_buf b = {data, len};
    return files_replace_at(dir_fd, name, tmp, mode, files_write_buf, &b, step, ud, &why);
}

static bool files_ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len > n && strcmp(s + len - n, suffix) == 0;
}

bool files_still_syncing_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] == '.' || name[0] == '~' || files_ends_with(name, len, ".tmp") ||
           files_ends_with(name, len, ".part") || files_ends_with(name, len, ".crdownload");
}

void files_safe_name(const char *in, char *out, size_t size, bool keep_dot, const char *fallback)
{
    size_t n = 0;
    for (; in != NULL && *in && n + 1 < size; in++) {
        char c = *in;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (keep_dot && c == '.');
        out[n++] = ok ? c : '-';
    }
    out[n] = '\0';
    /* "." and ".." are not names of files. */
    if (n == 0 || strspn(out, ".") == n)
        snprintf(out, size, "%s", fallback);
}

int files_pathf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= n) {
        LOG_ERR("path too long: %s...", buf);
        return -1;
    }
    return 0;
}

int files_mkdir_p(const char *path)
{
    char buf[PATH_MAX];
    if (files_pathf(buf, sizeof(buf), "%s", path) < 0)
        return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        goto fail;
    return 0;
fail:
    LOG_ERR("%s: cannot make the folder: %s", buf, strerror(errno));
    return -1;
}

char *files_read_all(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    return files_read_fd(fd, max, len);
}

char *files_read_fd(int fd, size_t max, size_t *len)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int err = EIO;
    struct stat st;
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        close(fd);
        return NULL;
    }
    /* A FIFO or a device could block or never end (O_NONBLOCK: not even the open waits). */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        err = EINVAL;
        goto fail;
    }
    for (;;) {
        /* Room for a chunk and the NUL; reading one byte past max tells a file too large. */
        char *grown = grow_array(buf, &cap, n + 4096 + 1, 1, 8192);
        if (grown == NULL) {
            err = ENOMEM;
            goto fail;
        }
        buf = grown;
        size_t want = cap - n - 1 < max + 1 - n ? cap - n - 1 : max + 1 - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (n > max) {
            err = EFBIG;
            goto fail;
        }
        if (got == 0)
            break;
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    free(buf);
    fclose(f);
    errno = err;
    return NULL;
}
