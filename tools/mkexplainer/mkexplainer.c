/*
 * mkexplainer: turns a topic's script in one language into a narrated explainer video.
 *
 *   mkexplainer --lang L --topic SLUG [--root locales] [--out build/content]
 *               [--height 1080] [--no-720p] [--fps 5] [--speed 150] [--short N]
 *               [--fonts assets/fonts.txt] [--audio-lang A] [--force] [--keep]
 *   mkexplainer --verify FILE.mp4
 *
 * With a voice for L in espeak-ng it writes OUT/L/videos/SLUG.mp4 (the slides' height),
 * SLUG.720p.mp4 and SLUG.L.vtt: slides drawn by the kiosk's text engine, narration by
 * espeak-ng, one cue per spoken segment, 30 to 90 s. Without a voice (Tigrinya) it writes
 * only OUT/L/videos/SLUG.A.vtt: L's subtitles timed to the existing video in A (default nl),
 * which needs the same number of lines in both scripts.
 *
 * A topic whose inputs (texts, pictogram, options, fonts, FORMAT) did not change since
 * the last build is left alone: the hash of the inputs is kept in the WebVTT file.
 * --short N keeps N script lines and drops the 30 s minimum (quick test videos).
 * --verify plays FILE in libvlc and prints its length and codecs.
 */
#define LOG_TAG "mkexplainer"
#include "core/log.h"

#include "encode.h"
#include "narration.h"
#include "script.h"
#include "slides.h"
#include "verify.h"
#include "vtt.h"

#include <errno.h>
#include <stdarg.h>
#include <ftw.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIN_SECONDS 30.0
#define MAX_SECONDS 90.0
#define PATHLEN     4096
/* Change when the pictures, sound or encoding change: every video is then made again. */
#define FORMAT "mkexplainer video 3"

struct opts {
    const char *lang, *slug, *root, *out, *fonts, *audio_lang, *verify;
    int height, fps, speed, short_lines;
    bool with_720p, force, keep;
};

static int usage(void)
{
    fprintf(stderr,
            "usage: mkexplainer --lang L --topic SLUG [--root DIR] [--out DIR] [--height PX]\n"
            "                   [--no-720p] [--fps N] [--speed WPM] [--short N] [--fonts FILE]\n"
            "                   [--audio-lang A] [--force] [--keep]\n"
            "       mkexplainer --verify FILE.mp4\n");
    return 2;
}

