/*
 * config: the location's configuration, `<state>/location.conf`, a small INI file that
 * staff and IT edit by hand (documented in assets/location.conf).
 *
 * Nothing in it can stop the kiosk: a missing file, an unknown key or a bad value gives one
 * log line naming the file, the line and the key, and the kiosk uses a safe default.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct config;

enum { CONFIG_DAYS = 7 }; /* Monday first, as in Dutch */

/* Reads path; never NULL unless memory runs out. A missing file gives the defaults. */
struct config *config_load(const char *path);
/* Parses text as if it were the file `name` (for tests and for the built-in defaults). */
struct config *config_parse(const char *name, const char *text);
void config_destroy(struct config *cfg); /* accepts NULL */

/* A raw value, NULL when the key is absent. */
const char *config_get(const struct config *cfg, const char *section, const char *key);
/* A value that must be one of the keys the kiosk knows; the default when absent. */
const char *config_string(const struct config *cfg, const char *section, const char *key,
                          const char *fallback);
/* An integer in [min, max]; a bad value logs file, line and key and gives the fallback. */
int config_int(const struct config *cfg, const char *section, const char *key, int min, int max,
               int fallback);

/* At most this many languages are offered; more, and duplicates, are logged and left out. */
#define CONFIG_LANGUAGES_MAX 32

/* The languages to offer, in order ("languages" in [kiosk]); NULL-terminated, at most max. */
size_t config_languages(const struct config *cfg, const char **out, size_t max);

/* Walk-in hours of one day (0 = Monday) as written, "09:00-12:00, 13:00-16:00"; NULL when
 * closed or absent. Values that are not such a list are logged and treated as absent. */
const char *config_hours(const struct config *cfg, int day);

/* The name of a location value's spoken prompt, "location.NAME.<8 hex digits>", the digits
 * a hash of the value: audio made for one address (tools/mkspeech --location) is never played
 * for another. NAME is "address" or "place". */
void config_speech_key(char *out, size_t len, const char *name, const char *value);
/* The file the configuration came from. */
const char *config_path(const struct config *cfg);
