/*
 * Every refusal of pack_install, each with a pack crafted here through libarchive's write API
 * and signed with a test key; after each one the installed version must be exactly as before
 * and the staging folder empty. Then bit flips and truncations at several offsets.
 */
#include "check.h"
#include "test_pack_util.h"

#include <sys/stat.h>

struct ctx {
    char dir[64];
    char keys[128], good_key[128], other_key[128], state[128], pack[128];
    struct pack_store *store;
    uint8_t installed[32];
    char root[4096];
};

static struct ctx T;

static const char KIOSK_PO[] = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n";
#define VIDEO_LEN 20000
static char video[VIDEO_LEN];

static void manifest_good(struct tp_manifest *m, uint64_t v)
{
    tp_mf_begin(m, "fr", v);
    tp_mf_file(m, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO), strlen(KIOSK_PO));
    tp_mf_file(m, "fr/videos/intro.mp4", video, VIDEO_LEN, VIDEO_LEN);
}

static void members_good(struct archive *a)
{
    tp_tar_file(a, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO));
    tp_tar_file(a, "fr/videos/intro.mp4", video, VIDEO_LEN);
}

static void write_pack(const char *p, struct tp_manifest *m, void (*members)(struct archive *),
                       const char *compress)
{
    struct archive *a = tp_tar_open(p, compress);
    tp_tar_file(a, MANIFEST_NAME, m->text, m->len);
    if (members)
        members(a);
    tp_tar_close(a);
}

static void build_good(const char *p, uint64_t v)
{
    struct tp_manifest m;
    manifest_good(&m, v);
    tp_mf_end(&m);
    write_pack(p, &m, members_good, NULL);
}

static void sign_good(const char *p)
{
    tp_sign(p, T.good_key, "id=fr version=2");
}

/* ---- crafted packs: each writes T.pack (+ signature) ------------------------------------ */

static void c_unsigned(void)
{
    build_good(T.pack, 2);
}

static void flip_byte(const char *p, long off)
{
    size_t len = 0;
    char *d = tp_read_file(p, &len);
    if (off < 0)
        off += (long)len;
    d[off] ^= 0x01; /* the low bit: a digit stays a digit but changes its value */
    tp_write_file(p, d, len);
    free(d);
}

static void truncate_to(const char *p, long len)
{
    if (truncate(p, len) != 0)
        perror("truncate");
}

static void c_bitflip_after_signing(void)
{
    build_good(T.pack, 2);
    sign_good(T.pack);
    flip_byte(T.pack, 2000);
}

static void c_untrusted(void)
{
    build_good(T.pack, 2);
    tp_sign(T.pack, T.other_key, "id=fr version=2");
}

static void c_garbage_sig(void)
{
    build_good(T.pack, 2);
    tp_write_file(tp_path(T.dir, "case.pack.minisig"), "hello\n", 6);
}

static void c_tc_version(void)
{
    build_good(T.pack, 2);
    tp_sign(T.pack, T.good_key, "id=fr version=9");
}

static void c_tc_id(void)
{
    build_good(T.pack, 2);
    tp_sign(T.pack, T.good_key, "id=de version=2");
}

static void c_tc_default(void)
{
    build_good(T.pack, 2);
    tp_sign(T.pack, T.good_key, "timestamp:1763900000\tfile:case.pack\thashed");
}

static void c_tc_altered(void)
{
    build_good(T.pack, 2);
    tp_sign(T.pack, T.good_key, "id=fr version=1");
    size_t len = 0;
    char *sig = tp_read_file(tp_path(T.dir, "case.pack.minisig"), &len);
    char *p = strstr(sig, "version=1");
    p[8] = '2';
    tp_write_file(tp_path(T.dir, "case.pack.minisig"), sig, len);
    free(sig);
}

