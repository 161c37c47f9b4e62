#!/usr/bin/env bash
# Usage figures through the headless kiosk: what residents do is counted (sessions, contact
# cards), staff see it and export it as CSV to a USB stick, the kiosk writes finished days to
# the outbox, a damaged database is set aside, and after a power cut (SIGKILL of a kiosk in the
# middle of counting) the figures are whole and hold every count that was made.
# Prints PASS/FAIL lines.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
OUT=${OUT:-$B/test-out/staff_figures}
mkdir -p "$OUT"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

STATE=$T/state
STICK=$T/media/STICK
mkdir -p "$STATE" "$STICK"
hash=$(echo 246813 | "$B/staffpin" | sed -n 's/^pin = //p')
printf '[staff]\npin = %s\nusb = %s/media/*\n[packs]\nkeys = %s/keys\n' "$hash" "$T" "$T" \
    >"$STATE/location.conf"

run() {
    cat >"$T/$1.script"
    "$B/kiosk" --headless --state "$STATE" --content locales --script "$T/$1.script" \
        --shots "$OUT" --dump-ui >"$T/$1.log" 2>&1
}
why() { grep -m1 -E 'expect|error|FAIL' "$T/$1.log" || tail -n 3 "$T/$1.log"; }
open_staff() {
    printf 'size 1280 720\ntap-hold 5 5 5100\n'
    for d in 2 4 6 8 1 3; do echo "tap-id staff:key:$d"; done
    echo "tap-id staff:key:ok"
}
today=$(date +%F)
# CSV value: col N of the row for language $2, topic $3 in file $1 (0 when absent).
csv() { awk -F, -v l="$2" -v t="$3" -v c="$4" '$2 == l && $3 == t {v += $c} END {print v + 0}' "$1"; }

# Two Turkish sessions and one Arabic one with a contact card; staff mode itself counts nothing.
if run use <<'S'; then pass staff_figures_counted_from_screens; else fail staff_figures_counted_from_screens "$(why use)"; fi
size 1280 720
tap 640 360
tap-id lang:tr
tap-id lang:tr
tap-id home
tap-id lang:tr
tap-id lang:tr
tap-id home
tap-id lang:ar
tap-id lang:ar
tap-id topic:wijkteam
expect-screen video
tap-id home
tap-id home
expect-screen attract
S
# The export goes only into a real mount point: the stick is a tmpfs mounted in a private
# mount namespace (unshare; as root or through a user namespace), copied out before it goes.
# First the same folder unmounted: a plain folder is refused.
if run plain <<S; then pass staff_export_refuses_plain_folder_run; else fail staff_export_refuses_plain_folder_run "$(why plain)"; fi
$(open_staff)
tap-id staff:tab:figures
tap-id staff:export
expect-text staff:message geen USB-stick
S
[ -z "$(ls "$STICK")" ] && grep -q 'no mount point' "$T/plain.log" && pass staff_export_refuses_plain_folder ||
    fail staff_export_refuses_plain_folder "files in a folder that is no mount point: $(ls "$STICK")"
UNSHARE=(unshare -m)
[ "$(id -u)" = 0 ] || UNSHARE=(unshare -rm)
mkdir -p "$T/exported"
run() { # as above, with $STICK a mount point for the run
    cat >"$T/$1.script"
    "${UNSHARE[@]}" sh -c 'mount -t tmpfs stick "$1" || exit 9; shift; "$@"; rc=$?; cp "$STICK"/* "$T/exported/" 2>/dev/null; exit $rc' \
        sh "$STICK" "$B/kiosk" --headless --state "$STATE" --content locales --script "$T/$1.script" \
        --shots "$OUT" --dump-ui >"$T/$1.log" 2>&1
}
export STICK T
if run show <<S; then pass staff_figures_shown; else fail staff_figures_shown "$(why show)"; fi
$(open_staff)
tap-id staff:tab:figures
expect-text staff:fig:tr:sessions 2
expect-text staff:fig:ar:sessions 1
expect-text staff:fig:total:sessions 3
shot staff_figures
tap-id staff:export
expect-text staff:message wegwijs-
S
csvfile=$(ls "$T/exported"/wegwijs-*-"$today".csv 2>/dev/null | head -n1)
if [ -n "$csvfile" ] && head -n1 "$csvfile" | grep -qx 'day,language,topic,sessions,videos_started,videos_finished,contact_cards' &&
    [ "$(csv "$csvfile" tr "" 4)" = 2 ] && [ "$(csv "$csvfile" ar "" 4)" = 1 ]; then
    pass staff_export_csv_to_stick
else
    fail staff_export_csv_to_stick "$(ls "$STICK"; cat "$csvfile" 2>/dev/null)"
fi
grep -q ',[0-9]*,[0-9]*,[0-9]*,[0-9]*$' "$csvfile" && ! grep -qi 'pin\|[0-9]:[0-9]' "$csvfile" &&
    pass staff_export_has_no_times || fail staff_export_has_no_times "$(cat "$csvfile")"

# No stick: staff are told, nothing breaks.
if run nostick <<S; then pass staff_export_without_stick; else fail staff_export_without_stick "$(why nostick)"; fi
$(printf '[staff]\nusb = %s/none/*\n' "$T" >>"$STATE/location.conf")
$(open_staff)
tap-id staff:tab:figures
tap-id staff:export
expect-text staff:message geen USB-stick
S
sed -i '$d' "$STATE/location.conf"
sed -i '$d' "$STATE/location.conf"

