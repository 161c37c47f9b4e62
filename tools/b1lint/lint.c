#define LOG_TAG "lint"
#include "core/log.h"
#include "core/grow.h"

#include "lint.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#define MAX_RULE_WORDS 6
#define SENTENCE_WARN  12
#define SENTENCE_ERROR 20
#define LONG_WORD      18

struct rule {
    char *words[MAX_RULE_WORDS];
    int nwords;
    char *alt;
    enum lint_level level;
};

struct lint_rules {
    struct rule *rules;
    size_t count;
};

struct segment {
    char *text;
    size_t len;
    int *lines;
};

/* A growing list of strings, small enough for linear search. */
struct strset {
    char **items;
    size_t count, cap;
};

struct lint {
    const struct lint_rules *rules;
    struct segment *segs;
    size_t nsegs, capsegs;
    struct strset explained, reported;
};

enum token_kind { TOKEN_PUNCT, TOKEN_NUMBER, TOKEN_WORD };

struct token {
    enum token_kind kind;
    char *lower; /* lowercased UTF-8 */
    int letters;
};

struct sentence {
    struct token *tokens;
    int ntokens;
    int words;
    char *text;
    int line;
};

static const char *const informal_words[] = {
    "je", "jij", "jou", "jouw", "jouwe", "jullie", "jezelf", "jijzelf", "jouzelf", "julliezelf",
};
static const char *const worden_forms[] = {"word", "wordt", "worden", "werd", "werden", "geworden"};
static const char *const zijn_forms[] = {"is", "zijn", "was", "waren", "ben", "bent", "geweest"};
/* Words that look like participles (ge...d/t/en) but are nouns, adjectives or infinitives. */
static const char *const not_participles[] = {
    "gemeente", "gemeenten", "gesprek",  "gesprekken", "gevolg",  "gevolgen", "gebied",
    "gebieden", "gebouw",    "gebouwen", "geld",       "geheim",  "gezond",   "gewoon",
    "gerust",   "gezin",     "gezinnen", "gevaar",     "geduld",  "gelijk",   "genoeg",
    "gewicht",  "gemak",     "gebruik",  "gedachten",  "geven",   "gelden",   "gebeuren",
    "genieten", "gebruiken", "geloven",  "gewend",     "gezicht", "gebit",    "geheugen",
    "gevoelen", "gebed",     "gebod",    "geweten",    "genezen", "getal",    "getallen",
    "gestalte", "gedrag",    "gehoor",   "gemiddeld",
};
static const char *const particles[] = {"aan",  "af",   "bij", "door",  "goed",  "in",    "mee",
                                        "na",   "om",   "op",  "over",  "terug", "toe",   "uit",
                                        "vast", "voor", "weg", "samen", "vrij",  "tegen", "thuis"};
static const char *const explain_after[] = {"is", "zijn", "betekent", "betekenen", "heet", "heten"};
static const char *const explain_before[] = {"heet", "heten", "noemen", "noemt"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

static bool strset_has(const struct strset *s, const char *w)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i], w) == 0)
            return true;
    return false;
}

static int strset_add(struct strset *s, const char *w)
{
    if (strset_has(s, w))
        return 0;
    char **n = grow_array(s->items, &s->cap, s->count + 1, sizeof(*n), 16);
    if (!n)
        return -1;
    s->items = n;
    s->items[s->count] = strdup(w);
    if (!s->items[s->count])
        return -1;
    s->count++;
    return 0;
}

static void strset_free(struct strset *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof(*s));
}

/* ---- rules table ---- */

static void rule_free(struct rule *r)
{
    for (int i = 0; i < r->nwords; i++)
        free(r->words[i]);
    free(r->alt);
}

void lint_rules_destroy(struct lint_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->count; i++)
        rule_free(&rules->rules[i]);
    free(rules->rules);
    free(rules);
}

size_t lint_rules_count(const struct lint_rules *rules)
{
    return rules ? rules->count : 0;
}

