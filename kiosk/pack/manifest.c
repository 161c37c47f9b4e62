#define LOG_TAG "manifest"
#include "core/log.h"
#include "core/grow.h"

#include "pack/manifest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANIFEST_MAX_FILES 100000
#define MANIFEST_MAX_DEPTH 8
#define MANIFEST_PATH_MAX  1024

static bool path_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '@' || c == '+';
}

bool manifest_path_ok(const char *path)
{
    size_t len = strlen(path);
    if (len == 0 || len > MANIFEST_PATH_MAX)
        return false;
    int depth = 0;
    const char *p = path;
    while (*p) {
        const char *c = p;
        if (*c == '.')
            return false; /* ".", "..", hidden files, sync tools' temporary names */
        while (*p && *p != '/') {
            if (!path_char_ok(*p))
                return false;
            p++;
        }
        if (p == c || p - c > 255)
            return false;
        if (++depth > MANIFEST_MAX_DEPTH)
            return false;
        if (*p == '/') {
            p++;
            if (*p == '\0')
                return false;
        }
    }
    /* Only topics.conf may sit at the top; everything else belongs to a language. */
    if (depth == 1 && strcmp(path, "topics.conf") != 0)
        return false;
    return true;
}

bool manifest_id_ok(const char *id)
{
    size_t len = strlen(id);
    if (len == 0 || len > MANIFEST_ID_MAX)
        return false;
    if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool manifest_version_parse(const char *s, uint64_t *out)
{
    size_t len = strlen(s);
    if (len == 0 || len > 19)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v == 0)
        return false;
    *out = v;
    return true;
}

static bool hex_decode(const char *s, size_t len, uint8_t *out, size_t out_len)
{
    if (len != out_len * 2)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else
            return false;
        if (i % 2 == 0)
            out[i / 2] = (uint8_t)(v << 4);
        else
            out[i / 2] |= (uint8_t)v;
    }
    return true;
}

static bool date_ok(const char *s)
{
    /* YYYY-MM-DD */
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static bool languages_ok(const char *s)
{
    if (*s == '\0' || strlen(s) >= sizeof(((struct manifest *)0)->languages))
        return false;
    for (const char *p = s; *p; p++)
        if (!path_char_ok(*p) && *p != ' ')
            return false;
    return true;
}

static void set_why(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
}

void manifest_destroy(struct manifest *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->n_files; i++)
        free(m->files[i].path);
    free(m->files);
    free(m);
}

