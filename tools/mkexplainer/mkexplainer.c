/*
 * mkexplainer: turns a topic's script in one language into an explainer video.
 *
 *   mkexplainer --lang L --topic SLUG [--root locales] [--out build/content]
 *               [--height 1080] [--no-720p] [--fps 5] [--speed 150] [--short N]
 *               [--fonts assets/fonts.txt] [--silent] [--force] [--keep]
 *   mkexplainer --verify FILE.mp4
 *   mkexplainer --check-vtt FILE.vtt...
 *
 * It writes OUT/L/videos/SLUG.mp4 (the slides' height), SLUG.720p.mp4 and SLUG.L.vtt: slides
 * drawn by the kiosk's text engine (pictogram and key words; the sentence itself is in the
 * subtitle), narration by espeak-ng, one cue per sentence, each cue held until the next one
 * starts and never faster than 15 characters a second. Without an espeak-ng voice for L
 * (Tigrinya), or with --silent, the video is calm and silent: the same slides in L, paced by
 * reading time, with L's subtitles; never another language's voice.
 *
 * A topic whose inputs (texts, pictogram, options, fonts, FORMAT) did not change since
 * the last build is left alone: the hash of the inputs is kept in the WebVTT file.
 * --short N keeps N script lines and drops the 30 s minimum (quick test videos).
 * --verify plays FILE in libvlc and prints its length and codecs.
 * --check-vtt reads each file with the kiosk's WebVTT parser and prints its cue count, the
 * fastest cue in characters a second, the largest gap and the overlaps; exit 1 when a file
 * is not WebVTT, a cue is faster than 15 characters a second, or cues leave gaps or overlap.
 */
#define LOG_TAG "mkexplainer"
#include "content/pronounce.h"
#include "core/files.h"
#include "core/log.h"

#include "encode.h"
#include "narration.h"
#include "script.h"
#include "slides.h"
#include "subs.h"
#include "verify.h"

#include <errno.h>
#include <stdarg.h>
#include <ftw.h>
#include <getopt.h>
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
#define FORMAT "mkexplainer video 6"

struct opts {
    const char *lang, *slug, *root, *out, *fonts, *verify;
    int height, fps, speed, short_lines;
    bool with_720p, force, keep, silent, check_vtt;
};

static int usage(void)
{
    fprintf(stderr,
            "usage: mkexplainer --lang L --topic SLUG [--root DIR] [--out DIR] [--height PX]\n"
            "                   [--no-720p] [--fps N] [--speed WPM] [--short N] [--fonts FILE]\n"
            "                   [--silent] [--force] [--keep]\n"
            "       mkexplainer --verify FILE.mp4\n"
            "       mkexplainer --check-vtt FILE.vtt...\n");
    return 2;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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
        files_pathf(num, sizeof(num), "%d", (int)s->segs[i].kind);
        hash_str(&h, num);
        hash_str(&h, s->segs[i].text);
    }
    hash_str(&h, voice);
    files_pathf(num, sizeof(num), "%d %d %d %d %d", o->height, o->fps, o->speed, o->short_lines,
                (int)o->with_720p);
    hash_str(&h, num);
    /* The fonts shape the pictures: a change rebuilds. So does a new FORMAT of this program
     * (not every rebuild of it: a sanitizer build must not remake every video). */
    if (hash_file(&h, o->fonts) < 0)
        return -1;
    char pron[PATHLEN];
    struct stat st;
    if (files_pathf(pron, sizeof(pron), "%s/%s/pronounce.txt", o->root, s->lang) < 0)
        return -1;
    if (stat(pron, &st) == 0 && hash_file(&h, pron) < 0)
        return -1;
    hash_hex(&h, out);
    return 0;
}

/* True when path is a WebVTT file made from inputs with this hash and every other output
 * exists. */
static bool up_to_date(const char *vtt, const char *hash, const char *const *others, size_t n)
{
    char have[129];
    for (size_t i = 0; i < n; i++)
        if (access(others[i], R_OK) != 0)
            return false;
    return subs_hash(vtt, have) && strcmp(have, hash) == 0;
}

/* ---- a narrated video ---- */

struct paths {
    char dir[PATHLEN], tmp[PATHLEN];
    char mp4[PATHLEN], mp4_720[PATHLEN], vtt[PATHLEN];
    char tmp_mp4[PATHLEN + 16], tmp_720[PATHLEN + 16], tmp_vtt[PATHLEN + 16], wav[PATHLEN + 16];
};

