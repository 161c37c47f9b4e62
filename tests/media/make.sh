#!/usr/bin/env bash
# Makes the sample media the video tests play, at test time (nothing generated is committed).
#   tests/media/make.sh OUT        unit-test media in OUT/ and content roots in OUT/roots/
#   tests/media/make.sh OUT long   also OUT/long.mp4, 60 s of 1080p30 for `make bench`
# Every file is made from ffmpeg's test sources, so the set is the same on every machine and
# takes a few seconds. The broken files are broken in the ways the kiosk must survive.
set -euo pipefail
OUT=${1:?usage: make.sh OUT [long]}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }

# A 1080p H.264/AAC explainer stand-in: moving colour bars and a counter, a tone.
# Fast start (moov first), as the content pipeline writes its videos.
sample() { # $1 = out, $2 = seconds
    ff -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$2" \
        -f lavfi -i "sine=frequency=440:duration=$2" \
        -c:v libx264 -preset ultrafast -crf 30 -pix_fmt yuv420p -g 30 \
        -c:a aac -b:a 48k -movflags +faststart "$1.tmp.mp4"
    mv "$1.tmp.mp4" "$1"
}

[ -s "$OUT/sample.mp4" ] || sample "$OUT/sample.mp4" 6
# Its poster, as packtool makes it (kiosk/video/ready.c): the first picture at most 1280x720.
[ -s "$OUT/sample.poster.jpg" ] || ff -i "$OUT/sample.mp4" -frames:v 1 -vf scale=1280:720,setsar=1 \
    -q:v 3 -update 1 -f image2 "$OUT/sample.poster.jpg"
cp "$HERE"/sample.*.vtt "$OUT/"

# Zero bytes: an interrupted copy.
: >"$OUT/zero.mp4"
# Corrupt: noise where a video should be (deterministic: a seeded noise source).
ff -f lavfi -i "anoisesrc=seed=7:duration=1:sample_rate=48000" -f s16le "$OUT/corrupt.mp4"
# Truncated: the first 40 % of a fast-start file, so the 'mdat' box runs past the end.
head -c $(($(stat -c %s "$OUT/sample.mp4") * 4 / 10)) "$OUT/sample.mp4" >"$OUT/truncated.mp4"
# Unsupported codec: the sample with its video sample entry renamed from avc1 to a codec
# nobody decodes; the container stays intact.
cp "$OUT/sample.mp4" "$OUT/unsupported.mp4"
stsd=$(grep -obUa stsd "$OUT/unsupported.mp4" | head -n1 | cut -d: -f1)
off=$(grep -obUa avc1 "$OUT/unsupported.mp4" | awk -F: -v s="$stsd" '$1 > s {print $1; exit}')
printf 'zzzz' | dd of="$OUT/unsupported.mp4" bs=1 seek="$off" conv=notrunc status=none
# Ends early: a 2 s video whose movie header claims 20 s (what a cut stream looks like).
ff -f lavfi -i "testsrc2=size=640x360:rate=30:duration=2" -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p -movflags +faststart "$OUT/early.tmp.mp4"
patch_mvhd_duration() { # mvhd v0: 4 size, 4 type, 1+3 flags, 4 ctime, 4 mtime, 4 timescale, 4 duration
    local f=$1 m ts
    m=$(grep -obUa mvhd "$f" | head -n1 | cut -d: -f1)
    ts=$(od -An -tu1 -j $((m + 16)) -N4 "$f" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
    local d=$((ts * 20))
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((d >> 24 & 255)) $((d >> 16 & 255)) \
        $((d >> 8 & 255)) $((d & 255)))" | dd of="$f" bs=1 seek=$((m + 20)) conv=notrunc status=none
}
patch_mvhd_duration "$OUT/early.tmp.mp4"
mv "$OUT/early.tmp.mp4" "$OUT/early.mp4"

