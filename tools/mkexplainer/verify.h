/*
 * verify: plays a finished explainer in libvlc, the kiosk's own player, without showing it.
 *
 * Checks that libvlc reaches the playing state, that time advances, and reports the length
 * and the codecs libvlc found, so a test knows the file plays where it matters.
 */
#pragma once

struct verify_result {
    double length_s;     /* as libvlc reports it */
    char video_codec[5]; /* fourcc, e.g. "h264" */
    char audio_codec[5]; /* fourcc, e.g. "mp4a" */
    int width, height;
};

/* Returns 0 when the file plays, -1 (logged, naming the file) when it does not. */
int verify_play(const char *path, struct verify_result *out);
