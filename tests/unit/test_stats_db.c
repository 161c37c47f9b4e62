/* Usage figures: counting, validation, CSV, per-language sums, the outbox, a corrupt database
 * set aside, and consistency after the writer is killed (a simulated power cut). */
#include "check.h"
#include "stats/stats.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The CSV of all figures, in a malloc'd string. */
static char *csv_of(struct stats *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (stats_write_csv(st, f, NULL, NULL) != 0) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

/* True when the file holds exactly want; prints what it holds otherwise. */
static bool file_is(const char *path, const char *want)
{
    char buf[8192];
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        printf("  %s: missing\n", path);
        return false;
    }
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (strcmp(buf, want) != 0)
        printf("  %s holds:\n%s", path, buf);
    return strcmp(buf, want) == 0;
}

static int count_entries(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d != NULL)
        closedir(d);
    return n;
}

static void test_count_and_csv(void)
{
    static const struct {
        const char *day;
        enum stats_event ev;
        const char *lang, *topic;
    } events[] = {
        {"2026-11-20", STATS_SESSION, "tr", NULL},
        {"2026-11-20", STATS_VIDEO_STARTED, "tr", "wat-is-clientondersteuning"},
        {"2026-11-20", STATS_VIDEO_FINISHED, "tr", "wat-is-clientondersteuning"},
        {"2026-11-20", STATS_VIDEO_STARTED, "tr", "wat-is-clientondersteuning"},
        {"2026-11-20", STATS_CONTACT_SHOWN, "tr", "wat-is-clientondersteuning"},
        {"2026-11-20", STATS_SESSION, "ar", ""},
        {"2026-11-20", STATS_SESSION, "ar", NULL},
        {"2026-11-21", STATS_CONTACT_SHOWN, "ar", NULL},
        {"2026-11-19", STATS_VIDEO_STARTED, "pt-BR", "mantelzorg"},
    };
    char *dir = check_temp_dir("test_stats");
    struct stats *st = stats_open(dir);
    CHECK(stats_ok(st));
    for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
        CHECK(stats_add_on(st, events[i].day, events[i].ev, events[i].lang, events[i].topic) == 0);
    stats_destroy(st);

    st = stats_open(dir); /* the figures survive closing */
    char *csv = csv_of(st);
    CHECK_STR_EQ(csv, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n"
                      "2026-11-19,pt-BR,mantelzorg,0,1,0,0\n"
                      "2026-11-20,ar,,2,0,0,0\n"
                      "2026-11-20,tr,,1,0,0,0\n"
                      "2026-11-20,tr,wat-is-clientondersteuning,0,2,1,1\n"
                      "2026-11-21,ar,,0,0,0,1\n");
    free(csv);

    /* A range of days. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(stats_write_csv(st, f, "2026-11-21", "2026-11-21") == 0);
    fclose(f);
    CHECK_STR_EQ(buf, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n"
                      "2026-11-21,ar,,0,0,0,1\n");
    free(buf);
    stats_destroy(st);
    check_remove_dir(dir);
}

static void test_refuses_malformed(void)
{
    static const struct {
        const char *day, *lang, *topic;
    } bad[] = {
        {"2026-11-20", "", NULL},
        {"2026-11-20", NULL, NULL},
        {"2026-11-20", "TR", NULL},
        {"2026-11-20", "t", NULL},
        {"2026-11-20", "tr,ar", NULL},
        {"2026-11-20", "tr", "a,b"},
        {"2026-11-20", "tr", "=cmd()"},
        {"2026-11-20", "tr", "-x"},
        {"2026-11-20", "tr", "Topic"},
        {"2026-11-20", "tr", "x\ny"},
        {"2026-11-20", "tr", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
        {"2026-1-20", "tr", NULL},
        {"20261120", "tr", NULL},
        {NULL, "tr", NULL},
    };
    char *dir = check_temp_dir("test_stats");
    struct stats *st = stats_open(dir);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (stats_add_on(st, bad[i].day, STATS_SESSION, bad[i].lang, bad[i].topic) != -1)
            printf("  case %zu was counted\n", i);
        CHECK(stats_add_on(st, bad[i].day, STATS_SESSION, bad[i].lang, bad[i].topic) == -1);
    }
    char *csv = csv_of(st);
    CHECK_STR_EQ(csv, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n");
    free(csv);
    CHECK(stats_ok(st)); /* refusing input does not break the database */
    stats_destroy(st);
    check_remove_dir(dir);
}

