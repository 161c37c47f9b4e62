/* The PO reader and the content union: strings, fallbacks, topics, files, bad input. */
#include <stdlib.h>

#include "check.h"
#include "content/content.h"
#include "content/po.h"

#define FIXTURES "tests/fixtures/content"

struct collected {
    int count;
    char last_ctxt[64], last_str[256];
    bool last_fuzzy;
};

static bool collect(void *ctx, const struct po_entry *e)
{
    struct collected *c = ctx;
    c->count++;
    snprintf(c->last_ctxt, sizeof(c->last_ctxt), "%s", e->msgctxt ? e->msgctxt : "(none)");
    snprintf(c->last_str, sizeof(c->last_str), "%s", e->msgstr);
    c->last_fuzzy = e->fuzzy;
    return true;
}

static void test_po_syntax(void)
{
    static const struct {
        const char *text;
        bool ok;
        int count;
        const char *ctxt, *str;
        bool fuzzy;
    } cases[] = {
        {"msgid \"a\"\nmsgstr \"b\"\n", true, 1, "(none)", "b", false},
        {"msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"b\" \n", true, 1, "k", "b", false},
        {"msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n\"b\"\n\"c\\n\"\n", true, 1, "k", "bc\n", false},
        {"#, fuzzy, c-format\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"b\"\n", true, 1, "k", "b", true},
        {"msgid \"a\"\nmsgstr \"1\"\n\nmsgid \"b\"\nmsgstr \"2\"\n", true, 2, "(none)", "2", false},
        {"msgctxt \"x\"\nmsgid \"a\"\nmsgstr \"1\"\nmsgid \"b\"\nmsgstr \"2\"\n", true, 2, "(none)",
         "2", false},
        {"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"p0\"\nmsgstr[1] \"p1\"\n", true, 1,
         "(none)", "p0", false},
        {"#~ msgid \"old\"\n#~ msgstr \"oud\"\n", true, 0, "", "", false},
        {"msgid \"a\"\n", false, 0, "", "", false},                  /* no msgstr */
        {"msgid \"a\nmsgstr \"b\"\n", false, 0, "", "", false},      /* open quote */
        {"msgid \"a\"\nmsgstr \"b\\q\"\n", false, 0, "", "", false}, /* bad escape */
        {"msgstr \"b\"\n", false, 0, "", "", false},                 /* no msgid */
        {"hello\n", false, 0, "", "", false},                        /* junk */
        {"msgid \"a\" x\nmsgstr \"b\"\n", false, 0, "", "", false},  /* text after quote */
        {"\"b\"\n", false, 0, "", "", false},                        /* string alone */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct collected c = {0};
        bool ok = po_parse("case.po", cases[i].text, strlen(cases[i].text), collect, &c);
        CHECK_INT_EQ(ok, cases[i].ok);
        if (!ok)
            continue;
        CHECK_INT_EQ(c.count, cases[i].count);
        if (c.count == 0)
            continue;
        CHECK_STR_EQ(c.last_ctxt, cases[i].ctxt);
        CHECK_STR_EQ(c.last_str, cases[i].str);
        CHECK_INT_EQ(c.last_fuzzy, cases[i].fuzzy);
    }
}

static void test_po_header(void)
{
    char v[32];
    const char *h = "Project-Id-Version: x\nLanguage: fa\nContent-Type: text/plain\n";
    CHECK(po_header_field(h, "Language", v, sizeof(v)));
    CHECK_STR_EQ(v, "fa");
    CHECK(!po_header_field(h, "Plural-Forms", v, sizeof(v)));
}

static void test_po_nul_byte(void)
{
    struct collected c = {0};
    CHECK(!po_parse("nul.po", "msgid \"a\"\0msgstr \"b\"\n", 21, collect, &c));
}

