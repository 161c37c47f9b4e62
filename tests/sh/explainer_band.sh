#!/usr/bin/env bash
# Explainer slides keep their lower band free of text (issue 10's leftover): on a wide screen
# the kiosk lays a two-line subtitle over its controls up to 57% of the picture's height, so
# every slide of the test explainers (nl, ar, and the silent ti) has no ink below
# VIDEO_SLIDE_TEXT_BOTTOM (kiosk/video/vtt.h) but the progress bar. One frame a second,
# scaled to 480x270, is read with ffmpeg; a pixel is ink when its luma differs from the
# slide's background by more than 60.
set -u
B=${B:-build}
limit=$(sed -n 's/.*VIDEO_SLIDE_TEXT_BOTTOM = \([0-9]*\).*/\1/p' kiosk/video/vtt.h)
fails=0
for l in nl ar ti; do
    f=$B/content/$l/videos/clientondersteuning.mp4
    if [ ! -f "$f" ]; then
        echo "FAIL band_$l: $f is missing (make test-content)"
        fails=$((fails + 1))
        continue
    fi
    out=$(ffmpeg -nostdin -v error -i "$f" -vf fps=1,scale=480:270:flags=area -f rawvideo \
        -pix_fmt gray - | python3 -c '
import sys
W, H = 480, 270
limit = int(sys.argv[1])
data = sys.stdin.buffer.read()
worst, at = 0, -1
for n in range(len(data) // (W * H)):
    f = data[n * W * H:(n + 1) * W * H]
    bg = f[H // 2 * W + 2]  # the slide background, at the left edge
    low = 0
    # rows above the progress bar (which sits at 95-97% of the height)
    for y in range(H * 94 // 100):
        row = f[y * W:(y + 1) * W]
        if sum(1 for p in row if abs(p - bg) > 60) > 2:
            low = y
    if low > worst:
        worst, at = low, n
pct = 100 * (worst + 1) / H
print(f"{pct:.1f} {at} {len(data) // (W * H)}")
sys.exit(0 if pct <= limit else 1)
' "$limit")
    rc=$?
    read -r pct second frames <<<"$out"
    if [ $rc -eq 0 ] && [ -n "$frames" ] && [ "$frames" -gt 10 ]; then
        echo "PASS band_$l: $frames frames, lowest text at $pct% of the height (limit $limit%)"
    else
        echo "FAIL band_$l: text down to $pct% of the height at ${second}s (limit $limit%)"
        fails=$((fails + 1))
    fi
done
[ $fails -eq 0 ]
