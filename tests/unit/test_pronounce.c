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

/* Rules feed each other: 30 doublings would ask for 2^30 times the text (seen while writing
 * fuzz_pronounce.c). Growth stops at 4 times the text plus 1 KB; the rules that would pass it are
 * left out. */
static void test_growth_is_bounded(void)
{
    char list[256] = "";
    for (int i = 0; i < 30; i++)
        strcat(list, "1 = 11\n"); /* digits: no word rule stops it */
    strcat(list, "b = c\n");
    struct pronounce *p = pronounce_parse("double.txt", list, strlen(list));
    CHECK(p != NULL);
    char *out = pronounce_apply(p, "1 b");
    size_t len = out ? strlen(out) : 0;
    /* Ten doublings fit (1024 ones, under 3 * 4 + 1024), the eleventh would not; "b = c"
     * still applies after it. */
    bool ends_c = out && len > 0 && out[len - 1] == 'c';
    free(out);
    pronounce_destroy(p);
    CHECK_INT_EQ(len, 1026);
    CHECK(ends_c);
}

/* A growing rule within the bound applies as before. */
static void test_growth_within_bound(void)
{
    const char *list = "bijv. = bij voorbeeld\n";
    struct pronounce *p = pronounce_parse("nl.txt", list, strlen(list));
    CHECK(p != NULL);
    char *out = pronounce_apply(p, "bijv. bijv. bijv.");
    bool ok = out && strcmp(out, "bij voorbeeld bij voorbeeld bij voorbeeld") == 0;
    free(out);
    pronounce_destroy(p);
    CHECK(ok);
}

static const struct check_case cases[] = {
    {"growth_is_bounded", test_growth_is_bounded},
    {"growth_within_bound", test_growth_within_bound},
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
