/* Which video and subtitles a resident gets, over real folders in the agreed layout. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "video/choice.h"

static char tmp[64];

/* Makes <tmp>/<rel> (and its folders) as an empty file. */
static void touch(const char *rel)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmp, rel);
    for (char *p = path + strlen(tmp) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "w");
    if (f != NULL)
        fclose(f);
}

struct pick_case {
    const char *name;
    const char *files[8];
    const char *lang;
    bool prefer_720p;
    bool found;
    const char *video, *audio, *subs, *subs_lang;
    bool notice;
};

static const struct pick_case pick_cases[] = {
    {"own_audio_with_own_subs",
     {"a/tr/videos/x.mp4", "a/tr/videos/x.tr.vtt", "a/nl/videos/x.mp4"},
     "tr",
     false,
     true,
     "a/tr/videos/x.mp4",
     "tr",
     "a/tr/videos/x.tr.vtt",
     "tr",
     false},
    {"own_audio_without_subs",
     {"a/tr/videos/x.mp4", "a/nl/videos/x.mp4", "a/tr/videos/x.nl.vtt"},
     "tr",
     false,
     true,
     "a/tr/videos/x.mp4",
     "tr",
     "",
     "",
     false},
    {"dutch_video_with_own_subs",
     {"a/nl/videos/x.mp4", "a/ti/videos/x.nl.vtt", "a/nl/videos/x.nl.vtt"},
     "ti",
     false,
     true,
     "a/nl/videos/x.mp4",
     "nl",
     "a/ti/videos/x.nl.vtt",
     "ti",
     false},
    {"dutch_first_among_others",
     {"a/nl/videos/x.mp4", "a/ar/videos/x.mp4", "a/fa/videos/x.ar.vtt", "a/fa/videos/x.nl.vtt"},
     "fa",
     false,
     true,
     "a/nl/videos/x.mp4",
     "nl",
     "a/fa/videos/x.nl.vtt",
     "fa",
     false},
    {"other_language_when_no_dutch_subs",
     {"a/nl/videos/x.mp4", "a/ar/videos/x.mp4", "a/fa/videos/x.ar.vtt"},
     "fa",
     false,
     true,
     "a/ar/videos/x.mp4",
     "ar",
     "a/fa/videos/x.ar.vtt",
     "fa",
     false},
    {"subs_without_their_video_ignored",
     {"a/nl/videos/x.mp4", "a/nl/videos/x.nl.vtt", "a/so/videos/x.tr.vtt"},
     "so",
     false,
     true,
     "a/nl/videos/x.mp4",
     "nl",
     "a/nl/videos/x.nl.vtt",
     "nl",
     true},
    {"dutch_fallback_with_notice",
     {"a/nl/videos/x.mp4", "a/nl/videos/x.nl.vtt"},
     "pl",
     false,
     true,
     "a/nl/videos/x.mp4",
     "nl",
     "a/nl/videos/x.nl.vtt",
     "nl",
     true},
    {"dutch_resident_no_notice",
     {"a/nl/videos/x.mp4", "a/nl/videos/x.nl.vtt"},
     "nl",
     false,
     true,
     "a/nl/videos/x.mp4",
     "nl",
     "a/nl/videos/x.nl.vtt",
     "nl",
     false},
    {"no_video_at_all",
     {"a/nl/videos/x.nl.vtt", "a/tr/videos/y.mp4"},
     "tr",
     false,
     false,
     NULL,
     NULL,
     NULL,
     NULL,
     false},
    {"later_root_wins",
     {"a/tr/videos/x.mp4", "b/tr/videos/x.mp4"},
     "tr",
     false,
     true,
     "b/tr/videos/x.mp4",
     "tr",
     "",
     "",
     false},
    {"union_of_roots",
     {"a/nl/videos/x.mp4", "b/ar/videos/x.nl.vtt"},
     "ar",
     false,
     true,
     "a/nl/videos/x.mp4",
     "nl",
     "b/ar/videos/x.nl.vtt",
     "ar",
     false},
    {"prefer_720p",
     {"a/tr/videos/x.mp4", "a/tr/videos/x.720p.mp4"},
     "tr",
     true,
     true,
     "a/tr/videos/x.720p.mp4",
     "tr",
     "",
     "",
     false},
    {"720p_not_preferred",
     {"a/tr/videos/x.mp4", "a/tr/videos/x.720p.mp4"},
     "tr",
     false,
     true,
     "a/tr/videos/x.mp4",
     "tr",
     "",
     "",
     false},
    {"unsafe_lang_refused",
     {"a/nl/videos/x.mp4"},
     "../nl",
     false,
     false,
     NULL,
     NULL,
     NULL,
     NULL,
     false},
};

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0 && (b == 0 || a == b || s[a - b - 1] == '/');
}

