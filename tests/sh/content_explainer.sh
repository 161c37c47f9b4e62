#!/usr/bin/env bash
# mkexplainer end to end: a short Dutch and Arabic explainer into a temporary folder, checked
# from the outside (ffprobe: H.264/AAC, duration; ffmpeg silencedetect: every stretch of
# speech lies inside a WebVTT cue and every cue holds speech; libvlc: it plays and its length
# matches; the kiosk's WebVTT reader: at most 15 characters a second, no gaps, no overlaps),
# a calm silent Tigrinya version (no voice, never another language's), the up-to-date check;
# then the same checks on the real test content in build/content (make test-content), which
# must last 30 to 90 s.
set -u
B=${B:-build}
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$B/mkexplainer" ]; then
    fail explainer_built "$B/mkexplainer is missing (make all)"
    exit 1
fi

# "start end" per cue, in seconds.
cues() {
    awk '/-->/ {
        split($1, a, ":"); split($3, b, ":");
        s = (length(a) == 3 ? a[1] * 3600 + a[2] * 60 + a[3] : a[1] * 60 + a[2]);
        e = (length(b) == 3 ? b[1] * 3600 + b[2] * 60 + b[3] : b[1] * 60 + b[2]);
        printf "%.3f %.3f\n", s, e }' "$1"
}
duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }
codecs() { ffprobe -v error -show_entries stream=codec_name -of default=nw=1:nk=1 "$1" | sort | tr '\n' ' '; }
# "start end" of every stretch of sound louder than -35 dB.
speech() {
    local d
    d=$(duration "$1")
    ffmpeg -hide_banner -nostdin -i "$1" -map 0:a -af silencedetect=noise=-35dB:d=0.2 -f null - 2>&1 |
        awk -v D="$d" '
            /silence_start:/ { s = $NF + 0; if (s - from > 0.05) printf "%.3f %.3f\n", from, s; insil = 1 }
            /silence_end:/   { for (i = 1; i <= NF; i++) if ($i == "silence_end:") from = $(i + 1) + 0; insil = 0 }
            BEGIN { from = 0 }
            END { if (!insil && D - from > 0.05) printf "%.3f %.3f\n", from, D }'
}

# B1 reading speed through the kiosk's own WebVTT parser: cps <= 15, no gap, no overlap.
check_reading() {
    local out
    if out=$("$B/mkexplainer" --check-vtt "$2" 2>&1); then
        pass "${1}_reading_speed"
        echo "    $out"
    else
        fail "${1}_reading_speed" "$out"
    fi
}

