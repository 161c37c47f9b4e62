/* WAV files: recordings converted by ffmpeg and espeak-ng's output, read by mkspeech. */
#include "fuzz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "audio/wav.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    /* A file in memory, as fuzz_mp4check.c does: the reader takes a path. */
    fd = memfd_create("fuzz.wav", 0);
    if (fd < 0)
        abort();
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    struct wav_pcm pcm;
    if (wav_read(path, &pcm)) {
        wav_trim(&pcm, 300, 50);
        wav_pcm_free(&pcm);
    }
    return 0;
}
