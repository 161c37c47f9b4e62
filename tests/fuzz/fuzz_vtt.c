/* WebVTT subtitles: every explainer video in a pack carries them. */
#include "fuzz.h"

#include "video/vtt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vtt *v = vtt_parse("fuzz.vtt", (const char *)data, size);
    if (v != NULL) {
        size_t n = vtt_count(v);
        for (size_t i = 0; i < n && i < 64; i++) {
            const struct vtt_cue *c = vtt_cue_at_index(v, i);
            vtt_text_at(v, c->start_ms);
        }
        vtt_cue_at(v, 0);
        vtt_cue_at(v, INT64_MAX);
    }
    vtt_destroy(v);
    return 0;
}
