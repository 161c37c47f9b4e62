/*
 * packtool: make, sign, check, install, list and roll back content packs (see pack/pack.h).
 *
 *   packtool create DIR -o PACK [--id ID] [--version N] [--sign KEY.key] [--videos DIR]
 *                               [--compress none|gzip|xz|zstd] [--no-convert] [--no-video-check]
 *   packtool check DIR [--no-convert]
 *
 * create and check probe every video under <lang>/videos/ (kiosk/video/ready.h): broken files
 * are refused naming the file and the reason, files the kiosk cannot play well are converted
 * (or refused with --no-convert), and each video gets a poster. --no-video-check packs the
 * files as they are (tests and benchmarks that pack stand-in bytes).
 *   packtool verify PACK --keys DIR
 *   packtool install PACK --state DIR --keys DIR [--downgrade]
 *   packtool list --state DIR
 *   packtool rollback ID --state DIR
 *   packtool stats --state DIR --csv
 *
 * Exit status 0 only on success; every refusal is one line on stderr naming the pack.
 * create also warns, one line per language, when the pack holds texts whose PO header does not
 * say they were reviewed (X-Review-State, issue 13): such a pack still installs, but staff and
 * the municipality should know it carries drafts.
 */
#define LOG_TAG "packtool"
#include "core/log.h"

#include "content/content.h"

#include "pack/pack.h"
#include "stats/stats.h"
#include "video/ready.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <sys/stat.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct args {
    const char *cmd, *arg, *out, *id, *sign, *videos, *compress, *state, *keys;
    uint64_t version;
    bool downgrade, csv, no_convert, no_video_check;
};

static int usage(void)
{
    fprintf(stderr, "usage: packtool create DIR -o PACK [--id ID] [--version N] [--sign KEY.key]\n"
                    "                       [--videos DIR] [--compress none|gzip|xz|zstd]\n"
                    "                       [--no-convert] [--no-video-check]\n"
                    "       packtool check DIR [--no-convert]\n"
                    "       packtool verify PACK --keys DIR\n"
                    "       packtool install PACK --state DIR --keys DIR [--downgrade]\n"
                    "       packtool list --state DIR\n"
                    "       packtool rollback ID --state DIR\n"
                    "       packtool stats --state DIR --csv\n");
    return 2;
}

/* Asks on the terminal without echo, as minisign does; reads a line from stdin otherwise. */
static bool ask_password(void *ud, char *buf, size_t size)
{
    (void)ud;
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    fprintf(stderr, "Password: ");
    fflush(stderr);
    if (tty) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(buf, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (ok)
        buf[strcspn(buf, "\r\n")] = '\0';
    return ok;
}

static bool parse_args(int argc, char **argv, struct args *a)
{
    enum {
        O_ID = 256,
        O_VERSION,
        O_SIGN,
        O_VIDEOS,
        O_COMPRESS,
        O_STATE,
        O_KEYS,
        O_DOWNGRADE,
        O_CSV,
        O_NO_CONVERT,
        O_NO_VIDEO_CHECK
    };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"id", required_argument, NULL, O_ID},
        {"version", required_argument, NULL, O_VERSION},
        {"sign", required_argument, NULL, O_SIGN},
        {"videos", required_argument, NULL, O_VIDEOS},
        {"compress", required_argument, NULL, O_COMPRESS},
        {"state", required_argument, NULL, O_STATE},
        {"keys", required_argument, NULL, O_KEYS},
        {"downgrade", no_argument, NULL, O_DOWNGRADE},
        {"csv", no_argument, NULL, O_CSV},
        {"no-convert", no_argument, NULL, O_NO_CONVERT},
        {"no-video-check", no_argument, NULL, O_NO_VIDEO_CHECK},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof(*a));
    if (argc < 2 || argv[1][0] == '-')
        return false;
    a->cmd = argv[1];
    /* The command is argv[1]; getopt_long sees the rest, options and operands in any order. */
    int c;
    opterr = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            a->out = optarg;
            break;
        case O_ID:
            a->id = optarg;
            break;
        case O_SIGN:
            a->sign = optarg;
            break;
        case O_VIDEOS:
            a->videos = optarg;
            break;
        case O_COMPRESS:
            a->compress = optarg;
            break;
        case O_STATE:
            a->state = optarg;
            break;
        case O_KEYS:
            a->keys = optarg;
            break;
        case O_DOWNGRADE:
            a->downgrade = true;
            break;
        case O_CSV:
            a->csv = true;
            break;
        case O_NO_CONVERT:
            a->no_convert = true;
            break;
        case O_NO_VIDEO_CHECK:
            a->no_video_check = true;
            break;
        case O_VERSION:
            if (!manifest_version_parse(optarg, &a->version))
                return false;
            break;
        default:
            return false;
        }
    }
    int rest = argc - 1 - optind;
    if (rest > 1)
        return false;
    if (rest == 1)
        a->arg = argv[1 + optind];
    return true;
}

