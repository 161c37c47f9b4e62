/* WAV files: recordings converted by ffmpeg and espeak-ng's output, read by mkspeech. */
#include "fuzz.h"

#include "audio/wav.h"

static struct fuzz_memfile file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    fuzz_memfile_open(&file, "fuzz.wav");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile_fill(&file, data, size);
    struct wav_pcm pcm;
    if (wav_read(path, &pcm)) {
        wav_trim(&pcm, 300, 50);
        wav_pcm_free(&pcm);
    }
    return 0;
}
