/* pronounce: the per-language list applied before espeak-ng (issue 12's Ukrainian cases). */
#include "check.h"
#include "content/pronounce.h"

#include <stdlib.h>
#include <string.h>

static struct pronounce *uk;

/* The text espeak-ng would get for in, compared with want. */
#define SAID(p, in, want)                                                                          \
    do {                                                                                           \
        char *said_ = pronounce_apply((p), (in));                                                  \
        char said_buf_[200];                                                                       \
        snprintf(said_buf_, sizeof(said_buf_), "%s", said_ ? said_ : "(null)");                    \
        free(said_);                                                                               \
        CHECK_STR_EQ(said_buf_, (want));                                                           \
    } while (0)

static void test_uk_list_loads(void)
{
    CHECK(uk != NULL);
    CHECK(pronounce_count(uk) >= 5);
}

static void test_uk_lone_z(void)
{
    SAID(uk, "Поговоріть з нами.", "Поговоріть знами.");
    SAID(uk, "З вами говорить", "Звами говорить");
    SAID(uk, "раз на тиждень", "раз на тиждень"); /* "з" ending a word stays */
    SAID(uk, "зʼясує", "з'ясує");
}

static void test_uk_lone_short_i(void)
{
    SAID(uk, "мама й тато", "мама і тато");
    SAID(uk, "мій район й далі", "мій район і далі"); /* only the lone word */
}

static void test_uk_apostrophe(void)
{
    SAID(uk, "пʼятниця, здоровʼя", "п'ятниця, здоров'я");
    SAID(uk, "", "");
}

static void test_bad_lines_left_out(void)
{
    const char *bad = "# comment\n\nno separator here\n\"unclosed = x\nab = \"a b\"\n";
    struct pronounce *p = pronounce_parse("bad.txt", bad, strlen(bad));
    CHECK(p != NULL);
    size_t n = pronounce_count(p);
    char *out = pronounce_apply(p, "ab cab ab");
    bool ok = out && strcmp(out, "a b cab a b") == 0;
    free(out);
    pronounce_destroy(p);
    CHECK_INT_EQ(n, 1);
    CHECK(ok);
}

static void test_missing_file_is_empty(void)
{
    struct pronounce *p = pronounce_load("locales/uk/no-such-file.txt");
    CHECK(p != NULL);
    size_t n = pronounce_count(p);
    char *out = pronounce_apply(p, "з нами");
    bool ok = out && strcmp(out, "з нами") == 0;
    free(out);
    pronounce_destroy(p);
    CHECK_INT_EQ(n, 0);
    CHECK(ok);
}

static const struct check_case cases[] = {
    {"uk_list_loads", test_uk_list_loads},
    {"uk_lone_z", test_uk_lone_z},
    {"uk_lone_short_i", test_uk_lone_short_i},
    {"uk_apostrophe", test_uk_apostrophe},
    {"bad_lines_left_out", test_bad_lines_left_out},
    {"missing_file_is_empty", test_missing_file_is_empty},
};

int main(int argc, char **argv)
{
    uk = pronounce_load("locales/uk/pronounce.txt");
    int rc = CHECK_MAIN(cases, argc, argv);
    pronounce_destroy(uk);
    return rc;
}
