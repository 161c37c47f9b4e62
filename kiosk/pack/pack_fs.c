#define LOG_TAG "pack"
#include "core/log.h"

#include "pack/pack_fs.h"

#include "core/files.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The crash test hook: every boundary counts, the chosen one kills the process. */
static void boundary(struct pack_fs *fs)
{
    fs->boundaries++;
    if (fs->crash_at != 0 && fs->boundaries == fs->crash_at)
        raise(SIGKILL);
}

static uint64_t env_u64(const char *name, bool *set)
{
    const char *v = getenv(name);
    char *end;
    if (set)
        *set = false;
    if (v == NULL || *v == '\0')
        return 0;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno != 0 || *end != '\0')
        return 0;
    if (set)
        *set = true;
    return n;
}

int pack_fs_open(struct pack_fs *fs, const char *state_dir)
{
    memset(fs, 0, sizeof(*fs));
    fs->dir_fd = fs->staging_fd = fs->lock_fd = -1;
    fs->crash_at = env_u64("WEGWIJS_PACK_CRASH_AT", NULL);
    fs->report = env_u64("WEGWIJS_PACK_CRASH_COUNT", NULL) != 0;
    fs->fake_free = env_u64("WEGWIJS_PACK_FREE_BYTES", &fs->fake_free_set);
    size_t len = strlen(state_dir) + sizeof("/packs");
    fs->dir = malloc(len);
    if (fs->dir == NULL)
        return -1;
    snprintf(fs->dir, len, "%s/packs", state_dir);
    if (mkdir(state_dir, 0755) != 0 && errno != EEXIST) {
        LOG_ERR("%s: cannot make the state folder: %s", state_dir, strerror(errno));
        return -1;
    }
    if (mkdir(fs->dir, 0755) != 0 && errno != EEXIST) {
        LOG_ERR("%s: cannot make the packs folder: %s", fs->dir, strerror(errno));
        return -1;
    }
    fs->dir_fd = open(fs->dir, DIR_FLAGS);
    if (fs->dir_fd < 0) {
        LOG_ERR("%s: cannot open: %s", fs->dir, strerror(errno));
        return -1;
    }
    if (mkdirat(fs->dir_fd, ".staging", 0700) != 0 && errno != EEXIST) {
        LOG_ERR("%s/.staging: cannot make: %s", fs->dir, strerror(errno));
        return -1;
    }
    fs->staging_fd = openat(fs->dir_fd, ".staging", DIR_FLAGS);
    fs->lock_fd = openat(fs->dir_fd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fs->staging_fd < 0 || fs->lock_fd < 0) {
        LOG_ERR("%s: cannot open .staging or .lock: %s", fs->dir, strerror(errno));
        return -1;
    }
    return 0;
}

void pack_fs_close(struct pack_fs *fs)
{
    if (fs->report)
        LOG_INFO("%llu crash points", (unsigned long long)fs->boundaries);
    if (fs->dir_fd >= 0)
        close(fs->dir_fd);
    if (fs->staging_fd >= 0)
        close(fs->staging_fd);
    if (fs->lock_fd >= 0)
        close(fs->lock_fd);
    free(fs->dir);
    fs->dir = NULL;
    fs->dir_fd = fs->staging_fd = fs->lock_fd = -1;
}

int pack_fs_lock(struct pack_fs *fs)
{
    return flock(fs->lock_fd, LOCK_EX | LOCK_NB) == 0 ? 0 : -1;
}

void pack_fs_unlock(struct pack_fs *fs)
{
    flock(fs->lock_fd, LOCK_UN);
}

uint64_t pack_fs_free_bytes(struct pack_fs *fs)
{
    if (fs->fake_free_set)
        return fs->fake_free > fs->written ? fs->fake_free - fs->written : 0;
    struct statvfs sv;
    if (fstatvfs(fs->dir_fd, &sv) != 0)
        return 0;
    return (uint64_t)sv.f_bavail * sv.f_frsize;
}

int pack_fs_read_small(int dir_fd, const char *path, char *buf, size_t size, size_t *len)
{
    int fd = openat(dir_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? -1 : -2;
    size_t n = 0;
    int rc = -2;
    for (;;) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        n += (size_t)r;
        if (n == size - 1)
            goto out; /* too large to be ours */
    }
    buf[n] = '\0';
    *len = n;
    rc = 0;
out:
    close(fd);
    return rc;
}

char *pack_fs_read_alloc(int dir_fd, const char *path, size_t max, size_t *len)
{
    assert(max > 0);
    int fd = openat(dir_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    /* A file of max bytes or more is not ours (as pack_fs_read_small with size = max). */
    return files_read_fd(fd, max - 1, len);
}

int pack_fs_write(struct pack_fs *fs, int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        boundary(fs);
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        p += w;
        len -= (size_t)w;
        fs->written += (uint64_t)w;
    }
    return 0;
}

struct hash_job {
    pack_fs_hash_fn fn;
    void *state;
    const uint8_t *buf;
    size_t len;
};

static void *hash_job_run(void *arg)
{
    struct hash_job *j = arg;
    j->fn(j->state, j->buf, j->len);
    return NULL;
}

