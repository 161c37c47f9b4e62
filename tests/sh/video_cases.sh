#!/usr/bin/env bash
# The files a municipality brings (issue 11, tests/media/make.sh set/) played by the headless
# kiosk as a topic's video: the picture is drawn in its display aspect and orientation
# (sample aspect and rotation applied, on a landscape and a portrait screen), it is really
# there (not black), a tap shows the poster at once, a broken 720p variant falls back to the
# full-size one, and a file under a name the kiosk does not play costs one log line.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
S=$PWD/$B/media/set
R=$PWD/$B/media/roots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# Mean luma (0-255) of a region of a PNG: crop=w:h:x:y.
luma() {
    ffmpeg -hide_banner -nostdin -i "$1" -vf "crop=$2,signalstats,metadata=print:key=lavfi.signalstats.YAVG" \
        -f null - 2>&1 | sed -n 's/.*lavfi.signalstats.YAVG=\([0-9.]*\).*/\1/p' | head -n1
}
# The drawn video rectangle "x y w h" from a --dump-ui JSON file.
vrect() {
    python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])):
    if e.get("id") == "video": print(*e["rect"])' "$1"
}
# A content root holding one file as the topic's video: $1 = root, $2 = file, $3 = name.
root() {
    mkdir -p "$1/nl/videos"
    cp "$2" "$1/nl/videos/$3"
}
# $1 = case, $2 = script, $3... = content roots
kiosk() {
    local name=$1 script=$2
    shift 2
    local roots=()
    for r in "$@"; do roots+=(--content "$r"); done
    mkdir -p "$tmp/$name.shots" "$tmp/$name.state"
    "$B/kiosk" --headless --state "$tmp/$name.state" --content locales --content "$B/content" \
        --content "$R/base" "${roots[@]}" --script "$script" --shots "$tmp/$name.shots" \
        --dump-ui >"$tmp/$name.log" 2>&1
}

play_script() { # $1 = out, $2 = screen size "W H" or ""
    {
        [ -n "$2" ] && echo "size $2"
        echo "tap 500 500"
        echo "tap-id lang:nl"
        echo "tap-id lang:nl"
        echo "tap-id topic:videotest"
        echo "shot at0"
        echo "wait 700"
        echo "expect-screen video"
        echo "shot at700"
    } >"$1"
}
play_script "$tmp/land.script" ""
play_script "$tmp/port.script" "1080 1920"

# 1. Aspect and orientation: expected display aspect as w/h*1000 for each playable case.
while read -r name file aspect screen; do
    root "$tmp/r.$name" "$S/$file" "videotest.${file##*.}"
    scr=$tmp/land.script
    [ "$screen" = portrait ] && scr=$tmp/port.script
    if ! kiosk "$name" "$scr" "$tmp/r.$name"; then
        fail "kiosk_plays_${name}" "kiosk failed: $(grep -m1 -E 'expect|warning|error' "$tmp/$name.log")"
        continue
    fi
    read -r x y w h < <(vrect "$tmp/$name.shots/at700.json")
    got=$((w * 1000 / h))
    # The picture itself: the middle of the rectangle is not black.
    y0=$(luma "$tmp/$name.shots/at700.png" "$((w / 2)):$((h / 4)):$((x + w / 4)):$((y + h * 3 / 8))")
    if [ $((got - aspect)) -gt 15 ] || [ $((aspect - got)) -gt 15 ]; then
        fail "kiosk_plays_${name}" "drawn ${w}x$h (aspect $got/1000), expected $aspect/1000"
    elif [ -z "$y0" ] || [ "${y0%.*}" -lt 40 ]; then
        fail "kiosk_plays_${name}" "the picture is black (mean luma '$y0') in ${w}x$h at $x,$y"
    elif grep -q 'warning' "$tmp/$name.log"; then
        fail "kiosk_plays_${name}" "$(grep -m1 warning "$tmp/$name.log")"
    else
        pass "kiosk_plays_${name} (${w}x$h on a $screen screen)"
    fi
done <<'EOF'
moovend moovend.mp4 1777 landscape
anamorphic anamorphic.mp4 1777 landscape
odd10 odd10.mp4 1773 landscape
phone_mov phone.mov 562 landscape
phone_portrait phone.mov 562 portrait
webm web.webm 1777 landscape
EOF

