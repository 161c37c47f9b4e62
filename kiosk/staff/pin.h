/*
 * pin: the staff PIN that opens staff mode, and its lockout.
 *
 * The hash, made by libsodium's crypto_pwhash_str, lives in <state>/staff.pin, mode 0600
 * (build/staffpin --state DIR writes it). A `pin = $argon2id$...` line in [staff] of the
 * world-readable location.conf is moved there once, and location.conf loses its group and
 * other permissions: an Argon2 hash of a few digits falls to an offline search in minutes.
 *
 * Five wrong PINs in a row lock PIN entry; each lock in a row lasts twice the one before
 * (5 minutes, 10, 20, ... at most a day), until the right PIN is entered. An empty OK is not
 * a try. The tries, the lock and the count of locks are kept in <state>/staff-pin.state, so
 * switching the kiosk off and on neither resets the tries nor lifts a lock (after a restart a
 * lock runs its full time again, because the kiosk's clock starts afresh).
 *
 * A PIN is 4 to 12 digits; a new one at least 6 (PIN_MIN_DIGITS_NEW). Checking one takes a
 * moment (Argon2id, by design), so pin_submit() checks on a thread of its own and the screen
 * polls pin_poll(); hashes asking more than 64 MiB or 4 passes are refused.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIN_MIN_DIGITS     4
#define PIN_MIN_DIGITS_NEW 6
#define PIN_MAX_DIGITS     12
#define PIN_MAX_TRIES      5
#define PIN_LOCK_MS        (5 * 60 * 1000) /* the first lock; each next one lasts twice as long */
#define PIN_LOCK_MAX_MS    (24 * 3600 * 1000)
#define PIN_FILE           "staff.pin"

/* Room for a hash string (crypto_pwhash_STRBYTES). */
#define PIN_HASH_BYTES 128

struct pin;

enum pin_result {
    PIN_OK,       /* correct; the count of wrong tries is reset */
    PIN_WRONG,    /* wrong; pin_tries_left() says how many remain */
    PIN_LOCKED,   /* locked now (this try was not checked, or it was the fifth wrong one) */
    PIN_NOT_SET,  /* no usable hash configured: staff mode cannot be opened */
    PIN_EMPTY,    /* nothing entered: not a try */
    PIN_CHECKING, /* pin_submit() started the check; pin_poll() gives the result */
};

/*
 * hash: the config's value (NULL or "" when none; a malformed one gives one log line naming
 * config_name and counts as none). state_dir: where staff.pin and the lockout are kept (a
 * staff.pin there wins over the config's hash, which is moved there when there is none);
 * NULL keeps everything in memory only. now_ms: the kiosk's clock now (ms, monotonic).
 */
struct pin *pin_new(const char *hash, const char *config_name, const char *state_dir,
                    uint64_t now_ms);
void pin_destroy(struct pin *p);

/* True when a usable hash is configured. */
bool pin_is_set(const struct pin *p);

/*
 * Starts checking digits on the PIN's own thread and returns PIN_CHECKING, or at once
 * PIN_EMPTY, PIN_NOT_SET, PIN_LOCKED, or PIN_CHECKING again while a check still runs. The
 * try counts from here (cutting the power during the check gains nothing).
 */
enum pin_result pin_submit(struct pin *p, const char *digits, uint64_t now_ms);
/* PIN_CHECKING while the check runs, then its result once (PIN_OK, PIN_WRONG, PIN_LOCKED). */
enum pin_result pin_poll(struct pin *p);
/* Waits for the running check (headless runs, where the clock is virtual); its result. */
enum pin_result pin_wait(struct pin *p);
/* pin_submit() and pin_wait() in one (tests, tools). */
enum pin_result pin_check(struct pin *p, const char *digits, uint64_t now_ms);

/* Wrong tries left before the lock; 0 while locked. */
int pin_tries_left(struct pin *p, uint64_t now_ms);

/* Milliseconds until the lock lifts; 0 when not locked. */
uint64_t pin_locked_ms(struct pin *p, uint64_t now_ms);

/* True for 4 to 12 ASCII digits. */
bool pin_valid(const char *digits);

/* True for a PIN good enough to be set now: 6 to 12 digits. */
bool pin_valid_new(const char *digits);

/* Hashes a new PIN (pin_valid_new) into out (PIN_HASH_BYTES). 0, or -1 when it is not one or
 * memory runs out. */
int pin_hash(const char *digits, char *out);

/* Writes hash to <state_dir>/staff.pin, mode 0600, as a whole. false, logged, on failure. */
bool pin_write_file(const char *state_dir, const char *hash);