/* A conversion's progress: one line per tenth (a log file stays short), and when done. */
static void show_progress(void *ud, const char *src, double fraction, double seconds)
{
    int *last = ud;
    int tenth = (int)(fraction * 10);
    if (fraction < 1.0 && tenth == *last)
        return;
    *last = fraction < 1.0 ? tenth : -1;
    fprintf(stderr, "%s: converting %3.0f%% (%.1f s)\n", src, fraction * 100, seconds);
}

static void print_info(const char *what, const struct pack_info *i)
{
    printf("%s: %s version %" PRIu64 ", %s, languages %s, %zu files, %" PRIu64 " bytes\n", what,
           i->id, i->version, i->date, i->languages, i->n_files, i->size);
}

/* One warning line per language of the pack folder whose texts are not native-speaker
 * reviewed. dir is a content root (locales/) or one language folder (locales/tr). */
static void warn_unreviewed(const char *dir)
{
    char path[PATH_MAX], root[PATH_MAX], one[PATH_MAX] = "";
    snprintf(path, sizeof(path), "%s/kiosk.po", dir);
    bool lang_folder = access(path, F_OK) == 0;
    snprintf(path, sizeof(path), "%s/topics.po", dir);
    lang_folder = lang_folder || access(path, F_OK) == 0;
    snprintf(root, sizeof(root), "%s", dir);
    if (lang_folder) {
        char *slash = strrchr(root, '/');
        snprintf(one, sizeof(one), "%s", slash ? slash + 1 : root);
        if (slash)
            *slash = '\0';
        else
            snprintf(root, sizeof(root), ".");
    }
    struct content *c = content_new();
    log_set_level(LOG_LEVEL_ERROR); /* create itself reports bad files */
    bool ok = c && content_add_root(c, root);
    log_set_level(LOG_LEVEL_INFO);
    for (size_t i = 0; ok && i < content_language_count(c); i++) {
        const char *lang = content_language(c, i);
        struct content_review_info r;
        if ((one[0] && strcmp(lang, one) != 0) || !content_language_review(c, lang, &r) ||
            r.state == CONTENT_REVIEW_NATIVE)
            continue;
        LOG_WARN("%s/%s: texts %s (X-Review-State: %s%s%s): a draft until a native speaker "
                 "has checked them; see README, \"Getting a language reviewed\"",
                 root, lang,
                 r.state == CONTENT_REVIEW_SECOND ? "checked by a second translator only"
                                                  : "not reviewed",
                 content_review_name(r.state), r.date[0] ? ", " : "", r.date);
    }
    content_destroy(c);
}

static int cmd_create(const struct args *a)
{
    if (a->arg == NULL || a->out == NULL)
        return usage();
    int last = -1;
    struct ready_opts ro = {.no_convert = a->no_convert, .progress = show_progress, .ud = &last};
    struct pack_create_opts o = {
        .videos_ready = a->no_video_check ? NULL : &ro,
        .id = a->id,
        .version = a->version,
        .videos = a->videos,
        .sign_key = a->sign,
        .compress = a->compress,
        .password = ask_password,
    };
    struct pack_info info;
    if (pack_create(a->arg, a->out, &o, &info) != 0)
        return 1;
    print_info(a->out, &info);
    warn_unreviewed(a->arg);
    if (a->sign == NULL)
        fprintf(stderr,
                "%s: not signed; sign it with: minisign -S -m %s -t \"id=%s "
                "version=%" PRIu64 "\"\n",
                a->out, a->out, info.id, info.version);
    return 0;
}

