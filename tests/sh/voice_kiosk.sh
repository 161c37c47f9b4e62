#!/usr/bin/env bash
# The kiosk speaks (issue 12), checked on what it wrote with --audio-out: touching each
# language speaks its name and welcome within 300 ms (a language without a voice stays
# silent), the speaker button on the topics, contact and end view speaks in every voiced
# language, a long press reads a tile, and nothing plays after the resident moves on.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


langs="nl ar tr uk pl fa fr en ti"
voiced=""
for l in $langs; do
    [ -s "$B/content/$l/audio/language.name.opus" ] && voiced="$voiced $l"
done

run() { # $1 = name; script on stdin; extra roots in $2...
    local name=$1
    shift
    local extra=()
    for r in "$@"; do extra+=(--content "$B/$r"); done
    cat >"$tmp/$name.script"
    mkdir -p "$tmp/$name.state"
    if ! "$B/kiosk" --headless --state "$tmp/$name.state" --content locales --content "$B/content" \
        "${extra[@]}" --script "$tmp/$name.script" --audio-out "$tmp/$name.wav" \
        >"$tmp/$name.out" 2>"$tmp/$name.log"; then
        fail "voice_$name" "kiosk: $(grep -m1 -E 'expect|error|script' "$tmp/$name.log")"
        return 1
    fi
    python3 tests/voice/audio_check.py "$tmp/$name.wav" "$tmp/$name.out" "$tmp/$name.expect" \
        >"$tmp/$name.check"
    grep -E '^(PASS|FAIL) ' "$tmp/$name.check" | sed "s/^\(PASS\|FAIL\) /\1 ${name}_/"
    grep -q '^FAIL ' "$tmp/$name.check" && fails=$((fails + 1))
    grep '^FIGURE ' "$tmp/$name.check" >>"$tmp/figures"
    return 0
}

# 1. Every language on the language screen, touched once.
{
    for l in $langs; do
        if [[ " $voiced " == *" $l "* ]]; then echo "speech lang_$l 0.5 8"; else echo "silent lang_$l"; fi
    done
} >"$tmp/languages.expect"
{
    echo "tap 960 540"
    for l in $langs; do
        echo "mark lang_$l"
        echo "tap-id lang:$l"
        echo "expect-text confirm $(sed -n '/msgctxt "language.name"/{n;n;s/^msgstr "\(.*\)"$/\1/p}' locales/$l/kiosk.po)"
        echo "wait 8000"
    done
    echo "mark done"
} | run languages

# 2. The speaker button on topics and contact, then leaving each: in every voiced language;
#    a long press on a tile reads it and opens nothing.
: >"$tmp/screens.expect"
{
    echo "tap 960 540"
    for l in $voiced; do
        printf 'speech topics_%s 1 40\nsilent left_topics_%s\n' "$l" "$l" >>"$tmp/screens.expect"
        printf 'speech contact_%s 1 40\nsilent left_contact_%s\n' "$l" "$l" >>"$tmp/screens.expect"
        # a long press is one when held 600 ms: sound within 300 ms of that
        printf 'speech tile_%s 1 40 900\nsilent left_tile_%s\n' "$l" "$l" >>"$tmp/screens.expect"
        echo "mark touch_$l"
        echo "tap-id lang:$l"
        echo "tap-id lang:$l"
        echo "expect-screen topics"
        echo "mark topics_$l"
        echo "tap-id access.speak"
        echo "wait 1500"
        echo "expect-speech yes"
        echo "mark left_topics_$l"
        echo "tap-id contact"
        echo "expect-speech no"
        echo "wait 500"
        echo "mark contact_$l"
        echo "tap-id access.speak"
        echo "wait 1500"
        echo "mark left_contact_$l"
        echo "tap-id back"
        echo "wait 500"
        echo "mark tile_$l"
        echo "tap-hold-id topic:wijkteam 700"
        echo "expect-screen topics"
        echo "expect-speech yes"
        echo "wait 2500"
        echo "mark left_tile_$l"
        echo "tap-id home"
        echo "wait 500"
    done
    echo "mark done"
} | run screens

# 3. The end view of a video (the 6 s test video, which plays in real time; nl and ar).
: >"$tmp/endview.expect"
{
    echo "tap 960 540"
    for l in nl ar; do
        printf 'speech end_%s 1 20\nsilent left_end_%s\n' "$l" "$l" >>"$tmp/endview.expect"
        echo "mark touch_$l"
        echo "tap-id lang:$l"
        echo "tap-id lang:$l"
        echo "tap-id topic:videotest"
        echo "expect-screen video"
        echo "wait 7000"
        echo "expect-no-element pause"
        echo "mark end_$l"
        echo "tap-id access.speak"
        echo "wait 2000"
        echo "mark left_end_$l"
        echo "tap-id other_topics"
        echo "expect-screen topics"
        echo "expect-speech no"
        echo "wait 500"
        echo "tap-id home"
    done
    echo "mark done"
} | run endview media/roots/base media/roots/play

if [ -s "$tmp/figures" ]; then
    sort -k4 -n "$tmp/figures" | awk '{ v[NR] = $4 } END {
        printf "tap to first sound (virtual clock): %d taps, max %d ms\n", NR, v[NR] }'
fi
[ $fails -eq 0 ]
