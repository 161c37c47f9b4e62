#!/usr/bin/env bash
# Packs through staff mode and the fleet inbox, driven by the headless kiosk: offers from a USB
# stick, install, the same version again, a damaged pack refused, rollback, checking a video,
# and packs dropped in the inbox installed between sessions only (half-synced files left
# alone). Prints PASS/FAIL lines.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
OUT=${OUT:-$B/test-out/staff_packs}
mkdir -p "$OUT"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

STATE=$T/state
STICK=$T/media/STICK
mkdir -p "$STATE" "$STICK" "$T/keys" "$T/src"
(cd "$T/keys" && minisign -G -W -p muni.pub -s muni.key -f >/dev/null 2>&1) || {
    echo "FAIL staff_packs_setup: minisign -G failed"
    exit 1
}
hash=$(echo 246813 | "$B/staffpin" | sed -n 's/^pin = //p')
printf '[staff]\npin = %s\nusb = %s/media/*\n[packs]\nkeys = %s/keys\n' "$hash" "$T" "$T" \
    >"$STATE/location.conf"

# A French pack whose language name says which version it is, with one (dummy) video.
make_pack() { # $1 version, $2 output
    rm -rf "$T/src/fr"
    cp -r locales/fr "$T/src/fr"
    mkdir -p "$T/src/fr/videos"
    head -c 3000 /dev/urandom >"$T/src/fr/videos/wijkteam.mp4"
    sed -i "/^msgctxt \"language.name\"/,/^msgstr/ s/^msgstr \".*\"/msgstr \"Français v$1\"/" \
        "$T/src/fr/kiosk.po"
    "$B/packtool" create "$T/src/fr" -o "$2" --version "$1" --sign "$T/keys/muni.key" --no-video-check >/dev/null
}
installed() { "$B/packtool" list --state "$STATE" 2>/dev/null | awk '$1 == "fr" {print $2}'; }

run() {
    cat >"$T/$1.script"
    "$B/kiosk" --headless --state "$STATE" --content locales --script "$T/$1.script" \
        --shots "$OUT" --dump-ui >"$T/$1.log" 2>&1
}
why() { grep -m1 -E 'expect|error|FAIL' "$T/$1.log" || tail -n 3 "$T/$1.log"; }
open_staff() {
    printf 'size 1280 720\ntap-hold 5 5 5100\n'
    for d in 2 4 6 8 1 3; do echo "tap-id staff:key:$d"; done
    echo "tap-id staff:key:ok"
}

make_pack 1 "$STICK/fr.pack" || { echo "FAIL staff_packs_setup: packtool create"; exit 1; }
echo "not a pack" >"$STICK/holiday.jpg"

if run install <<S; then pass staff_usb_install; else fail staff_usb_install "$(why install)"; fi
$(open_staff)
tap-id staff:tab:new
expect-text staff:offer:0 USB-stick
expect-text staff:offer:0 fr: versie 1
expect-no-element staff:offer:1
shot staff_new
tap-id staff:install:0
expect-text staff:message Klaar
tap-id staff:tab:content
expect-text staff:pack:fr fr: versie 1 van
shot staff_content
tap-id staff:tab:new
tap-id staff:install:0
expect-text staff:message stond al
S
[ "$(installed)" = 1 ] && pass staff_usb_install_listed || fail staff_usb_install_listed "packtool list: '$(installed)'"

# The installed pack is part of the content right away (its language name changed).
if run shown <<'S'; then pass staff_installed_content_shown; else fail staff_installed_content_shown "$(why shown)"; fi
size 1280 720
tap 640 360
expect-text lang:fr Français v1
S

# A damaged pack on the stick: refused, installed content untouched.
make_pack 2 "$STICK/fr.pack"
printf '\x55' | dd of="$STICK/fr.pack" bs=1 seek=2000 conv=notrunc 2>/dev/null
if run damaged <<S; then pass staff_damaged_pack_refused; else fail staff_damaged_pack_refused "$(why damaged)"; fi
$(open_staff)
tap-id staff:tab:new
tap-id staff:install:0
expect-text staff:message Niet geïnstalleerd
shot staff_refused
S
[ "$(installed)" = 1 ] && pass staff_damaged_pack_changes_nothing || fail staff_damaged_pack_changes_nothing "installed: '$(installed)'"

# Version 2, then back to version 1 with the rollback button.
make_pack 2 "$STICK/fr.pack"
if run rollback <<S; then pass staff_rollback; else fail staff_rollback "$(why rollback)"; fi
$(open_staff)
tap-id staff:tab:new
tap-id staff:install:0
expect-text staff:message Klaar
tap-id staff:tab:content
expect-text staff:pack:fr versie 2
tap-id staff:rollback:fr
expect-text staff:message vorige versie
expect-text staff:pack:fr versie 1
S
[ "$(installed)" = 1 ] && pass staff_rollback_listed || fail staff_rollback_listed "installed: '$(installed)'"

# Checking a video: the video screen, and back into staff mode without the PIN.
if run video <<S; then pass staff_play_video; else fail staff_play_video "$(why video)"; fi
$(open_staff)
tap-id staff:tab:videos
expect-text staff:play:fr:wijkteam Français
shot staff_videos
tap-id staff:play:fr:wijkteam
expect-screen video
tap-id back
expect-screen staff
expect-text staff:tab:videos Video's
S

# The inbox: a pack arriving while a resident uses the kiosk waits; between sessions it goes in.
rm -f "$STICK"/fr.pack*
make_pack 3 "$T/fr3.pack"
cp "$T/fr3.pack" "$STATE/inbox/.syncthing.fr3.pack.tmp"
cp "$T/fr3.pack" "$STATE/inbox/fr3.pack"
cp "$T/fr3.pack.minisig" "$STATE/inbox/fr3.pack.minisig"
if run session <<'S'; then pass staff_inbox_waits_during_session; else fail staff_inbox_waits_during_session "$(why session)"; fi
size 1280 720
tap 640 360
tap-id lang:nl
tap-id lang:nl
wait 40000
expect-screen topics
S
[ "$(installed)" = 1 ] || fail staff_inbox_not_during_session "installed during a session: '$(installed)'"

if run inbox <<'S'; then pass staff_inbox_between_sessions; else fail staff_inbox_between_sessions "$(why inbox)"; fi
size 1280 720
wait 25000
expect-screen attract
tap 640 360
expect-text lang:fr Français v3
S
[ "$(installed)" = 3 ] && pass staff_inbox_installed || fail staff_inbox_installed "installed: '$(installed)'"
[ -f "$STATE/inbox/fr3.pack" ] && [ -f "$STATE/inbox/.syncthing.fr3.pack.tmp" ] &&
    pass staff_inbox_left_in_place || fail staff_inbox_left_in_place "the kiosk removed files from the inbox"
[ $fails -eq 0 ]
