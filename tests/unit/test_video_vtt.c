/* WebVTT parsing: good files, the odd corners of the format, and bad input. */
#include <stdlib.h>

#include "check.h"
#include "video/vtt.h"

struct cue_want {
    int64_t start, end;
    const char *text;
};

struct parse_case {
    const char *name;
    const char *input;
    int ncues; /* -1: the file must be refused (NULL) */
    struct cue_want cues[4];
};

static const struct parse_case parse_cases[] = {
    {"minimal", "WEBVTT\n\n00:01.000 --> 00:02.500\nHallo\n", 1, {{1000, 2500, "Hallo"}}},
    {"hours_and_multiline",
     "WEBVTT\n\n01:00:00.000 --> 01:00:01.000\nregel een\nregel twee\n",
     1,
     {{3600000, 3601000, "regel een\nregel twee"}}},
    {"crlf_bom_identifiers_settings",
     "\xef\xbb\xbfWEBVTT - titel\r\nKind: captions\r\n\r\n1\r\n00:00.000 --> 00:01.000 "
     "align:start line:0\r\nA\r\n\r\nintro\r\n00:01.000 --> 00:02.000\r\nB\r\n",
     2,
     {{0, 1000, "A"}, {1000, 2000, "B"}}},
    {"cr_only", "WEBVTT\r\r00:00.000 --> 00:01.000\rA\rB\r", 1, {{0, 1000, "A\nB"}}},
    {"markup_and_entities",
     "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Anna>Bel <b>14&nbsp;0123</b> &amp; "
     "<00:00.500>kom &lt;langs&gt;\n",
     1,
     {{0, 1000,
       "Bel 14\xc2\xa0"
       "0123 & kom <langs>"}}},
    {"note_style_region_skipped",
     "WEBVTT\n\nNOTE dit is een opmerking\n00:00.000 --> 00:01.000 staat hier niet\n\nSTYLE\n"
     "::cue { color: red }\n\nREGION\nid:x\n\n00:02.000 --> 00:03.000\nC\n",
     1,
     {{2000, 3000, "C"}}},
    {"sorted_by_start",
     "WEBVTT\n\n00:05.000 --> 00:06.000\nlater\n\n00:01.000 --> 00:02.000\neerder\n",
     2,
     {{1000, 2000, "eerder"}, {5000, 6000, "later"}}},
    {"arabic_text",
     "WEBVTT\n\n00:00.000 --> 00:02.000\n\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 14\n",
     1,
     {{0, 2000, "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 14"}}},
    /* Bad input: the file is refused, or the bad cue is skipped and the rest kept. */
    {"no_header", "00:00.000 --> 00:01.000\nA\n", -1, {{0}}},
    {"header_glued", "WEBVTTX\n\n00:00.000 --> 00:01.000\nA\n", -1, {{0}}},
    {"srt_instead", "1\n00:00:01,000 --> 00:00:02,000\nA\n", -1, {{0}}},
    {"empty", "", -1, {{0}}},
    {"header_only", "WEBVTT\n", 0, {{0}}},
    {"bad_times_skipped",
     "WEBVTT\n\n00:00,000 --> 00:01.000\nkomma\n\n0:01.000 --> 00:02.000\neen cijfer\n\n"
     "00:61.000 --> 00:62.000\nte veel seconden\n\n00:03.000 --> 00:04.000\ngoed\n",
     1,
     {{3000, 4000, "goed"}}},
    {"end_before_start",
     "WEBVTT\n\n00:05.000 --> 00:04.000\nA\n\n00:06.000 --> 00:07.000\nB\n",
     1,
     {{6000, 7000, "B"}}},
    {"missing_blank_line",
     "WEBVTT\n\n00:00.000 --> 00:01.000\nA\n00:01.000 --> 00:02.000\nB\n\n"
     "00:03.000 --> 00:04.000\nC\n",
     1,
     {{3000, 4000, "C"}}},
    {"text_without_times",
     "WEBVTT\n\nzomaar tekst\n\n00:00.000 --> 00:01.000\nA\n",
     1,
     {{0, 1000, "A"}}},
    {"empty_text_dropped",
     "WEBVTT\n\n00:00.000 --> 00:01.000\n\n00:01.000 --> 00:02.000\nB\n",
     1,
     {{1000, 2000, "B"}}},
    {"truncated_mid_cue",
     "WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\n00:01.000 --> 00:0",
     1,
     {{0, 1000, "A"}}},
    {"unclosed_tag", "WEBVTT\n\n00:00.000 --> 00:01.000\nA <b\n", 1, {{0, 1000, "A "}}},
};