struct lang_row {
    char lang[8];
    struct stats_counts c;
};
struct lang_rows {
    struct lang_row rows[8];
    int n;
};

static void collect_lang(void *ud, const char *day, const char *lang, const char *topic,
                         const struct stats_counts *c)
{
    (void)day;
    (void)topic;
    struct lang_rows *r = ud;
    if (r->n < 8) {
        snprintf(r->rows[r->n].lang, sizeof(r->rows[r->n].lang), "%s", lang);
        r->rows[r->n++].c = *c;
    }
}

static void test_by_language(void)
{
    char *dir = check_temp_dir("test_stats");
    struct stats *st = stats_open(dir);
    stats_add_on(st, "2026-11-01", STATS_SESSION, "tr", NULL);
    stats_add_on(st, "2026-11-02", STATS_SESSION, "tr", NULL);
    stats_add_on(st, "2026-11-02", STATS_VIDEO_STARTED, "tr", "a");
    stats_add_on(st, "2026-11-02", STATS_VIDEO_STARTED, "tr", "b");
    stats_add_on(st, "2026-11-02", STATS_SESSION, "ar", NULL);
    stats_add_on(st, "2026-11-02", STATS_VIDEO_FINISHED, "ar", "b");
    stats_add_on(st, "2026-11-03", STATS_CONTACT_SHOWN, "fa", NULL);
    struct lang_rows r = {0};
    CHECK(stats_by_language(st, "2026-11-02", "2026-11-30", collect_lang, &r) == 4);
    CHECK_STR_EQ(r.rows[0].lang, "ar");
    CHECK_STR_EQ(r.rows[1].lang, "fa");
    CHECK_STR_EQ(r.rows[2].lang, "tr");
    CHECK_STR_EQ(r.rows[3].lang, "");
    CHECK_INT_EQ(r.rows[2].c.sessions, 1);
    CHECK_INT_EQ(r.rows[2].c.videos_started, 2);
    CHECK_INT_EQ(r.rows[0].c.videos_finished, 1);
    CHECK_INT_EQ(r.rows[1].c.contacts_shown, 1);
    CHECK_INT_EQ(r.rows[3].c.sessions, 2);
    CHECK_INT_EQ(r.rows[3].c.videos_started, 2);
    CHECK_INT_EQ(r.rows[3].c.videos_finished, 1);
    CHECK_INT_EQ(r.rows[3].c.contacts_shown, 1);
    /* No figures at all: only the total, all zero. */
    struct lang_rows empty = {0};
    CHECK(stats_by_language(st, "2027-01-01", NULL, collect_lang, &empty) == 1);
    CHECK_STR_EQ(empty.rows[0].lang, "");
    CHECK_INT_EQ(empty.rows[0].c.sessions, 0);
    stats_destroy(st);
    check_remove_dir(dir);
}

static time_t fixed_clock(void *ud)
{
    return *(time_t *)ud;
}

