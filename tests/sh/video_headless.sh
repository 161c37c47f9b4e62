#!/usr/bin/env bash
# Video through the headless kiosk, where a script alone cannot tell: the picture on screen
# 1 s (virtual) after the tap is a real, non-black frame (measured in the screenshot with
# ffmpeg), and the idle timeout never cuts a playing video but counts from its end.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
R=$B/media/roots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

kiosk() { # $1 = state dir, $2 = script, $3... = extra content roots
    local state=$1 script=$2
    shift 2
    local roots=()
    for r in "$@"; do roots+=(--content "$r"); done
    "$B/kiosk" --headless --state "$state" --content locales --content "$B/content" \
        "${roots[@]}" --script "$script" --shots "$tmp/shots" --dump-ui
}

# Mean luma (0-255) of a region of a PNG: crop=w:h:x:y.
luma() {
    ffmpeg -hide_banner -nostdin -i "$1" -vf "crop=$2,signalstats,metadata=print:key=lavfi.signalstats.YAVG" \
        -f null - 2>&1 | sed -n 's/.*lavfi.signalstats.YAVG=\([0-9.]*\).*/\1/p' | head -n1
}

mkdir -p "$tmp/shots" "$tmp/s1" "$tmp/s2"

# 1. A picture within 1 s of virtual time, measured where no control covers it.
cat >"$tmp/frame.script" <<'S'
tap 960 540
tap-id lang:nl
tap-id lang:nl
tap-id topic:videotest
shot at0
wait 1000
expect-screen video
shot at1000
S
if kiosk "$tmp/s1" "$tmp/frame.script" "$R/base" "$R/play" >"$tmp/frame.log" 2>&1; then
    y=$(luma "$tmp/shots/at1000.png" 1920:500:0:200)
    if [ -n "$y" ] && [ "${y%.*}" -gt 40 ]; then
        echo "PASS video_frame_not_black_within_1s (mean luma $y)"
    else
        echo "FAIL video_frame_not_black_within_1s: mean luma of the picture '$y'"
    fi
else
    echo "FAIL video_frame_not_black_within_1s: kiosk failed: $(tail -n 3 "$tmp/frame.log")"
fi

# 2. Idle timeout 10 s, a 12 s video watched without a touch: no warning while it plays;
#    the timeout counts from the end (warning 10 - 3.3 s after it, reset at 10 s).
printf '[kiosk]\nidle_timeout = 10\n' >"$tmp/s2/location.conf"
cat >"$tmp/idle.script" <<'S'
tap 960 540
tap-id lang:nl
tap-id lang:nl
tap-id topic:videotest
wait 11000
expect-screen video
expect-no-element idle.continue
expect-no-element replay
wait 2000
expect-text replay Opnieuw kijken
expect-no-element idle.continue
wait 5000
expect-screen video
expect-no-element idle.continue
wait 2000
expect-text idle.continue Ja
wait 4000
expect-screen attract
S
if kiosk "$tmp/s2" "$tmp/idle.script" "$R/base" "$R/idle" >"$tmp/idle.log" 2>&1; then
    echo "PASS video_idle_counts_from_the_end"
else
    echo "FAIL video_idle_counts_from_the_end: $(grep -m1 expect "$tmp/idle.log")"
fi
