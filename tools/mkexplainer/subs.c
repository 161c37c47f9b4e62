#define LOG_TAG "subs"
#include "core/log.h"

#include "subs.h"

#include "video/vtt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_time(FILE *f, double t)
{
    long ms = lround(t * 1000.0);
    fprintf(f, "%02ld:%02ld:%02ld.%03ld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

/* Cue text may not contain "-->" or a blank line, and '&' '<' '>' are escaped. */
static void put_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '\n':
            fputc(' ', f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

int subs_write(const char *path, const char *hash, const char *const *texts, const double *start,
               const double *end, size_t count)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "WEBVTT\n\nNOTE mkexplainer %s\n", hash);
    for (size_t i = 0; i < count; i++) {
        fprintf(f, "\n%zu\n", i + 1);
        put_time(f, start[i]);
        fputs(" --> ", f);
        put_time(f, end[i]);
        fputc('\n', f);
        put_text(f, texts[i]);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        LOG_ERR("%s: write failed", path);
        return -1;
    }
    return 0;
}

bool subs_hash(const char *path, char out[129])
{
    char line[512];
    bool found = false;
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    /* The note is the third line; a few more lines are looked at in case of a BOM or CRs. */
    for (int i = 0; i < 5 && !found && fgets(line, sizeof(line), f); i++)
        found = sscanf(line, "NOTE mkexplainer %128[0-9a-f]", out) == 1;
    fclose(f);
    return found;
}

/* Code points of a cue's text, line breaks not counted. */
static size_t chars_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (*s & 0xC0) != 0x80 && *s != '\n';
    return n;
}

bool subs_measure(const char *path, struct subs_report *out)
{
    memset(out, 0, sizeof(*out));
    struct vtt *v = vtt_load(path);
    if (!v)
        return false; /* vtt_load named the file and the reason */
    out->cues = vtt_count(v);
    int64_t prev_end = -1;
    for (size_t i = 0; i < out->cues; i++) {
        const struct vtt_cue *c = vtt_cue_at_index(v, i);
        double secs = (double)(c->end_ms - c->start_ms) / 1000.0;
        double cps = secs > 0 ? (double)chars_of(c->text) / secs : 1e9;
        if (cps > out->max_cps) {
            out->max_cps = cps;
            out->fastest = i + 1;
        }
        if (prev_end >= 0 && c->start_ms < prev_end)
            out->overlaps++;
        else if (prev_end >= 0 && (double)(c->start_ms - prev_end) / 1000.0 > out->largest_gap)
            out->largest_gap = (double)(c->start_ms - prev_end) / 1000.0;
        prev_end = c->end_ms;
    }
    out->last_end = prev_end > 0 ? (double)prev_end / 1000.0 : 0;
    vtt_destroy(v);
    return true;
}
