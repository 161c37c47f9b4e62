#define LOG_TAG "posrc"
#include "core/log.h"

#include "posrc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct posrc_file {
    struct posrc_entry *entries;
    size_t count, cap;
    char language[32];
};

/* Growing byte buffer with a line per byte, the string under construction. */
struct sbuf {
    char *text;
    int *lines;
    size_t len, cap;
};

static int sbuf_put(struct sbuf *b, char c, int line)
{
    if (b->len + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *t = realloc(b->text, cap);
        if (!t)
            return -1;
        b->text = t;
        int *l = realloc(b->lines, cap * sizeof(*l));
        if (!l)
            return -1;
        b->lines = l;
        b->cap = cap;
    }
    b->text[b->len] = c;
    b->lines[b->len] = line;
    b->len++;
    b->text[b->len] = '\0';
    b->lines[b->len] = line;
    return 0;
}

static void sbuf_free(struct sbuf *b)
{
    free(b->text);
    free(b->lines);
    memset(b, 0, sizeof(*b));
}

/* Moves the buffer into a po_string (an empty string when nothing was added). */
static int sbuf_take(struct sbuf *b, struct posrc_string *s, int line)
{
    if (!b->text && sbuf_put(b, 'x', line) == 0)
        b->len = 0, b->text[0] = '\0';
    if (!b->text)
        return -1;
    s->text = b->text;
    s->lines = b->lines;
    s->len = b->len;
    memset(b, 0, sizeof(*b));
    return 0;
}

/* Appends the C-escaped contents of the quoted string at p ("...") to b. */
static int parse_quoted(const char *p, struct sbuf *b, int line, const char **err)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '"') {
        *err = "expected a quoted string";
        return -1;
    }
    p++;
    for (; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case '"':
                c = '"';
                break;
            case '\\':
                c = '\\';
                break;
            case 'a':
                c = '\a';
                break;
            default:
                *err = "unknown escape sequence";
                return -1;
            }
        }
        if (sbuf_put(b, c, line) < 0) {
            *err = "out of memory";
            return -1;
        }
    }
    if (*p != '"') {
        *err = "unterminated string";
        return -1;
    }
    p++;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p) {
        *err = "text after the closing quote";
        return -1;
    }
    return 0;
}

enum field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR, F_STR_OTHER };

struct parser {
    struct posrc_file *po;
    struct sbuf ctxt, id, str, skip;
    enum field field;
    bool have_id, have_str, fuzzy, has_ctxt;
    int entry_line;
};

static void entry_free(struct posrc_entry *e)
{
    free(e->ctxt);
    free(e->id.text);
    free(e->id.lines);
    free(e->str.text);
    free(e->str.lines);
}

static void header_language(struct posrc_file *po, const char *hdr)
{
    const char *l = strstr(hdr, "Language:");
    if (!l || (l != hdr && l[-1] != '\n'))
        return;
    l += strlen("Language:");
    while (*l == ' ')
        l++;
    size_t n = strcspn(l, "\n ");
    if (n >= sizeof(po->language))
        n = sizeof(po->language) - 1;
    memcpy(po->language, l, n);
    po->language[n] = '\0';
}

/* Ends the entry being read: stores it (or reads the header from it). */
static int finish_entry(struct parser *ps)
{
    int rc = -1;
    struct posrc_entry e = {0};
    if (!ps->have_id) {
        rc = 0;
        goto out;
    }
    if (ps->id.len == 0 && !ps->has_ctxt) {
        if (ps->str.text)
            header_language(ps->po, ps->str.text);
        rc = 0;
        goto out;
    }
    if (ps->has_ctxt) {
        e.ctxt = strdup(ps->ctxt.text ? ps->ctxt.text : "");
        if (!e.ctxt)
            goto out;
    }
    if (sbuf_take(&ps->id, &e.id, ps->entry_line) < 0 ||
        sbuf_take(&ps->str, &e.str, ps->entry_line) < 0)
        goto out;
    e.fuzzy = ps->fuzzy;
    e.line = ps->entry_line;
    struct posrc_file *po = ps->po;
    if (po->count == po->cap) {
        size_t cap = po->cap ? po->cap * 2 : 32;
        struct posrc_entry *n = realloc(po->entries, cap * sizeof(*n));
        if (!n)
            goto out;
        po->entries = n;
        po->cap = cap;
    }
    po->entries[po->count++] = e;
    memset(&e, 0, sizeof(e));
    rc = 0;
out:
    entry_free(&e);
    sbuf_free(&ps->ctxt);
    sbuf_free(&ps->id);
    sbuf_free(&ps->str);
    sbuf_free(&ps->skip);
    ps->field = F_NONE;
    ps->have_id = ps->have_str = ps->fuzzy = ps->has_ctxt = false;
    ps->entry_line = 0;
    return rc;
}

