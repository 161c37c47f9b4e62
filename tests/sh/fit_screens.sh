#!/usr/bin/env bash
# Every screen fits (issue 10): walks every resident screen in every language and both
# pseudo-languages, staff mode and a kiosk without content, at 1920x1080, 1080x1920, 1280x720
# and 1024x600 (tests/fit/prepare.py writes the walks), then checks every element dump for
# cut, ellipsised, off-screen and overlapping text and for WCAG AA contrast
# (tests/fit/check.py). FIT_SHOTS=1 takes PNG shots too, to look at (build/fit/out).
set -u
B=${B:-build}
F=$B/fit
OUT=$F/out
rm -rf "$OUT"
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

langs=$(python3 tests/fit/prepare.py locales "$B/media" "$F" ${FIT_SHOTS:+--shot}) || {
    echo "FAIL fit_prepare: tests/fit/prepare.py failed"
    exit 1
}
echo "PASS fit_prepare"

hash=$(echo 2468 | "$B/staffpin" | sed -n 's/^pin = //p')
# run NAME SCRIPT CONTENT-ARGS...: one headless kiosk over one walk, with a fresh state.
run() {
    local name=$1 script=$2
    shift 2
    mkdir -p "$T/$name"
    printf '[staff]\npin = %s\n' "$hash" >"$T/$name/location.conf"
    if "$B/kiosk" --headless --state "$T/$name" "$@" --script "$script" --shots "$OUT" \
        --dump-ui >"$OUT/$name.log" 2>&1; then
        return 0
    fi
    echo "FAIL fit_walk_$name: $(grep -m1 -E 'expect|error|no such' "$OUT/$name.log")"
    fails=$((fails + 1))
}
start=$(date +%s)
for l in $langs; do
    run "$l" "$F/walk/$l.script" --content locales --content "$B/content" \
        --content "$F/pseudo" --content "$F/root"
done
run staff "$F/walk/staff.script" --content locales --content "$B/content"
mkdir -p "$T/empty-content"
run empty "$F/walk/empty.script" --content "$T/empty-content"
[ "$fails" -eq 0 ] && echo "PASS fit_walk"

if python3 tests/fit/check.py --summary "$F/summary.txt" "$OUT"/*.json >"$F/defects.txt"; then
    echo "PASS fit_screens: $(cat "$F/summary.txt") in $(($(date +%s) - start)) s"
else
    echo "FAIL fit_screens: $(tail -n 1 "$F/defects.txt") (all in $F/defects.txt)"
    grep '^DEFECT' "$F/defects.txt" | head -n 40 | sed 's/^/    /'
    fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
