#define LOG_TAG "pin"
#include "core/log.h"

#include "staff/pin.h"

#include "core/files.h"

#include "core/files.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PIN_STATE_FILE "staff-pin.state"

/* A hash asking for more than this would keep staff waiting seconds per try, or make a small
 * kiosk swap (crypto_pwhash's "interactive" level is 64 MiB and 2 passes: about 0.2 s). */
#define PIN_MAX_MEM_KIB (64 * 1024)
#define PIN_MAX_OPS     4

_Static_assert(PIN_HASH_BYTES >= crypto_pwhash_STRBYTES, "PIN_HASH_BYTES too small");

struct pin {
    char hash[PIN_HASH_BYTES]; /* "" when none; read by the check thread while it runs */
    char *state_path;          /* NULL: lockout in memory only */
    int fails;                 /* wrong tries since the last right one or the last lock */
    int locks;                 /* locks in a row since the last right PIN */
    bool locked;
    uint64_t lock_until_ms; /* kiosk clock; meaningful while locked */

    /* The check thread: started by pin_submit, joined by pin_poll/pin_wait/pin_destroy. */
    pthread_t thread;
    bool running;                    /* main thread only */
    char digits[PIN_MAX_DIGITS + 1]; /* written before the thread starts, then only read */
    atomic_int verdict;              /* 0 while checking, 1 right, 2 wrong */
};

bool pin_valid(const char *digits)
{
    if (digits == NULL)
        return false;
    size_t n = 0;
    for (; digits[n] != '\0'; n++)
        if (digits[n] < '0' || digits[n] > '9')
            return false;
    return n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS;
}

bool pin_valid_new(const char *digits)
{
    return pin_valid(digits) && strlen(digits) >= PIN_MIN_DIGITS_NEW;
}

