#!/usr/bin/env bash
# Every language folder under the content root (default locales/) has every UI key and every
# topic field, nothing untranslated or fuzzy, passes `msgfmt --check`, and keeps the Dutch
# number of lines in multi-line texts (scripts), so subtitles can follow any narration.
# Adding a language is adding a folder: nothing here names a language except Dutch, the source.
# Prints one PASS/FAIL line per check; a FAIL names the file, the key and the language.
set -u
ROOT=${1:-locales}
SRC=$ROOT/nl
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

# The keys the screens use today (the lead's and the video engineer's); others may be added.
REQUIRED_UI="language.name attract.touch attract.subtitle languages.title topics.title nav.back
nav.home topic.watch contact.title contact.button contact.phone contact.address contact.hours
contact.free contact.closed video.play video.pause video.back10 video.subtitles video.replay
video.other_topics video.not_in_language video.failed video.watch explainer.end"
FIELDS="title summary script advice"

keys() { msgcat --no-wrap --force-po "$1" 2>/dev/null | sed -n 's/^msgctxt "\(.*\)"$/\1/p' | sort; }
# "key<TAB>number of lines" for every message.
line_counts() {
    msgcat --no-wrap --force-po "$1" 2>/dev/null | awk '
        function flush() { if (key != "") printf "%s\t%d\n", key, gsub(/\\n/, "", val) + 1; key = "" }
        /^msgctxt "/ { flush(); k = $0; sub(/^msgctxt "/, "", k); sub(/"$/, "", k); next }
        /^msgstr "/ { key = k; val = $0; sub(/^msgstr "/, "", val); sub(/"$/, "", val); next }
        /^"/ && key != "" { v = $0; sub(/^"/, "", v); sub(/"$/, "", v); val = val v; next }
        { flush() }
        END { flush() }' | sort
}

if [ ! -f "$SRC/kiosk.po" ] || [ ! -f "$SRC/topics.po" ]; then
    fail content_source "$SRC/kiosk.po and $SRC/topics.po (the Dutch source) must exist"
    exit 1
fi
if [ ! -f "$ROOT/topics.conf" ]; then
    fail content_topics_conf "$ROOT/topics.conf is missing"
    exit 1
fi

# topics.conf: "slug order pictogram", ASCII slugs, unique slugs and orders.
slugs=$(grep -v -e '^#' -e '^[[:space:]]*$' "$ROOT/topics.conf" | awk '{print $1}')
bad=$(grep -v -e '^#' -e '^[[:space:]]*$' "$ROOT/topics.conf" |
    awk 'NF != 3 || $1 !~ /^[a-z0-9-]+$/ || $2 !~ /^[0-9]+$/ {print NR": "$0}')
dup=$(grep -v -e '^#' -e '^[[:space:]]*$' "$ROOT/topics.conf" | awk '{print $1; print "order " $2}' | sort | uniq -d)
if [ -n "$bad$dup" ]; then
    fail content_topics_conf "$ROOT/topics.conf: bad or duplicate lines: $bad $dup"
else
    pass content_topics_conf
fi
[ "$(echo "$slugs" | wc -w)" -ge 7 ] && pass content_seven_topics ||
    fail content_seven_topics "$ROOT/topics.conf lists fewer than 7 topics"

ui_src=$(keys "$SRC/kiosk.po")
missing=""
for k in $REQUIRED_UI; do
    grep -qx "$k" <<<"$ui_src" || missing="$missing $k"
done
[ -z "$missing" ] && pass content_nl_required_keys ||
    fail content_nl_required_keys "$SRC/kiosk.po lacks:$missing"
topic_src=""
for s in $slugs; do
    for f in $FIELDS; do topic_src="$topic_src$s.$f"$'\n'; done
done
topic_src=$(sort <<<"${topic_src%$'\n'}")
src_lines=$( (line_counts "$SRC/kiosk.po"; line_counts "$SRC/topics.po") | sort)

