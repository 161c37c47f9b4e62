#define LOG_TAG "minisig"
#include "core/log.h"

#include "pack/minisig.h"

#include "core/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MINISIG_FILE_MAX 16384
#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX   "trusted comment: "

/* Key and signature files are tiny; anything larger is not one. */
static char *read_small_file(const char *path, size_t *len, const char **why)
{
    char *buf = files_read_all(path, MINISIG_FILE_MAX, len);
    if (buf == NULL)
        *why = errno == ENOENT                     ? "file missing"
               : errno == EINVAL || errno == EFBIG ? "not a small regular file"
               : errno == ENOMEM                   ? "out of memory"
               : errno == EIO                      ? "read error"
                                                   : "cannot be opened";
    return buf;
}

/* Cuts the next line (without CR/LF) out of text; returns false at the end. */
static bool next_line(const char **pos, const char *end, const char **line, size_t *len)
{
    const char *p = *pos;
    if (p >= end)
        return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    *line = p;
    *len = (size_t)(e - p);
    if (*len > 0 && p[*len - 1] == '\r')
        (*len)--;
    *pos = nl ? nl + 1 : end;
    return true;
}

static bool decode_b64(const char *s, size_t len, uint8_t *out, size_t out_len)
{
    size_t got = 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (sodium_base642bin(out, out_len, s, len, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) !=
        0)
        return false;
    return got == out_len;
}

static bool starts_with(const char *line, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(line, prefix, n) == 0;
}

int minisig_pubkey_parse(const char *text, size_t len, struct minisig_pubkey *out, const char **why)
{
    const char *pos = text, *end = text + len, *line;
    size_t n;
    uint8_t raw[2 + MINISIG_KEYNUM_BYTES + crypto_sign_PUBLICKEYBYTES];
    if (!next_line(&pos, end, &line, &n) || !starts_with(line, n, UNTRUSTED_PREFIX)) {
        *why = "public key: no \"untrusted comment:\" line";
        return -1;
    }
    if (!next_line(&pos, end, &line, &n) || !decode_b64(line, n, raw, sizeof(raw))) {
        *why = "public key: not a minisign public key";
        return -1;
    }
    if (memcmp(raw, "Ed", 2) != 0) {
        *why = "public key: unsupported algorithm";
        return -1;
    }
    memcpy(out->keynum, raw + 2, MINISIG_KEYNUM_BYTES);
    memcpy(out->pk, raw + 2 + MINISIG_KEYNUM_BYTES, crypto_sign_PUBLICKEYBYTES);
    return 0;
}

int minisig_pubkey_load(const char *path, struct minisig_pubkey *out, const char **why)
{
    size_t len;
    char *text = read_small_file(path, &len, why);
    if (text == NULL)
        return -1;
    int rc = minisig_pubkey_parse(text, len, out, why);
    free(text);
    return rc;
}

static bool printable(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t')
            return false;
        if (c == 0x7f)
            return false;
    }
    return true;
}

int minisig_sig_parse(const char *text, size_t len, struct minisig_sig *out, const char **why)
{
    const char *pos = text, *end = text + len, *line;
    size_t n;
    uint8_t raw[2 + MINISIG_KEYNUM_BYTES + crypto_sign_BYTES];
    if (memchr(text, '\0', len) != NULL) {
        *why = "signature: binary data";
        return -1;
    }
    if (!next_line(&pos, end, &line, &n) || !starts_with(line, n, UNTRUSTED_PREFIX)) {
        *why = "signature: no \"untrusted comment:\" line";
        return -1;
    }
    if (!next_line(&pos, end, &line, &n) || !decode_b64(line, n, raw, sizeof(raw))) {
        *why = "signature: not a minisign signature";
        return -1;
    }
    if (memcmp(raw, "ED", 2) == 0) {
        out->prehashed = true;
    } else if (memcmp(raw, "Ed", 2) == 0) {
        out->prehashed = false;
    } else {
        *why = "signature: unsupported algorithm";
        return -1;
    }
    memcpy(out->keynum, raw + 2, MINISIG_KEYNUM_BYTES);
    memcpy(out->sig, raw + 2 + MINISIG_KEYNUM_BYTES, crypto_sign_BYTES);
    if (!next_line(&pos, end, &line, &n) || !starts_with(line, n, TRUSTED_PREFIX)) {
        *why = "signature: no \"trusted comment:\" line";
        return -1;
    }
    line += strlen(TRUSTED_PREFIX);
    n -= strlen(TRUSTED_PREFIX);
    if (n >= sizeof(out->trusted) || !printable(line, n)) {
        *why = "signature: trusted comment too long or not printable";
        return -1;
    }
    memcpy(out->trusted, line, n);
    out->trusted[n] = '\0';
    if (!next_line(&pos, end, &line, &n) ||
        !decode_b64(line, n, out->global_sig, sizeof(out->global_sig))) {
        *why = "signature: no signature over the trusted comment";
        return -1;
    }
    return 0;
}

