#define LOG_TAG "content"
#include "content/content.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uloc.h>

#include "content/po.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/grow.h"

enum { TOPIC_DEFAULT_ORDER = 1000 };

struct kv {
    char *key, *value;
};

/* A hash index over an array's names (slot = array index + 1, 0 = empty), so loading and
 * looking up thousands of strings or topics takes linear time, not quadratic. */
struct strindex {
    size_t *slot;
    size_t cap; /* a power of two, or 0 */
};

struct lang {
    char tag[16];
    struct kv *kv;
    size_t count, cap;
    struct strindex ix;
    /* Review state of the kiosk.po [0] and topics.po [1] in use; a later root's file replaces. */
    struct content_review_info review[2];
    bool has_review[2];
};

struct topic_meta {
    char slug[64];
    char pictogram[64];
    int order;
};

struct content {
    char **roots;
    size_t root_count;
    struct lang *langs;
    size_t lang_count;
    struct topic_meta *meta;
    size_t meta_count, meta_cap;
    struct strindex meta_ix;
    bool topics_cut_logged; /* the "more topics than shown" line is written once */
};

struct content *content_new(void)
{
    struct content *c = calloc(1, sizeof(*c));
    if (c == NULL)
        LOG_ERR("out of memory");
    return c;
}

void content_destroy(struct content *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->root_count; i++)
        free(c->roots[i]);
    free(c->roots);
    for (size_t i = 0; i < c->lang_count; i++) {
        for (size_t k = 0; k < c->langs[i].count; k++) {
            free(c->langs[i].kv[k].key);
            free(c->langs[i].kv[k].value);
        }
        free(c->langs[i].kv);
        free(c->langs[i].ix.slot);
    }
    free(c->langs);
    free(c->meta);
    free(c->meta_ix.slot);
    free(c);
}

bool content_language_rtl(const char *lang)
{
    return lang && lang[0] && uloc_isRightToLeft(lang);
}

static bool valid_tag(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 15 || !islower((unsigned char)s[0]) || !islower((unsigned char)s[1]))
        return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

