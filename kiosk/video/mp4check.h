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
#include <sys/stat.h>

struct mp4check_info {
    int64_t size;        /* file size in bytes */
    char video_codec[5]; /* sample entry of the first video track, e.g. "avc1" */
    int width, height;   /* from that track's header, 0 if unknown */
    int64_t duration_ms; /* from the movie header, 0 if unknown */
    bool moov_at_end;    /* the index comes after the media data: no fast start */
};

/*
 * The first checks of every video reader (mp4check_file, probe_file): the file exists, is a
 * regular file and is not empty. false with the reason ("the file is missing", "not a regular
 * file", "the file is empty (0 bytes)", "cannot read it: ..."); logs nothing.
 */
bool mp4check_stat(const char *path, struct stat *st, char *reason, size_t len);

/*
 * Returns true when the file looks playable. Otherwise false with a short human reason in
 * reason (those of mp4check_stat, "truncated: ...", "corrupt: ...", "unsupported
 * video codec 'xxxx'"). Logs nothing: the caller logs one line with the path and the reason.
 */
bool mp4check_file(const char *path, struct mp4check_info *info, char *reason, size_t len);
