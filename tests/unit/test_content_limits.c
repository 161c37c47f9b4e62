/*
 * Limits of operator and pack content, found by fuzzing: 10,000 topics load in linear time,
 * the topics past what is offered are logged, topics.conf lines of any length keep their
 * numbers, the languages list drops duplicates and says what it leaves out.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "content/content.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs fn with stderr going to a file; returns what was logged (caller frees). */
static char *logged(void (*fn)(void *), void *ud)
{
    char path[] = "/tmp/test_content_limits.XXXXXX";
    int fd = mkstemp(path);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn(ud);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fdopen(fd, "r");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n)
        s[0] = '\0';
    fclose(f);
    unlink(path);
    return s;
}

static char root[64];

static void write_root(int topics, const char *extra_conf)
{
    snprintf(root, sizeof(root), "/tmp/test_content_limits.%d", (int)getpid());
    char path[128];
    mkdir(root, 0700);
    snprintf(path, sizeof(path), "%s/nl", root);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/topics.conf", root);
    FILE *f = fopen(path, "w");
    fputs(extra_conf, f);
    /* Highest order first, so "the first 64" must come from sorting, not file order. */
    for (int i = 0; i < topics; i++)
        fprintf(f, "t%05d %d\n", i, topics - i);
    fclose(f);
    snprintf(path, sizeof(path), "%s/nl/topics.po", root);
    f = fopen(path, "w");
    fputs("msgid \"\"\nmsgstr \"Language: nl\\n\"\n\n", f);
    for (int i = 0; i < topics; i++)
        fprintf(f, "msgctxt \"t%05d.title\"\nmsgid \"x\"\nmsgstr \"Onderwerp %d\"\n\n", i, i);
    fclose(f);
}

static void remove_root(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
}

struct load {
    struct content *c;
    size_t n;
    struct content_topic t[64];
    double ms;
};

static void load(void *ud)
{
    struct load *l = ud;
    double t0 = now_ms();
    l->c = content_new();
    content_add_root(l->c, root);
    l->ms = now_ms() - t0;
    l->n = content_topics(l->c, "nl", l->t, 64);
    l->n = content_topics(l->c, "nl", l->t, 64); /* logged once, not every frame */
}

static void test_many_topics_linear(void)
{
    write_root(10000, "");
    struct load l = {0};
    char *log = logged(load, &l);
    printf("    10000 topics loaded in %.1f ms\n", l.ms);
    bool ok_time = l.ms < 1000; /* quadratic: 2 s at -O2 */
    bool ok_n = l.n == 64;
    /* The highest order was written last: t09999 has order 1. */
    bool ok_first = ok_n && strcmp(l.t[0].slug, "t09999") == 0 && l.t[63].order == 64;
    const char *line = strstr(log, "10000 topics, only the first 64");
    bool once = line && strstr(line + 1, "10000 topics, only the first 64") == NULL;
    struct content_topic one;
    bool by_slug = content_topic(l.c, "nl", "t00000", &one) && one.order == 10000;
    content_destroy(l.c);
    free(log);
    remove_root();
    CHECK(ok_time);
    CHECK(ok_n);
    CHECK(ok_first);
    CHECK(once);
    CHECK(by_slug); /* a topic past the first 64 is still found by its slug */
}

static void test_long_topics_conf_line(void)
{
    char conf[2048];
    memset(conf, 0, sizeof(conf));
    strcpy(conf, "# ");
    memset(conf + 2, 'x', 1200);
    strcat(conf, "\nt00000 7 star\nBAD line\n");
    write_root(1, conf);
    struct load l = {0};
    char *log = logged(load, &l);
    /* Line 3 is the bad one; a 511-byte reader made it line 5 and took parts of the comment
     * for topics. */
    bool numbered = strstr(log, "topics.conf:3: not") != NULL;
    bool no_other = strstr(log, "topics.conf:4:") == NULL && strstr(log, "topics.conf:5:") == NULL;
    bool order = l.n == 1 && l.t[0].order == 1; /* the later line "t00000 1" wins */
    content_destroy(l.c);
    free(log);
    remove_root();
    CHECK(numbered);
    CHECK(no_other);
    CHECK(order);
}

struct conf {
    const char *text;
    struct config *cfg;
};

static void parse(void *ud)
{
    struct conf *c = ud;
    c->cfg = config_parse("t.conf", c->text);
}

static void test_languages_duplicates(void)
{
    struct conf c = {.text = "[kiosk]\nlanguages = nl ar nl tr ar\n"};
    char *log = logged(parse, &c);
    const char *langs[CONFIG_LANGUAGES_MAX + 1];
    size_t n = config_languages(c.cfg, langs, CONFIG_LANGUAGES_MAX);
    bool ok = n == 3 && strcmp(langs[0], "nl") == 0 && strcmp(langs[1], "ar") == 0 &&
              strcmp(langs[2], "tr") == 0;
    bool said = strstr(log, "\"nl\" is listed twice") && strstr(log, "\"ar\" is listed twice");
    config_destroy(c.cfg);
    free(log);
    CHECK(ok);
    CHECK(said);
}

static void test_languages_long_list(void)
{
    /* 40 distinct tags of 7 bytes: over the old 255-byte and 32-tag limits. */
    char text[1024] = "[kiosk]\nlanguages =";
    for (int i = 0; i < 40; i++)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), " nl-x%03d", i);
    strcat(text, "\n");
    struct conf c = {.text = text};
    char *log = logged(parse, &c);
    const char *langs[CONFIG_LANGUAGES_MAX + 1];
    size_t n = config_languages(c.cfg, langs, CONFIG_LANGUAGES_MAX);
    bool ok = n == CONFIG_LANGUAGES_MAX && strcmp(langs[31], "nl-x031") == 0;
    bool said = strstr(log, "more than 32 languages; the last 8 left out") != NULL;
    config_destroy(c.cfg);
    free(log);
    CHECK(ok);
    CHECK(said);
}

static const struct check_case cases[] = {
    {"content_many_topics_linear", test_many_topics_linear},
    {"content_long_topics_conf_line", test_long_topics_conf_line},
    {"config_languages_duplicates", test_languages_duplicates},
    {"config_languages_long_list", test_languages_long_list},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
