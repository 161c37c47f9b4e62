#include "video/mp4check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A moov box larger than this is not something our content pipeline writes. */
enum { MOOV_MAX = 32 << 20 };

/* Codecs the Debian 12 libvlc (avcodec) decodes and the content pipeline may use. */
static const char *const supported_codecs[] = {"avc1", "avc3", "hvc1", "hev1",
                                               "mp4v", "av01", "vp09", "vp08"};

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static bool printable_type(const uint8_t *t)
{
    for (int i = 0; i < 4; i++)
        if (t[i] < 0x20 || t[i] > 0x7e)
            return false;
    return true;
}

struct box {
    const uint8_t *body;
    size_t len;
};

/* Finds the first child box of that type inside [p, p+len); false if absent or malformed. */
static bool find_child(const uint8_t *p, size_t len, const char *type, struct box *out)
{
    size_t off = 0;
    while (off + 8 <= len) {
        uint64_t sz = be32(p + off);
        size_t hdr = 8;
        if (sz == 1) {
            if (off + 16 > len)
                return false;
            sz = be64(p + off + 8);
            hdr = 16;
        } else if (sz == 0) {
            sz = len - off;
        }
        if (sz < hdr || sz > len - off)
            return false;
        if (memcmp(p + off + 4, type, 4) == 0) {
            out->body = p + off + hdr;
            out->len = (size_t)sz - hdr;
            return true;
        }
        off += (size_t)sz;
    }
    return false;
}

/* Looks through the traks of moov for the first video track. */
static void inspect_moov(const uint8_t *moov, size_t len, struct mp4check_info *info)
{
    struct box b;
    if (find_child(moov, len, "mvhd", &b) && b.len >= 20) {
        bool v1 = b.body[0] == 1;
        uint32_t scale = v1 ? (b.len >= 32 ? be32(b.body + 20) : 0) : be32(b.body + 12);
        uint64_t dur = v1 ? (b.len >= 32 ? be64(b.body + 24) : 0) : be32(b.body + 16);
        if (scale > 0)
            info->duration_ms = (int64_t)(dur * 1000 / scale);
    }
    size_t off = 0;
    while (off + 8 <= len) {
        struct box trak;
        if (!find_child(moov + off, len - off, "trak", &trak))
            return;
        off = (size_t)(trak.body - moov) + trak.len;
        struct box mdia, hdlr, minf, stbl, stsd, tkhd;
        if (!find_child(trak.body, trak.len, "mdia", &mdia) ||
            !find_child(mdia.body, mdia.len, "hdlr", &hdlr) || hdlr.len < 12 ||
            memcmp(hdlr.body + 8, "vide", 4) != 0)
            continue;
        if (find_child(mdia.body, mdia.len, "minf", &minf) &&
            find_child(minf.body, minf.len, "stbl", &stbl) &&
            find_child(stbl.body, stbl.len, "stsd", &stsd) && stsd.len >= 16) {
            memcpy(info->video_codec, stsd.body + 12, 4);
            info->video_codec[4] = '\0';
            for (int i = 0; i < 4; i++)
                if (info->video_codec[i] < 0x20 || info->video_codec[i] > 0x7e)
                    info->video_codec[i] = '?';
        } else {
            snprintf(info->video_codec, sizeof(info->video_codec), "????");
        }
        if (find_child(trak.body, trak.len, "tkhd", &tkhd) && tkhd.len >= 84) {
            size_t wh = tkhd.body[0] == 1 ? 88 : 76;
            if (tkhd.len >= wh + 8) {
                info->width = (int)(be32(tkhd.body + wh) >> 16);
                info->height = (int)(be32(tkhd.body + wh + 4) >> 16);
            }
        }
        return;
    }
}

bool mp4check_stat(const char *path, struct stat *st, char *reason, size_t len)
{
    if (stat(path, st) != 0) {
        snprintf(reason, len, errno == ENOENT ? "the file is missing" : "cannot read it: %s",
                 strerror(errno));
        return false;
    }
    if (!S_ISREG(st->st_mode)) {
        snprintf(reason, len, "not a regular file");
        return false;
    }
    if (st->st_size == 0) {
        snprintf(reason, len, "the file is empty (0 bytes)");
        return false;
    }
    return true;
}

