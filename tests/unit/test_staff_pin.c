/* The staff PIN: format, hash checks, the lockout of 5 tries / 5 minutes, and its persistence. */
#include "check.h"
#include "staff/pin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Hashes with the cheapest parameters: the code under test is the same, the tests stay fast. */
static void cheap_hash(const char *pin, char *out)
{
    if (sodium_init() < 0 || crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_MIN,
                                               crypto_pwhash_MEMLIMIT_MIN) != 0)
        abort();
}

static char *temp_dir(void)
{
    static char dir[64];
    snprintf(dir, sizeof(dir), "/tmp/test_staff_pin.XXXXXX");
    if (mkdtemp(dir) == NULL)
        abort();
    return dir;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

static void test_valid(void)
{
    static const struct {
        const char *pin;
        bool valid;
    } cases[] = {
        {"1234", true},    {"000000000000", true},
        {"123", false},    {"1234567890123", false},
        {"12a4", false},   {"", false},
        {NULL, false},     {" 1234", false},
        {"1234\n", false}, {"٤٥٦٧", false},
        {"98765", true},   {"-123", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (pin_valid(cases[i].pin) != cases[i].valid) {
            printf("  case %zu (%s)\n", i, cases[i].pin ? cases[i].pin : "NULL");
            CHECK(pin_valid(cases[i].pin) == cases[i].valid);
        }
    }
}

static void test_config_hash(void)
{
    char good[PIN_HASH_BYTES];
    cheap_hash("2468", good);
    static const char heavy[] = "$argon2id$v=19$m=1048576,t=2,p=1$c29tZXNhbHQ$"
                                "iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A";
    struct {
        const char *hash;
        bool set;
    } cases[] = {
        {good, true},
        {NULL, false},
        {"", false},
        {"2468", false}, /* a PIN in clear text is refused, not used */
        {"$2y$10$abcdefghijklmnopqrstuuJ7E4Yl0XWQfv3Wl1Xb1v3OjJqD7bK4G", false},
        {heavy, false},
        {"$argon2id$v=19$m=,t=,p=1$xx$yy", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct pin *p = pin_new(cases[i].hash, "test.conf", NULL, 0);
        CHECK(p != NULL);
        bool set = pin_is_set(p);
        enum pin_result r = pin_check(p, "2468", 0);
        pin_destroy(p);
        if (set != cases[i].set)
            printf("  case %zu\n", i);
        CHECK(set == cases[i].set);
        CHECK(r == (cases[i].set ? PIN_OK : PIN_NOT_SET));
    }
}

static void test_hash_roundtrip(void)
{
    char h[PIN_HASH_BYTES];
    CHECK(pin_hash("123", h) == -1);
    CHECK(pin_hash("80516", h) == 0);
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    struct pin *p = pin_new(h, "test.conf", NULL, 0);
    CHECK(pin_is_set(p));
    CHECK(pin_check(p, "80517", 0) == PIN_WRONG);
    CHECK(pin_check(p, "80516", 0) == PIN_OK);
    pin_destroy(p);
}

/* One step of a lockout scenario: at time t, try pin, expect result and tries left after. */
struct step {
    uint64_t t;
    const char *pin;
    enum pin_result want;
    int tries_left;
};

static bool run_steps(struct pin *p, const struct step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        enum pin_result r = pin_check(p, steps[i].pin, steps[i].t);
        int left = pin_tries_left(p, steps[i].t);
        if (r != steps[i].want || left != steps[i].tries_left) {
            printf("  step %zu: result %d (want %d), tries left %d (want %d)\n", i, r,
                   steps[i].want, left, steps[i].tries_left);
            return false;
        }
    }
    return true;
}

#define MIN (60u * 1000u)

static void test_lockout(void)
{
    char h[PIN_HASH_BYTES];
    cheap_hash("1357", h);
    static const struct step steps[] = {
        {1000, "1111", PIN_WRONG, 4},
        {2000, "1357", PIN_OK, 5}, /* a right PIN resets the count */
        {3000, "0000", PIN_WRONG, 4},
        {4000, "12", PIN_WRONG, 3}, /* malformed input counts as a wrong try */
        {5000, "0001", PIN_WRONG, 2},
        {6000, "0002", PIN_WRONG, 1},
        {7000, "0003", PIN_LOCKED, 0},
        {8000, "1357", PIN_LOCKED, 0}, /* even the right PIN while locked */
        {7000 + 5 * MIN - 1, "1357", PIN_LOCKED, 0},
        {7000 + 5 * MIN, "0004", PIN_WRONG, 4}, /* lifted after exactly 5 minutes */
        {7000 + 5 * MIN + 1, "1357", PIN_OK, 5},
    };
    struct pin *p = pin_new(h, "test.conf", NULL, 0);
    CHECK(run_steps(p, steps, sizeof(steps) / sizeof(steps[0])));
    CHECK(pin_locked_ms(p, 0) == 0);
    pin_destroy(p);
}

static void test_locked_ms(void)
{
    char h[PIN_HASH_BYTES];
    cheap_hash("1357", h);
    struct pin *p = pin_new(h, "test.conf", NULL, 100);
    for (int i = 0; i < PIN_MAX_TRIES; i++)
        pin_check(p, "9999", 100);
    CHECK_INT_EQ(pin_locked_ms(p, 100), PIN_LOCK_MS);
    CHECK_INT_EQ(pin_locked_ms(p, 100 + MIN), PIN_LOCK_MS - MIN);
    CHECK_INT_EQ(pin_locked_ms(p, 100 + PIN_LOCK_MS), 0);
    pin_destroy(p);
}

/* Switching the kiosk off and on keeps the tries and the lock. */
static void test_restart(void)
{
    char h[PIN_HASH_BYTES];
    cheap_hash("1357", h);
    char *dir = temp_dir();
    struct pin *p = pin_new(h, "test.conf", dir, 0);
    CHECK(pin_check(p, "1", 10) == PIN_WRONG);
    CHECK(pin_check(p, "2", 20) == PIN_WRONG);
    CHECK(pin_check(p, "3", 30) == PIN_WRONG);
    pin_destroy(p);

    p = pin_new(h, "test.conf", dir, 0); /* the clock starts again at 0 */
    CHECK_INT_EQ(pin_tries_left(p, 0), 2);
    CHECK(pin_check(p, "4", 10) == PIN_WRONG);
    CHECK(pin_check(p, "5", 20) == PIN_LOCKED);
    pin_destroy(p);

    p = pin_new(h, "test.conf", dir, 50);
    CHECK(pin_check(p, "1357", 60) == PIN_LOCKED);
    CHECK_INT_EQ(pin_locked_ms(p, 50), PIN_LOCK_MS); /* the whole time again after a restart */
    CHECK(pin_check(p, "1357", 50 + PIN_LOCK_MS) == PIN_OK);
    pin_destroy(p);

    p = pin_new(h, "test.conf", dir, 0);
    CHECK_INT_EQ(pin_tries_left(p, 0), PIN_MAX_TRIES);
    pin_destroy(p);
    remove_dir(dir);
}

static void test_bad_state_file(void)
{
    static const char *const contents[] = {
        "",
        "garbage",
        "fails 99\nlocked 0\n",
        "fails -1\nlocked 1\n",
        "fails 2\nlocked 7\n",
        "fails 2\nlocked 1\nmore\n",
    };
    char h[PIN_HASH_BYTES];
    cheap_hash("1357", h);
    char *dir = temp_dir();
    char path[128];
    snprintf(path, sizeof(path), "%s/staff-pin.state", dir);
    for (size_t i = 0; i < sizeof(contents) / sizeof(contents[0]); i++) {
        FILE *f = fopen(path, "w");
        CHECK(f != NULL);
        fputs(contents[i], f);
        fclose(f);
        struct pin *p = pin_new(h, "test.conf", dir, 0);
        int left = pin_tries_left(p, 0);
        enum pin_result r = pin_check(p, "1357", 0);
        pin_destroy(p);
        if (left != PIN_MAX_TRIES || r != PIN_OK)
            printf("  case %zu\n", i);
        CHECK_INT_EQ(left, PIN_MAX_TRIES);
        CHECK(r == PIN_OK);
    }
    remove_dir(dir);
}

static const struct check_case cases[] = {
    {"pin_valid", test_valid},
    {"pin_config_hash", test_config_hash},
    {"pin_hash_roundtrip", test_hash_roundtrip},
    {"pin_lockout", test_lockout},
    {"pin_locked_ms", test_locked_ms},
    {"pin_lockout_survives_restart", test_restart},
    {"pin_bad_state_file", test_bad_state_file},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
