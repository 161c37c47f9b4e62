/*
 * utf8: the few byte-level rules for UTF-8 text from outside (location.conf, packs) that
 * modules below the text engine need: cutting without splitting a character, and removing
 * the bidi controls that would let operator or pack text reorder what is around it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The length of the longest prefix of s of at most max bytes that does not end inside a
 * multi-byte character. */
size_t utf8_prefix(const char *s, size_t max);

/* Copies src into dst (size bytes, NUL included), cut at a character when it does not fit. */
void utf8_copy(char *dst, size_t size, const char *src);

/*
 * Removes, in place, the bidi embedding and override controls (U+202A..U+202E: LRE, RLE, PDF,
 * LRO, RLO) and the isolate controls (U+2066..U+2069: LRI, RLI, FSI, PDI). An override in a
 * phone number ("14 RLO 3210 PDF" shows "14 0123") or in a pack's title reverses what
 * residents read, and a stray PDI would close an isolate the kiosk itself put around a value.
 * The marks LRM, RLM and ALM stay: they only nudge neutrals. Returns how many were removed.
 */
size_t utf8_strip_bidi_controls(char *s);
