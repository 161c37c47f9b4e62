#!/usr/bin/env bash
# Hostile operator and pack text, through the real kiosk (found by fuzzing): a phone number
# spoofed with an RTL override, a pack title reversed by one, a contact value long enough to
# be cut mid-character, a location name of 100 KB of combining marks.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
mkdir -p "$T/state" "$T/shots" "$T/pack/nl"

python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
rlo, pdf = "\u202e", "\u202c"
with open(t + "/state/location.conf", "w", encoding="utf-8") as f:
    f.write("[location]\nname = Wijk" + "\u0308" * 50000 + "\n")
    f.write("[contact]\nphone = 14 " + rlo + "3210" + pdf + "\n")
    # 600 two- and three-byte characters: longer than the screen's 512-byte buffer.
    f.write("address = " + "é€" * 300 + "\n")
# A pack root whose Dutch title for a topic carries an RTL override.
with open(t + "/pack/nl/topics.po", "w", encoding="utf-8") as f:
    f.write('msgid ""\nmsgstr "Language: nl\\nContent-Type: text/plain; charset=UTF-8\\n"\n\n')
    f.write('msgctxt "mantelzorg.title"\nmsgid "x"\nmsgstr "' + rlo + 'Zorgt u voor iemand?' + pdf + '"\n')
PY
cat >"$T/contact.script" <<'S'
tap 960 540
tap-id lang:nl
tap-id lang:nl
expect-text topic:mantelzorg Zorgt u voor iemand?
tap-id contact
expect-screen contact
shot contact
S
start=$(date +%s%N)
"$B/kiosk" --headless --state "$T/state" --content locales --content "$T/pack" \
    --script "$T/contact.script" --shots "$T/shots" --dump-ui >"$T/log" 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ $rc -ne 0 ]; then
    fail hostile_text_contact_runs "kiosk exited $rc: $(grep -m1 -E 'expect|error' "$T/log")"
    exit 0
fi
pass hostile_text_contact_runs
# Start-up plus a few screens take about a second; the 100 KB name once took 30 s.
[ $ms -lt 10000 ] && pass hostile_text_no_freeze || fail hostile_text_no_freeze "took $ms ms"
grep -q "location.conf:[0-9]*: \[contact\] phone: 2 bidi" "$T/log" && pass hostile_text_conf_logged ||
    fail hostile_text_conf_logged "no log line for the override in the phone number"
grep -q 'topics.po:.*mantelzorg.title.*bidi' "$T/log" && pass hostile_text_po_logged ||
    fail hostile_text_po_logged "no log line for the override in the pack's title"
grep -q 'combining marks in a row' "$T/log" && pass hostile_text_marks_logged ||
    fail hostile_text_marks_logged "no log line for the stack of marks"
python3 - "$T/shots/contact.json" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8")
    print("PASS hostile_text_dump_valid_utf8")
except UnicodeDecodeError as e:
    print("FAIL hostile_text_dump_valid_utf8: %s" % e)
    sys.exit(0)
els = {}
def walk(o):
    if isinstance(o, dict):
        if "id" in o and "text" in o:
            els[o["id"]] = o["text"]
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.loads(text))
phone = els.get("contact.phone", "")
if "14 3210" in phone and "\u202e" not in phone and "\u202c" not in phone:
    print("PASS hostile_text_phone_not_spoofed")
else:
    print("FAIL hostile_text_phone_not_spoofed: %r" % phone)
addr = els.get("contact.address", "")
if addr.endswith("\u2069") and "\ufffd" not in addr and "é€" in addr:
    print("PASS hostile_text_address_cut_at_character")
else:
    print("FAIL hostile_text_address_cut_at_character: ends %r" % addr[-8:])
PY
