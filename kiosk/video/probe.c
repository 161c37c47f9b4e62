#include "video/probe.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "video/mp4check.h"

const char *const probe_video_exts[] = {".mp4", ".m4v", ".mov", ".mkv", ".webm"};
const int probe_n_video_exts = (int)(sizeof(probe_video_exts) / sizeof(probe_video_exts[0]));

/* Video codecs the kiosk's libvlc decodes in software fast enough at 1080p30. */
static const char *const kiosk_video_codecs[] = {"h264", "hevc", "vp9", "av1"};
/* Sound the kiosk plays as it is. */
static const char *const kiosk_audio_codecs[] = {"aac", "mp3", "opus", "vorbis", "ac3", "eac3"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* An ISO media file announces itself with an 'ftyp' box first. */
static bool starts_iso(const char *path)
{
    unsigned char h[8];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    bool iso = fread(h, 1, 8, f) == 8 && memcmp(h + 4, "ftyp", 4) == 0;
    fclose(f);
    return iso;
}

static int64_t to_ms(int64_t t, AVRational tb)
{
    return av_rescale_q(t, tb, (AVRational){1, 1000});
}

/* Clockwise degrees, as ffmpeg's own autorotation reads the display matrix. */
static int stream_rotation(const AVStream *st)
{
    const uint8_t *m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (m == NULL)
        return 0;
    double theta = -round(av_display_rotation_get((const int32_t *)m));
    if (isnan(theta))
        return 0;
    theta -= 360 * floor(theta / 360 + 0.9 / 360);
    int r = (int)lround(theta / 90) * 90 % 360;
    return r < 0 ? r + 360 : r;
}

/*
 * Reads every packet (no decoding but the first picture): the end of the last video packet
 * tells a file that is cut off, and the first picture that the decoder works.
 */
static bool read_all(AVFormatContext *fc, int vi, struct probe_info *info, char *reason, size_t len)
{
    bool ok = false, got = false;
    AVStream *st = fc->streams[vi];
    const AVCodec *dec = avcodec_find_decoder(st->codecpar->codec_id);
    AVCodecContext *cc = dec ? avcodec_alloc_context3(dec) : NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    if (cc == NULL || pkt == NULL || frame == NULL) {
        snprintf(reason, len, "out of memory");
        goto out;
    }
    cc->thread_count = 1;
    if (avcodec_parameters_to_context(cc, st->codecpar) < 0 || avcodec_open2(cc, dec, NULL) < 0) {
        snprintf(reason, len, "the picture cannot be decoded (the %s decoder refuses it)",
                 info->video_codec);
        goto out;
    }
    int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    int64_t end = 0;
    int r;
    while ((r = av_read_frame(fc, pkt)) >= 0) {
        if (pkt->stream_index == vi) {
            int64_t t = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            if (t != AV_NOPTS_VALUE) {
                int64_t e =
                    to_ms(t - start + (pkt->duration > 0 ? pkt->duration : 0), st->time_base);
                if (e > end)
                    end = e;
            }
            if (!got && avcodec_send_packet(cc, pkt) >= 0)
                got = avcodec_receive_frame(cc, frame) >= 0;
        }
        av_packet_unref(pkt);
    }
    if (!got && avcodec_send_packet(cc, NULL) >= 0)
        got = avcodec_receive_frame(cc, frame) >= 0;
    info->decoded_ms = end;
    if (!got) {
        snprintf(reason, len,
                 "the picture cannot be decoded (the file is damaged, or its %s "
                 "video is not readable)",
                 info->video_codec);
        goto out;
    }
    int64_t d = info->duration_ms, slack = d / 20 > 1000 ? d / 20 : 1000;
    if (r != AVERROR_EOF && d > 0 && end + slack < d) {
        char err[128];
        av_strerror(r, err, sizeof(err));
        snprintf(reason, len, "the file is cut off: the picture stops at %.1f s of %.1f s (%s)",
                 end / 1000.0, d / 1000.0, err);
        goto out;
    }
    if (d > 0 && end + slack < d) {
        snprintf(reason, len, "the file is cut off: the picture stops at %.1f s of %.1f s",
                 end / 1000.0, d / 1000.0);
        goto out;
    }
    ok = true;
out:
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&cc);
    return ok;
}

