#define LOG_TAG "stats"
#include "core/log.h"

#include "stats/stats.h"

#include "core/files.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATS_FILE "stats.sqlite"

/* Counts waiting for the next stats_commit(), summed per row. */
struct stats_pending {
    char day[11];
    char *lang, *topic;
    int count[4]; /* by enum stats_event */
};

struct stats {
    sqlite3 *db; /* NULL: counting nothing */
    struct stats_pending *pending;
    size_t n_pending, cap_pending;
    size_t pending_events;
    sqlite3_stmt *upsert;
    char *path;
    bool readonly;
    bool warned; /* one log line per run of failures, not one per event */
    bool paused;
    bool no_autocheckpoint; /* checkpoints are another connection's job (stats_checkpoint) */
    stats_clock_fn clock;
    void *clock_ud;
};

static const char stats_schema[] =
    "CREATE TABLE IF NOT EXISTS counts ("
    " day TEXT NOT NULL, lang TEXT NOT NULL, topic TEXT NOT NULL,"
    " sessions INTEGER NOT NULL DEFAULT 0, videos_started INTEGER NOT NULL DEFAULT 0,"
    " videos_finished INTEGER NOT NULL DEFAULT 0, contacts_shown INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (day, lang, topic)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS outbox (day TEXT PRIMARY KEY) WITHOUT ROWID;";

static const char stats_upsert_sql[] =
    "INSERT INTO counts (day, lang, topic, sessions, videos_started, videos_finished,"
    " contacts_shown) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (day, lang, topic) DO UPDATE SET"
    " sessions = sessions + excluded.sessions,"
    " videos_started = videos_started + excluded.videos_started,"
    " videos_finished = videos_finished + excluded.videos_finished,"
    " contacts_shown = contacts_shown + excluded.contacts_shown";

static const char stats_csv_header[] =
    "day,language,topic,sessions,videos_started,videos_finished,contact_cards\n";

char *stats_day(time_t t, char *buf)
{
    struct tm tm;
    if (localtime_r(&t, &tm) == NULL || strftime(buf, 11, "%Y-%m-%d", &tm) != 10)
        strcpy(buf, "1970-01-01");
    return buf;
}

char *stats_today(const struct stats *st, char *buf)
{
    time_t now = (st != NULL && st->clock != NULL) ? st->clock(st->clock_ud) : time(NULL);
    return stats_day(now, buf);
}

char *stats_days_ago(const struct stats *st, int days, char *buf)
{
    time_t now = (st != NULL && st->clock != NULL) ? st->clock(st->clock_ud) : time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm) == NULL)
        return stats_day(now, buf);
    /* Noon, so a daylight saving change can never push the result into another day. */
    tm.tm_mday -= days;
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return stats_day(mktime(&tm), buf);
}

/* BCP 47-ish: "nl", "tr", "pt-BR", "zh-Hant". Enough to keep CSV and file names clean. */
static bool stats_valid_lang(const char *s)
{
    if (s == NULL)
        return false;
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    s += n;
    while (*s == '-') {
        s++;
        n = 0;
        while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
               (s[n] >= '0' && s[n] <= '9'))
            n++;
        if (n < 1 || n > 8)
            return false;
        s += n;
    }
    return *s == '\0';
}

/* A topic slug: lower-case letters, digits, '-' and '_', at most 64, not starting with '-'. */
static bool stats_valid_topic(const char *s)
{
    if (*s == '\0')
        return true;
    if (*s == '-' || *s == '_')
        return false;
    size_t n = 0;
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return n <= 64;
}

static bool stats_valid_day(const char *d)
{
    if (d == NULL || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return false;
    return true;
}

static bool stats_is_corrupt(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static void stats_close_db(struct stats *st)
{
    sqlite3_finalize(st->upsert);
    st->upsert = NULL;
    if (st->db != NULL)
        sqlite3_close(st->db);
    st->db = NULL;
}

/* Checks the pragma's single text result. */
static int stats_pragma_expect(sqlite3 *db, const char *sql, const char *want)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        goto out;
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            rc = SQLITE_ERROR;
        goto out;
    }
    const char *got = (const char *)sqlite3_column_text(s, 0);
    rc = (got != NULL && strcmp(got, want) == 0) ? SQLITE_OK : SQLITE_CORRUPT;
out:
    sqlite3_finalize(s);
    return rc;
}

