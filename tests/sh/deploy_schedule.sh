#!/usr/bin/env bash
# The screen schedule in the headless kiosk on its virtual clock: with dark_outside_hours =
# yes the screen goes dark after closing time once nobody touched it for idle_timeout, a touch
# wakes it (and presses nothing), a session in use is not cut off at closing time but ends
# dark, it lights up again at opening time, and a closed day stays dark.
set -u
B=${B:-build}
T=$(mktemp -d /tmp/deploy_schedule.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }
export TZ=Europe/Amsterdam

# $1 = name, $2 = [kiosk] extra line; the script comes on stdin.
run() {
    local name=$1
    mkdir -p "$T/$name/state" "$T/$name/shots"
    cat >"$T/$name/state/location.conf" <<C
[kiosk]
idle_timeout = 60
$2
[hours]
monday = 09:00-12:00, 13:00-16:00
tuesday = closed
C
    cat >"$T/$name/script"
    "$B/kiosk" --headless --state "$T/$name/state" --content locales --script "$T/$name/script" \
        --shots "$T/$name/shots" --dump-ui >"$T/$name/log" 2>&1
}

# 2026-12-07 is a Monday.
# A small screen keeps the pixel check of the shots quick.
run dark "dark_outside_hours = yes" <<'S'
size 480 270
clock 2026-12-07 11:58
expect-screen attract
shot open
# 12:00 closed; the last touch was 60 s before: dark
wait 150000
expect-screen dark
shot dark
expect-no-element attract.touch
# a key does not wake it, a touch does and presses nothing
key Escape
expect-screen dark
tap 240 135
expect-screen attract
tap 240 135
expect-screen languages
tap-id lang:nl
tap-id lang:nl
expect-screen topics
# in use: no dark screen while it is used, then the idle timeout, then dark
wait 40000
expect-screen topics
wait 100000
expect-screen dark
# opening at 13:00
wait 3600000
expect-screen attract
# Tuesday is closed all day
clock 2026-12-08 10:00
wait 61000
expect-screen dark
S
rc=$?
dark_share=$(python3 tests/sh/png_dark.py "$T/dark/shots/dark.png" 2>&1 | cut -d' ' -f1)
open_share=$(python3 tests/sh/png_dark.py "$T/dark/shots/open.png" 2>&1 | cut -d' ' -f1)
if [ $rc -ne 0 ]; then
    bad schedule_dark "kiosk exited $rc: $(grep -m1 -E 'expect|error' "$T/dark/log")"
elif [ "$dark_share" != 1.000 ] || [ "$(echo "$open_share" | cut -c1)" != 0 ]; then
    bad schedule_dark "dark pixels: $dark_share of the dark shot, $open_share of the open one"
elif [ "$(grep -c 'the screen goes dark' "$T/dark/log")" -ne 3 ]; then
    bad schedule_dark "expected 3 log lines about going dark: $(grep -c 'goes dark' "$T/dark/log")"
else
    ok schedule_dark
fi

# The default: never dark, also at night.
run default "" <<'S'
clock 2026-12-07 23:00
wait 180000
expect-screen attract
S
if [ $? -ne 0 ]; then
    bad schedule_default_on "kiosk exited: $(grep -m1 -E 'expect|error' "$T/default/log")"
else
    ok schedule_default_on
fi

# A value that is not yes or no: one log line naming the file and the key, screen stays on.
run bad "dark_outside_hours = ja" <<'S'
clock 2026-12-07 23:00
wait 180000
expect-screen attract
S
if [ $? -ne 0 ]; then
    bad schedule_bad_value "kiosk exited: $(grep -m1 -E 'expect|error' "$T/bad/log")"
elif ! grep -q 'location.conf: \[kiosk\] dark_outside_hours: "ja" is not yes or no' "$T/bad/log"; then
    bad schedule_bad_value "no log line naming the file and the key"
else
    ok schedule_bad_value
fi
