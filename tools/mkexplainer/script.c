#define LOG_TAG "script"
#include "core/log.h"

#include "script.h"

#include "content/content.h"

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
    free(s->contact);
    for (size_t i = 0; i < s->n_terms; i++)
        free(s->terms[i]);
    free(s->terms);
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

/* Dutch terms from <root>/terms.conf, one a line ('#' comments): shown as key words on the
 * slides of the sentences that name them. A missing file means no key words, not an error. */
static int read_terms(struct script *s, const char *root)
{
    char path[4096], line[256];
    snprintf(path, sizeof(path), "%s/terms.conf", root);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        size_t n = strlen(t);
        while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
            t[--n] = '\0';
        if (n == 0 || t[0] == '#')
            continue;
        char **terms = realloc(s->terms, (s->n_terms + 1) * sizeof(*terms));
        if (!terms || !(terms[s->n_terms] = strdup(t))) {
            if (terms)
                s->terms = terms;
            rc = -1;
            break;
        }
        s->terms = terms;
        s->n_terms++;
    }
    fclose(f);
    return rc;
}

struct script *script_load(const char *root, const char *lang, const char *slug, int max_lines)
{
    struct script *s = calloc(1, sizeof(*s));
    struct content *c = content_new();
    struct content_topic t;
    if (!s || !c)
        goto fail;
    s->lang = strdup(lang);
    s->slug = strdup(slug);
    if (!s->lang || !s->slug)
        goto fail;
    /* The kiosk's own reader: what the video says is what the kiosk shows for the topic. */
    if (!content_add_root(c, root))
        goto fail;
    if (!content_topic(c, lang, slug, &t)) {
        LOG_ERR("%s/%s/topics.po: no translation for \"%s.title\"", root, lang, slug);
        goto fail;
    }
    const char *end = content_string_exact(c, lang, "explainer.end");
    const char *contact = content_string_exact(c, lang, "contact.button");
    if (!t.script || !t.script[0]) {
        LOG_ERR("%s/%s/topics.po: no translation for \"%s.script\"", root, lang, slug);
        goto fail;
    }
    if (!end) {
        LOG_ERR("%s/%s/kiosk.po: no translation for \"explainer.end\"", root, lang);
        goto fail;
    }
    if (add_lines(s, SCRIPT_TITLE, t.title, 1) < 0 ||
        add_lines(s, SCRIPT_LINE, t.script, max_lines) < 0 || add_lines(s, SCRIPT_END, end, 0) < 0)
        goto fail;
    if (!t.pictogram || !t.pictogram[0])
        LOG_WARN("%s/topics.conf: no pictogram for topic \"%s\"; using the default", root, slug);
    s->pictogram = strdup(t.pictogram && t.pictogram[0] ? t.pictogram : DEFAULT_PICTOGRAM);
    s->contact = strdup(contact ? contact : "");
    if (!s->pictogram || !s->contact || read_terms(s, root) < 0)
        goto fail;
    content_destroy(c);
    return s;
fail:
    content_destroy(c);
    script_destroy(s);
    return NULL;
}
