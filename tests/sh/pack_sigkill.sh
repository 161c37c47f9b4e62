#!/usr/bin/env bash
# Power cut during an install: `packtool install` is killed with SIGKILL at 50 evenly spread
# write, fsync, rename and mkdir boundaries (WEGWIJS_PACK_CRASH_AT=N) plus every one of the
# last 8 (around the switch), for an update and for a first install. After each kill a restart
# (`packtool list`, which opens the store) must show the complete old or the complete new
# version, nothing mixed, no staging leftovers, and a new install must then succeed.
set -u
B=${B:-build}
PT=$PWD/$B/packtool
# Killing a process loses no page cache, so a memory file system proves the same and spares
# the disk thousands of fsyncs; /tmp when there is none.
base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
T=$(mktemp -d "$base/pack_sigkill.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

minisign -G -W -p key.pub -s key.key >/dev/null 2>&1 || { echo "FAIL sigkill_setup: minisign -G"; exit 1; }
mkdir keys && cp key.pub keys/

# Two versions of one language, 24 files each, some of them several blocks long.
for v in 1 2; do
    mkdir -p "src$v/fr/videos"
    printf 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n# version %s\n' "$v" >"src$v/fr/kiosk.po"
    for i in $(seq 1 20); do
        echo "subtitle $i of version $v" >"src$v/fr/videos/t$i.fr.vtt"
    done
    head -c $((300000 + v)) /dev/urandom >"src$v/fr/videos/intro.mp4"
    head -c 1200000 /dev/urandom >"src$v/fr/videos/long.mp4"
    echo "topics $v" >"src$v/fr/topics.po"
    "$PT" create "src$v/fr" -o "fr$v.pack" --version "$v" --sign key.key --no-video-check >/dev/null 2>&1 ||
        { echo "FAIL sigkill_setup: create v$v"; exit 1; }
done

"$PT" install fr1.pack --state template --keys keys >/dev/null 2>&1 || { echo "FAIL sigkill_setup: install v1"; exit 1; }

# state_ok DIR: exactly one complete version (1 or 2) of fr, or (first install) none at all.
state_ok() {
    local st=$1 allow_none=$2 out v
    out=$("$PT" list --state "$st" 2>/dev/null) || { echo "list failed"; return 1; }
    v=$(echo "$out" | awk '$1 == "fr" { print $2 }')
    if [ -z "$v" ]; then
        [ "$allow_none" = 1 ] || { echo "no version shown"; return 1; }
    else
        diff -r "$st/packs/fr/v$v/content" "src$v" >/dev/null || { echo "version $v is not complete"; return 1; }
    fi
    [ -z "$(ls -A "$st/packs/.staging")" ] || { echo "staging leftovers: $(ls -A "$st/packs/.staging")"; return 1; }
    for d in "$st"/packs/fr/v*; do
        [ -e "$d" ] || continue
        case "${d##*/v}" in
        1 | 2) ;;
        *) echo "stray $d"; return 1 ;;
        esac
    done
    ls "$st"/packs/fr/*.tmp "$st"/packs/*.tmp >/dev/null 2>&1 && { echo "temporary files left"; return 1; }
    return 0
}

run_points() { # $1 = label, $2 = template state ("" = empty), $3 = allow no version, $4 = spread
    local label=$1 tmpl=$2 allow=$3 spread=$4 n k i rc why shown1=0 shown2=0 points
    rm -rf count && { [ -n "$tmpl" ] && cp -a "$tmpl" count || true; }
    n=$(WEGWIJS_PACK_CRASH_COUNT=1 "$PT" install fr2.pack --state count --keys keys 2>&1 |
        sed -n 's/.* \([0-9][0-9]*\) crash points.*/\1/p')
    if [ -z "$n" ] || [ "$n" -lt 50 ]; then
        echo "FAIL sigkill_${label}_points: only ${n:-0} boundaries counted (want >= 50)"
        return
    fi
    echo "PASS sigkill_${label}_points ($n boundaries)"
    points=$({
        for i in $(seq 0 $((spread - 1))); do echo $((1 + i * (n - 1) / (spread - 1))); done
        seq $((n - 7)) "$n"
    } | sort -n | uniq)
    for k in $points; do
        rm -rf st && { [ -n "$tmpl" ] && cp -a "$tmpl" st || mkdir st; }
        { (WEGWIJS_PACK_CRASH_AT=$k exec "$PT" install fr2.pack --state st --keys keys) >/dev/null 2>&1; } 2>/dev/null
        rc=$?
        if [ $rc -ne 137 ]; then
            echo "FAIL sigkill_${label}_at_$k: install exited $rc, not killed"
            continue
        fi
        if ! why=$(state_ok st "$allow"); then
            echo "FAIL sigkill_${label}_at_$k: $why"
            continue
        fi
        case $(ls st/packs/fr 2>/dev/null | tr '\n' ' ') in *v2*) shown2=$((shown2 + 1)) ;; *) shown1=$((shown1 + 1)) ;; esac
        # The install after a restart, checked at every 4th point to keep the test short.
        [ $((k % 4)) -eq 0 ] || { echo "PASS sigkill_${label}_at_$k"; continue; }
        if ! "$PT" install fr2.pack --state st --keys keys >/dev/null 2>&1 ||
            ! "$PT" list --state st 2>/dev/null | grep -q '^fr  *2 '; then
            echo "FAIL sigkill_${label}_at_$k: a new install after the restart did not give version 2"
            continue
        fi
        echo "PASS sigkill_${label}_at_$k"
    done
    # Both outcomes must occur: early kills keep the old version, late ones the new.
    if [ $shown1 -gt 0 ] && [ $shown2 -gt 0 ]; then
        echo "PASS sigkill_${label}_both_outcomes (old $shown1, new $shown2)"
    else
        echo "FAIL sigkill_${label}_both_outcomes: old $shown1, new $shown2"
    fi
}

run_points update template 0 50
run_points first_install "" 1 8
