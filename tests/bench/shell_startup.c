/*
 * make bench, the kiosk shell: start to first attract frame, peak memory of the idle kiosk
 * and frame CPU time, each beside the bare library doing the same work in the same run.
 *
 * Runs in a real window: under the caller's X display, or a private Xvfb it starts. The
 * start-up time is taken from before fork() to the first SDL_RenderPresent() on
 * CLOCK_MONOTONIC, which the kiosk logs ("first frame ... (monotonic T ms)").
 */
#include <SDL.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

enum { RUNS = 11 };

static double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The bare library: a window, a renderer, one cleared frame. */
static int bare(void)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return 1;
    SDL_Window *w = SDL_CreateWindow("bare", 0, 0, 1920, 1080, 0);
    SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (r == NULL)
        return 1;
    SDL_SetRenderDrawColor(r, 246, 243, 238, 255);
    SDL_RenderClear(r);
    SDL_RenderPresent(r);
    fprintf(stderr, "first frame (monotonic %.3f ms)\n", monotonic_ms());
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(w);
    SDL_Quit();
    return 0;
}

/* Runs argv, returns its stderr (malloc'd) and the monotonic time before the fork. */
static char *run(char *const argv[], double *t0)
{
    int fd[2];
    if (pipe(fd) != 0)
        return NULL;
    *t0 = monotonic_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 2);
        int devnull = open("/dev/null", 1);
        dup2(devnull, 1);
        close(fd[0]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    ssize_t n;
    while (buf && (n = read(fd[0], buf + len, cap - len - 1)) > 0)
        len += (size_t)n;
    close(fd[0]);
    waitpid(pid, NULL, 0);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static double find(const char *log, const char *key)
{
    const char *p = log ? strstr(log, key) : NULL;
    return p ? atof(p + strlen(key)) : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--bare") == 0)
        return bare();

    pid_t xvfb = 0;
    if (getenv("DISPLAY") == NULL) {
        xvfb = fork();
        if (xvfb == 0) {
            int devnull = open("/dev/null", 1);
            dup2(devnull, 2);
            execlp("Xvfb", "Xvfb", ":97", "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
                   (char *)NULL);
            _exit(127);
        }
        setenv("DISPLAY", ":97", 1);
        usleep(700 * 1000);
    }
    char state[] = "/tmp/wegwijs-bench-XXXXXX";
    if (mkdtemp(state) == NULL)
        return 1;
    char script[256];
    snprintf(script, sizeof(script), "%s/empty.script", state);
    FILE *f = fopen(script, "w");
    if (f == NULL)
        return 1;
    fputs("# nothing: start, draw the attract screen, quit\n", f);
    fclose(f);
    char frames[256];
    snprintf(frames, sizeof(frames), "%s/frames.script", state);
    f = fopen(frames, "w");
    if (f == NULL)
        return 1;
    fputs("bench-frames 300 attract-window\ntap 960 540\ntap-id lang:ar\ntap-id lang:ar\n"
          "bench-frames 300 topics-ar-window\ntap-id contact\nbench-frames 300 contact-ar-window\n",
          f);
    fclose(f);

    char *kiosk[] = {"build/kiosk", "--windowed", "1920x1080",     "--state",  state,  "--content",
                     "locales",     "--content",  "build/content", "--script", script, NULL};
    char *self[] = {argv[0], "--bare", NULL};
    double k_ext[RUNS], k_int[RUNS], k_mem[RUNS], b_ext[RUNS];
    int nk = 0, nb = 0;
    for (int i = 0; i < RUNS; i++) {
        double t0;
        char *log = run(kiosk, &t0);
        double mono = find(log, "(monotonic ");
        if (mono > 0) {
            k_ext[nk] = mono - t0;
            k_int[nk] = find(log, "first frame ");
            k_mem[nk] = find(log, "peak memory ");
            nk++;
        } else if (i == 0) {
            fprintf(stderr, "kiosk did not draw:\n%s\n", log ? log : "");
        }
        free(log);
        log = run(self, &t0);
        mono = find(log, "(monotonic ");
        if (mono > 0)
            b_ext[nb++] = mono - t0;
        free(log);
    }
    if (nk > 0 && nb > 0) {
        double k = median(k_ext, nk), b = median(b_ext, nb);
        printf("BENCH\tstart to first attract frame, 1920x1080 window (Xvfb), %d runs\t"
               "<= 150 ms\t%.1f ms\n",
               nk, k);
        printf("BENCH\t  of which in main() (content, fonts, window, first draw)\t-\t%.1f ms\n",
               median(k_int, nk));
        printf("BENCH\t  bare SDL2: window + renderer + one cleared frame, same run\t-\t%.1f ms "
               "(kiosk %.2fx)\n",
               b, k / b);
        printf("BENCH\tpeak memory of the idle kiosk (attract screen)\t< 60 MB\t%.1f MB\n",
               median(k_mem, nk));
    } else {
        printf("BENCH\tstart to first attract frame\t<= 150 ms\tnot measured: no window\n");
    }
    fflush(stdout);

    /* Frame CPU time in a real window: the kiosk prints its own BENCH rows. */
    char *kf[] = {"build/kiosk", "--windowed", "1920x1080",     "--state",  state,  "--content",
                  "locales",     "--content",  "build/content", "--script", frames, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", 1);
        dup2(devnull, 2);
        execv(kf[0], kf);
        _exit(127);
    }
    waitpid(pid, NULL, 0);

    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", state);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", state);
    if (xvfb > 0) {
        kill(xvfb, SIGTERM);
        waitpid(xvfb, NULL, 0);
    }
    return 0;
}
