#!/usr/bin/env bash
# The headless script reader against hostile lines, and SIGTERM during a --script run.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
run() { # $1 = script file; output in $T/out, status in rc
    "$B/kiosk" --headless --state "$T/state" --content locales --script "$1" >"$T/out" 2>&1
    rc=$?
}

# Coordinates near INT_MAX once overflowed in the swipe and touch arithmetic (UB): now a
# clear refusal naming the line (under make SANITIZE=1 test an overflow would abort).
for line in 'swipe -2000000000 10 2000000000 10 16' 'touch down 0 2147483647 10' \
    'tap-hold 5 5 -1' 'wait 2147483647'; do
    printf '%s\n' "$line" >"$T/bad.script"
    run "$T/bad.script"
    name=script_refuses_$(echo "$line" | cut -d' ' -f1-2 | tr ' -' '__')
    if [ $rc -ne 0 ] && grep -q 'bad.script:1: ' "$T/out"; then
        pass "$name"
    else
        fail "$name" "status $rc: $(tail -n1 "$T/out")"
    fi
done
printf 'swipe -1000000 10 1000000 10 16\ntouch down 0 1000000 -1000000\ntouch up 0 1000000 -1000000\n' >"$T/far.script"
run "$T/far.script"
[ $rc -eq 0 ] && pass script_far_coordinates_run || fail script_far_coordinates_run "status $rc: $(tail -n2 "$T/out")"

# A long run (an hour of virtual time in one-second steps) stops on SIGTERM within seconds.
for i in $(seq 1 3600); do echo "wait 1000"; done >"$T/long.script"
for i in 1 2 3 4 5 6 7 8; do cat "$T/long.script"; done >"$T/longer.script"
"$B/kiosk" --headless --state "$T/state" --content locales --script "$T/longer.script" >"$T/out" 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
stopped=0
for _ in $(seq 1 50); do
    kill -0 $pid 2>/dev/null || { stopped=1; break; }
    sleep 0.1
done
if [ $stopped -eq 1 ]; then
    wait $pid
    rc=$?
    if [ $rc -ne 0 ] && grep -q 'stopped by a signal' "$T/out"; then
        pass script_sigterm_stops
    else
        fail script_sigterm_stops "exit $rc without the log line (did it finish first?)"
    fi
else
    kill -KILL $pid
    fail script_sigterm_stops "still running 5 s after SIGTERM"
fi