static void test_content_strings(void)
{
    struct content *c = content_new();
    CHECK(content_add_root(c, FIXTURES));
    CHECK(content_has_language(c, "ar"));
    CHECK_STR_EQ(content_language_name(c, "ar"), "العربية");
    CHECK_STR_EQ(content_string(c, "ar", "attract.touch"), "المس الشاشة");
    /* continued strings are joined */
    CHECK_STR_EQ(content_string(c, "nl", "contact.button"), "Waar kunt u terecht?");
    /* fuzzy and empty translations fall back to Dutch */
    CHECK_STR_EQ(content_string(c, "ar", "nav.home"), "Begin");
    CHECK_STR_EQ(content_string(c, "ar", "topics.title"), "Waar heeft u een vraag over?");
    CHECK(content_string_exact(c, "ar", "topics.title") == NULL);
    /* a key nobody has comes back as itself */
    CHECK_STR_EQ(content_string(c, "tr", "no.such.key"), "no.such.key");
    CHECK(content_language_rtl("ar"));
    CHECK(content_language_rtl("fa"));
    CHECK(!content_language_rtl("tr"));
    content_destroy(c);
}

static void test_content_topics(void)
{
    struct content *c = content_new();
    CHECK(content_add_root(c, FIXTURES));
    struct content_topic t[8];
    CHECK_INT_EQ(content_topics(c, "nl", t, 8), 2);
    CHECK_STR_EQ(t[0].slug, "wat-is-het");
    CHECK_STR_EQ(t[0].pictogram, "🤝");
    CHECK_STR_EQ(t[1].slug, "wijkteam");
    CHECK_STR_EQ(t[1].summary, "");
    /* Arabic has a title for one topic only: only that one is offered */
    CHECK_INT_EQ(content_topics(c, "ar", t, 8), 1);
    CHECK_STR_EQ(t[0].title, "ما هو دعم العملاء؟");
    CHECK(!content_topic(c, "ar", "wijkteam", &t[0]));
    CHECK_INT_EQ(content_topics(c, "xx", t, 8), 0);
    content_destroy(c);
}

static void test_content_later_root_wins(void)
{
    const char *dir = "build/test-content-overlay";
    CHECK(system("rm -rf build/test-content-overlay && "
                 "mkdir -p build/test-content-overlay/ar/videos") == 0);
    FILE *f = fopen("build/test-content-overlay/ar/kiosk.po", "w");
    CHECK(f != NULL);
    fputs("msgctxt \"attract.touch\"\nmsgid \"Tik op het scherm\"\nmsgstr \"اضغط هنا\"\n", f);
    fclose(f);
    f = fopen("build/test-content-overlay/ar/videos/x.mp4", "w");
    CHECK(f != NULL);
    fclose(f);
    struct content *c = content_new();
    CHECK(content_add_root(c, FIXTURES));
    CHECK(content_add_root(c, dir));
    CHECK_STR_EQ(content_string(c, "ar", "attract.touch"), "اضغط هنا");
    CHECK_STR_EQ(content_string(c, "ar", "nav.back"), "رجوع"); /* still from the first root */
    char *p = content_find_file(c, "ar", "videos/x.mp4");
    CHECK(p != NULL);
    CHECK(strstr(p, "test-content-overlay/ar/videos/x.mp4") != NULL);
    free(p);
    CHECK(content_find_file(c, "ar", "videos/none.mp4") == NULL);
    CHECK(content_find_file(c, "ar", "../nl/kiosk.po") == NULL);
    CHECK(content_find_file(c, "../x", "kiosk.po") == NULL);
    content_destroy(c);
}

static void test_content_bad_root(void)
{
    struct content *c = content_new();
    CHECK(!content_add_root(c, "/nonexistent/root"));
    CHECK_INT_EQ(content_language_count(c), 0);
    /* a broken PO file is left out whole; the rest of the root stays usable */
    CHECK(system("rm -rf build/test-content-bad && mkdir -p build/test-content-bad/nl "
                 "build/test-content-bad/Bad_Folder && "
                 "printf 'msgctxt \"a\"\\nmsgid \"x\"\\nmsgstr \"1\"\\nmsgid oops\\n' "
                 "> build/test-content-bad/nl/kiosk.po") == 0);
    CHECK(content_add_root(c, "build/test-content-bad"));
    CHECK(!content_has_language(c, "nl"));
    CHECK(content_add_root(c, FIXTURES));
    CHECK(content_has_language(c, "nl"));
    content_destroy(c);
}

