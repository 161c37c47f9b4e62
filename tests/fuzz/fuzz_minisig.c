/*
 * minisign public keys and signatures (a pack's .minisig, the keys in the keys folder).
 * The first input byte picks the reader; a parsed signature is also verified against a
 * parsed key over the rest of the input.
 */
#include "fuzz.h"

#include <sodium.h>

#include "pack/minisig.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    if (sodium_init() < 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *why;
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    struct minisig_pubkey key;
    struct minisig_sig sig;
    if (data[0] & 1) {
        minisig_pubkey_parse(text, len, &key, &why);
    } else if (minisig_sig_parse(text, len, &sig, &why) == 0) {
        memset(&key, 0, sizeof(key));
        memcpy(key.keynum, sig.keynum, sizeof(key.keynum));
        minisig_verify(&sig, &key, data, size, &why);
    }
    return 0;
}
