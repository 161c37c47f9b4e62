/*
 * pronounce: a language's list of what espeak-ng reads wrongly, applied to a text before it
 * is handed to espeak-ng (the kiosk's spoken prompts; see tools/mkspeech).
 *
 * The list is <root>/<lang>/pronounce.txt, one rule a line, '#' starts a comment:
 *
 *     FROM = TO
 *
 * Each side is trimmed; a side in double quotes keeps its spaces ("з " = "з" joins a lone
 * Ukrainian preposition to the next word). A rule whose FROM begins with a letter only
 * matches where no letter comes before it, and one whose FROM ends with a letter only where
 * no letter follows: "й = і" changes the lone word "й" but not the "й" inside "мій"
 * (modifier letters such as U+02BC do not count as letters, so "ʼ = '" applies inside words). Rules
 * apply in file order, each to the result of the previous one. A bad line is logged with the
 * file and line and left out; the other rules still apply.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct pronounce;

/* An empty list (no rules) for a missing file; NULL (logged) only when memory runs out or
 * the file cannot be read. */
struct pronounce *pronounce_load(const char *path);
/* The same from text in memory; name is for log lines. */
struct pronounce *pronounce_parse(const char *name, const char *text, size_t len);
void pronounce_destroy(struct pronounce *p); /* accepts NULL */
size_t pronounce_count(const struct pronounce *p);

/* Whether espeak-ng has a voice for lang (runs espeak-ng --voices=lang): a language without
 * one gets recordings or silence, never another language's voice. */
bool pronounce_has_voice(const char *lang);

/* The text with every rule applied, malloc'd (caller frees); NULL when memory runs out. */
char *pronounce_apply(const struct pronounce *p, const char *text);
