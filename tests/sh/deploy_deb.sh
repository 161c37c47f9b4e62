#!/usr/bin/env bash
# The Debian package: dpkg-buildpackage -us -uc -b builds wegwijs_*.deb and
# wegwijs-content_*.deb, lintian reports no error, dpkg -c lists the expected files and
# dpkg-deb shows the library dependencies found by the shared-library scan.
#
# To stay fast in `make test` the package is built from a copy of the source in
# $B/deb/src that is kept between runs (make there rebuilds only what changed, -nc skips the
# clean), and a source tree whose hash was already built and linted is not built again.
set -u
B=${B:-build}
REPO=$PWD
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }
for p in dpkg-buildpackage dh lintian fakeroot; do
    if ! command -v $p >/dev/null; then
        echo "SKIP deploy_deb: $p is not installed (make deps installs it)"
        exit 0
    fi
done

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "SKIP deploy_deb: not a git checkout (the package is built from the files git knows)"
    exit 0
fi

# Every C library of the Makefile's PKGS is a Build-Depends of the package (someone adding a
# library to the Makefile must add it to debian/control too).
pkgs=$(sed -n '/^PKGS :=/,/^$/p' Makefile | sed 's/^PKGS :=//; s/\\//g' | tr -s ' \t\n' ' ')
bd=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' debian/control)
lacking=
for p in $pkgs; do
    pc=$(pkg-config --path "$p" 2>/dev/null) || { lacking="$lacking $p(no .pc)"; continue; }
    dev=$(dpkg -S "$(readlink -f "$pc")" 2>/dev/null | head -n1 | cut -d: -f1)
    [ -n "$dev" ] && ! echo "$bd" | grep -qw -- "$dev" && lacking="$lacking $dev"
done
if [ -n "$lacking" ]; then
    bad deb_build_depends "debian/control Build-Depends lacks:$lacking"
else
    ok deb_build_depends
fi

D=$REPO/$B/deb
SRC=$D/src
mkdir -p "$SRC"
# The source as git sees it (committed or not, never ignored files such as build/).
git ls-files -co --exclude-standard | sort >"$D/files.new"
hash=$(xargs -d '\n' sha256sum -- <"$D/files.new" 2>/dev/null | sha256sum | cut -c1-16)
if [ -f "$D/ok-$hash" ]; then
    echo "source $hash was already built and linted: $(cat "$D/ok-$hash")"
    cached=yes
else
    cached=no
    # Copy with mtimes kept, so make in the copy rebuilds only what changed; drop what was
    # removed from the source.
    xargs -d '\n' tar -cf - -- <"$D/files.new" | tar -xf - -C "$SRC"
    if [ -f "$D/files" ]; then
        comm -23 "$D/files" "$D/files.new" | (cd "$SRC" && xargs -r -d '\n' rm -f --)
    fi
    mv "$D/files.new" "$D/files"
    rm -rf "$SRC/debian/tmp" "$SRC/debian/wegwijs" "$SRC/debian/wegwijs-content" \
        "$SRC/debian/.debhelper" "$SRC/debian/files" "$SRC"/debian/*.substvars \
        "$SRC"/debian/*.debhelper "$SRC"/debian/*.debhelper.log "$SRC/debian/debhelper-build-stamp"
    rm -f "$D"/*.deb "$D"/*.ddeb "$D"/*.changes "$D"/*.buildinfo
    start=$(date +%s%N)
    if ! (cd "$SRC" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL DEB_BUILD_OPTIONS="nocheck noddebs parallel=2" \
        dpkg-buildpackage -us -uc -b -nc) >"$D/build.log" 2>&1; then
        bad deb_build "dpkg-buildpackage failed: $(grep -m3 -E 'error|Error' "$D/build.log" | tr '\n' '|')"
        exit 1
    fi
    build_ms=$((($(date +%s%N) - start) / 1000000))
    echo "dpkg-buildpackage took $build_ms ms"
fi

deb=$(ls "$D"/wegwijs_*.deb 2>/dev/null | head -n1)
cdeb=$(ls "$D"/wegwijs-content_*_all.deb 2>/dev/null | head -n1)
if [ -z "$deb" ] || [ -z "$cdeb" ]; then
    bad deb_build "no wegwijs_*.deb and wegwijs-content_*.deb in $D"
    exit 1
fi
ok deb_build

dpkg -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$D/list"
missing=
for f in usr/bin/wegwijs usr/bin/wegwijs-packtool usr/bin/wegwijs-staffpin \
    usr/share/wegwijs/fonts.txt usr/share/wegwijs/location.conf lib/systemd/system/wegwijs.service \
    usr/lib/sysusers.d/wegwijs.conf usr/lib/tmpfiles.d/wegwijs.conf etc/wegwijs/keys/ \
    usr/share/doc/wegwijs/copyright usr/share/man/man1/wegwijs.1.gz; do
    grep -qx "$f" "$D/list" || missing="$missing $f"
done
if [ -n "$missing" ]; then
    bad deb_files "wegwijs lacks:$missing"
elif grep -q 'share/wegwijs/content' "$D/list"; then
    bad deb_files "the program package carries content"
elif dpkg -c "$cdeb" >"$D/clist" && ! grep -q 'usr/share/wegwijs/content/nl/kiosk.po' "$D/clist"; then
    bad deb_files "wegwijs-content lacks usr/share/wegwijs/content/nl/kiosk.po"
else
    ok deb_files
fi

deps=$(dpkg-deb -f "$deb" Depends)
if ! echo "$deps" | grep -q libsdl2 || ! echo "$deps" | grep -q libvlc || ! echo "$deps" | grep -q libsystemd0; then
    bad deb_depends "Depends lacks the scanned libraries: $deps"
elif echo "$deps" | grep -q libsdl2-ttf; then
    bad deb_depends "Depends has SDL2_ttf, which only the benchmarks use: $deps"
else
    ok deb_depends
fi
# The postinst creates the user and the state folder.
dpkg-deb -I "$deb" postinst >"$D/postinst" 2>&1
if ! grep -q systemd-sysusers "$D/postinst" || ! grep -q systemd-tmpfiles "$D/postinst"; then
    bad deb_postinst "postinst does not run systemd-sysusers and systemd-tmpfiles"
else
    ok deb_postinst
fi

if [ "$cached" = no ]; then
    start=$(date +%s%N)
    lintian --no-tag-display-limit "$deb" "$cdeb" >"$D/lintian.log" 2>&1
    echo "lintian took $((($(date +%s%N) - start) / 1000000)) ms"
fi
errors=$(grep -c '^E: ' "$D/lintian.log")
warnings=$(grep -c '^W: ' "$D/lintian.log")
echo "lintian: $errors errors, $warnings warnings"
grep -E '^[EW]: ' "$D/lintian.log" | sed 's/^/    /'
if [ "$errors" -ne 0 ]; then
    bad deb_lintian "$errors lintian errors"
    exit 1
fi
ok deb_lintian
[ "$cached" = no ] && rm -f "$D"/ok-* && echo "built $(date -u +%FT%TZ), lintian $errors errors $warnings warnings" >"$D/ok-$hash"
exit 0
