/*
 * content: what the kiosk says, as the union of its content roots.
 *
 * A content root is a folder laid out like the repository's locales/ (see README, "Content
 * and languages"): <root>/topics.conf, <root>/<lang>/kiosk.po (UI strings), <lang>/topics.po
 * (topic texts) and <lang>/videos/. Roots are added lowest priority first (development
 * folders, then installed packs); a later root's string, topic or file wins. Bad files are
 * logged once and left out; the rest of the content stays usable.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct content;

struct content_topic {
    const char *slug;      /* ASCII, stable: "wijkteam" */
    const char *pictogram; /* emoji, "" when none */
    int order;
    const char *title, *summary, *script, *advice; /* in the language asked for; may be "" */
};

struct content *content_new(void);
void content_destroy(struct content *content); /* accepts NULL */

/* Adds a root; false (logged) when the folder cannot be read at all. */
bool content_add_root(struct content *content, const char *dir);

size_t content_language_count(const struct content *content);
/* Language tags in the order the folders were found (sorted by tag). */
const char *content_language(const struct content *content, size_t i);
bool content_has_language(const struct content *content, const char *lang);
/* The language's own name in its own script ("language.name"), or the tag. */
const char *content_language_name(const struct content *content, const char *lang);
bool content_language_rtl(const char *lang);

/* How far a language's texts were checked, from the "X-Review-State" field of each PO
 * header ("none", "second-translator", "native-speaker") with "X-Review-Date" (YYYY-MM-DD).
 * A missing or unknown state counts as none: machine-made or unchecked text is a draft. */
enum content_review { CONTENT_REVIEW_NONE, CONTENT_REVIEW_SECOND, CONTENT_REVIEW_NATIVE };

struct content_review_info {
    enum content_review state;
    char date[11]; /* "" when the header gives no valid date */
};

/* The review state of a header field value; false (and NONE) when it is not one of the three. */
bool content_review_parse(const char *value, enum content_review *out);
/* "none", "second-translator" or "native-speaker": the header spelling. */
const char *content_review_name(enum content_review state);
/* The weakest state over lang's kiosk.po and topics.po (the copies in use), with its date;
 * false when the language has no texts. */
bool content_language_review(const struct content *content, const char *lang,
                             struct content_review_info *out);

/* A UI string: the language's, else Dutch, else the key itself. Never NULL. */
const char *content_string(const struct content *content, const char *lang, const char *key);
/* Like content_string, NULL when the language itself lacks the key. */
const char *content_string_exact(const struct content *content, const char *lang, const char *key);

/* The topics that have a title in lang, by order then slug; at most max into out. The
 * pointers stay valid as long as the content. */
size_t content_topics(const struct content *content, const char *lang, struct content_topic *out,
                      size_t max);
/* One topic by slug, false when lang has no title for it. */
bool content_topic(const struct content *content, const char *lang, const char *slug,
                   struct content_topic *out);

/* The path of <root>/<lang>/<relpath> in the highest root that has that regular file, as a
 * malloc'd string the caller frees; NULL when no root has it. */
char *content_find_file(const struct content *content, const char *lang, const char *relpath);
