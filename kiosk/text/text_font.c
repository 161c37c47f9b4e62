#define LOG_TAG "text"
#include "core/log.h"

#include "text/text_font.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

static int font_open(struct text_fonts *fonts, const char *list_path, int line, const char *name,
                     float scale)
{
    /* A relative path is relative to the folder of the list, not to the working directory. */
    char path[4096];
    const char *slash = strrchr(list_path, '/');
    if (name[0] != '/' && slash)
        snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - list_path), list_path, name);
    else
        snprintf(path, sizeof(path), "%s", name);
    struct text_font *f = &fonts->fonts[fonts->count];
    hb_blob_t *blob = NULL;
    hb_face_t *hbface = NULL;
    memset(f, 0, sizeof(*f));
    if (FT_New_Face(fonts->ft, path, 0, &f->face) != 0) {
        LOG_WARN("%s:%d: cannot load font %s; skipping it", list_path, line, path);
        goto fail;
    }
    blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        LOG_WARN("%s:%d: cannot read font %s; skipping it", list_path, line, path);
        goto fail;
    }
    hbface = hb_face_create(blob, 0);
    f->hb = hb_font_create(hbface);
    f->upem = (int)hb_face_get_upem(hbface);
    if (f->upem <= 0)
        f->upem = 1000;
    hb_font_set_scale(f->hb, f->upem, f->upem);
    hb_face_destroy(hbface);
    hb_blob_destroy(blob);
    blob = NULL;
    hb_font_extents_t ext;
    hb_font_get_h_extents(f->hb, &ext);
    f->scale = scale;
    f->ascender = scale * (float)ext.ascender / (float)f->upem;
    f->descender = scale * (float)ext.descender / (float)f->upem;
    if (FT_HAS_COLOR(f->face) && !FT_IS_SCALABLE(f->face) && f->face->num_fixed_sizes > 0) {
        /* A bitmap-only colour font: pick the largest strike and scale it down. */
        int best = 0;
        for (int i = 1; i < f->face->num_fixed_sizes; i++)
            if (f->face->available_sizes[i].y_ppem > f->face->available_sizes[best].y_ppem)
                best = i;
        if (FT_Select_Size(f->face, best) != 0) {
            LOG_WARN("%s:%d: %s has no usable bitmap strike; skipping it", list_path, line, path);
            goto fail;
        }
        f->color = true;
        f->strike_ppem = (float)f->face->available_sizes[best].y_ppem / 64.0f;
    }
    f->path = strdup(path);
    if (!f->path)
        goto fail;
    f->bold = fonts->count;
    return fonts->count++;
fail:
    hb_blob_destroy(blob);
    if (f->hb)
        hb_font_destroy(f->hb);
    if (f->face)
        FT_Done_Face(f->face);
    memset(f, 0, sizeof(*f));
    return -1;
}