static int parse_rule(char *line, struct rule *r, const char **err)
{
    char *save = NULL;
    char *words = strtok_r(line, "\t", &save);
    char *alt = strtok_r(NULL, "\t", &save);
    char *level = strtok_r(NULL, "\t", &save);
    memset(r, 0, sizeof(*r));
    r->level = LINT_ERROR;
    if (!words || !alt) {
        *err = "expected \"words<TAB>alternative[<TAB>error|warning]\"";
        return -1;
    }
    if (level && strcmp(level, "warning") == 0)
        r->level = LINT_WARNING;
    else if (level && strcmp(level, "error") != 0) {
        *err = "level must be error or warning";
        return -1;
    }
    char *wsave = NULL;
    for (char *w = strtok_r(words, " ", &wsave); w; w = strtok_r(NULL, " ", &wsave)) {
        if (r->nwords == MAX_RULE_WORDS) {
            *err = "too many words in a phrase";
            goto fail;
        }
        if (!(r->words[r->nwords] = strdup(w))) {
            *err = "out of memory";
            goto fail;
        }
        r->nwords++;
    }
    if (r->nwords == 0 || !(r->alt = strdup(alt))) {
        *err = r->nwords ? "out of memory" : "no words";
        goto fail;
    }
    return 0;
fail:
    rule_free(r);
    memset(r, 0, sizeof(*r));
    return -1;
}

struct lint_rules *lint_rules_load(const char *path)
{
    struct lint_rules *rules = NULL;
    char *buf = NULL;
    size_t cap = 0, rcap = 0;
    int lineno = 0;
    const char *err = "out of memory";
    FILE *f = fopen(path, "r");
    if (!f) {
        LOG_ERR("%s: cannot open the table of bureaucratic words: %s", path, strerror(errno));
        return NULL;
    }
    rules = calloc(1, sizeof(*rules));
    if (!rules)
        goto fail;
    while (getline(&buf, &cap, f) >= 0) {
        lineno++;
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0] == '#' || buf[0] == '\0')
            continue;
        struct rule *n = grow_array(rules->rules, &rcap, rules->count + 1, sizeof(*n), 64);
        if (!n)
            goto fail;
        rules->rules = n;
        if (parse_rule(buf, &rules->rules[rules->count], &err) < 0)
            goto fail;
        rules->count++;
    }
    free(buf);
    fclose(f);
    return rules;
fail:
    LOG_ERR("%s:%d: bad line in the table of bureaucratic words: %s", path, lineno, err);
    free(buf);
    fclose(f);
    lint_rules_destroy(rules);
    return NULL;
}

/* ---- collecting text ---- */

struct lint *lint_new(const struct lint_rules *rules)
{
    struct lint *lint = calloc(1, sizeof(*lint));
    if (lint)
        lint->rules = rules;
    return lint;
}

void lint_destroy(struct lint *lint)
{
    if (!lint)
        return;
    for (size_t i = 0; i < lint->nsegs; i++) {
        free(lint->segs[i].text);
        free(lint->segs[i].lines);
    }
    free(lint->segs);
    strset_free(&lint->explained);
    strset_free(&lint->reported);
    free(lint);
}

int lint_add(struct lint *lint, const char *text, size_t len, const int *lines, int first_line)
{
    struct segment s = {0};
    struct segment *n = grow_array(lint->segs, &lint->capsegs, lint->nsegs + 1, sizeof(*n), 32);
    if (!n)
        return -1;
    lint->segs = n;
    s.text = malloc(len + 1);
    s.lines = malloc((len + 1) * sizeof(*s.lines));
    if (!s.text || !s.lines) {
        free(s.text);
        free(s.lines);
        return -1;
    }
    memcpy(s.text, text, len);
    s.text[len] = '\0';
    s.len = len;
    int line = first_line;
    for (size_t i = 0; i <= len; i++) {
        s.lines[i] = lines ? lines[i < len ? i : (len ? len - 1 : 0)] : line;
        if (!lines && i < len && text[i] == '\n')
            line++;
    }
    lint->segs[lint->nsegs++] = s;
    return 0;
}