static char *spoken(void *ud, const char *text)
{
    return pronounce_apply(ud, text);
}

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
    struct pronounce *pron = NULL;
    double t0 = now(), t_nar = 0, t_slides = 0, t_enc = 0;

    files_pathf(p.dir, sizeof(p.dir), "%s/%s/videos", o->out, s->lang);
    files_pathf(p.mp4, sizeof(p.mp4), "%s/%s.mp4", p.dir, s->slug);
    files_pathf(p.mp4_720, sizeof(p.mp4_720), "%s/%s.720p.mp4", p.dir, s->slug);
    files_pathf(p.vtt, sizeof(p.vtt), "%s/%s.%s.vtt", p.dir, s->slug, s->lang);
    if (hash_inputs(o, s, voice, hash) < 0)
        goto out;
    const char *others[] = {p.mp4, p.mp4_720};
    if (!o->force && up_to_date(p.vtt, hash, others, o->with_720p ? 2 : 1)) {
        printf("%s/%s: up to date (%s)\n", s->lang, s->slug, p.mp4);
        rc = 0;
        goto out;
    }
    if (files_mkdir_p(p.dir) < 0)
        goto out;
    files_pathf(p.tmp, sizeof(p.tmp), "%s/.tmp-%s-XXXXXX", p.dir, s->slug);
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
    files_pathf(p.tmp, sizeof(p.tmp), "%s", abs_tmp);
    files_pathf(p.wav, sizeof(p.wav), "%s/narration.wav", p.tmp);
    files_pathf(p.tmp_mp4, sizeof(p.tmp_mp4), "%s/video.mp4", p.tmp);
    files_pathf(p.tmp_720, sizeof(p.tmp_720), "%s/video.720p.mp4", p.tmp);
    files_pathf(p.tmp_vtt, sizeof(p.tmp_vtt), "%s/video.vtt", p.tmp);

    /* The narration says what read-aloud says: the language's pronunciation list applied. */
    char pron_path[PATHLEN];
    if (files_pathf(pron_path, sizeof(pron_path), "%s/%s/pronounce.txt", o->root, s->lang) < 0 ||
        (pron = pronounce_load(pron_path)) == NULL)
        goto out;
    struct narration_opts no = {.voice = voice[0] ? voice : NULL,
                                .speed = o->speed,
                                .min_s = o->short_lines > 0 ? 0 : MIN_SECONDS,
                                .max_s = MAX_SECONDS,
                                .tmpdir = p.tmp,
                                .spoken = spoken,
                                .spoken_ud = pron};
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
        files_pathf(pngs[k], PATHLEN + 32, "%s/slide%03zu.png", p.tmp, k);
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
    if (subs_write(p.tmp_vtt, hash, texts, nar.start, nar.cue_end, s->count) < 0)
        goto out;
    /* The WebVTT file goes last: it carries the hash that marks the set as complete. */
    if (rename(p.tmp_mp4, p.mp4) < 0 || (o->with_720p && rename(p.tmp_720, p.mp4_720) < 0) ||
        rename(p.tmp_vtt, p.vtt) < 0) {
        LOG_ERR("%s: cannot move the results into place: %s", p.dir, strerror(errno));
        goto out;
    }
    /* Before there was a silent version, a language without a voice got subtitles timed to
     * the Dutch video (SLUG.nl.vtt); one left from then would only mislead. */
    char stale[PATHLEN + 80], stale_hash[129];
    files_pathf(stale, sizeof(stale), "%s/%s.nl.vtt", p.dir, s->slug);
    if (strcmp(s->lang, "nl") != 0 && subs_hash(stale, stale_hash) && remove(stale) == 0)
        printf("%s/%s: removed %s (subtitles on the Dutch video)\n", s->lang, s->slug, stale);
    printf("%s/%s: %.1f s%s, %zu cues, %zu slides; built in %.1f s (narration %.1f, slides %.1f, "
           "encoding %.1f) -> %s\n",
           s->lang, s->slug, nar.duration, voice[0] ? "" : " (silent)", s->count, nslides,
           t_enc - t0, t_nar - t0, t_slides - t_nar, t_enc - t_slides, p.mp4);
    if (nar.duration < MIN_SECONDS - 0.01 && o->short_lines == 0)
        LOG_WARN("%s/%s: only %.1f s long", s->lang, s->slug, nar.duration);
    if (nar.duration > MAX_SECONDS + 0.01)
        LOG_WARN("%s/%s: %.1f s is longer than %.0f s: its subtitles need that reading time",
                 s->lang, s->slug, nar.duration, MAX_SECONDS);
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
    pronounce_destroy(pron);
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

