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
# The opening hours as the schedule reads them: the same file with the screen dark outside them.
sed 's/^dark_outside_hours = no/dark_outside_hours = yes/' assets/location.conf >"$S/config/dark.conf"
put po $(find locales tests -name '*.po' | sort | head -n 40)
put vtt $(find tests "$B/media" "$B/content" -name '*.vtt' 2>/dev/null | sort | head -n 20)
put mp4check $(find "$B/media" -maxdepth 1 -name '*.mp4' | sort)
# text: what the engine lays out is one string at a time, so the seeds are the translations
# themselves, one per file, behind a style byte (see fuzz_text.c) that varies among them. No
# long seed: libFuzzer would then try inputs of -max_len from the start, each laid out whole
# (~100 ms under ASan); from small seeds it grows them as they pay (the 16 KB cap itself is
# test_text_hostile's).
mkdir -p "$S/text"
for po in locales/*/*.po; do
    awk -v out="$S/text/$(echo "$po" | tr '/' '_')" '
        function flush() {
            if (s != "") {
                n++
                f = out "_" n
                printf "%c%s", 1 + (n * 37) % 254, s > f
                close(f)
            }
            s = ""; on = 0
        }
        /^msgstr "/ { flush(); on = 1; sub(/^msgstr "/, ""); sub(/"$/, ""); s = $0; next }
        on && /^"/ { sub(/^"/, ""); sub(/"$/, ""); s = s $0; next }
        { flush() }
        END { flush() }' "$po"
done
sed -i 's/\\n/\n/g; s/\\"/"/g' "$S/text"/*
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
# pronounce: each list, a NUL, then a translation of its language to apply it to.
mkdir -p "$S/pronounce"
for f in locales/*/pronounce.txt; do
    [ -f "$f" ] || continue
    lang=$(basename "$(dirname "$f")")
    { cat "$f"; printf '\0'; head -c 4000 "locales/$lang/kiosk.po"; } >"$S/pronounce/$lang"
done
# packstate: STATE, HIGHEST and two installed MANIFESTs (nl versions 1 and 2), NUL between.
mkdir -p "$S/packstate"
for state in "current 2\nprevious 1\npending 1\n" "current 2\nprevious 1\npending 2\n" \
    "current 1\nprevious 0\npending 0\n"; do
    {
        printf "$state\0nl 2\nfr 7\n\0"
        sed 's/^id fr/id nl/; s/^version .*/version 1/' tests/fuzz/seeds/manifest/valid
        printf '\0'
        sed 's/^id fr/id nl/; s/^version .*/version 2/' tests/fuzz/seeds/manifest/valid
    } >"$S/packstate/$(printf "$state" | tr -dc '0-9')"
done
# wav: the recordings and renders the build made (small ones), and a minimal 16 kHz file.
put wav $(find "$B/media" "$B/content" -name '*.wav' -size -64k 2>/dev/null | sort | head -n 5)
mkdir -p "$S/wav"
printf 'RIFF\054\000\000\000WAVEfmt \020\000\000\000\001\000\001\000\200\076\000\000\000\175\000\000\002\000\020\000data\010\000\000\000\000\000\377\177\001\200\000\000' \
    >"$S/wav/minimal.wav"
# poster: the posters the test media got (packtool makes them, at most 1280x720).
put poster $(find "$B/media" "$B/content" -name '*.poster.jpg' -size -100k 2>/dev/null | sort | head -n 5)
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
