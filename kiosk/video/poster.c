#define LOG_TAG "video"
#include "core/log.h"

#include "video/poster.h"

#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <stdio.h>
#include <stdlib.h>

/* Posters are made at most 1280x720; anything far bigger is not one of ours. A JPEG's size
 * is its header's word: 375 KB of one colour said 8000x8000 and took 700 MB and 2.4 s to
 * decode and convert (a crafted file run through fuzz_poster), so the decoder refuses more
 * pixels than 4K. */
enum { POSTER_MAX_BYTES = 8 << 20, POSTER_MAX_PIXELS = 3840 * 2160 };

SDL_Texture *poster_load(SDL_Renderer *renderer, const char *path, int *w, int *h)
{
    SDL_Texture *tex = NULL;
    const AVCodec *dec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
    AVCodecContext *cc = dec ? avcodec_alloc_context3(dec) : NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    struct SwsContext *sws = NULL;
    uint8_t *rgb = NULL;
    const char *why = "out of memory";
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        why = "cannot open it";
        goto out;
    }
    if (cc == NULL || pkt == NULL || frame == NULL)
        goto out;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    if (size <= 0 || size > POSTER_MAX_BYTES) {
        why = "empty or too big for a poster";
        goto out;
    }
    if (av_new_packet(pkt, (int)size) < 0)
        goto out;
    if (fread(pkt->data, 1, (size_t)size, f) != (size_t)size) {
        why = "cannot read it";
        goto out;
    }
    cc->thread_count = 1;
    cc->max_pixels = POSTER_MAX_PIXELS;
    if (avcodec_open2(cc, dec, NULL) < 0 || avcodec_send_packet(cc, pkt) < 0 ||
        avcodec_receive_frame(cc, frame) < 0 || frame->width <= 0 || frame->height <= 0 ||
        (int64_t)frame->width * frame->height > POSTER_MAX_PIXELS) {
        why = "not a JPEG picture of at most 3840x2160 pixels";
        goto out;
    }
    int fw = frame->width, fh = frame->height;
    sws = sws_getContext(fw, fh, (enum AVPixelFormat)frame->format, fw, fh, AV_PIX_FMT_BGRA,
                         SWS_POINT, NULL, NULL, NULL);
    rgb = malloc((size_t)fw * 4 * (size_t)fh);
    if (sws == NULL || rgb == NULL)
        goto out;
    uint8_t *dst[4] = {rgb, NULL, NULL, NULL};
    int pitch[4] = {fw * 4, 0, 0, 0};
    sws_scale(sws, (const uint8_t *const *)frame->data, frame->linesize, 0, fh, dst, pitch);
    /* BGRA in memory is SDL_PIXELFORMAT_ARGB8888 on little-endian machines. */
    tex = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, fw, fh);
    if (tex == NULL || SDL_UpdateTexture(tex, NULL, rgb, fw * 4) != 0) {
        why = SDL_GetError();
        if (tex != NULL)
            SDL_DestroyTexture(tex);
        tex = NULL;
        goto out;
    }
    if (w != NULL)
        *w = fw;
    if (h != NULL)
        *h = fh;
out:
    if (tex == NULL)
        LOG_WARN("%s: poster not shown: %s", path, why);
    if (f != NULL)
        fclose(f);
    free(rgb);
    sws_freeContext(sws);
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&cc);
    return tex;
}