static int do_check_vtt(char **files, int n)
{
    int bad = 0;
    for (int i = 0; i < n; i++) {
        struct subs_report r;
        if (!subs_measure(files[i], &r)) {
            bad++;
            continue;
        }
        bool ok = r.cues > 0 && r.max_cps <= NARRATION_MAX_CPS + 0.05 && r.largest_gap <= 0.05 &&
                  r.overlaps == 0;
        printf("%s: %s %zu cues, fastest %.1f characters/s (cue %zu), largest gap %.2f s, "
               "%zu overlaps\n",
               files[i], ok ? "ok" : "NOT OK:", r.cues, r.max_cps, r.fastest, r.largest_gap,
               r.overlaps);
        bad += !ok;
    }
    return bad ? 1 : 0;
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
    enum {
        O_NO720 = 256,
        O_FORCE,
        O_KEEP,
        O_SILENT,
        O_CHECK,
        O_LANG,
        O_TOPIC,
        O_ROOT,
        O_OUT,
        O_FONTS,
        O_VERIFY,
        O_HEIGHT,
        O_FPS,
        O_SPEED,
        O_SHORT
    };
    static const struct option longopts[] = {{"no-720p", no_argument, NULL, O_NO720},
                                             {"force", no_argument, NULL, O_FORCE},
                                             {"keep", no_argument, NULL, O_KEEP},
                                             {"silent", no_argument, NULL, O_SILENT},
                                             {"check-vtt", no_argument, NULL, O_CHECK},
                                             {"lang", required_argument, NULL, O_LANG},
                                             {"topic", required_argument, NULL, O_TOPIC},
                                             {"root", required_argument, NULL, O_ROOT},
                                             {"out", required_argument, NULL, O_OUT},
                                             {"fonts", required_argument, NULL, O_FONTS},
                                             {"verify", required_argument, NULL, O_VERIFY},
                                             {"height", required_argument, NULL, O_HEIGHT},
                                             {"fps", required_argument, NULL, O_FPS},
                                             {"speed", required_argument, NULL, O_SPEED},
                                             {"short", required_argument, NULL, O_SHORT},
                                             {NULL, 0, NULL, 0}};
    int c, bad = 0;
    while (!bad && (c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_NO720:
            o.with_720p = false;
            break;
        case O_FORCE:
            o.force = true;
            break;
        case O_KEEP:
            o.keep = true;
            break;
        case O_SILENT:
            o.silent = true;
            break;
        case O_CHECK:
            o.check_vtt = true;
            break;
        case O_LANG:
            o.lang = optarg;
            break;
        case O_TOPIC:
            o.slug = optarg;
            break;
        case O_ROOT:
            o.root = optarg;
            break;
        case O_OUT:
            o.out = optarg;
            break;
        case O_FONTS:
            o.fonts = optarg;
            break;
        case O_VERIFY:
            o.verify = optarg;
            break;
        case O_HEIGHT:
            bad = parse_int(optarg, 144, 2160, &o.height);
            break;
        case O_FPS:
            bad = parse_int(optarg, 1, 60, &o.fps);
            break;
        case O_SPEED:
            bad = parse_int(optarg, 80, 400, &o.speed);
            break;
        case O_SHORT:
            bad = parse_int(optarg, 1, 1000, &o.short_lines);
            break;
        default:
            bad = 1;
        }
    }
    if (bad)
        return usage();
    if (o.check_vtt)
        return optind < argc ? do_check_vtt(argv + optind, argc - optind) : usage();
    if (optind < argc)
        return usage();
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
    /* Never another language's voice: without one of its own, a calm silent version. */
    bool voiced = !o.silent && pronounce_has_voice(o.lang);
    int rc = make_video(&o, s, voiced ? o.lang : "");
    script_destroy(s);
    return rc < 0 ? 1 : 0;
}