static void test_pick_table(void)
{
    for (size_t i = 0; i < sizeof(pick_cases) / sizeof(pick_cases[0]); i++) {
        const struct pick_case *c = &pick_cases[i];
        snprintf(tmp, sizeof(tmp), "/tmp/test_video_choice.XXXXXX");
        CHECK(mkdtemp(tmp) != NULL);
        for (int k = 0; k < 8 && c->files[k]; k++)
            touch(c->files[k]);
        char ra[96], rb[96];
        snprintf(ra, sizeof(ra), "%s/a", tmp);
        snprintf(rb, sizeof(rb), "%s/b", tmp);
        const char *roots[] = {ra, rb};
        struct choice_roots r = {roots, 2};
        const char *langs[] = {"ar", "tr", "nl"};
        struct choice got;
        bool found =
            choice_pick(choice_resolve_roots, &r, "x", c->lang, langs, 3, c->prefer_720p, &got);
        bool ok = found == c->found;
        if (ok && found)
            ok = ends_with(got.video, c->video) && strcmp(got.audio_lang, c->audio) == 0 &&
                 (c->subs[0] ? ends_with(got.subs, c->subs) : got.subs[0] == '\0') &&
                 strcmp(got.subs_lang, c->subs_lang) == 0 && got.notice == c->notice;
        if (!ok)
            printf("  case %s: found=%d video=%s audio=%s subs=%s (%s) notice=%d\n", c->name, found,
                   got.video, got.audio_lang, got.subs, got.subs_lang, got.notice);
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        CHECK(system(cmd) == 0);
        CHECK(ok);
    }
}

/* Containers beyond .mp4, the variant to fall back to, and the poster. */
static void test_containers_fallback_poster(void)
{
    snprintf(tmp, sizeof(tmp), "/tmp/test_video_choice.XXXXXX");
    CHECK(mkdtemp(tmp) != NULL);
    touch("a/nl/videos/x.webm");
    touch("a/nl/videos/x.720p.mp4");
    touch("a/nl/videos/x.poster.jpg");
    touch("a/tr/videos/y.mov");
    char ra[96];
    snprintf(ra, sizeof(ra), "%s/a", tmp);
    const char *roots[] = {ra};
    struct choice_roots r = {roots, 1};
    struct choice big, small, phone;
    bool b = choice_pick(choice_resolve_roots, &r, "x", "nl", NULL, 0, false, &big);
    bool s = choice_pick(choice_resolve_roots, &r, "x", "nl", NULL, 0, true, &small);
    bool p = choice_pick(choice_resolve_roots, &r, "y", "tr", NULL, 0, false, &phone);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    CHECK(system(cmd) == 0);
    CHECK(b && ends_with(big.video, "nl/videos/x.webm") &&
          ends_with(big.alt, "nl/videos/x.720p.mp4") &&
          ends_with(big.poster, "nl/videos/x.poster.jpg"));
    CHECK(s && ends_with(small.video, "nl/videos/x.720p.mp4") &&
          ends_with(small.alt, "nl/videos/x.webm"));
    CHECK(p && ends_with(phone.video, "tr/videos/y.mov") && phone.alt[0] == '\0' &&
          phone.poster[0] == '\0');
}

static const struct check_case cases[] = {
    {"choice_pick_table", test_pick_table},
    {"choice_containers_fallback_poster", test_containers_fallback_poster},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
