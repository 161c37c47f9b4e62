#define LOG_TAG "files"
#include "core/log.h"

#include "core/files.h"

#include <errno.h>
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

bool files_write_atomic(const char *path, mode_t mode, files_write_fn write, void *ud)
{
    char tmp[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    const char *why = NULL;
    FILE *f = NULL;
    int fd = -1;
    if (name[0] == '\0' ||
        snprintf(tmp, sizeof(tmp), "%.*s.%s.tmp-XXXXXX", dir_len, path, name) >= (int)sizeof(tmp)) {
        LOG_WARN("%s: not written: path too long", path);
        return false;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        LOG_WARN("%s: not written: %s", path, strerror(errno));
        return false;
    }
    if (fchmod(fd, mode) != 0)
        LOG_DBG("%s: chmod: %s", tmp, strerror(errno));
    f = fdopen(fd, "w");
    if (f == NULL) {
        why = strerror(errno);
        close(fd);
        goto fail;
    }
    if (!write(f, ud) || ferror(f)) {
        why = errno ? strerror(errno) : "write failed";
        goto fail;
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        why = strerror(errno);
        goto fail;
    }
    if (fclose(f) != 0) {
        f = NULL;
        why = strerror(errno);
        goto fail;
    }
    f = NULL;
    if (rename(tmp, path) != 0) {
        why = strerror(errno);
        goto fail;
    }
    files_sync_dir_of(path);
    return true;
fail:
    if (f != NULL)
        fclose(f);
    unlink(tmp);
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
