#define LOG_TAG "verify"
#include "core/log.h"

#include "verify.h"

#include <string.h>
#include <time.h>
#include <vlc/vlc.h>

#define TIMEOUT_MS 15000

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void fourcc(char out[5], uint32_t c)
{
    for (int i = 0; i < 4; i++)
        out[i] = (char)((c >> (8 * i)) & 0xff);
    out[4] = '\0';
}

int verify_play(const char *path, struct verify_result *out)
{
    int rc = -1;
    const char *why = "libvlc could not start";
    const char *args[] = {"--quiet", "--no-video-title-show", "--vout=dummy", "--aout=dummy",
                          "--no-sub-autodetect-file"};
    libvlc_instance_t *vlc = libvlc_new(sizeof(args) / sizeof(args[0]), args);
    libvlc_media_t *m = NULL;
    libvlc_media_player_t *mp = NULL;
    memset(out, 0, sizeof(*out));
    if (!vlc)
        goto out;
    if (!(m = libvlc_media_new_path(vlc, path)) || !(mp = libvlc_media_player_new_from_media(m))) {
        why = "libvlc could not open the file";
        goto out;
    }
    if (libvlc_media_player_play(mp) != 0) {
        why = "libvlc refused to play";
        goto out;
    }
    libvlc_time_t t = 0;
    for (int waited = 0; waited < TIMEOUT_MS; waited += 20) {
        libvlc_state_t st = libvlc_media_player_get_state(mp);
        if (st == libvlc_Error) {
            why = "libvlc reported an error while playing";
            goto out;
        }
        if (st == libvlc_Ended && t == 0) {
            why = "ended without playing";
            goto out;
        }
        t = libvlc_media_player_get_time(mp);
        if (st == libvlc_Playing && t > 200 && libvlc_media_player_get_length(mp) > 0)
            break;
        sleep_ms(20);
    }
    if (t <= 200) {
        why = "time did not advance while playing";
        goto out;
    }
    out->length_s = (double)libvlc_media_player_get_length(mp) / 1000.0;
    libvlc_media_track_t **tracks = NULL;
    unsigned n = libvlc_media_tracks_get(m, &tracks);
    for (unsigned i = 0; i < n; i++) {
        if (tracks[i]->i_type == libvlc_track_video) {
            fourcc(out->video_codec, tracks[i]->i_codec);
            out->width = (int)tracks[i]->video->i_width;
            out->height = (int)tracks[i]->video->i_height;
        } else if (tracks[i]->i_type == libvlc_track_audio)
            fourcc(out->audio_codec, tracks[i]->i_codec);
    }
    if (tracks)
        libvlc_media_tracks_release(tracks, n);
    rc = 0;
out:
    if (rc < 0)
        LOG_ERR("%s: does not play: %s", path, why);
    if (mp) {
        libvlc_media_player_stop(mp);
        libvlc_media_player_release(mp);
    }
    if (m)
        libvlc_media_release(m);
    if (vlc)
        libvlc_release(vlc);
    return rc;
}
