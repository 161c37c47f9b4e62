#!/usr/bin/env bash
# make update-ref: runs the UI scripts named in tests/ref/refs.txt and stores their shots,
# downscaled to 480x270, as tests/ref/<script>.<shot>.png. Only on purpose: after a layout
# change, look at the new images before committing them.
set -eu
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
grep -v '^#' tests/ref/refs.txt | while read -r script shot; do
    [ -n "$script" ] || continue
    mkdir -p "$T/$script" "$T/state-$script"
    if [ ! -e "$T/$script/$shot.png" ]; then
        extra=()
        while read -r root; do extra+=(--content "$B/$root"); done < <(sed -n 's/^# content-root: *//p' "tests/ui/$script.script")
        "$B/kiosk" --headless --state "$T/state-$script" --content locales --content "$B/content" \
            "${extra[@]}" --script "tests/ui/$script.script" --shots "$T/$script" </dev/null >"$T/$script.log" 2>&1 ||
            { echo "update-ref: tests/ui/$script.script failed:"; tail -n 3 "$T/$script.log"; exit 1; }
    fi
    ffmpeg -nostdin -v error -y -i "$T/$script/$shot.png" -vf scale=480:270:flags=area -frames:v 1 -update 1 "tests/ref/$script.$shot.png"
    echo "tests/ref/$script.$shot.png: $(stat -c %s "tests/ref/$script.$shot.png") bytes"
done
