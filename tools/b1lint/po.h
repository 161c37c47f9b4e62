/*
 * po: a small reader of gettext PO files for the content tools (b1lint, mkexplainer).
 *
 * Reads the entries the kiosk's content uses: msgctxt (the key), msgid (the Dutch source),
 * msgstr (the translation), the fuzzy flag and the header's "Language:". For every byte of
 * a decoded msgid/msgstr it keeps the line of the PO file it came from, so a tool can report
 * a finding at the exact source line of a sentence inside a multi-line string.
 *
 * PO files come from translators: a syntax error gives one log line naming the file and line,
 * and po_file_read() returns NULL.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct po_file;

struct po_string {
    char *text; /* decoded UTF-8, NUL-terminated */
    size_t len; /* bytes in text */
    int *lines; /* lines[i] = PO line of text[i]; len + 1 entries */
};

struct po_entry {
    char *ctxt; /* NULL when the entry has no msgctxt */
    struct po_string id;
    struct po_string str; /* msgstr, or msgstr[0] for plural entries */
    bool fuzzy;
    int line; /* line of the entry's first keyword */
};

struct po_file *po_file_read(const char *path);
void po_file_destroy(struct po_file *po); /* accepts NULL */

size_t po_file_count(const struct po_file *po);
/* Entry i in file order; the header (empty msgid) is not an entry. */
const struct po_entry *po_file_entry(const struct po_file *po, size_t i);
/* The entry with this msgctxt, or NULL. */
const struct po_entry *po_file_find(const struct po_file *po, const char *ctxt);
/* The header's Language value ("nl"), or "" when absent. */
const char *po_file_language(const struct po_file *po);
