#include "video/choice.h"

#include "video/probe.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Names that become path components must not climb out of a content root. */
static bool safe_name(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n >= max || s[0] == '.')
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return strstr(s, "..") == NULL;
}

bool choice_resolve_roots(void *userdata, const char *relpath, char *out, size_t len)
{
    const struct choice_roots *r = userdata;
    for (int i = r->count - 1; i >= 0; i--) {
        struct stat st;
        if (snprintf(out, len, "%s/%s", r->roots[i], relpath) >= (int)len)
            continue;
        if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return true;
    }
    return false;
}

/*
 * The video with audio in a, 720p first when preferred, each size in every container the
 * kiosk plays: the first file found is the video, the next one its fallback.
 */
static bool find_video(choice_resolve_fn resolve, void *ud, const char *slug, const char *a,
                       bool prefer_720p, struct choice *c)
{
    char rel[256];
    const char *sizes[2] = {prefer_720p ? ".720p" : "", prefer_720p ? "" : ".720p"};
    c->video[0] = c->alt[0] = c->poster[0] = '\0';
    for (int s = 0; s < 2 && !c->alt[0]; s++)
        for (int e = 0; e < probe_n_video_exts && !c->alt[0]; e++) {
            snprintf(rel, sizeof(rel), "%s/videos/%s%s%s", a, slug, sizes[s], probe_video_exts[e]);
            char *out = c->video[0] ? c->alt : c->video;
            if (!resolve(ud, rel, out, PATH_MAX))
                out[0] = '\0';
        }
    if (!c->video[0])
        return false;
    snprintf(rel, sizeof(rel), "%s/videos/%s.poster.jpg", a, slug);
    if (!resolve(ud, rel, c->poster, sizeof(c->poster)))
        c->poster[0] = '\0';
    return true;
}

/* Subtitles in language l for the video with audio in a. */
static bool find_subs(choice_resolve_fn resolve, void *ud, const char *slug, const char *l,
                      const char *a, char *out, size_t len)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "%s/videos/%s.%s.vtt", l, slug, a);
    return resolve(ud, rel, out, len);
}

bool choice_pick(choice_resolve_fn resolve, void *ud, const char *slug, const char *lang,
                 const char *const *langs, int nlangs, bool prefer_720p, struct choice *out)
{
    memset(out, 0, sizeof(*out));
    if (!safe_name(slug, 64) || !safe_name(lang, sizeof(out->audio_lang)))
        return false;

    /* 1. Own audio. */
    if (find_video(resolve, ud, slug, lang, prefer_720p, out)) {
        snprintf(out->audio_lang, sizeof(out->audio_lang), "%s", lang);
        if (find_subs(resolve, ud, slug, lang, lang, out->subs, sizeof(out->subs)))
            snprintf(out->subs_lang, sizeof(out->subs_lang), "%s", lang);
        else
            out->subs[0] = '\0';
        return true;
    }
    /* 2. Another language's video with subtitles in lang: Dutch first, then the list. */
    for (int i = -1; i < nlangs; i++) {
        const char *a = i < 0 ? "nl" : langs[i];
        if ((i >= 0 && strcmp(a, "nl") == 0) || strcmp(a, lang) == 0 ||
            !safe_name(a, sizeof(out->audio_lang)))
            continue;
        if (find_subs(resolve, ud, slug, lang, a, out->subs, sizeof(out->subs)) &&
            find_video(resolve, ud, slug, a, prefer_720p, out)) {
            snprintf(out->audio_lang, sizeof(out->audio_lang), "%s", a);
            snprintf(out->subs_lang, sizeof(out->subs_lang), "%s", lang);
            return true;
        }
    }
    /* 3. Dutch with Dutch subtitles, and say so. */
    memset(out, 0, sizeof(*out));
    if (!find_video(resolve, ud, slug, "nl", prefer_720p, out))
        return false;
    snprintf(out->audio_lang, sizeof(out->audio_lang), "nl");
    if (find_subs(resolve, ud, slug, "nl", "nl", out->subs, sizeof(out->subs)))
        snprintf(out->subs_lang, sizeof(out->subs_lang), "nl");
    else
        out->subs[0] = '\0';
    out->notice = strcmp(lang, "nl") != 0;
    return true;
}