static void c_hash(void)
{
    struct tp_manifest m;
    char other[sizeof(KIOSK_PO)];
    memcpy(other, KIOSK_PO, sizeof(other));
    other[0] = 'X';
    tp_mf_begin(&m, "fr", 2);
    tp_mf_file(&m, "fr/kiosk.po", other, strlen(other), strlen(other));
    tp_mf_file(&m, "fr/videos/intro.mp4", video, VIDEO_LEN, VIDEO_LEN);
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_size_short(void)
{
    struct tp_manifest m;
    tp_mf_begin(&m, "fr", 2);
    tp_mf_file(&m, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO), strlen(KIOSK_PO) + 5);
    tp_mf_file(&m, "fr/videos/intro.mp4", video, VIDEO_LEN, VIDEO_LEN);
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_size_above(void)
{
    struct tp_manifest m;
    tp_mf_begin(&m, "fr", 2);
    tp_mf_file(&m, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO), strlen(KIOSK_PO));
    tp_mf_file(&m, "fr/videos/intro.mp4", video, VIDEO_LEN, VIDEO_LEN - 100);
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_truncated(void)
{
    build_good(T.pack, 2);
    truncate_to(T.pack, 512 * 4 + 100);
    sign_good(T.pack);
}

static void c_random(void)
{
    char buf[8192];
    randombytes_buf(buf, sizeof(buf));
    tp_write_file(T.pack, buf, sizeof(buf));
    sign_good(T.pack);
}

static void c_empty(void)
{
    tp_write_file(T.pack, "", 0);
    sign_good(T.pack);
}

static void with_extra(void (*extra)(struct archive *))
{
    struct tp_manifest m;
    manifest_good(&m, 2);
    tp_mf_end(&m);
    struct archive *a = tp_tar_open(T.pack, NULL);
    tp_tar_file(a, MANIFEST_NAME, m.text, m.len);
    tp_tar_file(a, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO));
    extra(a);
    tp_tar_file(a, "fr/videos/intro.mp4", video, VIDEO_LEN);
    tp_tar_close(a);
    sign_good(T.pack);
}

static void x_dotdot(struct archive *a)
{
    tp_tar_file(a, "fr/../../evil.po", "x", 1);
}
static void x_absolute(struct archive *a)
{
    tp_tar_file(a, "/tmp/evil.po", "x", 1);
}
static void x_symlink(struct archive *a)
{
    tp_tar_member(a, "fr/link.po", AE_IFLNK, NULL, 0, "/etc/passwd");
}
static void x_hardlink(struct archive *a)
{
    tp_tar_member(a, "fr/hard.po", AE_IFREG, NULL, 0, "fr/kiosk.po");
}
static void x_device(struct archive *a)
{
    tp_tar_member(a, "fr/null", AE_IFCHR, NULL, 0, NULL);
}
static void x_fifo(struct archive *a)
{
    tp_tar_member(a, "fr/fifo", AE_IFIFO, NULL, 0, NULL);
}
static void x_duplicate(struct archive *a)
{
    tp_tar_file(a, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO));
}
static void x_unlisted(struct archive *a)
{
    tp_tar_file(a, "fr/extra.po", "x", 1);
}
static void x_folder(struct archive *a)
{
    tp_tar_member(a, "de/", AE_IFDIR, NULL, 0, NULL);
}
static void c_dotdot(void)
{
    with_extra(x_dotdot);
}
static void c_absolute(void)
{
    with_extra(x_absolute);
}
static void c_symlink(void)
{
    with_extra(x_symlink);
}
static void c_hardlink(void)
{
    with_extra(x_hardlink);
}
static void c_device(void)
{
    with_extra(x_device);
}
static void c_fifo(void)
{
    with_extra(x_fifo);
}
static void c_duplicate(void)
{
    with_extra(x_duplicate);
}
static void c_unlisted(void)
{
    with_extra(x_unlisted);
}
static void c_folder(void)
{
    with_extra(x_folder);
}

