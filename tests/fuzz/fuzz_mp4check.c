/* The MP4 check: reads the box structure of every video a pack or a USB stick brings. */
#include "fuzz.h"

#include "video/mp4check.h"

static struct fuzz_memfile file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    fuzz_memfile_open(&file, "fuzz.mp4");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile_fill(&file, data, size);
    struct mp4check_info info;
    char reason[256];
    mp4check_file(path, &info, reason, sizeof(reason));
    return 0;
}
