#define LOG_TAG "video"
#include "core/log.h"

#include "video/ready.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "video/probe.h"
#include "video/vtt.h"

extern char **environ;

enum { MAX_KNOWN = 512 };

/* A video already handled: its length, for the subtitles that point to it. */
struct known {
    char key[200]; /* "<lang>/<slug>" */
    int64_t duration_ms;
};

struct ready {
    struct ready_opts opts;
    char work[1024]; /* converted files and posters; "" in check mode */
    struct known *known;
    int n_known;
    int seq;
    struct ready_stats stats;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

struct ready *ready_new(const struct ready_opts *opts)
{
    struct ready *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return NULL;
    if (opts != NULL)
        r->opts = *opts;
    r->known = calloc(MAX_KNOWN, sizeof(*r->known));
    if (r->known == NULL)
        goto fail;
    if (!r->opts.check_only) {
        const char *tmp = getenv("TMPDIR");
        snprintf(r->work, sizeof(r->work), "%s/packtool-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (mkdtemp(r->work) == NULL) {
            LOG_ERR("%s: cannot make a work folder for videos: %s", r->work, strerror(errno));
            goto fail;
        }
    }
    return r;
fail:
    free(r->known);
    free(r);
    return NULL;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void ready_destroy(struct ready *r)
{
    if (r == NULL)
        return;
    if (r->work[0])
        nftw(r->work, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(r->known);
    free(r);
}

void ready_get_stats(const struct ready *r, struct ready_stats *stats)
{
    *stats = r->stats;
}

bool ready_in_videos(const char *path)
{
    const char *slash = strchr(path, '/');
    return slash != NULL && strncmp(slash + 1, "videos/", 7) == 0 &&
           strchr(slash + 8, '/') == NULL && slash[8] != '\0';
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

static bool video_ext(const char *name)
{
    for (int i = 0; i < probe_n_video_exts; i++)
        if (ends_with(name, probe_video_exts[i]))
            return true;
    return false;
}

/* "nl/videos/x.720p.mov" -> lang "nl", dir "nl/videos", slug "x" (variant true), ext ".mov". */
struct vpath {
    char lang[32], dir[128], slug[128], ext[16];
    bool variant;
};

static bool split_path(const char *path, struct vpath *v)
{
    memset(v, 0, sizeof(*v));
    const char *slash = strchr(path, '/');
    const char *name = strrchr(path, '/') + 1;
    if (slash == NULL || (size_t)(slash - path) >= sizeof(v->lang) ||
        (size_t)(name - 1 - path) >= sizeof(v->dir) || strlen(name) >= sizeof(v->slug))
        return false;
    memcpy(v->lang, path, (size_t)(slash - path));
    memcpy(v->dir, path, (size_t)(name - 1 - path));
    snprintf(v->slug, sizeof(v->slug), "%s", name);
    char *dot = strrchr(v->slug, '.');
    if (dot != NULL && dot != v->slug && strlen(dot) < sizeof(v->ext)) {
        snprintf(v->ext, sizeof(v->ext), "%s", dot);
        *dot = '\0';
    }
    if (ends_with(v->slug, ".720p")) {
        v->variant = true;
        v->slug[strlen(v->slug) - 5] = '\0';
    }
    return v->slug[0] != '\0';
}

/*
 * Runs the ffmpeg program with argv, reading its -progress output to report how far it is
 * (total_ms: the length of the input). True when it exited 0.
 */
static bool run_ffmpeg(struct ready *r, const char *src, char *const argv[], int64_t total_ms)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) != 0)
        return false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
    pid_t pid;
    int rc = posix_spawnp(&pid, "ffmpeg", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pfd[1]);
    if (rc != 0) {
        close(pfd[0]);
        LOG_ERR("%s: cannot convert: the ffmpeg program cannot be started (%s); install it "
                "(apt-get install ffmpeg)",
                src, strerror(rc));
        return false;
    }
    double t0 = now_s();
    FILE *f = fdopen(pfd[0], "r");
    char line[256];
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        long long us;
        if (sscanf(line, "out_time_us=%lld", &us) == 1 && total_ms > 0 && r->opts.progress) {
            double frac = (double)us / 1000.0 / (double)total_ms;
            r->opts.progress(r->opts.ud, src,
                             frac < 0      ? 0
                             : frac > 0.99 ? 0.99
                                           : frac,
                             now_s() - t0);
        }
    }
    if (f != NULL)
        fclose(f);
    else
        close(pfd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok && r->opts.progress)
        r->opts.progress(r->opts.ud, src, 1.0, now_s() - t0);
    return ok;
}

