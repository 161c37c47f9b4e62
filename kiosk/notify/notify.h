/*
 * notify: tells systemd how the kiosk is doing (sd_notify from libsystemd), so a hung kiosk
 * is killed and started again.
 *
 * READY=1 once the first frame is on screen (the unit is Type=notify), WATCHDOG=1 from the
 * main loop at half of WATCHDOG_USEC (WatchdogSec=), STOPPING=1 on the way out. The pings come
 * from the main loop itself, never from a thread, so a loop that is stuck stops pinging.
 *
 * Under cage the kiosk is not the service's main process: systemd sets WATCHDOG_PID to cage,
 * the kiosk's parent. The watchdog is taken on when WATCHDOG_PID is the kiosk or its parent
 * (the unit says NotifyAccess=all, so systemd accepts the child's messages). Without
 * NOTIFY_SOCKET (a terminal, the tests) nothing is sent.
 */
#pragma once

#include <stdint.h>

struct notify;

/* Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID. NULL only when out of memory. */
struct notify *notify_new(void);
void notify_destroy(struct notify *n);

/* The first frame is on screen: READY=1 (once). */
void notify_ready(struct notify *n);
/* When the main loop must run next for a ping (same clock as now_ms), or -1 for never. */
int64_t notify_deadline(const struct notify *n);
/* Called every main-loop turn with a real monotonic clock in ms: WATCHDOG=1 when due. */
void notify_tick(struct notify *n, int64_t now_ms);
/* The kiosk is shutting down: STOPPING=1. */
void notify_stopping(struct notify *n);
