/*
 * probe against the files a municipality brings (tests/media/make.sh set/): what each file
 * is (display size with sample aspect and rotation, frame rate, sound, index position), which
 * are refused and why, what would need converting, and the fit into the kiosk's sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "video/probe.h"

static char set[256];

static const char *path(const char *name)
{
    static char p[512];
    snprintf(p, sizeof(p), "%s/%s", set, name);
    return p;
}

struct good_case {
    const char *file;
    int display_w, display_h, rotation;
    bool sound, moov_at_end;
    unsigned needs;
};

static const struct good_case good[] = {
    {"moovend.mp4", 640, 360, 0, true, true, PROBE_NEEDS_FASTSTART},
    {"anamorphic.mp4", 1024, 576, 0, true, false, 0},
    {"odd10.mp4", 642, 362, 0, false, false, 0},
    {"phone.mov", 360, 640, 270, true, false, 0},
    {"web.webm", 640, 360, 0, true, false, 0},
    {"uhd60.mp4", 3840, 2160, 0, true, false, PROBE_NEEDS_CONVERT},
};

static void test_playable_files(void)
{
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        const struct good_case *c = &good[i];
        struct probe_info q, f;
        char why[512];
        bool quick = probe_file(path(c->file), PROBE_QUICK, &q, why, sizeof(why));
        bool full = probe_file(path(c->file), PROBE_FULL, &f, why, sizeof(why));
        unsigned needs = full ? probe_needs(&f, c->file, why, sizeof(why)) : 99;
        bool ok = quick && full && q.display_w == c->display_w && q.display_h == c->display_h &&
                  f.display_w == c->display_w && f.rotation == c->rotation &&
                  (f.audio_codec[0] != '\0') == c->sound && f.moov_at_end == c->moov_at_end &&
                  needs == c->needs && f.duration_ms > 900 && f.decoded_ms > 900;
        if (!ok)
            printf("  %s: quick=%d full=%d %dx%d rot %d sound '%s' moov_at_end %d needs %u (%s) "
                   "%lld ms, decoded %lld ms\n",
                   c->file, quick, full, f.display_w, f.display_h, f.rotation, f.audio_codec,
                   f.moov_at_end, needs, why, (long long)f.duration_ms, (long long)f.decoded_ms);
        CHECK(ok);
    }
}

struct bad_case {
    const char *file;
    bool quick_finds; /* the header read alone refuses it (the kiosk's open) */
    const char *reason;
};

static const struct bad_case bad[] = {
    {"zero.mp4", true, "empty (0 bytes)"},
    {"text.mp4", true, "not a video file"},
    {"random.mp4", true, "not a video file"},
    {"audio.mp4", true, "only sound"},
    {"cut.mp4", true, "cut off"},
    {"cutindex.mp4", true, "cut off"},
    {"cut.webm", false, "cut off"},
    {"no-such-file.mp4", true, "missing"},
};

static void test_broken_files(void)
{
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const struct bad_case *c = &bad[i];
        struct probe_info info;
        char wq[512], wf[512] = "";
        bool quick = probe_file(path(c->file), PROBE_QUICK, &info, wq, sizeof(wq));
        bool full = probe_file(path(c->file), PROBE_FULL, &info, wf, sizeof(wf));
        bool ok = !full && strstr(wf, c->reason) != NULL && quick != c->quick_finds &&
                  (quick || strstr(wq, c->reason) != NULL);
        if (!ok)
            printf("  %s: quick=%d '%s', full=%d '%s'\n", c->file, quick, wq, full, wf);
        CHECK(ok);
    }
}

static void test_fit(void)
{
    struct probe_info i = {.display_w = 3840, .display_h = 2160};
    int w, h;
    probe_fit(&i, 1920, 1080, &w, &h);
    CHECK(w == 1920 && h == 1080);
    probe_fit(&i, 1280, 720, &w, &h);
    CHECK(w == 1280 && h == 720);
    i = (struct probe_info){.display_w = 1080, .display_h = 1920}; /* portrait stays portrait */
    probe_fit(&i, 1280, 720, &w, &h);
    CHECK(w == 720 && h == 1280);
    i = (struct probe_info){.display_w = 641, .display_h = 361}; /* small: kept, made even */
    probe_fit(&i, 1920, 1080, &w, &h);
    CHECK(w == 640 && h == 360);
    i = (struct probe_info){.display_w = 4096, .display_h = 1716}; /* cinema scope: width */
    probe_fit(&i, 1920, 1080, &w, &h);
    CHECK(w == 1920 && h == 804);
}

static void test_needs_by_name_codec_rate(void)
{
    struct probe_info i = {.display_w = 1280, .display_h = 720, .fps = 25};
    char why[300];
    snprintf(i.video_codec, sizeof(i.video_codec), "h264");
    snprintf(i.audio_codec, sizeof(i.audio_codec), "aac");
    CHECK(probe_needs(&i, "x.mp4", why, sizeof(why)) == 0);
    CHECK(probe_needs(&i, "x.avi", why, sizeof(why)) == PROBE_NEEDS_CONVERT);
    CHECK(strstr(why, ".avi") != NULL);
    snprintf(i.video_codec, sizeof(i.video_codec), "mpeg2video");
    CHECK(probe_needs(&i, "x.mkv", why, sizeof(why)) == PROBE_NEEDS_CONVERT);
    CHECK(strstr(why, "mpeg2video") != NULL);
    snprintf(i.video_codec, sizeof(i.video_codec), "vp9");
    i.fps = 50;
    CHECK(probe_needs(&i, "x.webm", why, sizeof(why)) == PROBE_NEEDS_CONVERT);
    CHECK(strstr(why, "50 frames per second") != NULL);
}

static const struct check_case cases[] = {
    {"probe_playable_files", test_playable_files},
    {"probe_broken_files", test_broken_files},
    {"probe_fit", test_fit},
    {"probe_needs_by_name_codec_rate", test_needs_by_name_codec_rate},
};

int main(int argc, char **argv)
{
    const char *b = getenv("B");
    snprintf(set, sizeof(set), "%s/media/set", b != NULL ? b : "build");
    return CHECK_MAIN(cases, argc, argv);
}
