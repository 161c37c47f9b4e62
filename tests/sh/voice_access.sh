#!/usr/bin/env bash
# Large text and high contrast (issue 12): on the language, topics and contact screens, in
# every language and in three screen sizes, with both controls on, no text is cut or
# ellipsised and every text reaches 7:1 (WCAG AAA) on what is behind it; the default theme
# passes the fit check too. Prints the colour pairs of both themes with their ratios.
set -u
B=${B:-build}
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sizes="1920x1080 1080x1920 1280x720"

for l in nl ar tr uk pl fa fr en ti; do
    {
        echo "tap 960 540"
        echo "tap-id lang:$l"
        echo "shot ${l}_languages_default"
        echo "tap-id confirm"
        echo "shot ${l}_topics_default"
        echo "tap-id access.large"
        echo "tap-id access.contrast"
        for screen in topics contact languages; do
            [ $screen = contact ] && echo "tap-id contact"
            if [ $screen = languages ]; then echo "tap-id home"; echo "tap-id lang:$l"; fi
            for s in $sizes; do
                echo "size ${s/x/ }"
                echo "shot ${l}_${screen}_hc_$s"
            done
            echo "size 1920 1080"
            [ $screen = contact ] && echo "tap-id back"
        done
        echo "expect-screen languages"
    } >"$tmp/$l.script"
    mkdir -p "$tmp/$l.state" "$tmp/shots"
    if ! "$B/kiosk" --headless --state "$tmp/$l.state" --content locales --content "$B/content" \
        --script "$tmp/$l.script" --shots "$tmp/shots" --dump-ui >"$tmp/$l.log" 2>&1; then
        echo "FAIL access_$l: kiosk: $(grep -m1 -E 'expect|error|script' "$tmp/$l.log")"
        fails=$((fails + 1))
    fi
done
python3 tests/voice/contrast.py --min 7 "$tmp"/shots/*_hc_*.json | sed 's/^\(PASS\|FAIL\) /\1 access_/' |
    tee "$tmp/hc.out"
python3 tests/voice/contrast.py "$tmp"/shots/*_default.json | sed 's/^\(PASS\|FAIL\) /\1 access_/' |
    tee "$tmp/default.out"
grep -q '^FAIL' "$tmp/hc.out" "$tmp/default.out" && fails=$((fails + 1))
echo "colour pairs, high contrast:"
python3 tests/voice/contrast.py --table "$tmp"/shots/*_hc_*.json | sed 's/^/    /'
echo "colour pairs, default theme:"
python3 tests/voice/contrast.py --table "$tmp"/shots/*_default.json | sed 's/^/    /'
[ $fails -eq 0 ]
