/*
 * spawn: runs external programs (espeak-ng, ffmpeg) for the tools, without a shell.
 *
 * Arguments go to the program as they are, so text with quotes or "$" is never interpreted.
 * A failing program is reported with one log line naming it, its exit status and the last
 * line it wrote to standard error.
 */
#pragma once

#include <stddef.h>

/* Runs argv (argv[0] looked up in PATH), waits, returns its exit status (0 = success), or -1
 * when it could not be started. Standard output is discarded; with out != NULL it is kept
 * instead (NUL-terminated, caller frees). */
int spawn_run(char *const argv[], char **out);
