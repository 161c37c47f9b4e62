#define LOG_TAG "pronounce"
#include "content/pronounce.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/log.h"
#include "core/spawn.h"

enum { MAX_FILE = 1 << 20 };

/* Rules apply to each other's results, so a list can double a text with every line ("1 = 11"
 * ten times is 1024 times as long). A text may grow to this many times its length plus
 * MAX_GROWTH_EXTRA bytes; a rule that would pass that is left out for the text. */
enum { MAX_GROWTH = 4, MAX_GROWTH_EXTRA = 1024 };

struct rule {
    char *from, *to;
    size_t from_len, to_len;
    bool left_word, right_word; /* FROM begins / ends with a letter */
    int line;
};

struct pronounce {
    char *name;
    struct rule *rules;
    size_t count, cap;
};

/* Modifier letters (U+02BC) are no letters here, so a rule can replace them inside words;
 * combining marks are, so a rule never splits a letter from its accent. */
static bool is_letter(UChar32 c)
{
    int8_t t = c >= 0 ? u_charType(c) : U_UNASSIGNED;
    return t != U_MODIFIER_LETTER && (u_isalpha(c) || t == U_NON_SPACING_MARK);
}

static bool first_is_letter(const char *s, size_t len)
{
    int32_t i = 0;
    UChar32 c;
    if (len == 0)
        return false;
    U8_NEXT((const uint8_t *)s, i, (int32_t)len, c);
    return is_letter(c);
}

static bool last_is_letter(const char *s, size_t len)
{
    int32_t i = (int32_t)len;
    UChar32 c;
    if (len == 0)
        return false;
    U8_PREV((const uint8_t *)s, 0, i, c);
    return is_letter(c);
}

/* One side of a rule: trimmed, or the text between double quotes. */
static bool side(const char *s, size_t len, char **out, size_t *out_len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
        s++, len -= 2;
    else if (memchr(s, '"', len))
        return false;
    *out = strndup(s, len);
    *out_len = len;
    return *out != NULL;
}

static bool add_rule(struct pronounce *p, const char *name, int line, const char *s, size_t len)
{
    struct rule r = {0};
    const char *eq = NULL;
    /* The separator is the first " = " outside quotes, so a quoted side may hold '='. */
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (s[i] == '=' && !quoted) {
            eq = s + i;
            break;
        }
    }
    if (eq == NULL || !side(s, (size_t)(eq - s), &r.from, &r.from_len) ||
        !side(eq + 1, len - (size_t)(eq - s) - 1, &r.to, &r.to_len) || r.from_len == 0) {
        LOG_WARN("%s:%d: not a rule \"FROM = TO\"; line left out", name, line);
        free(r.from);
        free(r.to);
        return true;
    }
    r.line = line;
    r.left_word = first_is_letter(r.from, r.from_len);
    r.right_word = last_is_letter(r.from, r.from_len);
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        struct rule *n = realloc(p->rules, cap * sizeof(*n));
        if (n == NULL) {
            free(r.from);
            free(r.to);
            return false;
        }
        p->rules = n;
        p->cap = cap;
    }
    p->rules[p->count++] = r;
    return true;
}

struct pronounce *pronounce_parse(const char *name, const char *text, size_t len)
{
    struct pronounce *p = calloc(1, sizeof(*p));
    if (p == NULL || (p->name = strdup(name)) == NULL)
        goto fail;
    int line = 0;
    for (size_t at = 0; at < len;) {
        const char *s = text + at, *nl = memchr(s, '\n', len - at);
        size_t n = nl ? (size_t)(nl - s) : len - at;
        at += n + 1;
        line++;
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
            i++;
        if (i == n || s[i] == '#')
            continue;
        if (!add_rule(p, name, line, s + i, n - i))
            goto fail;
    }
    return p;
fail:
    LOG_ERR("%s: out of memory", name);
    pronounce_destroy(p);
    return NULL;
}

