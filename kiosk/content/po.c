#define LOG_TAG "po"
#include "content/po.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "core/log.h"

enum { PO_MAX_FILE = 4 << 20 };

/* A string under construction, with the PO line each of its bytes came from. */
struct strbuf {
    char *s;
    int *lines;
    size_t len, cap;
};

static bool sb_add(struct strbuf *b, char c, int line)
{
    if (b->len + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *s = realloc(b->s, cap);
        if (s == NULL)
            return false;
        b->s = s;
        int *lines = realloc(b->lines, cap * sizeof(*lines));
        if (lines == NULL)
            return false;
        b->lines = lines;
        b->cap = cap;
    }
    b->s[b->len] = c;
    b->lines[b->len] = line;
    b->len++;
    b->s[b->len] = '\0';
    b->lines[b->len] = line;
    return true;
}

enum field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR, F_STR_OTHER };

struct parser {
    const char *name;
    int line;
    struct strbuf ctxt, id, str;
    bool has_ctxt, has_id, has_str, fuzzy, next_fuzzy;
    int entry_line;
    enum field field;
    const char *error;
};

/* Appends the C-quoted string at p (starting at its opening quote) to b. */
static bool unquote(struct parser *ps, const char *p, const char *end, struct strbuf *b)
{
    if (p >= end || *p != '"') {
        ps->error = "expected a quoted string";
        return false;
    }
    p++;
    while (p < end && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            if (p >= end) {
                ps->error = "a backslash at the end of a line";
                return false;
            }
            char e = *p++;
            switch (e) {
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
                ps->error = "an unknown escape sequence";
                return false;
            }
        }
        if (b && !sb_add(b, c, ps->line)) {
            ps->error = "out of memory";
            return false;
        }
    }
    if (p >= end) {
        ps->error = "a string without its closing quote";
        return false;
    }
    p++;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
    if (p < end) {
        ps->error = "text after the closing quote";
        return false;
    }
    return true;
}

static bool flush(struct parser *ps, po_entry_fn fn, void *ctx, bool *stop)
{
    if (!ps->has_id)
        return true;
    if (!ps->has_str) {
        ps->error = "an entry without msgstr";
        return false;
    }
    struct po_entry e = {
        .msgctxt = ps->has_ctxt ? (ps->ctxt.s ? ps->ctxt.s : "") : NULL,
        .msgid = ps->id.s ? ps->id.s : "",
        .msgstr = ps->str.s ? ps->str.s : "",
        .msgid_lines = ps->id.len ? ps->id.lines : NULL,
        .msgstr_lines = ps->str.len ? ps->str.lines : NULL,
        .msgid_len = ps->id.len,
        .msgstr_len = ps->str.len,
        .fuzzy = ps->fuzzy,
        .line = ps->entry_line,
    };
    if (!fn(ctx, &e))
        *stop = true;
    ps->ctxt.len = ps->id.len = ps->str.len = 0;
    if (ps->ctxt.s)
        ps->ctxt.s[0] = '\0';
    if (ps->id.s)
        ps->id.s[0] = '\0';
    if (ps->str.s)
        ps->str.s[0] = '\0';
    ps->has_ctxt = ps->has_id = ps->has_str = ps->fuzzy = false;
    ps->field = F_NONE;
    return true;
}