static bool valid_slug(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

typedef const char *(*name_at_fn)(const void *array, size_t i);

static size_t str_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot holding key, or the empty slot where it would go; NULL when the index is empty. */
static size_t *ix_slot(const struct strindex *ix, const char *key, name_at_fn name,
                       const void *array)
{
    if (ix->cap == 0)
        return NULL;
    for (size_t k = str_hash(key) & (ix->cap - 1);; k = (k + 1) & (ix->cap - 1)) {
        size_t v = ix->slot[k];
        if (v == 0 || strcmp(name(array, v - 1), key) == 0)
            return &ix->slot[k];
    }
}

static size_t ix_find(const struct strindex *ix, const char *key, name_at_fn name,
                      const void *array)
{
    size_t *slot = ix_slot(ix, key, name, array);
    return slot && *slot ? *slot - 1 : SIZE_MAX;
}

/* Adds array[i] (its name not yet in the index); count = entries after adding. */
static bool ix_add(struct strindex *ix, size_t i, size_t count, name_at_fn name, const void *array)
{
    if (count * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        while (count * 2 > cap)
            cap *= 2;
        size_t *slot = calloc(cap, sizeof(*slot));
        if (slot == NULL)
            return false;
        struct strindex grown = {slot, cap};
        for (size_t k = 0; k < ix->cap; k++)
            if (ix->slot[k])
                *ix_slot(&grown, name(array, ix->slot[k] - 1), name, array) = ix->slot[k];
        free(ix->slot);
        *ix = grown;
    }
    *ix_slot(ix, name(array, i), name, array) = i + 1;
    return true;
}

static const char *kv_name(const void *array, size_t i)
{
    return ((const struct kv *)array)[i].key;
}

static const char *meta_name(const void *array, size_t i)
{
    return ((const struct topic_meta *)array)[i].slug;
}

static struct lang *find_lang(const struct content *c, const char *tag)
{
    for (size_t i = 0; i < c->lang_count; i++)
        if (strcmp(c->langs[i].tag, tag) == 0)
            return &c->langs[i];
    return NULL;
}

static struct lang *get_lang(struct content *c, const char *tag)
{
    struct lang *l = find_lang(c, tag);
    if (l)
        return l;
    struct lang *langs = realloc(c->langs, (c->lang_count + 1) * sizeof(*langs));
    if (langs == NULL)
        return NULL;
    c->langs = langs;
    l = &langs[c->lang_count++];
    memset(l, 0, sizeof(*l));
    snprintf(l->tag, sizeof(l->tag), "%s", tag);
    return l;
}

static const char *lang_get(const struct lang *l, const char *key)
{
    size_t i = ix_find(&l->ix, key, kv_name, l->kv);
    return i == SIZE_MAX ? NULL : l->kv[i].value;
}

static bool lang_set(struct lang *l, const char *key, const char *value)
{
    size_t i = ix_find(&l->ix, key, kv_name, l->kv);
    if (i != SIZE_MAX) {
        char *v = strdup(value);
        if (v == NULL)
            return false;
        free(l->kv[i].value);
        l->kv[i].value = v;
        return true;
    }
    struct kv *kv = grow_array(l->kv, &l->cap, l->count + 1, sizeof(*kv), 64);
    if (kv == NULL)
        return false;
    l->kv = kv;
    char *k = strdup(key), *v = strdup(value);
    if (k == NULL || v == NULL) {
        free(k);
        free(v);
        return false;
    }
    l->kv[l->count] = (struct kv){k, v};
    if (!ix_add(&l->ix, l->count, l->count + 1, kv_name, l->kv)) {
        free(k);
        free(v);
        return false;
    }
    l->count++;
    return true;
}

static struct topic_meta *find_meta(const struct content *c, const char *slug)
{
    size_t i = ix_find(&c->meta_ix, slug, meta_name, c->meta);
    return i == SIZE_MAX ? NULL : &c->meta[i];
}

/* Every topic with a title somewhere has a meta entry, so its slug has a stable home. */
static struct topic_meta *ensure_meta(struct content *c, const char *slug)
{
    struct topic_meta *m = find_meta(c, slug);
    if (m)
        return m;
    struct topic_meta *meta =
        grow_array(c->meta, &c->meta_cap, c->meta_count + 1, sizeof(*meta), 64);
    if (meta == NULL)
        return NULL;
    c->meta = meta;
    m = &c->meta[c->meta_count];
    memset(m, 0, sizeof(*m));
    snprintf(m->slug, sizeof(m->slug), "%s", slug);
    m->order = TOPIC_DEFAULT_ORDER;
    if (!ix_add(&c->meta_ix, c->meta_count, c->meta_count + 1, meta_name, c->meta))
        return NULL;
    c->meta_count++;
    return m;
}

/* Entries are gathered first and applied only when the whole file parsed. */
struct po_load {
    const char *prefix; /* "" for kiosk.po, "topic:" for topics.po */
    const char *path;
    struct kv *kv;
    size_t count, cap;
    bool oom;
    struct content_review_info review;
};

bool content_review_parse(const char *value, enum content_review *out)
{
    static const char *const names[] = {"none", "second-translator", "native-speaker"};
    for (int i = 0; i < 3; i++)
        if (strcmp(value, names[i]) == 0) {
            *out = (enum content_review)i;
            return true;
        }
    *out = CONTENT_REVIEW_NONE;
    return false;
}

const char *content_review_name(enum content_review state)
{
    return state == CONTENT_REVIEW_NATIVE   ? "native-speaker"
           : state == CONTENT_REVIEW_SECOND ? "second-translator"
                                            : "none";
}

static bool valid_date(const char *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? d[i] != '-' : !isdigit((unsigned char)d[i]))
            return false;
    return d[10] == '\0';
}

/* The header entry: its review fields. An unknown state is logged and counts as none. */
static void read_review(const char *header, struct content_review_info *r, const char *path)
{
    char state[64] = "", date[32] = "";
    po_header_field(header, "X-Review-State", state, sizeof(state));
    po_header_field(header, "X-Review-Date", date, sizeof(date));
    if (state[0] && !content_review_parse(state, &r->state))
        LOG_WARN("%s: X-Review-State \"%s\" is not none, second-translator or native-speaker; "
                 "counted as none",
                 path, state);
    if (valid_date(date))
        snprintf(r->date, sizeof(r->date), "%s", date);
}