static int walk_videos(struct ready *r, const char *dir, int pass, int depth)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        LOG_ERR("%s: cannot read: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    const char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char p[PATH_MAX];
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < 6) {
            rc |= walk_videos(r, p, pass, depth + 1);
        } else if (S_ISREG(st.st_mode) && strcmp(base, "videos") == 0) {
            /* The pack path: "<lang>/videos/<name>", lang being the folder above videos/. */
            char up[PATH_MAX], rel[600];
            snprintf(up, sizeof(up), "%.*s", (int)(slash - dir), dir);
            const char *ls = strrchr(up, '/');
            snprintf(rel, sizeof(rel), "%.64s/videos/%.255s", ls ? ls + 1 : up, de->d_name);
            size_t n = strlen(rel);
            bool vtt = n > 4 && strcmp(rel + n - 4, ".vtt") == 0;
            if ((pass == 0) != vtt && !ready_file(r, p, rel, NULL, NULL))
                rc = -1;
        }
    }
    closedir(d);
    return rc;
}

/* packtool check: what create would do with every video, without writing anything. */
static int cmd_check(const struct args *a)
{
    if (a->arg == NULL)
        return usage();
    struct ready_opts ro = {.check_only = true, .no_convert = a->no_convert};
    struct ready *r = ready_new(&ro);
    if (r == NULL)
        return 1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", a->arg);
    for (size_t l = strlen(dir); l > 1 && dir[l - 1] == '/'; l--)
        dir[l - 1] = '\0';
    int rc = walk_videos(r, dir, 0, 0);
    rc |= walk_videos(r, dir, 1, 0);
    struct ready_stats st;
    ready_get_stats(r, &st);
    ready_destroy(r);
    printf("%s: %d videos: %d play as they are, %d to convert, %d to get their index moved, "
           "%d refused; %d warnings\n",
           dir, st.videos, st.videos - st.converted - st.faststart - (a->no_convert ? 0 : 0),
           st.converted, st.faststart, st.refused, st.warnings);
    return rc == 0 && st.refused == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct args a;
    int rc = 1;
    struct pack_store *s = NULL;
    if (!parse_args(argc, argv, &a))
        return usage();
    if (sodium_init() < 0) {
        LOG_ERR("libsodium cannot start");
        return 1;
    }
    if (strcmp(a.cmd, "create") == 0)
        return cmd_create(&a);
    if (strcmp(a.cmd, "check") == 0)
        return cmd_check(&a);

    if (strcmp(a.cmd, "verify") == 0) {
        if (a.arg == NULL || a.keys == NULL)
            return usage();
        s = pack_store_new(NULL, a.keys);
        struct pack_info info;
        if (s != NULL && pack_verify(s, a.arg, &info) == 0) {
            print_info(a.arg, &info);
            rc = 0;
        }
        pack_store_destroy(s);
        return rc;
    }

    if (a.state == NULL)
        return usage();
    if (strcmp(a.cmd, "install") == 0) {
        if (a.arg == NULL || a.keys == NULL)
            return usage();
        s = pack_store_new(a.state, a.keys);
        if (s == NULL)
            return 1;
        int r = pack_install(s, a.arg, a.downgrade ? PACK_ALLOW_DOWNGRADE : 0, NULL, NULL);
        if (r == PACK_INSTALLED)
            printf("%s: installed\n", a.arg);
        else if (r == PACK_UNCHANGED)
            printf("%s: already installed, nothing to do\n", a.arg);
        rc = r == PACK_REFUSED ? 1 : 0;
    } else if (strcmp(a.cmd, "list") == 0) {
        s = pack_store_new(a.state, NULL);
        struct pack_info *v;
        size_t n;
        if (s == NULL || pack_list(s, &v, &n) != 0)
            goto out;
        printf("%-16s %-14s %-10s %-14s %-8s %-12s %s\n", "id", "version", "date", "previous",
               "files", "bytes", "languages");
        for (size_t i = 0; i < n; i++)
            printf("%-16s %-14" PRIu64 " %-10s %-14" PRIu64 " %-8zu %-12" PRIu64 " %s%s\n", v[i].id,
                   v[i].version, v[i].date, v[i].previous, v[i].n_files, v[i].size, v[i].languages,
                   v[i].pending ? " (pending)" : "");
        free(v);
        rc = 0;
    } else if (strcmp(a.cmd, "rollback") == 0) {
        if (a.arg == NULL)
            return usage();
        s = pack_store_new(a.state, NULL);
        if (s != NULL && pack_rollback(s, a.arg) == 0) {
            printf("%s: rolled back\n", a.arg);
            rc = 0;
        }
    } else if (strcmp(a.cmd, "stats") == 0) {
        if (!a.csv || a.arg != NULL)
            return usage();
        /* The figures are the staff module's; packtool only hands them out. */
        rc = stats_csv_from_state(a.state, stdout) == 0 ? 0 : 1;
    } else {
        return usage();
    }
out:
    pack_store_destroy(s);
    return rc;
}
