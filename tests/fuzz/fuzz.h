/*
 * fuzz: what the libFuzzer targets in tests/fuzz/ share. Each fuzz_<reader>.c feeds one reader
 * of outside input arbitrary bytes; `make fuzz` runs them as long as asked, `make test` for a
 * few seconds each (tests/sh/fuzz.sh). Built with clang only (mk/fuzz.mk).
 */
#pragma once

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a NUL-terminated string (readers of text files get one); free() it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Log lines would cost more than the parsing; FUZZ_LOG=1 keeps them for a crash's replay. */
static inline void fuzz_quiet(void)
{
    if (getenv("FUZZ_LOG") == NULL)
        log_set_level(LOG_LEVEL_NONE);
}

/* Where targets that read files keep them: tmpfs, if there is one. On ext4 a file truncated
 * and written again is flushed to the disk at close (auto_da_alloc), which made those
 * targets a hundred times slower; fsync on tmpfs costs nothing either. */
static inline const char *fuzz_tmpdir(void)
{
    return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

static char fuzz_dir_[96];

static inline int fuzz_rm_one_(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Everything below dir, not dir itself. */
static inline void fuzz_empty_dir(const char *dir)
{
    nftw(dir, fuzz_rm_one_, 16, FTW_DEPTH | FTW_PHYS);
    mkdir(dir, 0700);
}

static inline void fuzz_rm_workdir_(void)
{
    nftw(fuzz_dir_, fuzz_rm_one_, 16, FTW_DEPTH | FTW_PHYS);
}

/* A folder of this process's own for targets that read files, removed at exit. */
static inline const char *fuzz_workdir(const char *name)
{
    snprintf(fuzz_dir_, sizeof(fuzz_dir_), "%s/fuzz_%s.%d", fuzz_tmpdir(), name, (int)getpid());
    if (mkdir(fuzz_dir_, 0700) != 0)
        abort();
    atexit(fuzz_rm_workdir_);
    return fuzz_dir_;
}

/* A file in memory for readers that take a path: a disk file per run would be the cost.
 * Its path is /proc/self/fd/N; fuzz_memfile_fill() puts each input in it. */
struct fuzz_memfile {
    int fd;
    char path[64];
};

static inline void fuzz_memfile_open(struct fuzz_memfile *f, const char *name)
{
    f->fd = memfd_create(name, 0);
    if (f->fd < 0)
        abort();
    snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
}

static inline const char *fuzz_memfile_fill(struct fuzz_memfile *f, const uint8_t *data,
                                            size_t size)
{
    if (ftruncate(f->fd, 0) != 0 || pwrite(f->fd, data, size, 0) != (ssize_t)size)
        abort();
    return f->path;
}
