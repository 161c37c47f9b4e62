#!/usr/bin/env bash
# Read-aloud on the contact card says the location's address and place name (issue 12's
# leftover): tools/mkspeech --location renders them from location.conf with the Dutch voice
# into nl/audio/location.{address,place}.<hash>.opus; the kiosk plays them after "Adres" in
# every language, and stays silent about an address whose audio was made for another value.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/state" "$tmp/content/nl" "$tmp/shots"
sed -e 's/^address = .*/address = Teststraat 7, 9999 ZZ Proefdorp/' \
    -e 's/^name = .*/name = Wijkcentrum De Proef/' assets/location.conf >"$tmp/state/location.conf"

# 1. The text handed to espeak-ng is the configured value, under a key made from it.
dry=$("$B/mkspeech" --lang nl --location "$tmp/state/location.conf" --dry-run 2>&1)
if grep -qP '^location\.address\.[0-9a-f]{8}\tespeak-ng\tTeststraat 7, 9999 ZZ Proefdorp$' <<<"$dry" &&
    grep -qP '^location\.place\.[0-9a-f]{8}\tespeak-ng\tWijkcentrum De Proef$' <<<"$dry"; then
    pass address_rendered_from_location_conf
else
    fail address_rendered_from_location_conf "$(grep '^location' <<<"$dry" || echo 'no location keys')"
fi
if "$B/mkspeech" --lang ar --location "$tmp/state/location.conf" --dry-run >/dev/null 2>&1; then
    fail address_dutch_voice_only "--location with --lang ar was accepted"
else
    pass address_dutch_voice_only
fi

# 2. Made for real (the other Dutch prompts copied first, so only these two are new).
cp -r "$B/content/nl/audio" "$tmp/content/nl/"
if ! "$B/mkspeech" --lang nl --out "$tmp/content" --location "$tmp/state/location.conf" \
    >"$tmp/mkspeech.log" 2>&1; then
    fail address_audio_made "$(tail -n 2 "$tmp/mkspeech.log")"
fi
key=$(grep -oP '^location\.address\.[0-9a-f]{8}' <<<"$dry")
if [ -s "$tmp/content/nl/audio/$key.opus" ]; then
    pass address_audio_made
else
    fail address_audio_made "no $key.opus"
fi

# 3. The kiosk says it, in Dutch and in Arabic; a changed address is not said.
say() { # $1 = name, $2 = language
    cat >"$tmp/$1.script" <<S
language $2
tap-id contact
expect-screen contact
tap-id access.speak
expect-speech yes
S
    WEGWIJS_LOG=debug "$B/kiosk" --headless --state "$tmp/state" --content locales \
        --content "$B/content" --content "$tmp/content" --script "$tmp/$1.script" \
        --shots "$tmp/shots" >"$tmp/$1.log" 2>&1
}
for l in nl ar; do
    if ! say "$l" "$l"; then
        fail "address_spoken_$l" "kiosk: $(grep -m1 -E 'expect|error' "$tmp/$l.log")"
    elif grep -q "says nl/audio/$key.opus" "$tmp/$l.log" &&
        grep -q "says $l/audio/contact.address.opus" "$tmp/$l.log" &&
        grep -q "says nl/audio/location.place." "$tmp/$l.log"; then
        pass "address_spoken_$l"
    else
        fail "address_spoken_$l" "said: $(grep -o 'says [a-z]*/audio/[^ ]*' "$tmp/$l.log" | tr '\n' ' ')"
    fi
done
sed -i 's/^address = .*/address = Andere straat 9, 1111 AA Elders/' "$tmp/state/location.conf"
if ! say changed nl; then
    fail address_changed_not_spoken "kiosk: $(grep -m1 -E 'expect|error' "$tmp/changed.log")"
elif grep -q "says nl/audio/location.address\|says nl/audio/contact.address" "$tmp/changed.log"; then
    fail address_changed_not_spoken "the old address (or the bare word) was said for a new address"
else
    pass address_changed_not_spoken
fi
[ $fails -eq 0 ]
