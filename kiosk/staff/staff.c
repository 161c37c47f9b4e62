#define LOG_TAG "staff"
#include "core/log.h"

#include "staff/staff.h"
#include "staff/embedded.h"

#include "config/config.h"
#include "content/po.h"
#include "staff/pin.h"
#include "staff/sources.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct staff_string {
    char *key, *text;
};

struct staff {
    struct pin *pin;
    char *usb_patterns;
    struct staff_string *strings;
    size_t n_strings;
};

static bool staff_po_entry(void *ctx, const struct po_entry *e)
{
    struct staff *s = ctx;
    if (e->msgctxt == NULL || strncmp(e->msgctxt, "staff.", 6) != 0 || e->fuzzy)
        return true;
    const char *text = e->msgstr && e->msgstr[0] ? e->msgstr : e->msgid;
    for (size_t i = 0; i < s->n_strings; i++) {
        if (strcmp(s->strings[i].key, e->msgctxt) == 0) {
            char *t = strdup(text);
            if (t != NULL) {
                free(s->strings[i].text);
                s->strings[i].text = t;
            }
            return true;
        }
    }
    struct staff_string *grown = realloc(s->strings, (s->n_strings + 1) * sizeof(*grown));
    if (grown == NULL)
        return false;
    s->strings = grown;
    char *k = strdup(e->msgctxt), *t = strdup(text);
    if (k == NULL || t == NULL) {
        free(k);
        free(t);
        return false;
    }
    s->strings[s->n_strings++] = (struct staff_string){k, t};
    return true;
}

static void staff_load_strings(struct staff *s, const char *const *roots, int n)
{
    /* The built-in Dutch first: staff mode must speak with no content at all. */
    if (!po_parse("built-in nl/staff.po", embedded_nl_staff_po, embedded_nl_staff_po_len,
                  staff_po_entry, s))
        LOG_WARN("built-in nl/staff.po could not be read");
    int found = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof(path), "%s/nl/staff.po", roots[i]) >= (int)sizeof(path) ||
            access(path, R_OK) != 0)
            continue;
        found += po_read_file(path, staff_po_entry, s);
    }
    if (found == 0)
        LOG_INFO("no nl/staff.po in the content folders: staff mode uses its built-in texts");
}

const char *staff_str(const struct staff *s, const char *key)
{
    for (size_t i = 0; s != NULL && i < s->n_strings; i++)
        if (strcmp(s->strings[i].key, key) == 0)
            return s->strings[i].text;
    return key;
}

static char *staff_dup_value(const struct config *cfg, const char *section, const char *key,
                             const char *fallback)
{
    const char *v = cfg ? config_get(cfg, section, key) : NULL;
    if (v == NULL || v[0] == '\0')
        v = fallback;
    return v ? strdup(v) : NULL;
}

struct staff *staff_new(const struct staff_options *o)
{
    struct staff *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    const struct config *cfg = o->config;
    const char *conf_name = cfg ? config_path(cfg) : "location.conf";
    staff_load_strings(s, o->po_roots, o->po_root_count);
    s->pin = pin_new(cfg ? config_get(cfg, "staff", "pin") : NULL, conf_name, o->state_dir,
                     (uint64_t)o->now_ms);
    s->usb_patterns = staff_dup_value(cfg, "staff", "usb", SOURCES_DEFAULT_USB);
    if (s->pin == NULL || s->usb_patterns == NULL) {
        staff_destroy(s);
        return NULL;
    }
    return s;
}

void staff_destroy(struct staff *s)
{
    if (s == NULL)
        return;
    pin_destroy(s->pin);
    for (size_t i = 0; i < s->n_strings; i++) {
        free(s->strings[i].key);
        free(s->strings[i].text);
    }
    free(s->strings);
    free(s->usb_patterns);
    free(s);
}

struct pin *staff_pin(struct staff *s)
{
    return s ? s->pin : NULL;
}

const char *staff_usb_patterns(const struct staff *s)
{
    return s ? s->usb_patterns : SOURCES_DEFAULT_USB;
}
