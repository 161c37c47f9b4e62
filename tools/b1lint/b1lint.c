/*
 * b1lint: checks the kiosk's Dutch texts against the B1 rules of CONTENT.md.
 *
 *   b1lint [--words FILE] [--quiet] FILE...
 *
 * FILE is a PO file (the Dutch msgstr when its Language is nl, otherwise the Dutch msgid) or a
 * plain text file. Each finding is one line "FILE:LINE: error|warning: what: \"sentence\"";
 * each file ends with a line giving its readability (Flesch-Douma) and counts. --quiet leaves
 * out the warnings. The exit status is 1 when any error was found, 2 when a file could not
 * be read, else 0.
 *
 * --words picks the table of bureaucratic words; by default ambtelijk.tsv next to this tool's
 * source (tools/b1lint/), found from the executable's own path.
 */
#define LOG_TAG "b1lint"
#include "core/files.h"
#include "core/log.h"

#include "lint.h"
#include "posrc.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct report_ctx {
    const char *path;
    bool quiet;
};

static void print_finding(void *data, const struct lint_finding *f)
{
    const struct report_ctx *c = data;
    if (c->quiet && f->level == LINT_WARNING)
        return;
    printf("%s:%d: %s: %s: \"%s\"\n", c->path, f->line,
           f->level == LINT_ERROR ? "error" : "warning", f->message, f->sentence);
}

static const char *verdict(double score)
{
    if (score >= 80)
        return "very easy";
    if (score >= 60)
        return "easy (B1)";
    if (score >= 50)
        return "fairly difficult";
    return "difficult";
}

static bool looks_like_po(const char *path, const char *head)
{
    size_t n = strlen(path);
    return (n > 3 && (strcmp(path + n - 3, ".po") == 0 || strcmp(path + n - 4, ".pot") == 0)) ||
           strncmp(head, "msgid", 5) == 0 || strncmp(head, "msgctxt", 7) == 0;
}

static int add_po(struct lint *lint, const char *path)
{
    int rc = -1;
    struct posrc_file *po = posrc_file_read(path);
    if (!po)
        return -1;
    bool dutch = strcmp(posrc_file_language(po), "nl") == 0;
    for (size_t i = 0; i < posrc_file_count(po); i++) {
        const struct posrc_entry *e = posrc_file_entry(po, i);
        const struct posrc_string *s = dutch && e->str.len ? &e->str : &e->id;
        if (lint_add(lint, s->text, s->len, s->lines, e->line) < 0)
            goto out;
    }
    rc = 0;
out:
    posrc_file_destroy(po);
    return rc;
}

enum { TEXT_MAX = 64 << 20 };

static int add_text(struct lint *lint, const char *path)
{
    size_t len = 0;
    char *buf = files_read_all(path, TEXT_MAX, &len);
    if (buf == NULL) {
        LOG_ERR("%s: %s", path,
                errno == EIO     ? "read error"
                : errno == EFBIG ? "larger than 64 MiB, not a text to check"
                                 : "cannot open");
        return -1;
    }
    int rc = lint_add(lint, buf, len, NULL, 1);
    free(buf);
    return rc;
}

/* 0 no errors, 1 errors, 2 unreadable. */
static int lint_file(const struct lint_rules *rules, const char *path, bool quiet)
{
    int rc = 2;
    char head[16] = "";
    struct lint *lint = lint_new(rules);
    FILE *f = fopen(path, "r");
    if (!lint)
        goto out;
    if (!f) {
        LOG_ERR("%s: cannot open", path);
        goto out;
    }
    size_t n = fread(head, 1, sizeof(head) - 1, f);
    head[n] = '\0';
    fclose(f);
    if ((looks_like_po(path, head) ? add_po(lint, path) : add_text(lint, path)) < 0)
        goto out;
    struct report_ctx ctx = {path, quiet};
    struct lint_stats st;
    if (lint_run(lint, print_finding, &ctx, &st) < 0) {
        LOG_ERR("%s: checking failed", path);
        goto out;
    }
    double score = lint_flesch_douma(&st);
    printf("%s: Flesch-Douma %.1f (%s); %d sentences, %.1f words per sentence; "
           "%d errors, %d warnings\n",
           path, score, verdict(score), st.sentences,
           st.sentences ? (double)st.words / st.sentences : 0.0, st.errors, st.warnings);
    rc = st.errors ? 1 : 0;
out:
    lint_destroy(lint);
    return rc;
}

/* tools/b1lint/ambtelijk.tsv relative to build/b1lint, else relative to the current folder. */
static void default_words(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    snprintf(out, n, "tools/b1lint/ambtelijk.tsv");
    if (len <= 0)
        return;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    char candidate[PATH_MAX + 64];
    snprintf(candidate, sizeof(candidate), "%s/../tools/b1lint/ambtelijk.tsv", exe);
    if (access(candidate, R_OK) == 0)
        snprintf(out, n, "%s", candidate);
}

int main(int argc, char **argv)
{
    const char *words = NULL;
    char words_buf[PATH_MAX + 64];
    bool quiet = false;
    static const struct option longopts[] = {
        {"words", required_argument, NULL, 'w'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    int c;
    bool bad = false;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'w')
            words = optarg;
        else if (c == 'q')
            quiet = true;
        else
            bad = true;
    }
    int first = optind;
    if (bad || first >= argc) {
        fprintf(stderr, "usage: b1lint [--words FILE] [--quiet] FILE...\n");
        return 2;
    }
    if (!words) {
        default_words(words_buf, sizeof(words_buf));
        words = words_buf;
    }
    struct lint_rules *rules = lint_rules_load(words);
    if (!rules)
        return 2;
    int worst = 0;
    for (int i = first; i < argc; i++) {
        int rc = lint_file(rules, argv[i], quiet);
        if (rc > worst)
            worst = rc;
    }
    lint_rules_destroy(rules);
    return worst;
}