int minisig_sig_load(const char *path, struct minisig_sig *out, const char **why)
{
    size_t len;
    char *text = read_small_file(path, &len, why);
    if (text == NULL)
        return -1;
    int rc = minisig_sig_parse(text, len, out, why);
    free(text);
    return rc;
}

int minisig_verify(const struct minisig_sig *sig, const struct minisig_pubkey *key,
                   const uint8_t *msg, size_t msg_len, const char **why)
{
    if (sodium_memcmp(sig->keynum, key->keynum, MINISIG_KEYNUM_BYTES) != 0) {
        *why = "signed with another key";
        return -1;
    }
    if (crypto_sign_verify_detached(sig->sig, msg, msg_len, key->pk) != 0) {
        *why = "signature does not match the pack";
        return -1;
    }
    size_t tlen = strlen(sig->trusted);
    uint8_t buf[crypto_sign_BYTES + MINISIG_TRUSTED_MAX];
    memcpy(buf, sig->sig, crypto_sign_BYTES);
    memcpy(buf + crypto_sign_BYTES, sig->trusted, tlen);
    if (crypto_sign_verify_detached(sig->global_sig, buf, crypto_sign_BYTES + tlen, key->pk) != 0) {
        *why = "trusted comment was altered";
        return -1;
    }
    return 0;
}

struct seckey_raw {
    uint8_t sig_alg[2];
    uint8_t kdf_alg[2];
    uint8_t chk_alg[2];
    uint8_t salt[crypto_pwhash_scryptsalsa208sha256_SALTBYTES];
    uint8_t opslimit[8];
    uint8_t memlimit[8];
    uint8_t keynum_sk[MINISIG_KEYNUM_BYTES + crypto_sign_SECRETKEYBYTES + crypto_generichash_BYTES];
};

static uint64_t le64_load(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void le64_store(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void seckey_checksum(const struct seckey_raw *r, uint8_t out[crypto_generichash_BYTES])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES);
    crypto_generichash_update(&st, r->sig_alg, 2);
    crypto_generichash_update(&st, r->keynum_sk, MINISIG_KEYNUM_BYTES + crypto_sign_SECRETKEYBYTES);
    crypto_generichash_final(&st, out, crypto_generichash_BYTES);
}

static int scrypt_xor(struct seckey_raw *r, const char *password)
{
    uint8_t stream[sizeof(r->keynum_sk)];
    if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof(stream), password, strlen(password),
                                           r->salt, le64_load(r->opslimit),
                                           (size_t)le64_load(r->memlimit)) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(stream); i++)
        r->keynum_sk[i] ^= stream[i];
    sodium_memzero(stream, sizeof(stream));
    return 0;
}