langs=0
for dir in "$ROOT"/*/; do
    lang=$(basename "$dir")
    [ -f "$dir/kiosk.po" ] || [ -f "$dir/topics.po" ] || continue
    langs=$((langs + 1))
    for kind in kiosk topics; do
        po=$dir$kind.po
        po=${po//\/\//\/}
        if [ ! -f "$po" ]; then
            fail "content_${lang}_$kind" "$po is missing (language $lang)"
            continue
        fi
        if ! out=$(msgfmt --check -o /dev/null "$po" 2>&1); then
            fail "content_${lang}_${kind}_msgfmt" "$(head -n 3 <<<"$out" | tr '\n' ' ')"
        else
            pass "content_${lang}_${kind}_msgfmt"
        fi
        header_lang=$(msgcat --no-wrap "$po" 2>/dev/null | sed -n 's/^"Language: \([^\\]*\)\\n"$/\1/p' | head -n1)
        [ "$header_lang" = "$lang" ] && pass "content_${lang}_${kind}_header" ||
            fail "content_${lang}_${kind}_header" "$po: header says Language: '$header_lang', folder is $lang"
        if [ $kind = kiosk ]; then want=$ui_src; else want=$topic_src; fi
        have=$(keys "$po")
        miss=$(comm -23 <(echo "$want") <(echo "$have") | tr '\n' ' ')
        [ -z "$miss" ] && pass "content_${lang}_${kind}_keys" ||
            fail "content_${lang}_${kind}_keys" "$po (language $lang) misses keys: $miss"
        untr=$(msgattrib --untranslated --no-wrap "$po" 2>/dev/null | sed -n 's/^msgctxt "\(.*\)"$/\1/p' | tr '\n' ' ')
        [ -z "$untr" ] && pass "content_${lang}_${kind}_translated" ||
            fail "content_${lang}_${kind}_translated" "$po (language $lang) has untranslated keys: $untr"
        fuzzy=$(msgattrib --only-fuzzy --no-wrap "$po" 2>/dev/null | sed -n 's/^msgctxt "\(.*\)"$/\1/p' | tr '\n' ' ')
        [ -z "$fuzzy" ] && pass "content_${lang}_${kind}_not_fuzzy" ||
            fail "content_${lang}_${kind}_not_fuzzy" "$po (language $lang) has fuzzy keys: $fuzzy"
    done
    # Multi-line texts keep the Dutch line count (one cue per line in the videos).
    have_lines=$( (line_counts "$dir/kiosk.po"; line_counts "$dir/topics.po") | sort)
    diff_lines=$(join -t $'\t' <(echo "$src_lines") <(echo "$have_lines") |
        awk -F'\t' '$2 != $3 && ($2 > 1 || $3 > 1) {printf "%s (nl %s, %s %s) ", $1, $2, L, $3}' L="$lang")
    [ -z "$diff_lines" ] && pass "content_${lang}_line_counts" ||
        fail "content_${lang}_line_counts" "$dir (language $lang): line counts differ from Dutch: $diff_lines"
done
[ "$langs" -ge 9 ] && pass content_nine_languages || fail content_nine_languages "only $langs languages in $ROOT"

# The one rule for Dutch terms (issue 13): a term of terms.conf that a Dutch topic text names
# is also in that text in every other language, in brackets after the translation.
if [ -f "$ROOT/terms.conf" ]; then
    out=$(python3 - "$ROOT" <<'PY'
import re, sys, os
root = sys.argv[1]
terms = [l.strip() for l in open(f"{root}/terms.conf", encoding="utf8")
         if l.strip() and not l.lstrip().startswith("#")]
def texts(path):
    d, key, cur, buf = {}, None, None, ""
    for line in open(path, encoding="utf8"):
        m = re.match(r'^(msgctxt|msgid|msgstr) "(.*)"$', line.rstrip("\n"))
        if m:
            if cur == "msgstr" and key: d[key] = buf
            cur, buf = m.group(1), m.group(2)
            if cur == "msgctxt": key = buf
            continue
        m = re.match(r'^"(.*)"$', line.rstrip("\n"))
        if m: buf += m.group(1); continue
        if cur == "msgstr" and key: d[key] = buf
        cur, key = None, None
    if cur == "msgstr" and key: d[key] = buf
    return d
nl = texts(f"{root}/nl/topics.po")
for lang in sorted(os.listdir(root)):
    po = f"{root}/{lang}/topics.po"
    if lang == "nl" or not os.path.isfile(po): continue
    tr = texts(po)
    for key, text in nl.items():
        for t in terms:
            if t.lower() in text.lower() and key in tr and f"({t.lower()}" not in tr[key].lower() \
                    and f" {t.lower()})" not in tr[key].lower() and f", {t.lower()}" not in tr[key].lower():
                print(f"{po}: {key} lacks ({t})")
PY
)
    [ -z "$out" ] && pass content_dutch_terms_in_brackets ||
        fail content_dutch_terms_in_brackets "$(head -n 5 <<<"$out" | tr '\n' ' ')"
fi

# Every language the sample location offers has every topic (the per-folder checks above
# then hold for it): a topic missing in one offered language is a FAIL naming both.
CONF=${CONF:-assets/location.conf}
if [ -f "$CONF" ]; then
    offered=$(sed -n 's/^[[:space:]]*languages[[:space:]]*=[[:space:]]*//p' "$CONF" | tr ',' ' ')
    missing=""
    for lang in $offered; do
        have=$(keys "$ROOT/$lang/topics.po" 2>/dev/null)
        for s in $slugs; do
            grep -qx "$s.title" <<<"$have" || missing="$missing $lang:$s"
        done
    done
    [ -n "$offered" ] && [ -z "$missing" ] && pass content_offered_languages_have_every_topic ||
        fail content_offered_languages_have_every_topic "$CONF offers languages without topics:$missing"
fi

# Staff mode is Dutch only; its file must still be valid when present.
if [ -f "$SRC/staff.po" ]; then
    out=$(msgfmt --check -o /dev/null "$SRC/staff.po" 2>&1) && pass content_nl_staff_msgfmt ||
        fail content_nl_staff_msgfmt "$(head -n 3 <<<"$out" | tr '\n' ' ')"
fi
[ $fails -eq 0 ]
