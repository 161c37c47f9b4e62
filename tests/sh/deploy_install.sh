#!/usr/bin/env bash
# make install into a DESTDIR: the expected files in the usual places, a unit that
# systemd-analyze accepts, and the installed kiosk running headless from there with the
# repository out of sight (a tmpfs over it in a private mount namespace where allowed), so it
# can only have found its fonts list, sample location.conf and content by itself.
set -u
B=${B:-build}
REPO=$PWD
T=$(mktemp -d /tmp/deploy_install.XXXXXX)
trap 'rm -rf "$T"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

# The same flags as the build under test, so a sanitizer build is not rebuilt without them.
san=
grep -q fsanitize "$B/.flags" 2>/dev/null && san=SANITIZE=1
start=$(date +%s%N)
if ! make -s --no-print-directory B="$B" $san install DESTDIR="$T/root" >"$T/make.log" 2>&1; then
    bad install "make install failed: $(tail -n 3 "$T/make.log" | tr '\n' '|')"
    exit 1
fi
echo "make install took $((($(date +%s%N) - start) / 1000000)) ms"

(cd "$T/root" && find . -type f -o -type d -empty | sed 's|^\./||' | sort) >"$T/files"
expected="etc/wegwijs/keys
usr/local/bin/wegwijs
usr/local/bin/wegwijs-packtool
usr/local/bin/wegwijs-staffpin
usr/local/lib/systemd/system/wegwijs.service
usr/local/lib/sysusers.d/wegwijs.conf
usr/local/lib/tmpfiles.d/wegwijs.conf
usr/local/share/man/man1/wegwijs-packtool.1
usr/local/share/man/man1/wegwijs-staffpin.1
usr/local/share/man/man1/wegwijs.1
usr/local/share/wegwijs/content/nl/kiosk.po
usr/local/share/wegwijs/content/nl/staff.po
usr/local/share/wegwijs/content/nl/topics.po
usr/local/share/wegwijs/content/topics.conf
usr/local/share/wegwijs/fonts.txt
usr/local/share/wegwijs/location.conf"
missing=$(comm -23 <(echo "$expected" | sort) "$T/files")
langs=$(ls "$T/root/usr/local/share/wegwijs/content" | grep -vc topics.conf)
stray=$(grep -v -E '^(etc/wegwijs/keys|usr/local/(bin/wegwijs(-packtool|-staffpin)?|lib/(systemd/system/wegwijs\.service|sysusers\.d/wegwijs\.conf|tmpfiles\.d/wegwijs\.conf)|share/man/man1/wegwijs(-packtool|-staffpin)?\.1|share/wegwijs/(fonts\.txt|location\.conf|content/(topics\.conf|[a-z]+/(kiosk|topics|staff)\.po))))$' "$T/files")
if [ -n "$missing" ]; then
    bad install_files "missing: $(echo $missing)"
elif [ -n "$stray" ]; then
    bad install_files "unexpected: $(echo $stray)"
elif [ "$langs" -lt 9 ]; then
    bad install_files "content for $langs languages, expected 9"
else
    ok install_files
fi

unit=$T/root/usr/local/lib/systemd/system/wegwijs.service
if ! grep -q '^ExecStart=.* /usr/local/bin/wegwijs --state' "$unit"; then
    bad install_unit "ExecStart does not run /usr/local/bin/wegwijs: $(grep ExecStart "$unit")"
elif ! grep -q '^Type=notify' "$unit" || ! grep -q '^WatchdogSec=30' "$unit"; then
    bad install_unit "not Type=notify with WatchdogSec=30"
elif command -v systemd-analyze >/dev/null; then
    # verify wants the programs of ExecStart: it only checks syntax and the binaries here.
    sed 's|/usr/local/bin/wegwijs|/bin/true|' "$unit" >"$T/wegwijs.service"
    if out=$(systemd-analyze verify "$T/wegwijs.service" 2>&1 | grep -v -e 'cage.*not executable') && [ -n "$out" ]; then
        bad install_unit "systemd-analyze verify: $(echo "$out" | tr '\n' '|')"
    else
        ok install_unit
    fi
else
    ok install_unit
fi

# The installed kiosk, started from elsewhere with a bare environment.
cat >"$T/installed.script" <<'S'
expect-screen attract
expect-text attract.touch Tik op het scherm
tap 960 540
expect-screen languages
expect-text lang:ar العربية
tap-id lang:nl
tap-id lang:nl
expect-screen topics
expect-text topic:clientondersteuning Wat is cliëntondersteuning?
S
run_installed() {
    env -i PATH=/usr/bin:/bin HOME="$T/home" "$T/root/usr/local/bin/wegwijs" --headless \
        --state "$T/state" --script "$T/installed.script" --shots "$T/shots"
}
mkdir -p "$T/home" "$T/shots"
cd "$T" || exit 1
hidden=no
if unshare -m --propagation private true 2>/dev/null; then
    export -f run_installed
    export T
    unshare -m --propagation private bash -c "mount -t tmpfs none '$REPO' && \
        ! test -e '$REPO/assets/fonts.txt' && run_installed" >"$T/kiosk.log" 2>&1
    rc=$?
    hidden=yes
else
    run_installed >"$T/kiosk.log" 2>&1
    rc=$?
fi
if [ $rc -ne 0 ]; then
    bad installed_kiosk "exit $rc (repository hidden: $hidden): $(grep -m2 -E 'expect|error|warn' "$T/kiosk.log" | tr '\n' '|')"
elif ! grep -q "written from the sample $T/root/usr/local/bin/../share/wegwijs/location.conf" "$T/kiosk.log"; then
    bad installed_kiosk "sample location.conf not from the install: $(grep -m1 sample "$T/kiosk.log")"
elif [ ! -f "$T/state/location.conf" ]; then
    bad installed_kiosk "no location.conf in the state folder"
else
    echo "repository hidden while the installed kiosk ran: $hidden"
    ok installed_kiosk
fi
