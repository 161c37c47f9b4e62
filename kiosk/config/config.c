#define LOG_TAG "config"
#include "config/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"
#include "core/files.h"
#include "core/grow.h"

/*
 * A hand-written reader: INI is twenty lines of parsing, and staff need the line number of a
 * mistake, which Debian's INI libraries (inih, GKeyFile) do not report per value.
 */

struct config_entry {
    char *section, *key, *value;
    int line;
};

struct config {
    char *path;
    struct config_entry *entries;
    size_t count, cap;
    char *languages_buf; /* a copy of the value, cut into the tags below */
    const char *languages[CONFIG_LANGUAGES_MAX];
    size_t language_count;
};

/* The keys the kiosk knows; anything else is logged as unknown (a typo, usually). */
static const char *const known_keys[] = {
    "location.municipality",
    "location.name",
    "contact.phone",
    "contact.address",
    "contact.email",
    "contact.website",
    "contact.note",
    "hours.monday",
    "hours.tuesday",
    "hours.wednesday",
    "hours.thursday",
    "hours.friday",
    "hours.saturday",
    "hours.sunday",
    "kiosk.languages",
    "kiosk.idle_timeout",
    "kiosk.default_language",
    "kiosk.renderer",
    "kiosk.dark_outside_hours",
    "staff.pin",
    "staff.usb",
    "packs.keys",
    "packs.inbox",
    "packs.outbox",
};

static const char *const day_keys[CONFIG_DAYS] = {"monday", "tuesday",  "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static bool add_entry(struct config *cfg, const char *section, const char *key, const char *value,
                      int line)
{
    struct config_entry *grown =
        grow_array(cfg->entries, &cfg->cap, cfg->count + 1, sizeof(*grown), 32);
    if (grown == NULL)
        return false;
    cfg->entries = grown;
    struct config_entry *e = &cfg->entries[cfg->count];
    e->section = strdup(section);
    e->key = strdup(key);
    e->value = strdup(value);
    e->line = line;
    if (!e->section || !e->key || !e->value) {
        free(e->section);
        free(e->key);
        free(e->value);
        return false;
    }
    cfg->count++;
    return true;
}

static bool known(const char *section, const char *key)
{
    char full[128];
    snprintf(full, sizeof(full), "%s.%s", section, key);
    for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
        if (strcmp(known_keys[i], full) == 0)
            return true;
    return false;
}

static const struct config_entry *find(const struct config *cfg, const char *section,
                                       const char *key)
{
    /* The last one wins, as a person reading the file from the top would expect. */
    for (size_t i = cfg->count; i-- > 0;)
        if (strcmp(cfg->entries[i].section, section) == 0 && strcmp(cfg->entries[i].key, key) == 0)
            return &cfg->entries[i];
    return NULL;
}

static void parse_languages(struct config *cfg)
{
    const struct config_entry *e = find(cfg, "kiosk", "languages");
    cfg->language_count = 0;
    if (e == NULL)
        return;
    free(cfg->languages_buf);
    cfg->languages_buf = strdup(e->value);
    if (cfg->languages_buf == NULL) {
        LOG_ERR("%s: out of memory", cfg->path);
        return;
    }
    size_t left_out = 0;
    char *save = NULL;
    for (char *tok = strtok_r(cfg->languages_buf, ", \t", &save); tok;
         tok = strtok_r(NULL, ", \t", &save)) {
        bool ok = strlen(tok) <= 15;
        for (const char *p = tok; ok && *p; p++)
            ok = isalnum((unsigned char)*p) || *p == '-' || *p == '_';
        if (!ok) {
            LOG_WARN("%s:%d: [kiosk] languages: \"%.40s\" is not a language tag, left out",
                     cfg->path, e->line, tok);
            continue;
        }
        bool twice = false;
        for (size_t i = 0; i < cfg->language_count && !twice; i++)
            twice = strcmp(cfg->languages[i], tok) == 0;
        if (twice) {
            /* Two buttons with one id: the second could never be told apart. */
            LOG_WARN("%s:%d: [kiosk] languages: \"%s\" is listed twice; the first place kept",
                     cfg->path, e->line, tok);
            continue;
        }
        if (cfg->language_count < CONFIG_LANGUAGES_MAX)
            cfg->languages[cfg->language_count++] = tok;
        else
            left_out++;
    }
    if (left_out > 0)
        LOG_WARN("%s:%d: [kiosk] languages: more than %d languages; the last %zu left out",
                 cfg->path, e->line, CONFIG_LANGUAGES_MAX, left_out);
}

static void validate_hours(struct config *cfg);

struct config *config_parse(const char *name, const char *text)
{
    struct config *cfg = calloc(1, sizeof(*cfg));
    char *copy = strdup(text);
    if (cfg == NULL || copy == NULL || (cfg->path = strdup(name)) == NULL)
        goto fail;