int pin_hash(const char *digits, char *out)
{
    if (!pin_valid_new(digits) || sodium_init() < 0)
        return -1;
    if (crypto_pwhash_str(out, digits, strlen(digits), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return -1;
    return 0;
}

/* Reads the number after key= in an Argon2 parameter list "m=65536,t=2,p=1". */
static long pin_param(const char *params, const char *key)
{
    const char *p = strstr(params, key);
    if (p == NULL)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(p + strlen(key), &end, 10);
    if (errno != 0 || end == p + strlen(key) || v < 0)
        return -1;
    return v;
}

/* NULL when the hash can be used, else why not. */
static const char *pin_hash_problem(const char *hash)
{
    if (strlen(hash) >= PIN_HASH_BYTES)
        return "too long for a crypto_pwhash string";
    const char *params;
    if (strncmp(hash, "$argon2id$v=19$", 15) == 0)
        params = hash + 15;
    else if (strncmp(hash, "$argon2i$v=19$", 14) == 0)
        params = hash + 14;
    else
        return "not a crypto_pwhash string ($argon2id$v=19$...); make one with build/staffpin";
    long m = pin_param(params, "m="), t = pin_param(params, ",t=");
    if (m <= 0 || t <= 0)
        return "no Argon2 memory and time parameters";
    if (m > PIN_MAX_MEM_KIB || t > PIN_MAX_OPS)
        return "Argon2 parameters too heavy for a kiosk (at most 64 MiB, 4 passes)";
    return NULL;
}

/* Writes the lockout state as a whole. */
static void pin_save(const struct pin *p)
{
    if (p->state_path == NULL)
        return;
    char buf[96];
    int len = snprintf(buf, sizeof(buf), "fails %d\nlocked %d\nlocks %d\n", p->fails,
                       p->locked ? 1 : 0, p->locks);
    /* On failure the lockout still holds for this run; only a restart would forget it. */
    files_write_atomic_buf(p->state_path, 0600, buf, (size_t)len);
}

/* How long the next lock lasts: twice the one before, at most a day. */
static uint64_t pin_lock_ms(int locks)
{
    uint64_t ms = PIN_LOCK_MS;
    for (int i = 1; i < locks && ms < PIN_LOCK_MAX_MS; i++)
        ms *= 2;
    return ms < PIN_LOCK_MAX_MS ? ms : PIN_LOCK_MAX_MS;
}

static void pin_load(struct pin *p, uint64_t now_ms)
{
    FILE *f = fopen(p->state_path, "re");
    if (f == NULL) {
        if (errno != ENOENT)
            LOG_WARN("%s: cannot read the PIN lockout: %s", p->state_path, strerror(errno));
        return;
    }
    int fails = -1, locked = -1, locks = 0;
    char extra;
    /* "locks" came later: a file without it is from before escalating locks. */
    int got = fscanf(f, "fails %d locked %d locks %d", &fails, &locked, &locks);
    bool end = fscanf(f, " %c", &extra) == EOF;
    if ((got != 2 && got != 3) || !end || fails < 0 || fails > PIN_MAX_TRIES ||
        (locked != 0 && locked != 1) || locks < 0 || locks > 64) {
        /* Probably cut off by a power failure; the tries start again from zero. */
        LOG_WARN("%s: malformed, ignored", p->state_path);
        fclose(f);
        return;
    }
    fclose(f);
    p->fails = fails;
    p->locked = locked == 1;
    p->locks = locks > 0 ? locks : p->locked;
    if (p->locked) {
        /* The kiosk's clock started afresh: the lock runs its whole time again. */
        p->lock_until_ms = now_ms + pin_lock_ms(p->locks);
        LOG_INFO("staff PIN entry is locked for %d minutes after a restart",
                 (int)(pin_lock_ms(p->locks) / 60000));
    }
}

bool pin_write_file(const char *state_dir, const char *hash)
{
    char path[PATH_MAX], line[PIN_HASH_BYTES + 2];
    if (snprintf(path, sizeof(path), "%s/%s", state_dir, PIN_FILE) >= (int)sizeof(path))
        return false;
    int len = snprintf(line, sizeof(line), "%s\n", hash);
    return files_write_atomic_buf(path, 0600, line, (size_t)len);
}

/* The hash from <state>/staff.pin: true with hash filled, false when there is none. A file
 * others may read is made private (the hash is a few digits away from the PIN). */
static bool pin_read_file(const char *path, char *hash, size_t size)
{
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        if (errno != ENOENT)
            LOG_WARN("%s: %s; staff mode cannot be opened", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0) {
        LOG_WARN("%s: readable by others; made private (0600)", path);
        if (fchmod(fileno(f), 0600) != 0)
            LOG_WARN("%s: chmod: %s", path, strerror(errno));
    }
    bool ok = fgets(hash, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        hash[strcspn(hash, "\r\n")] = '\0';
    return ok && hash[0] != '\0';
}

/* Moves a hash found in location.conf into <state>/staff.pin and makes location.conf private. */
static void pin_migrate(const char *state_dir, const char *config_name, const char *hash)
{
    if (!pin_write_file(state_dir, hash))
        return;
    LOG_WARN("%s: [staff] pin moved to %s/%s (mode 0600); remove the pin line from %s",
             config_name ? config_name : "location config", state_dir, PIN_FILE,
             config_name ? config_name : "the location config");
    struct stat st;
    if (config_name != NULL && stat(config_name, &st) == 0 && (st.st_mode & 077) != 0 &&
        chmod(config_name, st.st_mode & 0700) != 0)
        LOG_WARN("%s: chmod: %s", config_name, strerror(errno));
}

struct pin *pin_new(const char *hash, const char *config_name, const char *state_dir,
                    uint64_t now_ms)
{
    struct pin *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    const char *conf = config_name ? config_name : "location config";
    char file[PATH_MAX] = "", from_file[PIN_HASH_BYTES + 2] = "";
    if (state_dir != NULL &&
        snprintf(file, sizeof(file), "%s/%s", state_dir, PIN_FILE) < (int)sizeof(file) &&
        pin_read_file(file, from_file, sizeof(from_file))) {
        if (hash != NULL && hash[0] != '\0')
            LOG_WARN("%s: [staff] pin ignored: %s holds the PIN; remove the line", conf, file);
        hash = from_file;
        conf = file;
    }
    if (sodium_init() < 0) {
        LOG_ERR("libsodium cannot start; staff mode cannot be opened");
    } else if (hash == NULL || hash[0] == '\0') {
        LOG_INFO("%s: no [staff] pin set; staff mode cannot be opened", conf);
    } else {
        const char *why = pin_hash_problem(hash);
        if (why != NULL) {
            LOG_WARN("%s: [staff] pin: %s; staff mode cannot be opened", conf, why);
        } else {
            snprintf(p->hash, sizeof(p->hash), "%s", hash);
            if (state_dir != NULL && hash != from_file)
                pin_migrate(state_dir, config_name, hash);
        }
    }
    sodium_memzero(from_file, sizeof(from_file));
    if (state_dir != NULL) {
        size_t n = strlen(state_dir) + sizeof("/" PIN_STATE_FILE);
        p->state_path = malloc(n);
        if (p->state_path == NULL) {
            free(p);
            return NULL;
        }
        snprintf(p->state_path, n, "%s/%s", state_dir, PIN_STATE_FILE);
        pin_load(p, now_ms);
    }
    return p;
}

void pin_destroy(struct pin *p)
{
    if (p == NULL)
        return;
    if (p->running)
        pthread_join(p->thread, NULL);
    sodium_memzero(p->hash, sizeof(p->hash));
    sodium_memzero(p->digits, sizeof(p->digits));
    free(p->state_path);
    free(p);
}

bool pin_is_set(const struct pin *p)
{
    return p != NULL && p->hash[0] != '\0';
}

/* Lifts a lock whose time is up. The count of locks stays: the next lock lasts longer. */
static void pin_update(struct pin *p, uint64_t now_ms)
{
    if (p->locked && now_ms >= p->lock_until_ms) {
        p->locked = false;
        p->fails = 0;
        pin_save(p);
    }
}

static void *pin_thread(void *arg)
{
    struct pin *p = arg;
    bool right = pin_valid(p->digits) &&
                 crypto_pwhash_str_verify(p->hash, p->digits, strlen(p->digits)) == 0;
    atomic_store(&p->verdict, right ? 1 : 2);
    return NULL;
}

enum pin_result pin_submit(struct pin *p, const char *digits, uint64_t now_ms)
{
    assert(p != NULL);
    if (p->running)
        return PIN_CHECKING;
    if (!pin_is_set(p))
        return PIN_NOT_SET;
    if (digits == NULL || digits[0] == '\0')
        return PIN_EMPTY; /* an OK with nothing typed locks nobody out */
    pin_update(p, now_ms);
    if (p->locked)
        return PIN_LOCKED;
    /* Counted before checking, so cutting the power during the check gains nothing. */
    p->fails++;
    if (p->fails >= PIN_MAX_TRIES) {
        p->locked = true;
        p->locks++;
        p->lock_until_ms = now_ms + pin_lock_ms(p->locks);
    }
    pin_save(p);
    snprintf(p->digits, sizeof(p->digits), "%s", strlen(digits) <= PIN_MAX_DIGITS ? digits : "");
    atomic_store(&p->verdict, 0);
    if (pthread_create(&p->thread, NULL, pin_thread, p) != 0) {
        LOG_WARN("cannot start the PIN check thread; checking here");
        pin_thread(p);
        p->running = false;
        return pin_poll(p);
    }
    p->running = true;
    return PIN_CHECKING;
}

/* The result of a finished check (the thread joined, or never started). */
static enum pin_result pin_finish(struct pin *p)
{
    if (p->running)
        pthread_join(p->thread, NULL);
    p->running = false;
    sodium_memzero(p->digits, sizeof(p->digits));
    if (atomic_load(&p->verdict) == 1) {
        p->fails = 0;
        p->locks = 0;
        p->locked = false;
        pin_save(p);
        return PIN_OK;
    }
    if (p->locked) {
        LOG_WARN("%d wrong staff PINs: PIN entry locked for %d minutes (lock %d in a row)",
                 PIN_MAX_TRIES, (int)(pin_lock_ms(p->locks) / 60000), p->locks);
        return PIN_LOCKED;
    }
    return PIN_WRONG;
}

enum pin_result pin_poll(struct pin *p)
{
    assert(p != NULL);
    if (p->running && atomic_load(&p->verdict) == 0)
        return PIN_CHECKING;
    if (!p->running && atomic_load(&p->verdict) == 0)
        return PIN_EMPTY; /* nothing was submitted */
    enum pin_result r = pin_finish(p);
    atomic_store(&p->verdict, 0);
    return r;
}

enum pin_result pin_wait(struct pin *p)
{
    assert(p != NULL);
    if (!p->running && atomic_load(&p->verdict) == 0)
        return PIN_EMPTY;
    enum pin_result r = pin_finish(p);
    atomic_store(&p->verdict, 0);
    return r;
}

enum pin_result pin_check(struct pin *p, const char *digits, uint64_t now_ms)
{
    enum pin_result r = pin_submit(p, digits, now_ms);
    return r == PIN_CHECKING ? pin_wait(p) : r;
}

int pin_tries_left(struct pin *p, uint64_t now_ms)
{
    assert(p != NULL);
    pin_update(p, now_ms);
    return p->locked ? 0 : PIN_MAX_TRIES - p->fails;
}

uint64_t pin_locked_ms(struct pin *p, uint64_t now_ms)
{
    assert(p != NULL);
    pin_update(p, now_ms);
    return p->locked ? p->lock_until_ms - now_ms : 0;
}
