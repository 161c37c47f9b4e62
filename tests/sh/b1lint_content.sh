#!/usr/bin/env bash
# b1lint over all Dutch content (every PO file of locales/nl, staff.po included): no error.
# And the tool itself: an informal or bureaucratic sentence gives an error line naming the
# file and line, and a non-zero exit.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

if [ ! -x "$B/b1lint" ]; then
    fail b1lint_built "$B/b1lint is missing (make all)"
    exit 1
fi

out=$("$B/b1lint" --quiet locales/nl/*.po 2>&1)
rc=$?
echo "$out" | sed 's/^/    /'
if [ $rc -eq 0 ]; then
    pass b1lint_dutch_content
else
    fail b1lint_dutch_content "$(grep -m3 ': error: ' <<<"$out" | tr '\n' ' ')"
fi
score_ok=1
while read -r score; do
    awk -v s="$score" 'BEGIN { exit !(s >= 60) }' || score_ok=0
done < <(sed -n 's/.*Flesch-Douma \([0-9.-]*\).*/\1/p' <<<"$out")
[ $score_ok -eq 1 ] && pass b1lint_readability_b1 ||
    fail b1lint_readability_b1 "a Dutch file scores under 60 (Flesch-Douma)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'De hulp is gratis.\nIndien u wilt, kun je bellen.\n' >"$tmp/bad.txt"
out=$("$B/b1lint" "$tmp/bad.txt" 2>&1)
rc=$?
if [ $rc -eq 1 ] && grep -q "^$tmp/bad.txt:2: error: informal address \"kun je\"" <<<"$out" &&
    grep -q "^$tmp/bad.txt:2: error: bureaucratic \"indien\"" <<<"$out"; then
    pass b1lint_reports_errors
else
    fail b1lint_reports_errors "exit $rc, output: $(head -c 300 <<<"$out")"
fi
# A fuzzy-free PO file with an informal msgstr in Dutch, at the line of the sentence.
cat >"$tmp/x.po" <<'PO'
msgid ""
msgstr ""
"Language: nl\n"

msgctxt "a.script"
msgid ""
msgstr ""
"Kom langs.\n"
"Heb jij een vraag?"
PO
out=$("$B/b1lint" "$tmp/x.po" 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q "^$tmp/x.po:9: error: informal" <<<"$out" && pass b1lint_po_line ||
    fail b1lint_po_line "exit $rc, output: $(head -c 300 <<<"$out")"
printf 'msgid "a"\nmsgstr "b\n' >"$tmp/broken.po"
out=$("$B/b1lint" "$tmp/broken.po" 2>&1)
rc=$?
[ $rc -eq 2 ] && grep -q "broken.po:2: not a valid PO file" <<<"$out" && pass b1lint_bad_po ||
    fail b1lint_bad_po "exit $rc, output: $(head -c 300 <<<"$out")"
[ $fails -eq 0 ]