static bool collect(void *ctx, const struct po_entry *e)
{
    struct po_load *pl = ctx;
    if (e->msgid[0] == '\0' && e->msgctxt == NULL) {
        read_review(e->msgstr, &pl->review, pl->path);
        return true;
    }
    if (e->msgid[0] == '\0' || e->msgctxt == NULL || e->fuzzy || e->msgstr[0] == '\0')
        return true; /* header, entries without key, untranslated: fall back */
    struct kv *kv = grow_array(pl->kv, &pl->cap, pl->count + 1, sizeof(*kv), 64);
    if (kv == NULL) {
        pl->oom = true;
        return false;
    }
    pl->kv = kv;
    size_t kl = strlen(pl->prefix) + strlen(e->msgctxt) + 1;
    char *k = malloc(kl), *v = strdup(e->msgstr);
    if (k == NULL || v == NULL) {
        free(k);
        free(v);
        pl->oom = true;
        return false;
    }
    snprintf(k, kl, "%s%s", pl->prefix, e->msgctxt);
    /* Pack text may not reorder the screen (an RLO reversing a title or a number). */
    size_t stripped = utf8_strip_bidi_controls(v);
    if (stripped > 0)
        LOG_WARN("%s:%d: \"%s\": %zu bidi override, embedding or isolate control(s) removed",
                 pl->path, e->line, e->msgctxt, stripped);
    pl->kv[pl->count++] = (struct kv){k, v};
    return true;
}

static void load_po(struct content *c, const char *path, const char *tag, const char *prefix)
{
    struct po_load pl = {.prefix = prefix, .path = path};
    struct stat st;
    if (stat(path, &st) != 0)
        return; /* a language folder may carry only videos or only topics */
    bool ok = po_read_file(path, collect, &pl);
    if (pl.oom)
        LOG_ERR("%s: out of memory", path);
    if (ok && !pl.oom) {
        struct lang *l = get_lang(c, tag);
        if (l) {
            int which = prefix[0] ? 1 : 0;
            l->review[which] = pl.review;
            l->has_review[which] = true;
        }
        for (size_t i = 0; l && i < pl.count; i++) {
            const char *k = pl.kv[i].key;
            size_t kl = strlen(k);
            if (!lang_set(l, k, pl.kv[i].value))
                LOG_ERR("%s: out of memory", path);
            if (prefix[0] && kl > 12 && kl - 12 < 64 && strcmp(k + kl - 6, ".title") == 0) {
                char slug[64];
                memcpy(slug, k + 6, kl - 12);
                slug[kl - 12] = '\0';
                if (!valid_slug(slug))
                    LOG_WARN("%s: topic \"%s\": a slug is lower-case ASCII; topic left out", path,
                             slug);
                else if (ensure_meta(c, slug) == NULL)
                    LOG_ERR("%s: out of memory", path);
            }
        }
    }
    for (size_t i = 0; i < pl.count; i++) {
        free(pl.kv[i].key);
        free(pl.kv[i].value);
    }
    free(pl.kv);
}

/* topics.conf: "slug order pictogram" per line, '#' comments. */
static void load_topics_conf(struct content *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return;
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    /* Lines of any length: a long comment is one line, not several misnumbered ones. */
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char slug[64], pict[64] = "";
        int order;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        int n = sscanf(line, "%63s %d %63s", slug, &order, pict);
        if (n <= 0)
            continue;
        if (n < 2 || !valid_slug(slug) || order < 0 || order > 100000) {
            LOG_WARN("%s:%d: not \"slug order pictogram\"; line ignored", path, lineno);
            continue;
        }
        struct topic_meta *m = ensure_meta(c, slug);
        if (m == NULL) {
            LOG_ERR("%s: out of memory", path);
            break;
        }
        m->order = order;
        snprintf(m->pictogram, sizeof(m->pictogram), "%s", pict);
    }
    free(line);
    fclose(f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool content_add_root(struct content *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        LOG_WARN("%s: %s; content root not used", dir, strerror(errno));
        return false;
    }
    char **roots = realloc(c->roots, (c->root_count + 1) * sizeof(*roots));
    char *copy = strdup(dir);
    if (roots == NULL || copy == NULL) {
        free(copy);
        if (roots)
            c->roots = roots;
        closedir(d);
        LOG_ERR("out of memory");
        return false;
    }
    c->roots = roots;
    c->roots[c->root_count++] = copy;

    char path[4096];
    snprintf(path, sizeof(path), "%s/topics.conf", dir);
    load_topics_conf(c, path);

    /* Sorted, so the order of languages does not depend on the file system. */
    char *names[256];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < 256) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (!valid_tag(de->d_name)) {
            LOG_WARN("%s: \"%s\" is not a language tag; folder ignored", dir, de->d_name);
            continue;
        }
        names[n] = strdup(de->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_str);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s/kiosk.po", dir, names[i]);
        load_po(c, path, names[i], "");
        snprintf(path, sizeof(path), "%s/%s/topics.po", dir, names[i]);
        load_po(c, path, names[i], "topic:");
        free(names[i]);
    }
    return true;
}