/* The kiosk's profile in one run: a decode, then one encode per size. */
static bool convert(struct ready *r, const char *src, const struct probe_info *in, bool variant,
                    const char *out1080, const char *out720, bool *made720)
{
    int w1, h1, w2, h2;
    probe_fit(in, variant ? 1280 : 1920, variant ? 720 : 1080, &w1, &h1);
    probe_fit(in, 1280, 720, &w2, &h2);
    *made720 = !variant && (w2 < w1 || h2 < h1);
    char rate[32] = "";
    if (in->fps > 30.5)
        snprintf(rate, sizeof(rate), "fps=%g,", in->fps / 2 <= 30.5 ? in->fps / 2 : 30.0);
    /* ffmpeg turns the picture upright itself (autorotate) before the filters; scaling to
     * the display size with square pixels applies the sample aspect. */
    char graph[512];
    if (*made720)
        snprintf(graph, sizeof(graph),
                 "[0:v:0]%ssplit=2[a][b];[a]scale=%d:%d,setsar=1,format=yuv420p[v1];"
                 "[b]scale=%d:%d,setsar=1,format=yuv420p[v2]",
                 rate, w1, h1, w2, h2);
    else
        snprintf(graph, sizeof(graph), "[0:v:0]%sscale=%d:%d,setsar=1,format=yuv420p[v1]", rate, w1,
                 h1);
    char *argv[80];
    int n = 0;
#define A(x) (argv[n++] = (char *)(x))
    A("ffmpeg");
    A("-hide_banner");
    A("-nostdin");
    A("-y");
    A("-loglevel");
    A("error");
    A("-nostats");
    A("-progress");
    A("pipe:1");
    A("-i");
    A(src);
    A("-filter_complex");
    A(graph);
    for (int k = 0; k < (*made720 ? 2 : 1); k++) {
        A("-map");
        A(k == 0 ? "[v1]" : "[v2]");
        A("-map");
        A("0:a:0?");
        A("-c:v");
        A("libx264");
        A("-preset");
        A("veryfast");
        A("-crf");
        A(k == 0 ? "22" : "23");
        A("-profile:v");
        A("high");
        A("-g");
        A("60");
        A("-c:a");
        A("aac");
        A("-b:a");
        A("128k");
        A("-ac");
        A("2");
        A("-movflags");
        A("+faststart");
        A("-metadata:s:v:0");
        A("rotate=0");
        A(k == 0 ? out1080 : out720);
    }
    A(NULL);
#undef A
    return run_ffmpeg(r, src, argv, in->duration_ms);
}

/* Only the index moves to the front: the streams are copied as they are. */
static bool faststart(struct ready *r, const char *src, const struct probe_info *in,
                      const char *out)
{
    char *const argv[] = {"ffmpeg",    "-hide_banner", "-nostdin",  "-y",     "-loglevel",
                          "error",     "-nostats",     "-progress", "pipe:1", "-i",
                          (char *)src, "-map",         "0",         "-c",     "copy",
                          "-movflags", "+faststart",   (char *)out, NULL};
    return run_ffmpeg(r, src, argv, in->duration_ms);
}

