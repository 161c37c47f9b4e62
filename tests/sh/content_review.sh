#!/usr/bin/env bash
# Review state of translations (issue 13): staff mode's content tab shows, per language, how
# far its texts were checked, read from the PO headers ("X-Review-State", "X-Review-Date");
# a pack whose texts are checked changes what staff see. Prints PASS/FAIL lines.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

STATE=$T/state
mkdir -p "$STATE" "$T/pack/ar"
hash=$(echo 2468 | "$B/staffpin" | sed -n 's/^pin = //p')
printf '[staff]\npin = %s\n[packs]\nkeys = %s/keys\n' "$hash" "$T" >"$STATE/location.conf"
open_staff() {
    printf 'size 1080 1920\ntap-hold 5 5 5100\n'
    for d in 2 4 6 8; do echo "tap-id staff:key:$d"; done
    echo "tap-id staff:key:ok"
    echo "tap-id staff:tab:content"
}
run() { # $1 name, then content roots; script on stdin
    local name=$1
    shift
    cat >"$T/$name.script"
    "$B/kiosk" --headless --state "$STATE" "$@" --script "$T/$name.script" >"$T/$name.log" 2>&1
}
why() { grep -m1 -E 'expect|error|FAIL' "$T/$1.log" || tail -n 3 "$T/$1.log"; }

# The shipped translations are machine-made drafts: staff see that.
if run drafts --content locales <<S; then pass review_shown_draft; else fail review_shown_draft "$(why drafts)"; fi
$(open_staff)
expect-text staff:review Controle van de teksten
expect-text staff:review:ar العربية (ar): niet gecontroleerd (concept), 2026-12-07
S

# A reviewed Arabic text (as a municipality's pack would carry) replaces the draft's state.
for kind in kiosk topics; do
    sed -e 's/^"X-Review-State: none\\n"$/"X-Review-State: native-speaker\\n"/' \
        -e 's/^"X-Review-Date: .*\\n"$/"X-Review-Date: 2026-12-05\\n"/' \
        locales/ar/$kind.po >"$T/pack/ar/$kind.po"
done
if run reviewed --content locales --content "$T/pack" <<S; then
$(open_staff)
expect-text staff:review:ar gecontroleerd door iemand met deze moedertaal, 2026-12-05
expect-text staff:review:nl niet gecontroleerd
S
    pass review_shown_native
else
    fail review_shown_native "$(why reviewed)"
fi

# packtool create warns, naming the folder and language, when a pack holds unreviewed text,
# and says nothing about a language a native speaker has checked.
out=$("$B/packtool" create locales/tr -o "$T/tr.pack" --no-video-check 2>&1)
if [ $? -eq 0 ] && grep -q "locales/tr: texts not reviewed (X-Review-State: none" <<<"$out"; then
    pass review_packtool_warns
else
    fail review_packtool_warns "$(head -c 300 <<<"$out")"
fi
out=$("$B/packtool" create "$T/pack/ar" -o "$T/ar.pack" --no-video-check 2>&1)
if [ $? -eq 0 ] && ! grep -q "not reviewed" <<<"$out" && [ -s "$T/ar.pack" ]; then
    pass review_packtool_quiet_when_reviewed
else
    fail review_packtool_quiet_when_reviewed "$(head -c 300 <<<"$out")"
fi
[ $fails -eq 0 ]
