/*
 * files: the few file rules every module shares, written once: how a file is replaced as a
 * whole (files_write_atomic), which names are a file still arriving from a sync tool or a
 * download (files_still_syncing_name), and how a name is made safe for a file name
 * (files_safe_name).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Writes the whole content of the file to f; false on any error. */
typedef bool (*files_write_fn)(FILE *f, void *ud);

/*
 * Replaces path as a whole: writes a hidden temporary file beside it (".<name>.tmp-XXXXXX",
 * mode), fsyncs it, renames it over path and fsyncs the folder, so a power cut, a stick pulled
 * out or a sync engine reading the folder sees the old file or the new one, never half of
 * one. false with one log line naming path and the reason; the temporary file is removed.
 */
bool files_write_atomic(const char *path, mode_t mode, files_write_fn write, void *ud);

/* The same for a buffer. */
bool files_write_atomic_buf(const char *path, mode_t mode, const void *data, size_t len);

/*
 * The same inside an open folder, for the pack store (which works through folder
 * descriptors under its lock): the temporary file is "<name>.tmp". step, when not NULL, runs
 * before the write, the fsync, the rename and the folder's fsync (the store's crash-test
 * hook). 0, or -1 with errno set; logs nothing (the caller names the file).
 */
int files_write_atomic_at(int dir_fd, const char *name, mode_t mode, const void *data, size_t len,
                          void (*step)(void *ud), void *ud);

/* fsync of the folder holding path (after a rename); file systems that refuse it are fine. */
void files_sync_dir_of(const char *path);

/*
 * True for a name that sync tools and downloads use while a file is still coming in: hidden
 * files (".syncthing.x.tmp"), "~syncthing~x", "*.tmp", "*.part", "*.crdownload".
 */
bool files_still_syncing_name(const char *name);

/*
 * Copies in to out keeping ASCII letters, digits, '-', '_' and '.' (keep_dot), every other
 * byte becoming '-'; "" becomes fallback. A name made so is one path component.
 */
void files_safe_name(const char *in, char *out, size_t size, bool keep_dot, const char *fallback);

/* snprintf for paths: 0, or -1 with one log line when the path does not fit in buf. */
int files_pathf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* mkdir -p with mode 0755: 0, or -1 with one log line naming the folder and the reason. */
int files_mkdir_p(const char *path);

/*
 * Reads a whole file of at most max bytes into a malloc'd buffer with a NUL after the *len bytes
 * read. NULL with errno set otherwise: open's errno (ENOENT ...), EINVAL when it is not a regular
 * file (a FIFO or a device), EFBIG when it is larger than max, EIO on a read error, ENOMEM. Logs
 * nothing: the caller names the file and the reason.
 */
char *files_read_all(const char *path, size_t max, size_t *len);
/* The same for a file already open (openat, O_NOFOLLOW ...); always closes fd. */
char *files_read_fd(int fd, size_t max, size_t *len);
