#!/usr/bin/env bash
# The fleet recipe with the real Syncthing: a hub and a kiosk instance, started by this test
# inside a network namespace that has only loopback (unshare -n), so no packet can leave the
# machine, and configured before their first start with global and local discovery, relays,
# NAT traversal, STUN, usage and crash reporting off, each other at tcp://127.0.0.1:PORT and
# the GUI on 127.0.0.1 only. A signed pack dropped in the hub's inbox arrives in the kiosk's
# inbox and the headless kiosk installs it; the kiosk's daily figures CSV arrives in the hub's
# copy of its outbox. Bounded: the whole run gives up after 90 s.
set -u
B=${B:-build}
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

if [ "${1:-}" != --inner ]; then
    for p in syncthing minisign python3 sqlite3 unshare ip; do
        if ! command -v $p >/dev/null; then
            echo "SKIP deploy_fleet: $p is not installed (make deps installs it)"
            exit 0
        fi
    done
    ns=(unshare -n)
    if ! unshare -n true 2>/dev/null; then
        ns=(unshare -r -n)
        if ! unshare -r -n true 2>/dev/null; then
            echo "SKIP deploy_fleet: network namespaces are not allowed here (unshare -n: $(unshare -n true 2>&1 | head -n1))"
            exit 0
        fi
    fi
    start=$(date +%s%N)
    timeout -k 5 90 "${ns[@]}" bash "$0" --inner
    rc=$?
    echo "fleet test took $((($(date +%s%N) - start) / 1000000)) ms"
    [ $rc -eq 124 ] && echo "FAIL fleet: gave up after 90 s"
    exit $rc
fi

# ---- inside the namespace ----
T=$(mktemp -d /tmp/deploy_fleet.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
t0=$(date +%s%N)
ms() { echo $((($(date +%s%N) - t0) / 1000000)); }

ip link set lo up
links=$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')
addrs=$(ip -o addr show | awk '{print $4}' | sort | tr '\n' ' ')
if [ "$links" != "lo " ] || [ "$addrs" != "127.0.0.1/8 ::1/128 " ]; then
    bad fleet_loopback_only "the namespace has links '$links', addresses '$addrs'"
    exit 1
fi
ok fleet_loopback_only

# The municipality's key, a signed French pack (version 5, its language name says so).
mkdir -p "$T/keys" "$T/src" "$T/kiosk/state" "$T/hub/inbox" "$T/hub/figures"
(cd "$T/keys" && minisign -G -W -p muni.pub -s muni.key -f >/dev/null 2>&1) ||
    { bad fleet_setup "minisign -G"; exit 1; }
cp -r locales/fr "$T/src/fr"
sed -i '/^msgctxt "language.name"/,/^msgstr/ s/^msgstr ".*"/msgstr "Français v5"/' "$T/src/fr/kiosk.po"
"$B/packtool" create "$T/src/fr" -o "$T/fr.pack" --version 5 --sign "$T/keys/muni.key" \
    --no-video-check >"$T/packtool.log" 2>&1 || { bad fleet_setup "packtool create: $(tail -n1 "$T/packtool.log")"; exit 1; }

KSTATE=$T/kiosk/state
printf '[packs]\nkeys = %s/keys\ninbox = %s/inbox\noutbox = %s/outbox\n' "$T" "$KSTATE" "$KSTATE" \
    >"$KSTATE/location.conf"
kiosk() { # the script on stdin; $1 = log name
    cat >"$T/$1.script"
    "$B/kiosk" --headless --state "$KSTATE" --content locales --script "$T/$1.script" >"$T/$1.log" 2>&1
}
# A first start makes the figures database; yesterday's figures are what the outbox sends.
printf 'wait 100\n' | kiosk first || { bad fleet_setup "first kiosk run: $(tail -n2 "$T/first.log")"; exit 1; }
yesterday=$(date -d yesterday +%F)
sqlite3 "$KSTATE/stats.sqlite" "INSERT INTO counts (day, lang, topic, sessions) VALUES ('$yesterday', 'fa', '', 7)" ||
    { bad fleet_setup "sqlite3 insert"; exit 1; }
mkdir -p "$KSTATE/inbox" "$KSTATE/outbox"
for d in "$T/hub/inbox" "$T/hub/figures" "$KSTATE/inbox" "$KSTATE/outbox"; do mkdir -p "$d/.stfolder"; done

# Both instances: keys and a config from `syncthing generate`, then the settings above.
for n in hub kiosk; do
    syncthing generate --home="$T/st-$n" --no-default-folder --skip-port-probing >"$T/gen-$n.log" 2>&1 ||
        { bad fleet_setup "syncthing generate: $(tail -n1 "$T/gen-$n.log")"; exit 1; }
done
HUB_ID=$(syncthing serve --home="$T/st-hub" --device-id)
KIOSK_ID=$(syncthing serve --home="$T/st-kiosk" --device-id)
configure() { # $1 = name, own port, gui port, peer id, peer port, then folders "id:path:type"
    python3 - "$T/st-$1/config.xml" "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET
path, name, port, gui, peer, peer_port = sys.argv[1:7]
folders = sys.argv[7:]
tree = ET.parse(path)
root = tree.getroot()
me = root.find("device").get("id")
opts = root.find("options")
def opt(key, value):
    for e in opts.findall(key):
        opts.remove(e)
    ET.SubElement(opts, key).text = value
opt("listenAddress", "tcp://127.0.0.1:%s" % port)
for key, value in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                   ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                   ("crashReportingEnabled", "false"), ("autoUpgradeIntervalH", "0"),
                   ("startBrowser", "false"), ("announceLANAddresses", "false"),
                   ("stunKeepaliveStartS", "0"), ("stunKeepaliveMinS", "0"),
                   ("globalAnnounceServer", ""), ("stunServer", ""),
                   ("reconnectionIntervalS", "1"), ("setLowPriority", "false"),
                   ("progressUpdateIntervalS", "-1")]:
    opt(key, value)
gui_el = root.find("gui")
gui_el.find("address").text = "127.0.0.1:%s" % gui
dev = ET.SubElement(root, "device", id=peer, name="peer", compression="metadata",
                    introducer="false", skipIntroductionRemovals="false", introducedBy="")
ET.SubElement(dev, "address").text = "tcp://127.0.0.1:%s" % peer_port
for spec in folders:
    fid, fpath, ftype = spec.split(":")
    f = ET.SubElement(root, "folder", id=fid, label=fid, path=fpath, type=ftype,
                      rescanIntervalS="2", fsWatcherEnabled="true", fsWatcherDelayS="1",
                      ignorePerms="false", autoNormalize="true")
    ET.SubElement(f, "filesystemType").text = "basic"
    for d in (me, peer):
        ET.SubElement(f, "device", id=d, introducedBy="")
tree.write(path)
PY
}
configure hub 22101 8391 "$KIOSK_ID" 22102 "wegwijs-inbox:$T/hub/inbox:sendonly" \
    "wegwijs-outbox-kiosk1:$T/hub/figures:receiveonly" || { bad fleet_setup "hub config"; exit 1; }
