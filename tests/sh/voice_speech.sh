#!/usr/bin/env bash
# Spoken prompts made at build time (tools/mkspeech, issue 12): the pronunciation list is
# what espeak-ng gets, every voiced language has its prompts, a language without a voice gets
# none (never a wrong voice) but does get its recordings, a recording wins over espeak-ng,
# and a pack of locales/<lang> carries the audio.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The text handed to espeak-ng for the Ukrainian cases is the corrected one.
"$B/mkspeech" --lang uk --dry-run >"$tmp/uk.txt" 2>"$tmp/uk.err"
fri=$(awk -F'\t' '$1 == "day.fri" { print $3 }' "$tmp/uk.txt")
if [ "$fri" = "п'ятниця" ]; then pass uk_apostrophe_spoken_ascii
else fail uk_apostrophe_spoken_ascii "day.fri is handed over as \"$fri\""; fi
# U+02BC (or U+2019 typed for it) inside words: espeak-ng gets the ASCII apostrophe.
if grep -q "[ʼ’]" "$tmp/uk.txt"; then
    fail uk_no_u02bc_left "still in the text for espeak-ng: $(grep -m1 "[ʼ’]" "$tmp/uk.txt")"
elif grep -q "[ʼ’]" locales/uk/*.po; then pass uk_no_u02bc_left
else fail uk_no_u02bc_left "locales/uk has no U+02BC or U+2019 any more to test with"; fi
if grep -qP '(^|\t|[^\p{L}])[зЗйЙ] ' "$tmp/uk.txt"; then
    fail uk_no_lone_z_or_short_i "$(grep -m1 -P '(^|\t|[^\p{L}])[зЗйЙ] ' "$tmp/uk.txt")"
elif grep -qP '(^|[^\p{L}])з [\p{L}]' locales/uk/topics.po; then pass uk_no_lone_z_or_short_i
else fail uk_no_lone_z_or_short_i "locales/uk has no lone з to test with any more"; fi

# 2. test-content made the prompts of every voiced language; Tigrinya has none.
ok=1
for l in $(ls locales); do
    [ -f "locales/$l/kiosk.po" ] || continue
    if [ "$l" = ti ]; then continue; fi
    for k in language.name attract.subtitle idle.title contact.title video.replay digit.7; do
        f=$B/content/$l/audio/$k.opus
        if [ ! -s "$f" ] || [ "$(head -c 4 "$f")" != OggS ]; then
            fail prompts_of_voiced_languages "$f missing or not Ogg"; ok=0; break 2
        fi
    done
done
[ $ok = 1 ] && pass prompts_of_voiced_languages
if [ -z "$(ls "$B/content/ti/audio/"*.opus 2>/dev/null)" ]; then pass ti_no_wrong_voice
else fail ti_no_wrong_voice "$(ls "$B/content/ti/audio/")"; fi

# 3. Recordings: one for Tigrinya and one overriding the Dutch espeak-ng welcome.
mkdir -p "$tmp/root/nl/recorded" "$tmp/root/ti/recorded"
cp tests/fixtures/content/topics.conf "$tmp/root/"
cp tests/fixtures/content/nl/*.po "$tmp/root/nl/"
cp tests/fixtures/content/nl/kiosk.po "$tmp/root/ti/"
ffmpeg -nostdin -loglevel error -f lavfi -i "sine=frequency=330:duration=1.5" -ac 1 \
    "$tmp/root/nl/recorded/attract.touch.flac"
ffmpeg -nostdin -loglevel error -f lavfi -i "sine=frequency=440:duration=1" -ac 1 -ar 16000 \
    "$tmp/root/ti/recorded/language.name.wav"
if "$B/mkspeech" --root "$tmp/root" --out "$tmp/out" --lang nl >"$tmp/nl.log" 2>&1 &&
    "$B/mkspeech" --root "$tmp/root" --out "$tmp/out" --lang ti >"$tmp/ti.log" 2>&1; then
    src=$(awk -F'\t' '$1 == "attract.touch" { print $3 }' "$tmp/out/nl/audio/index.tsv")
    other=$(awk -F'\t' '$1 == "language.name" { print $3 }' "$tmp/out/nl/audio/index.tsv")
    if [ "$src" = recorded ] && [ "$other" = espeak-ng ]; then pass recording_wins
    else fail recording_wins "attract.touch from \"$src\", language.name from \"$other\""; fi
    n=$(ls "$tmp/out/ti/audio/"*.opus 2>/dev/null | wc -l)
    if [ "$n" = 1 ] && [ -s "$tmp/out/ti/audio/language.name.opus" ]; then pass ti_recording_used
    else fail ti_recording_used "ti has $n files: $(ls "$tmp/out/ti/audio/")"; fi
    # Unchanged inputs: nothing is made again; a removed recording falls back to espeak-ng.
    "$B/mkspeech" --root "$tmp/root" --out "$tmp/out" --lang nl >"$tmp/nl2.log" 2>&1
    rm "$tmp/root/nl/recorded/attract.touch.flac"
    "$B/mkspeech" --root "$tmp/root" --out "$tmp/out" --lang nl >"$tmp/nl3.log" 2>&1
    src=$(awk -F'\t' '$1 == "attract.touch" { print $3 }' "$tmp/out/nl/audio/index.tsv")
    if grep -q ' 0 made by espeak-ng, 0 from recordings' "$tmp/nl2.log" &&
        grep -q ' 1 made by espeak-ng, 0 from' "$tmp/nl3.log" && [ "$src" = espeak-ng ]; then
        pass unchanged_left_alone
    else fail unchanged_left_alone "$(cat "$tmp/nl2.log" "$tmp/nl3.log" | tr '\n' ' ')"; fi
else
    fail recording_wins "mkspeech failed: $(tail -n 2 "$tmp/nl.log" "$tmp/ti.log" | tr '\n' ' ')"
fi

# 4. A pack of locales/uk carries its audio.
if "$B/packtool" create locales/uk -o "$tmp/uk.pack" --version 1 >/dev/null 2>&1 &&
    tar tf "$tmp/uk.pack" | grep -qx 'uk/audio/language.name.opus'; then pass pack_carries_audio
else fail pack_carries_audio "uk/audio/language.name.opus not in the pack"; fi

[ $fails -eq 0 ]
