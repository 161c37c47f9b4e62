#!/usr/bin/env bash
# Subtitle timing (issue 13): every WebVTT file mkexplainer made for the test content is
# readable at B1 speed, as the kiosk's own WebVTT parser reads it: at most 15 characters a
# second, each cue held until the next one starts (no gaps), no overlaps. And the check
# itself fails on a fast cue, a gap, an overlap and a file that is not WebVTT.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t files < <(grep -l '^NOTE mkexplainer' "$B"/content/*/videos/*.vtt 2>/dev/null)
if [ ${#files[@]} -eq 0 ]; then
    fail subtitles_generated "no WebVTT files made by mkexplainer under $B/content (make test-content)"
elif out=$("$B/mkexplainer" --check-vtt "${files[@]}" 2>&1); then
    pass subtitles_generated_readable
    echo "$out" | sed 's/^/    /'
else
    fail subtitles_generated_readable "$(grep -v ': ok ' <<<"$out" | head -n 3 | tr '\n' ' ')"
fi

cue() { printf '\n%s --> %s\n%s\n' "$1" "$2" "$3"; }
{ echo WEBVTT; cue 00:00.000 00:02.000 "Twee seconden."; cue 00:02.000 00:04.000 "Nog eens twee."; } >"$tmp/ok.vtt"
{ echo WEBVTT; cue 00:00.000 00:01.000 "Deze zin is veel te lang voor één seconde."; } >"$tmp/fast.vtt"
{ echo WEBVTT; cue 00:00.000 00:02.000 "Twee seconden."; cue 00:03.000 00:05.000 "Na een gat."; } >"$tmp/gap.vtt"
{ echo WEBVTT; cue 00:00.000 00:03.000 "Drie seconden."; cue 00:02.000 00:05.000 "Overlapt."; } >"$tmp/overlap.vtt"
echo "no subtitles here" >"$tmp/none.vtt"
"$B/mkexplainer" --check-vtt "$tmp/ok.vtt" >/dev/null 2>&1 && pass subtitles_check_accepts ||
    fail subtitles_check_accepts "$tmp/ok.vtt was refused"
for bad in fast gap overlap none; do
    out=$("$B/mkexplainer" --check-vtt "$tmp/$bad.vtt" 2>&1)
    [ $? -eq 1 ] && grep -q "$bad.vtt" <<<"$out" && pass "subtitles_check_refuses_$bad" ||
        fail "subtitles_check_refuses_$bad" "exit $?: $out"
done
[ $fails -eq 0 ]