static bool starts(const char *p, const char *end, const char *kw)
{
    size_t n = strlen(kw);
    return (size_t)(end - p) > n && memcmp(p, kw, n) == 0 && (p[n] == ' ' || p[n] == '\t');
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static bool parse_line(struct parser *ps, const char *p, const char *end, po_entry_fn fn, void *ctx,
                       bool *stop)
{
    while (end > p && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    p = skip_ws(p, end);
    if (p == end)
        return true;
    if (*p == '#') {
        if (end - p >= 2 && p[1] == ',') {
            /* Flags belong to the entry that follows. */
            const char *f = p + 2;
            while (f < end) {
                f = skip_ws(f, end);
                const char *e = f;
                while (e < end && *e != ',')
                    e++;
                const char *t = e;
                while (t > f && (t[-1] == ' ' || t[-1] == '\t'))
                    t--;
                if (t - f == 5 && memcmp(f, "fuzzy", 5) == 0)
                    ps->next_fuzzy = true;
                f = e < end ? e + 1 : e;
            }
        }
        return true; /* comments, and obsolete "#~" entries */
    }
    if (*p == '"') {
        struct strbuf *b = ps->field == F_CTXT  ? &ps->ctxt
                           : ps->field == F_ID  ? &ps->id
                           : ps->field == F_STR ? &ps->str
                                                : NULL;
        if (ps->field == F_NONE) {
            ps->error = "a string with no keyword before it";
            return false;
        }
        return unquote(ps, p, end, b);
    }
    enum field f;
    const char *arg;
    if (starts(p, end, "msgctxt")) {
        f = F_CTXT;
        arg = p + 7;
    } else if (starts(p, end, "msgid_plural")) {
        f = F_PLURAL;
        arg = p + 12;
    } else if (starts(p, end, "msgid")) {
        f = F_ID;
        arg = p + 5;
    } else if (starts(p, end, "msgstr")) {
        f = F_STR;
        arg = p + 6;
    } else if (end - p > 8 && memcmp(p, "msgstr[", 7) == 0) {
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (close == NULL) {
            ps->error = "msgstr[ without ]";
            return false;
        }
        f = (close - p == 8 && p[7] == '0') ? F_STR : F_STR_OTHER;
        arg = close + 1;
    } else {
        ps->error = "an unknown keyword";
        return false;
    }
    arg = skip_ws(arg, end);

    /* A msgctxt starts an entry; so does a msgid unless it follows this entry's msgctxt. */
    bool new_entry = f == F_CTXT || (f == F_ID && !(ps->has_ctxt && !ps->has_id));
    if (new_entry) {
        if (!flush(ps, fn, ctx, stop))
            return false;
        ps->fuzzy = ps->next_fuzzy;
        ps->next_fuzzy = false;
        ps->entry_line = ps->line;
    }
    if (f == F_CTXT) {
        ps->has_ctxt = true;
    } else if (f == F_ID) {
        ps->has_id = true;
    } else if (f == F_STR || f == F_STR_OTHER || f == F_PLURAL) {
        if (!ps->has_id) {
            ps->error = "msgstr before msgid";
            return false;
        }
        if (f != F_PLURAL)
            ps->has_str = true;
        if (f == F_STR && ps->str.len > 0) {
            ps->error = "a second msgstr in one entry";
            return false;
        }
    }
    ps->field = f;
    struct strbuf *b = f == F_CTXT ? &ps->ctxt : f == F_ID ? &ps->id : f == F_STR ? &ps->str : NULL;
    return unquote(ps, arg, end, b);
}

bool po_parse(const char *name, const char *text, size_t len, po_entry_fn fn, void *ctx)
{
    struct parser ps = {.name = name};
    bool ok = false, stop = false;
    const char *p = text, *end = text + len;
    if (memchr(text, '\0', len) != NULL) {
        ps.error = "a NUL byte: not a text file";
        goto out;
    }
    while (p < end && !stop) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        ps.line++;
        if (!parse_line(&ps, p, le, fn, ctx, &stop))
            goto out;
        p = nl ? nl + 1 : end;
    }
    if (!stop && !flush(&ps, fn, ctx, &stop))
        goto out;
    ok = true;
out:
    if (!ok)
        LOG_WARN("%s:%d: not a valid PO file (%s); not used", name, ps.line,
                 ps.error ? ps.error : "bad syntax");
    struct strbuf *bufs[] = {&ps.ctxt, &ps.id, &ps.str};
    for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++) {
        free(bufs[i]->s);
        free(bufs[i]->lines);
    }
    return ok;
}

bool po_read_file(const char *path, po_entry_fn fn, void *ctx)
{
    size_t n = 0;
    char *buf = files_read_all(path, PO_MAX_FILE, &n);
    if (buf == NULL) {
        LOG_WARN("%s: %s", path,
                 errno == EINVAL || errno == EFBIG ? "not a regular file of at most 4 MiB; not used"
                 : errno == ENOMEM                 ? "out of memory"
                 : errno == EIO                    ? "read error; not used"
                                                   : strerror(errno));
        return false;
    }
    bool ok = po_parse(path, buf, n, fn, ctx);
    free(buf);
    return ok;
}

bool po_header_field(const char *header, const char *field, char *out, size_t out_len)
{
    size_t fl = strlen(field);
    for (const char *line = header; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len > fl && strncmp(line, field, fl) == 0 && line[fl] == ':') {
            const char *v = line + fl + 1;
            while (*v == ' ')
                v++;
            size_t vl = len - (size_t)(v - line);
            if (vl >= out_len)
                return false;
            memcpy(out, v, vl);
            out[vl] = '\0';
            return true;
        }
        line = nl ? nl + 1 : NULL;
    }
    return false;
}
