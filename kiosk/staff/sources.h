/*
 * sources: where staff mode finds packs to offer, and where it exports figures: USB sticks
 * (mounted folders: by default each folder in /media and in /run/media/<user>, or the glob
 * patterns in the config's [staff] usb) and the inbox folder.
 *
 * A pack on offer is a regular file "*.pack" with "*.pack.minisig" beside it, at the top of a
 * folder or in its "wegwijs" subfolder. Its id and version are read from the signature's
 * trusted comment only to label the offer; nothing is trusted until the install verifies it.
 */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SOURCES_DEFAULT_USB "/media/* /media/*/* /run/media/*/*"
#define SOURCES_MAX_ITEMS   32

struct sources_pack {
    char path[PATH_MAX];
    char name[128];   /* file name, for the screen */
    char id[65];      /* from the trusted comment; "" when unreadable */
    uint64_t version; /* likewise; 0 when unreadable */
    uint64_t size;
    bool from_inbox;
};

/*
 * The folders that match the space-separated glob patterns now (mounted sticks), sorted, at
 * most max; each a malloc'd string in out[]. Returns how many.
 */
size_t sources_mounts(const char *patterns, char **out, size_t max);
void sources_free_list(char **list, size_t n);

/*
 * Where to write an export among the folders from sources_mounts(): the first that is a mount
 * point (a stick, not the /media/<user> folder above it). NULL when none is: a leftover
 * folder on the local disk must not receive the figures while no stick is inserted.
 */
const char *sources_export_folder(char *const *mounts, size_t n);

/*
 * Appends the packs in folder (and folder/wegwijs) to out[*n], up to max. Unreadable folders
 * and odd files are skipped quietly: a stick holds all kinds of things.
 */
void sources_find_packs(const char *folder, bool from_inbox, struct sources_pack *out, size_t *n,
                        size_t max);

/* Reads "id=... version=..." from a minisign signature's trusted comment. 0 or -1. */
int sources_read_label(const char *sig_path, char *id, size_t id_size, uint64_t *version);
