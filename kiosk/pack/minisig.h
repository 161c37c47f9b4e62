/*
 * minisig: minisign's key and signature files, read and written with libsodium, so packs are
 * signed and checked with the standard `minisign` tool as well as with packtool and the kiosk.
 *
 * Formats (minisign 0.10+): a public key file is an "untrusted comment:" line and the base64 of
 * "Ed" + key id (8 bytes) + Ed25519 public key. A signature file is an untrusted comment, the
 * base64 of "ED" (BLAKE2b-512 prehash; legacy "Ed" signs the whole file) + key id + signature,
 * a "trusted comment: " line and the base64 of the signature over signature + trusted comment.
 * A secret key file holds "Ed", kdf "Sc" (scrypt, password) or two zero bytes (no password),
 * "B2", salt, opslimit, memlimit (little endian) and key id + secret key + BLAKE2b-256 checksum,
 * XORed with the scrypt stream when a password is set.
 *
 * Every parse function takes untrusted text and reports why it refused through *why.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#define MINISIG_KEYNUM_BYTES  8
#define MINISIG_TRUSTED_MAX   1024
#define MINISIG_PREHASH_BYTES crypto_generichash_BYTES_MAX

struct minisig_pubkey {
    uint8_t keynum[MINISIG_KEYNUM_BYTES];
    uint8_t pk[crypto_sign_PUBLICKEYBYTES];
};

struct minisig_sig {
    bool prehashed; /* "ED": the signature covers BLAKE2b-512(file); "Ed": the file itself */
    uint8_t keynum[MINISIG_KEYNUM_BYTES];
    uint8_t sig[crypto_sign_BYTES];
    char trusted[MINISIG_TRUSTED_MAX]; /* the trusted comment, without its prefix */
    uint8_t global_sig[crypto_sign_BYTES];
};

struct minisig_seckey {
    uint8_t keynum[MINISIG_KEYNUM_BYTES];
    uint8_t sk[crypto_sign_SECRETKEYBYTES];
};

/* Asks for the password of an encrypted secret key; returns false when none can be had. */
typedef bool (*minisig_password_fn)(void *ud, char *buf, size_t size);

int minisig_pubkey_parse(const char *text, size_t len, struct minisig_pubkey *out,
                         const char **why);
int minisig_pubkey_load(const char *path, struct minisig_pubkey *out, const char **why);
int minisig_sig_parse(const char *text, size_t len, struct minisig_sig *out, const char **why);
int minisig_sig_load(const char *path, struct minisig_sig *out, const char **why);

/*
 * Checks both signatures. msg is the 64-byte BLAKE2b-512 of the file when sig->prehashed,
 * else the whole file.
 */
int minisig_verify(const struct minisig_sig *sig, const struct minisig_pubkey *key,
                   const uint8_t *msg, size_t msg_len, const char **why);

/* Reads a secret key file; asks `password` only when the key is encrypted. */
int minisig_seckey_load(const char *path, minisig_password_fn password, void *ud,
                        struct minisig_seckey *out, const char **why);

/*
 * Writes a signature file (prehashed, "ED") for a file whose BLAKE2b-512 is `prehash`.
 * The file is written to a temporary name and renamed, so a reader never sees half of it.
 */
int minisig_sign_write(const struct minisig_seckey *key, const uint8_t prehash[64],
                       const char *trusted_comment, const char *sig_path);

/*
 * Writes a new key pair in minisign's format (tests and first set-up). With a password the
 * secret key is encrypted with scrypt at the given limits (minisign itself uses the
 * "sensitive" limits; tests pass the minimum).
 */
int minisig_keypair_write(const char *pub_path, const char *sec_path, const char *password,
                          unsigned long long opslimit, size_t memlimit);

/* BLAKE2b-512 of a whole file, as minisign prehashes it. */
int minisig_prehash_file(const char *path, uint8_t out[64]);
/* The same of the first size bytes of fd (read with pread: its position is left alone); -1 when
 * it cannot be read or is shorter. */
int minisig_prehash_fd(int fd, uint64_t size, uint8_t out[64]);