static struct sbuf *field_buf(struct parser *ps)
{
    switch (ps->field) {
    case F_CTXT:
        return &ps->ctxt;
    case F_ID:
        return &ps->id;
    case F_STR:
        return &ps->str;
    case F_PLURAL:
    case F_STR_OTHER:
        return &ps->skip;
    case F_NONE:
        break;
    }
    return NULL;
}

static int parse_line(struct parser *ps, char *s, int line, const char **err)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    if (n == 0)
        return 0;
    if (s[0] == '#') {
        if (s[1] == '~') /* obsolete entry: ignored */
            return 0;
        if (ps->have_str && finish_entry(ps) < 0) {
            *err = "out of memory";
            return -1;
        }
        if (s[1] == ',' && strstr(s, "fuzzy"))
            ps->fuzzy = true;
        return 0;
    }
    if (s[0] == '"') {
        struct sbuf *b = field_buf(ps);
        if (!b) {
            *err = "string continuation without a keyword";
            return -1;
        }
        return parse_quoted(s, b, line, err);
    }
    static const struct {
        const char *kw;
        enum field f;
    } kws[] = {
        {"msgctxt", F_CTXT},  {"msgid_plural", F_PLURAL}, {"msgid", F_ID},
        {"msgstr[0]", F_STR}, {"msgstr[", F_STR_OTHER},   {"msgstr", F_STR},
    };
    for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
        size_t kl = strlen(kws[i].kw);
        if (strncmp(s, kws[i].kw, kl) != 0)
            continue;
        const char *rest = s + kl;
        if (kws[i].f == F_STR_OTHER) {
            rest = strchr(rest, ']');
            if (!rest) {
                *err = "bad msgstr[N]";
                return -1;
            }
            rest++;
        }
        if (*rest != ' ' && *rest != '\t' && *rest != '"')
            continue;
        enum field f = kws[i].f;
        if ((f == F_CTXT || f == F_ID) && ps->have_str && finish_entry(ps) < 0) {
            *err = "out of memory";
            return -1;
        }
        if (f == F_CTXT) {
            if (ps->has_ctxt || ps->have_id) {
                *err = "msgctxt in the wrong place";
                return -1;
            }
            ps->has_ctxt = true;
        } else if (f == F_ID) {
            if (ps->have_id) {
                *err = "msgid without msgstr";
                return -1;
            }
            ps->have_id = true;
        } else if (f == F_STR || f == F_STR_OTHER || f == F_PLURAL) {
            if (!ps->have_id) {
                *err = "msgstr without msgid";
                return -1;
            }
            if (f != F_PLURAL)
                ps->have_str = true;
        }
        if (!ps->entry_line)
            ps->entry_line = line;
        ps->field = f;
        return parse_quoted(rest, field_buf(ps), line, err);
    }
    *err = "unknown keyword";
    return -1;
}

struct posrc_file *posrc_file_read(const char *path)
{
    struct posrc_file *po = NULL;
    struct parser ps = {0};
    char *buf = NULL;
    size_t cap = 0;
    int line = 0;
    const char *err = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        LOG_ERR("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    po = calloc(1, sizeof(*po));
    if (!po)
        goto fail;
    ps.po = po;
    ssize_t got;
    while ((got = getline(&buf, &cap, f)) >= 0) {
        line++;
        if (memchr(buf, '\0', (size_t)got)) {
            err = "NUL byte";
            goto fail;
        }
        if (line == 1 && strncmp(buf, "\xEF\xBB\xBF", 3) == 0)
            memmove(buf, buf + 3, strlen(buf + 3) + 1);
        if (parse_line(&ps, buf, line, &err) < 0)
            goto fail;
    }
    if (ferror(f)) {
        err = strerror(errno);
        goto fail;
    }
    if (ps.have_id && !ps.have_str) {
        err = "msgid without msgstr at the end";
        goto fail;
    }
    if (finish_entry(&ps) < 0) {
        err = "out of memory";
        goto fail;
    }
    free(buf);
    fclose(f);
    return po;
fail:
    LOG_ERR("%s:%d: not a valid PO file: %s", path, line, err ? err : "out of memory");
    finish_entry(&ps);
    free(buf);
    fclose(f);
    posrc_file_destroy(po);
    return NULL;
}

void posrc_file_destroy(struct posrc_file *po)
{
    if (!po)
        return;
    for (size_t i = 0; i < po->count; i++)
        entry_free(&po->entries[i]);
    free(po->entries);
    free(po);
}

size_t posrc_file_count(const struct posrc_file *po)
{
    return po->count;
}

const struct posrc_entry *posrc_file_entry(const struct posrc_file *po, size_t i)
{
    return i < po->count ? &po->entries[i] : NULL;
}

const struct posrc_entry *posrc_file_find(const struct posrc_file *po, const char *ctxt)
{
    for (size_t i = 0; i < po->count; i++)
        if (po->entries[i].ctxt && strcmp(po->entries[i].ctxt, ctxt) == 0)
            return &po->entries[i];
    return NULL;
}

const char *posrc_file_language(const struct posrc_file *po)
{
    return po->language;
}
