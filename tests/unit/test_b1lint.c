/* b1lint's rules, sentence by sentence: what must be flagged and what must not. */
#include "check.h"

#include "../../tools/b1lint/lint.h"

#include <math.h>
#include <stdlib.h>

#define NO_FINDING (-1)

struct row {
    const char *text;
    int check; /* enum lint_check, or NO_FINDING: nothing at all may be reported */
    enum lint_level level;
};

struct found {
    int n;
    int checks[16];
    enum lint_level levels[16];
    int lines[16];
};

static void collect(void *data, const struct lint_finding *f)
{
    struct found *fd = data;
    if (fd->n < 16) {
        fd->checks[fd->n] = (int)f->check;
        fd->levels[fd->n] = f->level;
        fd->lines[fd->n] = f->line;
    }
    fd->n++;
}

static struct lint_rules *rules(void)
{
    static struct lint_rules *r;
    if (!r)
        r = lint_rules_load("tools/b1lint/ambtelijk.tsv");
    return r;
}

static bool lint_one(const char *text, struct found *fd, struct lint_stats *st)
{
    memset(fd, 0, sizeof(*fd));
    struct lint *l = lint_new(rules());
    bool ok =
        l && lint_add(l, text, strlen(text), NULL, 1) == 0 && lint_run(l, collect, fd, st) == 0;
    lint_destroy(l);
    return ok;
}

/* Every row must give exactly its expected finding (or none). */
static void run_rows(const struct row *rows, size_t n)
{
    char msg[600];
    for (size_t i = 0; i < n; i++) {
        struct found fd;
        struct lint_stats st;
        if (!lint_one(rows[i].text, &fd, &st)) {
            snprintf(msg, sizeof(msg), "lint failed on \"%s\"", rows[i].text);
            check_fail(__FILE__, __LINE__, msg);
            return;
        }
        bool ok;
        if (rows[i].check == NO_FINDING)
            ok = fd.n == 0;
        else {
            ok = false;
            for (int k = 0; k < fd.n && k < 16; k++)
                ok = ok || (fd.checks[k] == rows[i].check && fd.levels[k] == rows[i].level);
        }
        if (!ok) {
            snprintf(msg, sizeof(msg), "\"%s\": expected %s %d, got %d finding(s)%s%d",
                     rows[i].text, rows[i].check == NO_FINDING ? "nothing" : "check", rows[i].check,
                     fd.n, fd.n ? ", first check " : "", fd.n ? fd.checks[0] : 0);
            check_fail(__FILE__, __LINE__, msg);
            return;
        }
    }
}

#define ROWS(r) run_rows((r), sizeof(r) / sizeof((r)[0]))

static void test_good_sentences(void)
{
    static const struct row rows[] = {
        {"Heeft u een vraag? Dan kunt u bellen.", NO_FINDING, 0},
        {"Het meisje gaat naar de jeugdzorg.", NO_FINDING, 0},
        {"Het project heeft een nieuwe naam.", NO_FINDING, 0},
        {"Dat is jammer, maar het geeft niets.", NO_FINDING, 0},
        {"Jeroen en Juul komen in juni of juli.", NO_FINDING, 0},
        {"U kunt weer gezond worden.", NO_FINDING, 0},
        {"Dan kan uw uitkering lager worden.", NO_FINDING, 0},
        {"Het wordt een goed gesprek.", NO_FINDING, 0},
        {"Hij is gisteren gekomen.", NO_FINDING, 0},
        {"Bent u er nog?", NO_FINDING, 0},
        {"Wij helpen u graag verder.", NO_FINDING, 0},
        {"Kom op tijd naar een afspraak.", NO_FINDING, 0},
        {"Wat is cliëntondersteuning? Cliëntondersteuning is gratis hulp.", NO_FINDING, 0},
        {"U krijgt hulp van de gemeente (cliëntondersteuning).", NO_FINDING, 0},
        {"Eén, twee, drie, vier, vijf, zes, zeven, acht, negen, tien, elf, twaalf.", NO_FINDING, 0},
        {"Dat betekent: hij of zij beslist niet over uw aanvraag.", NO_FINDING, 0},
    };
    ROWS(rows);
}

static void test_informal_address(void)
{
    static const struct row rows[] = {
        {"Heb je een vraag?", LINT_INFORMAL, LINT_ERROR},
        {"Kun je morgen komen?", LINT_INFORMAL, LINT_ERROR},
        {"Je kunt altijd bellen.", LINT_INFORMAL, LINT_ERROR},
        {"JE KUNT ALTIJD BELLEN.", LINT_INFORMAL, LINT_ERROR},
        {"Neem je paspoort mee.", LINT_INFORMAL, LINT_ERROR},
        {"Dit is jouw brief.", LINT_INFORMAL, LINT_ERROR},
        {"Jij mag altijd bellen.", LINT_INFORMAL, LINT_ERROR},
        {"Jullie zijn welkom.", LINT_INFORMAL, LINT_ERROR},
        {"Wij helpen jou graag.", LINT_INFORMAL, LINT_ERROR},
        {"Doe het gewoon zelf, zonder iets voor jezelf te houden.", LINT_INFORMAL, LINT_ERROR},
    };
    ROWS(rows);
}

static void test_sentence_length(void)
{
    static const struct row rows[] = {
        /* 13 words */
        {"Een cliëntondersteuner helpt u met vragen over zorg, werk, geld, wonen of opvoeden.",
         LINT_LENGTH, LINT_WARNING},
        /* 21 words */
        {"Dit is een zin met heel veel woorden die maar doorgaat en doorgaat zonder einde want "
         "de schrijver wil echt alles.",
         LINT_LENGTH, LINT_ERROR},
    };
    ROWS(rows);
}

