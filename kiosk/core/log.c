#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Logging is process-wide by nature (one stderr); this is the one static besides constants. */
static int log_threshold = LOG_LEVEL_UNSET;

static int log_threshold_from_env(void)
{
    const char *v = getenv("WEGWIJS_LOG");
    if (v == NULL)
        return LOG_LEVEL_INFO;
    if (strcmp(v, "debug") == 0)
        return LOG_LEVEL_DEBUG;
    if (strcmp(v, "warn") == 0)
        return LOG_LEVEL_WARN;
    if (strcmp(v, "error") == 0)
        return LOG_LEVEL_ERROR;
    return LOG_LEVEL_INFO;
}

void log_set_level(enum log_level level)
{
    log_threshold = (int)level;
}

void log_vmsg(enum log_level level, const char *tag, const char *fmt, va_list ap)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    if (log_threshold == LOG_LEVEL_UNSET)
        log_threshold = log_threshold_from_env();
    if ((int)level > log_threshold)
        return;
    /* One fprintf per line so lines from VLC threads do not interleave mid-line. */
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    fprintf(stderr, "wegwijs[%s] %s: %s\n", tag, names[level], buf);
}

void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, tag, fmt, ap);
    va_end(ap);
}