# The files a municipality brings (issue 11), in set/: each is a case for packtool and the
# kiosk. Small and short (2 s, 1 s for 4K) so they take seconds to make and to convert.
S=$OUT/set
if [ ! -s "$S/.done" ]; then
    mkdir -p "$S"
    src() { echo "testsrc2=size=$1:rate=${2:-30}:duration=${3:-2}"; }
    tone() { echo "sine=frequency=440:duration=${1:-2}"; }
    # H.264 with the index at the end (no fast start).
    ff -f lavfi -i "$(src 640x360)" -f lavfi -i "$(tone)" -c:v libx264 -preset ultrafast \
        -pix_fmt yuv420p -c:a aac -b:a 48k "$S/moovend.mp4"
    # Anamorphic PAL DVD: 720x576 pixels shown 16:9 (sample aspect 64:45).
    ff -f lavfi -i "$(src 720x576 25)" -f lavfi -i "$(tone)" -vf setsar=64/45 -c:v libx264 \
        -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 48k -movflags +faststart "$S/anamorphic.mp4"
    # Odd size, 10-bit, no sound.
    ff -f lavfi -i "$(src 642x362)" -c:v libx264 -preset ultrafast -pix_fmt yuv420p10le \
        -movflags +faststart "$S/odd10.mp4"
    # A phone's portrait video: HEVC in .mov, stored landscape with rotate=90.
    ff -f lavfi -i "$(src 640x360)" -f lavfi -i "$(tone)" -c:v libx265 -preset ultrafast \
        -x265-params log-level=error -tag:v hvc1 -pix_fmt yuv420p -c:a aac -b:a 48k \
        -movflags +faststart "$S/phone.tmp.mov"
    # (ffmpeg 5.1 writes the rotation only when copying streams.)
    ff -i "$S/phone.tmp.mov" -c copy -metadata:s:v:0 rotate=90 -movflags +faststart "$S/phone.mov"
    rm -f "$S/phone.tmp.mov"
    # VP9 and Opus in WebM.
    ff -f lavfi -i "$(src 640x360)" -f lavfi -i "$(tone)" -c:v libvpx-vp9 -deadline realtime \
        -cpu-used 8 -b:v 300k -c:a libopus -b:a 48k "$S/web.webm"
    # 4K at 60 frames per second, 1 s: the kiosk must get a 1080p30 conversion of it.
    ff -f lavfi -i "$(src 3840x2160 60 1)" -f lavfi -i "$(tone 1)" -c:v libx264 -preset ultrafast \
        -crf 35 -pix_fmt yuv420p -c:a aac -b:a 48k -movflags +faststart "$S/uhd60.mp4"
    # Sound only.
    ff -f lavfi -i "$(tone)" -c:a aac -b:a 48k "$S/audio.mp4"
    # Cut off: a fast-start file at 40 % (mdat runs past the end) and a moov-at-end file at
    # 60 % (the index never arrived).
    head -c $(($(stat -c %s "$S/anamorphic.mp4") * 4 / 10)) "$S/anamorphic.mp4" >"$S/cut.mp4"
    head -c $(($(stat -c %s "$S/moovend.mp4") * 6 / 10)) "$S/moovend.mp4" >"$S/cutindex.mp4"
    # A cut-off WebM: half of it.
    head -c $(($(stat -c %s "$S/web.webm") / 2)) "$S/web.webm" >"$S/cut.webm"
    : >"$S/zero.mp4"
    printf 'Dit is geen video maar een tekst.\nNiets om te spelen.\n' >"$S/text.mp4"
    ff -f lavfi -i "anoisesrc=seed=11:duration=1:sample_rate=48000" -f s16le "$S/random.mp4"
    touch "$S/.done"
fi

# Content roots in the agreed layout for the scripted UI tests (tests/ui/video_*.script name
# them with "# content-root:" lines): one topic "videotest" with titles in nl, ar and tr.
R=$OUT/roots
rm -rf "$R"
mkdir -p "$R/base"
cp "$HERE/topics.conf" "$R/base/topics.conf"
for l in nl ar tr; do
    mkdir -p "$R/base/$l"
    cp "$HERE/$l.topics.po" "$R/base/$l/topics.po"
done
for c in play corrupt zero; do mkdir -p "$R/$c/nl/videos" "$R/$c/ar/videos"; done
ln -f "$OUT/sample.mp4" "$R/play/nl/videos/videotest.mp4" 2>/dev/null || cp "$OUT/sample.mp4" "$R/play/nl/videos/videotest.mp4"
cp "$OUT/sample.nl.vtt" "$R/play/nl/videos/videotest.nl.vtt"
cp "$OUT/sample.ar.vtt" "$R/play/ar/videos/videotest.nl.vtt"
cp "$OUT/corrupt.mp4" "$R/corrupt/nl/videos/videotest.mp4"
cp "$OUT/zero.mp4" "$R/zero/nl/videos/videotest.mp4"

# 12 s, longer than the shortest idle timeout (10 s), for the idle test; small and quick.
[ -s "$OUT/small12.mp4" ] || ff -f lavfi -i "testsrc2=size=320x180:rate=30:duration=12" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart "$OUT/small12.mp4"
mkdir -p "$R/idle/nl/videos"
cp "$OUT/small12.mp4" "$R/idle/nl/videos/videotest.mp4"

if [ "${2:-}" = long ] && [ ! -s "$OUT/long.mp4" ]; then
    sample "$OUT/long.mp4" 60
fi

# A small clip for the 200 play/stop cycles: the cycles test the player, not the decoder.
[ -s "$OUT/small.mp4" ] || ff -f lavfi -i "testsrc2=size=320x180:rate=30:duration=2" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart "$OUT/small.mp4"