bool content_language_review(const struct content *c, const char *lang,
                             struct content_review_info *out)
{
    const struct lang *l = find_lang(c, lang);
    if (l == NULL || (!l->has_review[0] && !l->has_review[1]))
        return false;
    int pick = !l->has_review[0]   ? 1
               : !l->has_review[1] ? 0
                                   : (l->review[1].state < l->review[0].state ? 1 : 0);
    *out = l->review[pick];
    return true;
}

size_t content_language_count(const struct content *c)
{
    return c->lang_count;
}

const char *content_language(const struct content *c, size_t i)
{
    return i < c->lang_count ? c->langs[i].tag : NULL;
}

bool content_has_language(const struct content *c, const char *lang)
{
    const struct lang *l = find_lang(c, lang);
    return l != NULL && l->count > 0;
}

const char *content_string_exact(const struct content *c, const char *lang, const char *key)
{
    const struct lang *l = lang ? find_lang(c, lang) : NULL;
    return l ? lang_get(l, key) : NULL;
}

const char *content_string(const struct content *c, const char *lang, const char *key)
{
    const char *v = content_string_exact(c, lang, key);
    if (v == NULL)
        v = content_string_exact(c, "nl", key);
    return v ? v : key;
}

const char *content_language_name(const struct content *c, const char *lang)
{
    const char *v = content_string_exact(c, lang, "language.name");
    return v ? v : lang;
}

static bool fill_topic(const struct content *c, const struct lang *l, const char *slug,
                       struct content_topic *t)
{
    char key[96];
    snprintf(key, sizeof(key), "topic:%s.title", slug);
    const char *title = lang_get(l, key);
    if (title == NULL)
        return false;
    const struct topic_meta *m = find_meta(c, slug);
    if (m == NULL)
        return false;
    t->slug = m->slug;
    t->pictogram = m->pictogram;
    t->order = m->order;
    t->title = title;
    snprintf(key, sizeof(key), "topic:%s.summary", slug);
    t->summary = lang_get(l, key);
    snprintf(key, sizeof(key), "topic:%s.script", slug);
    t->script = lang_get(l, key);
    snprintf(key, sizeof(key), "topic:%s.advice", slug);
    t->advice = lang_get(l, key);
    if (!t->summary)
        t->summary = "";
    if (!t->script)
        t->script = "";
    if (!t->advice)
        t->advice = "";
    return true;
}

static int cmp_topic(const void *a, const void *b)
{
    const struct content_topic *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->slug, y->slug);
}

size_t content_topics(const struct content *c, const char *lang, struct content_topic *out,
                      size_t max)
{
    const struct lang *l = find_lang(c, lang);
    if (l == NULL || max == 0)
        return 0;
    /* All of them sorted first, so the ones offered are the first by order, not by chance. */
    struct content_topic *all = malloc((c->meta_count + 1) * sizeof(*all));
    if (all == NULL) {
        LOG_ERR("out of memory");
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->meta_count; i++)
        if (fill_topic(c, l, c->meta[i].slug, &all[n]))
            n++;
    qsort(all, n, sizeof(all[0]), cmp_topic);
    if (n > max && !c->topics_cut_logged) {
        LOG_WARN("%s: %zu topics, only the first %zu (by order) are offered; %zu left out", lang, n,
                 max, n - max);
        /* The content itself is never written through a const pointer; this flag only
         * keeps the line from repeating every frame. */
        ((struct content *)c)->topics_cut_logged = true;
    }
    size_t shown = n < max ? n : max;
    memcpy(out, all, shown * sizeof(*out));
    free(all);
    return shown;
}

bool content_topic(const struct content *c, const char *lang, const char *slug,
                   struct content_topic *out)
{
    const struct lang *l = find_lang(c, lang);
    return l != NULL && fill_topic(c, l, slug, out);
}

char *content_find_file(const struct content *c, const char *lang, const char *relpath)
{
    if (strstr(relpath, "..") != NULL || relpath[0] == '/' || !valid_tag(lang))
        return NULL;
    for (size_t i = c->root_count; i-- > 0;) {
        char path[4096];
        int n = snprintf(path, sizeof(path), "%s/%s/%s", c->roots[i], lang, relpath);
        if (n < 0 || (size_t)n >= sizeof(path))
            continue;
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return strdup(path);
    }
    return NULL;
}
