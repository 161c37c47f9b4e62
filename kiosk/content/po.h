/*
 * po: reads gettext PO files, the format translators and their tools (Poedit, Weblate)
 * already use, straight from the folders that packs carry.
 *
 * Hand-written because libgettextpo, the library that reads PO, has no pkg-config file in
 * Debian 12. It reads what msgfmt accepts for our use: msgctxt, msgid, msgid_plural,
 * msgstr, msgstr[N] (the first form is kept), continued strings, C escapes, the header entry,
 * "#, fuzzy" flags and obsolete "#~" entries (skipped). A file with a syntax error gets one
 * log line with its name and line, and none of its entries are used.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct po_entry {
    const char *msgctxt; /* NULL when the entry has none */
    const char *msgid;
    const char *msgstr;
    /* The PO line each byte came from (len + 1 entries; NULL for an empty string), so a
       checker can point at the line of a sentence inside a multi-line string. */
    const int *msgid_lines, *msgstr_lines;
    size_t msgid_len, msgstr_len;
    bool fuzzy;
    int line; /* of the entry's first keyword (msgctxt or msgid) */
};

/* Called once per entry, the header entry (msgid "") included; return false to stop. */
typedef bool (*po_entry_fn)(void *ctx, const struct po_entry *entry);

/* Parses len bytes of text named name (for log lines). False on a syntax error. */
bool po_parse(const char *name, const char *text, size_t len, po_entry_fn fn, void *ctx);
/* Reads and parses a file of at most 4 MiB. */
bool po_read_file(const char *path, po_entry_fn fn, void *ctx);
/* Copies the value of a header field ("Language") from a header entry's msgstr. */
bool po_header_field(const char *header, const char *field, char *out, size_t out_len);
