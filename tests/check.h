/*
 * check: the small harness every unit test uses (header only, tests only).
 *
 * A test file lists its cases in a table and calls check_main(). Each case prints
 * "PASS name" or "FAIL name: file:line: what"; tests/run counts those lines over all tests
 * and prints the closing "N passed, N failed".
 *
 *   static void test_x(void) { CHECK(1 + 1 == 2); }
 *   static const struct check_case cases[] = {{"x", test_x}};
 *   int main(int argc, char **argv) { return CHECK_MAIN(cases, argc, argv); }
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_case {
    const char *name;
    void (*fn)(void);
};

static bool check_case_failed;
static const char *check_case_name;

static inline void check_fail(const char *file, int line, const char *what)
{
    if (!check_case_failed)
        printf("FAIL %s: %s:%d: %s\n", check_case_name, file, line, what);
    check_case_failed = true;
}

/* CHECK fails the case and returns from the test function. */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            check_fail(__FILE__, __LINE__, #cond);                                                 \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                                               \
        if (check_a_ == NULL || check_b_ == NULL || strcmp(check_a_, check_b_) != 0) {             \
            char check_msg_[512];                                                                  \
            snprintf(check_msg_, sizeof(check_msg_), "%s == %s (\"%s\" vs \"%s\")", #a, #b,        \
                     check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");              \
            check_fail(__FILE__, __LINE__, check_msg_);                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                                         \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        if (check_a_ != check_b_) {                                                                \
            char check_msg_[512];                                                                  \
            snprintf(check_msg_, sizeof(check_msg_), "%s == %s (%lld vs %lld)", #a, #b, check_a_,  \
                     check_b_);                                                                    \
            check_fail(__FILE__, __LINE__, check_msg_);                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* A new empty folder /tmp/<name>.XXXXXX (a static buffer: the next call replaces it). */
static inline char *check_temp_dir(const char *name)
{
    static char dir[64];
    snprintf(dir, sizeof(dir), "/tmp/%s.XXXXXX", name);
    if (mkdtemp(dir) == NULL)
        abort();
    return dir;
}

/* Removes a folder and everything in it (a check_temp_dir folder at the end of a case). */
static inline void check_remove_dir(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

/* Runs every case, or only those named on the command line. Returns the exit status. */
static inline int check_main(const struct check_case *cases, size_t n, int argc, char **argv)
{
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1) {
            bool wanted = false;
            for (int a = 1; a < argc; a++)
                wanted = wanted || strcmp(argv[a], cases[i].name) == 0;
            if (!wanted)
                continue;
        }
        check_case_failed = false;
        check_case_name = cases[i].name;
        fflush(stdout);
        cases[i].fn();
        if (!check_case_failed)
            printf("PASS %s\n", cases[i].name);
        else
            failed++;
        fflush(stdout);
    }
    return failed ? 1 : 0;
}

#define CHECK_MAIN(cases, argc, argv)                                                              \
    check_main((cases), sizeof(cases) / sizeof((cases)[0]), (argc), (argv))