/*
 * Opens st->path and makes it ready to count. Returns an SQLite code; on error the handle is
 * closed again, and SQLITE_CORRUPT/NOTADB means the file itself is bad.
 */
static int stats_open_db(struct stats *st)
{
    int flags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(st->path, &st->db, flags | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    sqlite3_extended_result_codes(st->db, 1);
    /* A tool reading while the kiosk writes waits a moment instead of failing. */
    sqlite3_busy_timeout(st->db, 2000);
    if (!st->readonly) {
        rc = stats_pragma_expect(st->db, "PRAGMA journal_mode=WAL", "wal");
        if (rc != SQLITE_OK)
            goto fail;
        /*
         * NORMAL in WAL: a commit is a write() without fsync, so a batch never stalls a frame;
         * a killed process loses nothing committed, a power cut at most the batches since
         * the last checkpoint, and the file stays consistent either way.
         */
        rc = sqlite3_exec(st->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            goto fail;
        if (st->no_autocheckpoint && (rc = sqlite3_wal_autocheckpoint(st->db, 0)) != SQLITE_OK)
            goto fail;
    }
    /* quick_check reads every page once: a few ms for years of daily rows. */
    rc = stats_pragma_expect(st->db, "PRAGMA quick_check", "ok");
    if (rc != SQLITE_OK)
        goto fail;
    if (!st->readonly) {
        rc = sqlite3_exec(st->db, stats_schema, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            goto fail;
        rc = sqlite3_prepare_v2(st->db, stats_upsert_sql, -1, &st->upsert, NULL);
        if (rc != SQLITE_OK)
            goto fail;
    }
    return SQLITE_OK;
fail:
    /* A failed prepare may report SQLITE_ERROR while the connection knows the file is bad. */
    if (st->db != NULL && !stats_is_corrupt(rc) && stats_is_corrupt(sqlite3_errcode(st->db)))
        rc = sqlite3_errcode(st->db);
    stats_close_db(st);
    return rc;
}

/* Renames a ... to b ... for one of the database's files; a missing one is no error. */
static int stats_rename_part(const char *from, const char *to, const char *suffix)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (snprintf(a, sizeof(a), "%s%s", from, suffix) >= (int)sizeof(a) ||
        snprintf(b, sizeof(b), "%s%s", to, suffix) >= (int)sizeof(b))
        return -1;
    if (rename(a, b) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

/*
 * Moves a corrupt database aside, with its WAL, under a dated name so nobody loses the old
 * figures by accident and the kiosk can start afresh.
 */
static int stats_set_aside(struct stats *st, const char *why)
{
    char stamp[32], aside[PATH_MAX];
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm) == NULL || strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0)
        strcpy(stamp, "unknown");
    for (int i = 0; i < 100; i++) {
        int n = i == 0 ? snprintf(aside, sizeof(aside), "%s.corrupt-%s", st->path, stamp)
                       : snprintf(aside, sizeof(aside), "%s.corrupt-%s-%d", st->path, stamp, i);
        if (n >= (int)sizeof(aside))
            return -1;
        if (access(aside, F_OK) != 0)
            break;
    }
    if (stats_rename_part(st->path, aside, "-wal") != 0 ||
        stats_rename_part(st->path, aside, "") != 0) {
        LOG_ERR("%s: corrupt (%s) and cannot be moved aside: %s; not counting", st->path, why,
                strerror(errno));
        return -1;
    }
    char shm[PATH_MAX];
    if (snprintf(shm, sizeof(shm), "%s-shm", st->path) < (int)sizeof(shm))
        unlink(shm);
    LOG_WARN("%s: corrupt (%s); set aside as %s, starting afresh", st->path, why, aside);
    return 0;
}

/* Opens, and on corruption sets the file aside and opens a fresh one. */
static void stats_open_or_reset(struct stats *st)
{
    int rc = stats_open_db(st);
    if (stats_is_corrupt(rc) && !st->readonly) {
        if (stats_set_aside(st, sqlite3_errstr(rc)) == 0)
            rc = stats_open_db(st);
    }
    if (rc != SQLITE_OK && !st->warned)
        LOG_ERR("%s: cannot open (%s); usage figures are not counted", st->path,
                sqlite3_errstr(rc));
    st->warned = rc != SQLITE_OK;
}

static struct stats *stats_alloc(const char *state_dir, bool readonly)
{
    assert(state_dir != NULL);
    struct stats *st = calloc(1, sizeof(*st));
    if (st == NULL)
        return NULL;
    size_t n = strlen(state_dir) + sizeof("/" STATS_FILE);
    st->path = malloc(n);
    if (st->path == NULL) {
        free(st);
        return NULL;
    }
    snprintf(st->path, n, "%s/%s", state_dir, STATS_FILE);
    st->readonly = readonly;
    return st;
}

struct stats *stats_open(const char *state_dir)
{
    struct stats *st = stats_alloc(state_dir, false);
    if (st == NULL)
        return NULL;
    if (mkdir(state_dir, 0700) != 0 && errno != EEXIST)
        LOG_WARN("%s: cannot create state folder: %s", state_dir, strerror(errno));
    stats_open_or_reset(st);
    return st;
}

struct stats *stats_open_readonly(const char *state_dir)
{
    struct stats *st = stats_alloc(state_dir, true);
    if (st == NULL)
        return NULL;
    int rc = stats_open_db(st);
    if (rc != SQLITE_OK) {
        LOG_ERR("%s: cannot read (%s)", st->path, sqlite3_errstr(rc));
        stats_destroy(st);
        return NULL;
    }
    return st;
}

static void stats_drop_pending(struct stats *st)
{
    for (size_t i = 0; i < st->n_pending; i++) {
        free(st->pending[i].lang);
        free(st->pending[i].topic);
    }
    st->n_pending = 0;
    st->pending_events = 0;
}

void stats_destroy(struct stats *st)
{
    if (st == NULL)
        return;
    stats_commit(st);
    stats_drop_pending(st);
    free(st->pending);
    stats_close_db(st);
    free(st->path);
    free(st);
}

bool stats_ok(const struct stats *st)
{
    return st != NULL && st->db != NULL;
}

void stats_set_clock(struct stats *st, stats_clock_fn fn, void *userdata)
{
    if (st == NULL)
        return;
    st->clock = fn;
    st->clock_ud = userdata;
}

/* After a failed statement: a corrupt file is set aside and reopened; others are logged once. */
static void stats_after_error(struct stats *st, int rc, const char *what)
{
    if (stats_is_corrupt(rc) && !st->readonly) {
        stats_close_db(st);
        if (stats_set_aside(st, sqlite3_errstr(rc)) == 0)
            stats_open_or_reset(st);
        return;
    }
    if (!st->warned)
        LOG_WARN("%s: %s failed: %s", st->path, what, sqlite3_errstr(rc));
    st->warned = true;
}

int stats_add_on(struct stats *st, const char *day, enum stats_event ev, const char *lang,
                 const char *topic)
{
    assert(ev >= STATS_SESSION && ev <= STATS_CONTACT_SHOWN);
    if (st == NULL || st->readonly)
        return -1;
    if (topic == NULL)
        topic = "";
    if (!stats_valid_day(day) || !stats_valid_lang(lang) || !stats_valid_topic(topic)) {
        LOG_WARN("not counted: malformed day, language or topic (\"%.16s\", \"%.16s\", \"%.70s\")",
                 day ? day : "", lang ? lang : "", topic);
        return -1;
    }
    struct stats_pending *p = NULL;
    for (size_t i = 0; i < st->n_pending && p == NULL; i++)
        if (strcmp(st->pending[i].day, day) == 0 && strcmp(st->pending[i].lang, lang) == 0 &&
            strcmp(st->pending[i].topic, topic) == 0)
            p = &st->pending[i];
    if (p == NULL) {
        if (st->n_pending == st->cap_pending) {
            size_t cap = st->cap_pending ? st->cap_pending * 2 : 8;
            struct stats_pending *grown = realloc(st->pending, cap * sizeof(*grown));
            if (grown == NULL)
                return -1;
            st->pending = grown;
            st->cap_pending = cap;
        }
        p = &st->pending[st->n_pending];
        memset(p, 0, sizeof(*p));
        memcpy(p->day, day, 11);
        p->lang = strdup(lang);
        p->topic = strdup(topic);
        if (p->lang == NULL || p->topic == NULL) {
            free(p->lang);
            free(p->topic);
            return -1;
        }
        st->n_pending++;
    }
    p->count[ev]++;
    st->pending_events++;
    static const char *const names[] = {"session", "video-started", "video-finished", "contact"};
    LOG_DBG("counted %s %s %s %s", names[ev], day, lang, topic);
    return 0;
}

size_t stats_pending(const struct stats *st)
{
    return st != NULL ? st->pending_events : 0;
}

void stats_no_autocheckpoint(struct stats *st)
{
    if (st == NULL || st->readonly)
        return;
    st->no_autocheckpoint = true;
    if (st->db != NULL)
        sqlite3_wal_autocheckpoint(st->db, 0);
}

int stats_checkpoint(struct stats *st)
{
    if (st == NULL || st->readonly || st->db == NULL)
        return -1;
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK) {
        LOG_WARN("%s: checkpoint: %s", st->path, sqlite3_errmsg(st->db));
        return -1;
    }
    return done;
}

int stats_commit(struct stats *st)
{
    if (st == NULL || st->readonly || st->n_pending == 0)
        return 0;
    /* A database that failed earlier (disk full, card removed) gets another chance. */
    if (st->db == NULL)
        stats_open_or_reset(st);
    if (st->db == NULL)
        return -1;
    sqlite3_stmt *s = st->upsert;
    int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < st->n_pending; i++) {
        const struct stats_pending *p = &st->pending[i];
        sqlite3_reset(s);
        if ((rc = sqlite3_bind_text(s, 1, p->day, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (rc = sqlite3_bind_text(s, 2, p->lang, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (rc = sqlite3_bind_text(s, 3, p->topic, -1, SQLITE_STATIC)) != SQLITE_OK)
            goto rollback;
        for (int k = 0; k < 4; k++)
            if ((rc = sqlite3_bind_int(s, 4 + k, p->count[k])) != SQLITE_OK)
                goto rollback;
        if ((rc = sqlite3_step(s)) != SQLITE_DONE)
            goto rollback;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if ((rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        goto rollback;
    int events = (int)st->pending_events;
    stats_drop_pending(st);
    st->warned = false;
    LOG_DBG("committed %d counted events", events);
    return events;
rollback:
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
fail:
    /* The counts stay in memory for the next try, unless the file was set aside. */
    stats_after_error(st, rc, "counting");
    return -1;
}

void stats_set_paused(struct stats *st, bool paused)
{
    if (st != NULL)
        st->paused = paused;
}

bool stats_paused(const struct stats *st)
{
    return st != NULL && st->paused;
}

int stats_add(struct stats *st, enum stats_event ev, const char *lang, const char *topic)
{
    char day[11];
    if (st == NULL || st->paused)
        return -1;
    return stats_add_on(st, stats_today(st, day), ev, lang, topic);
}

static void stats_read_counts(sqlite3_stmt *s, int first_col, struct stats_counts *c)
{
    c->sessions = (long)sqlite3_column_int64(s, first_col);
    c->videos_started = (long)sqlite3_column_int64(s, first_col + 1);
    c->videos_finished = (long)sqlite3_column_int64(s, first_col + 2);
    c->contacts_shown = (long)sqlite3_column_int64(s, first_col + 3);
}

static const char *stats_col_text(sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    return t != NULL ? t : "";
}

/* Runs a query with ?1 = from_day, ?2 = to_day (NULL = open) and hands each row to fn. */
static int stats_query(struct stats *st, const char *sql, const char *from_day, const char *to_day,
                       bool by_language, stats_row_fn fn, void *userdata)
{
    if (st == NULL)
        return -1;
    stats_commit(st); /* a reader sees every count made so far */
    if (st->db == NULL)
        return -1;
    sqlite3_stmt *s = NULL;
    int rows = 0;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    if ((rc = sqlite3_bind_text(s, 1, from_day ? from_day : "0000-00-00", -1, SQLITE_STATIC)) !=
            SQLITE_OK ||
        (rc = sqlite3_bind_text(s, 2, to_day ? to_day : "9999-99-99", -1, SQLITE_STATIC)) !=
            SQLITE_OK)
        goto fail;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct stats_counts c;
        if (by_language) {
            stats_read_counts(s, 1, &c);
            fn(userdata, NULL, stats_col_text(s, 0), NULL, &c);
        } else {
            stats_read_counts(s, 3, &c);
            fn(userdata, stats_col_text(s, 0), stats_col_text(s, 1), stats_col_text(s, 2), &c);
        }
        rows++;
    }
    if (rc != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(s);
    return rows;
fail:
    sqlite3_finalize(s);
    stats_after_error(st, rc, "reading");
    return -1;
}

int stats_each(struct stats *st, const char *from_day, const char *to_day, stats_row_fn fn,
               void *userdata)
{
    return stats_query(st,
                       "SELECT day, lang, topic, sessions, videos_started, videos_finished,"
                       " contacts_shown FROM counts WHERE day BETWEEN ?1 AND ?2"
                       " ORDER BY day, lang, topic",
                       from_day, to_day, false, fn, userdata);
}

int stats_by_language(struct stats *st, const char *from_day, const char *to_day, stats_row_fn fn,
                      void *userdata)
{
    /* The grand total row ("") sorts last through the second ORDER BY key. */
    return stats_query(st,
                       "SELECT * FROM (SELECT lang, sum(sessions), sum(videos_started),"
                       " sum(videos_finished), sum(contacts_shown) FROM counts"
                       " WHERE day BETWEEN ?1 AND ?2 GROUP BY lang"
                       " UNION ALL SELECT '', coalesce(sum(sessions), 0),"
                       " coalesce(sum(videos_started), 0), coalesce(sum(videos_finished), 0),"
                       " coalesce(sum(contacts_shown), 0) FROM counts"
                       " WHERE day BETWEEN ?1 AND ?2) ORDER BY lang = '', lang",
                       from_day, to_day, true, fn, userdata);
}

/* Quoted when needed (RFC 4180); stored values are validated, this guards a tampered file. */
static void stats_csv_field(FILE *out, const char *v)
{
    bool formula = v[0] != '\0' && strchr("=+-@", v[0]) != NULL;
    if (strpbrk(v, ",\"\r\n") == NULL && !formula) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out); /* a spreadsheet must not run it as a formula */
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', out);
        fputc(*v, out);
    }
    fputc('"', out);
}

struct stats_csv_ctx {
    FILE *out;
};

static void stats_csv_row(void *ud, const char *day, const char *lang, const char *topic,
                          const struct stats_counts *c)
{
    struct stats_csv_ctx *ctx = ud;
    stats_csv_field(ctx->out, day);
    fputc(',', ctx->out);
    stats_csv_field(ctx->out, lang);
    fputc(',', ctx->out);
    stats_csv_field(ctx->out, topic);
    fprintf(ctx->out, ",%ld,%ld,%ld,%ld\n", c->sessions, c->videos_started, c->videos_finished,
            c->contacts_shown);
}

int stats_write_csv(struct stats *st, FILE *out, const char *from_day, const char *to_day)
{
    if (st == NULL || st->db == NULL)
        return -1;
    struct stats_csv_ctx ctx = {out};
    if (fputs(stats_csv_header, out) == EOF)
        return -1;
    if (stats_each(st, from_day, to_day, stats_csv_row, &ctx) < 0)
        return -1;
    return ferror(out) ? -1 : 0;
}

struct stats_export {
    struct stats *st;
    const char *from_day, *to_day;
};

static bool stats_export_write(FILE *f, void *ud)
{
    const struct stats_export *e = ud;
    return stats_write_csv(e->st, f, e->from_day, e->to_day) == 0;
}

int stats_export_file(struct stats *st, const char *path, const char *from_day, const char *to_day)
{
    if (st == NULL || st->db == NULL) {
        LOG_WARN("%s: not written: no usage figures available", path);
        return -1;
    }
    struct stats_export e = {st, from_day, to_day};
    return files_write_atomic(path, 0644, stats_export_write, &e) ? 0 : -1;
}

int stats_write_outbox(struct stats *st, const char *outbox_dir, const char *kiosk_name)
{
    if (st == NULL || st->readonly || outbox_dir == NULL)
        return -1;
    stats_commit(st);
    if (st->db == NULL)
        return -1;
    char today[11], name[65];
    stats_today(st, today);
    files_safe_name(kiosk_name, name, sizeof(name), false, "kiosk");
    sqlite3_stmt *s = NULL, *mark = NULL;
    char(*days)[11] = NULL;
    size_t ndays = 0;
    int written = -1;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT DISTINCT day FROM counts WHERE day < ?1 AND day NOT IN"
                                " (SELECT day FROM outbox) ORDER BY day",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        goto db_fail;
    rc = sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO outbox (day) VALUES (?1)", -1, &mark,
                            NULL);
    if (rc != SQLITE_OK)
        goto db_fail;
    if ((rc = sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC)) != SQLITE_OK)
        goto db_fail;
    /* The days first, so marking them in outbox cannot disturb the running SELECT. */
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *d = stats_col_text(s, 0);
        if (!stats_valid_day(d))
            continue;
        char(*grown)[11] = realloc(days, (ndays + 1) * sizeof(*days));
        if (grown == NULL)
            goto out;
        days = grown;
        memcpy(days[ndays++], d, 11);
    }
    if (rc != SQLITE_DONE)
        goto db_fail;
    if (ndays > 0 && mkdir(outbox_dir, 0755) != 0 && errno != EEXIST) {
        LOG_WARN("%s: cannot create outbox folder: %s", outbox_dir, strerror(errno));
        goto out;
    }
    written = 0;
    for (size_t i = 0; i < ndays; i++) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof(path), "%s/wegwijs-%s-%s.csv", outbox_dir, name, days[i]) >=
            (int)sizeof(path)) {
            LOG_WARN("%s: outbox path too long", outbox_dir);
            break;
        }
        if (stats_export_file(st, path, days[i], days[i]) != 0)
            break;
        sqlite3_reset(mark);
        if ((rc = sqlite3_bind_text(mark, 1, days[i], -1, SQLITE_TRANSIENT)) != SQLITE_OK ||
            (rc = sqlite3_step(mark)) != SQLITE_DONE) {
            written = -1;
            goto db_fail;
        }
        LOG_INFO("usage figures of %s written to %s", days[i], path);
        written++;
    }
    goto out;
db_fail:
    sqlite3_finalize(s);
    sqlite3_finalize(mark);
    s = mark = NULL;
    stats_after_error(st, rc, "writing the outbox");
out:
    sqlite3_finalize(s);
    sqlite3_finalize(mark);
    free(days);
    return written;
}

int stats_csv_from_state(const char *state_dir, FILE *out)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s/%s", state_dir, STATS_FILE) >= (int)sizeof(path))
        return -1;
    if (access(path, F_OK) != 0) {
        /* No figures yet is an empty table, not an error. */
        return fputs(stats_csv_header, out) == EOF ? -1 : 0;
    }
    struct stats *st = stats_open_readonly(state_dir);
    if (st == NULL)
        return -1;
    int rc = stats_write_csv(st, out, NULL, NULL);
    stats_destroy(st);
    return rc;
}
