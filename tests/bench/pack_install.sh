#!/usr/bin/env bash
# make bench: verify + install of a 200 MB pack against `cp` + `sha256sum` of the same file
# in the same run (the bare work: one copy, one hash). Runs alternate, 3 each, median shown.
# The pack is made here and removed afterwards.
set -u
B=${B:-build}
PT=$PWD/$B/packtool
T=$(mktemp -d "${TMPDIR:-/tmp}/pack_bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

minisign -G -W -p k.pub -s k.key >/dev/null 2>&1 || { echo "minisign -G failed"; exit 1; }
mkdir keys && cp k.pub keys/
mkdir -p src/fr/videos
printf 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n' >src/fr/kiosk.po
for i in 1 2 3 4 5 6 7 8; do
    head -c 25000000 /dev/urandom >"src/fr/videos/topic$i.mp4"
    printf 'WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour %s\n' "$i" >"src/fr/videos/topic$i.fr.vtt"
done
"$PT" create src/fr -o fr.pack --version 1 --sign k.key --no-video-check >/dev/null || { echo "create failed"; exit 1; }
rm -rf src
sync
size=$(stat -c %s fr.pack)
echo "pack: $size bytes"

now() { date +%s.%N; }
median() { sort -n | sed -n 2p; }
base=()
ours=()
synced=()
# Each step starts with no dirty pages of the step before (sync, untimed), so neither pays for
# the other's write-back. The install fsyncs its files (it must survive a power cut); plain cp
# does not, so "cp + sha256sum + sync" is shown as well.
for run in 1 2 3; do
    rm -rf st copy.pack
    sync
    t0=$(now)
    cp fr.pack copy.pack && sha256sum copy.pack >/dev/null
    t1=$(now)
    sync
    t2=$(now)
    rm -f copy.pack
    sync
    t3=$(now)
    "$PT" install fr.pack --state st --keys keys >/dev/null 2>&1 || { echo "install failed"; exit 1; }
    t4=$(now)
    base+=("$(echo "$t1 - $t0" | bc -l)")
    synced+=("$(echo "$t2 - $t0" | bc -l)")
    ours+=("$(echo "$t4 - $t3" | bc -l)")
    echo "run $run: cp+sha256sum ${base[-1]} s (+sync ${synced[-1]} s), packtool install ${ours[-1]} s"
done
b=$(printf '%s\n' "${base[@]}" | median)
o=$(printf '%s\n' "${ours[@]}" | median)
y=$(printf '%s\n' "${synced[@]}" | median)
mb=$((size / 1000000))
printf 'BENCH\tpack: cp + sha256sum of a %s MB pack (s)\t-\t%.2f\n' "$mb" "$b"
printf 'BENCH\tpack: cp + sha256sum + sync of the same pack (s)\t-\t%.2f\n' "$y"
printf 'BENCH\tpack: verify + install of the same pack (s)\t-\t%.2f\n' "$o"
printf 'BENCH\tpack: install / (cp + sha256sum)\t<= 1.5x\t%.2fx\n' "$(echo "$o / $b" | bc -l)"
