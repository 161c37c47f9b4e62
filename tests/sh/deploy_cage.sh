#!/usr/bin/env bash
# The installed kiosk under cage, the compositor the unit uses: wlroots' headless backend, no
# input devices, as an unprivileged user (cage refuses root; as root this test uses
# "nobody"), the kiosk full-screen through Xwayland as in production. A grim screenshot must
# show the attract screen filling the whole output; Alt+F4, Ctrl+Q, Escape and
# Ctrl+Alt+Backspace must reach the kiosk (its debug log names each key) and not end it.
#
# Keys: wtype first. cage 0.1.4 (Debian 12) does not offer the virtual-keyboard protocol
# wtype needs, so then the keys go in through Xwayland's XTEST extension (xdotool), which
# delivers them to the kiosk's window the same way a keyboard's keys come from cage.
set -u
B=${B:-build}
REPO=$PWD
T=$(mktemp -d /tmp/deploy_cage.XXXXXX)
CAGE=
cleanup() {
    [ -n "$CAGE" ] && kill "$CAGE" 2>/dev/null && sleep 0.5 && kill -9 "$CAGE" 2>/dev/null
    wait 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

for p in cage grim Xwayland python3; do
    if ! command -v $p >/dev/null; then
        echo "SKIP deploy_cage: $p is not installed (make deps installs it)"
        exit 0
    fi
done

as_user=()
if [ "$(id -u)" = 0 ]; then
    if ! id nobody >/dev/null 2>&1 || ! command -v runuser >/dev/null; then
        echo "SKIP deploy_cage: running as root with no user \"nobody\" to run cage as"
        exit 0
    fi
    as_user=(runuser -u nobody --)
fi

san=
grep -q fsanitize "$B/.flags" 2>/dev/null && san=SANITIZE=1
if ! make -s --no-print-directory B="$B" $san install DESTDIR="$T/root" >"$T/make.log" 2>&1; then
    bad cage_install "make install failed: $(tail -n 3 "$T/make.log" | tr '\n' '|')"
    exit 1
fi
KIOSK=$T/root/usr/local/bin/wegwijs
mkdir -p "$T/run" "$T/state" "$T/home"
chmod 0700 "$T/run"
[ "$(id -u)" = 0 ] && chown nobody "$T/run" "$T/state" "$T/home"
chmod a+rX "$T" && chmod -R a+rX "$T/root"

wl() { "${as_user[@]}" env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$T/run" WAYLAND_DISPLAY=wayland-0 "$@"; }

start=$(date +%s%N)
"${as_user[@]}" env -i PATH=/usr/bin:/bin HOME="$T/home" XDG_RUNTIME_DIR="$T/run" \
    WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman WEGWIJS_LOG=debug \
    timeout 60 cage -- "$KIOSK" --state "$T/state" >"$T/cage.log" 2>&1 &
CAGE=$!
for _ in $(seq 200); do grep -q 'first frame' "$T/cage.log" && break; sleep 0.1; done
if ! grep -q 'first frame' "$T/cage.log"; then
    bad cage_attract "no first frame within 20 s: $(grep -v '^\s*$' "$T/cage.log" | tail -n 4 | tr '\n' '|')"
    exit 1
fi
echo "first frame under cage $((($(date +%s%N) - start) / 1000000)) ms after starting cage"
sleep 1 # cage shows the window's next commit

# The attract screen, full resolution for its size, a quarter for the pixels (quick to read).
shot() { # $1 = name
    wl grim "$T/run/$1.png" && wl grim -s 0.25 "$T/run/$1-small.png" &&
        python3 "$REPO/tests/sh/png_dark.py" "$T/run/$1-small.png"
}
if ! r=$(shot attract 2>&1); then
    bad cage_attract "grim: $r"
    exit 1
fi
read -r share w h corners <<<"$r"
size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$T/run/attract.png")
echo "output $size; grim at 1/4: $w x $h, dark share $share, dark corners $corners"
if [ "$corners" != 0000 ] || [ "$(echo "$share > 0.05" | awk '{print ($1 > $3)}')" = 1 ]; then
    bad cage_attract "the screenshot is not filled by the kiosk (dark share $share, corners $corners)"
elif ! grep -q 'Tik op het scherm\|first frame' "$T/cage.log"; then
    bad cage_attract "no first frame in the log"
else
    ok cage_attract
fi

# The keys. wtype's failure message says why it cannot be used.
KPID=$(pgrep -n -f "^$KIOSK")
how=wtype
if ! wl wtype -M alt -k F4 -m alt >"$T/wtype.log" 2>&1; then
    echo "wtype: $(head -n1 "$T/wtype.log"); sending the keys through Xwayland with xdotool"
    how=xdotool
fi
if [ $how = wtype ]; then
    wl wtype -M ctrl -k q -m ctrl && wl wtype -k Escape &&
        wl wtype -M ctrl -M alt -k BackSpace -m alt -m ctrl
    rc=$?
elif ! command -v xdotool >/dev/null; then
    echo "SKIP cage_keys: cage offers no virtual keyboard for wtype and xdotool is not installed"
    exit 0
else
    display=$(tr '\0' '\n' <"/proc/$KPID/environ" | sed -n 's/^DISPLAY=//p')
    "${as_user[@]}" env -i PATH=/usr/bin:/bin DISPLAY="$display" \
        xdotool key --delay 100 alt+F4 ctrl+q Escape ctrl+alt+BackSpace >"$T/xdotool.log" 2>&1
    rc=$?
fi
sleep 2
missing=
for k in 'F4 (mods 0x100' 'Q (mods 0x40' 'Escape (mods 0x0' 'Backspace (mods 0x140'; do
    grep -q "key $k" "$T/cage.log" || missing="$missing [$k]"
done
if [ $rc -ne 0 ]; then
    bad cage_keys "$how failed: $(cat "$T"/*.log | tail -n 2 | tr '\n' '|')"
elif [ -n "$missing" ]; then
    bad cage_keys "the kiosk did not get:$missing (sent with $how)"
elif ! kill -0 "$KPID" 2>/dev/null || grep -q 'asked to quit' "$T/cage.log"; then
    bad cage_keys "the kiosk ended after the keys (sent with $how)"
elif ! r=$(shot after 2>&1) || [ "$(echo "$r" | cut -d' ' -f4)" != 0000 ]; then
    bad cage_keys "after the keys the screen is not the kiosk's: $r"
else
    echo "keys sent with $how; the kiosk (pid $KPID) ignored all four and still fills the output"
    ok cage_keys
fi