bool mp4check_file(const char *path, struct mp4check_info *info, char *reason, size_t len)
{
    bool ok = false;
    FILE *f = NULL;
    uint8_t *moov = NULL;
    struct mp4check_info tmp;
    if (info == NULL)
        info = &tmp;
    memset(info, 0, sizeof(*info));

    struct stat st;
    if (!mp4check_stat(path, &st, reason, len))
        goto out;
    info->size = st.st_size;
    f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(reason, len, "cannot open: %s", strerror(errno));
        goto out;
    }

    bool have_moov = false, have_mdat = false;
    int64_t off = 0;
    for (int n = 0; off < st.st_size; n++) {
        uint8_t h[16];
        if (st.st_size - off < 8) {
            snprintf(reason, len, "truncated: %lld stray bytes after the last box",
                     (long long)(st.st_size - off));
            goto out;
        }
        if (fseeko(f, off, SEEK_SET) != 0 || fread(h, 1, 8, f) != 8) {
            snprintf(reason, len, "read error at byte %lld", (long long)off);
            goto out;
        }
        if (!printable_type(h + 4) || (n == 0 && memcmp(h + 4, "ftyp", 4) != 0)) {
            snprintf(reason, len, "corrupt: not an MP4 file (no valid box at byte %lld)",
                     (long long)off);
            goto out;
        }
        uint64_t sz = be32(h);
        int hdr = 8;
        if (sz == 1) {
            if (fread(h + 8, 1, 8, f) != 8) {
                snprintf(reason, len, "truncated: box header cut at byte %lld", (long long)off);
                goto out;
            }
            sz = be64(h + 8);
            hdr = 16;
        } else if (sz == 0) {
            sz = (uint64_t)(st.st_size - off);
        }
        if (sz < (uint64_t)hdr) {
            snprintf(reason, len, "corrupt: box '%.4s' at byte %lld has size %llu", h + 4,
                     (long long)off, (unsigned long long)sz);
            goto out;
        }
        if (sz > (uint64_t)(st.st_size - off)) {
            snprintf(reason, len, "truncated: box '%.4s' at byte %lld needs %llu bytes, %lld left",
                     h + 4, (long long)off, (unsigned long long)sz, (long long)(st.st_size - off));
            goto out;
        }
        if (memcmp(h + 4, "mdat", 4) == 0)
            have_mdat = true;
        if (memcmp(h + 4, "moov", 4) == 0 && !have_moov) {
            have_moov = true;
            info->moov_at_end = have_mdat;
            if (sz - hdr > MOOV_MAX) {
                snprintf(reason, len, "corrupt: 'moov' box of %llu bytes", (unsigned long long)sz);
                goto out;
            }
            moov = malloc(sz - hdr);
            if (moov == NULL || fread(moov, 1, sz - hdr, f) != sz - hdr) {
                snprintf(reason, len, "cannot read the 'moov' box");
                goto out;
            }
            inspect_moov(moov, sz - hdr, info);
        }
        off += (int64_t)sz;
    }
    if (!have_moov) {
        snprintf(reason, len, "truncated: no 'moov' box (index missing)");
        goto out;
    }
    if (!have_mdat) {
        snprintf(reason, len, "truncated: no 'mdat' box (no media data)");
        goto out;
    }
    if (info->video_codec[0] == '\0') {
        snprintf(reason, len, "no video track");
        goto out;
    }
    ok = false;
    for (size_t i = 0; i < sizeof(supported_codecs) / sizeof(supported_codecs[0]); i++)
        ok = ok || strcmp(info->video_codec, supported_codecs[i]) == 0;
    if (!ok)
        snprintf(reason, len, "unsupported video codec '%s'", info->video_codec);
out:
    if (ok && len > 0)
        reason[0] = '\0';
    free(moov);
    if (f != NULL)
        fclose(f);
    return ok;
}
