#define LOG_TAG "notify"
#include "notify.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "core/log.h"

struct notify {
    bool socket; /* NOTIFY_SOCKET is set: someone listens */
    bool ready_sent;
    int64_t interval_ms; /* between pings; 0 = no watchdog */
    int64_t next_ms;     /* next ping due; -1 before the first tick */
    bool send_failed;    /* logged once, not at every ping */
};

/* WATCHDOG_USEC for the kiosk itself or for its parent (cage), in microseconds; 0 if none. */
static uint64_t watchdog_usec(void)
{
    uint64_t usec = 0;
    int r = sd_watchdog_enabled(0, &usec);
    if (r > 0)
        return usec;
    if (r < 0) {
        LOG_WARN("WATCHDOG_USEC/WATCHDOG_PID: %s; no watchdog pings", strerror(-r));
        return 0;
    }
    const char *us = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
    if (us == NULL || pid == NULL)
        return 0;
    char *end;
    errno = 0;
    long long p = strtoll(pid, &end, 10);
    if (errno || *end || p != (long long)getppid())
        return 0; /* meant for some other process */
    errno = 0;
    unsigned long long u = strtoull(us, &end, 10);
    if (errno || *end || u == 0) {
        LOG_WARN("WATCHDOG_USEC: \"%s\" is not a number of microseconds; no watchdog pings", us);
        return 0;
    }
    return u;
}

struct notify *notify_new(void)
{
    struct notify *n = calloc(1, sizeof(*n));
    if (n == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    const char *sock = getenv("NOTIFY_SOCKET");
    n->socket = sock != NULL && sock[0] != '\0';
    n->next_ms = -1;
    uint64_t usec = n->socket ? watchdog_usec() : 0;
    if (usec > 0) {
        /* Half the period, as sd_watchdog_enabled(3) advises; never a busy loop. */
        n->interval_ms = (int64_t)(usec / 2000);
        if (n->interval_ms < 10)
            n->interval_ms = 10;
        LOG_INFO("systemd watchdog: a ping every %lld ms", (long long)n->interval_ms);
    }
    return n;
}

void notify_destroy(struct notify *n)
{
    free(n);
}

static void notify_send(struct notify *n, const char *msg)
{
    int r = sd_notify(0, msg);
    if (r < 0 && !n->send_failed) {
        n->send_failed = true;
        LOG_WARN("NOTIFY_SOCKET: cannot send %s: %s (said once)", msg, strerror(-r));
    }
}

void notify_ready(struct notify *n)
{
    if (n == NULL || !n->socket || n->ready_sent)
        return;
    n->ready_sent = true;
    notify_send(n, "READY=1\nSTATUS=showing the attract screen");
}

int64_t notify_deadline(const struct notify *n)
{
    if (n == NULL || n->interval_ms == 0)
        return -1;
    return n->next_ms < 0 ? 0 : n->next_ms;
}

void notify_tick(struct notify *n, int64_t now_ms)
{
    if (n == NULL || n->interval_ms == 0 || (n->next_ms >= 0 && now_ms < n->next_ms))
        return;
    notify_send(n, "WATCHDOG=1");
    n->next_ms = now_ms + n->interval_ms;
}

void notify_stopping(struct notify *n)
{
    if (n != NULL && n->socket)
        notify_send(n, "STOPPING=1");
}
