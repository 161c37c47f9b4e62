/*
 * topics.conf and topics.po through a content root, as a pack installs them: the input is
 * split at the first NUL byte into topics.conf and nl/topics.po.
 */
#include "fuzz.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/content.h"

static const char *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    root = fuzz_workdir("topics");
    char nl[128];
    snprintf(nl, sizeof(nl), "%s/nl", root);
    mkdir(nl, 0700);
    return 0;
}

static void put(const char *rel, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t conf = nul ? (size_t)(nul - data) : size;
    put("topics.conf", data, conf);
    put("nl/topics.po", nul ? nul + 1 : data, nul ? size - conf - 1 : 0);
    struct content *c = content_new();
    if (c != NULL && content_add_root(c, root)) {
        struct content_topic t[64];
        size_t n = content_topics(c, "nl", t, 64);
        struct content_topic one;
        if (n > 0)
            content_topic(c, "nl", t[n - 1].slug, &one);
    }
    content_destroy(c);
    return 0;
}
