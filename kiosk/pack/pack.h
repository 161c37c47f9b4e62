/*
 * pack: signed content packs, one implementation for build/packtool and the kiosk.
 *
 * A pack is one tar file (plain, gzip, xz or zstd) whose first member is MANIFEST (see
 * pack/manifest.h), followed by a content root: "topics.conf" and "<lang>/..." files. Beside
 * it, PACK.minisig: a minisign signature over the whole file whose trusted comment carries
 * "id=<id> version=<n>" (see pack/minisig.h). Only keys in the keys folder (*.pub) are trusted.
 *
 * Installed packs live under <state>/packs/:
 *   <id>/v<n>/content/   the content root of version n     <id>/v<n>/MANIFEST
 *   <id>/STATE           "current N" "previous M" "pending K": switched by one atomic rename
 *   HIGHEST              "<id> <n>" lines: the highest version ever installed, never lowered
 *   .staging/            copies and half-unpacked packs; emptied whenever a store is opened
 *   .lock                flock()ed while the store changes
 *
 * An install checks free space, copies the pack into .staging, verifies the copy (signature,
 * trusted comment, then every file's size and SHA-256 while unpacking with O_NOFOLLOW|O_EXCL
 * into .staging), fsyncs, renames the unpacked folder into place and switches STATE. A power
 * cut at any point leaves the old or the new version, never a mix. Every refusal is one log
 * line "<pack>: refused: <reason>" and leaves installed content untouched.
 *
 * A new version is pending until the kiosk confirms it loaded: the kiosk calls pack_roots()
 * at start (which falls back any pack that was pending and never confirmed on the last run),
 * then pack_confirm() or pack_fall_back() for each pending one.
 *
 * Test hooks (environment): WEGWIJS_PACK_CRASH_AT=N raises SIGKILL at the Nth write, copy,
 * write-back, fsync, mkdir or rename of an install (WEGWIJS_PACK_CRASH_COUNT=1 logs how many
 * there were);
 * WEGWIJS_PACK_FREE_BYTES=N pretends the state file system has N bytes free.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pack/manifest.h"

struct pack_store;
struct pack_inbox;
struct ready_opts;

/* One installed pack (pack_list, pack_roots) or a verified pack file (pack_verify). */
struct pack_info {
    char id[MANIFEST_ID_MAX + 1];
    uint64_t version;
    uint64_t previous; /* 0: no version to roll back to */
    uint64_t highest;  /* highest version ever installed for this id */
    bool pending;      /* installed but not yet loaded by the kiosk */
    char date[16];
    char languages[256];
    size_t n_files;
    uint64_t size;
    char root[4096]; /* the content root folder (empty for pack_verify) */
};

enum pack_result {
    PACK_REFUSED = -1,
    PACK_INSTALLED = 0,
    PACK_UNCHANGED = 1, /* the same version was already installed */
};

enum pack_flags {
    PACK_ALLOW_DOWNGRADE = 1 << 0, /* staff chose an older version on purpose */
};

/* done and total are bytes of work (copy, check, unpack); called often, keep it cheap. */
typedef void (*pack_progress_fn)(void *ud, uint64_t done, uint64_t total);

/*
 * Opens (and creates) <state_dir>/packs and removes what an interrupted install left behind.
 * keys_dir may be NULL for a store that only lists, rolls back or serves content roots;
 * state_dir may be NULL for one that only verifies.
 * Returns NULL with a log line when the state folder cannot be used.
 */
struct pack_store *pack_store_new(const char *state_dir, const char *keys_dir);
void pack_store_destroy(struct pack_store *s);
/*
 * For the kiosk: from now on a keys folder or key file that this process could write is not
 * trusted at all (a kiosk user that can add a key could sign anything). Tools run by people on
 * their own keys only get a warning.
 */
void pack_store_require_readonly_keys(struct pack_store *s);
/* Why the last call refused ("" after a success). */
const char *pack_store_error(const struct pack_store *s);

/* Checks a pack file where it lies: signature, trusted comment, manifest, every file. */
int pack_verify(struct pack_store *s, const char *pack_path, struct pack_info *info);

/* Installs a pack file (PACK.minisig beside it). Returns an enum pack_result. */
int pack_install(struct pack_store *s, const char *pack_path, unsigned flags,
                 pack_progress_fn progress, void *ud);

/* Makes the previous version current again and drops the rolled-back one. */
int pack_rollback(struct pack_store *s, const char *id);

/* Installed packs, sorted by id; *out is malloc'd (free it). Returns 0 or -1. */
int pack_list(struct pack_store *s, struct pack_info **out, size_t *n);

/*
 * For the kiosk at start: like pack_list (sorted by id, so a patch pack "fr-video-x" comes
 * after "fr" and, added later as a content root, wins), but first falls back every pack that was
 * pending and handed out before without a pack_confirm() (the kiosk failed on it), then counts this
 * hand-out for the packs still pending.
 */
int pack_roots(struct pack_store *s, struct pack_info **out, size_t *n);
/* The kiosk loaded the pending version of id without error. */
int pack_confirm(struct pack_store *s, const char *id);
/* The kiosk could not load id: back to the previous version, with a log line naming why. */
int pack_fall_back(struct pack_store *s, const char *id, const char *why);

/*
 * The inbox: a folder another program fills (a sync engine, a script). pack_inbox_scan()
 * installs every "*.pack" with its ".minisig" whose size and time were the same at the last
 * scan, skips sync tools' temporary names (.syncthing.*.tmp, ~syncthing~*, *.part, hidden
 * files), and remembers what it handled so a refused pack is logged once, not every scan.
 * Returns the number of packs installed by this scan. Never deletes from the inbox: with a
 * two-way sync a deletion would travel to the whole fleet.
 */
struct pack_inbox *pack_inbox_new(const char *dir);
void pack_inbox_destroy(struct pack_inbox *in);
int pack_inbox_scan(struct pack_inbox *in, struct pack_store *s);

/* Making packs (packtool create). */
struct pack_create_opts {
    const char *id;       /* default: the language code, or the folder's name */
    uint64_t version;     /* default: UTC time as YYYYMMDDHHMM */
    const char *videos;   /* extra <lang>/videos source; default: build/content/<lang>/videos
                             beside the locales folder, when it exists */
    const char *sign_key; /* minisign secret key; NULL = leave unsigned */
    const char *compress; /* NULL/"none", "gzip", "xz" or "zstd" */
    bool (*password)(void *ud, char *buf, size_t size); /* for an encrypted key */
    void *password_ud;
    /* Videos checked, converted where needed and given posters (kiosk/video/ready.h);
     * NULL: files under <lang>/videos/ are packed as they are. */
    const struct ready_opts *videos_ready;
};

/*
 * Packs dir, either a language folder ("locales/fr": kiosk.po, topics.po, videos/) or a whole
 * content root (topics.conf, <lang>/...), into out (and out.minisig when signing).
 */
int pack_create(const char *dir, const char *out, const struct pack_create_opts *opts,
                struct pack_info *info);
