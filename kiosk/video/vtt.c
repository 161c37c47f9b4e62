#define LOG_TAG "vtt"
#include "core/log.h"
#include "core/files.h"
#include "core/grow.h"

#include "video/vtt.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Subtitles of a few-minute explainer are a few kB; more is not a subtitle file. */
enum { VTT_MAX_BYTES = 4 << 20, VTT_MAX_CUES = 20000 };

struct vtt {
    struct vtt_cue *cues;
    size_t count, cap;
    char *arena; /* every cue's text, NUL-terminated, one after another */
};

/* The parser's view of the input: one line at a time, any line ending. */
struct reader {
    const char *p, *end;
    int line; /* number of the line last returned, 1-based */
};

static bool next_line(struct reader *r, const char **s, size_t *n)
{
    if (r->p >= r->end)
        return false;
    const char *b = r->p;
    while (r->p < r->end && *r->p != '\n' && *r->p != '\r')
        r->p++;
    *s = b;
    *n = (size_t)(r->p - b);
    if (r->p < r->end && *r->p == '\r')
        r->p++;
    if (r->p < r->end && *r->p == '\n' && (r->p == b || r->p[-1] != '\n'))
        r->p++;
    r->line++;
    return true;
}

/* Parses [hh:]mm:ss.ttt at *s; advances *s. */
static bool parse_time(const char **s, const char *end, int64_t *ms)
{
    int64_t f[3] = {0, 0, 0};
    int nf = 0;
    long first_digits = 0;
    const char *p = *s;
    for (;;) {
        const char *d = p;
        int64_t v = 0;
        while (p < end && isdigit((unsigned char)*p) && p - d < 9)
            v = v * 10 + (*p++ - '0');
        if (p == d || (nf > 0 && p - d != 2))
            return false;
        if (nf == 0)
            first_digits = p - d;
        if (nf == 3)
            return false;
        f[nf++] = v;
        if (p < end && *p == ':') {
            p++;
            continue;
        }
        break;
    }
    if (nf < 2 || p >= end || *p != '.')
        return false;
    p++;
    if (end - p < 3 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
        !isdigit((unsigned char)p[2]))
        return false;
    int64_t frac = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
    p += 3;
    int64_t h = nf == 3 ? f[0] : 0, m = f[nf - 2], sec = f[nf - 1];
    /* Minutes are exactly two digits; hours, when present, at least two. */
    if ((nf == 2 && first_digits != 2) || (nf == 3 && first_digits < 2))
        return false;
    if (m > 59 || sec > 59)
        return false;
    *ms = ((h * 60 + m) * 60 + sec) * 1000 + frac;
    *s = p;
    return true;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* "start --> end [settings]" */
static bool parse_timing(const char *s, size_t n, int64_t *a, int64_t *b)
{
    const char *end = s + n;
    const char *p = skip_ws(s, end);
    if (!parse_time(&p, end, a))
        return false;
    p = skip_ws(p, end);
    if (end - p < 3 || memcmp(p, "-->", 3) != 0)
        return false;
    p = skip_ws(p + 3, end);
    if (!parse_time(&p, end, b))
        return false;
    return p == end || *p == ' ' || *p == '\t';
}

static bool contains_arrow(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "-->", 3) == 0)
            return true;
    return false;
}

struct buf {
    char *s;
    size_t n, cap;
    bool oom;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    char *t = grow_array(b->s, &b->cap, b->n + n + 1, 1, 128);
    if (t == NULL) {
        b->oom = true;
        return;
    }
    b->s = t;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* Appends one line of cue text without markup and with entities decoded. */
static void add_text_line(struct buf *b, const char *s, size_t n)
{
    static const struct {
        const char *name, *utf8;
    } entities[] = {{"&amp;", "&"},
                    {"&lt;", "<"},
                    {"&gt;", ">"},
                    {"&nbsp;", "\xc2\xa0"},
                    {"&lrm;", "\xe2\x80\x8e"},
                    {"&rlm;", "\xe2\x80\x8f"},
                    {"&quot;", "\""},
                    {"&apos;", "'"}};
    size_t i = 0;
    while (i < n) {
        if (s[i] == '<') {
            const char *gt = memchr(s + i, '>', n - i);
            if (gt == NULL)
                break; /* an unclosed tag runs to the end of the line */
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (s[i] == '&') {
            bool done = false;
            for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]) && !done; e++) {
                size_t l = strlen(entities[e].name);
                if (n - i >= l && memcmp(s + i, entities[e].name, l) == 0) {
                    buf_add(b, entities[e].utf8, strlen(entities[e].utf8));
                    i += l;
                    done = true;
                }
            }
            if (done)
                continue;
        }
        if (s[i] == '\0') { /* a NUL in text is a replacement character per the spec */
            buf_add(b, "\xef\xbf\xbd", 3);
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && s[j] != '<' && s[j] != '&' && s[j] != '\0')
            j++;
        buf_add(b, s + i, j - i);
        i = j;
    }
}

