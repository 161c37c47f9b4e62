/*
 * staffpin: sets the staff PIN, as a hash (Argon2id) that only the kiosk's user can read.
 *
 *   build/staffpin --state DIR     writes DIR/staff.pin (mode 0600), the kiosk's state folder
 *   build/staffpin                 prints `pin = $argon2id$...` (for tests and old set-ups;
 *                                  the kiosk moves such a line from location.conf to staff.pin)
 *
 * Asks twice on a terminal (no echo), or reads one line of stdin: echo 471100 | build/staffpin.
 * A new PIN has 6 to 12 digits.
 */
#define LOG_TAG "staffpin"
#include "core/log.h"

#include "staff/pin.h"

#include <sodium.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line without its newline; with echo off on a terminal. 0 or -1 at end of input. */
static int read_line(const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fputs(prompt, stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(buf, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (got == NULL)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

static void usage(FILE *f, const char *argv0)
{
    fprintf(f,
            "usage: %s [--state DIR] < file-with-pin   (or run it on a terminal: it asks)\n"
            "  --state DIR  write the hash to DIR/staff.pin (mode 0600), the kiosk's state\n"
            "               folder; without it, print `pin = ...` for [staff] of location.conf\n"
            "A staff PIN has %d to %d digits.\n",
            argv0, PIN_MIN_DIGITS_NEW, PIN_MAX_DIGITS);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"state", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *state = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "s:h", options, NULL)) != -1) {
        switch (c) {
        case 's':
            state = optarg;
            break;
        case 'h':
            usage(stdout, argv[0]);
            return 0;
        default:
            usage(stderr, argv[0]);
            return 2;
        }
    }
    if (optind < argc) {
        usage(stderr, argv[0]);
        return 2;
    }
    char pin[64] = "", again[64] = "", hash[PIN_HASH_BYTES];
    int ret = 1;
    if (read_line("Staff PIN (6 to 12 digits): ", pin, sizeof(pin)) != 0) {
        fprintf(stderr, "staffpin: no PIN on standard input\n");
        goto out;
    }
    if (!pin_valid_new(pin)) {
        fprintf(stderr, "staffpin: a new staff PIN is %d to %d digits (0-9), nothing else\n",
                PIN_MIN_DIGITS_NEW, PIN_MAX_DIGITS);
        goto out;
    }
    if (isatty(STDIN_FILENO)) {
        if (read_line("Once more: ", again, sizeof(again)) != 0 || strcmp(pin, again) != 0) {
            fprintf(stderr, "staffpin: the two PINs differ\n");
            goto out;
        }
    }
    if (pin_hash(pin, hash) != 0) {
        fprintf(stderr, "staffpin: hashing failed (out of memory?)\n");
        goto out;
    }
    if (state != NULL) {
        if (!pin_write_file(state, hash))
            goto out;
        fprintf(stderr, "staffpin: %s/%s written; the kiosk reads it at its next start\n", state,
                PIN_FILE);
        ret = 0;
    } else {
        printf("[staff]\npin = %s\n", hash);
        ret = fflush(stdout) == 0 ? 0 : 1;
    }
out:
    sodium_memzero(pin, sizeof(pin));
    sodium_memzero(again, sizeof(again));
    return ret;
}
