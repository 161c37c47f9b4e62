#define LOG_TAG "staff"
#include "core/log.h"

#include "staff/staff.h"
#include "staff/embedded.h"

#include "config/config.h"
#include "content/content.h"
#include "content/po.h"
#include "pack/pack.h"
#include "staff/fleet.h"
#include "staff/pin.h"
#include "staff/sources.h"
#include "stats/stats.h"

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
    struct stats *stats;
    struct pin *pin;
    struct pack_store *store;
    struct worker *worker;
    struct fleet *fleet;
    char *usb_patterns;
    char *inbox_dir, *outbox_dir;
    char kiosk_name[128];
    struct staff_string *strings;
    size_t n_strings;
    bool content_changed;
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

/* The host name: every kiosk of a fleet has its own, so its outbox files never collide. */
static void staff_make_kiosk_name(struct staff *s)
{
    char host[64] = "";
    if (gethostname(host, sizeof(host) - 1) != 0)
        host[0] = '\0';
    host[sizeof(host) - 1] = '\0';
    snprintf(s->kiosk_name, sizeof(s->kiosk_name), "%s", host[0] ? host : "kiosk");
}

static char *staff_dup_value(const struct config *cfg, const char *section, const char *key,
                             const char *fallback)
{
    const char *v = cfg ? config_get(cfg, section, key) : NULL;
    if (v == NULL || v[0] == '\0')
        v = fallback;
    return v ? strdup(v) : NULL;
}

/* The configured folder, or <state>/<name>. */
static char *staff_folder(const struct config *cfg, const char *key, const char *state_dir)
{
    char def[PATH_MAX];
    if (snprintf(def, sizeof(def), "%s/%s", state_dir, key) >= (int)sizeof(def))
        return NULL;
    return staff_dup_value(cfg, "packs", key, def);
}

struct staff *staff_new(const struct staff_options *o)
{
    struct staff *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    const struct config *cfg = o->config;
    const char *conf_name = cfg ? config_path(cfg) : "location.conf";
    staff_load_strings(s, o->po_roots, o->po_root_count);
    s->stats = stats_open(o->state_dir);
    s->pin = pin_new(cfg ? config_get(cfg, "staff", "pin") : NULL, conf_name, o->state_dir,
                     (uint64_t)o->now_ms);
    const char *keys = o->keys_dir ? o->keys_dir : cfg ? config_get(cfg, "packs", "keys") : NULL;
    if (keys == NULL || keys[0] == '\0')
        keys = "/etc/wegwijs/keys";
    s->store = pack_store_new(o->state_dir, keys);
    s->worker = worker_new(o->inline_jobs, o->wake, o->wake_ud);
    s->usb_patterns = staff_dup_value(cfg, "staff", "usb", SOURCES_DEFAULT_USB);
    s->inbox_dir = staff_folder(cfg, "inbox", o->state_dir);
    s->outbox_dir = staff_folder(cfg, "outbox", o->state_dir);
    staff_make_kiosk_name(s);
    if (s->worker == NULL || s->pin == NULL || s->usb_patterns == NULL || s->inbox_dir == NULL ||
        s->outbox_dir == NULL) {
        staff_destroy(s);
        return NULL;
    }
    /* An empty inbox to share, so a sync tool has its folder from the first start. */
    if (mkdir(s->inbox_dir, 0755) != 0 && errno != EEXIST)
        LOG_WARN("%s: cannot create the inbox folder: %s", s->inbox_dir, strerror(errno));
    struct fleet_options fo = {
        .inbox_dir = s->inbox_dir,
        .outbox_dir = s->outbox_dir,
        .kiosk_name = s->kiosk_name,
    };
    s->fleet = fleet_new(&fo, s->store, s->stats, s->worker);
    return s;
}

void staff_destroy(struct staff *s)
{
    if (s == NULL)
        return;
    /* The worker first: a job may still use the store. */
    worker_destroy(s->worker);
    fleet_destroy(s->fleet);
    pack_store_destroy(s->store);
    pin_destroy(s->pin);
    stats_destroy(s->stats);
    for (size_t i = 0; i < s->n_strings; i++) {
        free(s->strings[i].key);
        free(s->strings[i].text);
    }
    free(s->strings);
    free(s->usb_patterns);
    free(s->inbox_dir);
    free(s->outbox_dir);
    free(s);
}

int staff_add_pack_roots(struct staff *s, struct content *content)
{
    if (s == NULL || s->store == NULL)
        return 0;
    struct pack_info *packs = NULL;
    size_t n = 0;
    if (pack_roots(s->store, &packs, &n) != 0)
        return 0;
    int added = 0;
    for (size_t i = 0; i < n; i++) {
        bool ok = content_add_root(content, packs[i].root);
        if (ok)
            added++;
        if (!packs[i].pending)
            continue;
        if (ok) {
            pack_confirm(s->store, packs[i].id);
            continue;
        }
        /* The previous version takes its place at once. */
        pack_fall_back(s->store, packs[i].id, "its content folder cannot be read");
        struct pack_info *now = NULL;
        size_t m = 0;
        if (pack_list(s->store, &now, &m) == 0)
            for (size_t j = 0; j < m; j++)
                if (strcmp(now[j].id, packs[i].id) == 0 && content_add_root(content, now[j].root))
                    added++;
        free(now);
    }
    free(packs);
    return added;
}

struct stats *staff_stats(struct staff *s)
{
    return s ? s->stats : NULL;
}

struct pin *staff_pin(struct staff *s)
{
    return s ? s->pin : NULL;
}

struct pack_store *staff_store(struct staff *s)
{
    return s ? s->store : NULL;
}

struct worker *staff_worker(struct staff *s)
{
    return s ? s->worker : NULL;
}

const char *staff_usb_patterns(const struct staff *s)
{
    return s->usb_patterns;
}

const char *staff_inbox_dir(const struct staff *s)
{
    return s->inbox_dir;
}

const char *staff_kiosk_name(const struct staff *s)
{
    return s->kiosk_name;
}

void staff_content_changed(struct staff *s)
{
    if (s != NULL)
        s->content_changed = true;
}

bool staff_tick(struct staff *s, int64_t now_ms, bool between_sessions)
{
    if (s == NULL)
        return false;
    worker_poll(s->worker);
    if (between_sessions)
        stats_set_paused(s->stats, false);
    bool reload = fleet_tick(s->fleet, now_ms, between_sessions) == FLEET_RELOAD;
    if (s->content_changed) {
        s->content_changed = false;
        reload = true;
    }
    return reload;
}

int64_t staff_deadline(struct staff *s, int64_t now_ms, bool between_sessions)
{
    if (s == NULL)
        return -1;
    if (s->content_changed)
        return now_ms;
    return fleet_deadline(s->fleet, now_ms, between_sessions);
}