/* The first picture, upright, in its display aspect, at most 1280x720: what a tap shows. */
static bool poster(struct ready *r, const char *video, const char *out)
{
    struct probe_info pi;
    char why[256];
    if (!probe_file(video, PROBE_QUICK, &pi, why, sizeof(why)))
        return false;
    int w, h;
    probe_fit(&pi, 1280, 720, &w, &h);
    char vf[64];
    snprintf(vf, sizeof(vf), "scale=%d:%d,setsar=1", w, h);
    char *const argv[] = {"ffmpeg",    "-hide_banner",
                          "-nostdin",  "-y",
                          "-loglevel", "error",
                          "-i",        (char *)video,
                          "-frames:v", "1",
                          "-vf",       vf,
                          "-q:v",      "3",
                          "-update",   "1",
                          "-f",        "image2",
                          (char *)out, NULL};
    (void)r;
    pid_t pid;
    if (posix_spawnp(&pid, "ffmpeg", NULL, NULL, argv, environ) != 0)
        return false;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void remember(struct ready *r, const struct vpath *v, int64_t duration_ms)
{
    if (r->n_known >= MAX_KNOWN || v->variant)
        return;
    struct known *k = &r->known[r->n_known++];
    snprintf(k->key, sizeof(k->key), "%s/%s", v->lang, v->slug);
    k->duration_ms = duration_ms;
}

/* "<slug>.<audio lang>.vtt" in <lang>/videos/: the cues against the video's length. */
static void check_subtitles(struct ready *r, const char *src, const char *path,
                            const struct vpath *v)
{
    char slug[128];
    snprintf(slug, sizeof(slug), "%s", v->slug);
    char *dot = strrchr(slug, '.');
    if (dot == NULL) {
        LOG_WARN("%s: subtitles named for no video (expected <topic>.<language>.vtt)", path);
        r->stats.warnings++;
        return;
    }
    *dot = '\0';
    char key[200];
    snprintf(key, sizeof(key), "%s/%s", dot + 1, slug);
    struct vtt *t = vtt_load(src);
    if (t == NULL || vtt_count(t) == 0) {
        LOG_WARN("%s: no subtitles could be read from it", path);
        r->stats.warnings++;
        vtt_destroy(t);
        return;
    }
    int64_t first = vtt_cue_at_index(t, 0)->start_ms, last = 0;
    for (size_t i = 0; i < vtt_count(t); i++)
        if (vtt_cue_at_index(t, i)->end_ms > last)
            last = vtt_cue_at_index(t, i)->end_ms;
    size_t cues = vtt_count(t);
    vtt_destroy(t);
    int64_t d = -1;
    for (int i = 0; i < r->n_known; i++)
        if (strcmp(r->known[i].key, key) == 0)
            d = r->known[i].duration_ms;
    if (d < 0) {
        LOG_INFO("%s: %zu cues %.1f-%.1f s (its video %s is not in this pack)", path, cues,
                 first / 1000.0, last / 1000.0, key);
        return;
    }
    if (last > d + 2000) {
        LOG_WARN("%s: subtitles run to %.1f s but the video is %.1f s long (subtitles of "
                 "another video?)",
                 path, last / 1000.0, d / 1000.0);
        r->stats.warnings++;
    } else if (last < d / 2) {
        LOG_WARN("%s: subtitles end at %.1f s, but the video runs to %.1f s (incomplete?)", path,
                 last / 1000.0, d / 1000.0);
        r->stats.warnings++;
    } else {
        LOG_INFO("%s: %zu cues cover %.1f-%.1f s of %.1f s", path, cues, first / 1000.0,
                 last / 1000.0, d / 1000.0);
    }
}

static void describe(const struct probe_info *p, char *buf, size_t len)
{
    const char *c = strchr(p->container, ',');
    snprintf(buf, len, "%.*s, %s %dx%d%s, %d-bit, %.3g fps, %.1f s, %s%s",
             c ? (int)(c - p->container) : (int)strlen(p->container), p->container, p->video_codec,
             p->width, p->height, "", p->bit_depth, p->fps, p->duration_ms / 1000.0,
             p->audio_codec[0] ? "sound " : "no sound", p->audio_codec);
    size_t n = strlen(buf);
    if (p->sar_num != p->sar_den || p->rotation != 0)
        snprintf(buf + n, len - n, ", pixels %d:%d, turned %d degrees: shown %dx%d", p->sar_num,
                 p->sar_den, p->rotation, p->display_w, p->display_h);
}

bool ready_file(struct ready *r, const char *src, const char *path, ready_add_fn add, void *ud)
{
    struct vpath v;
    if (!split_path(path, &v)) {
        LOG_ERR("%s: refused: a file name the kiosk cannot use", path);
        r->stats.refused++;
        return false;
    }
    const char *name = strrchr(path, '/') + 1;
    if (ends_with(name, ".vtt")) {
        check_subtitles(r, src, path, &v);
        return r->opts.check_only || add(ud, src, path);
    }
    if (ends_with(name, ".poster.jpg")) {
        LOG_INFO("%s: left out: the poster is made anew from the video", path);
        return true;
    }

    struct probe_info pi;
    char why[512];
    bool video_named = video_ext(name);
    if (!probe_file(src, PROBE_FULL, &pi, why, sizeof(why))) {
        if (!video_named && strncmp(why, "this is not a video", 19) == 0) {
            LOG_WARN("%s: left out: not a video or subtitles file (the kiosk does not use it)",
                     path);
            r->stats.warnings++;
            return true;
        }
        LOG_ERR("%s: refused: %s", path, why);
        r->stats.refused++;
        return false;
    }
    r->stats.videos++;
    char desc[300];
    describe(&pi, desc, sizeof(desc));
    unsigned needs = probe_needs(&pi, name, why, sizeof(why));
    remember(r, &v, pi.duration_ms);

    if ((needs & PROBE_NEEDS_CONVERT) && r->opts.no_convert) {
        LOG_ERR("%s: refused: the kiosk cannot play it well (%s); let packtool convert it "
                "(leave out --no-convert) [%s]",
                path, why, desc);
        r->stats.refused++;
        return false;
    }
    if (r->opts.check_only) {
        if (needs & PROBE_NEEDS_CONVERT) {
            r->stats.converted++;
            LOG_WARN("%s: will be converted to H.264 1080p/720p: %s [%s]", path, why, desc);
        } else if (needs & PROBE_NEEDS_FASTSTART) {
            r->stats.faststart++;
            LOG_WARN("%s: its index will be moved to the front: %s [%s]", path, why, desc);
        } else
            LOG_INFO("%s: plays as it is [%s]", path, desc);
        return true;
    }

    char main_src[PATH_MAX], main_path[PATH_MAX], small_src[PATH_MAX], small_path[PATH_MAX];
    bool have_small = false;
    snprintf(main_src, sizeof(main_src), "%s", src);
    snprintf(main_path, sizeof(main_path), "%s", path);
    int id = ++r->seq;
    if (needs & PROBE_NEEDS_CONVERT) {
        LOG_INFO("%s: converting to H.264 1080p/720p: %s", path, why);
        snprintf(main_src, sizeof(main_src), "%s/%d.mp4", r->work, id);
        snprintf(small_src, sizeof(small_src), "%s/%d.720p.mp4", r->work, id);
        double t0 = now_s();
        if (!convert(r, src, &pi, v.variant, main_src, small_src, &have_small)) {
            LOG_ERR("%s: refused: converting it failed (see ffmpeg's message above)", path);
            r->stats.refused++;
            return false;
        }
        double dt = now_s() - t0;
        r->stats.converted++;
        r->stats.convert_seconds += dt;
        snprintf(main_path, sizeof(main_path), "%s/%s%s.mp4", v.dir, v.slug,
                 v.variant ? ".720p" : "");
        snprintf(small_path, sizeof(small_path), "%s/%s.720p.mp4", v.dir, v.slug);
        LOG_INFO("%s: converted in %.1f s to %s%s%s", path, dt, main_path,
                 have_small ? " and " : "", have_small ? small_path : "");
    } else if (needs & PROBE_NEEDS_FASTSTART) {
        snprintf(main_src, sizeof(main_src), "%s/%d%s", r->work, id, v.ext);
        if (!faststart(r, src, &pi, main_src)) {
            LOG_ERR("%s: refused: moving its index to the front failed", path);
            r->stats.refused++;
            return false;
        }
        r->stats.faststart++;
        LOG_INFO("%s: index moved to the front (streams copied as they are)", path);
    }
    if (!add(ud, main_src, main_path) || (have_small && !add(ud, small_src, small_path)))
        return false;
    if (!v.variant) {
        char psrc[PATH_MAX], ppath[PATH_MAX];
        snprintf(psrc, sizeof(psrc), "%s/%d.poster.jpg", r->work, id);
        snprintf(ppath, sizeof(ppath), "%s/%s.poster.jpg", v.dir, v.slug);
        if (poster(r, main_src, psrc)) {
            r->stats.posters++;
            if (!add(ud, psrc, ppath))
                return false;
        } else {
            LOG_WARN("%s: no poster could be made; a tap shows black until the video starts", path);
            r->stats.warnings++;
        }
    }
    return true;
}
