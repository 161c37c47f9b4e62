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
hash=$(echo 246813 | "$B/staffpin" | sed -n 's/^pin = //p')
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
$(digits 246813)
expect-text staff:tab:content Inhoud
expect-text staff:tab:figures Gebruik
shot staff_open
S

if run idle <<S; then pass staff_closes_after_two_minutes; else fail staff_closes_after_two_minutes "$(why idle)"; fi
size 1280 720
tap-hold 5 715 5100
$(digits 246813)
expect-text staff:tab:new Nieuwe inhoud
wait 100000
expect-screen staff
wait 21000
expect-screen attract
S

if run close <<S; then pass staff_close_button; else fail staff_close_button "$(why close)"; fi
size 1280 720
tap-hold 1275 5 5100
$(digits 246813)
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
$(digits 246813)
expect-text staff:message over 5 minuten
expect-no-element staff:tab:content
S

# Switched off and on: still locked; 5 minutes later the right PIN opens staff mode.
if run restart <<S; then pass staff_lock_survives_restart; else fail staff_lock_survives_restart "$(why restart)"; fi
size 1280 720
tap-hold 5 5 5100
expect-text staff:message over 5 minuten
$(digits 246813)
expect-no-element staff:tab:content
wait 100000
$(digits 246813)
expect-text staff:message minuten
wait 100000
tap-hold 5 5 5100
wait 100000
$(digits 246813)
expect-text staff:tab:content Inhoud
S

# The lockout is in the state folder, never in the config; the config holds only a hash.
grep -q '^pin = \$argon2id\$' "$STATE/location.conf" && ! grep -q 246813 "$STATE/location.conf" &&
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
# The hash is moved out of the world-readable location.conf into a private staff.pin.
mode=$(stat -c %a "$STATE/staff.pin" 2>/dev/null)
cmode=$(stat -c %a "$STATE/location.conf")
[ "$mode" = 600 ] && [ "${cmode: -2}" = 00 ] && grep -q 'pin moved to' "$T/short.log" &&
    pass staff_pin_private_file || fail staff_pin_private_file "staff.pin mode '$mode', location.conf $cmode"

# Empty OKs are no tries; a second lock in a row lasts twice as long (10 minutes).
rm -f "$STATE/staff-pin.state"
if run escalate <<S; then pass staff_pin_empty_ok_and_escalation; else fail staff_pin_empty_ok_and_escalation "$(why escalate)"; fi
size 1280 720
tap-hold 5 5 5100
$(for i in 1 2 3 4 5 6 7; do echo "tap-id staff:key:ok"; done)
$(digits 111111)
expect-text staff:message nog 4 keer
$(digits 222222)
$(digits 333333)
$(digits 444444)
$(digits 555555)
expect-text staff:message over 5 minuten
wait 100000
tap-hold 5 5 5100
wait 100000
tap-hold 5 5 5100
wait 100000
tap-hold 5 5 5100
$(for p in 111111 222222 333333 444444 555555; do digits $p; done)
expect-text staff:message over 10 minuten
S
rm -f "$STATE/staff-pin.state"

# staffpin: a new PIN has at least 6 digits; --state writes a 0600 staff.pin the kiosk uses.
if echo 2468 | "$B/staffpin" >/dev/null 2>&1; then
    fail staffpin_six_digits "a 4-digit PIN was accepted"
else
    pass staffpin_six_digits
fi
mkdir -p "$T/own"
if echo 97531086 | "$B/staffpin" --state "$T/own" 2>/dev/null && [ "$(stat -c %a "$T/own/staff.pin")" = 600 ] &&
    "$B/kiosk" --headless --state "$T/own" --content locales --script /dev/stdin >"$T/own.log" 2>&1 <<S; then
size 1280 720
tap-hold 5 5 5100
$(digits 97531086)
expect-text staff:tab:content Inhoud
S
    pass staffpin_state_file_opens
else
    fail staffpin_state_file_opens "$(grep -m1 -E 'expect|error' "$T/own.log")"
fi
[ $fails -eq 0 ]
