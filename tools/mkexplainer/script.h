/*
 * script: what one explainer says and shows, read from a content root.
 *
 * The segments of a topic in one language, in order: the title (first slide), the script's
 * lines from <lang>/topics.po ("<slug>.script", one sentence per line), and the closing lines
 * from <lang>/kiosk.po ("explainer.end": where to go next, never a phone number). Each segment
 * is narrated and becomes one subtitle cue. The pictogram comes from <root>/topics.conf, the
 * label of the contact button ("contact.button") for the closing slide, and the Dutch terms a
 * resident will meet (<root>/terms.conf) as key words for the slides. Everything is read
 * through the kiosk's content module (kiosk/content), as the kiosk reads it.
 */
#pragma once

#include <stddef.h>

enum script_kind { SCRIPT_TITLE, SCRIPT_LINE, SCRIPT_END };

struct script_segment {
    enum script_kind kind;
    char *text;
};

struct script {
    char *lang, *slug;
    char *pictogram; /* UTF-8 emoji sequence */
    char *contact;   /* the contact button's label in lang, "" when none */
    char **terms;    /* Dutch terms (terms.conf), shown on a slide when its sentence names one */
    size_t n_terms;
    struct script_segment *segs;
    size_t count;
};

/*
 * Loads lang's segments of slug from root. max_lines > 0 keeps only the first max_lines script
 * lines (short test videos). Returns NULL with one log line naming the file and the missing
 * key when something is absent.
 */
struct script *script_load(const char *root, const char *lang, const char *slug, int max_lines);
void script_destroy(struct script *script); /* accepts NULL */