configure kiosk 22102 8392 "$HUB_ID" 22101 "wegwijs-inbox:$KSTATE/inbox:receiveonly" \
    "wegwijs-outbox-kiosk1:$KSTATE/outbox:sendonly" || { bad fleet_setup "kiosk config"; exit 1; }
# What was asked is what they run with (read back from the files they start from).
for n in hub kiosk; do
    c=$T/st-$n/config.xml
    for want in '<globalAnnounceEnabled>false' '<localAnnounceEnabled>false' '<relaysEnabled>false' \
        '<natEnabled>false' '<urAccepted>-1' '<crashReportingEnabled>false' '<address>127.0.0.1:'; do
        grep -q "$want" "$c" || { bad fleet_config "$n: config.xml lacks $want"; exit 1; }
    done
done
ok fleet_config

for n in hub kiosk; do
    STNOUPGRADE=1 syncthing serve --home="$T/st-$n" --no-browser --no-restart --no-upgrade \
        >"$T/st-$n.log" 2>&1 &
    PIDS+=($!)
done
sy_fail() { # $1 = case, $2 = what
    bad "$1" "$2; hub: $(grep -E 'WARNING|INFO: (Established|Lost|Failed)' "$T/st-hub.log" | tail -n 2 | tr '\n' '|') kiosk: $(grep -E 'WARNING|INFO: (Established|Lost|Failed)' "$T/st-kiosk.log" | tail -n 2 | tr '\n' '|')"
}

# The municipality drops the signed pack into the hub's inbox.
cp "$T/fr.pack" "$T/fr.pack.minisig" "$T/hub/inbox/"
arrived=
for _ in $(seq 450); do
    if cmp -s "$T/fr.pack" "$KSTATE/inbox/fr.pack" && cmp -s "$T/fr.pack.minisig" "$KSTATE/inbox/fr.pack.minisig"; then
        arrived=$(ms)
        break
    fi
    sleep 0.1
done
if [ -z "$arrived" ]; then
    sy_fail fleet_pack_arrives "the pack did not reach the kiosk's inbox in 45 s"
    exit 1
fi
echo "pack in the kiosk's inbox $arrived ms after the test started"
ok fleet_pack_arrives

# The headless kiosk installs it between sessions and writes yesterday's figures.
kiosk run <<'S'
size 1280 720
wait 25000
expect-screen attract
tap 640 360
expect-text lang:fr Français v5
S
rc=$?
version=$("$B/packtool" list --state "$KSTATE" 2>/dev/null | awk '$1 == "fr" {print $2}')
if [ $rc -ne 0 ] || [ "$version" != 5 ]; then
    bad fleet_kiosk_installs "kiosk exited $rc, fr version '$version': $(grep -m2 -E 'expect|error|warn' "$T/run.log" | tr '\n' '|')"
    exit 1
fi
ok fleet_kiosk_installs

csv=
for _ in $(seq 300); do
    csv=$(ls "$T/hub/figures"/wegwijs-*-"$yesterday".csv 2>/dev/null | head -n1)
    [ -n "$csv" ] && break
    sleep 0.1
done
if [ -z "$csv" ]; then
    sy_fail fleet_figures_arrive "no figures CSV in the hub's copy of the outbox after 30 s (kiosk outbox: $(ls "$KSTATE/outbox" | tr '\n' ' '))"
    exit 1
elif ! awk -F, '$2 == "fa" && $4 == 7 {found = 1} END {exit !found}' "$csv" ||
    ! cmp -s "$csv" "$KSTATE/outbox/$(basename "$csv")"; then
    bad fleet_figures_arrive "$(basename "$csv") differs from the kiosk's or lacks fa,7: $(cat "$csv" | tr '\n' '|')"
    exit 1
fi
echo "figures $(basename "$csv") on the hub $(ms) ms after the test started"
ok fleet_figures_arrive
