/* utf8: cutting at characters and removing bidi controls from operator and pack text. */
#include "check.h"

#include "core/utf8.h"

static void test_prefix(void)
{
    /* "aé€😀" = 1 + 2 + 3 + 4 bytes */
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    CHECK_INT_EQ((int)utf8_prefix(s, 100), 10);
    CHECK_INT_EQ((int)utf8_prefix(s, 10), 10);
    CHECK_INT_EQ((int)utf8_prefix(s, 9), 6);
    CHECK_INT_EQ((int)utf8_prefix(s, 5), 3);
    CHECK_INT_EQ((int)utf8_prefix(s, 2), 1);
    CHECK_INT_EQ((int)utf8_prefix(s, 0), 0);
}

static void test_copy(void)
{
    char buf[5];
    utf8_copy(buf, sizeof(buf), "a\xc3\xa9\xe2\x82\xac");
    CHECK_STR_EQ(buf, "a\xc3\xa9");
    utf8_copy(buf, sizeof(buf), "abc");
    CHECK_STR_EQ(buf, "abc");
}

static void test_strip_bidi(void)
{
    char s[] = "14 \xe2\x80\xae"
               "3210\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\xaa\xe2\x80\xab\xe2\x80\xad";
    CHECK_INT_EQ((int)utf8_strip_bidi_controls(s), 7);
    CHECK_STR_EQ(s, "14 3210 x ");
    /* LRM, RLM, ALM and ordinary text stay. */
    char t[] = "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c \xd8\xa7\xe2\x80\xa9";
    char before[sizeof(t)];
    memcpy(before, t, sizeof(t));
    CHECK_INT_EQ((int)utf8_strip_bidi_controls(t), 0);
    CHECK_STR_EQ(t, before);
}

static const struct check_case cases[] = {
    {"utf8_prefix", test_prefix},
    {"utf8_copy", test_copy},
    {"utf8_strip_bidi", test_strip_bidi},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