    char section[64] = "";
    int lineno = 0;
    for (char *line = copy; line != NULL;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#' || *s == ';') {
            line = next;
            continue;
        }
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (end == NULL || end[1] != '\0' || end - s - 1 >= (long)sizeof(section)) {
                LOG_WARN("%s:%d: \"%s\" is not a [section] line, ignored", name, lineno, s);
                section[0] = '\0';
            } else {
                *end = '\0';
                snprintf(section, sizeof(section), "%s", trim(s + 1));
            }
            line = next;
            continue;
        }
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            LOG_WARN("%s:%d: \"%s\" has no \"key = value\", ignored", name, lineno, s);
            line = next;
            continue;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (section[0] == '\0') {
            LOG_WARN("%s:%d: %s: a key outside any [section], ignored", name, lineno, key);
        } else if (!known(section, key)) {
            LOG_WARN("%s:%d: [%s] %s: unknown key, ignored", name, lineno, section, key);
        } else {
            size_t n = utf8_strip_bidi_controls(value);
            if (n > 0)
                LOG_WARN("%s:%d: [%s] %s: %zu bidi override, embedding or isolate "
                         "control(s) removed (they reorder what residents read)",
                         name, lineno, section, key, n);
            if (!add_entry(cfg, section, key, value, lineno))
                goto fail;
        }
        line = next;
    }
    free(copy);
    parse_languages(cfg);
    validate_hours(cfg);
    return cfg;

fail:
    LOG_ERR("%s: out of memory", name);
    free(copy);
    config_destroy(cfg);
    return NULL;
}

struct config *config_load(const char *path)
{
    size_t len = 0;
    char *buf = files_read_all(path, 1u << 20, &len);
    if (buf == NULL && errno == ENOMEM)
        return NULL;
    if (buf == NULL || memchr(buf, '\0', len) != NULL) {
        LOG_WARN("%s: %s; using the built-in defaults", path,
                 buf != NULL      ? "binary data, not a text file"
                 : errno == EFBIG ? "larger than 1 MiB, not a configuration"
                 : errno == EIO   ? "read error"
                                  : strerror(errno));
        free(buf);
        return config_parse(path, "");
    }
    struct config *cfg = config_parse(path, buf);
    free(buf);
    return cfg;
}

void config_destroy(struct config *cfg)
{
    if (cfg == NULL)
        return;
    for (size_t i = 0; i < cfg->count; i++) {
        free(cfg->entries[i].section);
        free(cfg->entries[i].key);
        free(cfg->entries[i].value);
    }
    free(cfg->entries);
    free(cfg->path);
    free(cfg->languages_buf);
    free(cfg);
}

const char *config_get(const struct config *cfg, const char *section, const char *key)
{
    const struct config_entry *e = find(cfg, section, key);
    return e ? e->value : NULL;
}

const char *config_string(const struct config *cfg, const char *section, const char *key,
                          const char *fallback)
{
    const struct config_entry *e = find(cfg, section, key);
    return e && e->value[0] ? e->value : fallback;
}

int config_int(const struct config *cfg, const char *section, const char *key, int min, int max,
               int fallback)
{
    const struct config_entry *e = find(cfg, section, key);
    if (e == NULL)
        return fallback;
    char *end = NULL;
    errno = 0;
    long v = strtol(e->value, &end, 10);
    if (errno || end == e->value || *trim(end) != '\0' || v < min || v > max) {
        LOG_WARN("%s:%d: [%s] %s: \"%s\" is not a whole number from %d to %d; using %d", cfg->path,
                 e->line, section, key, e->value, min, max, fallback);
        return fallback;
    }
    return (int)v;
}

size_t config_languages(const struct config *cfg, const char **out, size_t max)
{
    size_t n = cfg->language_count < max ? cfg->language_count : max;
    for (size_t i = 0; i < n; i++)
        out[i] = cfg->languages[i];
    return n;
}

/* "HH:MM-HH:MM" with a sane order. */
static bool valid_span(const char *s, size_t len)
{
    int h1, m1, h2, m2, n = 0;
    char buf[32];
    if (len >= sizeof(buf))
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (sscanf(buf, " %2d:%2d - %2d:%2d %n", &h1, &m1, &h2, &m2, &n) != 4 || buf[n] != '\0')
        return false;
    return h1 >= 0 && h1 < 24 && h2 >= 0 && h2 <= 24 && m1 >= 0 && m1 < 60 && m2 >= 0 && m2 < 60 &&
           h1 * 60 + m1 < h2 * 60 + m2;
}

/* Bad walk-in hours are logged once, at load, and then shown as closed. */
static void validate_hours(struct config *cfg)
{
    for (int day = 0; day < CONFIG_DAYS; day++) {
        struct config_entry *e = (struct config_entry *)find(cfg, "hours", day_keys[day]);
        if (e == NULL || e->value[0] == '\0' || strcmp(e->value, "closed") == 0 ||
            strcmp(e->value, "gesloten") == 0)
            continue;
        for (const char *p = e->value; *p;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (!valid_span(p, len)) {
                LOG_WARN("%s:%d: [hours] %s: \"%s\" is not like \"09:00-12:00, 13:00-16:00\" "
                         "or \"closed\"; shown as closed",
                         cfg->path, e->line, day_keys[day], e->value);
                e->value[0] = '\0';
                break;
            }
            p = comma ? comma + 1 : p + len;
        }
    }
}

const char *config_hours(const struct config *cfg, int day)
{
    if (day < 0 || day >= CONFIG_DAYS)
        return NULL;
    const struct config_entry *e = find(cfg, "hours", day_keys[day]);
    if (e == NULL || e->value[0] == '\0' || strcmp(e->value, "closed") == 0 ||
        strcmp(e->value, "gesloten") == 0)
        return NULL;
    return e->value;
}

const char *config_path(const struct config *cfg)
{
    return cfg->path;
}

void config_speech_key(char *out, size_t len, const char *name, const char *value)
{
    /* FNV-1a: no secret to keep, only two different values that should not share a name. */
    unsigned long h = 2166136261ul;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        h = ((h ^ *p) * 16777619ul) & 0xfffffffful;
    snprintf(out, len, "location.%s.%08lx", name, h);
}
