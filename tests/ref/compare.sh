#!/usr/bin/env bash
# compare.sh SHOT.png REF.png: both scaled to 480x270 RGB by ffmpeg, compared in Python.
# Prints "mean M, differing P%" and exits 1 when the mean absolute difference per channel is
# over REF_MEAN (default 6.0 of 255) or over REF_PIXELS percent (default 4) of the pixels
# differ by more than 48 in any channel. Small font-rendering shifts pass, a moved or missing
# element does not.
set -u
raw() { ffmpeg -nostdin -v error -i "$1" -vf scale=480:270:flags=area -f rawvideo -pix_fmt rgb24 -; }
python3 - <(raw "$1") <(raw "$2") "${REF_MEAN:-6.0}" "${REF_PIXELS:-4}" <<'PY'
import sys
a = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
if len(a) != 480 * 270 * 3 or len(a) != len(b):
    print("cannot read both images (%d and %d bytes)" % (len(a), len(b)))
    sys.exit(1)
total = 0
bad = 0
for i in range(0, len(a), 3):
    d0 = abs(a[i] - b[i]); d1 = abs(a[i + 1] - b[i + 1]); d2 = abs(a[i + 2] - b[i + 2])
    total += d0 + d1 + d2
    if d0 > 48 or d1 > 48 or d2 > 48:
        bad += 1
mean = total / len(a)
pct = 100.0 * bad / (len(a) // 3)
print("mean %.2f, differing %.2f%%" % (mean, pct))
sys.exit(0 if mean <= float(sys.argv[3]) and pct <= float(sys.argv[4]) else 1)
PY
