/* The content tools' PO reader: keys, Dutch source, translation, source lines, bad input. */
#include "check.h"

#include "../../tools/b1lint/posrc.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/test_b1lint_po_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n;
    close(fd);
    return ok ? path : NULL;
}

static const char good[] = "# comment\n"
                           "msgid \"\"\n"
                           "msgstr \"\"\n"
                           "\"Language: tr\\n\"\n"
                           "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                           "\n"
                           "#. note\n"
                           "msgctxt \"nav.back\"\n"
                           "msgid \"Terug\"\n"
                           "msgstr \"Geri\"\n"
                           "\n"
                           "#, fuzzy\n"
                           "msgctxt \"x.script\"\n"
                           "msgid \"\"\n"
                           "\"Een.\\n\"\n"
                           "\"Twee \\\"drie\\\".\"\n"
                           "msgstr \"\"\n"
                           "\"Bir.\\n\"\n"
                           "\"İki.\"\n"
                           "\n"
                           "msgctxt \"empty\"\n"
                           "msgid \"Leeg\"\n"
                           "msgstr \"\"\n";

static void test_reads_entries(void)
{
    char *path = write_tmp(good);
    CHECK(path != NULL);
    struct posrc_file *po = posrc_file_read(path);
    unlink(path);
    CHECK(po != NULL);
    CHECK_STR_EQ(posrc_file_language(po), "tr");
    CHECK_INT_EQ(posrc_file_count(po), 3);
    const struct posrc_entry *e = posrc_file_find(po, "nav.back");
    CHECK(e != NULL);
    CHECK_STR_EQ(e->id.text, "Terug");
    CHECK_STR_EQ(e->str.text, "Geri");
    CHECK(!e->fuzzy);
    CHECK_INT_EQ(e->line, 8);
    e = posrc_file_find(po, "x.script");
    CHECK(e != NULL && e->fuzzy);
    CHECK_STR_EQ(e->id.text, "Een.\nTwee \"drie\".");
    CHECK_STR_EQ(e->str.text, "Bir.\nİki.");
    /* Every byte knows its line: "Twee" is on line 16, "İki" on line 19. */
    CHECK_INT_EQ(e->id.lines[0], 15);
    CHECK_INT_EQ(e->id.lines[strlen("Een.\n")], 16);
    CHECK_INT_EQ(e->str.lines[strlen("Bir.\n")], 19);
    e = posrc_file_find(po, "empty");
    CHECK(e != NULL && e->str.len == 0);
    CHECK(posrc_file_find(po, "missing") == NULL);
    posrc_file_destroy(po);
}

static void test_rejects_bad_files(void)
{
    static const char *const bad[] = {
        "msgid \"a\"\nmsgstr \"b\n",                 /* unterminated */
        "msgid \"a\"\n",                             /* no msgstr */
        "msgstr \"b\"\n",                            /* no msgid */
        "msgid \"a\\q\"\nmsgstr \"b\"\n",            /* bad escape */
        "msgid \"a\"\nmsgstr \"b\" x\n",             /* junk */
        "hello\n",                                   /* not PO at all */
        "msgid \"a\"\nmsgctxt \"k\"\nmsgstr \"\"\n", /* msgctxt after msgid */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *path = write_tmp(bad[i]);
        CHECK(path != NULL);
        struct posrc_file *po = posrc_file_read(path);
        unlink(path);
        if (po) {
            posrc_file_destroy(po);
            char msg[128];
            snprintf(msg, sizeof(msg), "bad file %zu was accepted", i);
            check_fail(__FILE__, __LINE__, msg);
            return;
        }
    }
    CHECK(posrc_file_read("/nonexistent/x.po") == NULL);
}

/* The real content parses, and the reader agrees with msgfmt on the number of entries. */
static void test_reads_content(void)
{
    struct posrc_file *po = posrc_file_read("locales/ar/topics.po");
    CHECK(po != NULL);
    CHECK_STR_EQ(posrc_file_language(po), "ar");
    const struct posrc_entry *e = posrc_file_find(po, "clientondersteuning.title");
    CHECK(e != NULL);
    CHECK_STR_EQ(e->id.text, "Wat is cliëntondersteuning?");
    CHECK(e->str.len > 0);
    posrc_file_destroy(po);
}

static const struct check_case cases[] = {
    {"b1lint_po_reads_entries", test_reads_entries},
    {"b1lint_po_rejects_bad_files", test_rejects_bad_files},
    {"b1lint_po_reads_content", test_reads_content},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
