#!/usr/bin/env bash
# The monkey: the headless kiosk fed random taps (mostly on what is on screen, so it gets
# everywhere: every language, topics, videos started and abandoned, contact), swipes, holds,
# keys, raw touch (also NaN and far off the screen), waits, staff mode opened through its
# corner with wrong PINs, and long quiet spells after which the kiosk must be back on the
# attract screen. No crash, no sanitizer report (make SANITIZE=1 test), memory and open
# descriptors flat after warm-up (kiosk/script.c, step "monkey").
#
#   MONKEY_EVENTS (default 20,000 in make test, also under make SANITIZE=1),
#   MONKEY_SEED (default: new each run, printed; a failure prints the line that replays it),
#   MONKEY_RSS_MB (growth allowed after warm-up, default 4; measured: 0.2 MB over 20,000
#   events, 1.6 MB at most). `make soak` runs a million (SOAK_EVENTS).
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
events=${MONKEY_EVENTS:-20000}
seed=${MONKEY_SEED:-$(($(date +%s%N) % 1000000007))}
rss=${MONKEY_RSS_MB:-4}
# Under AddressSanitizer (make SANITIZE=1) freed memory waits in its quarantine (up to 256 MB),
# so resident memory grows without a leak (20,000 events: 283 to 361 MB); LeakSanitizer
# judges leaks there instead.
if [ -z "${MONKEY_RSS_MB:-}" ] && ldd "$B/kiosk" 2>/dev/null | grep -q libasan; then
    rss=1024
fi
OUT=${MONKEY_OUT:-$B/test-out}
mkdir -p "$OUT"
printf 'size 640 360\nmonkey %s %s %s 2\n' "$events" "$seed" "$rss" >"$T/monkey.script"
start=$(date +%s)
MONKEY_EVENTS= MONKEY_SEED= "$B/kiosk" --headless --state "$T/state" --content locales \
    --content "$B/content" --script "$T/monkey.script" >"$T/log" 2>&1
rc=$?
secs=$(($(date +%s) - start))
grep '^MONKEY' "$T/log" | tr '\t' '\n' | sed 's/^/    /'
grep '^MONKEY' "$T/log" >>"$OUT/monkey.figures"
if [ $rc -eq 0 ] && grep -q '^MONKEY' "$T/log" && ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/log"; then
    echo "PASS monkey_${events}_events (seed $seed, ${secs} s)"
else
    echo "FAIL monkey_${events}_events: seed $seed (replay: MONKEY_SEED=$seed MONKEY_EVENTS=$events bash tests/sh/monkey.sh): exit $rc: $(grep -m1 -E 'monkey|ERROR|runtime error|expect' "$T/log")"
    tail -n 20 "$T/log" | sed 's/^/    /'
fi
