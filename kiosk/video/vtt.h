/*
 * vtt: WebVTT subtitles (the subset an explainer needs): cues with start and end times and
 * one or more lines of text, looked up by playback time.
 *
 * Subtitle files come from outside (content packs), so parsing never fails hard: a file that
 * is not WebVTT at all gives NULL, a bad cue is skipped, and the whole file costs at most one
 * warning line naming the file, the line of the first problem and the reason. Cue text keeps
 * its line breaks; markup (<b>, <i>, <v Name>, <c.x>, timestamps) is removed and the
 * entities &amp; &lt; &gt; &nbsp; &lrm; &rlm; are decoded. Settings after the times
 * (align:, line:, ...) are ignored: the kiosk places subtitles itself.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct vtt;

/* Where subtitles go on a wide screen: the kiosk lays a cue at the bottom of the picture, and
 * above its controls while they show; a cue of two lines then reaches up to 57-58% of the
 * picture's height (kiosk/screens/video.c, at 1920x1080, 1280x720 and 1024x600). Explainer
 * slides (tools/mkexplainer) keep their text above this percentage of their height, so a
 * subtitle never lies over the slide's own words. */
enum { VIDEO_SLIDE_TEXT_BOTTOM = 56 };

struct vtt_cue {
    int64_t start_ms, end_ms; /* shown for start_ms <= t < end_ms */
    const char *text;         /* UTF-8, lines separated by '\n', never empty */
};

/* Reads and parses a file; NULL (one log line) when unreadable or not WebVTT. */
struct vtt *vtt_load(const char *path);
/* Parses text in memory; name is used in the log line. NULL when not WebVTT. */
struct vtt *vtt_parse(const char *name, const char *data, size_t len);
void vtt_destroy(struct vtt *vtt); /* accepts NULL */

size_t vtt_count(const struct vtt *vtt);
/* Cues sorted by start time (ties keep file order). */
const struct vtt_cue *vtt_cue_at_index(const struct vtt *vtt, size_t i);
/* The cue shown at time ms (the earliest-starting one when cues overlap), or NULL. */
const struct vtt_cue *vtt_cue_at(const struct vtt *vtt, int64_t ms);
/* The text shown at time ms, or NULL when no cue is showing. */
const char *vtt_text_at(const struct vtt *vtt, int64_t ms);