/* Copies len bytes of src at off to fd's position, in the kernel. */
static int copy_range(struct pack_fs *fs, int src, off_t off, int fd, size_t len)
{
    while (len > 0) {
        boundary(fs);
        ssize_t n = copy_file_range(src, &off, fd, NULL, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        len -= (size_t)n;
        fs->written += (uint64_t)n;
    }
    return 0;
}

int pack_fs_write_hashed(struct pack_fs *fs, int fd, const void *buf, size_t len,
                         pack_fs_hash_fn hash, void *state, int src_fd, off_t src_off)
{
    struct hash_job job = {hash, state, buf, len};
    pthread_t t;
    /* Small blocks are not worth a thread; nor is a check without a write. */
    if (fd < 0 || len < (256u << 10) || pthread_create(&t, NULL, hash_job_run, &job) != 0) {
        hash(state, buf, len);
        if (fd < 0)
            return 0;
        return src_fd >= 0 ? copy_range(fs, src_fd, src_off, fd, len)
                           : pack_fs_write(fs, fd, buf, len);
    }
    int rc =
        src_fd >= 0 ? copy_range(fs, src_fd, src_off, fd, len) : pack_fs_write(fs, fd, buf, len);
    int e = errno;
    pthread_join(t, NULL);
    errno = e;
    return rc;
}

ssize_t pack_fs_copy(struct pack_fs *fs, int src, int dst, size_t len)
{
    boundary(fs);
    for (;;) {
        ssize_t n = copy_file_range(src, NULL, dst, NULL, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n >= 0) {
            fs->written += (uint64_t)n;
            return n;
        }
        if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP &&
            errno != EBADF)
            return -1;
        break;
    }
    /* No in-kernel copy between these file systems: through a buffer then. */
    char buf[1 << 16];
    size_t want = len < sizeof(buf) ? len : sizeof(buf);
    ssize_t r;
    do
        r = read(src, buf, want);
    while (r < 0 && errno == EINTR);
    if (r <= 0)
        return r;
    return pack_fs_write(fs, dst, buf, (size_t)r) == 0 ? r : -1;
}

int pack_fs_start_writeback(struct pack_fs *fs, int fd)
{
    boundary(fs);
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

int pack_fs_fsync(struct pack_fs *fs, int fd)
{
    boundary(fs);
    return fsync(fd);
}

int pack_fs_rename(struct pack_fs *fs, int from_fd, const char *from, int to_fd, const char *to)
{
    boundary(fs);
    return renameat(from_fd, from, to_fd, to);
}

static void pack_fs_step(void *ud)
{
    boundary(ud);
}

int pack_fs_write_atomic(struct pack_fs *fs, int dir_fd, const char *name, const char *text)
{
    return files_write_atomic_at(dir_fd, name, 0644, text, strlen(text), pack_fs_step, fs);
}

/* Opens (making it when missing) the folder comp below dir_fd. */
static int open_subdir(struct pack_fs *fs, int dir_fd, const char *comp, bool must_be_new)
{
    boundary(fs);
    if (mkdirat(dir_fd, comp, 0755) != 0 && (errno != EEXIST || must_be_new))
        return -1;
    return openat(dir_fd, comp, DIR_FLAGS);
}

int pack_fs_mkdirs(struct pack_fs *fs, int dir_fd, const char *path, bool last)
{
    char buf[1200];
    if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int cur = dir_fd, rc = -1;
    char *p = buf;
    for (;;) {
        char *slash = strchr(p, '/');
        if (slash == NULL && !last)
            break;
        if (slash)
            *slash = '\0';
        int next = open_subdir(fs, cur, p, slash == NULL && last);
        if (cur != dir_fd)
            close(cur);
        if (next < 0)
            return -1;
        cur = next;
        if (slash == NULL)
            break;
        p = slash + 1;
    }
    rc = 0;
    if (cur != dir_fd)
        close(cur);
    return rc;
}

int pack_fs_create(struct pack_fs *fs, int dir_fd, const char *path)
{
    const char *slash = strrchr(path, '/');
    int parent = dir_fd, fd = -1;
    if (slash != NULL) {
        char dir[1200];
        size_t l = (size_t)(slash - path);
        if (l >= sizeof(dir)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(dir, path, l);
        dir[l] = '\0';
        if (pack_fs_mkdirs(fs, dir_fd, path, false) != 0)
            return -1;
        parent = openat(dir_fd, dir, DIR_FLAGS);
        if (parent < 0)
            return -1;
    }
    fd = openat(parent, slash ? slash + 1 : path,
                O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (parent != dir_fd)
        close(parent);
    return fd;
}

int pack_fs_fsync_tree(struct pack_fs *fs, int dir_fd)
{
    int dup_fd = dup(dir_fd);
    if (dup_fd < 0)
        return -1;
    DIR *d = fdopendir(dup_fd);
    if (d == NULL) {
        close(dup_fd);
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dir_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            int f = openat(dir_fd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            rc = f < 0 ? -1 : pack_fs_fsync(fs, f);
            if (f >= 0)
                close(f);
            continue;
        }
        if (!S_ISDIR(st.st_mode))
            continue;
        int sub = openat(dir_fd, de->d_name, DIR_FLAGS);
        if (sub < 0) {
            rc = -1;
            break;
        }
        rc = pack_fs_fsync_tree(fs, sub);
        close(sub);
    }
    closedir(d);
    if (rc == 0)
        rc = pack_fs_fsync(fs, dir_fd);
    return rc;
}

static void empty_fd(int fd)
{
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        pack_fs_rm_tree(dirfd(d), de->d_name);
    }
    closedir(d);
}

void pack_fs_rm_tree(int dir_fd, const char *name)
{
    struct stat st;
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlinkat(dir_fd, name, 0);
        return;
    }
    int fd = openat(dir_fd, name, DIR_FLAGS);
    if (fd >= 0)
        empty_fd(fd);
    unlinkat(dir_fd, name, AT_REMOVEDIR);
}

void pack_fs_empty_dir(int dir_fd, const char *name)
{
    int fd = openat(dir_fd, name, DIR_FLAGS);
    if (fd >= 0)
        empty_fd(fd);
}

DIR *pack_fs_opendir(int dir_fd, const char *name)
{
    int fd = openat(dir_fd, name, DIR_FLAGS);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (d == NULL)
        close(fd);
    return d;
}