/* ---- words ---- */

static bool is_vowel(UChar32 c, bool *new_group)
{
    *new_group = false;
    switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
    case 0xE0:
    case 0xE1:
    case 0xE2:
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEC:
    case 0xED:
    case 0xEE:
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case 0xF9:
    case 0xFA:
    case 0xFB:
    case 0xFD:
        return true;
    case 0xE4:
    case 0xEB:
    case 0xEF:
    case 0xF6:
    case 0xFC: /* diaeresis: a new syllable */
        *new_group = true;
        return true;
    default:
        return false;
    }
}

int lint_syllables(const char *word)
{
    int32_t i = 0, n = (int32_t)strlen(word);
    int count = 0;
    bool prev = false;
    while (i < n) {
        UChar32 c;
        U8_NEXT(word, i, n, c);
        c = u_tolower(c);
        bool fresh;
        bool v = is_vowel(c, &fresh);
        if (v && (!prev || fresh))
            count++;
        prev = v;
    }
    return count > 0 ? count : 1;
}

static bool ends_with(const char *w, const char *suffix)
{
    size_t n = strlen(w), m = strlen(suffix);
    return n >= m && strcmp(w + n - m, suffix) == 0;
}

static bool participle_ending(const char *w)
{
    return ends_with(w, "d") || ends_with(w, "t") || ends_with(w, "en") || ends_with(w, "aan");
}

/* Heuristic: ge-...-d/t/en (gemaakt, gegeven, gedaan), particle + ge (opgelost), or an
 * inseparable prefix with a -d/-t/-en ending (betaald, vertaald, ontvangen). */
static bool is_participle(const char *w)
{
    size_t n = strlen(w);
    if (n < 5 || in_list(w, not_participles, COUNT(not_participles)) || !participle_ending(w))
        return false;
    if (strncmp(w, "ge", 2) == 0)
        return true;
    for (size_t i = 0; i < COUNT(particles); i++) {
        size_t p = strlen(particles[i]);
        if (strncmp(w, particles[i], p) == 0 && strncmp(w + p, "ge", 2) == 0 && n > p + 4)
            return true;
    }
    static const char *const prefixes[] = {"be", "ver", "ont", "her"};
    for (size_t i = 0; i < COUNT(prefixes); i++) {
        size_t p = strlen(prefixes[i]);
        if (strncmp(w, prefixes[i], p) == 0 && n > p + 3)
            return true;
    }
    return false;
}

/* ---- sentences ---- */

struct text16 {
    UChar *u;
    int32_t n;
    size_t *byte; /* byte[i] = byte offset in the segment of UTF-16 unit i; n + 1 entries */
};

static void text16_free(struct text16 *t)
{
    free(t->u);
    free(t->byte);
}

static int text16_from(const struct segment *s, struct text16 *t)
{
    memset(t, 0, sizeof(*t));
    t->u = malloc((s->len + 1) * sizeof(UChar) * 2);
    t->byte = malloc((s->len + 1) * 2 * sizeof(size_t));
    if (!t->u || !t->byte) {
        text16_free(t);
        return -1;
    }
    int32_t i = 0, len = (int32_t)s->len;
    while (i < len) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s->text, i, len, c);
        if (c < 0)
            c = 0xFFFD;
        int32_t before = t->n;
        UBool err = false;
        U16_APPEND(t->u, t->n, (int32_t)(s->len + 1) * 2, c, err);
        (void)err;
        for (int32_t k = before; k < t->n; k++)
            t->byte[k] = (size_t)start;
    }
    t->byte[t->n] = s->len;
    return 0;
}

static void sentence_free(struct sentence *s)
{
    for (int i = 0; i < s->ntokens; i++)
        free(s->tokens[i].lower);
    free(s->tokens);
    free(s->text);
    memset(s, 0, sizeof(*s));
}

