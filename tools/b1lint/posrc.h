/*
 * posrc: PO files read for b1lint, with the source line of every byte.
 *
 * Parsed by the kiosk's own reader (kiosk/content/po.h); this keeps the entries of one file
 * for b1lint and mkexplainer, which report each sentence at its own line. Reads the
 * entries the kiosk's content uses: msgctxt (the key), msgid (the Dutch source),
 * msgstr (the translation), the fuzzy flag and the header's "Language:". For every byte of
 * a decoded msgid/msgstr it keeps the line of the PO file it came from, so a tool can report
 * a finding at the exact source line of a sentence inside a multi-line string.
 *
 * PO files come from translators: a syntax error gives one log line naming the file and line,
 * and posrc_file_read() returns NULL.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct posrc_file;

struct posrc_string {
    char *text; /* decoded UTF-8, NUL-terminated */
    size_t len; /* bytes in text */
    int *lines; /* lines[i] = PO line of text[i]; len + 1 entries */
};

struct posrc_entry {
    char *ctxt; /* NULL when the entry has no msgctxt */
    struct posrc_string id;
    struct posrc_string str; /* msgstr, or msgstr[0] for plural entries */
    bool fuzzy;
    int line; /* line of the entry's first keyword */
};

struct posrc_file *posrc_file_read(const char *path);
void posrc_file_destroy(struct posrc_file *po); /* accepts NULL */

size_t posrc_file_count(const struct posrc_file *po);
/* Entry i in file order; the header (empty msgid) is not an entry. */
const struct posrc_entry *posrc_file_entry(const struct posrc_file *po, size_t i);
/* The entry with this msgctxt, or NULL. */
const struct posrc_entry *posrc_file_find(const struct posrc_file *po, const char *ctxt);
/* The header's Language value ("nl"), or "" when absent. */
const char *posrc_file_language(const struct posrc_file *po);
