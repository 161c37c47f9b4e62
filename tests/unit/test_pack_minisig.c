/*
 * minisig: the minisign file formats. Malformed keys and signatures are refused with a
 * reason; keys and signatures made here work with the real `minisign` tool and the reverse,
 * including a password-protected secret key (scrypt at the minimum limits, to stay fast).
 */
#include "check.h"
#include "test_pack_util.h"

#include <sys/wait.h>

static char dir[64];
static char packtool[4200]; /* build/packtool, found beside build/tests/ */

struct parse_case {
    const char *text;
    const char *expect; /* substring of the reason; NULL = must parse */
};

/* Ed + keynum 8 + pk 32 = 42 bytes. */
static const char PUB_OK[] = "untrusted comment: minisign public key 1\n"
                             "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n";

static const struct parse_case pub_cases[] = {
    {PUB_OK, NULL},
    {"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n", "untrusted comment"},
    {"untrusted comment: x\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7\n",
     "not a minisign public key"},
    {"untrusted comment: x\n!!!!\n", "not a minisign public key"},
    {"untrusted comment: x\n", "not a minisign public key"},
    {"", "untrusted comment"},
    /* "Xd" instead of "Ed" */
    {"untrusted comment: x\nWGQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n",
     "unsupported algorithm"},
};

static void test_pubkey_parse(void)
{
    for (size_t i = 0; i < sizeof(pub_cases) / sizeof(pub_cases[0]); i++) {
        struct minisig_pubkey k;
        const char *why = NULL;
        int rc = minisig_pubkey_parse(pub_cases[i].text, strlen(pub_cases[i].text), &k, &why);
        if (pub_cases[i].expect == NULL) {
            CHECK_INT_EQ(rc, 0);
        } else {
            CHECK_INT_EQ(rc, -1);
            CHECK(strstr(why, pub_cases[i].expect) != NULL);
        }
    }
}

static const char SIG_OK[] =
    "untrusted comment: signature from minisign secret key\n"
    "RURn1M5/JQyUP9rc3bvenkvlBBxtb+4RTDc6E+iMoPXKR0Lw+r0/2GBXhF3f6n0i8c3r5ZK5gmFf48GsQUyz/"
    "his+ayonbQ4OQw=\n"
    "trusted comment: id=fr version=3\n"
    "TFz/NFjQ1cQIBFyu5KvB+uK4vf/bgHbYFc9kUZg9kOJYoDinqg5AduGw/3RhRmLv2V4e/RoTJSruFYw+d1KzBA==\n";

static void test_sig_parse(void)
{
    struct minisig_sig sig;
    const char *why = NULL;
    CHECK_INT_EQ(minisig_sig_parse(SIG_OK, strlen(SIG_OK), &sig, &why), 0);
    CHECK(sig.prehashed);
    CHECK(strcmp(sig.trusted, "id=fr version=3") == 0);
    /* Each line in turn damaged or missing. */
    const struct {
        int line;
        const char *replacement;
        const char *expect;
    } cases[] = {
        {0, "hello", "untrusted comment"},
        {1, "RURn1M5/JQyU", "not a minisign signature"},
        {2, "trusted: x", "trusted comment"},
        {2, "trusted comment: a\001b", "not printable"},
        {3, "", "no signature over the trusted comment"},
        {3, NULL, "no signature over the trusted comment"},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        char text[1024] = "";
        char copy[1024];
        snprintf(copy, sizeof(copy), "%s", SIG_OK);
        int line = 0;
        for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n"), line++) {
            const char *use = line == cases[c].line ? cases[c].replacement : l;
            if (use == NULL)
                continue;
            strcat(text, use);
            strcat(text, "\n");
        }
        CHECK_INT_EQ(minisig_sig_parse(text, strlen(text), &sig, &why), -1);
        CHECK(strstr(why, cases[c].expect) != NULL);
    }
}