/* Writes a PO file whose header carries the given review fields. */
static void write_review_po(const char *path, const char *fields)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fprintf(f,
            "msgid \"\"\nmsgstr \"\"\n\"Language: x\\n\"\n%s\n"
            "msgctxt \"language.name\"\nmsgid \"X\"\nmsgstr \"X\"\n",
            fields);
    fclose(f);
}

static void test_content_review_state(void)
{
    enum content_review r;
    CHECK(content_review_parse("native-speaker", &r) && r == CONTENT_REVIEW_NATIVE);
    CHECK(content_review_parse("second-translator", &r) && r == CONTENT_REVIEW_SECOND);
    CHECK(content_review_parse("none", &r) && r == CONTENT_REVIEW_NONE);
    CHECK(!content_review_parse("reviewed", &r) && r == CONTENT_REVIEW_NONE);
    CHECK_STR_EQ(content_review_name(CONTENT_REVIEW_SECOND), "second-translator");

    CHECK(system("rm -rf build/test-content-review && mkdir -p build/test-content-review/tr "
                 "build/test-content-review/fr build/test-content-review/pl "
                 "build/test-content-review-pack/tr") == 0);
    /* tr: kiosk.po native, topics.po by a second translator: the weaker one counts */
    write_review_po("build/test-content-review/tr/kiosk.po",
                    "\"X-Review-State: native-speaker\\n\"\n\"X-Review-Date: 2026-11-30\\n\"");
    write_review_po("build/test-content-review/tr/topics.po",
                    "\"X-Review-State: second-translator\\n\"\n\"X-Review-Date: 2026-12-01\\n\"");
    /* fr: no review fields at all: a draft */
    write_review_po("build/test-content-review/fr/kiosk.po", "");
    /* pl: an unknown state and a bad date: none, no date */
    write_review_po("build/test-content-review/pl/kiosk.po",
                    "\"X-Review-State: looked at it\\n\"\n\"X-Review-Date: yesterday\\n\"");
    struct content *c = content_new();
    CHECK(content_add_root(c, "build/test-content-review"));
    struct content_review_info info;
    CHECK(content_language_review(c, "tr", &info));
    CHECK_INT_EQ(info.state, CONTENT_REVIEW_SECOND);
    CHECK_STR_EQ(info.date, "2026-12-01");
    CHECK(content_language_review(c, "fr", &info));
    CHECK_INT_EQ(info.state, CONTENT_REVIEW_NONE);
    CHECK_STR_EQ(info.date, "");
    CHECK(content_language_review(c, "pl", &info));
    CHECK_INT_EQ(info.state, CONTENT_REVIEW_NONE);
    CHECK_STR_EQ(info.date, "");
    CHECK(!content_language_review(c, "xx", &info));
    /* a pack's newer topics.po replaces the state of the one it overrides */
    write_review_po("build/test-content-review-pack/tr/topics.po",
                    "\"X-Review-State: native-speaker\\n\"\n\"X-Review-Date: 2026-12-05\\n\"");
    CHECK(content_add_root(c, "build/test-content-review-pack"));
    CHECK(content_language_review(c, "tr", &info));
    CHECK_INT_EQ(info.state, CONTENT_REVIEW_NATIVE);
    content_destroy(c);
    /* the real content: every shipped language carries a parsable state */
    c = content_new();
    CHECK(content_add_root(c, "locales"));
    CHECK(content_language_count(c) >= 9);
    for (size_t i = 0; i < content_language_count(c); i++)
        CHECK(content_language_review(c, content_language(c, i), &info) && info.date[0]);
    content_destroy(c);
}

static const struct check_case cases[] = {
    {"content_review_state", test_content_review_state},
    {"po_syntax", test_po_syntax},
    {"po_header", test_po_header},
    {"po_nul_byte", test_po_nul_byte},
    {"content_strings", test_content_strings},
    {"content_topics", test_content_topics},
    {"content_later_root_wins", test_content_later_root_wins},
    {"content_bad_root", test_content_bad_root},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
