/*
 * ready: makes the videos of a content folder kiosk-ready at pack time (packtool create and
 * packtool check), so that a municipality learns of a broken or unplayable video when it
 * packs it, not when a resident taps it.
 *
 * Each file under <lang>/videos/ is probed (kiosk/video/probe.h) and then:
 *   - refused, with the file and the reason in plain words, when it is broken (empty, cut
 *     off, not a video, no picture, undecodable);
 *   - packed as it is when the kiosk plays it well (H.264/HEVC/VP9/AV1 up to 1080p30 in
 *     .mp4 .m4v .mov .mkv .webm, an MP4's index first);
 *   - copied with its index moved to the front when that is all it lacks (no re-encoding);
 *   - otherwise converted by the ffmpeg program to the kiosk's profile: H.264 + AAC in MP4,
 *     fast start, a 1080p <slug>.mp4 and a 720p <slug>.720p.mp4, display aspect and rotation
 *     applied to the pixels, at most 30 frames per second; with progress and the time taken.
 *     With no_convert such a file is refused instead.
 * Every video also gets <slug>.poster.jpg: its first picture, upright and in its display
 * aspect, which the kiosk shows at once on a tap until the video's own first frame arrives.
 * Subtitles (<slug>.<lang>.vtt) are checked against the length of the video they belong to.
 * Other files in a videos folder are left out with a warning.
 *
 * Reports and refusals are log lines ("FILE: ..."); progress goes to the progress callback.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct ready;

struct ready_opts {
    bool check_only; /* packtool check: probe and report, write nothing */
    bool no_convert; /* refuse what would need converting */
    /* Progress of a conversion: fraction 0..1, seconds since it started; done at 1. */
    void (*progress)(void *ud, const char *src, double fraction, double seconds);
    void *ud;
};

/* Where a file goes: src is where it is now, path its place in the pack ("nl/videos/x.mp4"). */
typedef bool (*ready_add_fn)(void *ud, const char *src, const char *path);

/* NULL (logged) when no work folder can be made. */
struct ready *ready_new(const struct ready_opts *opts);
void ready_destroy(struct ready *r); /* accepts NULL; removes converted files */

/* True for a pack path under <lang>/videos/. */
bool ready_in_videos(const char *path);

/*
 * One file under <lang>/videos/. Calls add for each file to pack in its place (none in check
 * mode). Returns false when the file is refused (one log line) or add failed. Give every video
 * before the subtitles: a subtitle file is checked against the video its name points to.
 */
bool ready_file(struct ready *r, const char *src, const char *path, ready_add_fn add, void *ud);

/* Figures of the run: how many files were refused, converted (in check mode: would be), and
 * the conversion time. */
struct ready_stats {
    int videos, refused, converted, faststart, posters, warnings;
    double convert_seconds;
};
void ready_get_stats(const struct ready *r, struct ready_stats *stats);
