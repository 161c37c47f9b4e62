/*
 * Text layout of arbitrary UTF-8: every operator and pack text ends up here (bidi, shaping,
 * line breaking, font fallback). The first byte picks the style, so wrapped, one-line,
 * shrinking, right-to-left and Arabic layouts are all reached. Layout only, no renderer.
 * Fonts from assets/fonts.txt (run from the repository, as make does) or FUZZ_FONTS.
 */
#include "fuzz.h"

#include "text/text.h"

static struct text_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    const char *fonts = getenv("FUZZ_FONTS");
    engine = text_engine_new(fonts ? fonts : "assets/fonts.txt", NULL);
    if (engine == NULL)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t b = data[0];
    char *text = fuzz_cstr(data + 1, size - 1);
    struct text_style style = {
        .size_px = 16 + (b & 3) * 24,
        .max_width = (b & 4) ? 600 : 0,
        .max_lines = (b & 8) ? 2 : 0,
        .dir = (enum text_dir)((b >> 4) % 3),
        .align = (enum text_align)((b >> 6) % 3),
        .fit = (b & 0x80) ? TEXT_FIT_SHRINK : TEXT_FIT_WRAP,
        .bold = b & 0x20,
        .lang = (b & 0x10) ? "ar" : "nl",
    };
    const struct text_layout *l = text_engine_layout(engine, text, &style);
    text_layout_width(l);
    text_layout_height(l);
    text_layout_line_count(l);
    text_engine_trim(engine);
    free(text);
    return 0;
}
