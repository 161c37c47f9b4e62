/* PO files: every pack's texts (kiosk.po, topics.po) come from translators and packs. */
#include "fuzz.h"

#include "content/content.h"
#include "content/po.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

static bool entry(void *ctx, const struct po_entry *e)
{
    char lang[64], state[64], date[32];
    size_t *n = ctx;
    (*n)++;
    if (e->msgid != NULL && e->msgid[0] == '\0' && e->msgstr != NULL) {
        po_header_field(e->msgstr, "Language", lang, sizeof(lang));
        /* The review state a translator sets in the header (content.c reads it so). */
        enum content_review review;
        if (po_header_field(e->msgstr, "X-Review-State", state, sizeof(state)))
            content_review_parse(state, &review);
        po_header_field(e->msgstr, "X-Review-Date", date, sizeof(date));
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    po_parse("fuzz.po", (const char *)data, size, entry, &n);
    return 0;
}