struct pronounce *pronounce_load(const char *path)
{
    struct pronounce *p = NULL;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            return pronounce_parse(path, "", 0);
        LOG_ERR("%s: %s", path, strerror(errno));
        return NULL;
    }
    buf = malloc(MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
    if (buf == NULL || ferror(f))
        LOG_ERR("%s: cannot read", path);
    else if (n > MAX_FILE)
        LOG_ERR("%s: larger than %d bytes; no rules used", path, MAX_FILE);
    else
        p = pronounce_parse(path, buf, n);
    free(buf);
    fclose(f);
    return p;
}

void pronounce_destroy(struct pronounce *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->count; i++) {
        free(p->rules[i].from);
        free(p->rules[i].to);
    }
    free(p->rules);
    free(p->name);
    free(p);
}

size_t pronounce_count(const struct pronounce *p)
{
    return p ? p->count : 0;
}

/* Applies one rule to s, returning a new string (s is freed), NULL when memory runs out; s
 * itself when the result would be limit bytes or longer (*too_long set). */
static char *apply_rule(const struct rule *r, char *s, size_t limit, bool *too_long)
{
    size_t len = strlen(s), cap = len + 1, n = 0;
    char *out = malloc(cap);
    if (out == NULL)
        goto fail;
    for (size_t i = 0; i < len;) {
        bool hit = len - i >= r->from_len && s[i] == r->from[0] &&
                   memcmp(s + i, r->from, r->from_len) == 0 &&
                   !(r->left_word && last_is_letter(s, i)) &&
                   !(r->right_word && first_is_letter(s + i + r->from_len, len - i - r->from_len));
        /* Without a hit a whole UTF-8 character is copied, so no rule matches inside one. */
        size_t step = 1;
        while (!hit && i + step < len && ((unsigned char)s[i + step] & 0xc0) == 0x80)
            step++;
        const char *add = hit ? r->to : s + i;
        size_t add_len = hit ? r->to_len : step;
        if (n + add_len >= limit) {
            *too_long = true;
            free(out);
            return s;
        }
        if (n + add_len + 1 > cap) {
            cap = (n + add_len + 1) * 2;
            char *b = realloc(out, cap);
            if (b == NULL)
                goto fail;
            out = b;
        }
        memcpy(out + n, add, add_len);
        n += add_len;
        i += hit ? r->from_len : step;
    }
    out[n] = '\0';
    free(s);
    return out;
fail:
    free(out);
    free(s);
    return NULL;
}

char *pronounce_apply(const struct pronounce *p, const char *text)
{
    char *s = strdup(text);
    size_t len = strlen(text);
    size_t limit = len > (SIZE_MAX - MAX_GROWTH_EXTRA) / MAX_GROWTH
                       ? SIZE_MAX
                       : len * MAX_GROWTH + MAX_GROWTH_EXTRA;
    bool warned = false;
    for (size_t i = 0; s && p && i < p->count; i++) {
        bool too_long = false;
        s = apply_rule(&p->rules[i], s, limit, &too_long);
        if (too_long && !warned) {
            warned = true; /* one line per text, not one per rule */
            LOG_WARN("%s:%d: would make a text of %zu bytes grow to %zu or more (the rules "
                     "feed each other); left out for this text, as is any later rule that would",
                     p->name, p->rules[i].line, len, limit);
        }
    }
    if (s == NULL)
        LOG_ERR("out of memory applying the pronunciation list");
    return s;
}

bool pronounce_has_voice(const char *lang)
{
    char arg[64], *out = NULL;
    snprintf(arg, sizeof(arg), "--voices=%s", lang);
    char *argv[] = {"espeak-ng", arg, NULL};
    if (spawn_run(argv, &out) != 0) {
        free(out);
        return false;
    }
    int lines = 0;
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    free(out);
    return lines >= 2; /* a header line, then one line per voice */
}
