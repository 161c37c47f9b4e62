#!/usr/bin/env bash
# UI tests compare what they draw: the shots tests/run just took (build/test-out/shots/) with
# the reference images in tests/ref/ (tests/ref/refs.txt), with a tolerance
# (tests/ref/compare.sh). A layout change fails here until `make update-ref` on purpose.
set -u
B=${B:-build}
SHOTS=$B/test-out/shots
grep -v '^#' tests/ref/refs.txt | while read -r script shot; do
    [ -n "$script" ] || continue
    name=ref_${script}_${shot}
    ref=tests/ref/$script.$shot.png
    got=$SHOTS/$script/$shot.png
    if [ ! -f "$ref" ]; then
        echo "FAIL $name: $ref is missing (make update-ref)"
    elif [ ! -f "$got" ]; then
        echo "FAIL $name: $got was not drawn (tests/ui/$script.script)"
    elif out=$(bash tests/ref/compare.sh "$got" "$ref"); then
        echo "PASS $name ($out)"
    else
        echo "FAIL $name: differs from $ref: $out (a layout change? then make update-ref)"
    fi
done
