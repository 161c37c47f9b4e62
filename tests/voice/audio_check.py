#!/usr/bin/env python3
"""Checks what the headless kiosk said (--audio-out WAV) against the script's marks.

usage: audio_check.py OUT.wav MARKS.txt EXPECT.txt
MARKS.txt: the kiosk's "MARK name ms" lines. EXPECT.txt, one check a line:
  speech MARK MIN_S MAX_S [WITHIN_MS]
                            non-silent sound begins within WITHIN_MS (default 300) of MARK
                            and lasts (to the last sound before the next mark) between MIN_S
                            and MAX_S seconds
  silent MARK               nothing is heard from 20 ms after MARK to the next mark
Prints PASS/FAIL lines (name = check + mark) and "FIGURE tap_to_sound_ms MARK N".
"""
import array
import sys
import wave

WINDOW = 480  # 10 ms at 48 kHz
LOUD = 300    # |sample| above this is sound


def main():
    wav, marks_path, expect_path = sys.argv[1:4]
    w = wave.open(wav)
    rate = w.getframerate()
    pcm = array.array("h", w.readframes(w.getnframes()))
    loud = [max(map(abs, pcm[i:i + WINDOW]), default=0) > LOUD for i in range(0, len(pcm), WINDOW)]
    ms_per = WINDOW * 1000 / rate
    marks = {}
    order = []
    for line in open(marks_path, encoding="utf-8"):
        parts = line.split()
        if len(parts) == 3 and parts[0] == "MARK":
            marks[parts[1]] = int(parts[2])
            order.append(int(parts[2]))
    order.sort()
    total_ms = len(loud) * ms_per
    fails = 0

    def next_mark(t):
        later = [m for m in order if m > t]
        return later[0] if later else total_ms

    for line in open(expect_path, encoding="utf-8"):
        parts = line.split()
        if not parts:
            continue
        kind, mark = parts[0], parts[1]
        name = f"{kind}_{mark}"
        if mark not in marks:
            print(f"FAIL {name}: the script printed no mark {mark}")
            fails += 1
            continue
        t0 = marks[mark]
        t1 = next_mark(t0)
        frames = range(int(t0 / ms_per), min(int(t1 / ms_per), len(loud)))
        if kind == "silent":
            heard = [i for i in frames if i * ms_per >= t0 + 20 and loud[i]]
            if heard:
                print(f"FAIL {name}: sound at {heard[0] * ms_per:.0f} ms, after moving on at {t0} ms")
                fails += 1
            else:
                print(f"PASS {name}")
            continue
        lo, hi = float(parts[2]), float(parts[3])
        within = int(parts[4]) if len(parts) > 4 else 300
        heard = [i for i in frames if loud[i]]
        if not heard:
            print(f"FAIL {name}: silent from {t0} to {t1:.0f} ms")
            fails += 1
            continue
        first = heard[0] * ms_per - t0
        length = (heard[-1] - heard[0] + 1) * ms_per / 1000
        if within == 300:
            print(f"FIGURE tap_to_sound_ms {mark} {max(first, 0):.0f}")
        if first > within:
            print(f"FAIL {name}: first sound {first:.0f} ms after the mark (max {within})")
            fails += 1
        elif not lo <= length <= hi:
            print(f"FAIL {name}: {length:.1f} s of speech, expected {lo} to {hi} s")
            fails += 1
        else:
            print(f"PASS {name}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
