/* log: the level threshold; LOG_LEVEL_NONE must silence every line (the fuzz targets rely on
 * it: they once logged every warning because -1 meant "not chosen yet"). */
#include "check.h"

#include <stdio.h>
#include <unistd.h>

#include "core/log.h"

/* Bytes a log line at level writes to stderr under threshold. */
static long logged_bytes(enum log_level threshold, enum log_level level)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    if (tmp == NULL || saved < 0)
        return -1;
    dup2(fileno(tmp), 2);
    log_set_level(threshold);
    log_msg(level, "test", "a line at level %d", (int)level);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long n = fseek(tmp, 0, SEEK_END) == 0 ? ftell(tmp) : -1;
    fclose(tmp);
    return n;
}

static void test_none_is_silent(void)
{
    CHECK_INT_EQ(logged_bytes(LOG_LEVEL_NONE, LOG_LEVEL_ERROR), 0);
    CHECK_INT_EQ(logged_bytes(LOG_LEVEL_NONE, LOG_LEVEL_WARN), 0);
}

static void test_threshold(void)
{
    CHECK(logged_bytes(LOG_LEVEL_ERROR, LOG_LEVEL_ERROR) > 0);
    CHECK_INT_EQ(logged_bytes(LOG_LEVEL_ERROR, LOG_LEVEL_WARN), 0);
    CHECK(logged_bytes(LOG_LEVEL_INFO, LOG_LEVEL_WARN) > 0);
    CHECK_INT_EQ(logged_bytes(LOG_LEVEL_INFO, LOG_LEVEL_DEBUG), 0);
}

static const struct check_case cases[] = {
    {"log_none_is_silent", test_none_is_silent},
    {"log_threshold", test_threshold},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