# Checks one video + its cues; $1 name, $2 mp4, $3 vtt, $4 expected cue count ("" = any),
# $5 minimum and $6 maximum duration.
check_video() {
    local name=$1 mp4=$2 vtt=$3 want=$4 min=$5 max=$6
    if [ ! -s "$mp4" ] || [ ! -s "$vtt" ]; then
        fail "${name}_exists" "$mp4 or $vtt is missing"
        return
    fi
    local c d
    c=$(codecs "$mp4")
    [ "$c" = "aac h264 " ] && pass "${name}_h264_aac" || fail "${name}_h264_aac" "$mp4 has streams: $c"
    d=$(duration "$mp4")
    awk -v d="$d" -v lo="$min" -v hi="$max" 'BEGIN { exit !(d >= lo && d <= hi) }' &&
        pass "${name}_duration" || fail "${name}_duration" "$mp4 lasts $d s, wanted $min..$max"
    cues "$vtt" >"$tmp/cues"
    speech "$mp4" >"$tmp/speech"
    local n
    n=$(wc -l <"$tmp/cues")
    if [ -n "$want" ] && [ "$n" -ne "$want" ]; then
        fail "${name}_cue_count" "$vtt has $n cues, wanted $want"
    else
        pass "${name}_cue_count"
    fi
    # Cues in order, inside the video, and the video not much longer than the last cue.
    local order
    order=$(awk -v d="$d" 'NR > 1 && $1 < prev { print "cue " NR " starts before cue " NR-1 " ends" }
        $2 <= $1 { print "cue " NR " is empty" }
        { prev = $2; last = $2 }
        END { if (last > d + 0.05) print "last cue ends at " last " after the video (" d ")";
              if (d - last > 3.0) print "video runs " d - last " s past the last cue" }' "$tmp/cues")
    [ -z "$order" ] && pass "${name}_cues_match_duration" || fail "${name}_cues_match_duration" "$order"
    # Every stretch of speech inside a cue (tolerance: AAC delay and the kept 40 ms).
    local uncovered
    uncovered=$(awk 'NR == FNR { s[NR] = $1; e[NR] = $2; n = NR; next }
        { ok = 0; for (i = 1; i <= n; i++) if ($1 >= s[i] - 0.15 && $2 <= e[i] + 0.15) ok = 1;
          if (!ok) printf "speech %s-%s outside every cue; ", $1, $2 }' "$tmp/cues" "$tmp/speech")
    [ -s "$tmp/speech" ] && [ -z "$uncovered" ] && pass "${name}_cues_cover_speech" ||
        fail "${name}_cues_cover_speech" "${uncovered:-no speech found in $mp4}"
    local silent
    silent=$(awk 'NR == FNR { s[NR] = $1; e[NR] = $2; n = NR; next }
        { ok = 0; for (i = 1; i <= n; i++) if (s[i] < $2 && e[i] > $1) ok = 1;
          if (!ok) printf "cue %s-%s has no speech; ", $1, $2 }' "$tmp/speech" "$tmp/cues")
    [ -z "$silent" ] && pass "${name}_cues_hold_speech" || fail "${name}_cues_hold_speech" "$silent"
    check_reading "$name" "$vtt"
    # libvlc, the kiosk's player: it plays, and its length agrees with ffprobe.
    local v len
    # Under SANITIZE=1: libvlc's plugins leak a few bytes at exit and are unloaded by then, so
    # there is no name to suppress them by; verify.c itself frees all it takes.
    if v=$(ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$B/mkexplainer" --verify "$mp4" 2>&1); then
        len=$(sed -n 's/.*length \([0-9.]*\) s.*/\1/p' <<<"$v")
        if grep -q "video h264" <<<"$v" && grep -q "audio mp4a" <<<"$v" &&
            awk -v a="$len" -v b="$d" 'BEGIN { exit !(a - b < 0.5 && b - a < 0.5) }'; then
            pass "${name}_plays_in_libvlc"
        else
            fail "${name}_plays_in_libvlc" "$v (ffprobe: $d s)"
        fi
    else
        fail "${name}_plays_in_libvlc" "$v"
    fi
}

# 1. Short videos: title, 2 script lines, 3 closing lines = 6 cues.
for lang in nl ar; do
    if out=$("$B/mkexplainer" --lang $lang --topic clientondersteuning --short 2 --height 360 \
        --no-720p --out "$tmp/out" 2>&1); then
        pass "explainer_${lang}_short_built"
        echo "    $out"
    else
        fail "explainer_${lang}_short_built" "$out"
        continue
    fi
    check_video "explainer_${lang}_short" "$tmp/out/$lang/videos/clientondersteuning.mp4" \
        "$tmp/out/$lang/videos/clientondersteuning.$lang.vtt" 6 5 30
done
ffprobe -v error -show_entries stream=height -of default=nw=1:nk=1 \
    "$tmp/out/nl/videos/clientondersteuning.mp4" 2>/dev/null | grep -qx 360 &&
    pass explainer_height || fail explainer_height "the --height 360 video is not 360 lines high"

# 2. Unchanged inputs: nothing is made again.
before=$(stat -c %Y.%s "$tmp/out/nl/videos/clientondersteuning.mp4" 2>/dev/null)
sleep 1
out=$("$B/mkexplainer" --lang nl --topic clientondersteuning --short 2 --height 360 --no-720p \
    --out "$tmp/out" 2>&1)
after=$(stat -c %Y.%s "$tmp/out/nl/videos/clientondersteuning.mp4" 2>/dev/null)
grep -q "up to date" <<<"$out" && [ "$before" = "$after" ] && pass explainer_up_to_date ||
    fail explainer_up_to_date "second run: $out"

# 3. Tigrinya has no espeak-ng voice: a silent video with Tigrinya slides and subtitles, paced
# by reading time; no Dutch voice.
silent_ti() { # $1 name, $2 mp4, $3 vtt, $4 cue count ("" = any)
    local name=$1 mp4=$2 vtt=$3 want=$4 c vol n
    if [ ! -s "$mp4" ] || [ ! -s "$vtt" ]; then
        fail "${name}_exists" "$mp4 or $vtt is missing"
        return
    fi
    c=$(codecs "$mp4")
    vol=$(ffmpeg -hide_banner -nostdin -i "$mp4" -map 0:a -af volumedetect -f null - 2>&1 |
        sed -n 's/.*max_volume: \([-0-9.inf]*\) dB.*/\1/p')
    n=$(cues "$vtt" | wc -l)
    if [ "$c" = "aac h264 " ] && awk -v v="$vol" 'BEGIN { exit !(v == "-inf" || v + 0 < -60) }' &&
        { [ -z "$want" ] || [ "$n" -eq "$want" ]; } && grep -q 'ደገፍ ንነበርቲ' "$vtt"; then
        pass "${name}_silent_tigrinya"
    else
        fail "${name}_silent_tigrinya" "streams '$c', max volume '$vol' dB, $n cues, in $vtt"
    fi
    check_reading "$name" "$vtt"
}
if out=$("$B/mkexplainer" --lang ti --topic clientondersteuning --short 2 --height 360 --no-720p \
    --out "$tmp/out" 2>&1); then
    grep -q "(silent)" <<<"$out" && pass explainer_ti_built ||
        fail explainer_ti_built "not a silent video: $out"
    silent_ti explainer_ti_short "$tmp/out/ti/videos/clientondersteuning.mp4" \
        "$tmp/out/ti/videos/clientondersteuning.ti.vtt" 6
else
    fail explainer_ti_built "$out"
fi
out=$("$B/mkexplainer" --lang nl --topic no-such-topic --out "$tmp/out" 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q 'no translation for "no-such-topic.title"' <<<"$out" &&
    pass explainer_unknown_topic || fail explainer_unknown_topic "exit $rc: $out"

# 4. The real test content (make test-content): full length, 1080p and 720p.
for lang in nl ar; do
    dir=$B/content/$lang/videos
    check_video "content_${lang}_video" "$dir/clientondersteuning.mp4" \
        "$dir/clientondersteuning.$lang.vtt" "" 30 90
    h=$(ffprobe -v error -show_entries stream=height -of default=nw=1:nk=1 "$dir/clientondersteuning.720p.mp4" 2>/dev/null)
    [ "$h" = 720 ] && pass "content_${lang}_720p" || fail "content_${lang}_720p" "$dir/clientondersteuning.720p.mp4: height '$h'"
done
silent_ti content_ti_video "$B/content/ti/videos/clientondersteuning.mp4" \
    "$B/content/ti/videos/clientondersteuning.ti.vtt" ""
# 5. The narration says what read-aloud says: the language's pronunciation list is applied to
#    the text handed to espeak-ng (kept in the temporary folder with --keep).
mkdir -p "$tmp/pr/uk"
cp locales/topics.conf "$tmp/pr/topics.conf"
cp locales/uk/*.po "$tmp/pr/uk/"
printf '%s\n' '# test list' 'консультант = КОНСУЛЬТАНТ' >"$tmp/pr/uk/pronounce.txt"
if "$B/mkexplainer" --root "$tmp/pr" --out "$tmp/pr-out" --lang uk --topic clientondersteuning \
    --height 360 --no-720p --short 3 --keep >"$tmp/pr.log" 2>&1; then
    segs=$(sed -n 's/^kept //p' "$tmp/pr.log")
    if grep -q 'КОНСУЛЬТАНТ' "$segs"/seg*.txt; then
        pass explainer_pronunciation_applied
    else
        fail explainer_pronunciation_applied "espeak-ng got: $(cat "$segs"/seg*.txt | head -c 200)"
    fi
else
    fail explainer_pronunciation_applied "mkexplainer failed: $(tail -n 2 "$tmp/pr.log")"
fi
[ $fails -eq 0 ]
