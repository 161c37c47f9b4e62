#!/usr/bin/env bash
# Videos at pack time (issue 11): the files a municipality brings (tests/media/make.sh set/),
# through `packtool check` and `packtool create`. Broken files are refused naming the file and
# the reason; what the kiosk cannot play well is converted (and refused with --no-convert);
# every video gets a poster.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
PT=$PWD/$B/packtool
S=$PWD/$B/media/set
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# ffprobe one value of the first video stream: $1 = file, $2 = entry (width, height, ...).
vprobe() {
    ffprobe -v error -select_streams v:0 -show_entries "stream=$2" -of default=nw=1:nk=1 "$1" |
        head -n1
}

# 1. Each broken file alone: create refuses, names the file and says why; no pack is left.
while read -r file why; do
    d=$tmp/broken/${file%%.*}-${file##*.}
    mkdir -p "$d/nl/videos"
    cp "$S/$file" "$d/nl/videos/intro.${file##*.}"
    if "$PT" create "$d/nl" -o "$d.pack" --version 1 >"$d.out" 2>&1; then
        fail "pack_refuses_$file" "packed without a word"
    elif ! grep -q "nl/videos/intro.${file##*.}: refused: .*$why" "$d.out"; then
        fail "pack_refuses_$file" "no line naming the file and '$why': $(head -c 300 "$d.out")"
    elif [ -e "$d.pack" ]; then
        fail "pack_refuses_$file" "a pack was written anyway"
    else
        pass "pack_refuses_$file"
    fi
done <<'EOF'
zero.mp4 empty (0 bytes)
text.mp4 not a video file
random.mp4 not a video file
audio.mp4 only sound
cut.mp4 cut off
cutindex.mp4 cut off
cut.webm cut off
EOF

# 2. check reports every file of a mixed folder and fails on the broken ones.
mkdir -p "$tmp/mixed/nl/videos"
for f in zero.mp4 audio.mp4 cut.webm phone.mov uhd60.mp4 moovend.mp4 anamorphic.mp4; do
    cp "$S/$f" "$tmp/mixed/nl/videos/$f"
done
"$PT" check "$tmp/mixed" >"$tmp/check.out" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q 'zero.mp4: refused' "$tmp/check.out" &&
    grep -q 'audio.mp4: refused' "$tmp/check.out" && grep -q 'cut.webm: refused' "$tmp/check.out" &&
    grep -q 'uhd60.mp4: will be converted.*above 1080p.*above 30' "$tmp/check.out" &&
    grep -q 'moovend.mp4: its index will be moved' "$tmp/check.out" &&
    grep -q 'phone.mov: plays as it is.*shown 360x640' "$tmp/check.out" &&
    grep -q 'anamorphic.mp4: plays as it is.*shown 1024x576' "$tmp/check.out" &&
    grep -q '4 videos: 2 play as they are, 1 to convert, 1 to get their index moved, 3 refused' \
        "$tmp/check.out"; then
    pass check_reports_every_file
else
    fail check_reports_every_file "status $rc: $(tr '\n' '|' <"$tmp/check.out" | head -c 600)"
fi

# 3. --no-convert refuses what would need converting, and says why.
mkdir -p "$tmp/nc/nl/videos"
cp "$S/uhd60.mp4" "$tmp/nc/nl/videos/intro.mp4"
if ! "$PT" create "$tmp/nc/nl" -o "$tmp/nc.pack" --version 1 --no-convert >"$tmp/nc.out" 2>&1 &&
    grep -q 'intro.mp4: refused: .*above 1080p' "$tmp/nc.out"; then
    pass no_convert_refuses_4k60
else
    fail no_convert_refuses_4k60 "$(head -c 300 "$tmp/nc.out")"
fi

# 4. The good files: packed, the 4K60 one converted (1080p30 and 720p, index first), the one
#    with its index at the end copied with the index first, a poster for each.
mkdir -p "$tmp/good/nl/videos"
for f in moovend.mp4 anamorphic.mp4 odd10.mp4 phone.mov web.webm uhd60.mp4; do
    cp "$S/$f" "$tmp/good/nl/videos/$f"
done
cp "$B/media/sample.nl.vtt" "$tmp/good/nl/videos/web.nl.vtt"
t0=$(date +%s.%N)
if "$PT" create "$tmp/good/nl" -o "$tmp/good.pack" --version 1 >"$tmp/good.out" 2>&1; then
    pass pack_accepts_playable_files
else
    fail pack_accepts_playable_files "$(tail -n 5 "$tmp/good.out")"
fi
t1=$(date +%s.%N)
mkdir -p "$tmp/x"
tar xf "$tmp/good.pack" -C "$tmp/x" 2>/dev/null
V=$tmp/x/nl/videos
w=$(vprobe "$V/uhd60.mp4" width)
h=$(vprobe "$V/uhd60.mp4" height)
r=$(vprobe "$V/uhd60.mp4" r_frame_rate)
w7=$(vprobe "$V/uhd60.720p.mp4" width)
if [ "$w" = 1920 ] && [ "$h" = 1080 ] && [ "$r" = 30/1 ] && [ "$w7" = 1280 ] &&
    grep -q 'uhd60.mp4: converting .*100%' "$tmp/good.out" &&
    grep -q 'uhd60.mp4: converted in [0-9.]* s' "$tmp/good.out"; then
    pass convert_4k60_to_1080p30_and_720p
else
    fail convert_4k60_to_1080p30_and_720p "${w}x$h $r, 720p width $w7: $(grep uhd60 "$tmp/good.out" | tail -n 2)"
fi
echo "conversion of the 1 s 4K60 test file: $(grep -o 'uhd60.mp4: converted in [0-9.]* s' "$tmp/good.out") (create in all $(echo "$t1 - $t0" | bc) s)"
# The index now comes before the media data: 'moov' appears before 'mdat' in the file.
moov=$(grep -obUa moov "$V/moovend.mp4" | head -n1 | cut -d: -f1)
mdat=$(grep -obUa mdat "$V/moovend.mp4" | head -n1 | cut -d: -f1)
if [ -n "$moov" ] && [ -n "$mdat" ] && [ "$moov" -lt "$mdat" ]; then
    pass faststart_moves_the_index
else
    fail faststart_moves_the_index "moov at $moov, mdat at $mdat"
fi
ok=1
for s in moovend anamorphic odd10 phone web uhd60; do
    [ -s "$V/$s.poster.jpg" ] || { ok=0; fail poster_for_every_video "no $s.poster.jpg"; }
done
pw=$(vprobe "$V/phone.poster.jpg" width)
ph=$(vprobe "$V/phone.poster.jpg" height)
aw=$(vprobe "$V/anamorphic.poster.jpg" width)
ah=$(vprobe "$V/anamorphic.poster.jpg" height)
if [ $ok = 1 ] && [ "$pw" = 360 ] && [ "$ph" = 640 ] && [ "$aw" = 1024 ] && [ "$ah" = 576 ]; then
    pass poster_for_every_video_upright_in_display_aspect
elif [ $ok = 1 ]; then
    fail poster_for_every_video_upright_in_display_aspect "phone ${pw}x$ph, anamorphic ${aw}x$ah"
fi
# Subtitles are checked against their video: the 6 s sample's cues on a 2 s video.
if grep -q 'web.nl.vtt: subtitles run to 6.0 s but the video is 2.0 s long' "$tmp/good.out"; then
    pass subtitles_checked_against_the_video
else
    fail subtitles_checked_against_the_video "$(grep vtt "$tmp/good.out")"
fi
# The converted result passes check as it is.
if "$PT" check "$tmp/x" >"$tmp/recheck.out" 2>&1 &&
    grep -q '7 videos: 7 play as they are' "$tmp/recheck.out"; then
    pass converted_pack_plays_as_it_is
else
    fail converted_pack_plays_as_it_is "$(tail -n 3 "$tmp/recheck.out")"
fi
# 5. A file in a videos folder that is no video and has no video name is left out, with a word.
mkdir -p "$tmp/notes/nl/videos"
cp "$S/web.webm" "$tmp/notes/nl/videos/intro.webm"
echo "remember to film the town hall" >"$tmp/notes/nl/videos/notes.txt"
if "$PT" create "$tmp/notes/nl" -o "$tmp/notes.pack" --version 1 >"$tmp/notes.out" 2>&1 &&
    grep -q 'notes.txt: left out: not a video' "$tmp/notes.out" &&
    ! tar tf "$tmp/notes.pack" | grep -q notes.txt; then
    pass unused_file_left_out_with_a_warning
else
    fail unused_file_left_out_with_a_warning "$(head -c 300 "$tmp/notes.out")"
fi