# Videos started and watched to the end (the 6 s test video of tests/media, when made);
# staff checking a video counts nothing.
ROOTS=$B/media/roots
if [ -f "$ROOTS/play/nl/videos/videotest.mp4" ]; then
    cat >"$T/video.script" <<S
size 640 480
tap 320 240
tap-id lang:nl
tap-id lang:nl
tap-id topic:videotest
expect-screen video
wait 7000
tap-id home
tap-id home
$(open_staff)
tap-id staff:tab:videos
tap-id staff:play:nl:videotest
expect-screen video
wait 500
tap-id back
expect-screen staff
tap-id staff:close
S
    if "$B/kiosk" --headless --state "$STATE" --content locales --content "$ROOTS/base" \
        --content "$ROOTS/play" --script "$T/video.script" --shots "$OUT" >"$T/video.log" 2>&1; then
        started=$(sqlite3 "$STATE/stats.sqlite" "SELECT sum(videos_started) FROM counts WHERE lang = 'nl' AND topic = 'videotest'")
        finished=$(sqlite3 "$STATE/stats.sqlite" "SELECT sum(videos_finished) FROM counts WHERE lang = 'nl' AND topic = 'videotest'")
        [ "$started" = 1 ] && [ "$finished" = 1 ] && pass staff_figures_videos_counted ||
            fail staff_figures_videos_counted "started '$started', finished '$finished' (want 1 and 1)"
    else
        fail staff_figures_videos_counted "$(why video)"
    fi
fi

# The outbox: yesterday's figures go out once, today's not yet.
yesterday=$(date -d yesterday +%F)
sqlite3 "$STATE/stats.sqlite" "INSERT INTO counts (day, lang, topic, sessions) VALUES ('$yesterday', 'fa', '', 7)" 2>"$T/sqlite.err" ||
    fail staff_outbox_seed "$(cat "$T/sqlite.err")"
if run outbox <<'S'; then :; else fail staff_outbox_run "$(why outbox)"; fi
size 1280 720
wait 3000
S
out=$(ls "$STATE/outbox"/wegwijs-*-"$yesterday".csv 2>/dev/null | head -n1)
if [ -n "$out" ] && [ "$(csv "$out" fa "" 4)" = 7 ] && ! ls "$STATE/outbox" | grep -q "$today" &&
    ! ls -A "$STATE/outbox" | grep -q '^\.'; then
    pass staff_outbox_daily_csv
else
    fail staff_outbox_daily_csv "outbox: $(ls -A "$STATE/outbox" 2>&1)"
fi

# A power cut in the middle of counting: kill -9 the kiosk while it counts sessions. Each
# session ends on the attract screen, where its count is committed ("committed 1 counted
# events"); every committed count must survive, nothing half-written may appear.
{
    echo "size 640 480"
    echo "tap 320 240"
    for _ in $(seq 400); do
        echo "tap-id lang:nl"
        echo "tap-id lang:nl"
        echo "tap-id home"
        echo "tap-id home"
        echo "wait 10"
        echo "tap 320 240"
    done
} >"$T/many.script"
before=$(sqlite3 "$STATE/stats.sqlite" "SELECT coalesce(sum(sessions), 0) FROM counts WHERE lang = 'nl'")
WEGWIJS_LOG=debug "$B/kiosk" --headless --state "$STATE" --content locales --script "$T/many.script" \
    --shots "$OUT" >"$T/many.log" 2>&1 &
pid=$!
for _ in $(seq 200); do
    [ "$(grep -c 'committed 1 counted' "$T/many.log")" -ge 25 ] && break
    sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
logged=$(grep -c 'committed 1 counted' "$T/many.log")
if run after <<'S'; then :; else fail staff_power_cut_reopen "$(why after)"; fi
size 640 480
wait 100
S
now=$(sqlite3 "$STATE/stats.sqlite" "SELECT coalesce(sum(sessions), 0) FROM counts WHERE lang = 'nl'")
got=$((now - before))
if [ "$logged" -ge 25 ] && [ "$logged" -lt 400 ] && [ "$got" -ge "$logged" ] && [ "$got" -le $((logged + 1)) ] &&
    [ "$(sqlite3 "$STATE/stats.sqlite" 'PRAGMA integrity_check')" = ok ] &&
    ! ls "$STATE" | grep -q corrupt; then
    pass staff_stats_after_power_cut
else
    fail staff_stats_after_power_cut "killed after $logged committed sessions, database holds $got; $(ls "$STATE")"
fi

# A damaged database is set aside with one log line; the kiosk goes on counting.
head -c 8192 /dev/urandom >"$STATE/stats.sqlite"
rm -f "$STATE/stats.sqlite-wal" "$STATE/stats.sqlite-shm"
if run corrupt <<'S'; then pass staff_corrupt_stats_kiosk_runs; else fail staff_corrupt_stats_kiosk_runs "$(why corrupt)"; fi
size 640 480
tap 320 240
tap-id lang:uk
tap-id lang:uk
expect-screen topics
S
n=$(grep -c 'set aside' "$T/corrupt.log")
if [ "$n" = 1 ] && ls "$STATE" | grep -q 'stats.sqlite.corrupt-' &&
    [ "$(sqlite3 "$STATE/stats.sqlite" "SELECT sum(sessions) FROM counts WHERE lang = 'uk'")" = 1 ]; then
    pass staff_corrupt_stats_set_aside
else
    fail staff_corrupt_stats_set_aside "$n log lines; $(ls "$STATE")"
fi
[ $fails -eq 0 ]
