#define LOG_TAG "spawn"
#include "core/log.h"

#include "core/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Appends what is readable on fd to *buf. Returns 0 at end of file, 1 for more, -1 on error. */
static int drain(int fd, char **buf, size_t *len)
{
    char chunk[4096];
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : -1;
    if (n == 0)
        return 0;
    char *nb = realloc(*buf, *len + (size_t)n + 1);
    if (!nb)
        return -1;
    memcpy(nb + *len, chunk, (size_t)n);
    *len += (size_t)n;
    nb[*len] = '\0';
    *buf = nb;
    return 1;
}

int spawn_run(char *const argv[], char **out)
{
    int rc = -1, status = 0;
    int outp[2] = {-1, -1}, errp[2] = {-1, -1};
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    pid_t pid = -1;
    posix_spawn_file_actions_t fa;
    bool fa_ok = false;

    if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0)
        goto out;
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto out;
    fa_ok = true;
    if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, outp[1], 1) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, errp[1], 2) != 0)
        goto out;
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    if (e != 0) {
        LOG_ERR("cannot start %s: %s", argv[0], strerror(e));
        pid = -1;
        goto out;
    }
    close(outp[1]);
    close(errp[1]);
    outp[1] = errp[1] = -1;
    /* Both pipes are read until both close, so a chatty program never blocks on a full pipe. */
    bool open_out = true, open_err = true;
    while (open_out || open_err) {
        struct pollfd p[2] = {{open_out ? outp[0] : -1, POLLIN, 0},
                              {open_err ? errp[0] : -1, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        if (open_out && p[0].revents) {
            int d = drain(outp[0], &obuf, &olen);
            if (d < 0)
                goto out;
            open_out = d > 0;
        }
        if (open_err && p[1].revents) {
            int d = drain(errp[0], &ebuf, &elen);
            if (d < 0)
                goto out;
            open_err = d > 0;
        }
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            goto out;
    }
    pid = -1;
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (rc != 0) {
        const char *last = "";
        if (ebuf) {
            while (elen && (ebuf[elen - 1] == '\n' || ebuf[elen - 1] == '\r'))
                ebuf[--elen] = '\0';
            char *nl = strrchr(ebuf, '\n');
            last = nl ? nl + 1 : ebuf;
        }
        LOG_ERR("%s exited with status %d: %s", argv[0], rc, last);
    }
    if (out) {
        *out = obuf ? obuf : strdup("");
        obuf = NULL;
        if (!*out)
            rc = -1;
    }
out:
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (fa_ok)
        posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < 2; i++) {
        if (outp[i] >= 0)
            close(outp[i]);
        if (errp[i] >= 0)
            close(errp[i]);
    }
    free(obuf);
    free(ebuf);
    return rc;
}
