#define LOG_TAG "vtt"
#include "core/log.h"

#include "vtt.h"

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

int vtt_write(const char *path, const char *hash, const char *const *texts, const double *start,
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

void vtt_cues_free(struct vtt_cues *c)
{
    free(c->start);
    free(c->end);
    memset(c, 0, sizeof(*c));
}

/* "hh:mm:ss.mmm" or "mm:ss.mmm" */
static int parse_time(const char *s, double *t, const char **end)
{
    unsigned a, b, c, ms;
    int n = 0;
    if (sscanf(s, "%u:%u:%u.%3u%n", &a, &b, &c, &ms, &n) == 4 && b < 60 && c < 60) {
        *t = a * 3600.0 + b * 60.0 + c + ms / 1000.0;
    } else if (sscanf(s, "%u:%u.%3u%n", &b, &c, &ms, &n) == 3 && c < 60) {
        *t = b * 60.0 + c + ms / 1000.0;
    } else
        return -1;
    *end = s + n;
    return 0;
}

int vtt_read(const char *path, struct vtt_cues *out)
{
    int rc = -1, lineno = 0;
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    const char *why = "out of memory";
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "r");
    if (!f) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return -1;
    }
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1) {
            const char *l = strncmp(line, "\xEF\xBB\xBF", 3) == 0 ? line + 3 : line;
            if (strncmp(l, "WEBVTT", 6) != 0) {
                why = "does not start with WEBVTT";
                goto out;
            }
            continue;
        }
        if (strncmp(line, "NOTE mkexplainer ", 17) == 0) {
            snprintf(out->hash, sizeof(out->hash), "%s", line + 17);
            continue;
        }
        const char *arrow = strstr(line, "-->");
        if (!arrow)
            continue;
        double a, b;
        const char *e;
        if (parse_time(line, &a, &e) < 0 ||
            parse_time(arrow + 3 + strspn(arrow + 3, " \t"), &b, &e) < 0 || b < a) {
            why = "bad cue timing";
            goto out;
        }
        if (out->count == alloc) {
            alloc = alloc ? alloc * 2 : 32;
            double *ns = realloc(out->start, alloc * sizeof(double));
            if (!ns)
                goto out;
            out->start = ns;
            double *ne = realloc(out->end, alloc * sizeof(double));
            if (!ne)
                goto out;
            out->end = ne;
        }
        out->start[out->count] = a;
        out->end[out->count] = b;
        out->count++;
    }
    if (lineno == 0) {
        why = "empty file";
        goto out;
    }
    rc = 0;
out:
    if (rc < 0) {
        LOG_ERR("%s:%d: not a usable WebVTT file: %s", path, lineno, why);
        vtt_cues_free(out);
    }
    free(line);
    fclose(f);
    return rc;
}
