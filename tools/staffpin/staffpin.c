/*
 * staffpin: makes the line for the location config that sets the staff PIN.
 *
 *   build/staffpin            asks twice on a terminal (no echo), or reads one line of stdin
 *   echo 4711 | build/staffpin
 *
 * prints `pin = $argon2id$...`, to be put under [staff] in <state>/location.conf.
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

int main(int argc, char **argv)
{
    char pin[64] = "", again[64] = "", hash[PIN_HASH_BYTES];
    int ret = 1;
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    bool usage = false;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
        usage = true;
    if (usage || optind < argc) {
        fprintf(stderr,
                "usage: %s < file-with-pin   (or run it on a terminal: it asks)\n"
                "prints the line `pin = ...` for the [staff] section of location.conf\n",
                argv[0]);
        return 2;
    }
    if (read_line("Staff PIN (4 to 12 digits): ", pin, sizeof(pin)) != 0) {
        fprintf(stderr, "staffpin: no PIN on standard input\n");
        goto out;
    }
    if (!pin_valid(pin)) {
        fprintf(stderr, "staffpin: a staff PIN is %d to %d digits (0-9), nothing else\n",
                PIN_MIN_DIGITS, PIN_MAX_DIGITS);
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
    printf("[staff]\npin = %s\n", hash);
    ret = fflush(stdout) == 0 ? 0 : 1;
out:
    sodium_memzero(pin, sizeof(pin));
    sodium_memzero(again, sizeof(again));
    return ret;
}