static void test_today_and_outbox(void)
{
    char *dir = check_temp_dir("test_stats");
    char outbox[128];
    snprintf(outbox, sizeof(outbox), "%s/outbox", dir);
    struct stats *st = stats_open(dir);
    struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 23, .tm_hour = 12, .tm_isdst = -1};
    time_t now = mktime(&tm);
    stats_set_clock(st, fixed_clock, &now);
    char day[11];
    CHECK_STR_EQ(stats_today(st, day), "2026-11-23");
    CHECK_STR_EQ(stats_days_ago(st, 29, day), "2026-10-25"); /* across the end of summer time */
    CHECK_STR_EQ(stats_days_ago(st, 0, day), "2026-11-23");
    CHECK_STR_EQ(stats_days_ago(st, 365, day), "2025-11-23");
    CHECK(stats_add(st, STATS_SESSION, "nl", NULL) == 0);
    stats_set_paused(st, true); /* staff checking a video: not counted */
    CHECK(stats_paused(st));
    CHECK(stats_add(st, STATS_SESSION, "nl", NULL) == -1);
    stats_set_paused(st, false);
    CHECK(stats_add_on(st, "2026-11-21", STATS_SESSION, "tr", NULL) == 0);
    CHECK(stats_add_on(st, "2026-11-22", STATS_CONTACT_SHOWN, "ar", NULL) == 0);

    /* Today is not finished: only the 21st and the 22nd go out. */
    CHECK_INT_EQ(stats_write_outbox(st, outbox, "Bibliotheek Centrum/1"), 2);
    char path[256];
    snprintf(path, sizeof(path), "%s/wegwijs-Bibliotheek-Centrum-1-2026-11-22.csv", outbox);
    CHECK(file_is(path, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n"
                        "2026-11-22,ar,,0,0,0,1\n"));
    CHECK_INT_EQ(count_entries(outbox, "wegwijs-"), 2);
    CHECK_INT_EQ(count_entries(outbox, "."), 2); /* "." and "..": no temporary file left */
    CHECK_INT_EQ(stats_write_outbox(st, outbox, "Bibliotheek Centrum/1"), 0);

    /* The next day, today's figures go out once; a file removed by the sync is not rewritten. */
    now += 24 * 3600;
    unlink(path);
    CHECK_INT_EQ(stats_write_outbox(st, outbox, "Bibliotheek Centrum/1"), 1);
    snprintf(path, sizeof(path), "%s/wegwijs-Bibliotheek-Centrum-1-2026-11-23.csv", outbox);
    CHECK(file_is(path, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n"
                        "2026-11-23,nl,,1,0,0,0\n"));
    CHECK_INT_EQ(count_entries(outbox, "wegwijs-"), 2);
    stats_destroy(st);

    /* The outbox record survives a restart. */
    st = stats_open(dir);
    stats_set_clock(st, fixed_clock, &now);
    CHECK_INT_EQ(stats_write_outbox(st, outbox, "x"), 0);
    stats_destroy(st);
    check_remove_dir(dir);
}

