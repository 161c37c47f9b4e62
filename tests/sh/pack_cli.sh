#!/usr/bin/env bash
# packtool end to end with the real minisign tool: create/sign with packtool and verify with
# minisign and the reverse, install, list, rollback, same version, lower version, refusals
# (one stderr line each, exit 1, nothing changed) and a disk that is too small.
set -u
B=${B:-build}
PT=$PWD/$B/packtool
T=$(mktemp -d /tmp/pack_cli.XXXXXX)
MNT=
cleanup() {
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    chmod -R u+w "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1

ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

# refused NAME EXPECT CMD...: exit 1, exactly one stderr line naming the reason.
refused() {
    local name=$1 expect=$2 rc lines
    shift 2
    "$@" >out.txt 2>err.txt
    rc=$?
    lines=$(wc -l <err.txt)
    if [ $rc -ne 1 ]; then
        bad "$name" "exit $rc, expected 1"
    elif [ "$lines" -ne 1 ]; then
        bad "$name" "$lines stderr lines: $(tr '\n' '|' <err.txt)"
    elif ! grep -q -- "$expect" err.txt; then
        bad "$name" "stderr lacks '$expect': $(cat err.txt)"
    else
        ok "$name"
    fi
}

minisign -G -W -p k.pub -s k.key >/dev/null 2>&1 && minisign -G -W -p other.pub -s other.key >/dev/null 2>&1 ||
    { bad setup "minisign -G"; exit 1; }
mkdir keys otherkeys && cp k.pub keys/ && cp other.pub otherkeys/
chmod 555 keys otherkeys

# A repository-like tree: locales/fr plus generated videos in build/content/fr/videos.
mkdir -p repo/locales/fr repo/build/content/fr/videos
printf 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n' >repo/locales/fr/kiosk.po
echo 'topics v1' >repo/locales/fr/topics.po
head -c 100000 /dev/urandom >repo/build/content/fr/videos/intro.mp4
printf 'WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n' >repo/build/content/fr/videos/intro.fr.vtt

# 1. packtool creates and signs; minisign verifies.
if "$PT" create repo/locales/fr -o fr1.pack --version 1 --sign k.key --no-video-check >/dev/null 2>&1 &&
    minisign -Vm fr1.pack -p k.pub 2>&1 | grep -q 'Trusted comment: id=fr version=1'; then
    ok create_sign_packtool_verify_minisign
else
    bad create_sign_packtool_verify_minisign "minisign did not accept packtool's signature"
fi
if tar tf fr1.pack | head -1 | grep -qx MANIFEST && tar tf fr1.pack | grep -qx fr/videos/intro.fr.vtt; then
    ok create_takes_generated_videos
else
    bad create_takes_generated_videos "$(tar tf fr1.pack | tr '\n' ' ')"
fi

# 2. minisign signs; packtool verifies (prehashed, and legacy -l).
echo 'topics v2' >repo/locales/fr/topics.po
"$PT" create repo/locales/fr -o fr2.pack --version 2 --no-video-check >/dev/null 2>&1
minisign -S -s k.key -m fr2.pack -t "id=fr version=2" >/dev/null 2>&1
if "$PT" verify fr2.pack --keys keys >out.txt 2>&1 && grep -q 'fr version 2' out.txt; then
    ok sign_minisign_verify_packtool
else
    bad sign_minisign_verify_packtool "$(cat out.txt)"
fi
cp fr2.pack fr2legacy.pack
minisign -S -l -s k.key -m fr2legacy.pack -t "id=fr version=2" >/dev/null 2>&1
if "$PT" verify fr2legacy.pack --keys keys >/dev/null 2>&1; then
    ok legacy_signature_verifies
else
    bad legacy_signature_verifies "packtool refused a legacy (-l) signature"
fi

# 3. Refusals of verify.
cp fr2.pack fr2default.pack
minisign -S -s k.key -m fr2default.pack >/dev/null 2>&1
refused refuse_default_trusted_comment "fr2default.pack: refused: trusted comment" \
    "$PT" verify fr2default.pack --keys keys
refused refuse_untrusted_key "fr2.pack: refused: signed with a key that is not in the keys folder" \
    "$PT" verify fr2.pack --keys otherkeys
cp fr1.pack nosig.pack
refused refuse_missing_signature "nosig.pack: refused: nosig.pack.minisig: signature missing" \
    "$PT" verify nosig.pack --keys keys
cp fr2.pack flipped.pack && cp fr2.pack.minisig flipped.pack.minisig
printf '\x01' | dd of=flipped.pack bs=1 seek=5000 conv=notrunc 2>/dev/null
refused refuse_changed_after_signing "flipped.pack: refused: bad signature" \
    "$PT" verify flipped.pack --keys keys
: >empty.pack && minisign -S -s k.key -m empty.pack -t "id=fr version=9" >/dev/null 2>&1
refused refuse_empty_pack "empty.pack: refused: empty file" "$PT" install empty.pack --state st --keys keys

# 4. Install, list, same version, newer, lower, rollback.
if "$PT" install fr1.pack --state st --keys keys >/dev/null 2>&1 &&
    "$PT" list --state st | grep -Eq '^fr +1 ' &&
    cmp -s st/packs/fr/v1/content/fr/videos/intro.mp4 repo/build/content/fr/videos/intro.mp4; then
    ok install_and_list
else
    bad install_and_list "$("$PT" list --state st 2>&1)"
fi
if "$PT" install fr1.pack --state st --keys keys 2>/dev/null | grep -q 'already installed'; then
    ok same_version_is_a_no_op
else
    bad same_version_is_a_no_op "second install did not say so or failed"
fi
if "$PT" install fr2.pack --state st --keys keys >/dev/null 2>&1 &&
    "$PT" list --state st | grep -Eq '^fr +2 .* 1 ' &&
    grep -q 'topics v2' st/packs/fr/v2/content/fr/topics.po; then
    ok install_newer_keeps_previous
else
    bad install_newer_keeps_previous "$("$PT" list --state st 2>&1)"
fi
before=$(find st/packs -type f ! -name .lock -exec sha256sum {} + | sort)
refused refuse_lower_version "fr1.pack: refused: version 1 of fr is lower than version 2" \
    "$PT" install fr1.pack --state st --keys keys
refused refuse_install_untrusted "fr2.pack: refused: signed with a key" \
    "$PT" install fr2.pack --state st --keys otherkeys
after=$(find st/packs -type f ! -name .lock -exec sha256sum {} + | sort)
[ "$before" = "$after" ] && ok refusals_leave_content_untouched || bad refusals_leave_content_untouched "files changed"
if "$PT" rollback fr --state st >/dev/null 2>&1 && "$PT" list --state st | grep -Eq '^fr +1 '; then
    ok rollback
else
    bad rollback "$("$PT" list --state st 2>&1)"
fi
refused refuse_second_rollback "fr: refused: no earlier version" "$PT" rollback fr --state st
refused refuse_rollback_unknown "de: refused: no such pack" "$PT" rollback de --state st

# 5. A whole content root, gzip-compressed, with its own id.
mkdir -p root/tr root/fa
echo 'help 1 1f91d' >root/topics.conf
echo tr >root/tr/topics.po
echo fa >root/fa/topics.po
if "$PT" create root -o root.pack --id topic-help --version 1 --compress gzip --sign k.key --no-video-check >/dev/null 2>&1 &&
    "$PT" install root.pack --state st --keys keys >/dev/null 2>&1 &&
    [ -f st/packs/topic-help/v1/content/topics.conf ] && "$PT" list --state st | grep -q 'topic-help .*fa tr'; then
    ok content_root_gzip_pack
else
    bad content_root_gzip_pack "$("$PT" list --state st 2>&1)"
fi

# 5b. One new video for one language: a folder holding only videos/ is a language folder.
mkdir -p update/fr/videos
head -c 5000 /dev/urandom >update/fr/videos/intro.mp4
if "$PT" create update/fr -o video.pack --id fr-video-intro --version 1 --sign k.key --no-video-check >/dev/null 2>&1 &&
    "$PT" install video.pack --state st --keys keys >/dev/null 2>&1 &&
    [ -f st/packs/fr-video-intro/v1/content/fr/videos/intro.mp4 ]; then
    ok video_only_pack
else
    bad video_only_pack "$(tar tf video.pack 2>&1 | tr '\n' ' ')"
fi

# 6. A disk too small: a real small tmpfs when we may mount one, else the free-space hook.
head -c 4000000 /dev/urandom >repo/build/content/fr/videos/intro.mp4
"$PT" create repo/locales/fr -o big.pack --version 3 --sign k.key --no-video-check >/dev/null 2>&1
size=$(stat -c %s big.pack)
mkdir small
if mount -t tmpfs -o size=$((size * 3 / 2 / 1024 + 1024))k tmpfs small 2>/dev/null; then
    MNT=$T/small
    refused refuse_fills_disk "big.pack: refused: would fill the disk" \
        "$PT" install big.pack --state small/st --keys keys
else
    refused refuse_fills_disk "big.pack: refused: would fill the disk" \
        env WEGWIJS_PACK_FREE_BYTES=$((size * 3 / 2 + 1048576)) "$PT" install big.pack --state small/st --keys keys
fi
refused refuse_no_room_for_copy "big.pack: refused: not enough free space" \
    env WEGWIJS_PACK_FREE_BYTES=$((size / 2)) "$PT" install big.pack --state st --keys keys
if [ -z "$(ls -A small/st/packs/.staging 2>/dev/null)" ]; then ok full_disk_leaves_no_staging; else bad full_disk_leaves_no_staging "$(ls -A small/st/packs/.staging)"; fi

# 7. Usage errors exit 2.
"$PT" install fr1.pack >/dev/null 2>&1
[ $? -eq 2 ] && ok usage_error || bad usage_error "exit status not 2"

# 8. Usage figures come out as CSV (the staff module fills them; here an empty state).
if "$PT" stats --state st --csv >out.txt 2>err.txt &&
    head -1 out.txt | grep -qx 'day,language,topic,sessions,videos_started,videos_finished,contact_cards'; then
    ok stats_csv
else
    bad stats_csv "$(cat out.txt err.txt | head -3)"
fi
