/*
 * The player against real files made by tests/media/make.sh (make test-content): pictures
 * arrive and are not black, pause, seek, end and replay work, every broken file is refused
 * with its reason, and 200 play/stop cycles leave no file descriptors or threads behind.
 * VLC plays in real time, so these cases wait (bounded) for it; no case asserts a speed.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <time.h>

#include "check.h"
#include "video/video.h"

static char media[256];
static struct video_player *player;

static const char *media_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", media, name);
    return path;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Polls until the state is s or timeout_ms passed. */
static bool wait_state(enum video_state s, int timeout_ms)
{
    for (int t = 0; t < timeout_ms; t += 10) {
        video_update(player, NULL);
        if (video_poll(player) == s)
            return true;
        sleep_ms(10);
    }
    return false;
}

static void test_first_picture_not_black(void)
{
    CHECK(video_open(player, media_path("sample.mp4")));
    CHECK(video_wait_until(player, 0, 3000));
    CHECK(video_update(player, NULL));
    struct video_stats st;
    video_get_stats(player, &st);
    CHECK_INT_EQ(st.width, 1920);
    CHECK_INT_EQ(st.height, 1080);
    CHECK(st.luma > 40); /* testsrc2 colour bars; black is ~16 */
    CHECK(video_poll(player) == VIDEO_PLAYING);
    CHECK(video_length_ms(player) > 5500 && video_length_ms(player) < 6500);
}

static void test_pause_holds_position(void)
{
    CHECK(video_open(player, media_path("sample.mp4")));
    CHECK(video_wait_until(player, 800, 4000));
    video_pause(player);
    CHECK(video_poll(player) == VIDEO_PAUSED);
    sleep_ms(100); /* let the pause reach VLC's threads */
    int64_t t1 = video_time_ms(player);
    sleep_ms(500);
    int64_t t2 = video_time_ms(player);
    CHECK(t1 >= 700);
    CHECK(t2 - t1 < 100);
    video_play(player);
    CHECK(video_poll(player) == VIDEO_PLAYING);
    CHECK(video_wait_until(player, t2 + 300, 3000));
}

static void test_seek_forward_and_back(void)
{
    CHECK(video_open(player, media_path("sample.mp4")));
    CHECK(video_wait_until(player, 0, 3000));
    video_seek(player, 4000);
    CHECK(video_wait_until(player, 4000, 3000));
    int64_t t = video_time_ms(player);
    CHECK(t >= 4000 && t < 5500);
    video_seek(player, 1000);
    CHECK(video_wait_until(player, 1000, 3000));
    t = video_time_ms(player);
    if (t < 1000 || t >= 2500)
        printf("  after the seek back: %lld ms\n", (long long)t);
    CHECK(t >= 1000 && t < 2500);
}

static void test_end_and_replay(void)
{
    CHECK(video_open(player, media_path("sample.mp4")));
    CHECK(video_wait_until(player, 0, 3000));
    video_seek(player, 5200);
    CHECK(wait_state(VIDEO_ENDED, 4000));
    CHECK(strcmp(video_error(player), "") == 0);
    video_play(player); /* replay from the start */
    CHECK(video_wait_until(player, 0, 3000));
    CHECK(video_time_ms(player) < 2000);
    CHECK(video_poll(player) == VIDEO_PLAYING);
}

struct bad_case {
    const char *file;
    bool refused_at_open; /* false: refused during playback */
    const char *reason;   /* substring of video_error() */
};

static const struct bad_case bad_cases[] = {
    {"no-such-file.mp4", true, "missing"},
    {"zero.mp4", true, "empty"},
    {"corrupt.mp4", true, "not a video file"},
    {"truncated.mp4", true, "cut off"},
    {"unsupported.mp4", true, "unsupported video codec 'zzzz'"},
    {"early.mp4", false, "ends early"},
};

static void test_bad_files(void)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        bool opened = video_open(player, media_path(c->file));
        if (opened == c->refused_at_open)
            printf("  %s: open returned %d\n", c->file, opened);
        CHECK(opened != c->refused_at_open);
        if (opened) {
            video_seek(player, 1000); /* the clip is 2 s; its header says 20 s */
            CHECK(wait_state(VIDEO_FAILED, 5000));
        }
        CHECK(video_poll(player) == VIDEO_FAILED);
        if (strstr(video_error(player), c->reason) == NULL)
            printf("  %s: error \"%s\"\n", c->file, video_error(player));
        CHECK(strstr(video_error(player), c->reason) != NULL);
    }
    /* After all that the player still plays a good file. */
    CHECK(video_open(player, media_path("sample.mp4")));
    CHECK(video_wait_until(player, 0, 3000));
}