static char *utf16_lower_utf8(const UChar *u, int32_t n)
{
    UErrorCode e = U_ZERO_ERROR;
    UChar low[256];
    int32_t ln = u_strToLower(low, 256, u, n, "nl", &e);
    if (U_FAILURE(e) || ln >= 256)
        return NULL;
    char *out = malloc((size_t)ln * 3 + 1);
    if (!out)
        return NULL;
    int32_t on = 0;
    u_strToUTF8WithSub(out, ln * 3 + 1, &on, low, ln, 0xFFFD, NULL, &e);
    if (U_FAILURE(e)) {
        free(out);
        return NULL;
    }
    out[on] = '\0';
    return out;
}

/* Tokens (words, numbers, punctuation) of the sentence t->u[s, e). */
static int tokenize(const struct text16 *t, int32_t s, int32_t e, UBreakIterator *wb,
                    struct sentence *out)
{
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(wb, t->u + s, e - s, &err);
    if (U_FAILURE(err))
        return -1;
    int cap = 0;
    int32_t a = ubrk_first(wb);
    for (int32_t b = ubrk_next(wb); b != UBRK_DONE; a = b, b = ubrk_next(wb)) {
        int status = ubrk_getRuleStatus(wb);
        const UChar *w = t->u + s + a;
        enum token_kind kind = status >= UBRK_WORD_LETTER   ? TOKEN_WORD
                               : status >= UBRK_WORD_NUMBER ? TOKEN_NUMBER
                                                            : TOKEN_PUNCT;
        if (kind == TOKEN_PUNCT && u_isUWhiteSpace(w[0]))
            continue;
        if (out->ntokens == cap) {
            cap = cap ? cap * 2 : 16;
            struct token *n = realloc(out->tokens, (size_t)cap * sizeof(*n));
            if (!n)
                return -1;
            out->tokens = n;
        }
        struct token *tok = &out->tokens[out->ntokens];
        tok->kind = kind;
        tok->letters = 0;
        for (int32_t i = 0; i < b - a;) {
            UChar32 c;
            U16_NEXT(w, i, b - a, c);
            if (u_isalpha(c))
                tok->letters++;
        }
        if (!(tok->lower = utf16_lower_utf8(w, b - a)))
            return -1;
        out->ntokens++;
        if (kind != TOKEN_PUNCT)
            out->words++;
    }
    return 0;
}

