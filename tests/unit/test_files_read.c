/* files_read_all, the one whole-file reader of the config, PO, WebVTT and signature readers: the
 * whole file with a NUL after it, and each refusal with its own errno (missing, too large, not a
 * regular file: a FIFO must not block the reader). */
#include "check.h"
#include "core/files.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;

static const char *path_in(const char *name)
{
    static char p[128];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return p;
}

static void write_bytes(const char *name, size_t n)
{
    FILE *f = fopen(path_in(name), "wb");
    for (size_t i = 0; f != NULL && i < n; i++)
        fputc('a' + (int)(i % 26), f);
    if (f != NULL)
        fclose(f);
}

static void test_whole_file(void)
{
    size_t len = 1;
    write_bytes("empty", 0);
    char *buf = files_read_all(path_in("empty"), 100, &len);
    CHECK(buf != NULL && len == 0 && buf[0] == '\0');
    free(buf);
    write_bytes("big", 100000); /* several chunks */
    buf = files_read_all(path_in("big"), 100000, &len);
    CHECK(buf != NULL && len == 100000 && buf[99999] == 'a' + 99999 % 26 && buf[100000] == '\0');
    free(buf);
}

static void test_refusals(void)
{
    size_t len = 0;
    write_bytes("ten", 10);
    errno = 0;
    CHECK(files_read_all(path_in("ten"), 9, &len) == NULL && errno == EFBIG);
    char *buf = files_read_all(path_in("ten"), 10, &len);
    CHECK(buf != NULL && len == 10);
    free(buf);
    CHECK(files_read_all(path_in("none"), 10, &len) == NULL && errno == ENOENT);
    CHECK(mkfifo(path_in("fifo"), 0600) == 0);
    CHECK(files_read_all(path_in("fifo"), 10, &len) == NULL && errno == EINVAL);
    CHECK(files_read_all(dir, 10, &len) == NULL && errno == EINVAL);
}

static const struct check_case cases[] = {
    {"files_read_whole_file", test_whole_file},
    {"files_read_refusals", test_refusals},
};

int main(int argc, char **argv)
{
    dir = check_temp_dir("test_files_read");
    int rc = CHECK_MAIN(cases, argc, argv);
    check_remove_dir(dir);
    return rc;
}
