/*
 * lint: checks Dutch text against the kiosk's B1 rules, sentence by sentence.
 *
 * The rules (CONTENT.md): always "u"/"uw", never "je/jij/jou/jouw/jullie"; sentences of at
 * most 12 words (never more than 20); no long compounds without a plain explanation; active
 * voice; no bureaucratic words where a plain one exists. Sentences and words are found with
 * ICU's break iterators, so "meisje" or "jeugd" never count as "je".
 *
 * A lint collects the texts of one file (lint_add, with the source line of every byte), then
 * lint_run reports each finding through a callback and returns the file's figures, from which
 * lint_flesch_douma computes the readability score. Long words explained anywhere in the file
 * ("Cliëntondersteuning is ...", "... (cliëntondersteuning)") count as explained everywhere.
 */
#pragma once

#include <stddef.h>

struct lint_rules;
struct lint;

enum lint_level { LINT_WARNING, LINT_ERROR };

enum lint_check {
    LINT_INFORMAL,     /* je, jij, jou, jouw, jullie...: error */
    LINT_LENGTH,       /* over 12 words: warning; over 20: error */
    LINT_LONG_WORD,    /* over 18 letters, not explained in the file: warning */
    LINT_PASSIVE,      /* worden + participle, or zijn + participle + door: warning */
    LINT_BUREAUCRATIC, /* a word from the rules' table: its level from the table */
};

struct lint_finding {
    enum lint_check check;
    enum lint_level level;
    int line;             /* source line where the sentence starts */
    const char *sentence; /* the sentence, UTF-8, valid during the callback */
    const char *message;  /* what is wrong and what to write instead */
};

struct lint_stats {
    int sentences, words, syllables;
    int errors, warnings;
};

/*
 * The table of bureaucratic words: lines "words<TAB>plain alternative[<TAB>error|warning]",
 * '#' comments; words may be a phrase ("met betrekking tot"). Returns NULL and logs the file
 * and line when the table cannot be read.
 */
struct lint_rules *lint_rules_load(const char *path);
void lint_rules_destroy(struct lint_rules *rules); /* accepts NULL */
size_t lint_rules_count(const struct lint_rules *rules);

struct lint *lint_new(const struct lint_rules *rules); /* rules may be NULL: no table */
void lint_destroy(struct lint *lint);                  /* accepts NULL */

/*
 * Adds a text (len bytes of UTF-8; invalid bytes count as U+FFFD). lines[i] is the source line
 * of byte i; with lines NULL, the text starts at first_line and every '\n' adds one.
 * Returns 0, or -1 when out of memory.
 */
int lint_add(struct lint *lint, const char *text, size_t len, const int *lines, int first_line);

typedef void (*lint_report_fn)(void *data, const struct lint_finding *finding);

/* Checks everything added; report may be NULL. Returns 0, or -1 on an ICU or memory error. */
int lint_run(struct lint *lint, lint_report_fn report, void *data, struct lint_stats *stats);

/* Flesch-Douma: 206.835 - 0.93 * words/sentences - 77 * syllables/words (higher = easier). */
double lint_flesch_douma(const struct lint_stats *stats);

/* Dutch syllables of one word (vowel groups; "ij" and a diaeresis handled). At least 1. */
int lint_syllables(const char *word);
