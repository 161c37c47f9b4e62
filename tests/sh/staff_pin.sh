#!/usr/bin/env bash
# Staff mode through the headless kiosk: the corner hold, the PIN keypad, the lockout after 5
# wrong PINs (also across a restart), closing after 2 minutes idle. Prints PASS/FAIL lines.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
OUT=${OUT:-$B/test-out/staff_pin}
mkdir -p "$OUT"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

STATE=$T/state
mkdir -p "$STATE"
hash=$(echo 2468 | "$B/staffpin" | sed -n 's/^pin = //p')
printf '[staff]\npin = %s\n[packs]\nkeys = %s/keys\n' "$hash" "$T" >"$STATE/location.conf"

# run NAME: runs the kiosk on $T/NAME.script (stdin) with the shared state.
run() {
    cat >"$T/$1.script"
    "$B/kiosk" --headless --state "$STATE" --content locales --script "$T/$1.script" \
        --shots "$OUT" --dump-ui >"$T/$1.log" 2>&1
}
why() { grep -m1 -E 'expect|error|FAIL' "$T/$1.log" || tail -n 3 "$T/$1.log"; }
digits() { for d in $(echo "$1" | grep -o .); do echo "tap-id staff:key:$d"; done; echo "tap-id staff:key:ok"; }

if run short <<'S'; then pass staff_short_hold_does_nothing; else fail staff_short_hold_does_nothing "$(why short)"; fi
size 1280 720
tap-hold 5 5 4000
expect-screen attract
S

if run open <<S; then pass staff_corner_pin_opens; else fail staff_corner_pin_opens "$(why open)"; fi
size 1280 720
tap-hold 1275 715 5100
expect-screen staff
expect-text title pincode
expect-text staff:key:5 5
expect-no-element staff:tab:content
$(echo "tap-id staff:key:1"; echo "tap-id staff:key:del")
$(digits 2468)
expect-text staff:tab:content Inhoud
expect-text staff:tab:figures Gebruik
shot staff_open
S

if run idle <<S; then pass staff_closes_after_two_minutes; else fail staff_closes_after_two_minutes "$(why idle)"; fi
size 1280 720
tap-hold 5 715 5100
$(digits 2468)
expect-text staff:tab:new Nieuwe inhoud
wait 100000
expect-screen staff
wait 21000
expect-screen attract
S

if run close <<S; then pass staff_close_button; else fail staff_close_button "$(why close)"; fi
size 1280 720
tap-hold 1275 5 5100
$(digits 2468)
tap-id staff:close
expect-screen attract
S

if run lockout <<S; then pass staff_five_wrong_pins_lock; else fail staff_five_wrong_pins_lock "$(why lockout)"; fi
size 1280 720
tap-hold 5 5 5100
$(digits 1111)
expect-text staff:message nog 4 keer
$(digits 2222)
$(digits 3333)
$(digits 4444)
expect-text staff:message nog 1 keer
$(digits 5555)
expect-text staff:message over 5 minuten
shot staff_locked
$(digits 2468)
expect-text staff:message over 5 minuten
expect-no-element staff:tab:content
S

# Switched off and on: still locked; 5 minutes later the right PIN opens staff mode.
if run restart <<S; then pass staff_lock_survives_restart; else fail staff_lock_survives_restart "$(why restart)"; fi
size 1280 720
tap-hold 5 5 5100
expect-text staff:message over 5 minuten
$(digits 2468)
expect-no-element staff:tab:content
wait 100000
$(digits 2468)
expect-text staff:message minuten
wait 100000
tap-hold 5 5 5100
wait 100000
$(digits 2468)
expect-text staff:tab:content Inhoud
S

# The lockout is in the state folder, never in the config; the config holds only a hash.
grep -q '^pin = \$argon2id\$' "$STATE/location.conf" && ! grep -q 2468 "$STATE/location.conf" &&
    pass staff_pin_only_hashed || fail staff_pin_only_hashed "location.conf holds more than a hash"

# No PIN configured: staff mode says so and cannot be opened.
mkdir -p "$T/nopin"
"$B/kiosk" --headless --state "$T/nopin" --content locales --script /dev/stdin --shots "$OUT" \
    >"$T/nopin.log" 2>&1 <<S && pass staff_without_pin_stays_closed || fail staff_without_pin_stays_closed "$(why nopin)"
size 1280 720
tap-hold 5 5 5100
expect-text staff:message geen pincode
$(digits 0000)
expect-no-element staff:tab:content
S
[ $fails -eq 0 ]