static int sh(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool pw_ok(void *ud, char *buf, size_t size)
{
    snprintf(buf, size, "%s", (const char *)ud);
    return true;
}

/* Our encrypted key, opened by us and by minisign; our signatures checked by minisign. */
static void test_interop_encrypted_key(void)
{
    char cmd[1024];
    const unsigned long long ops = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN;
    const size_t mem = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN;
    CHECK_INT_EQ(
        minisig_keypair_write(tp_path(dir, "enc.pub"), tp_path(dir, "enc.key"), "sesame", ops, mem),
        0);
    struct minisig_seckey k;
    const char *why = NULL;
    CHECK_INT_EQ(minisig_seckey_load(tp_path(dir, "enc.key"), pw_ok, "wrong", &k, &why), -1);
    CHECK(strstr(why, "wrong password") != NULL);
    CHECK_INT_EQ(minisig_seckey_load(tp_path(dir, "enc.key"), NULL, NULL, &k, &why), -1);
    CHECK_INT_EQ(minisig_seckey_load(tp_path(dir, "enc.key"), pw_ok, "sesame", &k, &why), 0);

    /* minisign signs with our encrypted key; we verify. */
    tp_write_file(tp_path(dir, "msg"), "hello kiosk\n", 12);
    snprintf(cmd, sizeof(cmd),
             "echo sesame | minisign -S -s %s/enc.key -m %s/msg -t 'id=x version=1' "
             ">/dev/null 2>&1",
             dir, dir);
    CHECK_INT_EQ(sh(cmd), 0);
    struct minisig_sig sig;
    struct minisig_pubkey pub;
    uint8_t hash[64];
    CHECK_INT_EQ(minisig_sig_load(tp_path(dir, "msg.minisig"), &sig, &why), 0);
    CHECK_INT_EQ(minisig_pubkey_load(tp_path(dir, "enc.pub"), &pub, &why), 0);
    CHECK_INT_EQ(minisig_prehash_file(tp_path(dir, "msg"), hash), 0);
    CHECK_INT_EQ(minisig_verify(&sig, &pub, hash, 64, &why), 0);
    CHECK(strcmp(sig.trusted, "id=x version=1") == 0);
    hash[0] ^= 1;
    CHECK_INT_EQ(minisig_verify(&sig, &pub, hash, 64, &why), -1);

    /* We sign; minisign verifies, and refuses once the file changes. */
    hash[0] ^= 1;
    CHECK_INT_EQ(minisig_sign_write(&k, hash, "id=y version=2", tp_path(dir, "msg.minisig")), 0);
    snprintf(cmd, sizeof(cmd), "minisign -Vm %s/msg -p %s/enc.pub >/dev/null 2>&1", dir, dir);
    CHECK_INT_EQ(sh(cmd), 0);
    tp_write_file(tp_path(dir, "msg"), "hello kiosk!\n", 13);
    CHECK(sh(cmd) != 0);
}

/* Legacy "Ed" signatures (minisign -l) cover the file itself. */
static void test_legacy_signature(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "cd %s && minisign -G -W -p leg.pub -s leg.key >/dev/null 2>&1 && "
             "minisign -S -l -s leg.key -m msg -t 'id=z version=3' >/dev/null 2>&1",
             dir);
    CHECK_INT_EQ(sh(cmd), 0);
    struct minisig_sig sig;
    struct minisig_pubkey pub;
    const char *why = NULL;
    size_t len;
    CHECK_INT_EQ(minisig_sig_load(tp_path(dir, "msg.minisig"), &sig, &why), 0);
    CHECK(!sig.prehashed);
    CHECK_INT_EQ(minisig_pubkey_load(tp_path(dir, "leg.pub"), &pub, &why), 0);
    char *msg = tp_read_file(tp_path(dir, "msg"), &len);
    CHECK(msg != NULL);
    CHECK_INT_EQ(minisig_verify(&sig, &pub, (const uint8_t *)msg, len, &why), 0);
    msg[0] ^= 1;
    CHECK_INT_EQ(minisig_verify(&sig, &pub, (const uint8_t *)msg, len, &why), -1);
    free(msg);
    /* And an unencrypted minisign key (-W) signs through our code. */
    struct minisig_seckey k;
    CHECK_INT_EQ(minisig_seckey_load(tp_path(dir, "leg.key"), NULL, NULL, &k, &why), 0);
    CHECK(memcmp(k.keynum, pub.keynum, 8) == 0);
}

/* packtool create --sign with an encrypted key asks for the password (here on stdin). */
static void test_packtool_asks_password(void)
{
    char cmd[8192];
    if (minisig_keypair_write(tp_path(dir, "pt.pub"), tp_path(dir, "pt.key"), "open sesame",
                              crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN,
                              crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN) != 0) {
        CHECK(!"cannot write the key");
    }
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/src/fr && echo x > %s/src/fr/kiosk.po", dir, dir);
    CHECK_INT_EQ(sh(cmd), 0);
    snprintf(cmd, sizeof(cmd),
             "echo 'wrong' | %s create %s/src/fr -o %s/fr.pack --version 1 --sign %s/pt.key "
             ">/dev/null 2>&1",
             packtool, dir, dir, dir);
    CHECK(sh(cmd) != 0);
    snprintf(cmd, sizeof(cmd),
             "echo 'open sesame' | %s create %s/src/fr -o %s/fr.pack --version 1 --sign "
             "%s/pt.key >/dev/null 2>&1 && minisign -Vm %s/fr.pack -p %s/pt.pub >/dev/null",
             packtool, dir, dir, dir, dir, dir);
    CHECK_INT_EQ(sh(cmd), 0);
}

static const struct check_case cases[] = {
    {"pubkey_parse", test_pubkey_parse},
    {"sig_parse", test_sig_parse},
    {"interop_encrypted_key", test_interop_encrypted_key},
    {"legacy_signature", test_legacy_signature},
    {"packtool_asks_password", test_packtool_asks_password},
};

int main(int argc, char **argv)
{
    snprintf(packtool, sizeof(packtool), "%s", argv[0]);
    char *slash = strrchr(packtool, '/');
    snprintf(slash ? slash + 1 : packtool,
             sizeof(packtool) - (size_t)(slash ? slash + 1 - packtool : 0), "../packtool");
    snprintf(dir, sizeof(dir), "/tmp/test_pack_minisig_XXXXXX");
    if (mkdtemp(dir) == NULL || sodium_init() < 0) {
        printf("FAIL setup: no temporary folder\n");
        return 1;
    }
    int rc = CHECK_MAIN(cases, argc, argv);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
