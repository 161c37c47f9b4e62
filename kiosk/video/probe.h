/*
 * probe: what a video file really is, read with libavformat/libavcodec, whatever its
 * container (.mp4 .m4v .mov .mkv .webm and anything else ffmpeg knows): codecs, picture size,
 * sample aspect, rotation, frame rate, duration, sound, where an MP4's index (moov) lies, and
 * whether the whole file is there and its first picture decodes.
 *
 * Two depths. PROBE_QUICK reads only the headers (a few ms): the kiosk's player uses it at
 * every open for the size the picture is shown at. PROBE_FULL also reads every packet and
 * decodes the first picture: packtool uses it at pack time, where a file that is cut off or
 * cannot be decoded must be found before a resident taps it.
 *
 * Refusals come with a reason in plain words an editor understands ("the file is empty
 * (0 bytes)", "this is not a video file", "the file is cut off: ..."). Nothing is logged
 * here: the caller logs one line naming the file and the reason.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum probe_depth { PROBE_QUICK, PROBE_FULL };

struct probe_info {
    int64_t size;         /* bytes */
    char container[32];   /* libavformat's short name: "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm" */
    char video_codec[32]; /* "h264", "hevc", "vp9", "av1", ... */
    char audio_codec[32]; /* "" when the file has no sound */
    int bit_depth;        /* bits per colour sample, 0 if unknown */
    int width, height;    /* the coded picture */
    int sar_num, sar_den; /* sample (pixel) aspect, 1:1 when the file says nothing */
    int rotation;         /* clockwise degrees to turn the picture upright: 0, 90, 180, 270 */
    int display_w, display_h; /* as it must be shown: sample aspect and rotation applied */
    double fps;               /* 0 if unknown (PROBE_QUICK often leaves it so) */
    int64_t duration_ms;      /* 0 if unknown */
    bool iso;                 /* an ISO media file (.mp4 .m4v .mov) */
    bool moov_at_end;         /* ISO only: index after the media data (no fast start) */
    int64_t decoded_ms;       /* PROBE_FULL: end of the last video packet, ms */
};

/*
 * True when the file can be shown: it exists, is complete as far as the depth looks, has a
 * video track and a decoder for it. False with reason filled in otherwise.
 */
bool probe_file(const char *path, enum probe_depth depth, struct probe_info *info, char *reason,
                size_t len);

/*
 * For a file probe_file() accepted: what keeps it from being kiosk-ready. Returns 0 when the
 * kiosk plays it well as it is; otherwise PROBE_NEEDS_* bits with the reasons in plain words
 * ("4K (3840x2160), above 1080p; 60 frames per second, above 30") in why.
 */
enum {
    PROBE_NEEDS_FASTSTART = 1 << 0, /* only the index is at the end: a copy fixes it */
    PROBE_NEEDS_CONVERT = 1 << 1,   /* size, frame rate, codec or container: re-encode */
};
unsigned probe_needs(const struct probe_info *info, const char *path, char *why, size_t len);

/* The display size fitted into a box of long x short (either orientation), even numbers. */
void probe_fit(const struct probe_info *info, int long_side, int short_side, int *w, int *h);

/* File name extensions the kiosk looks for, in the order it tries them (".mp4" first). */
extern const char *const probe_video_exts[];
extern const int probe_n_video_exts;