struct manifest *manifest_parse(const char *text, size_t len, char *why, size_t why_size)
{
    static const char *const keys[] = {"wegwijs-pack", "id", "version", "date", "languages"};
    struct manifest *m = calloc(1, sizeof(*m));
    char line[MANIFEST_PATH_MAX + 256];
    size_t cap = 0, lineno = 0;
    bool ended = false;
    if (m == NULL) {
        set_why(why, why_size, "out of memory");
        return NULL;
    }
    if (len > MANIFEST_MAX_BYTES || memchr(text, '\0', len) != NULL) {
        set_why(why, why_size, "manifest too large or binary");
        goto fail;
    }
    const char *pos = text, *end = text + len;
    while (pos < end) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        if (nl == NULL) {
            set_why(why, why_size, "manifest: last line has no newline");
            goto fail;
        }
        size_t n = (size_t)(nl - pos);
        lineno++;
        if (n >= sizeof(line)) {
            set_why(why, why_size, "manifest line %zu too long", lineno);
            goto fail;
        }
        memcpy(line, pos, n);
        line[n] = '\0';
        pos = nl + 1;
        if (ended) {
            set_why(why, why_size, "manifest: text after \"end\"");
            goto fail;
        }
        char *sp = strchr(line, ' ');
        if (sp == NULL) {
            if (strcmp(line, "end") == 0 && lineno > 5) {
                ended = true;
                continue;
            }
            set_why(why, why_size, "manifest line %zu: no value", lineno);
            goto fail;
        }
        *sp = '\0';
        const char *key = line, *val = sp + 1;
        if (lineno <= 5) {
            if (strcmp(key, keys[lineno - 1]) != 0) {
                set_why(why, why_size, "manifest line %zu: expected \"%s\"", lineno,
                        keys[lineno - 1]);
                goto fail;
            }
            bool ok = true;
            switch (lineno) {
            case 1:
                ok = strcmp(val, "1") == 0;
                break;
            case 2:
                ok = manifest_id_ok(val);
                if (ok)
                    snprintf(m->id, sizeof(m->id), "%s", val);
                break;
            case 3:
                ok = manifest_version_parse(val, &m->version);
                break;
            case 4:
                ok = date_ok(val);
                if (ok)
                    snprintf(m->date, sizeof(m->date), "%s", val);
                break;
            case 5:
                ok = languages_ok(val);
                if (ok)
                    snprintf(m->languages, sizeof(m->languages), "%s", val);
                break;
            }
            if (!ok) {
                set_why(why, why_size, "manifest: bad %s", key);
                goto fail;
            }
            continue;
        }
        if (strcmp(key, "file") != 0) {
            set_why(why, why_size, "manifest line %zu: unknown key", lineno);
            goto fail;
        }
        /* file <size> <sha256> <path> */
        char *s2 = strchr(val, ' ');
        char *s3 = s2 ? strchr(s2 + 1, ' ') : NULL;
        if (s3 == NULL) {
            set_why(why, why_size, "manifest line %zu: bad file line", lineno);
            goto fail;
        }
        *s2 = '\0';
        *s3 = '\0';
        uint64_t size = 0;
        const char *path = s3 + 1;
        bool size_ok = strcmp(val, "0") == 0 || manifest_version_parse(val, &size);
        if (!size_ok || size > (1ULL << 40) || !manifest_path_ok(path)) {
            set_why(why, why_size, "manifest line %zu: bad size or unsafe path", lineno);
            goto fail;
        }
        if (m->n_files > 0 && strcmp(m->files[m->n_files - 1].path, path) >= 0) {
            set_why(why, why_size, "manifest line %zu: files not sorted or listed twice", lineno);
            goto fail;
        }
        if (m->n_files == MANIFEST_MAX_FILES) {
            set_why(why, why_size, "manifest: too many files");
            goto fail;
        }
        struct manifest_file *nf = grow_array(m->files, &cap, m->n_files + 1, sizeof(*nf), 64);
        if (nf == NULL) {
            set_why(why, why_size, "out of memory");
            goto fail;
        }
        m->files = nf;
        struct manifest_file *f = &m->files[m->n_files];
        memset(f, 0, sizeof(*f));
        if (!hex_decode(s2 + 1, strlen(s2 + 1), f->sha256, sizeof(f->sha256))) {
            set_why(why, why_size, "manifest line %zu: bad SHA-256", lineno);
            goto fail;
        }
        f->path = strdup(path);
        if (f->path == NULL) {
            set_why(why, why_size, "out of memory");
            goto fail;
        }
        f->size = size;
        m->n_files++;
        m->total_size += size;
    }
    if (!ended) {
        set_why(why, why_size, "manifest incomplete (no \"end\" line)");
        goto fail;
    }
    /* Every language folder must be one the manifest declares. */
    for (size_t i = 0; i < m->n_files; i++) {
        const char *p = m->files[i].path, *slash = strchr(p, '/');
        if (slash == NULL)
            continue;
        size_t l = (size_t)(slash - p);
        bool listed = false;
        for (const char *t = m->languages; *t && !listed;) {
            size_t tl = strcspn(t, " ");
            listed = tl == l && strncmp(t, p, l) == 0;
            t += tl;
            t += strspn(t, " ");
        }
        if (!listed) {
            set_why(why, why_size, "manifest: %s is not in a listed language", p);
            goto fail;
        }
    }
    /* A file path must never also be a folder of another file ("fr" and "fr/x"). */
    for (size_t i = 0; i + 1 < m->n_files; i++) {
        size_t l = strlen(m->files[i].path);
        for (size_t j = i + 1; j < m->n_files; j++) {
            if (strncmp(m->files[j].path, m->files[i].path, l) != 0)
                break;
            if (m->files[j].path[l] == '/') {
                set_why(why, why_size, "manifest: %s is both a file and a folder",
                        m->files[i].path);
                goto fail;
            }
        }
    }
    return m;
fail:
    manifest_destroy(m);
    return NULL;
}

static int cmp_path(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct manifest_file *)elem)->path);
}

struct manifest_file *manifest_find(const struct manifest *m, const char *path)
{
    if (m->n_files == 0)
        return NULL;
    return bsearch(path, m->files, m->n_files, sizeof(m->files[0]), cmp_path);
}

char *manifest_format(const struct manifest *m)
{
    size_t cap = 512 + m->n_files * (MANIFEST_PATH_MAX + 100);
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t n =
        (size_t)snprintf(out, cap, "wegwijs-pack 1\nid %s\nversion %llu\ndate %s\nlanguages %s\n",
                         m->id, (unsigned long long)m->version, m->date, m->languages);
    for (size_t i = 0; i < m->n_files; i++) {
        const struct manifest_file *f = &m->files[i];
        n += (size_t)snprintf(out + n, cap - n, "file %llu ", (unsigned long long)f->size);
        for (int b = 0; b < 32; b++)
            n += (size_t)snprintf(out + n, cap - n, "%02x", f->sha256[b]);
        n += (size_t)snprintf(out + n, cap - n, " %s\n", f->path);
    }
    snprintf(out + n, cap - n, "end\n");
    return out;
}
