/*
 * manifest: the first member of every pack, a small line-based text file that names the pack
 * and lists every file it may contain with its size and SHA-256. Parsed defensively: the text
 * comes from outside and is only trusted once the pack's signature has been checked.
 *
 *   wegwijs-pack 1
 *   id fr
 *   version 202611231812
 *   date 2026-11-23
 *   languages fr
 *   file 1234 <64 hex digits of SHA-256> fr/kiosk.po
 *   ...
 *   end
 *
 * Keys come once each, in this order; "file" lines are sorted by path with no duplicates,
 * each in a folder named on the "languages" line (or topics.conf at the top);
 * the last line is "end" (so a cut-off manifest is never taken for a complete one). Paths are
 * "topics.conf" or "<lang>/...": components of [A-Za-z0-9._@+-], none starting with '.',
 * at most 8 deep; no "..", no absolute paths, no empty components.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_NAME      "MANIFEST"
#define MANIFEST_MAX_BYTES (4u << 20)
#define MANIFEST_ID_MAX    64

struct manifest_file {
    char *path;
    uint64_t size;
    uint8_t sha256[32];
    bool seen; /* set by the unpacker: the pack held this file */
};

/* A parsed manifest: plain data, owned by whoever called manifest_parse(). */
struct manifest {
    char id[MANIFEST_ID_MAX + 1];
    uint64_t version;
    char date[16];
    char languages[256]; /* space separated */
    struct manifest_file *files;
    size_t n_files;
    uint64_t total_size;
};

/* Returns NULL and a reason in why[] for anything but a well-formed manifest. */
struct manifest *manifest_parse(const char *text, size_t len, char *why, size_t why_size);
void manifest_destroy(struct manifest *m);

/* The file entry for path, or NULL when the manifest does not list it. */
struct manifest_file *manifest_find(const struct manifest *m, const char *path);

/* Formats a manifest (files must be sorted by path); returns malloc'd text. */
char *manifest_format(const struct manifest *m);

/* A safe relative path as described above. */
bool manifest_path_ok(const char *path);
/* A pack id: [a-z0-9][a-z0-9._-]*, at most 64 bytes. */
bool manifest_id_ok(const char *id);
/* A version: decimal, 1..19 digits, no sign, greater than 0. */
bool manifest_version_parse(const char *s, uint64_t *out);
