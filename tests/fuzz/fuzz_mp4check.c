/* The MP4 check: reads the box structure of every video a pack or a USB stick brings. */
#include "fuzz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "video/mp4check.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    /* A file in memory: the check takes a path, and a disk file per run would be the cost. */
    fd = memfd_create("fuzz.mp4", 0);
    if (fd < 0)
        abort();
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    struct mp4check_info info;
    char reason[256];
    mp4check_file(path, &info, reason, sizeof(reason));
    return 0;
}