static void c_missing_member(void)
{
    struct tp_manifest m;
    manifest_good(&m, 2);
    tp_mf_file(&m, "fr/videos/later.mp4", "abc", 3, 3);
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_manifest_not_first(void)
{
    struct tp_manifest m;
    manifest_good(&m, 2);
    tp_mf_end(&m);
    struct archive *a = tp_tar_open(T.pack, NULL);
    members_good(a);
    tp_tar_file(a, MANIFEST_NAME, m.text, m.len);
    tp_tar_close(a);
    sign_good(T.pack);
}

static void c_manifest_garbage(void)
{
    struct tp_manifest m;
    m.len = (size_t)snprintf(m.text, sizeof(m.text), "hello world\n");
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_manifest_unsorted(void)
{
    struct tp_manifest m;
    tp_mf_begin(&m, "fr", 2);
    tp_mf_file(&m, "fr/videos/intro.mp4", video, VIDEO_LEN, VIDEO_LEN);
    tp_mf_file(&m, "fr/kiosk.po", KIOSK_PO, strlen(KIOSK_PO), strlen(KIOSK_PO));
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_manifest_no_end(void)
{
    struct tp_manifest m;
    manifest_good(&m, 2);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_manifest_unsafe_path(void)
{
    struct tp_manifest m;
    manifest_good(&m, 2);
    tp_mf_file(&m, "fr/x/../../../etc/passwd", "x", 1, 1);
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_undeclared_language(void)
{
    struct tp_manifest m;
    manifest_good(&m, 2);
    tp_mf_file(&m, "tr/kiosk.po", "x", 1, 1);
    tp_mf_end(&m);
    write_pack(T.pack, &m, members_good, NULL);
    sign_good(T.pack);
}

static void c_good_v2(void)
{
    build_good(T.pack, 2);
    sign_good(T.pack);
}

struct refusal {
    const char *name;
    void (*build)(void);
    const char *expect;
    uint64_t fake_free; /* 0: the real free space */
};

static const struct refusal refusals[] = {
    {"missing_signature", c_unsigned, "signature missing", 0},
    {"bit_flip_after_signing", c_bitflip_after_signing, "signature does not match", 0},
    {"untrusted_key", c_untrusted, "not in the keys folder", 0},
    {"garbage_signature", c_garbage_sig, "signature:", 0},
    {"trusted_comment_version", c_tc_version, "trusted comment says id=fr version=9", 0},
    {"trusted_comment_id", c_tc_id, "trusted comment says id=de", 0},
    {"trusted_comment_default", c_tc_default, "has no id=", 0},
    {"trusted_comment_altered", c_tc_altered, "trusted comment was altered", 0},
    {"hash_mismatch", c_hash, "SHA-256 mismatch: fr/kiosk.po", 0},
    {"size_mismatch", c_size_short, "size mismatch: fr/kiosk.po", 0},
    {"unpacked_above_manifest", c_size_above, "unpacked size above the manifest", 0},
    {"truncated", c_truncated, "truncated or corrupt", 0},
    {"random_data", c_random, "not a pack", 0},
    {"zero_bytes", c_empty, "empty file (0 bytes)", 0},
    {"dotdot_path", c_dotdot, "path with .. fr/../../evil.po", 0},
    {"absolute_path", c_absolute, "absolute path /tmp/evil.po", 0},
    {"symlink", c_symlink, "symbolic link fr/link.po", 0},
    {"hard_link", c_hardlink, "hard link fr/hard.po", 0},
    {"device_file", c_device, "device file fr/null", 0},
    {"fifo", c_fifo, "fr/fifo is not a regular file or folder", 0},
    {"duplicate_entry", c_duplicate, "duplicate entry fr/kiosk.po", 0},
    {"file_not_in_manifest", c_unlisted, "file not in the manifest: fr/extra.po", 0},
    {"folder_not_in_manifest", c_folder, "folder not in the manifest: de", 0},
    {"file_missing_from_pack", c_missing_member, "missing from the pack: fr/videos/later.mp4", 0},
    {"manifest_not_first", c_manifest_not_first, "first member is not MANIFEST", 0},
    {"manifest_garbage", c_manifest_garbage, "manifest line 1", 0},
    {"manifest_unsorted", c_manifest_unsorted, "not sorted", 0},
    {"manifest_cut_off", c_manifest_no_end, "no \"end\" line", 0},
    {"manifest_unsafe_path", c_manifest_unsafe_path, "unsafe path", 0},
    {"manifest_undeclared_language", c_undeclared_language, "tr/kiosk.po is not in a listed", 0},
    /* The copy needs the pack's size plus 1 MiB; unpacking needs the content plus 1 MiB. */
    {"no_space_for_copy", c_good_v2, "not enough free space to copy", 100000},
    {"would_fill_disk", c_good_v2, "would fill the disk", (1u << 20) + 10000},
};

/* ---- the harness ----------------------------------------------------------------------- */

static bool setup(void)
{
    snprintf(T.dir, sizeof(T.dir), "/tmp/test_pack_refuse_XXXXXX");
    if (mkdtemp(T.dir) == NULL || sodium_init() < 0)
        return false;
    snprintf(T.keys, sizeof(T.keys), "%s/keys", T.dir);
    snprintf(T.good_key, sizeof(T.good_key), "%s/good.key", T.dir);
    snprintf(T.other_key, sizeof(T.other_key), "%s/other.key", T.dir);
    snprintf(T.state, sizeof(T.state), "%s/state", T.dir);
    snprintf(T.pack, sizeof(T.pack), "%s/case.pack", T.dir);
    mkdir(T.keys, 0755);
    randombytes_buf(video, sizeof(video));
    if (minisig_keypair_write(tp_path(T.keys, "good.pub"), T.good_key, NULL, 0, 0) != 0 ||
        minisig_keypair_write(tp_path(T.dir, "other.pub"), T.other_key, NULL, 0, 0) != 0)
        return false;
    T.store = pack_store_new(T.state, T.keys);
    if (T.store == NULL)
        return false;
    build_good(T.pack, 1);
    tp_sign(T.pack, T.good_key, "id=fr version=1");
    if (pack_install(T.store, T.pack, 0, NULL, NULL) != PACK_INSTALLED)
        return false;
    struct pack_info *v;
    size_t n;
    if (pack_list(T.store, &v, &n) != 0 || n != 1)
        return false;
    snprintf(T.root, sizeof(T.root), "%s", v[0].root);
    free(v);
    tp_tree_hash(tp_path(T.state, "packs"), T.installed);
    return true;
}

/* Returns NULL when the refusal behaved, else what went wrong. */
static const char *check_refusal(const struct refusal *r, char *msg, size_t size)
{
    unlink(T.pack);
    unlink(tp_path(T.dir, "case.pack.minisig"));
    r->build();
    struct pack_store *s = T.store;
    if (r->fake_free) {
        char v[32];
        struct stat st;
        stat(T.pack, &st);
        snprintf(v, sizeof(v), "%llu", (unsigned long long)(st.st_size + r->fake_free));
        setenv("WEGWIJS_PACK_FREE_BYTES", v, 1);
        s = pack_store_new(T.state, T.keys);
        unsetenv("WEGWIJS_PACK_FREE_BYTES");
    }
    int rc = pack_install(s, T.pack, 0, NULL, NULL);
    snprintf(msg, size, "%s", pack_store_error(s));
    if (s != T.store)
        pack_store_destroy(s);
    if (rc != PACK_REFUSED)
        return "was not refused";
    if (r->expect && strstr(msg, r->expect) == NULL)
        return "refused for another reason";
    uint8_t now[32];
    tp_tree_hash(tp_path(T.state, "packs"), now);
    if (memcmp(now, T.installed, 32) != 0)
        return "installed content changed";
    if (tp_count_entries(tp_path(T.state, "packs/.staging")) != 0)
        return "staging not empty";
    return NULL;
}

static int run_refusals(const char *only)
{
    int failed = 0;
    char msg[600];
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        if (only && strcmp(only, refusals[i].name) != 0)
            continue;
        const char *bad = check_refusal(&refusals[i], msg, sizeof(msg));
        if (bad) {
            printf("FAIL refuse_%s: %s (error: \"%s\", expected \"%s\")\n", refusals[i].name, bad,
                   msg, refusals[i].expect);
            failed++;
        } else {
            printf("PASS refuse_%s\n", refusals[i].name);
        }
        fflush(stdout);
    }
    return failed;
}

/*
 * Bit flips and cuts: with the original signature, and re-signed (so the tar and hash checks
 * act). The offsets hit what carries meaning (names, checksums, type, size, manifest, data);
 * tar also has bytes that mean nothing (padding, mode digits we ignore), where a re-signed
 * flip is rightly accepted.
 */
static void test_flips_and_cuts(void)
{
    build_good(T.pack, 2);
    sign_good(T.pack);
    size_t len = 0;
    char *orig = tp_read_file(T.pack, &len);
    char *orig_sig = tp_read_file(tp_path(T.dir, "case.pack.minisig"), &(size_t){0});
    CHECK(orig != NULL && orig_sig != NULL);
    struct tp_manifest m;
    manifest_good(&m, 2);
    tp_mf_end(&m);
    long mdata = 512, a_hdr = 512 + (long)((m.len + 511) / 512 * 512);
    long a_data = a_hdr + 512, b_hdr = a_data + 512, b_data = b_hdr + 512;
    long content_end = b_data + VIDEO_LEN;
    const long flips[] = {0,
                          148,
                          156,
                          mdata + 20,
                          mdata + 70,
                          a_hdr + 5,
                          a_data + 3,
                          b_hdr + 129,
                          b_data + 10,
                          b_data + VIDEO_LEN / 2,
                          content_end - 1};
    const long cuts[] = {1, 511, 512, mdata + 30, a_hdr + 200, b_data + 1000, content_end - 1};
    char msg[600];
    struct refusal r = {"flip", NULL, NULL, 0};
    for (int resign = 0; resign < 2; resign++) {
        for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]) + sizeof(cuts) / sizeof(cuts[0]);
             i++) {
            tp_write_file(T.pack, orig, len);
            tp_write_file(tp_path(T.dir, "case.pack.minisig"), orig_sig, strlen(orig_sig));
            bool flip = i < sizeof(flips) / sizeof(flips[0]);
            long off = flip ? flips[i] : cuts[i - sizeof(flips) / sizeof(flips[0])];
            if (flip)
                flip_byte(T.pack, off);
            else
                truncate_to(T.pack, off);
            if (resign)
                sign_good(T.pack);
            /* check_refusal rebuilds; run its checks on what is there instead. */
            int rc = pack_install(T.store, T.pack, 0, NULL, NULL);
            snprintf(msg, sizeof(msg), "%s", pack_store_error(T.store));
            if (rc != PACK_REFUSED) {
                printf("    %s at %ld (%s) was installed\n", flip ? "flip" : "cut", off,
                       resign ? "re-signed" : "original signature");
                CHECK(rc == PACK_REFUSED);
            }
            if (!resign)
                CHECK(strstr(msg, "signature does not match") != NULL);
            uint8_t now[32];
            tp_tree_hash(tp_path(T.state, "packs"), now);
            CHECK(memcmp(now, T.installed, 32) == 0);
            CHECK_INT_EQ(tp_count_entries(tp_path(T.state, "packs/.staging")), 0);
        }
    }
    (void)r;
    free(orig);
    free(orig_sig);
}

static const struct check_case cases[] = {
    {"flips_and_cuts", test_flips_and_cuts},
};

int main(int argc, char **argv)
{
    if (!setup()) {
        printf("FAIL setup: cannot make the test store in %s\n", T.dir);
        return 1;
    }
    int failed = run_refusals(argc > 1 ? argv[1] : NULL);
    if (argc <= 1)
        failed += CHECK_MAIN(cases, argc, argv);
    pack_store_destroy(T.store);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", T.dir);
    if (system(cmd) != 0)
        failed++;
    return failed ? 1 : 0;
}
