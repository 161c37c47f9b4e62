/*
 * mp4check: a quick look at a video file before libvlc gets it, so that the usual ways a
 * file arrives broken (missing, empty, cut off during copying, not a video at all, a codec
 * the kiosk cannot decode) are refused at once with a precise reason instead of after a
 * decoder timeout. It reads only box headers and the 'moov' box of an ISO base media file
 * (.mp4), never the media data.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mp4check_info {
    int64_t size;        /* file size in bytes */
    char video_codec[5]; /* sample entry of the first video track, e.g. "avc1" */
    int width, height;   /* from that track's header, 0 if unknown */
    int64_t duration_ms; /* from the movie header, 0 if unknown */
    bool moov_at_end;    /* the index comes after the media data: no fast start */
};

/*
 * Returns true when the file looks playable. Otherwise false with a short human reason in
 * reason ("missing", "empty (0 bytes)", "truncated: ...", "corrupt: ...", "unsupported
 * video codec 'xxxx'"). Logs nothing: the caller logs one line with the path and the reason.
 */
bool mp4check_file(const char *path, struct mp4check_info *info, char *reason, size_t len);
