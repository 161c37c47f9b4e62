#define LOG_TAG "script"
#include "core/log.h"

#include "script.h"

#include "content/po.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Used when topics.conf names no pictogram for the topic: "information". */
#define DEFAULT_PICTOGRAM "\xE2\x84\xB9\xEF\xB8\x8F"

void script_destroy(struct script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free(s->segs[i].text);
    free(s->segs);
    free(s->lang);
    free(s->slug);
    free(s->pictogram);
    free(s);
}

static int add_segment(struct script *s, enum script_kind kind, const char *text, size_t len)
{
    while (len && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
    if (len == 0)
        return 0;
    struct script_segment *n = realloc(s->segs, (s->count + 1) * sizeof(*n));
    if (!n)
        return -1;
    s->segs = n;
    s->segs[s->count].kind = kind;
    s->segs[s->count].text = strndup(text, len);
    if (!s->segs[s->count].text)
        return -1;
    s->count++;
    return 0;
}

/* Adds every non-empty line of text; at most max (when > 0). */
static int add_lines(struct script *s, enum script_kind kind, const char *text, int max)
{
    int added = 0;
    while (*text && (max <= 0 || added < max)) {
        size_t n = strcspn(text, "\n");
        size_t before = s->count;
        if (add_segment(s, kind, text, n) < 0)
            return -1;
        added += s->count > before;
        text += n;
        if (*text == '\n')
            text++;
    }
    return 0;
}

/* The entries a script needs from one PO file, collected by po_read_file's callback. */
struct wanted {
    const char *keys[2];
    char *values[2];
    bool failed;
};

static bool collect(void *ctx, const struct po_entry *e)
{
    struct wanted *w = ctx;
    for (int i = 0; i < 2; i++) {
        if (!w->keys[i] || !e->msgctxt || strcmp(e->msgctxt, w->keys[i]) != 0)
            continue;
        if (e->fuzzy || !e->msgstr[0])
            continue; /* untranslated: reported as missing */
        free(w->values[i]);
        if (!(w->values[i] = strdup(e->msgstr)))
            w->failed = true;
    }
    return !w->failed;
}

/* Reads the wanted keys of path; every one must be there and translated. */
static int read_keys(const char *path, struct wanted *w)
{
    if (!po_read_file(path, collect, w) || w->failed)
        return -1; /* po_read_file logged the file and line */
    for (int i = 0; i < 2; i++)
        if (w->keys[i] && !w->values[i]) {
            LOG_ERR("%s: no translation for \"%s\"", path, w->keys[i]);
            return -1;
        }
    return 0;
}

static char *read_pictogram(const char *root, const char *slug)
{
    char path[4096], *line = NULL, *found = NULL;
    size_t cap = 0;
    snprintf(path, sizeof(path), "%s/topics.conf", root);
    FILE *f = fopen(path, "r");
    if (!f) {
        LOG_WARN("%s: %s; using the default pictogram", path, strerror(errno));
        return strdup(DEFAULT_PICTOGRAM);
    }
    while (!found && getline(&line, &cap, f) >= 0) {
        char *save = NULL;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#')
            continue;
        char *s = strtok_r(line, " \t", &save);
        char *order = strtok_r(NULL, " \t", &save);
        char *pict = strtok_r(NULL, " \t", &save);
        if (s && order && pict && strcmp(s, slug) == 0)
            found = strdup(pict);
    }
    free(line);
    fclose(f);
    if (!found) {
        LOG_WARN("%s: no pictogram for topic \"%s\"; using the default", path, slug);
        found = strdup(DEFAULT_PICTOGRAM);
    }
    return found;
}

struct script *script_load(const char *root, const char *lang, const char *slug, int max_lines)
{
    char topics_path[4096], kiosk_path[4096], title_key[256], script_key[256];
    snprintf(title_key, sizeof(title_key), "%s.title", slug);
    snprintf(script_key, sizeof(script_key), "%s.script", slug);
    struct wanted topics = {{title_key, script_key}, {NULL, NULL}, false};
    struct wanted kiosk = {{"explainer.end", NULL}, {NULL, NULL}, false};
    struct script *s = calloc(1, sizeof(*s));
    if (!s)
        goto fail;
    s->lang = strdup(lang);
    s->slug = strdup(slug);
    if (!s->lang || !s->slug)
        goto fail;
    snprintf(topics_path, sizeof(topics_path), "%s/%s/topics.po", root, lang);
    snprintf(kiosk_path, sizeof(kiosk_path), "%s/%s/kiosk.po", root, lang);
    if (read_keys(topics_path, &topics) < 0 || read_keys(kiosk_path, &kiosk) < 0)
        goto fail;
    if (add_lines(s, SCRIPT_TITLE, topics.values[0], 1) < 0 ||
        add_lines(s, SCRIPT_LINE, topics.values[1], max_lines) < 0 ||
        add_lines(s, SCRIPT_END, kiosk.values[0], 0) < 0)
        goto fail;
    if (!(s->pictogram = read_pictogram(root, slug)))
        goto fail;
    goto out;
fail:
    script_destroy(s);
    s = NULL;
out:
    for (int i = 0; i < 2; i++) {
        free(topics.values[i]);
        free(kiosk.values[i]);
    }
    return s;
}
