#!/usr/bin/env bash
# The contact card's take-home QR code (issue 12): made from location.conf, it decodes with
# zbar to a vCard with the configured phone (digits to dial) and address at every screen size,
# with and without large text, for a left-to-right and a right-to-left language.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/state" "$tmp/shots"
sed -e 's/^phone = .*/phone = 14 0599/' -e 's/^address = .*/address = Teststraat 7, 9999 ZZ Proefdorp/' \
    assets/location.conf >"$tmp/state/location.conf"
# Every size, a left-to-right and a right-to-left language, with and without large text:
# the code is always there (a column or a row of its own when the text needs the room).
sizes="1920x1080 1080x1920 1280x720 1024x600"
{
    for l in nl ar; do
        echo "reset"
        echo "language $l"
        echo "tap-id contact"
        echo "expect-screen contact"
        for large in normal large; do
            [ $large = large ] && echo "tap-id access.large"
            for sz in $sizes; do
                echo "size ${sz/x/ }"
                echo "shot ${l}_${large}_$sz"
            done
            echo "size 1920 1080"
        done
    done
} >"$tmp/qr.script"
shots=$(sed -n 's/^shot //p' "$tmp/qr.script")
if ! "$B/kiosk" --headless --state "$tmp/state" --content locales --content "$B/content" \
    --script "$tmp/qr.script" --shots "$tmp/shots" >"$tmp/kiosk.log" 2>&1; then
    fail qr_contact_screens "kiosk: $(grep -m1 -E 'expect|error' "$tmp/kiosk.log")"
    exit 1
fi
for shot in $shots; do
    text=$(zbarimg --raw -q "$tmp/shots/$shot.png" 2>/dev/null | tr -d '\r')
    if ! grep -q '^BEGIN:VCARD' <<<"$text"; then
        fail "qr_decodes_$shot" "zbarimg found no vCard in $shot.png"
    elif ! grep -qx 'TEL;TYPE=WORK,VOICE:140599' <<<"$text"; then
        fail "qr_decodes_$shot" "phone: $(grep TEL <<<"$text")"
    elif ! grep -qF 'ADR;TYPE=WORK:;;Teststraat 7\, 9999 ZZ Proefdorp;;;;' <<<"$text"; then
        fail "qr_decodes_$shot" "address: $(grep ADR <<<"$text")"
    elif ! grep -q '^NOTE:.*09:00-12:00' <<<"$text"; then
        fail "qr_decodes_$shot" "no walk-in hours: $(grep NOTE <<<"$text")"
    else
        pass "qr_decodes_$shot"
    fi
done
[ $fails -eq 0 ]