static void test_passive(void)
{
    static const struct row rows[] = {
        {"Uw aanvraag wordt beoordeeld.", LINT_PASSIVE, LINT_WARNING},
        {"De brief werd gisteren verstuurd.", LINT_PASSIVE, LINT_WARNING},
        {"Het formulier wordt opgestuurd.", LINT_PASSIVE, LINT_WARNING},
        {"U wordt gebeld.", LINT_PASSIVE, LINT_WARNING},
        {"De hulp wordt gegeven.", LINT_PASSIVE, LINT_WARNING},
        {"De aanvraag is goedgekeurd door de gemeente.", LINT_PASSIVE, LINT_WARNING},
    };
    ROWS(rows);
}

static void test_bureaucratic(void)
{
    static const struct row rows[] = {
        {"Indien u vragen heeft, belt u ons.", LINT_BUREAUCRATIC, LINT_ERROR},
        {"Wij helpen u teneinde werk te vinden.", LINT_BUREAUCRATIC, LINT_ERROR},
        {"Met betrekking tot uw vraag bellen wij u.", LINT_BUREAUCRATIC, LINT_ERROR},
        {"Dat kan thans niet.", LINT_BUREAUCRATIC, LINT_ERROR},
        {"U kunt dit echter later doen.", LINT_BUREAUCRATIC, LINT_WARNING},
    };
    ROWS(rows);
}

static void test_long_words(void)
{
    static const struct row rows[] = {
        {"Vraag het aan de arbeidsmarktdeskundige.", LINT_LONG_WORD, LINT_WARNING},
        {"Wat is cliëntondersteuning?", LINT_LONG_WORD, LINT_WARNING},
    };
    ROWS(rows);
}

/* A long word is reported once per file, and not when explained later in the same file. */
static void test_long_word_once_per_file(void)
{
    struct found fd;
    struct lint_stats st;
    CHECK(lint_one("Bel de arbeidsmarktdeskundige. De arbeidsmarktdeskundige helpt.", &fd, &st));
    CHECK_INT_EQ(fd.n, 1);
    CHECK(lint_one("Wat doet de arbeidsmarktdeskundige?\nDe arbeidsmarktdeskundige: iemand die "
                   "u helpt werk te vinden.",
                   &fd, &st));
    CHECK_INT_EQ(fd.n, 0);
}

static void test_lines(void)
{
    struct found fd;
    struct lint_stats st;
    CHECK(lint_one("Goed zo.\nDit ook.\n\nHeb je tijd?", &fd, &st));
    CHECK_INT_EQ(fd.n, 1);
    CHECK_INT_EQ(fd.lines[0], 4);
    CHECK_INT_EQ(st.sentences, 3);
    CHECK_INT_EQ(st.words, 7);
}

static void test_syllables(void)
{
    static const struct {
        const char *word;
        int n;
    } rows[] = {
        {"huis", 1},       {"ijs", 1}, {"gemeente", 3},  {"cliënt", 2}, {"uitkering", 3},
        {"beëindigen", 4}, {"zee", 1}, {"opvoeding", 3}, {"12", 1},     {"Ik", 1},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (lint_syllables(rows[i].word) != rows[i].n) {
            char msg[128];
            snprintf(msg, sizeof(msg), "syllables of %s: %d, expected %d", rows[i].word,
                     lint_syllables(rows[i].word), rows[i].n);
            check_fail(__FILE__, __LINE__, msg);
            return;
        }
    }
}

static void test_flesch_douma(void)
{
    struct lint_stats st = {.sentences = 10, .words = 80, .syllables = 120};
    /* 206.835 - 0.93 * 8 - 77 * 1.5 */
    CHECK(fabs(lint_flesch_douma(&st) - 83.895) < 1e-9);
    struct found fd;
    CHECK(lint_one("De hulp is gratis. U kunt altijd bellen.", &fd, &st));
    CHECK_INT_EQ(st.sentences, 2);
    CHECK_INT_EQ(st.words, 8);
    CHECK_INT_EQ(st.syllables, 11);
    /* Plain B1 sentences score as easy; a bureaucratic one scores lower. */
    double easy = lint_flesch_douma(&st);
    CHECK(lint_one("Betreffende de beoordeling van uw aanvraag tot verstrekking van "
                   "ondersteuningsvoorzieningen verwijzen wij naar de toepasselijke regelgeving.",
                   &fd, &st));
    CHECK(easy > 80.0);
    CHECK(lint_flesch_douma(&st) < easy - 40.0);
}

static void test_rules_table(void)
{
    CHECK(rules() != NULL);
    CHECK(lint_rules_count(rules()) >= 40);
    CHECK(lint_rules_load("/nonexistent/ambtelijk.tsv") == NULL);
}

static const struct check_case cases[] = {
    {"b1lint_good_sentences", test_good_sentences},
    {"b1lint_informal_address", test_informal_address},
    {"b1lint_sentence_length", test_sentence_length},
    {"b1lint_passive", test_passive},
    {"b1lint_bureaucratic", test_bureaucratic},
    {"b1lint_long_words", test_long_words},
    {"b1lint_long_word_once_per_file", test_long_word_once_per_file},
    {"b1lint_lines", test_lines},
    {"b1lint_syllables", test_syllables},
    {"b1lint_flesch_douma", test_flesch_douma},
    {"b1lint_rules_table", test_rules_table},
};

int main(int argc, char **argv)
{
    int rc = CHECK_MAIN(cases, argc, argv);
    lint_rules_destroy(rules());
    return rc;
}