/* snprintf for paths: a path that does not fit is logged (and then fails to open). */
static int pathf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int pathf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= n) {
        LOG_ERR("path too long: %s...", buf);
        return -1;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int mkdir_p(const char *path)
{
    char buf[PATHLEN];
    pathf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        goto fail;
    return 0;
fail:
    LOG_ERR("%s: cannot make the folder: %s", buf, strerror(errno));
    return -1;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* ---- hashing the inputs ---- */

static void hash_str(crypto_generichash_state *h, const char *s)
{
    crypto_generichash_update(h, (const unsigned char *)s, strlen(s) + 1);
}

static int hash_file(crypto_generichash_state *h, const char *path)
{
    unsigned char buf[65536];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return -1;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        crypto_generichash_update(h, buf, n);
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    return rc;
}

static void hash_hex(crypto_generichash_state *h, char out[129])
{
    unsigned char bin[32];
    crypto_generichash_final(h, bin, sizeof(bin));
    sodium_bin2hex(out, 129, bin, sizeof(bin));
}

static int hash_inputs(const struct opts *o, const struct script *s, const char *voice,
                       char out[129])
{
    crypto_generichash_state h;
    char num[128];
    crypto_generichash_init(&h, NULL, 0, 32);
    hash_str(&h, FORMAT);
    hash_str(&h, s->lang);
    hash_str(&h, s->slug);
    hash_str(&h, s->pictogram);
    for (size_t i = 0; i < s->count; i++) {
        pathf(num, sizeof(num), "%d", (int)s->segs[i].kind);
        hash_str(&h, num);
        hash_str(&h, s->segs[i].text);
    }
    hash_str(&h, voice);
    pathf(num, sizeof(num), "%d %d %d %d %d", o->height, o->fps, o->speed, o->short_lines,
          (int)o->with_720p);
    hash_str(&h, num);
    /* The fonts shape the pictures: a change rebuilds. So does a new FORMAT of this program
     * (not every rebuild of it: a sanitizer build must not remake every video). */
    if (hash_file(&h, o->fonts) < 0)
        return -1;
    hash_hex(&h, out);
    return 0;
}

/* True when path is a WebVTT file made from inputs with this hash and every other output
 * exists. */
static bool up_to_date(const char *vtt, const char *hash, const char *const *others, size_t n)
{
    struct vtt_cues c;
    if (access(vtt, R_OK) != 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (access(others[i], R_OK) != 0)
            return false;
    log_set_level(LOG_LEVEL_ERROR);
    bool same = vtt_read(vtt, &c) == 0 && strcmp(c.hash, hash) == 0;
    log_set_level(LOG_LEVEL_INFO);
    vtt_cues_free(&c);
    return same;
}

/* ---- subtitles for a language without a voice ---- */

static int make_subtitles(const struct opts *o, const struct script *s, const char *audio)
{
    int rc = -1;
    char src[PATHLEN], dir[PATHLEN], dst[PATHLEN], tmp[PATHLEN + 8], hash[129];
    struct vtt_cues cues = {0};
    const char **texts = NULL;
    pathf(src, sizeof(src), "%s/%s/videos/%s.%s.vtt", o->out, audio, s->slug, audio);
    pathf(dir, sizeof(dir), "%s/%s/videos", o->out, s->lang);
    pathf(dst, sizeof(dst), "%s/%s.%s.vtt", dir, s->slug, audio);
    if (vtt_read(src, &cues) < 0) {
        LOG_ERR("%s/%s: no voice for \"%s\" and no %s video to subtitle (%s): build %s first",
                s->lang, s->slug, s->lang, audio, src, audio);
        goto out;
    }
    if (cues.count != s->count) {
        LOG_ERR("%s/%s: %zu lines in \"%s\" but %zu cues in %s: the scripts must have the same "
                "number of lines",
                s->lang, s->slug, s->count, s->lang, cues.count, src);
        goto out;
    }
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    hash_str(&h, "mkexplainer subtitles 1");
    hash_str(&h, audio);
    hash_str(&h, cues.hash);
    for (size_t i = 0; i < s->count; i++)
        hash_str(&h, s->segs[i].text);
    hash_hex(&h, hash);
    if (!o->force && up_to_date(dst, hash, NULL, 0)) {
        printf("%s/%s: subtitles up to date (%s)\n", s->lang, s->slug, dst);
        rc = 0;
        goto out;
    }
    if (!(texts = calloc(s->count, sizeof(*texts))))
        goto out;
    for (size_t i = 0; i < s->count; i++)
        texts[i] = s->segs[i].text;
    pathf(tmp, sizeof(tmp), "%s.tmp", dst);
    if (mkdir_p(dir) < 0 || vtt_write(tmp, hash, texts, cues.start, cues.end, s->count) < 0)
        goto out;
    if (rename(tmp, dst) < 0) {
        LOG_ERR("%s: %s", dst, strerror(errno));
        goto out;
    }
    printf("%s/%s: %zu cues timed to the %s video -> %s\n", s->lang, s->slug, s->count, audio, dst);
    rc = 0;
out:
    free(texts);
    vtt_cues_free(&cues);
    return rc;
}

/* ---- a narrated video ---- */

struct paths {
    char dir[PATHLEN], tmp[PATHLEN];
    char mp4[PATHLEN], mp4_720[PATHLEN], vtt[PATHLEN];
    char tmp_mp4[PATHLEN + 16], tmp_720[PATHLEN + 16], tmp_vtt[PATHLEN + 16], wav[PATHLEN + 16];
};

static int make_video(const struct opts *o, const struct script *s, const char *voice)
{
    int rc = -1;
    struct paths p;
    char hash[129];
    struct narration nar = {0};
    struct slides *sl = NULL;
    char **pngs = NULL;
    double *secs = NULL;
    size_t *first_of = NULL, nslides = 0;
    const char **texts = NULL;
    bool made_tmp = false;
    double t0 = now(), t_nar = 0, t_slides = 0, t_enc = 0;

    pathf(p.dir, sizeof(p.dir), "%s/%s/videos", o->out, s->lang);
    pathf(p.mp4, sizeof(p.mp4), "%s/%s.mp4", p.dir, s->slug);
    pathf(p.mp4_720, sizeof(p.mp4_720), "%s/%s.720p.mp4", p.dir, s->slug);
    pathf(p.vtt, sizeof(p.vtt), "%s/%s.%s.vtt", p.dir, s->slug, s->lang);
    if (hash_inputs(o, s, voice, hash) < 0)
        goto out;
    const char *others[] = {p.mp4, p.mp4_720};
    if (!o->force && up_to_date(p.vtt, hash, others, o->with_720p ? 2 : 1)) {
        printf("%s/%s: up to date (%s)\n", s->lang, s->slug, p.mp4);
        rc = 0;
        goto out;
    }
    if (mkdir_p(p.dir) < 0)
        goto out;
    pathf(p.tmp, sizeof(p.tmp), "%s/.tmp-%s-XXXXXX", p.dir, s->slug);
    if (!mkdtemp(p.tmp)) {
        LOG_ERR("%s: cannot make a temporary folder: %s", p.dir, strerror(errno));
        goto out;
    }
    made_tmp = true;
    /* Absolute: ffmpeg's concat list resolves its file names from the list's own folder. */
    char abs_tmp[PATH_MAX];
    if (!realpath(p.tmp, abs_tmp)) {
        LOG_ERR("%s: %s", p.tmp, strerror(errno));
        goto out;
    }
    pathf(p.tmp, sizeof(p.tmp), "%s", abs_tmp);
    pathf(p.wav, sizeof(p.wav), "%s/narration.wav", p.tmp);
    pathf(p.tmp_mp4, sizeof(p.tmp_mp4), "%s/video.mp4", p.tmp);
    pathf(p.tmp_720, sizeof(p.tmp_720), "%s/video.720p.mp4", p.tmp);
    pathf(p.tmp_vtt, sizeof(p.tmp_vtt), "%s/video.vtt", p.tmp);

    struct narration_opts no = {voice, o->speed, o->short_lines > 0 ? 0 : MIN_SECONDS, MAX_SECONDS,
                                p.tmp};
    if (narration_make(s, &no, p.wav, &nar) < 0)
        goto out;
    t_nar = now();

    /* One slide per segment, except the closing lines, which share the last slide. */
    first_of = calloc(s->count, sizeof(*first_of));
    pngs = calloc(s->count, sizeof(*pngs));
    secs = calloc(s->count, sizeof(*secs));
    if (!first_of || !pngs || !secs)
        goto out;
    for (size_t i = 0; i < s->count; i++)
        if (i == 0 || !(s->segs[i].kind == SCRIPT_END && s->segs[i - 1].kind == SCRIPT_END))
            first_of[nslides++] = i;
    if (!(sl = slides_new(o->fonts, o->height)))
        goto out;
    for (size_t k = 0; k < nslides; k++) {
        size_t last = k + 1 < nslides ? first_of[k + 1] - 1 : s->count - 1;
        if (!(pngs[k] = malloc(PATHLEN + 32)))
            goto out;
        pathf(pngs[k], PATHLEN + 32, "%s/slide%03zu.png", p.tmp, k);
        if (slides_render(sl, s, first_of[k], last, (int)k, (int)nslides, pngs[k]) < 0)
            goto out;
        /* A slide appears in the pause before its first sentence. */
        double from = k == 0 ? 0 : (nar.end[first_of[k] - 1] + nar.start[first_of[k]]) / 2;
        double to = k + 1 < nslides
                        ? (nar.end[first_of[k + 1] - 1] + nar.start[first_of[k + 1]]) / 2
                        : nar.duration;
        secs[k] = to - from;
    }
    t_slides = now();

    struct encode_output outs[2] = {{0, p.tmp_mp4}, {720, p.tmp_720}};
    struct encode_job job = {
        (const char *const *)pngs, secs, nslides, p.wav, nar.duration, o->fps, p.tmp, outs,
        o->with_720p ? 2 : 1};
    if (encode_run(&job) < 0)
        goto out;
    t_enc = now();

    if (!(texts = calloc(s->count, sizeof(*texts))))
        goto out;
    for (size_t i = 0; i < s->count; i++)
        texts[i] = s->segs[i].text;
    if (vtt_write(p.tmp_vtt, hash, texts, nar.start, nar.cue_end, s->count) < 0)
        goto out;
    /* The WebVTT file goes last: it carries the hash that marks the set as complete. */
    if (rename(p.tmp_mp4, p.mp4) < 0 || (o->with_720p && rename(p.tmp_720, p.mp4_720) < 0) ||
        rename(p.tmp_vtt, p.vtt) < 0) {
        LOG_ERR("%s: cannot move the results into place: %s", p.dir, strerror(errno));
        goto out;
    }
    printf("%s/%s: %.1f s, %zu cues, %zu slides; built in %.1f s (narration %.1f, slides %.1f, "
           "encoding %.1f) -> %s\n",
           s->lang, s->slug, nar.duration, s->count, nslides, t_enc - t0, t_nar - t0,
           t_slides - t_nar, t_enc - t_slides, p.mp4);
    if (nar.duration < MIN_SECONDS - 0.01 && o->short_lines == 0)
        LOG_WARN("%s/%s: only %.1f s long", s->lang, s->slug, nar.duration);
    if (nar.duration > MAX_SECONDS + 0.01)
        LOG_WARN("%s/%s: %.1f s is longer than %.0f s even at the fastest speech", s->lang, s->slug,
                 nar.duration, MAX_SECONDS);
    rc = 0;
out:
    if (made_tmp && !o->keep)
        nftw(p.tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    else if (made_tmp)
        printf("kept %s\n", p.tmp);
    if (pngs)
        for (size_t k = 0; k < s->count; k++)
            free(pngs[k]);
    free(pngs);
    free(secs);
    free(first_of);
    free(texts);
    slides_destroy(sl);
    narration_free(&nar);
    return rc;
}

static int do_verify(const char *path)
{
    struct verify_result r;
    if (verify_play(path, &r) < 0)
        return 1;
    printf("%s: plays in libvlc; length %.3f s; video %s %dx%d; audio %s\n", path, r.length_s,
           r.video_codec, r.width, r.height, r.audio_codec);
    return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o = {.root = "locales",
                     .out = "build/content",
                     .fonts = "assets/fonts.txt",
                     .height = 1080,
                     .fps = 5,
                     .speed = 150,
                     .with_720p = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (strcmp(a, "--no-720p") == 0)
            o.with_720p = false;
        else if (strcmp(a, "--force") == 0)
            o.force = true;
        else if (strcmp(a, "--keep") == 0)
            o.keep = true;
        else if (!v)
            return usage();
        else if (strcmp(a, "--lang") == 0)
            o.lang = v, i++;
        else if (strcmp(a, "--topic") == 0)
            o.slug = v, i++;
        else if (strcmp(a, "--root") == 0)
            o.root = v, i++;
        else if (strcmp(a, "--out") == 0)
            o.out = v, i++;
        else if (strcmp(a, "--fonts") == 0)
            o.fonts = v, i++;
        else if (strcmp(a, "--audio-lang") == 0)
            o.audio_lang = v, i++;
        else if (strcmp(a, "--verify") == 0)
            o.verify = v, i++;
        else if (strcmp(a, "--height") == 0)
            bad = parse_int(v, 144, 2160, &o.height), i++;
        else if (strcmp(a, "--fps") == 0)
            bad = parse_int(v, 1, 60, &o.fps), i++;
        else if (strcmp(a, "--speed") == 0)
            bad = parse_int(v, 80, 400, &o.speed), i++;
        else if (strcmp(a, "--short") == 0)
            bad = parse_int(v, 1, 1000, &o.short_lines), i++;
        else
            return usage();
        if (bad)
            return usage();
    }
    if (o.verify)
        return do_verify(o.verify);
    if (!o.lang || !o.slug || strchr(o.lang, '/') || strchr(o.slug, '/'))
        return usage();
    if (sodium_init() < 0) {
        LOG_ERR("libsodium did not start");
        return 1;
    }
    struct script *s = script_load(o.root, o.lang, o.slug, o.short_lines);
    if (!s)
        return 1;
    int rc;
    if (!o.audio_lang && narration_has_voice(o.lang))
        rc = make_video(&o, s, o.lang);
    else
        rc = make_subtitles(&o, s, o.audio_lang ? o.audio_lang : "nl");
    script_destroy(s);
    return rc < 0 ? 1 : 0;
}
