/* The staff PIN: format, hash checks, the lockout of 5 tries / 5 minutes, and its persistence. */
#include "check.h"
#include "staff/pin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Hashes with the cheapest parameters: the code under test is the same, the tests stay fast. */
static void cheap_hash(const char *pin, char *out)
{
    if (sodium_init() < 0 || crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_MIN,
                                               crypto_pwhash_MEMLIMIT_MIN) != 0)
        abort();
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
        /* 128 MiB or 8 passes: over the bound (up to 2.25 s per try on the UI once) */
        {"$argon2id$v=19$m=131072,t=2,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A",
         false},
        {"$argon2id$v=19$m=65536,t=8,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A",
         false},
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
    CHECK(pin_hash("80516", h) == -1); /* a new PIN has at least 6 digits */
    CHECK(!pin_valid_new("80516") && pin_valid("80516"));
    CHECK(pin_hash("805162", h) == 0);
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    struct pin *p = pin_new(h, "test.conf", NULL, 0);
    CHECK(pin_is_set(p));
    CHECK(pin_check(p, "805163", 0) == PIN_WRONG);
    CHECK(pin_check(p, "805162", 0) == PIN_OK);
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
    char *dir = check_temp_dir("test_staff_pin");
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
    check_remove_dir(dir);
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
    char *dir = check_temp_dir("test_staff_pin");
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
    check_remove_dir(dir);
}

/* An OK with nothing typed is not a try: anyone could otherwise lock staff out. */
static void test_empty_not_counted(void)
{
    char h[PIN_HASH_BYTES];
    cheap_hash("135790", h);
    struct pin *p = pin_new(h, "test.conf", NULL, 0);
    for (int i = 0; i < 3 * PIN_MAX_TRIES; i++)
        CHECK(pin_check(p, "", 1000) == PIN_EMPTY);
    CHECK_INT_EQ(pin_tries_left(p, 1000), PIN_MAX_TRIES);
    CHECK(pin_check(p, "135790", 1000) == PIN_OK);
    pin_destroy(p);
}

/* Each lock in a row lasts twice the one before, until the right PIN; at most a day. */
static void test_escalating_locks(void)
{
    char h[PIN_HASH_BYTES];
    cheap_hash("135790", h);
    char *dir = check_temp_dir("test_staff_pin");
    struct pin *p = pin_new(h, "test.conf", dir, 0);
    uint64_t t = 0, want = PIN_LOCK_MS;
    for (int lock = 1; lock <= 12; lock++) {
        for (int i = 0; i < PIN_MAX_TRIES; i++)
            pin_check(p, "000000", t);
        uint64_t left = pin_locked_ms(p, t);
        if (left != want)
            printf("  lock %d: %llu ms (want %llu)\n", lock, (unsigned long long)left,
                   (unsigned long long)want);
        CHECK(left == want);
        t += left;
        want = want * 2 < PIN_LOCK_MAX_MS ? want * 2 : PIN_LOCK_MAX_MS;
    }
    /* A restart keeps the count: the lock after it is as long as the last one. */
    for (int i = 0; i < PIN_MAX_TRIES; i++)
        pin_check(p, "000000", t);
    pin_destroy(p);
    p = pin_new(h, "test.conf", dir, 0);
    CHECK(pin_locked_ms(p, 0) == PIN_LOCK_MAX_MS);
    /* The right PIN ends the series: the next lock is 5 minutes again. */
    CHECK(pin_check(p, "135790", PIN_LOCK_MAX_MS) == PIN_OK);
    for (int i = 0; i < PIN_MAX_TRIES; i++)
        pin_check(p, "000000", PIN_LOCK_MAX_MS);
    CHECK(pin_locked_ms(p, PIN_LOCK_MAX_MS) == PIN_LOCK_MS);
    pin_destroy(p);
    check_remove_dir(dir);
    /* About 60 guesses an hour before; now 5 per lock, and 12 locks take more than 4 days. */
}

/* The hash moves out of the world-readable location.conf into a 0600 staff.pin. */
static void test_private_file(void)
{
    char h[PIN_HASH_BYTES], conf[128], path[128];
    cheap_hash("135790", h);
    char *dir = check_temp_dir("test_staff_pin");
    snprintf(conf, sizeof(conf), "%s/location.conf", dir);
    FILE *f = fopen(conf, "w");
    fprintf(f, "[staff]\npin = %s\n", h);
    fclose(f);
    chmod(conf, 0644);
    struct pin *p = pin_new(h, conf, dir, 0);
    CHECK(pin_check(p, "135790", 0) == PIN_OK);
    pin_destroy(p);
    struct stat st;
    snprintf(path, sizeof(path), "%s/staff.pin", dir);
    CHECK(stat(path, &st) == 0);
    CHECK_INT_EQ(st.st_mode & 0777, 0600);
    CHECK(stat(conf, &st) == 0);
    CHECK_INT_EQ(st.st_mode & 077, 0);
    /* staff.pin wins over the config: a new PIN set by staffpin works, the old one not. */
    char h2[PIN_HASH_BYTES];
    cheap_hash("975310", h2);
    CHECK(pin_write_file(dir, h2));
    chmod(path, 0644);
    p = pin_new(h, conf, dir, 0);
    CHECK(pin_check(p, "135790", 0) == PIN_WRONG);
    CHECK(pin_check(p, "975310", 0) == PIN_OK);
    pin_destroy(p);
    CHECK(stat(path, &st) == 0);
    CHECK_INT_EQ(st.st_mode & 0777, 0600); /* made private again */
    check_remove_dir(dir);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Argon2 runs on the PIN's own thread: submitting returns before the result, polling gives it. */
static void test_check_off_thread(void)
{
    char h[PIN_HASH_BYTES];
    /* The kiosk's real parameters (about 0.1 to 0.2 s of Argon2). */
    CHECK(pin_hash("135790", h) == 0);
    struct pin *p = pin_new(h, "test.conf", NULL, 0);
    double t0 = now_ms();
    CHECK(pin_submit(p, "135790", 0) == PIN_CHECKING);
    double submit_ms = now_ms() - t0;
    CHECK(pin_submit(p, "000000", 0) == PIN_CHECKING); /* one check at a time */
    enum pin_result r;
    int polls = 0;
    while ((r = pin_poll(p)) == PIN_CHECKING) {
        polls++;
        usleep(1000);
    }
    double total_ms = now_ms() - t0;
    printf("    submit %.2f ms, result after %.1f ms and %d polls\n", submit_ms, total_ms, polls);
    CHECK(r == PIN_OK);
    /* Not a time limit (a loaded machine may stall any thread): a check done inside
     * pin_submit would leave nothing to poll for. */
    CHECK(polls > 0);
    CHECK(pin_submit(p, "000000", 0) == PIN_CHECKING);
    pin_destroy(p); /* with a check running: joined, no leak */
}

static const struct check_case cases[] = {
    {"pin_empty_ok_not_counted", test_empty_not_counted},
    {"pin_escalating_locks", test_escalating_locks},
    {"pin_private_file", test_private_file},
    {"pin_check_off_thread", test_check_off_thread},
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