static void test_export_file(void)
{
    char *dir = check_temp_dir("test_stats");
    struct stats *st = stats_open(dir);
    stats_add_on(st, "2026-11-20", STATS_SESSION, "so", NULL);
    char path[256];
    snprintf(path, sizeof(path), "%s/stick/wegwijs.csv", dir);
    CHECK(stats_export_file(st, path, NULL, NULL) == -1); /* folder missing: refused, no crash */
    snprintf(path, sizeof(path), "%s/wegwijs.csv", dir);
    CHECK(stats_export_file(st, path, NULL, NULL) == 0);
    CHECK(file_is(path, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n"
                        "2026-11-20,so,,1,0,0,0\n"));
    CHECK(stats_export_file(NULL, path, NULL, NULL) == -1);
    stats_destroy(st);

    /* The tools' read-only path; and an empty state folder is an empty table. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(stats_csv_from_state(dir, f) == 0);
    fclose(f);
    CHECK(strstr(buf, "2026-11-20,so,,1,0,0,0\n") != NULL);
    free(buf);
    char empty[128];
    snprintf(empty, sizeof(empty), "%s/empty", dir);
    CHECK(mkdir(empty, 0700) == 0);
    buf = NULL;
    f = open_memstream(&buf, &len);
    CHECK(stats_csv_from_state(empty, f) == 0);
    fclose(f);
    CHECK_STR_EQ(buf, "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n");
    free(buf);
    check_remove_dir(dir);
}

static void test_null_handle(void)
{
    CHECK(stats_add(NULL, STATS_SESSION, "nl", NULL) == -1);
    CHECK(stats_write_csv(NULL, stdout, NULL, NULL) == -1);
    CHECK(stats_write_outbox(NULL, "/tmp", "x") == -1);
    CHECK(!stats_ok(NULL));
    stats_destroy(NULL);
}

/* Ways a database file goes bad; each must be set aside and replaced by a working one. */
static void write_bytes(const char *path, long offset, const char *bytes, size_t n, bool trunc)
{
    FILE *f = fopen(path, trunc ? "w" : "r+");
    if (f == NULL)
        abort();
    fseek(f, offset, SEEK_SET);
    fwrite(bytes, 1, n, f);
    fclose(f);
}

static void test_corrupt(void)
{
    enum { RANDOM, BAD_PAGE, TRUNCATED_HEADER };
    static const char *const names[] = {"random bytes", "bad b-tree page", "truncated header"};
    for (int kind = RANDOM; kind <= TRUNCATED_HEADER; kind++) {
        char *dir = check_temp_dir("test_stats");
        char path[128];
        snprintf(path, sizeof(path), "%s/stats.sqlite", dir);
        struct stats *st = stats_open(dir);
        for (int i = 0; i < 200; i++) {
            char day[11];
            snprintf(day, sizeof(day), "2026-%02d-%02d", 1 + i / 28, 1 + i % 28);
            stats_add_on(st, day, STATS_SESSION, "tr", "topic");
        }
        stats_destroy(st); /* checkpoints the WAL into the file */
        char junk[4096];
        for (size_t i = 0; i < sizeof(junk); i++)
            junk[i] = (char)(i * 7919 + 13);
        if (kind == RANDOM)
            write_bytes(path, 0, junk, sizeof(junk), true);
        else if (kind == BAD_PAGE)
            write_bytes(path, 4096, junk, sizeof(junk), false); /* all of page 2 */
        else
            write_bytes(path, 0, "SQLite format 3", 15, true);

        st = stats_open(dir);
        if (!stats_ok(st))
            printf("  %s: not reopened\n", names[kind]);
        CHECK(stats_ok(st));
        CHECK_INT_EQ(count_entries(dir, "stats.sqlite.corrupt-"), 1);
        CHECK(stats_add_on(st, "2026-11-23", STATS_SESSION, "ar", NULL) == 0);
        char *csv = csv_of(st);
        CHECK_STR_EQ(csv, "day,language,topic,sessions,videos_started,videos_finished,"
                          "contact_cards\n2026-11-23,ar,,1,0,0,0\n");
        free(csv);
        stats_destroy(st);
        check_remove_dir(dir);
    }
}

/* Corruption found while running (the file was damaged under the kiosk): set aside, go on. */
static void test_corrupt_while_open(void)
{
    char *dir = check_temp_dir("test_stats");
    char path[128];
    snprintf(path, sizeof(path), "%s/stats.sqlite", dir);
    struct stats *st = stats_open(dir);
    CHECK(stats_add_on(st, "2026-11-23", STATS_SESSION, "ar", NULL) == 0);
    char junk[8192];
    memset(junk, 0x5a, sizeof(junk));
    write_bytes(path, 0, junk, sizeof(junk), true);
    char wal[140];
    snprintf(wal, sizeof(wal), "%s-wal", path);
    write_bytes(wal, 0, junk, sizeof(junk), true);
    /* The first count may be lost with the damaged file; the kiosk carries on counting. */
    int ok = 0;
    for (int i = 0; i < 3; i++)
        ok += stats_add_on(st, "2026-11-23", STATS_SESSION, "tr", NULL) == 0;
    CHECK(ok >= 2);
    CHECK(stats_ok(st));
    stats_destroy(st);
    st = stats_open(dir);
    CHECK(stats_ok(st));
    CHECK_INT_EQ(count_entries(dir, "stats.sqlite.corrupt-"), 1);
    stats_destroy(st);
    check_remove_dir(dir);
}

/*
 * A simulated power cut: a child counts as fast as it can and reports each count that
 * returned; it is killed with SIGKILL at several moments. Reopened, the database is sound and
 * holds every reported count, plus at most the one in flight.
 */
static void test_power_cut(void)
{
    static const int kill_after[] = {1, 5, 23, 60, 150};
    for (size_t k = 0; k < sizeof(kill_after) / sizeof(kill_after[0]); k++) {
        char *dir = check_temp_dir("test_stats");
        int fds[2];
        CHECK(pipe(fds) == 0);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            struct stats *st = stats_open(dir);
            /* Batches of three: each is acknowledged once its transaction committed. */
            for (;;) {
                for (int i = 0; i < 3; i++)
                    stats_add_on(st, "2026-11-23", STATS_VIDEO_STARTED, "ti", "wijkteam");
                if (stats_commit(st) == 3 && write(fds[1], "+++", 3) != 3)
                    _exit(1);
            }
        }
        close(fds[1]);
        long acked = 0;
        char c;
        while (acked < kill_after[k] && read(fds[0], &c, 1) == 1)
            acked++;
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        while (read(fds[0], &c, 1) == 1) /* counts reported before it died */
            acked++;
        close(fds[0]);

        struct stats *st = stats_open(dir);
        CHECK(stats_ok(st));
        CHECK_INT_EQ(count_entries(dir, "stats.sqlite.corrupt-"), 0);
        struct lang_rows r = {0};
        CHECK(stats_by_language(st, NULL, NULL, collect_lang, &r) == 2);
        long got = r.rows[0].c.videos_started;
        if (got < acked || got > acked + 1)
            printf("  killed after %ld reported counts, found %ld\n", acked, got);
        /* Every committed batch is there, a batch is all or nothing, nothing uncommitted. */
        CHECK(got == acked || got == acked + 3);
        CHECK(stats_add_on(st, "2026-11-23", STATS_VIDEO_STARTED, "ti", "wijkteam") == 0);
        stats_destroy(st);
        check_remove_dir(dir);
    }
}