static int count_dir(const char *path)
{
    DIR *d = opendir(path);
    int n = 0;
    if (d == NULL)
        return -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_200_cycles_no_growth(void)
{
    int fds0 = 0, tasks0 = 0;
    for (int i = 0; i < 200; i++) {
        /* The first cycles load VLC's plugins and start its long-lived threads. */
        if (i == 10) {
            fds0 = count_dir("/proc/self/fd");
            tasks0 = count_dir("/proc/self/task");
        }
        CHECK(video_open(player, media_path("small.mp4")));
        /* Every tenth cycle plays to a picture; the others stop while VLC is still
         * starting, at varying moments, which is where start/stop races live. */
        if (i % 10 == 0) {
            bool pictured = video_wait_until(player, 0, 3000);
            if (!pictured)
                printf("  cycle %d: no picture (%s)\n", i, video_error(player));
            CHECK(pictured);
            video_update(player, NULL);
        } else {
            sleep_ms(i % 7 * 3);
        }
        video_stop(player);
        CHECK(video_poll(player) == VIDEO_IDLE);
    }
    int fds1 = count_dir("/proc/self/fd"), tasks1 = count_dir("/proc/self/task");
    printf("  fds %d -> %d, threads %d -> %d\n", fds0, fds1, tasks0, tasks1);
    CHECK(fds1 <= fds0);
    CHECK(tasks1 <= tasks0);
}

static void test_destroy_while_playing(void)
{
    struct video_player *p = video_new(&(struct video_options){.silent = true});
    CHECK(p != NULL);
    CHECK(video_open(p, media_path("sample.mp4")));
    video_destroy(p); /* no picture yet: must still stop cleanly */
    video_destroy(NULL);
}

/*
 * A sound server that is configured but gone: three videos start and show pictures, and the
 * log (standard error, caught in a file) gets one line about sound, not one per video.
 */
static void test_sound_server_gone(void)
{
    char log[300];
    snprintf(log, sizeof(log), "%s/sound-gone.log", media);
    fflush(stderr);
    int saved = dup(STDERR_FILENO), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    setenv("PULSE_SERVER", "unix:/nonexistent/wegwijs-test/native", 1);
    struct video_player *p = video_new(&(struct video_options){.silent = false});
    bool pictures = p != NULL;
    for (int i = 0; i < 3 && pictures; i++)
        pictures = video_open(p, media_path("small.mp4")) && video_wait_until(p, 300, 4000);
    video_destroy(p);
    unsetenv("PULSE_SERVER");
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    CHECK(pictures);
    FILE *f = fopen(log, "r");
    CHECK(f != NULL);
    char line[512];
    int lines = 0, sound = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        lines++;
        sound += strstr(line, "no sound: the sound server") != NULL;
    }
    fclose(f);
    if (lines != 1 || sound != 1)
        printf("  %d lines in %s, %d about sound\n", lines, log, sound);
    CHECK(lines == 1 && sound == 1);
}

static const struct check_case cases[] = {
    {"video_sound_server_gone_one_line", test_sound_server_gone},
    {"video_first_picture_not_black", test_first_picture_not_black},
    {"video_pause_holds_position", test_pause_holds_position},
    {"video_seek_forward_and_back", test_seek_forward_and_back},
    {"video_end_and_replay", test_end_and_replay},
    {"video_bad_files", test_bad_files},
    {"video_200_cycles_no_growth", test_200_cycles_no_growth},
    {"video_destroy_while_playing", test_destroy_while_playing},
};

int main(int argc, char **argv)
{
    const char *b = getenv("B");
    snprintf(media, sizeof(media), "%s/media", b != NULL ? b : "build");
    player = video_new(&(struct video_options){.silent = true});
    if (player == NULL)
        return 1;
    int rc = CHECK_MAIN(cases, argc, argv);
    video_destroy(player);
    return rc;
}
