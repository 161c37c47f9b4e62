/*
 * mkspeech: renders every text a resident can hear into short Opus files, at build or pack
 * time, so the kiosk never synthesises speech itself.
 *
 *   mkspeech --lang L [--root locales] [--out build/content] [--recorded DIR]
 *            [--speed WPM] [--dry-run]
 *
 * Writes OUT/L/audio/KEY.opus for every UI string of ROOT/L/kiosk.po (KEY is its msgctxt:
 * language.name, attract.subtitle, idle.title, contact.*, ...), every topic's title and
 * summary of ROOT/L/topics.po (KEY "<slug>.title", "<slug>.summary"), and the digits
 * "digit.0" ... "digit.9" (the kiosk reads the location's phone number with them), plus
 * OUT/L/audio/index.tsv: key, hash of the inputs, source, bytes, and the text that was
 * spoken. Before espeak-ng speaks, ROOT/L/pronounce.txt is applied (kiosk/content/pronounce.h).
 *
 * A recorded voice wins: a file KEY.<ext> (opus, ogg, wav, flac, mp3, m4a) in --recorded
 * (default ROOT/L/recorded) is encoded in place of the synthetic one. A language without an
 * espeak-ng voice (Tigrinya) gets only its recorded files: never a wrong voice. A file whose
 * inputs did not change is left alone; files of keys that are gone are removed.
 * --dry-run prints "KEY<TAB>SOURCE<TAB>TEXT" (the text espeak-ng would get) and writes nothing.
 *
 * --location FILE (only with --lang nl) adds the location's own words from its location.conf:
 * the address and the place's name, as "location.address.<hash>" and "location.place.<hash>"
 * (config_speech_key()). They are Dutch names, which a resident will hear and say in Dutch, so
 * the Dutch voice speaks them in every language's read-aloud; the hash of the value means a
 * changed address is silent until its audio is made again, never spoken wrong.
 */
#define LOG_TAG "mkspeech"
#include "audio/wav.h"
#include "config/config.h"
#include "content/po.h"
#include "content/pronounce.h"
#include "core/files.h"
#include "core/log.h"
#include "core/spawn.h"
#include "core/grow.h"

#include <opusenc.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Change when the sound or encoding changes: every file is then made again. */
#define FORMAT  "mkspeech 2 opus 24k mono trimmed"
#define PATHLEN 4096

struct opts {
    const char *lang, *root, *out, *recorded, *location;
    int speed;
    bool dry_run;
};

struct item {
    char *key, *text; /* text as written in the PO file */
    char *spoken;     /* after the pronunciation list */
    char recorded[PATHLEN];
    char hash[65];
};

struct job {
    struct item *v;
    size_t n, cap;
    const char *slugs; /* topics.conf's slugs, "\nslug\nslug\n" */
    bool topics;       /* reading topics.po (only title and summary of known slugs) */
};

static const char *const recorded_exts[] = {"opus", "ogg", "wav", "flac", "mp3", "m4a"};

static int usage(void)
{
    fprintf(stderr, "usage: mkspeech --lang L [--root DIR] [--out DIR] [--recorded DIR]\n"
                    "                [--speed WPM] [--location location.conf] [--dry-run]\n");
    return 2;
}