# 2. Refused files: the failure message, one log line naming the file. (A cut-off WebM is
#    refused by packtool; copied into the kiosk by hand it is only found if libvlc reports the
#    stated length, which it does not always do: not asserted here.)
sed 's/^wait 700$/wait 3000/' "$tmp/land.script" >"$tmp/refuse.script"
while read -r name file; do
    root "$tmp/r.$name" "$S/$file" "videotest.${file##*.}"
    kiosk "$name" "$tmp/refuse.script" "$tmp/r.$name"
    n=$(grep -c "videotest.${file##*.}" "$tmp/$name.log")
    if grep -q '"id": *"message"' "$tmp/$name.shots/at700.json" 2>/dev/null ||
        python3 -c 'import json,sys; sys.exit(0 if any(e.get("id")=="message" for e in json.load(open(sys.argv[1]))) else 1)' \
            "$tmp/$name.shots/at700.json" 2>/dev/null; then
        if [ "$n" = 1 ]; then
            pass "kiosk_refuses_$name"
        else
            fail "kiosk_refuses_$name" "$n log lines name the file"
        fi
    else
        fail "kiosk_refuses_$name" "no failure message: $(grep -m1 warning "$tmp/$name.log")"
    fi
done <<'EOF'
audio audio.mp4
cut_mp4 cut.mp4
text text.mp4
EOF

# 3. A pack made by packtool (converted 4K60, posters): the poster is on screen in the frame
#    of the tap, before the video's first picture; the converted video plays 16:9.
mkdir -p "$tmp/src/nl/videos"
cp "$S/uhd60.mp4" "$tmp/src/nl/videos/videotest.mp4"
if "$B/packtool" create "$tmp/src/nl" -o "$tmp/p.pack" --version 1 >"$tmp/pack.log" 2>&1; then
    mkdir -p "$tmp/r.pack"
    tar xf "$tmp/p.pack" -C "$tmp/r.pack"
    kiosk pack "$tmp/land.script" "$tmp/r.pack"
    read -r x y w h < <(vrect "$tmp/pack.shots/at0.json")
    y0=$(luma "$tmp/pack.shots/at0.png" "$((w / 2)):$((h / 4)):$((x + w / 4)):$((y + h * 3 / 8))")
    if [ -n "$y0" ] && [ "${y0%.*}" -ge 40 ] && [ $((w * 1000 / h)) = 1777 ] &&
        ! grep -q 'poster not shown' "$tmp/pack.log"; then
        pass "poster_on_screen_at_the_tap (luma $y0 at 0 ms)"
    else
        fail poster_on_screen_at_the_tap "luma '$y0' in ${w}x$h: $(grep -m1 warning "$tmp/pack.log")"
    fi
else
    fail poster_on_screen_at_the_tap "packtool create failed: $(tail -n 2 "$tmp/pack.log")"
fi

# 4. A broken 720p variant (chosen on a small screen) falls back to the full-size video.
mkdir -p "$tmp/r.fb/nl/videos"
cp "$S/cut.mp4" "$tmp/r.fb/nl/videos/videotest.720p.mp4"
cp "$S/moovend.mp4" "$tmp/r.fb/nl/videos/videotest.mp4"
play_script "$tmp/small.script" "1280 720"
if kiosk fb "$tmp/small.script" "$tmp/r.fb" && grep -q 'falling back to .*videotest.mp4' "$tmp/fb.log"; then
    read -r x y w h < <(vrect "$tmp/fb.shots/at700.json")
    y0=$(luma "$tmp/fb.shots/at700.png" "$((w / 2)):$((h / 4)):$((x + w / 4)):$((y + h * 3 / 8))")
    if [ -n "$y0" ] && [ "${y0%.*}" -ge 40 ]; then
        pass broken_720p_falls_back_to_full_size
    else
        fail broken_720p_falls_back_to_full_size "no picture after the fallback (luma '$y0')"
    fi
else
    fail broken_720p_falls_back_to_full_size "$(grep -m2 -E 'expect|warning' "$tmp/fb.log" | tr '\n' ' ')"
fi

# 5. A video under a name the kiosk does not play: one log line, the topic's text.
mkdir -p "$tmp/r.avi/nl/videos"
cp "$S/moovend.mp4" "$tmp/r.avi/nl/videos/videotest.avi"
kiosk avi "$tmp/land.script" "$tmp/r.avi"
if [ "$(grep -c 'videotest.avi: not used' "$tmp/avi.log")" = 1 ]; then
    pass unused_video_name_one_log_line
else
    fail unused_video_name_one_log_line "$(grep -c 'videotest.avi' "$tmp/avi.log") lines"
fi