static void test_parse_table(void)
{
    for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
        const struct parse_case *c = &parse_cases[i];
        struct vtt *v = vtt_parse(c->name, c->input, strlen(c->input));
        if (c->ncues < 0) {
            if (v != NULL) {
                printf("  case %s\n", c->name);
                vtt_destroy(v);
            }
            CHECK(v == NULL);
            continue;
        }
        if (v == NULL)
            printf("  case %s\n", c->name);
        CHECK(v != NULL);
        if ((int)vtt_count(v) != c->ncues)
            printf("  case %s: %zu cues\n", c->name, vtt_count(v));
        int n = (int)vtt_count(v);
        bool same = n == c->ncues;
        for (int k = 0; same && k < n; k++) {
            const struct vtt_cue *q = vtt_cue_at_index(v, (size_t)k);
            same = q->start_ms == c->cues[k].start && q->end_ms == c->cues[k].end &&
                   strcmp(q->text, c->cues[k].text) == 0;
            if (!same)
                printf("  case %s cue %d: %lld %lld \"%s\"\n", c->name, k, (long long)q->start_ms,
                       (long long)q->end_ms, q->text);
        }
        vtt_destroy(v);
        CHECK(same);
    }
}

static void test_text_at(void)
{
    const char *in = "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:02.000 --> 00:04.000\nB\n\n"
                     "00:03.000 --> 00:05.000\nC\n";
    struct vtt *v = vtt_parse("t", in, strlen(in));
    CHECK(v != NULL);
    static const struct {
        int64_t t;
        const char *want;
    } at[] = {{0, NULL},   {999, NULL}, {1000, "A"}, {1999, "A"},  {2000, "B"},
              {3500, "B"}, {4000, "C"}, {4999, "C"}, {5000, NULL}, {-5, NULL}};
    bool ok = true;
    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        const char *got = vtt_text_at(v, at[i].t);
        bool same = (got == NULL && at[i].want == NULL) ||
                    (got != NULL && at[i].want != NULL && strcmp(got, at[i].want) == 0);
        if (!same)
            printf("  at %lld: got %s want %s\n", (long long)at[i].t, got ? got : "(none)",
                   at[i].want ? at[i].want : "(none)");
        ok = ok && same;
    }
    vtt_destroy(v);
    CHECK(ok);
}

static void test_load_sample_files(void)
{
    struct vtt *nl = vtt_load("tests/media/sample.nl.vtt");
    struct vtt *ar = vtt_load("tests/media/sample.ar.vtt");
    bool ok = nl != NULL && ar != NULL && vtt_count(nl) == 3 && vtt_count(ar) == 3;
    if (ok) {
        ok = strcmp(vtt_text_at(nl, 2500), "De hulp is gratis.\nU kunt altijd vragen stellen.") ==
                 0 &&
             strncmp(vtt_text_at(ar, 500), "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", 10) == 0;
    }
    vtt_destroy(nl);
    vtt_destroy(ar);
    CHECK(ok);
}

static void test_load_missing_and_binary(void)
{
    CHECK(vtt_load("tests/media/does-not-exist.vtt") == NULL);
    /* Random binary data, NULs included, must be refused without a crash. */
    char junk[4096];
    unsigned s = 12345;
    for (size_t i = 0; i < sizeof(junk); i++) {
        s = s * 1103515245u + 12345u;
        junk[i] = (char)(s >> 16);
    }
    CHECK(vtt_parse("junk", junk, sizeof(junk)) == NULL);
    /* The same junk behind a valid header: nothing usable, but no crash and no cue. */
    char withhdr[4096 + 8];
    memcpy(withhdr, "WEBVTT\n\n", 8);
    memcpy(withhdr + 8, junk, sizeof(junk));
    struct vtt *v = vtt_parse("junk2", withhdr, sizeof(withhdr));
    CHECK(v != NULL);
    vtt_destroy(v);
}

static void test_destroy_null(void)
{
    vtt_destroy(NULL);
    CHECK(vtt_text_at(NULL, 0) == NULL);
    CHECK(vtt_count(NULL) == 0);
}

static const struct check_case cases[] = {
    {"vtt_parse_table", test_parse_table},
    {"vtt_text_at", test_text_at},
    {"vtt_load_sample_files", test_load_sample_files},
    {"vtt_load_missing_and_binary", test_load_missing_and_binary},
    {"vtt_destroy_null", test_destroy_null},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
