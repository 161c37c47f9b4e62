#!/usr/bin/env bash
# systemd notification with a fake NOTIFY_SOCKET (a datagram listener in this test) and the
# kiosk's real main loop (SDL's offscreen video driver, no display needed): READY=1 after the
# first frame, WATCHDOG=1 at half of WATCHDOG_USEC, none while the kiosk is stopped (SIGSTOP),
# again after SIGCONT, STOPPING=1 at SIGTERM. Once with WATCHDOG_PID = the kiosk, once with
# WATCHDOG_PID = its parent (as under cage, which is the service's main process).
set -u
B=${B:-build}
KIOSK=$PWD/$B/kiosk
T=$(mktemp -d /tmp/deploy_watchdog.XXXXXX)
LISTENER=
KPID=
cleanup() {
    [ -n "$KPID" ] && kill -CONT "$KPID" 2>/dev/null && kill "$KPID" 2>/dev/null
    [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

if ! python3 -c 'import socket' 2>/dev/null; then
    echo "SKIP deploy_watchdog: no python3 for the fake notify socket"
    exit 0
fi

# One line per datagram: "<monotonic ms> <message with newlines as |>".
python3 - "$T/notify.sock" "$T/msgs" <<'PY' &
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        data = s.recv(4096).decode(errors="replace").replace("\n", "|")
        out.write("%d %s\n" % (time.monotonic() * 1000, data))
PY
LISTENER=$!
for _ in $(seq 50); do [ -S "$T/notify.sock" ] && break; sleep 0.1; done

now_ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }
pings_between() { awk -v a="$1" -v b="$2" '$2 == "WATCHDOG=1" && $1 >= a && $1 < b' "$T/msgs" | wc -l; }

# $1 = case name, $2 = how WATCHDOG_PID is set ("self" or "parent")
run_case() {
    local name=$1 how=$2 t0 t1 t2 t3 n_run n_stop n_cont
    : >"$T/msgs"
    mkdir -p "$T/state-$name"
    local cmd="exec '$KIOSK' --windowed 640x360 --state '$T/state-$name' --content '$PWD/locales'"
    [ "$how" = parent ] && cmd="'$KIOSK' --windowed 640x360 --state '$T/state-$name' --content '$PWD/locales'; exit"
    WATCHDOG_USEC=400000 SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy NOTIFY_SOCKET="$T/notify.sock" \
        bash -c "export WATCHDOG_PID=\$\$; $cmd" >"$T/kiosk-$name.log" 2>&1 &
    local shell=$!
    KPID=$shell
    for _ in $(seq 100); do grep -q 'READY=1' "$T/msgs" && break; sleep 0.1; done
    [ "$how" = parent ] && KPID=$(pgrep -P "$shell" -x kiosk)
    if ! grep -q 'READY=1' "$T/msgs" || [ -z "$KPID" ]; then
        bad "watchdog_$name" "no READY=1 within 10 s: $(tail -n 3 "$T/kiosk-$name.log" | tr '\n' '|')"
        kill "$shell" 2>/dev/null
        KPID=
        return
    fi
    t0=$(now_ms); sleep 2; t1=$(now_ms)
    kill -STOP "$KPID"
    sleep 0.3 # a datagram already on its way
    t2=$(now_ms); sleep 1.5; t3=$(now_ms)
    kill -CONT "$KPID"
    sleep 1
    n_run=$(pings_between "$t0" "$t1")
    n_stop=$(pings_between "$t2" "$t3")
    n_cont=$(pings_between "$t3" "$(now_ms)")
    kill -TERM "$KPID"
    wait "$shell" 2>/dev/null
    KPID=
    sleep 0.2
    # The window is measured, not assumed: on a loaded machine `sleep 2` lasts longer.
    local every=$(((t1 - t0) / (n_run > 0 ? n_run : 1)))
    echo "$name: $n_run pings in $((t1 - t0)) ms running (one per $every ms; 200 expected), $n_stop while stopped, $n_cont in 1 s after SIGCONT"
    if [ "$n_run" -lt 3 ] || [ "$every" -lt 180 ] || [ "$every" -gt 400 ]; then
        bad "watchdog_$name" "$n_run WATCHDOG=1 in $((t1 - t0)) ms with WATCHDOG_USEC=400000, expected one per 200 ms"
    elif [ "$n_stop" -ne 0 ]; then
        bad "watchdog_$name" "$n_stop pings while the kiosk was stopped"
    elif [ "$n_cont" -lt 2 ]; then
        bad "watchdog_$name" "no pings after SIGCONT"
    elif ! grep -q 'STOPPING=1' "$T/msgs"; then
        bad "watchdog_$name" "no STOPPING=1 after SIGTERM"
    else
        ok "watchdog_$name"
    fi
}

run_case self self
run_case under_parent parent

# Meant for another process: no pings at all, but READY=1 still.
: >"$T/msgs"
WATCHDOG_USEC=400000 WATCHDOG_PID=1 SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy \
    NOTIFY_SOCKET="$T/notify.sock" "$KIOSK" --windowed 640x360 --state "$T/state-other" \
    --content "$PWD/locales" >"$T/kiosk-other.log" 2>&1 &
KPID=$!
for _ in $(seq 100); do grep -q 'READY=1' "$T/msgs" && break; sleep 0.1; done
sleep 1
kill -TERM "$KPID"; wait "$KPID" 2>/dev/null; KPID=
if ! grep -q 'READY=1' "$T/msgs"; then
    bad watchdog_other_pid "no READY=1"
elif grep -q 'WATCHDOG=1' "$T/msgs"; then
    bad watchdog_other_pid "pinged although WATCHDOG_PID is another process"
else
    ok watchdog_other_pid
fi