bool probe_file(const char *path, enum probe_depth depth, struct probe_info *info, char *reason,
                size_t len)
{
    bool ok = false;
    AVFormatContext *fc = NULL;
    memset(info, 0, sizeof(*info));
    info->sar_num = info->sar_den = 1;

    struct stat st;
    if (!mp4check_stat(path, &st, reason, len))
        goto out;
    info->size = st.st_size;
    /* ISO files: the box structure shows a cut-off copy at once, before any decoding. */
    if (starts_iso(path)) {
        struct mp4check_info mi;
        char why[200];
        info->iso = true;
        if (!mp4check_file(path, &mi, why, sizeof(why))) {
            if (strncmp(why, "truncated", 9) == 0) {
                snprintf(reason, len,
                         "the file is cut off (an interrupted copy or download?): %s, %lld "
                         "bytes in all",
                         why + 11, (long long)st.st_size);
                goto out;
            }
            if (strncmp(why, "corrupt", 7) == 0) {
                snprintf(reason, len, "the file is damaged: %s", why);
                goto out;
            }
        }
        info->moov_at_end = mi.moov_at_end;
    }

    /* libavformat's own messages would be a second, less plain line about the same file. */
    av_log_set_level(AV_LOG_QUIET);
    int r = avformat_open_input(&fc, path, NULL, NULL);
    if (r < 0 || fc->probe_score < AVPROBE_SCORE_EXTENSION / 2) {
        snprintf(reason, len, "this is not a video file (no known video format)");
        goto out;
    }
    int vi = -1, ai = -1;
    for (unsigned i = 0; i < fc->nb_streams; i++) {
        const AVStream *s = fc->streams[i];
        enum AVMediaType t = s->codecpar->codec_type;
        if (t == AVMEDIA_TYPE_VIDEO && vi < 0 && !(s->disposition & AV_DISPOSITION_ATTACHED_PIC))
            vi = (int)i;
        else if (t == AVMEDIA_TYPE_AUDIO && ai < 0)
            ai = (int)i;
    }
    /* Headers without a size (some raw streams) or a full check: let libavformat look
     * into the first packets too. */
    if (depth == PROBE_FULL || vi < 0 || fc->streams[vi]->codecpar->width <= 0) {
        if (avformat_find_stream_info(fc, NULL) < 0 && vi < 0) {
            snprintf(reason, len, "this is not a video file (no readable streams)");
            goto out;
        }
        vi = ai = -1;
        for (unsigned i = 0; i < fc->nb_streams; i++) {
            const AVStream *s = fc->streams[i];
            enum AVMediaType t = s->codecpar->codec_type;
            if (t == AVMEDIA_TYPE_VIDEO && vi < 0 &&
                !(s->disposition & AV_DISPOSITION_ATTACHED_PIC))
                vi = (int)i;
            else if (t == AVMEDIA_TYPE_AUDIO && ai < 0)
                ai = (int)i;
        }
    }
    snprintf(info->container, sizeof(info->container), "%s", fc->iformat->name);
    if (fc->duration > 0)
        info->duration_ms = fc->duration / 1000;
    if (ai >= 0) {
        const AVCodecDescriptor *d = avcodec_descriptor_get(fc->streams[ai]->codecpar->codec_id);
        snprintf(info->audio_codec, sizeof(info->audio_codec), "%s", d ? d->name : "unknown");
    }
    if (vi < 0) {
        snprintf(reason, len,
                 ai >= 0 ? "there is no picture in this file, only sound"
                         : "there is no picture in this file (no video track)");
        goto out;
    }
    AVStream *vs = fc->streams[vi];
    const AVCodecParameters *cp = vs->codecpar;
    const AVCodecDescriptor *vd = avcodec_descriptor_get(cp->codec_id);
    if (vd == NULL || avcodec_find_decoder(cp->codec_id) == NULL) {
        char tag[AV_FOURCC_MAX_STRING_SIZE];
        av_fourcc_make_string(tag, cp->codec_tag);
        snprintf(reason, len,
                 "the picture is in a format the kiosk cannot decode (unsupported video codec "
                 "'%s')",
                 vd ? vd->name : tag);
        goto out;
    }
    snprintf(info->video_codec, sizeof(info->video_codec), "%s", vd->name);
    info->width = cp->width;
    info->height = cp->height;
    const AVPixFmtDescriptor *pd = av_pix_fmt_desc_get((enum AVPixelFormat)cp->format);
    info->bit_depth = pd != NULL ? pd->comp[0].depth : 0;
    AVRational sar = av_guess_sample_aspect_ratio(fc, vs, NULL);
    if (sar.num > 0 && sar.den > 0) {
        av_reduce(&info->sar_num, &info->sar_den, sar.num, sar.den, 1 << 16);
    }
    info->rotation = stream_rotation(vs);
    AVRational fr = vs->avg_frame_rate.num > 0 ? vs->avg_frame_rate : vs->r_frame_rate;
    info->fps = fr.num > 0 && fr.den > 0 ? av_q2d(fr) : 0;
    if (info->duration_ms <= 0 && vs->duration > 0)
        info->duration_ms = to_ms(vs->duration, vs->time_base);
    if (info->width <= 0 || info->height <= 0) {
        snprintf(reason, len, "the picture has no size (damaged video track)");
        goto out;
    }
    int dw = (int)lround((double)info->width * info->sar_num / info->sar_den), dh = info->height;
    if (info->rotation == 90 || info->rotation == 270) {
        info->display_w = dh;
        info->display_h = dw;
    } else {
        info->display_w = dw;
        info->display_h = dh;
    }
    if (depth == PROBE_FULL && !read_all(fc, vi, info, reason, len))
        goto out;
    ok = true;
out:
    avformat_close_input(&fc);
    if (ok && len > 0)
        reason[0] = '\0';
    return ok;
}

