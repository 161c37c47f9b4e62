#define LOG_TAG "posrc"
#include "core/log.h"
#include "core/grow.h"

#include "posrc.h"

#include <stdlib.h>
#include <string.h>

#include "content/po.h"

/* The parsing is the kiosk's own (kiosk/content/po.c); this keeps its entries with the line
 * of every byte, which the kiosk does not need after loading. */

struct posrc_file {
    struct posrc_entry *entries;
    size_t count, cap;
    char language[32];
    bool oom; /* keep() stopped the parse */
};

static bool copy_string(struct posrc_string *out, const char *text, size_t len, const int *lines,
                        int line)
{
    out->text = malloc(len + 1);
    out->lines = malloc((len + 1) * sizeof(*out->lines));
    if (!out->text || !out->lines)
        return false;
    memcpy(out->text, text, len + 1);
    if (lines)
        memcpy(out->lines, lines, (len + 1) * sizeof(*out->lines));
    else
        out->lines[0] = line;
    out->len = len;
    return true;
}

static void entry_free(struct posrc_entry *e)
{
    free(e->ctxt);
    free(e->id.text);
    free(e->id.lines);
    free(e->str.text);
    free(e->str.lines);
}

static bool keep(void *ctx, const struct po_entry *e)
{
    struct posrc_file *po = ctx;
    if (e->msgctxt == NULL && e->msgid[0] == '\0') {
        /* The header entry: only its language is kept. */
        if (!po_header_field(e->msgstr, "Language", po->language, sizeof(po->language)))
            po->language[0] = '\0';
        return true;
    }
    struct posrc_entry *entries =
        grow_array(po->entries, &po->cap, po->count + 1, sizeof(*entries), 64);
    if (!entries)
        return !(po->oom = true);
    po->entries = entries;
    struct posrc_entry *out = &po->entries[po->count];
    memset(out, 0, sizeof(*out));
    out->fuzzy = e->fuzzy;
    out->line = e->line;
    bool ok = (e->msgctxt == NULL || (out->ctxt = strdup(e->msgctxt)) != NULL) &&
              copy_string(&out->id, e->msgid, e->msgid_len, e->msgid_lines, e->line) &&
              copy_string(&out->str, e->msgstr, e->msgstr_len, e->msgstr_lines, e->line);
    if (!ok) {
        entry_free(out);
        po->oom = true;
        return false;
    }
    po->count++;
    return true;
}

struct posrc_file *posrc_file_read(const char *path)
{
    struct posrc_file *po = calloc(1, sizeof(*po));
    if (!po) {
        LOG_ERR("%s: out of memory", path);
        return NULL;
    }
    if (!po_read_file(path, keep, po) || po->oom) {
        if (po->oom)
            LOG_ERR("%s: out of memory", path);
        posrc_file_destroy(po);
        return NULL;
    }
    return po;
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