struct text_fonts *text_fonts_load(const char *list_path)
{
    struct text_fonts *fonts = calloc(1, sizeof(*fonts));
    FILE *fp = NULL;
    char buf[1024];
    int cap = 0, line = 0;
    /* Bold faces are appended after the regular ones so that fonts[0..families) is the
     * fallback order; remember which regular face each belongs to. */
    char *bold_paths[64] = {0};
    int bold_lines[64] = {0};
    float scales[64];
    if (!fonts)
        return NULL;
    if (FT_Init_FreeType(&fonts->ft) != 0) {
        LOG_ERR("FreeType failed to start");
        goto fail;
    }
    fp = fopen(list_path, "r");
    if (!fp) {
        LOG_ERR("%s: cannot open font list: %s", list_path, strerror(errno));
        goto fail;
    }
    cap = 128;
    fonts->fonts = calloc((size_t)cap, sizeof(*fonts->fonts));
    if (!fonts->fonts)
        goto fail;
    while (fgets(buf, sizeof(buf), fp)) {
        line++;
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = 0;
        char *save = NULL, *regular = NULL, *bold = NULL;
        float scale = 1.0f;
        for (char *t = strtok_r(buf, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
            if (!strncmp(t, "scale=", 6)) {
                char *end;
                float v = strtof(t + 6, &end);
                if (*end || !(v >= 0.5f && v <= 2.0f))
                    LOG_WARN("%s:%d: \"%s\" is not a scale from 0.5 to 2; using 1", list_path, line,
                             t);
                else
                    scale = v;
            } else if (!regular) {
                regular = t;
            } else if (!bold) {
                bold = t;
            } else {
                LOG_WARN("%s:%d: ignoring \"%s\"", list_path, line, t);
            }
        }
        if (!regular)
            continue;
        if (fonts->count >= 64) {
            LOG_WARN("%s:%d: more than 64 fonts; ignoring the rest", list_path, line);
            break;
        }
        int idx = font_open(fonts, list_path, line, regular, scale);
        if (idx >= 0) {
            scales[idx] = scale;
            bold_paths[idx] = bold ? strdup(bold) : NULL;
            bold_lines[idx] = line;
        }
    }
    fonts->families = fonts->count;
    for (int i = 0; i < fonts->families; i++) {
        if (!bold_paths[i])
            continue;
        int b = font_open(fonts, list_path, bold_lines[i], bold_paths[i], scales[i]);
        if (b >= 0)
            fonts->fonts[i].bold = b;
    }
    if (fonts->families == 0) {
        LOG_ERR("%s: no font could be loaded", list_path);
        goto fail;
    }
    for (int i = 0; i < 64; i++)
        free(bold_paths[i]);
    fclose(fp);
    return fonts;
fail:
    for (int i = 0; i < 64; i++)
        free(bold_paths[i]);
    if (fp)
        fclose(fp);
    text_fonts_destroy(fonts);
    return NULL;
}

void text_fonts_destroy(struct text_fonts *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < fonts->count; i++) {
        hb_font_destroy(fonts->fonts[i].hb);
        FT_Done_Face(fonts->fonts[i].face);
        free(fonts->fonts[i].path);
    }
    free(fonts->fonts);
    if (fonts->ft)
        FT_Done_FreeType(fonts->ft);
    free(fonts);
}

bool text_font_has(const struct text_fonts *fonts, int f, UChar32 c)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(fonts->fonts[f].hb, (hb_codepoint_t)c, &g) != 0;
}

/* Characters that belong with whatever precedes them: marks, joiners, variation selectors,
 * emoji modifiers and tags, and invisible format characters. */
static bool follows_previous(UChar32 c)
{
    int8_t gc = u_charType(c);
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_COMBINING_SPACING_MARK ||
        gc == U_FORMAT_CHAR)
        return true;
    return u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR) ||
           u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) || (c >= 0xE0020 && c <= 0xE007F);
}

bool text_fonts_neutral(UChar32 c)
{
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &err);
    return sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || U_FAILURE(err);
}

int text_fonts_pick(const struct text_fonts *fonts, UChar32 c, int prev, int base, bool emoji)
{
    if (prev >= 0 && follows_previous(c))
        return prev;
    if (!emoji && text_fonts_neutral(c)) {
        /* Spaces, digits and punctuation keep the look of the text around them. */
        if (base >= 0 && !fonts->fonts[base].color && text_font_has(fonts, base, c))
            return base;
        if (prev >= 0 && !fonts->fonts[prev].color && text_font_has(fonts, prev, c))
            return prev;
    }
    for (int f = 0; f < fonts->families; f++)
        if (fonts->fonts[f].color == emoji && text_font_has(fonts, f, c))
            return f;
    for (int f = 0; f < fonts->families; f++)
        if (text_font_has(fonts, f, c))
            return f;
    return 0;
}

int text_fonts_for_lang(const struct text_fonts *fonts, const char *lang)
{
    UScriptCode codes[4];
    UErrorCode err = U_ZERO_ERROR;
    if (!lang || !lang[0])
        return -1;
    int32_t n = uscript_getCode(lang, codes, 4, &err);
    if (U_FAILURE(err) || n < 1)
        return -1;
    UChar sample[8];
    int32_t len = uscript_getSampleString(codes[0], sample, 8, &err);
    if (U_FAILURE(err) || len < 1)
        return -1;
    UChar32 c;
    int32_t i = 0;
    U16_NEXT(sample, i, len, c);
    for (int f = 0; f < fonts->families; f++)
        if (!fonts->fonts[f].color && text_font_has(fonts, f, c))
            return f;
    return -1;
}
