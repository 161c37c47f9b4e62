#!/usr/bin/env python3
"""Text contrast and fit of headless element dumps (kiosk --dump-ui, NAME.json).

usage: contrast.py [--min RATIO] [--table] DUMP.json...
Every element with text (pictograms aside) must not be cut or ellipsised, and its text colour
on what is behind it must reach RATIO (WCAG 2 contrast ratio; 7 = AAA) when --min is given.
Prints PASS/FAIL per dump; --table prints every colour pair met and its ratio instead.
"""
import json
import sys


def luminance(hexcolor):
    c = [int(hexcolor[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def ratio(fg, bg):
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def main(argv):
    minimum, table, files = None, False, []
    i = 0
    while i < len(argv):
        if argv[i] == "--min":
            minimum = float(argv[i + 1])
            i += 2
            continue
        if argv[i] == "--table":
            table = True
        else:
            files.append(argv[i])
        i += 1
    pairs, fails = {}, 0
    for path in files:
        name = path.rsplit("/", 1)[-1].removesuffix(".json")
        bad = []
        for el in json.load(open(path, encoding="utf-8")):
            if not el.get("text") or el.get("role") == "pictogram" or "fg" not in el:
                continue
            r = ratio(el["fg"], el["bg"])
            pairs.setdefault((el["fg"], el["bg"]), (r, el.get("id")))
            if el.get("cut") or el.get("ellipsis"):
                bad.append(f"{el.get('id')} cut or ellipsised")
            if minimum and r < minimum:
                bad.append(f"{el.get('id')} {el['fg']} on {el['bg']} is {r:.1f}:1")
        if not table:
            if bad:
                fails += 1
                print(f"FAIL {name}: " + "; ".join(bad[:4]))
            else:
                print(f"PASS {name}")
    if table:
        for (fg, bg), (r, eid) in sorted(pairs.items(), key=lambda p: p[1][0]):
            print(f"{fg} on {bg}\t{r:5.1f}:1\t(e.g. {eid})")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