/* Keys become file names: only [a-z0-9._-], not starting with a dot. */
static bool key_ok(const char *k)
{
    if (k[0] == '\0' || k[0] == '.' || strlen(k) > 100)
        return false;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

static bool add_item(struct job *j, const char *key, const char *text)
{
    struct item *v = grow_array(j->v, &j->cap, j->n + 1, sizeof(*v), 64);
    if (v == NULL)
        return false;
    j->v = v;
    struct item *it = &j->v[j->n];
    memset(it, 0, sizeof(*it));
    it->key = strdup(key);
    it->text = strdup(text);
    if (it->key == NULL || it->text == NULL) {
        free(it->key);
        free(it->text);
        return false;
    }
    /* Line breaks of multi-line strings are pauses, not letters to speak. */
    for (char *p = it->text; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    j->n++;
    return true;
}

/* The location's address and place name from its location.conf (--location). */
static bool add_location(struct job *j, const char *path)
{
    struct config *cfg = config_load(path);
    if (cfg == NULL)
        return false;
    static const char *const what[][3] = {{"address", "contact", "address"},
                                          {"place", "location", "name"}};
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof(what) / sizeof(what[0]); i++) {
        const char *value = config_get(cfg, what[i][1], what[i][2]);
        char key[64];
        if (value == NULL || value[0] == '\0')
            continue;
        config_speech_key(key, sizeof(key), what[i][0], value);
        ok = add_item(j, key, value);
    }
    config_destroy(cfg);
    return ok;
}

static bool collect(void *ctx, const struct po_entry *e)
{
    struct job *j = ctx;
    if (e->msgctxt == NULL || e->fuzzy || e->msgstr[0] == '\0' || !key_ok(e->msgctxt))
        return true;
    if (j->topics) {
        const char *dot = strrchr(e->msgctxt, '.');
        if (dot == NULL || (strcmp(dot, ".title") != 0 && strcmp(dot, ".summary") != 0))
            return true;
        char slug[128];
        snprintf(slug, sizeof(slug), "\n%.*s\n", (int)(dot - e->msgctxt), e->msgctxt);
        if (strstr(j->slugs, slug) == NULL)
            return true;
    }
    return add_item(j, e->msgctxt, e->msgstr);
}

/* The slugs of topics.conf as "\nslug\nslug\n"; NULL (logged) when it cannot be read. */
static char *read_slugs(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        LOG_ERR("%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t len = 1, cap = 256;
    char *out = malloc(cap), line[512];
    if (out)
        strcpy(out, "\n");
    while (out && fgets(line, sizeof(line), f)) {
        size_t n = strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (n == 0 || line[0] == '-')
            continue;
        if (len + n + 2 > cap) {
            cap = (len + n + 2) * 2;
            char *b = realloc(out, cap);
            if (b == NULL) {
                free(out);
                out = NULL;
                break;
            }
            out = b;
        }
        memcpy(out + len, line, n);
        len += n;
        out[len++] = '\n';
        out[len] = '\0';
    }
    fclose(f);
    if (out == NULL)
        LOG_ERR("%s: out of memory", path);
    return out;
}

static void hash_hex(const char *const parts[], size_t n, char out[65])
{
    crypto_generichash_state h;
    unsigned char bin[32];
    crypto_generichash_init(&h, NULL, 0, sizeof(bin));
    for (size_t i = 0; i < n; i++)
        crypto_generichash_update(&h, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    crypto_generichash_final(&h, bin, sizeof(bin));
    sodium_bin2hex(out, 65, bin, sizeof(bin));
}

/* The hash an item's file was made from, read from the previous index.tsv; "" if none. */
static void old_hash(const char *index, const char *key, char out[65])
{
    out[0] = '\0';
    size_t klen = strlen(key);
    for (const char *p = index; p && *p;) {
        const char *nl = strchr(p, '\n');
        if (strncmp(p, key, klen) == 0 && p[klen] == '\t' && strlen(p + klen + 1) >= 64) {
            memcpy(out, p + klen + 1, 64);
            out[64] = '\0';
            return;
        }
        p = nl ? nl + 1 : NULL;
    }
}

/* Encodes pcm as Opus into path: 24 kb/s mono keeps a spoken sentence at a few kilobytes. */
static int encode_opus(const struct wav_pcm *pcm, const char *path)
{
    int err = 0, rc = -1;
    OggOpusComments *comments = ope_comments_create();
    OggOpusEnc *enc =
        comments ? ope_encoder_create_file(path, comments, pcm->rate, 1, 0, &err) : NULL;
    if (enc == NULL) {
        LOG_ERR("%s: cannot make the Opus file: %s", path,
                comments ? ope_strerror(err) : "out of memory");
        goto out;
    }
    if (ope_encoder_ctl(enc, OPUS_SET_BITRATE(24000)) != OPE_OK ||
        ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) != OPE_OK ||
        (err = ope_encoder_write(enc, pcm->samples, (int)pcm->count)) != OPE_OK ||
        (err = ope_encoder_drain(enc)) != OPE_OK) {
        LOG_ERR("%s: Opus encoding failed: %s", path, ope_strerror(err));
        goto out;
    }
    rc = 0;
out:
    if (enc)
        ope_encoder_destroy(enc);
    if (comments)
        ope_comments_destroy(comments);
    return rc;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* One file: espeak-ng (or the recording, through ffmpeg unless it is a WAV already) ->
 * trimmed PCM -> KEY.opus, through a temporary name. */
static int render(const struct opts *o, const struct item *it, const char *dir, const char *tmp)
{
    int rc = -1;
    struct wav_pcm pcm = {0};
    char txt[PATHLEN], wav[PATHLEN], part[PATHLEN], final[PATHLEN], speed[16];
    if (files_pathf(txt, sizeof(txt), "%s/say.txt", tmp) < 0 ||
        files_pathf(wav, sizeof(wav), "%s/say.wav", tmp) < 0 ||
        files_pathf(part, sizeof(part), "%s/%s.opus", tmp, it->key) < 0 ||
        files_pathf(final, sizeof(final), "%s/%s.opus", dir, it->key) < 0)
        return -1;
    const char *input = wav;
    if (it->recorded[0] == '\0') {
        FILE *f = fopen(txt, "w");
        if (!f || fputs(it->spoken, f) < 0 || fclose(f) != 0) {
            LOG_ERR("%s: cannot write", txt);
            return -1;
        }
        snprintf(speed, sizeof(speed), "%d", o->speed);
        /* From a file: text beginning with '-' is never taken for an option. */
        char *say[] = {"espeak-ng", "-v", (char *)o->lang, "-s", speed, "-b", "1", "-w", wav, "-f",
                       txt,         NULL};
        if (spawn_run(say, NULL) != 0)
            return -1;
    } else if (!ends_with(it->recorded, ".wav")) {
        char *conv[] = {"ffmpeg",
                        "-nostdin",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-i",
                        (char *)it->recorded,
                        "-vn",
                        "-ac",
                        "1",
                        "-ar",
                        "48000",
                        "-c:a",
                        "pcm_s16le",
                        wav,
                        NULL};
        if (spawn_run(conv, NULL) != 0)
            return -1;
    } else {
        input = it->recorded;
    }
    if (!wav_read(input, &pcm))
        goto out;
    /* Silence cut at both ends, so sound starts the moment the resident touches. */
    wav_trim(&pcm, 300, 20);
    if (pcm.count == 0) {
        LOG_ERR("%s: silent", input);
        goto out;
    }
    if (encode_opus(&pcm, part) < 0)
        goto out;
    if (rename(part, final) != 0) {
        LOG_ERR("%s: %s", final, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    wav_pcm_free(&pcm);
    return rc;
}

/* Removes the .opus files of keys that are no longer rendered. */
static void remove_stale(const char *dir, const struct job *j)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".opus") != 0)
            continue;
        bool keep = false;
        for (size_t i = 0; i < j->n && !keep; i++)
            keep = strlen(j->v[i].key) == l - 5 && strncmp(j->v[i].key, e->d_name, l - 5) == 0 &&
                   j->v[i].hash[0];
        char path[PATHLEN];
        if (!keep && files_pathf(path, sizeof(path), "%s/%s", dir, e->d_name) == 0 &&
            unlink(path) == 0)
            LOG_INFO("%s: removed (no longer spoken)", path);
    }
    if (d)
        closedir(d);
}

static int write_index(const char *dir, const struct job *j)
{
    char path[PATHLEN], tmp[PATHLEN];
    if (files_pathf(path, sizeof(path), "%s/index.tsv", dir) < 0 ||
        files_pathf(tmp, sizeof(tmp), "%s/index.tsv.part", dir) < 0)
        return -1;
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        LOG_ERR("%s: %s", tmp, strerror(errno));
        return -1;
    }
    fputs("# key\thash\tsource\tbytes\tspoken text (made by tools/mkspeech)\n", f);
    for (size_t i = 0; i < j->n; i++) {
        const struct item *it = &j->v[i];
        char file[PATHLEN];
        struct stat st;
        if (!it->hash[0] || files_pathf(file, sizeof(file), "%s/%s.opus", dir, it->key) < 0 ||
            stat(file, &st) != 0)
            continue;
        fprintf(f, "%s\t%s\t%s\t%lld\t%s\n", it->key, it->hash,
                it->recorded[0] ? "recorded" : "espeak-ng", (long long)st.st_size, it->spoken);
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        LOG_ERR("%s: cannot write", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o = {.root = "locales", .out = "build/content", .speed = 140};
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"root", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},
        {"recorded", required_argument, NULL, 'R'},
        {"speed", required_argument, NULL, 's'},
        {"dry-run", no_argument, NULL, 'n'},
        {"location", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "l:r:o:R:s:L:nh", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            o.lang = optarg;
            break;
        case 'r':
            o.root = optarg;
            break;
        case 'o':
            o.out = optarg;
            break;
        case 'R':
            o.recorded = optarg;
            break;
        case 's':
            o.speed = atoi(optarg);
            break;
        case 'n':
            o.dry_run = true;
            break;
        case 'L':
            o.location = optarg;
            break;
        default:
            return usage();
        }
    }
    if (o.lang == NULL || optind != argc || o.speed < 80 || o.speed > 300 || !key_ok(o.lang))
        return usage();
    if (o.location && strcmp(o.lang, "nl") != 0) {
        LOG_ERR("--location: the location's names are spoken in Dutch (--lang nl), not %s", o.lang);
        return 2;
    }

    int rc = 1;
    struct job j = {0};
    struct pronounce *pron = NULL;
    char *index = NULL;
    char path[PATHLEN], dir[PATHLEN], rec_dir[PATHLEN], tmp[PATHLEN] = "";
    if (sodium_init() < 0) {
        LOG_ERR("libsodium cannot start");
        return 1;
    }
    if (files_pathf(path, sizeof(path), "%s/topics.conf", o.root) < 0 ||
        (j.slugs = read_slugs(path)) == NULL)
        goto out;
    if (files_pathf(path, sizeof(path), "%s/%s/kiosk.po", o.root, o.lang) < 0 ||
        !po_read_file(path, collect, &j))
        goto out;
    j.topics = true;
    if (files_pathf(path, sizeof(path), "%s/%s/topics.po", o.root, o.lang) < 0 ||
        (access(path, F_OK) == 0 && !po_read_file(path, collect, &j)))
        goto out;
    for (int d = 0; d <= 9; d++) {
        char key[24], text[2] = {(char)('0' + d), '\0'};
        snprintf(key, sizeof(key), "digit.%d", d);
        if (!add_item(&j, key, text))
            goto out;
    }
    if (o.location && !add_location(&j, o.location))
        goto out;
    if (files_pathf(path, sizeof(path), "%s/%s/pronounce.txt", o.root, o.lang) < 0 ||
        (pron = pronounce_load(path)) == NULL)
        goto out;
    if (files_pathf(rec_dir, sizeof(rec_dir), "%s", o.recorded ? o.recorded : "") < 0 ||
        (!o.recorded &&
         files_pathf(rec_dir, sizeof(rec_dir), "%s/%s/recorded", o.root, o.lang) < 0))
        goto out;
    bool voice = pronounce_has_voice(o.lang);
    if (!voice)
        LOG_INFO("%s: espeak-ng has no voice; only recorded files (%s) are used", o.lang, rec_dir);

    size_t spoken = 0, recorded = 0;
    for (size_t i = 0; i < j.n; i++) {
        struct item *it = &j.v[i];
        if ((it->spoken = pronounce_apply(pron, it->text)) == NULL)
            goto out;
        for (size_t e = 0; e < sizeof(recorded_exts) / sizeof(recorded_exts[0]); e++) {
            struct stat st;
            if (files_pathf(it->recorded, sizeof(it->recorded), "%s/%s.%s", rec_dir, it->key,
                            recorded_exts[e]) == 0 &&
                stat(it->recorded, &st) == 0 && S_ISREG(st.st_mode)) {
                char stamp[64];
                snprintf(stamp, sizeof(stamp), "%lld %lld", (long long)st.st_size,
                         (long long)st.st_mtime);
                hash_hex((const char *const[]){FORMAT, "recorded", it->recorded, stamp}, 4,
                         it->hash);
                break;
            }
            it->recorded[0] = '\0';
        }
        if (!it->recorded[0] && voice) {
            char speed[16];
            snprintf(speed, sizeof(speed), "%d", o.speed);
            hash_hex((const char *const[]){FORMAT, "espeak-ng", o.lang, speed, it->spoken}, 5,
                     it->hash);
        }
        if (it->hash[0] && o.dry_run)
            printf("%s\t%s\t%s\n", it->key, it->recorded[0] ? "recorded" : "espeak-ng", it->spoken);
    }
    if (o.dry_run) {
        rc = 0;
        goto out;
    }

    if (files_pathf(dir, sizeof(dir), "%s/%s/audio", o.out, o.lang) < 0 || files_mkdir_p(dir) < 0)
        goto out;
    const char *tmpbase = getenv("TMPDIR");
    if (files_pathf(tmp, sizeof(tmp), "%s/mkspeech-XXXXXX",
                    tmpbase && *tmpbase ? tmpbase : "/tmp") < 0 ||
        mkdtemp(tmp) == NULL) {
        LOG_ERR("%s: cannot make a temporary folder: %s", tmp, strerror(errno));
        tmp[0] = '\0';
        goto out;
    }
    if (files_pathf(path, sizeof(path), "%s/index.tsv", dir) < 0)
        goto out;
    /* Without an index (none yet, or one over 1 MiB) every sentence is made anew. */
    index = files_read_all(path, 1 << 20, &(size_t){0});
    for (size_t i = 0; i < j.n; i++) {
        struct item *it = &j.v[i];
        char old[65], file[PATHLEN];
        if (!it->hash[0])
            continue;
        old_hash(index, it->key, old);
        if (files_pathf(file, sizeof(file), "%s/%s.opus", dir, it->key) < 0)
            goto out;
        if (strcmp(old, it->hash) == 0 && access(file, R_OK) == 0)
            continue;
        if (render(&o, it, dir, tmp) < 0) {
            LOG_ERR("%s/%s: could not be made", o.lang, it->key);
            goto out;
        }
        if (it->recorded[0])
            recorded++;
        else
            spoken++;
    }
    remove_stale(dir, &j);
    if (write_index(dir, &j) < 0)
        goto out;
    LOG_INFO("%s: %zu made by espeak-ng, %zu from recordings, the rest unchanged", o.lang, spoken,
             recorded);
    rc = 0;
out:
    if (tmp[0]) {
        char f[PATHLEN];
        if (files_pathf(f, sizeof(f), "%s/say.txt", tmp) == 0)
            unlink(f);
        if (files_pathf(f, sizeof(f), "%s/say.wav", tmp) == 0)
            unlink(f);
        rmdir(tmp);
    }
    for (size_t i = 0; i < j.n; i++) {
        free(j.v[i].key);
        free(j.v[i].text);
        free(j.v[i].spoken);
    }
    free(j.v);
    free((char *)j.slugs);
    free(index);
    pronounce_destroy(pron);
    return rc;
}