static bool only_space(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

static int cmp_cue(const void *a, const void *b)
{
    const struct vtt_cue *x = a, *y = b;
    if (x->start_ms != y->start_ms)
        return x->start_ms < y->start_ms ? -1 : 1;
    /* qsort is not stable: the text pointers are in file order, so they break the tie. */
    return x->text < y->text ? -1 : x->text > y->text;
}

struct problem {
    int line, count;
    char reason[96];
};

static void note(struct problem *pr, int line, const char *reason)
{
    if (pr->count++ == 0) {
        pr->line = line;
        snprintf(pr->reason, sizeof(pr->reason), "%s", reason);
    }
}

struct vtt *vtt_parse(const char *name, const char *data, size_t len)
{
    struct vtt *v = NULL;
    struct buf text = {0};
    struct problem pr = {0};
    struct reader r = {data, data + len, 0};
    const char *s;
    size_t n;

    /* The texts of all cues live in one arena that may move while it grows, so cue.text
     * holds an offset into it until the end. */
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        r.p += 3;
    if (!next_line(&r, &s, &n) || n < 6 || memcmp(s, "WEBVTT", 6) != 0 ||
        (n > 6 && s[6] != ' ' && s[6] != '\t')) {
        LOG_WARN("%s:1: not a WebVTT file (the first line must be WEBVTT)", name);
        goto fail;
    }
    v = calloc(1, sizeof(*v));
    if (v == NULL)
        goto fail;
    /* The header runs to the first blank line. */
    while (next_line(&r, &s, &n) && n > 0)
        ;

    for (;;) {
        /* Skip blank lines; stop at the end. */
        bool more;
        while ((more = next_line(&r, &s, &n)) && n == 0)
            ;
        if (!more)
            break;
        int block_line = r.line;
        if ((n >= 4 && memcmp(s, "NOTE", 4) == 0 && (n == 4 || s[4] == ' ' || s[4] == '\t')) ||
            (n == 5 && memcmp(s, "STYLE", 5) == 0) || (n == 6 && memcmp(s, "REGION", 6) == 0)) {
            while (next_line(&r, &s, &n) && n > 0)
                ;
            continue;
        }
        if (!contains_arrow(s, n)) { /* a cue identifier; the timing follows */
            if (!next_line(&r, &s, &n) || n == 0) {
                note(&pr, block_line, "text without cue times");
                continue;
            }
        }
        int64_t a, b;
        bool timing_ok = parse_timing(s, n, &a, &b), ok = timing_ok;
        int timing_line = r.line;
        size_t at = text.n;
        bool first = true;
        while (next_line(&r, &s, &n) && n > 0) {
            if (contains_arrow(s, n)) { /* a timing line where text belongs: a missing blank */
                note(&pr, r.line, "cue times inside cue text (missing blank line?)");
                ok = false;
            }
            if (!first)
                buf_add(&text, "\n", 1);
            add_text_line(&text, s, n);
            first = false;
        }
        if (!ok) {
            if (!timing_ok)
                note(&pr, timing_line, "bad cue times (expected [hh:]mm:ss.ttt --> mm:ss.ttt)");
            text.n = at;
            continue;
        }
        if (b <= a) {
            note(&pr, timing_line, "cue ends before it starts");
            text.n = at;
            continue;
        }
        buf_add(&text, "", 1); /* keep the terminating NUL inside the arena */
        if (text.oom || only_space(text.s + at)) {
            text.n = at;
            continue;
        }
        if (v->count == VTT_MAX_CUES) {
            note(&pr, timing_line, "too many cues");
            break;
        }
        struct vtt_cue *c = grow_array(v->cues, &v->cap, v->count + 1, sizeof(*c), 32);
        if (c == NULL)
            goto fail;
        v->cues = c;
        v->cues[v->count++] = (struct vtt_cue){a, b, (const char *)(uintptr_t)at};
    }
    if (text.oom)
        goto fail;
    for (size_t i = 0; i < v->count; i++)
        v->cues[i].text = text.s + (uintptr_t)v->cues[i].text;
    if (v->count > 1)
        qsort(v->cues, v->count, sizeof(*v->cues), cmp_cue);
    v->arena = text.s;
    if (pr.count > 0)
        LOG_WARN("%s:%d: %s%s", name, pr.line, pr.reason,
                 pr.count > 1 ? " (and more bad cues skipped)" : "");
    return v;
fail:
    free(text.s);
    if (v != NULL)
        free(v->cues);
    free(v);
    return NULL;
}

struct vtt *vtt_load(const char *path)
{
    size_t n = 0;
    char *data = files_read_all(path, VTT_MAX_BYTES, &n);
    if (data == NULL) {
        if (errno == EFBIG)
            LOG_WARN("%s: larger than %d bytes, not a subtitle file", path, VTT_MAX_BYTES);
        else if (errno == EIO)
            LOG_WARN("%s: read error", path);
        else if (errno != ENOMEM)
            LOG_WARN("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct vtt *v = vtt_parse(path, data, n);
    free(data);
    return v;
}

void vtt_destroy(struct vtt *v)
{
    if (v == NULL)
        return;
    free(v->arena);
    free(v->cues);
    free(v);
}

size_t vtt_count(const struct vtt *v)
{
    return v != NULL ? v->count : 0;
}

const struct vtt_cue *vtt_cue_at_index(const struct vtt *v, size_t i)
{
    return v != NULL && i < v->count ? &v->cues[i] : NULL;
}

const struct vtt_cue *vtt_cue_at(const struct vtt *v, int64_t ms)
{
    if (v == NULL)
        return NULL;
    /* Cues are few and sorted: binary search for the last start <= ms, then look back for
     * the earliest cue still showing (overlaps are rare and short). */
    size_t lo = 0, hi = v->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->cues[mid].start_ms <= ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct vtt_cue *found = NULL;
    for (size_t i = lo; i-- > 0;) {
        if (v->cues[i].end_ms > ms)
            found = &v->cues[i];
        if (lo - i > 64)
            break;
    }
    return found;
}

const char *vtt_text_at(const struct vtt *v, int64_t ms)
{
    const struct vtt_cue *c = vtt_cue_at(v, ms);
    return c != NULL ? c->text : NULL;
}