int minisig_seckey_load(const char *path, minisig_password_fn password, void *ud,
                        struct minisig_seckey *out, const char **why)
{
    int rc = -1;
    size_t len;
    struct seckey_raw r;
    char pwd[1024];
    char *text = read_small_file(path, &len, why);
    if (text == NULL)
        return -1;
    const char *pos = text, *end = text + len, *line;
    size_t n;
    if (!next_line(&pos, end, &line, &n) || !starts_with(line, n, UNTRUSTED_PREFIX) ||
        !next_line(&pos, end, &line, &n) || !decode_b64(line, n, (uint8_t *)&r, sizeof(r))) {
        *why = "not a minisign secret key";
        goto out;
    }
    if (memcmp(r.sig_alg, "Ed", 2) != 0 || memcmp(r.chk_alg, "B2", 2) != 0) {
        *why = "unsupported secret key algorithm";
        goto out;
    }
    if (memcmp(r.kdf_alg, "Sc", 2) == 0) {
        if (password == NULL || !password(ud, pwd, sizeof(pwd))) {
            *why = "no password given for an encrypted key";
            goto out;
        }
        if (le64_load(r.memlimit) > (1ULL << 32) || scrypt_xor(&r, pwd) != 0) {
            *why = "key derivation failed (out of memory?)";
            goto out;
        }
    } else if (memcmp(r.kdf_alg, "\0\0", 2) != 0) {
        *why = "unsupported key derivation function";
        goto out;
    }
    uint8_t chk[crypto_generichash_BYTES];
    seckey_checksum(&r, chk);
    /* minisign -W leaves the checksum zero; an encrypted key must match it. */
    if (memcmp(r.kdf_alg, "Sc", 2) == 0 &&
        sodium_memcmp(chk, r.keynum_sk + MINISIG_KEYNUM_BYTES + crypto_sign_SECRETKEYBYTES,
                      sizeof(chk)) != 0) {
        *why = "wrong password for that key";
        goto out;
    }
    /* Either way the secret key must be whole: its seed has to give its public half. */
    uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, r.keynum_sk + MINISIG_KEYNUM_BYTES);
    bool whole = sodium_memcmp(sk, r.keynum_sk + MINISIG_KEYNUM_BYTES, sizeof(sk)) == 0;
    sodium_memzero(sk, sizeof(sk));
    if (!whole) {
        *why = "damaged secret key";
        goto out;
    }
    memcpy(out->keynum, r.keynum_sk, MINISIG_KEYNUM_BYTES);
    memcpy(out->sk, r.keynum_sk + MINISIG_KEYNUM_BYTES, crypto_sign_SECRETKEYBYTES);
    rc = 0;
out:
    sodium_memzero(&r, sizeof(r));
    sodium_memzero(pwd, sizeof(pwd));
    free(text);
    return rc;
}

/* One writer for every file replaced as a whole (core/files): temporary, fsync, rename. */
static int write_file_atomic(const char *path, const char *text, mode_t mode)
{
    return files_write_atomic_buf(path, mode, text, strlen(text)) ? 0 : -1;
}

static void b64(char *out, size_t out_len, const uint8_t *bin, size_t len)
{
    sodium_bin2base64(out, out_len, bin, len, sodium_base64_VARIANT_ORIGINAL);
}

int minisig_sign_write(const struct minisig_seckey *key, const uint8_t prehash[64],
                       const char *trusted_comment, const char *sig_path)
{
    size_t tlen = strlen(trusted_comment);
    if (tlen >= MINISIG_TRUSTED_MAX || strpbrk(trusted_comment, "\r\n") != NULL)
        return -1;
    uint8_t raw[2 + MINISIG_KEYNUM_BYTES + crypto_sign_BYTES];
    memcpy(raw, "ED", 2);
    memcpy(raw + 2, key->keynum, MINISIG_KEYNUM_BYTES);
    uint8_t *sig = raw + 2 + MINISIG_KEYNUM_BYTES;
    crypto_sign_detached(sig, NULL, prehash, 64, key->sk);
    uint8_t buf[crypto_sign_BYTES + MINISIG_TRUSTED_MAX];
    memcpy(buf, sig, crypto_sign_BYTES);
    memcpy(buf + crypto_sign_BYTES, trusted_comment, tlen);
    uint8_t global[crypto_sign_BYTES];
    crypto_sign_detached(global, NULL, buf, crypto_sign_BYTES + tlen, key->sk);
    char s1[sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_ORIGINAL)];
    char s2[sodium_base64_ENCODED_LEN(sizeof(global), sodium_base64_VARIANT_ORIGINAL)];
    b64(s1, sizeof(s1), raw, sizeof(raw));
    b64(s2, sizeof(s2), global, sizeof(global));
    char text[MINISIG_TRUSTED_MAX + 512];
    snprintf(text, sizeof(text),
             UNTRUSTED_PREFIX "signature from wegwijs packtool\n%s\n" TRUSTED_PREFIX "%s\n%s\n", s1,
             trusted_comment, s2);
    return write_file_atomic(sig_path, text, 0644);
}

