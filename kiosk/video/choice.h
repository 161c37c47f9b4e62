/*
 * choice: which video and which subtitles a resident sees for a topic, over the agreed
 * content layout (<root>/<lang>/videos/<slug>.mp4, <root>/<lang>/videos/<slug>.<A>.vtt).
 * A video may be in any container the kiosk plays (.mp4 .m4v .mov .mkv .webm, tried in that
 * order, kiosk/video/probe.h) and have a 720p variant <slug>.720p.<ext>; the variant not
 * chosen is kept as the one to fall back to. <slug>.poster.jpg beside the video (made by
 * packtool) is what a tap shows until the video's first picture.
 *
 * For language L, in this order:
 *   1. a video with audio in L (subtitles in L if they exist: L/videos/<slug>.L.vtt);
 *   2. a video in another language A, Dutch first, then the given order, that has
 *      subtitles in L (L/videos/<slug>.A.vtt);
 *   3. the Dutch video with Dutch subtitles, and a notice that the video is not yet in L.
 * Files are found through a resolver, so the same rules serve the kiosk's content module
 * and plain lists of folders (tests, tools).
 */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* Turns a path relative to the content roots into an existing file's path; false if none. */
typedef bool (*choice_resolve_fn)(void *userdata, const char *relpath, char *out, size_t len);

struct choice {
    char video[PATH_MAX];  /* the file to play */
    char alt[PATH_MAX];    /* the next variant of the same video to try if it fails, or "" */
    char poster[PATH_MAX]; /* its poster, or "" */
    char audio_lang[16];   /* language of its audio */
    char subs[PATH_MAX];   /* subtitles to show, "" when there are none */
    char subs_lang[16];    /* their language */
    bool notice;           /* tell the resident the video is not yet in their language */
};

/*
 * slug: the topic; lang: the resident's language; langs: other languages to try for step 2
 * (e.g. the location's language order; "nl" is always tried first and need not be listed).
 * prefer_720p: take <slug>.720p.<ext> when it exists (small screens, slow machines); else the
 * full size first and the 720p variant as the fallback.
 * Returns false when there is no video at all (or slug/lang are not safe names).
 */
bool choice_pick(choice_resolve_fn resolve, void *userdata, const char *slug, const char *lang,
                 const char *const *langs, int nlangs, bool prefer_720p, struct choice *out);

/* A resolver over a list of folders (struct choice_roots *): later roots win. */
struct choice_roots {
    const char *const *roots;
    int count;
};
bool choice_resolve_roots(void *roots, const char *relpath, char *out, size_t len);
