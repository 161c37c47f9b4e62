/*
 * packtool: make, sign, check, install, list and roll back content packs (see pack/pack.h).
 *
 *   packtool create DIR -o PACK [--id ID] [--version N] [--sign KEY.key] [--videos DIR]
 *                               [--compress none|gzip|xz|zstd]
 *   packtool verify PACK --keys DIR
 *   packtool install PACK --state DIR --keys DIR [--downgrade]
 *   packtool list --state DIR
 *   packtool rollback ID --state DIR
 *   packtool stats --state DIR --csv
 *
 * Exit status 0 only on success; every refusal is one line on stderr naming the pack.
 */
#define LOG_TAG "packtool"
#include "core/log.h"

#include "pack/pack.h"
#include "stats/stats.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct args {
    const char *cmd, *arg, *out, *id, *sign, *videos, *compress, *state, *keys;
    uint64_t version;
    bool downgrade, csv;
};

static int usage(void)
{
    fprintf(stderr, "usage: packtool create DIR -o PACK [--id ID] [--version N] [--sign KEY.key]\n"
                    "                       [--videos DIR] [--compress none|gzip|xz|zstd]\n"
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
    memset(a, 0, sizeof(*a));
    if (argc < 2)
        return false;
    a->cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        const char **slot = NULL;
        if (strcmp(o, "--downgrade") == 0 || strcmp(o, "--csv") == 0) {
            *(o[2] == 'd' ? &a->downgrade : &a->csv) = true;
            continue;
        }
        if (strcmp(o, "-o") == 0)
            slot = &a->out;
        else if (strcmp(o, "--id") == 0)
            slot = &a->id;
        else if (strcmp(o, "--sign") == 0)
            slot = &a->sign;
        else if (strcmp(o, "--videos") == 0)
            slot = &a->videos;
        else if (strcmp(o, "--compress") == 0)
            slot = &a->compress;
        else if (strcmp(o, "--state") == 0)
            slot = &a->state;
        else if (strcmp(o, "--keys") == 0)
            slot = &a->keys;
        if (slot != NULL || strcmp(o, "--version") == 0) {
            if (i + 1 >= argc)
                return false;
            if (slot != NULL)
                *slot = argv[++i];
            else if (!manifest_version_parse(argv[++i], &a->version))
                return false;
            continue;
        }
        if (o[0] == '-' || a->arg != NULL)
            return false;
        a->arg = o;
    }
    return true;
}

static void print_info(const char *what, const struct pack_info *i)
{
    printf("%s: %s version %" PRIu64 ", %s, languages %s, %zu files, %" PRIu64 " bytes\n", what,
           i->id, i->version, i->date, i->languages, i->n_files, i->size);
}

static int cmd_create(const struct args *a)
{
    if (a->arg == NULL || a->out == NULL)
        return usage();
    struct pack_create_opts o = {
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
    if (a->sign == NULL)
        fprintf(stderr,
                "%s: not signed; sign it with: minisign -S -m %s -t \"id=%s "
                "version=%" PRIu64 "\"\n",
                a->out, a->out, info.id, info.version);
    return 0;
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