int minisig_keypair_write(const char *pub_path, const char *sec_path, const char *password,
                          unsigned long long opslimit, size_t memlimit)
{
    int rc = -1;
    uint8_t pk[crypto_sign_PUBLICKEYBYTES];
    struct seckey_raw r;
    memset(&r, 0, sizeof(r));
    memcpy(r.sig_alg, "Ed", 2);
    memcpy(r.chk_alg, "B2", 2);
    randombytes_buf(r.keynum_sk, MINISIG_KEYNUM_BYTES);
    crypto_sign_keypair(pk, r.keynum_sk + MINISIG_KEYNUM_BYTES);
    seckey_checksum(&r, r.keynum_sk + MINISIG_KEYNUM_BYTES + crypto_sign_SECRETKEYBYTES);
    /* The public half first: encryption below covers the key id too. */
    uint8_t praw[2 + MINISIG_KEYNUM_BYTES + crypto_sign_PUBLICKEYBYTES];
    memcpy(praw, "Ed", 2);
    memcpy(praw + 2, r.keynum_sk, MINISIG_KEYNUM_BYTES);
    memcpy(praw + 2 + MINISIG_KEYNUM_BYTES, pk, sizeof(pk));
    if (password != NULL) {
        memcpy(r.kdf_alg, "Sc", 2);
        randombytes_buf(r.salt, sizeof(r.salt));
        le64_store(r.opslimit, opslimit);
        le64_store(r.memlimit, memlimit);
        if (scrypt_xor(&r, password) != 0)
            goto out;
    }
    char ps[sodium_base64_ENCODED_LEN(sizeof(praw), sodium_base64_VARIANT_ORIGINAL)];
    char ss[sodium_base64_ENCODED_LEN(sizeof(r), sodium_base64_VARIANT_ORIGINAL)];
    b64(ps, sizeof(ps), praw, sizeof(praw));
    b64(ss, sizeof(ss), (const uint8_t *)&r, sizeof(r));
    char text[1024];
    uint64_t id = le64_load(praw + 2);
    snprintf(text, sizeof(text), UNTRUSTED_PREFIX "minisign public key %016llX\n%s\n",
             (unsigned long long)id, ps);
    if (write_file_atomic(pub_path, text, 0644) != 0)
        goto out;
    snprintf(text, sizeof(text), UNTRUSTED_PREFIX "minisign encrypted secret key\n%s\n", ss);
    if (write_file_atomic(sec_path, text, 0600) != 0)
        goto out;
    rc = 0;
out:
    sodium_memzero(&r, sizeof(r));
    return rc;
}

int minisig_prehash_fd(int fd, uint64_t size, uint8_t out[64])
{
    size_t cap = 1 << 20;
    uint8_t *buf = malloc(cap);
    uint64_t off = 0;
    int rc = -1;
    if (buf == NULL)
        return -1;
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 64);
    while (off < size) {
        size_t want = size - off < cap ? (size_t)(size - off) : cap;
        ssize_t r = pread(fd, buf, want, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto out;
        crypto_generichash_update(&st, buf, (size_t)r);
        off += (uint64_t)r;
    }
    crypto_generichash_final(&st, out, 64);
    rc = 0;
out:
    free(buf);
    return rc;
}

int minisig_prehash_file(const char *path, uint8_t out[64])
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fstat(fd, &st) == 0 ? minisig_prehash_fd(fd, (uint64_t)st.st_size, out) : -1;
    close(fd);
    return rc;
}
