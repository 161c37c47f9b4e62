/*
 * log: one line per event on standard error, "wegwijs[tag] level: message".
 *
 * Every file defines LOG_TAG before including this header, so a line says which module
 * spoke. Outside input that is refused gets exactly one warning line naming the file and the
 * reason; programmer errors are assert()s, not log lines.
 */
#pragma once

#include <stdarg.h>

/* LOG_LEVEL_NONE drops every line (the fuzz targets: a log line costs more than parsing);
 * LOG_LEVEL_UNSET means "not chosen yet", taken from WEGWIJS_LOG at the first line. */
enum log_level {
    LOG_LEVEL_UNSET = -2,
    LOG_LEVEL_NONE = -1,
    LOG_LEVEL_ERROR,
    LOG_LEVEL_WARN,
    LOG_LEVEL_INFO,
    LOG_LEVEL_DEBUG
};

#ifndef LOG_TAG
#define LOG_TAG "wegwijs"
#endif

void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_vmsg(enum log_level level, const char *tag, const char *fmt, va_list ap);

/* Lines above this level are dropped; default INFO, or WEGWIJS_LOG=debug|info|warn|error. */
void log_set_level(enum log_level level);

#define LOG_ERR(...)  log_msg(LOG_LEVEL_ERROR, LOG_TAG, __VA_ARGS__)
#define LOG_WARN(...) log_msg(LOG_LEVEL_WARN, LOG_TAG, __VA_ARGS__)
#define LOG_INFO(...) log_msg(LOG_LEVEL_INFO, LOG_TAG, __VA_ARGS__)
#define LOG_DBG(...)  log_msg(LOG_LEVEL_DEBUG, LOG_TAG, __VA_ARGS__)
