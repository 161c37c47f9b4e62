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