static void add_why(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_why(char *why, size_t len, const char *fmt, ...)
{
    size_t n = strlen(why);
    if (n > 0 && n + 2 < len) {
        memcpy(why + n, "; ", 3);
        n += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why + n, len - n, fmt, ap);
    va_end(ap);
}

unsigned probe_needs(const struct probe_info *info, const char *path, char *why, size_t len)
{
    unsigned needs = 0;
    why[0] = '\0';
    const char *dot = strrchr(path, '.');
    bool known_ext = false;
    for (int i = 0; dot != NULL && i < probe_n_video_exts; i++)
        known_ext = known_ext || strcasecmp(dot, probe_video_exts[i]) == 0;
    if (!known_ext) {
        needs |= PROBE_NEEDS_CONVERT;
        add_why(why, len, "the kiosk does not play %s files", dot ? dot : "extensionless");
    }
    int lng = info->display_w > info->display_h ? info->display_w : info->display_h;
    int sht = info->display_w > info->display_h ? info->display_h : info->display_w;
    if (lng > 1920 || sht > 1080) {
        needs |= PROBE_NEEDS_CONVERT;
        add_why(why, len, "%s(%dx%d), above 1080p", sht >= 2000 ? "4K " : "", info->display_w,
                info->display_h);
    }
    if (info->fps > 30.5) {
        needs |= PROBE_NEEDS_CONVERT;
        add_why(why, len, "%.0f frames per second, above 30", info->fps);
    }
    if (!in_list(info->video_codec, kiosk_video_codecs,
                 sizeof(kiosk_video_codecs) / sizeof(kiosk_video_codecs[0]))) {
        needs |= PROBE_NEEDS_CONVERT;
        add_why(why, len, "uncommon video codec %s", info->video_codec);
    }
    if (info->audio_codec[0] && strncmp(info->audio_codec, "pcm_", 4) != 0 &&
        !in_list(info->audio_codec, kiosk_audio_codecs,
                 sizeof(kiosk_audio_codecs) / sizeof(kiosk_audio_codecs[0]))) {
        needs |= PROBE_NEEDS_CONVERT;
        add_why(why, len, "uncommon sound codec %s", info->audio_codec);
    }
    if (info->iso && info->moov_at_end) {
        needs |= PROBE_NEEDS_FASTSTART;
        add_why(why, len, "its index (moov) is at the end, so playing starts late");
    }
    return needs;
}

void probe_fit(const struct probe_info *info, int long_side, int short_side, int *w, int *h)
{
    double dw = info->display_w, dh = info->display_h;
    double bw = dw >= dh ? long_side : short_side, bh = dw >= dh ? short_side : long_side;
    double s = 1;
    if (dw > bw)
        s = bw / dw;
    if (dh * s > bh)
        s = bh / dh;
    *w = (int)lround(dw * s) & ~1;
    *h = (int)lround(dh * s) & ~1;
}
