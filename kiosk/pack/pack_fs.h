/*
 * pack_fs: the file system side of pack installs: the state folder's handles and lock, and
 * every write, fsync, rename and mkdir an install makes, each one a "boundary" where the
 * crash test hook (WEGWIJS_PACK_CRASH_AT) can kill the process. Internal to kiosk/pack/.
 */
#pragma once

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pack_fs {
    char *dir;      /* <state>/packs */
    int dir_fd;     /* <state>/packs */
    int staging_fd; /* <state>/packs/.staging */
    int lock_fd;
    uint64_t boundaries;
    uint64_t crash_at; /* 0: never */
    bool report;
    bool fake_free_set;
    uint64_t fake_free;
    uint64_t written; /* bytes written by the current install (for the free-space hook) */
};

int pack_fs_open(struct pack_fs *fs, const char *state_dir);
void pack_fs_close(struct pack_fs *fs);
/* Non-blocking: returns -1 when another process holds the lock. */
int pack_fs_lock(struct pack_fs *fs);
void pack_fs_unlock(struct pack_fs *fs);
uint64_t pack_fs_free_bytes(struct pack_fs *fs);

/* Reads a small file relative to dir_fd, NUL-terminated. 0, -1 missing, -2 other trouble. */
int pack_fs_read_small(int dir_fd, const char *path, char *buf, size_t size, size_t *len);
/* The same into a buffer grown as the file is read (files_read_fd; malloc'd, NUL-terminated;
 * free it), so a store's few-KB files do not each take a buffer of their largest size. NULL when
 * missing, unreadable, or max bytes or larger (as pack_fs_read_small with size = max). */
char *pack_fs_read_alloc(int dir_fd, const char *path, size_t max, size_t *len);
/* name.tmp, fsync, rename over name, fsync the folder. */
int pack_fs_write_atomic(struct pack_fs *fs, int dir_fd, const char *name, const char *text);
/* Makes the folders of path below dir_fd (all of path when last is true, and then the last
 * one must be new); each with mkdirat, never through a symlink. */
int pack_fs_mkdirs(struct pack_fs *fs, int dir_fd, const char *path, bool last);
/* Creates a new file below dir_fd (folders as needed) with O_EXCL | O_NOFOLLOW. */
int pack_fs_create(struct pack_fs *fs, int dir_fd, const char *path);
int pack_fs_write(struct pack_fs *fs, int fd, const void *buf, size_t len);
/* Copies up to len bytes from src to dst at their file positions, in the kernel when it can
 * (copy_file_range), else through a buffer. Returns the bytes copied, 0 at end, -1. */
ssize_t pack_fs_copy(struct pack_fs *fs, int src, int dst, size_t len);
/*
 * Writes buf to fd (when fd >= 0) and feeds it to hash(state, ...) at the same time, the hash
 * on a second thread for large blocks: hashing and copying into the page cache are the two
 * costs of an install and the kiosk has more than one core. When buf is a mapping of src_fd
 * at src_off (src_fd >= 0), the bytes are copied in the kernel (copy_file_range) instead.
 */
typedef void (*pack_fs_hash_fn)(void *state, const uint8_t *buf, size_t len);
int pack_fs_write_hashed(struct pack_fs *fs, int fd, const void *buf, size_t len,
                         pack_fs_hash_fn hash, void *state, int src_fd, off_t src_off);
int pack_fs_fsync(struct pack_fs *fs, int fd);
/* Starts writing fd's data to disk without waiting (sync_file_range). */
int pack_fs_start_writeback(struct pack_fs *fs, int fd);
/* fsyncs every file and folder below and including dir_fd. */
int pack_fs_fsync_tree(struct pack_fs *fs, int dir_fd);
int pack_fs_rename(struct pack_fs *fs, int from_fd, const char *from, int to_fd, const char *to);
/* Removes a file or a whole tree (never following symlinks); missing is fine. */
void pack_fs_rm_tree(int dir_fd, const char *name);
/* Removes everything inside a folder. */
void pack_fs_empty_dir(int dir_fd, const char *name);
DIR *pack_fs_opendir(int dir_fd, const char *name);
