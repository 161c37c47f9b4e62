/*
 * pin: the staff PIN that opens staff mode, and its lockout.
 *
 * The location config holds only a hash, `pin = $argon2id$...` in section [staff], made by
 * libsodium's crypto_pwhash_str (build/staffpin makes one). Five wrong PINs in a row lock PIN
 * entry for five minutes of the kiosk's own clock. The count of wrong tries and the lock are
 * kept in <state>/staff-pin.state, so switching the kiosk off and on neither resets the tries
 * nor lifts a lock (after a restart a lock runs its full five minutes again, because the
 * kiosk's clock starts afresh).
 *
 * A PIN is 4 to 12 digits. Checking one takes a moment (Argon2id, by design).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12
#define PIN_MAX_TRIES  5
#define PIN_LOCK_MS    (5 * 60 * 1000)

/* Room for a hash string (crypto_pwhash_STRBYTES). */
#define PIN_HASH_BYTES 128

struct pin;

enum pin_result {
    PIN_OK,      /* correct; the count of wrong tries is reset */
    PIN_WRONG,   /* wrong; pin_tries_left() says how many remain */
    PIN_LOCKED,  /* locked now (this try was not checked, or it was the fifth wrong one) */
    PIN_NOT_SET, /* no usable hash configured: staff mode cannot be opened */
};

/*
 * hash: the config's value (NULL or "" when none; a malformed one gives one log line naming
 * config_name and counts as none). state_dir: where the lockout is kept; NULL keeps it in
 * memory only. now_ms: the kiosk's clock now (milliseconds, monotonic).
 */
struct pin *pin_new(const char *hash, const char *config_name, const char *state_dir,
                    uint64_t now_ms);
void pin_destroy(struct pin *p);

/* True when a usable hash is configured. */
bool pin_is_set(const struct pin *p);

enum pin_result pin_check(struct pin *p, const char *digits, uint64_t now_ms);

/* Wrong tries left before the lock; 0 while locked. */
int pin_tries_left(struct pin *p, uint64_t now_ms);

/* Milliseconds until the lock lifts; 0 when not locked. */
uint64_t pin_locked_ms(struct pin *p, uint64_t now_ms);

/* True for 4 to 12 ASCII digits. */
bool pin_valid(const char *digits);

/* Hashes a valid PIN into out (PIN_HASH_BYTES). 0, or -1 for an invalid PIN or no memory. */
int pin_hash(const char *digits, char *out);
