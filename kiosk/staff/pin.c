#define LOG_TAG "pin"
#include "core/log.h"

#include "staff/pin.h"

#include "core/files.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PIN_STATE_FILE "staff-pin.state"

/* A hash asking for more than this could make the kiosk swap or die while checking a PIN. */
#define PIN_MAX_MEM_KIB (256 * 1024)
#define PIN_MAX_OPS     16

_Static_assert(PIN_HASH_BYTES >= crypto_pwhash_STRBYTES, "PIN_HASH_BYTES too small");

struct pin {
    char hash[PIN_HASH_BYTES]; /* "" when none */
    char *state_path;          /* NULL: lockout in memory only */
    int fails;                 /* wrong tries since the last right one or the last lock */
    bool locked;
    uint64_t lock_until_ms; /* kiosk clock; meaningful while locked */
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

int pin_hash(const char *digits, char *out)
{
    if (!pin_valid(digits) || sodium_init() < 0)
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
        return "Argon2 parameters too heavy for a kiosk (at most 256 MiB, 16 passes)";
    return NULL;
}

/* Writes the lockout state as a whole (temporary file, fsync, rename). */
static void pin_save(const struct pin *p)
{
    if (p->state_path == NULL)
        return;
    char buf[64];
    int len = snprintf(buf, sizeof(buf), "fails %d\nlocked %d\n", p->fails, p->locked ? 1 : 0);
    /* On failure (logged) the lockout still holds for this run; only a restart would forget it. */
    files_write_atomic_buf(p->state_path, 0600, buf, (size_t)len);
}

static void pin_load(struct pin *p, uint64_t now_ms)
{
    FILE *f = fopen(p->state_path, "re");
    if (f == NULL) {
        if (errno != ENOENT)
            LOG_WARN("%s: cannot read the PIN lockout: %s", p->state_path, strerror(errno));
        return;
    }
    int fails = -1, locked = -1;
    char extra;
    if (fscanf(f, "fails %d locked %d %c", &fails, &locked, &extra) != 2 || fails < 0 ||
        fails > PIN_MAX_TRIES || (locked != 0 && locked != 1)) {
        /* Probably cut off by a power failure; the tries start again from zero. */
        LOG_WARN("%s: malformed, ignored", p->state_path);
        fclose(f);
        return;
    }
    fclose(f);
    p->fails = fails;
    p->locked = locked == 1;
    if (p->locked) {
        /* The kiosk's clock started afresh: the lock runs its whole time again. */
        p->lock_until_ms = now_ms + PIN_LOCK_MS;
        LOG_INFO("staff PIN entry is locked for %d minutes after a restart", PIN_LOCK_MS / 60000);
    }
}

struct pin *pin_new(const char *hash, const char *config_name, const char *state_dir,
                    uint64_t now_ms)
{
    struct pin *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    if (sodium_init() < 0) {
        LOG_ERR("libsodium cannot start; staff mode cannot be opened");
    } else if (hash == NULL || hash[0] == '\0') {
        LOG_INFO("%s: no [staff] pin set; staff mode cannot be opened",
                 config_name ? config_name : "location config");
    } else {
        const char *why = pin_hash_problem(hash);
        if (why != NULL)
            LOG_WARN("%s: [staff] pin: %s; staff mode cannot be opened",
                     config_name ? config_name : "location config", why);
        else
            snprintf(p->hash, sizeof(p->hash), "%s", hash);
    }
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
    sodium_memzero(p->hash, sizeof(p->hash));
    free(p->state_path);
    free(p);
}

bool pin_is_set(const struct pin *p)
{
    return p != NULL && p->hash[0] != '\0';
}

/* Lifts a lock whose time is up. */
static void pin_update(struct pin *p, uint64_t now_ms)
{
    if (p->locked && now_ms >= p->lock_until_ms) {
        p->locked = false;
        p->fails = 0;
        pin_save(p);
    }
}

enum pin_result pin_check(struct pin *p, const char *digits, uint64_t now_ms)
{
    assert(p != NULL);
    if (!pin_is_set(p))
        return PIN_NOT_SET;
    pin_update(p, now_ms);
    if (p->locked)
        return PIN_LOCKED;
    /* Counted before checking, so cutting the power during the check gains nothing. */
    p->fails++;
    if (p->fails >= PIN_MAX_TRIES) {
        p->locked = true;
        p->lock_until_ms = now_ms + PIN_LOCK_MS;
    }
    pin_save(p);
    bool right =
        pin_valid(digits) && crypto_pwhash_str_verify(p->hash, digits, strlen(digits)) == 0;
    if (right) {
        p->fails = 0;
        p->locked = false;
        pin_save(p);
        return PIN_OK;
    }
    if (p->locked) {
        LOG_WARN("%d wrong staff PINs: PIN entry locked for %d minutes", PIN_MAX_TRIES,
                 PIN_LOCK_MS / 60000);
        return PIN_LOCKED;
    }
    return PIN_WRONG;
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
