#!/usr/bin/env bash
# Seed corpora for the fuzz targets, made at build time from the repository's own files of
# each kind (and the test media make test-content builds), plus tests/fuzz/seeds/<target>/.
# Written to build/fuzz/seeds/<target>/, which the runs only read.
set -eu
B=${B:-build}
S=$B/fuzz/seeds
rm -rf "$S"
mkdir -p "$S"

put() { # $1 = target, then files
    local t=$1
    shift
    mkdir -p "$S/$t"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        # Seeds stay small: libFuzzer's input size follows its largest seed.
        [ "$(stat -c %s "$f")" -le 200000 ] || continue
        cp "$f" "$S/$t/$(echo "$f" | tr '/' '_')"
    done
}

put config assets/location.conf $(find tests locales -name '*.conf' ! -name topics.conf)
put po $(find locales tests -name '*.po' | sort | head -n 40)
put vtt $(find tests "$B/media" "$B/content" -name '*.vtt' 2>/dev/null | sort | head -n 20)
put mp4check $(find "$B/media" -maxdepth 1 -name '*.mp4' | sort)
put text $(find locales -name '*.po' | sort | head -n 20)
put script tests/ui/*.script
put manifest
put minisig
# topics: topics.conf, a NUL byte, then a topics.po (as fuzz_topics.c splits its input).
mkdir -p "$S/topics"
for conf in locales/topics.conf tests/fixtures/content/topics.conf tests/media/topics.conf; do
    [ -f "$conf" ] || continue
    dir=$(dirname "$conf")
    po=$dir/nl/topics.po
    [ -f "$po" ] || po=tests/media/nl.topics.po
    { cat "$conf"; printf '\0'; cat "$po"; } >"$S/topics/$(echo "$conf" | tr '/' '_')"
done
# The kept inputs: hand-made seeds and what found bugs (tests/fuzz/seeds/<target>/).
for d in tests/fuzz/seeds/*/; do
    [ -d "$d" ] || continue
    t=$(basename "$d")
    mkdir -p "$S/$t"
    cp "$d"* "$S/$t/" 2>/dev/null || true
done
# The mp4 seeds: the small test files whole, a larger one cut to its first 64 KB (the boxes
# before the media data are what the check reads).
for f in "$B/media/sample.mp4" "$B/media/small12.mp4"; do
    [ -f "$f" ] && head -c 65536 "$f" >"$S/mp4check/head_$(basename "$f")"
done
echo "fuzz seeds: $(for t in "$S"/*/; do printf '%s %s  ' "$(basename "$t")" "$(ls "$t" | wc -l)"; done)"