/* Counts wait in memory: another connection sees them only after the batch's commit. */
static void test_batched_commit(void)
{
    char *dir = check_temp_dir("test_stats");
    struct stats *st = stats_open(dir);
    CHECK(stats_ok(st));
    for (int i = 0; i < 5; i++)
        CHECK(stats_add_on(st, "2026-11-23", STATS_SESSION, "fa", NULL) == 0);
    CHECK(stats_add_on(st, "2026-11-23", STATS_CONTACT_SHOWN, "fa", "wijkteam") == 0);
    CHECK_INT_EQ(stats_pending(st), 6);
    struct stats *reader = stats_open_readonly(dir);
    CHECK(reader != NULL);
    struct lang_rows r = {0};
    CHECK_INT_EQ(stats_by_language(reader, NULL, NULL, collect_lang, &r), 1); /* total only */
    CHECK_INT_EQ(r.rows[0].c.sessions, 0);
    CHECK_INT_EQ(stats_commit(st), 6);
    CHECK_INT_EQ(stats_pending(st), 0);
    CHECK_INT_EQ(stats_commit(st), 0);
    memset(&r, 0, sizeof(r));
    CHECK_INT_EQ(stats_by_language(reader, NULL, NULL, collect_lang, &r), 2);
    CHECK_INT_EQ(r.rows[0].c.sessions, 5);
    CHECK_INT_EQ(r.rows[0].c.contacts_shown, 1);
    stats_destroy(reader);
    /* Closing commits what waits. */
    CHECK(stats_add_on(st, "2026-11-23", STATS_SESSION, "fa", NULL) == 0);
    stats_destroy(st);
    reader = stats_open_readonly(dir);
    memset(&r, 0, sizeof(r));
    CHECK_INT_EQ(stats_by_language(reader, NULL, NULL, collect_lang, &r), 2);
    CHECK_INT_EQ(r.rows[0].c.sessions, 6);
    stats_destroy(reader);
    check_remove_dir(dir);
}

/*
 * The main loop's connection never checkpoints (an fsync that can wait for a pack's write-back);
 * a second connection, the update worker's, copies the whole log. With SQLite's default
 * (a checkpoint every 1000 pages) the writer would have copied most of it itself.
 */
static void test_checkpoint_elsewhere(void)
{
    char *dir = check_temp_dir("test_stats");
    struct stats *main_loop = stats_open(dir), *worker = stats_open(dir);
    stats_no_autocheckpoint(main_loop);
    int commits = 0;
    for (int i = 0; i < 1500; i++) { /* a page or two each */
        stats_add(main_loop, STATS_SESSION, i % 2 ? "tr" : "ar", NULL);
        commits += stats_commit(main_loop) == 1;
    }
    int copied = stats_checkpoint(worker);
    int again = stats_checkpoint(worker);
    stats_destroy(main_loop);
    stats_destroy(worker);
    check_remove_dir(dir);
    CHECK_INT_EQ(commits, 1500);
    if (copied <= 1000)
        printf("  %d frames copied\n", copied);
    CHECK(copied > 1000);
    CHECK_INT_EQ(again, copied); /* nothing new was written: the same log, all copied */
}

static const struct check_case cases[] = {
    {"stats_batched_commit", test_batched_commit},
    {"stats_checkpoint_elsewhere", test_checkpoint_elsewhere},
    {"stats_count_and_csv", test_count_and_csv},
    {"stats_refuses_malformed", test_refuses_malformed},
    {"stats_by_language", test_by_language},
    {"stats_today_and_outbox", test_today_and_outbox},
    {"stats_export_file", test_export_file},
    {"stats_null_handle", test_null_handle},
    {"stats_corrupt_set_aside", test_corrupt},
    {"stats_corrupt_while_open", test_corrupt_while_open},
    {"stats_power_cut", test_power_cut},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