/* The sentence as one line of UTF-8 (whitespace runs become one space). */
static char *sentence_text(const struct segment *seg, size_t from, size_t to)
{
    char *out = malloc(to - from + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    bool space = true;
    for (size_t i = from; i < to; i++) {
        char c = seg->text[i];
        if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
            if (!space)
                out[n++] = ' ';
            space = true;
        } else {
            out[n++] = c;
            space = false;
        }
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

typedef int (*sentence_fn)(struct lint *lint, const struct sentence *s, void *ctx);

static int for_each_sentence(struct lint *lint, sentence_fn fn, void *ctx)
{
    int rc = -1;
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *sb = ubrk_open(UBRK_SENTENCE, "nl", NULL, 0, &err);
    UBreakIterator *wb = ubrk_open(UBRK_WORD, "nl", NULL, 0, &err);
    struct text16 t = {0};
    struct sentence s = {0};
    if (U_FAILURE(err)) {
        LOG_ERR("ICU break iterators: %s", u_errorName(err));
        goto out;
    }
    for (size_t i = 0; i < lint->nsegs; i++) {
        const struct segment *seg = &lint->segs[i];
        text16_free(&t);
        if (text16_from(seg, &t) < 0)
            goto out;
        ubrk_setText(sb, t.u, t.n, &err);
        if (U_FAILURE(err))
            goto out;
        int32_t a = ubrk_first(sb);
        for (int32_t b = ubrk_next(sb); b != UBRK_DONE; a = b, b = ubrk_next(sb)) {
            int32_t first = a;
            while (first < b && u_isUWhiteSpace(t.u[first]))
                first++;
            if (first == b)
                continue;
            if (tokenize(&t, a, b, wb, &s) < 0)
                goto out;
            s.line = seg->lines[t.byte[first]];
            if (s.words > 0) {
                if (!(s.text = sentence_text(seg, t.byte[first], t.byte[b])))
                    goto out;
                if (fn(lint, &s, ctx) < 0)
                    goto out;
            }
            sentence_free(&s);
        }
    }
    rc = 0;
out:
    sentence_free(&s);
    text16_free(&t);
    ubrk_close(sb);
    ubrk_close(wb);
    return rc;
}

/* Pass 1: long words followed by "is"/":"/"(", or put in brackets after a plain phrase. */
static int collect_explained(struct lint *lint, const struct sentence *s, void *ctx)
{
    (void)ctx;
    for (int i = 0; i < s->ntokens; i++) {
        const struct token *tok = &s->tokens[i];
        if (tok->kind != TOKEN_WORD || tok->letters <= LONG_WORD)
            continue;
        const struct token *next = i + 1 < s->ntokens ? &s->tokens[i + 1] : NULL;
        const struct token *prev = i > 0 ? &s->tokens[i - 1] : NULL;
        bool explained = (next && next->kind == TOKEN_PUNCT &&
                          (strcmp(next->lower, ":") == 0 || strcmp(next->lower, "(") == 0)) ||
                         (next && in_list(next->lower, explain_after, COUNT(explain_after))) ||
                         (prev && in_list(prev->lower, explain_before, COUNT(explain_before))) ||
                         (prev && strcmp(prev->lower, "(") == 0 && i >= 2);
        if (explained && strset_add(&lint->explained, tok->lower) < 0)
            return -1;
    }
    return 0;
}

struct run {
    lint_report_fn report;
    void *data;
    struct lint_stats stats;
};

static void emit(struct run *r, const struct sentence *s, enum lint_check check,
                 enum lint_level level, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void emit(struct run *r, const struct sentence *s, enum lint_check check,
                 enum lint_level level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (level == LINT_ERROR)
        r->stats.errors++;
    else
        r->stats.warnings++;
    if (r->report) {
        struct lint_finding f = {check, level, s->line, s->text, msg};
        r->report(r->data, &f);
    }
}

/* Index of the previous word token before i, or -1. */
static int prev_word(const struct sentence *s, int i)
{
    for (int k = i - 1; k >= 0; k--)
        if (s->tokens[k].kind == TOKEN_WORD)
            return k;
        else if (s->tokens[k].kind == TOKEN_PUNCT)
            return -1;
    return -1;
}

static void check_informal(struct run *r, const struct sentence *s)
{
    for (int i = 0; i < s->ntokens; i++) {
        const char *w = s->tokens[i].lower;
        if (s->tokens[i].kind != TOKEN_WORD || !in_list(w, informal_words, COUNT(informal_words)))
            continue;
        int p = prev_word(s, i);
        if (p >= 0 && (strcmp(w, "je") == 0 || strcmp(w, "jij") == 0))
            emit(r, s, LINT_INFORMAL, LINT_ERROR,
                 "informal address \"%s %s\": write \"u\" with its verb (\"heeft u\", "
                 "\"kunt u\")",
                 s->tokens[p].lower, w);
        else
            emit(r, s, LINT_INFORMAL, LINT_ERROR, "informal address \"%s\": write \"u\" or \"uw\"",
                 w);
    }
}

static void check_bureaucratic(struct lint *lint, struct run *r, const struct sentence *s)
{
    if (!lint->rules)
        return;
    /* Word tokens only, so a phrase matches across commas in no case and in any case. */
    for (size_t k = 0; k < lint->rules->count; k++) {
        const struct rule *rule = &lint->rules->rules[k];
        for (int i = 0; i < s->ntokens; i++) {
            int m = 0, j = i;
            while (m < rule->nwords && j < s->ntokens && s->tokens[j].kind == TOKEN_WORD &&
                   strcmp(s->tokens[j].lower, rule->words[m]) == 0)
                m++, j++;
            if (m < rule->nwords)
                continue;
            char phrase[256] = "";
            for (int q = 0; q < rule->nwords; q++) {
                if (q)
                    strncat(phrase, " ", sizeof(phrase) - strlen(phrase) - 1);
                strncat(phrase, rule->words[q], sizeof(phrase) - strlen(phrase) - 1);
            }
            emit(r, s, LINT_BUREAUCRATIC, rule->level, "bureaucratic \"%s\": write \"%s\"", phrase,
                 rule->alt);
            break;
        }
    }
}

static void check_passive(struct run *r, const struct sentence *s)
{
    int worden = -1, zijn = -1, door = -1, part = -1;
    for (int i = 0; i < s->ntokens; i++) {
        const struct token *t = &s->tokens[i];
        if (t->kind != TOKEN_WORD)
            continue;
        if (in_list(t->lower, worden_forms, COUNT(worden_forms)))
            worden = i;
        else if (in_list(t->lower, zijn_forms, COUNT(zijn_forms)))
            zijn = i;
        else if (strcmp(t->lower, "door") == 0)
            door = i;
        else if (part < 0 && is_participle(t->lower))
            part = i;
    }
    if (part < 0)
        return;
    if (worden >= 0)
        emit(r, s, LINT_PASSIVE, LINT_WARNING,
             "passive \"%s ... %s\": say who does it (\"de gemeente stuurt u ...\")",
             s->tokens[worden].lower, s->tokens[part].lower);
    else if (zijn >= 0 && door > part)
        emit(r, s, LINT_PASSIVE, LINT_WARNING, "passive \"%s %s door\": say who does it",
             s->tokens[zijn].lower, s->tokens[part].lower);
}

static int check_sentence(struct lint *lint, const struct sentence *s, void *ctx)
{
    struct run *r = ctx;
    r->stats.sentences++;
    r->stats.words += s->words;
    for (int i = 0; i < s->ntokens; i++)
        if (s->tokens[i].kind != TOKEN_PUNCT)
            r->stats.syllables += lint_syllables(s->tokens[i].lower);

    check_informal(r, s);
    if (s->words > SENTENCE_ERROR)
        emit(r, s, LINT_LENGTH, LINT_ERROR, "sentence of %d words (never more than %d)", s->words,
             SENTENCE_ERROR);
    else if (s->words > SENTENCE_WARN)
        emit(r, s, LINT_LENGTH, LINT_WARNING, "sentence of %d words (aim for at most %d)", s->words,
             SENTENCE_WARN);
    for (int i = 0; i < s->ntokens; i++) {
        const struct token *t = &s->tokens[i];
        if (t->kind != TOKEN_WORD || t->letters <= LONG_WORD ||
            strset_has(&lint->explained, t->lower) || strset_has(&lint->reported, t->lower))
            continue;
        if (strset_add(&lint->reported, t->lower) < 0)
            return -1;
        emit(r, s, LINT_LONG_WORD, LINT_WARNING,
             "long word \"%s\" (%d letters): explain it once (\"%s is ...\") or use plain words",
             t->lower, t->letters, t->lower);
    }
    check_passive(r, s);
    check_bureaucratic(lint, r, s);
    return 0;
}

int lint_run(struct lint *lint, lint_report_fn report, void *data, struct lint_stats *stats)
{
    struct run r = {report, data, {0}};
    strset_free(&lint->explained);
    strset_free(&lint->reported);
    int rc = for_each_sentence(lint, collect_explained, NULL);
    if (rc == 0)
        rc = for_each_sentence(lint, check_sentence, &r);
    if (stats)
        *stats = r.stats;
    return rc;
}

double lint_flesch_douma(const struct lint_stats *s)
{
    if (s->sentences == 0 || s->words == 0)
        return 0.0;
    return 206.835 - 0.93 * ((double)s->words / s->sentences) -
           77.0 * ((double)s->syllables / s->words);
}
